import { h } from './dom.js';

export const readinessValues = ['NotReady', 'Unknown', 'ReadyWithConditions', 'Ready'];
export const readinessLabels = { NotReady: 'Not ready', Unknown: 'Unknown', ReadyWithConditions: 'Ready with conditions', Ready: 'Ready' };
export const severityOrder = ['Blocker', 'Warning', 'Action', 'Info'];
export const severityLabels = { Blocker: 'Blockers', Warning: 'Warnings', Action: 'Actions', Info: 'Information' };
export const statusLabels = { Fail: 'Fail', Unknown: 'Unknown (data missing)', Pass: 'Pass', NotApplicable: 'Not applicable' };

/** The readiness as words and a colour; the words carry the meaning, the colour only repeats it. */
export function readinessBadge(readiness) {
  return h('span', { class: ['badge', `readiness-${readiness}`] }, readinessLabels[readiness] ?? readiness);
}

export function statusBadge(status) {
  return h('span', { class: ['badge', `status-${status}`] }, statusLabels[status] ?? status);
}

const numberFormat = new Intl.NumberFormat();
export const number = (value) => numberFormat.format(value ?? 0);

export const percent = (share) => `${Math.round((share ?? 0) * 100)}%`;

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return h('time', { datetime: date.toISOString() }, dateTimeFormat.format(date));
}

/** The snapshot's age as the API computed it, with the API's stale flag spelled out. */
export function age(days, stale) {
  const text = days === undefined || days === null ? '—' : `${days.toFixed(1)} days`;
  return stale ? h('span', { class: 'stale' }, text, ' ', h('strong', {}, '(stale: collect again)')) : text;
}

export const targetLabel = (target) => (target ? `VMM ${target}` : '—');

export function sourceLabel(source) {
  if (!source?.product) return 'unknown version';
  return `VMM ${source.product}${source.updateRollup ? ` UR${source.updateRollup}` : ''}`;
}

export const route = {
  portfolio: (filter = {}) => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString();
    return `#/${query ? `?${query}` : ''}`;
  },
  tenant: (tenantId) => `#/tenants/${encodeURIComponent(tenantId)}`,
  environment: (tenantId, environmentId) => `#/tenants/${encodeURIComponent(tenantId)}/environments/${encodeURIComponent(environmentId)}`,
  assessment: (tenantId, environmentId, snapshotId) =>
    `#/tenants/${encodeURIComponent(tenantId)}/environments/${encodeURIComponent(environmentId)}/assessments/${encodeURIComponent(snapshotId)}`,
  rules: () => '#/rules',
  rule: (ruleId) => `#/rules/${encodeURIComponent(ruleId)}`,
};
