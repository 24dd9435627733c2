// Tenant: its environments (GET /api/tenants/{t}/readiness) with readiness, coverage, target, collected when and age.
import { api } from '../api.js';
import { h, table, fill } from '../dom.js';
import { readinessValues, readinessLabels, number, route } from '../format.js';
import { environmentColumns, environmentRows } from './environment-list.js';

export async function tenantView(main, tenantId, signal) {
  const tenant = await api.tenant(tenantId, signal);
  const totals = tenant.totals;
  const camel = (r) => r[0].toLowerCase() + r.slice(1);
  const environments = [...tenant.environments].sort((a, b) => readinessValues.indexOf(a.readiness) - readinessValues.indexOf(b.readiness) || a.environmentId.localeCompare(b.environmentId));
  fill(main, 
    breadcrumb([['Portfolio', route.portfolio()]], `Tenant ${tenant.tenantId}`),
    h('h1', {}, `Tenant ${tenant.tenantId}`),
    h('section', { 'aria-labelledby': 'tenant-totals-heading' },
      h('h2', { id: 'tenant-totals-heading' }, 'Readiness'),
      h('ul', { class: 'totals' },
        h('li', { class: 'total total-all' }, h('span', { class: 'total-value', dataset: { testid: 'tenant-total-environments' } }, number(totals.environments)), h('span', { class: 'total-label' }, 'Environments')),
        readinessValues.map((r) => h('li', { class: ['total', `readiness-${r}`] },
          h('span', { class: 'total-value', dataset: { testid: `tenant-total-${r}` } }, number(totals[camel(r)])), h('span', { class: 'total-label' }, readinessLabels[r]))))),
    h('section', { 'aria-labelledby': 'tenant-environments-heading' },
      h('h2', { id: 'tenant-environments-heading' }, 'Environments'),
      environments.length === 0 ? h('p', {}, 'No environment of this tenant has been assessed yet.')
        : table({ caption: `Environments of ${tenant.tenantId}, least ready first`, captionHidden: true, columns: environmentColumns(false), rows: environmentRows(environments, { withTenant: false }), rowTestid: 'environment-row', numeric: [4] })),
  );
}

/** Where the reader is: links to the levels above, then the current page (aria-current). */
export function breadcrumb(links, currentLabel) {
  return h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    h('ol', {}, links.map(([label, href]) => h('li', {}, h('a', { href }, label))), h('li', {}, h('span', { 'aria-current': 'page' }, currentLabel))));
}
