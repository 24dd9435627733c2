// Portfolio: the API's totals (every environment the caller may read), a filter (readiness, target, rule) passed to
// the API, one page of matching environments, and breakdowns by target, rule and tenant. The API has no aggregate
// for those, so they are counted from its pages (200 rows each, only the counters kept); above autoCountLimit
// environments the reader starts the count, so opening the dashboard never reads a 10,000-environment portfolio.
import { api, ruleCatalog, maxPageSize } from '../api.js';
import { h, table, fill } from '../dom.js';
import { readinessValues, readinessLabels, number, route, targetLabel } from '../format.js';
import { environmentList } from './environment-list.js';

export const autoCountLimit = 2000;

export async function portfolioView(main, query, signal) {
  const filter = {
    readiness: readinessValues.includes(query.get('readiness')) ? query.get('readiness') : '',
    targetVersion: query.get('targetVersion') ?? '',
    ruleId: query.get('ruleId') ?? '',
  };
  const filtered = Boolean(filter.readiness || filter.targetVersion || filter.ruleId);
  const list = environmentList({ filter, signal, caption: filtered ? 'Matching environments' : 'Environments' });
  const [catalog, firstPage] = await Promise.all([ruleCatalog(signal), list.load()]);
  const totals = firstPage.totals;

  const breakdowns = h('div', { class: 'breakdowns', dataset: { testid: 'breakdowns' } });
  const matching = h('span', { dataset: { testid: 'matching-environments' } });
  const summary = h('p', { class: 'filter-summary' }, filtered ? ['Environments matching the filter: ', matching, '.'] : ['All environments: ', matching, '.']);

  fill(main, 
    h('h1', {}, 'Portfolio'),
    totalsSection(totals, filter),
    filterForm(filter, catalog),
    summary,
    h('section', { 'aria-labelledby': 'breakdowns-heading' }, h('h2', { id: 'breakdowns-heading' }, filtered ? 'Breakdown of the matching environments' : 'Breakdown'), breakdowns),
    h('section', { 'aria-labelledby': 'environments-heading' }, h('h2', { id: 'environments-heading' }, filtered ? 'Matching environments' : 'Environments'), list.element),
  );

  // Readiness alone is answered by the totals; any other filter is known once counted.
  const knownCount = !filter.targetVersion && !filter.ruleId ? (filter.readiness ? totals[camel(filter.readiness)] : totals.environments) : null;
  matching.textContent = knownCount !== null ? number(knownCount) : 'not counted yet';
  if (knownCount !== null) list.setKnown(knownCount);

  const count = async (button) => {
    const progress = h('p', { role: 'status', class: 'progress' }, 'Counting…');
    breakdowns.replaceChildren(progress);
    const result = await countBreakdowns(filter, signal, (seen) => {
      progress.textContent = `Counting: ${number(seen)} environments read…`;
    });
    matching.textContent = number(result.environments);
    list.setKnown(result.environments);
    breakdowns.replaceChildren(...breakdownTables(result, catalog, filter));
    button?.focus?.();
  };

  if (totals.environments <= autoCountLimit) {
    await count();
  } else {
    const start = h('button', { type: 'button' }, `Count by target, rule and tenant (reads ${number(Math.ceil((knownCount ?? totals.environments) / maxPageSize))} pages)`);
    start.addEventListener('click', () => count().catch((error) => {
      if (!signal.aborted) breakdowns.replaceChildren(h('p', { role: 'alert' }, `The count stopped: ${error.message}`));
    }));
    breakdowns.replaceChildren(h('p', {}, `${number(totals.environments)} environments: the breakdown reads all of them, page by page.`), start);
  }
}

const camel = (readiness) => readiness[0].toLowerCase() + readiness.slice(1);

function totalsSection(totals, filter) {
  const card = (testid, label, value, href, current, kind) => h('li', { class: ['total', kind, current && 'current'] },
    h('a', { href, 'aria-current': current ? 'true' : undefined },
      h('span', { class: 'total-value', dataset: { testid } }, number(value)),
      h('span', { class: 'total-label' }, label)));
  return h('section', { 'aria-labelledby': 'totals-heading' },
    h('h2', { id: 'totals-heading' }, 'Readiness of all environments'),
    h('ul', { class: 'totals' },
      card('total-environments', 'Environments', totals.environments, route.portfolio({ targetVersion: filter.targetVersion, ruleId: filter.ruleId }), !filter.readiness, 'total-all'),
      readinessValues.map((r) => card(`total-${r}`, readinessLabels[r], totals[camel(r)], route.portfolio({ ...filter, readiness: r }), filter.readiness === r, `readiness-${r}`))));
}

function filterForm(filter, catalog) {
  const targets = [...new Set(catalog.rules.flatMap((r) => r.targets))].sort();
  const select = (id, label, name, options, value) => h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, name }, h('option', { value: '' }, 'Any'),
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  const form = h('form', { class: 'filters', 'aria-labelledby': 'filter-heading' },
    h('h2', { id: 'filter-heading' }, 'Filter environments'),
    h('div', { class: 'fields' },
      select('filter-readiness', 'Readiness', 'readiness', readinessValues.map((r) => [r, readinessLabels[r]]), filter.readiness),
      select('filter-target', 'Target version', 'targetVersion', targets.map((t) => [t, targetLabel(t)]), filter.targetVersion),
      select('filter-rule', 'Failing rule', 'ruleId', catalog.rules.map((r) => [r.id, `${r.id} ${r.title}`]), filter.ruleId),
      h('div', { class: 'actions' },
        h('button', { type: 'submit' }, 'Apply filters'),
        h('a', { href: route.portfolio(), class: 'button secondary' }, 'Clear filters'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    window.location.hash = route.portfolio({ readiness: data.get('readiness'), targetVersion: data.get('targetVersion'), ruleId: data.get('ruleId') });
  });
  return form;
}

/** Reads every page matching the filter and keeps only counters: by target, by failing rule, by tenant and readiness. */
export async function countBreakdowns(filter, signal, progress) {
  const byTarget = new Map();
  const byRule = new Map();
  const byTenant = new Map();
  let environments = 0;
  let token = null;
  do {
    const page = await api.portfolio(filter, maxPageSize, token, signal);
    for (const e of page.items) {
      environments++;
      const target = byTarget.get(e.targetVersion) ?? blank();
      target[e.readiness]++;
      target.environments++;
      byTarget.set(e.targetVersion, target);
      for (const rule of e.failingRuleIds) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
      const tenant = byTenant.get(e.tenantId) ?? blank();
      tenant[e.readiness]++;
      tenant.environments++;
      byTenant.set(e.tenantId, tenant);
    }
    progress(environments);
    token = page.continuationToken;
  } while (token);
  return { environments, byTarget, byRule, byTenant };
}

const blank = () => ({ environments: 0, NotReady: 0, Unknown: 0, ReadyWithConditions: 0, Ready: 0 });

const readinessCells = (counts) => [number(counts.environments), ...readinessValues.map((r) => number(counts[r]))];

export const topRuleCount = 10;

function breakdownTables(result, catalog, filter) {
  const titles = new Map(catalog.rules.map((r) => [r.id, r]));
  const readinessColumns = ['Environments', ...readinessValues.map((r) => readinessLabels[r])];
  const numeric = [1, 2, 3, 4, 5];
  const targets = [...result.byTarget.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)));
  const rules = [...result.byRule.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, topRuleCount);
  const tenants = [...result.byTenant.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [
    h('section', { class: 'breakdown', 'aria-labelledby': 'by-target-heading' },
      h('h3', { id: 'by-target-heading' }, 'By target version'),
      table({ caption: 'Environments by target version and readiness', captionHidden: true, testid: 'by-target', rowTestid: 'target-row', columns: ['Target', ...readinessColumns], numeric,
        rows: targets.map(([target, counts]) => [h('a', { href: route.portfolio({ ...filter, targetVersion: target }) }, targetLabel(target)), ...readinessCells(counts)]) })),
    h('section', { class: 'breakdown', 'aria-labelledby': 'by-rule-heading' },
      h('h3', { id: 'by-rule-heading' }, 'Rules failing in the most environments'),
      rules.length === 0 ? h('p', {}, 'No rule fails in these environments.')
        : table({ caption: `The ${rules.length} rules failing in the most environments`, captionHidden: true, testid: 'top-rules', rowTestid: 'rule-row', columns: ['Rule', 'Title', 'Severity', 'Environments'], numeric: [3],
          rows: rules.map(([id, n]) => [h('a', { href: route.rule(id) }, id), titles.get(id)?.title ?? '', titles.get(id)?.severity ?? '', number(n)]) })),
    h('section', { class: 'breakdown wide', 'aria-labelledby': 'by-tenant-heading' },
      h('h3', { id: 'by-tenant-heading' }, 'Tenants'),
      table({ caption: 'Tenants with their environments by readiness', captionHidden: true, testid: 'tenants', rowTestid: 'tenant-row', columns: ['Tenant', ...readinessColumns], numeric,
        rows: tenants.map(([tenant, counts]) => [h('a', { href: route.tenant(tenant) }, tenant), ...readinessCells(counts)]) })),
  ];
}
