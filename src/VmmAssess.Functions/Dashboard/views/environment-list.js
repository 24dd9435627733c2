// One page of GET /api/readiness at a time, moved with the API's continuation tokens (never the whole portfolio).
import { api } from '../api.js';
import { h, table } from '../dom.js';
import { readinessBadge, percent, targetLabel, dateTime, age, route, number } from '../format.js';

export const listPageSize = 50;

export function environmentRows(items, { withTenant = true } = {}) {
  return items.map((e) => [
    ...(withTenant ? [h('a', { href: route.tenant(e.tenantId) }, e.tenantId)] : []),
    h('a', { href: route.environment(e.tenantId, e.environmentId) }, e.environmentId),
    readinessBadge(e.readiness),
    targetLabel(e.targetVersion),
    percent(e.coverage),
    number(e.failingRuleIds.length),
    dateTime(e.collectedAt),
    age(e.snapshotAgeDays, e.snapshotStale),
  ]);
}

export const environmentColumns = (withTenant = true) =>
  [...(withTenant ? ['Tenant'] : []), 'Environment', 'Readiness', 'Target', 'Coverage', 'Failing rules', 'Collected', 'Age'];

/**
 * A paged list of the environments matching <filter>. setKnown(n) gives the number of matching environments when the
 * caller knows it (the API's page does not carry it), shown as "of N".
 */
export function environmentList({ filter, signal, caption, testid = 'environment-list' }) {
  const tokens = [null];
  let index = 0;
  const status = h('p', { class: 'list-status', role: 'status', dataset: { testid: `${testid}-status` } });
  const body = h('div', {});
  const previous = h('button', { type: 'button', class: 'secondary' }, 'Previous page');
  const next = h('button', { type: 'button', class: 'secondary' }, 'Next page');
  const pager = h('nav', { class: 'pager', 'aria-label': `${caption}: pages` }, previous, next);
  const root = h('section', { dataset: { testid } }, status, body, pager);
  let known = null;
  let shown = 0;

  const describe = () => {
    if (shown === 0) {
      status.textContent = 'No environment matches.';
      return;
    }
    const first = index * listPageSize + 1;
    status.textContent = `Showing ${number(first)}–${number(first + shown - 1)}${known !== null ? ` of ${number(known)}` : ''} environments.`;
  };

  async function load(at) {
    const page = await api.portfolio(filter, listPageSize, tokens[at], signal);
    index = at;
    tokens[at + 1] = page.continuationToken ?? undefined;
    shown = page.items.length;
    body.replaceChildren(shown
      ? table({ caption, captionHidden: true, columns: environmentColumns(), rows: environmentRows(page.items), rowTestid: 'environment-row', numeric: [5], rowHeader: 1 })
      : h('p', {}, 'No environment matches these filters.'));
    previous.disabled = at === 0;
    next.disabled = !page.continuationToken;
    pager.hidden = at === 0 && !page.continuationToken;
    describe();
    return page;
  }

  previous.addEventListener('click', () => load(index - 1).then(() => previous.disabled || previous.focus()));
  next.addEventListener('click', () => load(index + 1).then(() => (next.disabled ? previous.focus() : next.focus())));

  return {
    element: root,
    load: () => load(0),
    setKnown(count) {
      known = count;
      describe();
    },
  };
}
