// Rules: the catalog, and one rule with the environments it fails in (GET /api/readiness?ruleId=, paged).
import { ruleCatalog, ApiError } from '../api.js';
import { h, table, fill } from '../dom.js';
import { route, targetLabel } from '../format.js';
import { environmentList } from './environment-list.js';
import { breadcrumb } from './tenant.js';

export async function rulesView(main, signal) {
  const catalog = await ruleCatalog(signal);
  fill(main, 
    h('h1', {}, 'Rules'),
    h('p', {}, `Rule pack ${catalog.rulePackVersion}: ${catalog.rules.length} rules. Choose a rule to see the environments it fails in.`),
    table({ caption: 'Rules of the rule pack', captionHidden: true, columns: ['Rule', 'Title', 'Category', 'Severity', 'Targets'], rowTestid: 'catalog-row',
      rows: catalog.rules.map((r) => [h('a', { href: route.rule(r.id) }, r.id), r.title, r.category, r.severity, r.targets.map(targetLabel).join(', ')]) }));
}

export async function ruleView(main, ruleId, query, signal) {
  const catalog = await ruleCatalog(signal);
  const rule = catalog.rules.find((r) => r.id === ruleId);
  if (!rule) throw new ApiError(404, { detail: `The rule pack ${catalog.rulePackVersion} has no rule ${ruleId}.` });
  const list = environmentList({ filter: { ruleId }, signal, caption: `Environments failing ${ruleId}`, testid: 'failing-environments' });
  await list.load();
  fill(main, 
    breadcrumb([['Rules', route.rules()]], rule.id),
    h('h1', {}, `${rule.id} ${rule.title}`),
    h('dl', { class: 'summary' },
      h('dt', {}, 'Severity'), h('dd', {}, rule.severity),
      h('dt', {}, 'Category'), h('dd', {}, rule.category),
      h('dt', {}, 'Targets'), h('dd', {}, rule.targets.map(targetLabel).join(', '))),
    h('p', {}, rule.description),
    rule.remediation ? h('p', {}, h('strong', {}, 'Remediation: '), rule.remediation) : null,
    rule.references?.length ? h('div', { class: 'sources' }, h('strong', {}, 'Sources:'),
      h('ul', {}, rule.references.map((r) => h('li', {}, h('a', { href: r.url, rel: 'noreferrer', target: '_blank' }, r.title, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)')))))) : null,
    h('section', { 'aria-labelledby': 'failing-heading' },
      h('h2', { id: 'failing-heading' }, 'Environments where it fails'),
      h('p', {}, h('a', { href: route.portfolio({ ruleId }) }, 'Open in the portfolio with this filter (counts by tenant and target)')),
      list.element));
}
