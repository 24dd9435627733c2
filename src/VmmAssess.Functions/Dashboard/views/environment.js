// Environment: one assessment (the latest, or one from the history) in full: readiness, upgrade path, findings by
// severity with evidence, remediation and sources, the checklist, the history; changes since the previous assessment
// and waivers when the API returns them. Downloads are built here from the assessment the API returned (the API has
// no report endpoint): the findings as CSV in the CLI's columns, and the assessment as JSON.
import { api } from '../api.js';
import { h, table, fill } from '../dom.js';
import {
  readinessBadge, statusBadge, percent, targetLabel, sourceLabel, dateTime, age, route, number, severityOrder, severityLabels,
} from '../format.js';
import { breadcrumb } from './tenant.js';
import { findingsCsv, download } from '../downloads.js';

export const historyPageSize = 20;

export async function environmentView(main, tenantId, environmentId, snapshotId, signal) {
  const historyTask = api.history(tenantId, environmentId, historyPageSize, null, signal);
  const latest = snapshotId ? null : await api.environment(tenantId, environmentId, signal);
  const [assessment, history] = await Promise.all([api.assessment(tenantId, snapshotId ?? latest.snapshotId, signal), historyTask]);
  const result = assessment.result;
  const title = `Environment ${environmentId}`;
  const isLatest = !snapshotId || history.items[0]?.snapshotId === snapshotId;

  fill(main, 
    breadcrumb([['Portfolio', route.portfolio()], [`Tenant ${tenantId}`, route.tenant(tenantId)]], title),
    h('h1', {}, title),
    isLatest ? null : h('p', { class: 'notice' }, 'You are looking at an earlier assessment. ', h('a', { href: route.environment(tenantId, environmentId) }, 'See the latest')),
    result ? summary(assessment, result) : h('p', { role: 'alert' }, `This assessment is ${assessment.status}: it has no result.`),
    result ? downloads(assessment, result) : null,
    changes(assessment.changes ?? result?.changes),
    result ? upgradePath(result) : null,
    result ? findings(result) : null,
    result ? checklist(result) : null,
    result?.collectionErrors?.length ? collectionErrors(result.collectionErrors) : null,
    historySection(tenantId, environmentId, history, assessment.snapshotId),
  );
}

function summary(assessment, result) {
  const counts = result.counts;
  const item = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  return h('section', { 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading' }, 'Summary'),
    h('dl', { class: 'summary' },
      item('Readiness', h('span', { dataset: { testid: 'environment-readiness' } }, readinessBadge(result.readiness))),
      item('Upgrade', `${sourceLabel(result.source)} to ${targetLabel(result.targetVersion)}`),
      item('Failing rules', `${number(counts.blockers)} blockers, ${number(counts.warnings)} warnings, ${number(counts.actions)} actions; ${number(counts.unknown)} could not be checked`),
      item('Coverage', percent(result.coverage), result.coverageBasis ? h('span', { class: 'hint' }, ` (${result.coverageBasis})`) : null),
      item('Collected', dateTime(assessment.collectedAt), ' · ', age(assessment.snapshotAgeDays, assessment.snapshotStale)),
      item('Assessed', dateTime(assessment.assessedAt), ` with rule pack ${result.rulePackVersion}`),
      item('Snapshot', h('code', {}, assessment.snapshotId))));
}

function downloads(assessment, result) {
  const base = `vmmassess-${result.tenantId}-${result.environmentId}-${assessment.snapshotId.slice(0, 8)}`;
  const csv = h('button', { type: 'button', class: 'secondary' }, 'Download findings (CSV)');
  csv.addEventListener('click', () => download(`${base}.csv`, 'text/csv;charset=utf-8', findingsCsv(result)));
  const json = h('button', { type: 'button', class: 'secondary' }, 'Download assessment (JSON)');
  json.addEventListener('click', () => download(`${base}.json`, 'application/json', `${JSON.stringify(assessment, null, 2)}\n`));
  const print = h('button', { type: 'button', class: 'secondary' }, 'Print or save as PDF');
  print.addEventListener('click', () => window.print());
  return h('section', { class: 'downloads no-print', 'aria-labelledby': 'downloads-heading' },
    h('h2', { id: 'downloads-heading' }, 'Reports'),
    h('div', { class: 'actions' }, csv, json, print),
    h('p', { class: 'hint' }, 'The CSV has the columns of the CLI\'s CSV report (one row per rule). For the full HTML report of a snapshot, run vmmassess assess --format html on the collected snapshot.'));
}

/** Changes since the previous assessment, in whatever shape the API gives them (a list, or lists by kind). */
function changes(value) {
  if (value === undefined || value === null) return null;
  const describe = (entry) => {
    if (typeof entry !== 'object' || entry === null) return String(entry);
    const name = [entry.ruleId, entry.title].filter(Boolean).join(' ');
    const from = entry.from ?? entry.previousStatus ?? entry.previous;
    const to = entry.to ?? entry.status ?? entry.current;
    const rest = Object.entries(entry).filter(([k, v]) => !['ruleId', 'title', 'from', 'to', 'previousStatus', 'status', 'previous', 'current'].includes(k) && v !== null && typeof v !== 'object');
    return [name || null, from !== undefined || to !== undefined ? `: ${typeof from === 'object' ? JSON.stringify(from) : from ?? '—'} → ${typeof to === 'object' ? JSON.stringify(to) : to ?? '—'}` : null,
      rest.length ? ` (${rest.map(([k, v]) => `${k}: ${v}`).join(', ')})` : null].filter(Boolean).join('');
  };
  let body;
  if (Array.isArray(value)) {
    body = value.length ? h('ul', {}, value.map((c) => h('li', {}, describe(c)))) : h('p', {}, 'Nothing changed since the previous assessment.');
  } else if (typeof value === 'object') {
    const parts = Object.entries(value);
    body = h('dl', { class: 'changes' }, parts.flatMap(([kind, entries]) => [h('dt', {}, kind),
      h('dd', {}, Array.isArray(entries) ? (entries.length ? h('ul', {}, entries.map((c) => h('li', {}, describe(c)))) : 'none') : describe(entries))]));
  } else {
    body = h('p', {}, String(value));
  }
  return h('section', { 'aria-labelledby': 'changes-heading', dataset: { testid: 'changes' } }, h('h2', { id: 'changes-heading' }, 'Changes since the previous assessment'), body);
}

function upgradePath(result) {
  const plan = result.upgradePlan;
  const hops = plan?.hops ?? [];
  return h('section', { 'aria-labelledby': 'path-heading' },
    h('h2', { id: 'path-heading' }, 'Upgrade path'),
    h('p', { dataset: { testid: 'upgrade-path' } }, plan?.summary || result.upgradePath?.summary || 'No upgrade path could be worked out.'),
    hops.length ? h('ol', { class: 'hops' }, hops.map((hop) => h('li', {},
      h('h3', {}, `Hop ${hop.number}: ${hop.title || `${hop.from} to ${hop.to}`}`),
      hop.step ? h('p', {}, hop.step) : null,
      hop.minSourceUpdateRollup ? h('p', {}, `Needs update rollup ${hop.minSourceUpdateRollup} or later on the source first.`) : null,
      hop.prerequisites?.length ? h('ul', {}, hop.prerequisites.map((p) => h('li', {}, statusBadge(p.status), ' ', h('a', { href: route.rule(p.ruleId) }, p.ruleId), ` ${p.title}: ${p.message}`))) : null,
      hop.updateRollupAfter ? h('p', {}, `Then apply update rollup ${hop.updateRollupAfter}${hop.updateRollupReason ? `: ${hop.updateRollupReason}` : ''}.`) : null,
      hop.afterHop?.length ? h('details', {}, h('summary', {}, `After this hop (${hop.afterHop.length} steps)`), h('ul', {}, hop.afterHop.map((c) => h('li', {}, c.text)))) : null))) : null);
}

function findings(result) {
  const attention = result.findings.filter((f) => f.status === 'Fail' || f.status === 'Unknown');
  const rest = result.findings.filter((f) => f.status !== 'Fail' && f.status !== 'Unknown');
  const groups = severityOrder.map((s) => [s, attention.filter((f) => f.severity === s)]).filter(([, list]) => list.length);
  return h('section', { 'aria-labelledby': 'findings-heading', dataset: { testid: 'findings' } },
    h('h2', { id: 'findings-heading' }, 'Findings that need attention'),
    groups.length === 0 ? h('p', {}, 'No rule fails and every rule had the data it needed.') : null,
    groups.map(([severity, list]) => h('section', { class: 'severity-group', 'aria-labelledby': `severity-${severity}` },
      h('h3', { id: `severity-${severity}` }, `${severityLabels[severity]} (${list.length})`),
      list.map(finding))),
    rest.length ? h('details', { class: 'passed' },
      h('summary', {}, `${rest.filter((f) => f.status === 'Pass').length} rules passed, ${rest.filter((f) => f.status === 'NotApplicable').length} did not apply`),
      table({ caption: 'Rules that passed or did not apply', captionHidden: true, columns: ['Rule', 'Title', 'Status', 'Message'],
        rows: rest.map((f) => [h('a', { href: route.rule(f.ruleId) }, f.ruleId), f.title, statusBadge(f.status), f.message]) })) : null);
}

function finding(f) {
  return h('article', { class: ['finding', `severity-${f.severity}`], dataset: { testid: 'finding', ruleId: f.ruleId } },
    h('h4', {}, h('a', { href: route.rule(f.ruleId) }, f.ruleId), ` ${f.title} `, statusBadge(f.status)),
    h('p', {}, f.message),
    f.waiver ? waiver(f.waiver) : null,
    f.evidence?.length ? table({ caption: `Evidence for ${f.ruleId}`, captionHidden: true, columns: ['Object', 'Property', 'Actual', 'Expected'],
      rows: f.evidence.map((e) => [e.object, e.property, e.actual ?? '—', e.expected ?? '—']) }) : null,
    f.missingData?.length ? h('p', {}, h('strong', {}, 'Data missing: '), f.missingData.join(', ')) : null,
    f.howToCollect ? h('p', {}, h('strong', {}, 'How to collect it: '), f.howToCollect) : null,
    f.remediation ? h('p', {}, h('strong', {}, 'Remediation: '), f.remediation) : null,
    f.references?.length ? h('div', { class: 'sources' }, h('strong', {}, 'Sources:'),
      h('ul', {}, f.references.map((r) => h('li', {}, h('a', { href: r.url, rel: 'noreferrer', target: '_blank' }, r.title, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)')))))) : null);
}

function waiver(w) {
  const parts = typeof w === 'object' ? Object.entries(w).filter(([, v]) => v !== null && typeof v !== 'object') : [['waiver', w]];
  return h('p', { class: 'waiver', dataset: { testid: 'waiver' } }, h('strong', {}, 'Waived: '), parts.map(([k, v]) => `${k} ${v}`).join(' · '));
}

function checklist(result) {
  const phases = [['BeforeUpgrade', 'Before the upgrade'], ['AfterUpgrade', 'After the upgrade']];
  return h('section', { 'aria-labelledby': 'checklist-heading' },
    h('h2', { id: 'checklist-heading' }, 'Checklist'),
    phases.map(([phase, label]) => {
      const items = result.checklist.filter((c) => c.phase === phase);
      return items.length ? [h('h3', {}, label), h('ol', { class: 'checklist' }, items.map((c) => h('li', {}, c.text,
        c.references?.length ? [' (', c.references.map((r, i) => [i ? ', ' : '', h('a', { href: r.url, rel: 'noreferrer', target: '_blank' }, r.title, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'))]), ')'] : null)))] : null;
    }));
}

function collectionErrors(errors) {
  return h('section', { 'aria-labelledby': 'errors-heading' },
    h('h2', { id: 'errors-heading' }, 'What the collector could not read'),
    table({ caption: 'Collection errors', captionHidden: true, columns: ['Id', 'Source', 'Target', 'Message'],
      rows: errors.map((e) => [e.id ?? '', e.source ?? '', e.target ?? '', e.message ?? '']) }));
}

function historySection(tenantId, environmentId, history, shownSnapshotId) {
  return h('section', { 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading' }, 'History'),
    table({ caption: `The last ${history.items.length} assessments, newest first`, columns: ['Collected', 'Readiness', 'Target', 'Coverage', 'Blockers', 'Warnings', 'Rule pack', 'Assessment'],
      numeric: [4, 5], testid: 'history', rowTestid: 'history-row',
      rows: history.items.map((r) => [dateTime(r.collectedAt), readinessBadge(r.readiness), targetLabel(r.targetVersion), percent(r.coverage), number(r.counts.blockers), number(r.counts.warnings), r.rulePackVersion,
        r.snapshotId === shownSnapshotId ? h('span', { 'aria-current': 'page' }, 'shown above')
          : h('a', { href: route.assessment(tenantId, environmentId, r.snapshotId) }, h('span', { class: 'visually-hidden' }, `Assessment of ${new Date(r.collectedAt).toISOString()}: `), 'view')]) }),
    history.continuationToken ? h('p', { class: 'hint' }, 'Older assessments are kept; the API pages them (GET …/assessments with continuationToken).') : null);
}
