// Environment: one assessment (the latest, or one from the history) in full: readiness, upgrade path, findings by
// severity with evidence, remediation and sources, the checklist, the history; changes since the previous assessment
// and waivers when the API returns them. Downloads are built here from the assessment the API returned (the API has
// no report endpoint): the findings as CSV in the CLI's columns, and the assessment as JSON.
import { api } from '../api.js';
import { h, table, fill } from '../dom.js';
import {
  readinessBadge, statusBadge, percent, targetLabel, sourceLabel, dateTime, age, route, number, severityOrder, severityLabels, statusLabels,
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
    changes(assessment.changes, tenantId, environmentId),
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
      counts.waived ? item('Waived', h('span', { dataset: { testid: 'waived-counts' } }, waivedCounts(counts.waived, counts.waivedBlockers ?? 0))) : null,
      item('Coverage', percent(result.coverage), result.coverageBasis ? h('span', { class: 'hint' }, ` (${result.coverageBasis})`) : null),
      item('Collected', dateTime(assessment.collectedAt), ' · ', age(assessment.snapshotAgeDays, assessment.snapshotStale)),
      item('Assessed', dateTime(assessment.assessedAt), ` with rule pack ${result.rulePackVersion}`),
      item('Snapshot', h('code', {}, assessment.snapshotId))));
}

/** Waived findings still fail; they are counted apart so a waived blocker is never invisible. */
function waivedCounts(waived, blockers) {
  const blockerText = blockers === 1 ? '1 of them a blocker' : `${number(blockers)} of them blockers`;
  return `${number(waived)} failing ${waived === 1 ? 'rule' : 'rules'} waived, ${blockerText}: accepted ${waived === 1 ? 'risk' : 'risks'}, not counted in the readiness`;
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

/** Objects named by a change, at most <max> of them, then how many more. */
function objectList(names, max = 10) {
  if (!names?.length) return null;
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} (and ${number(names.length - max)} more)`;
}

/** What changed since the environment's previous assessment (the API's `changes`): readiness before and after, the
 * counts, and each finding that is new, resolved or changed, with the objects added and removed. */
function changes(delta, tenantId, environmentId) {
  if (!delta) return null;
  const section = (...body) => h('section', { 'aria-labelledby': 'changes-heading', dataset: { testid: 'changes' } },
    h('h2', { id: 'changes-heading' }, 'Changes since the previous assessment'), ...body);
  if (!delta.snapshotBefore) return section(h('p', {}, 'This is the environment\'s first assessment: there is nothing to compare it with.'));
  const item = (term, ...value) => [h('dt', {}, term), h('dd', {}, ...value)];
  const counts = delta.summary ?? {};
  const moved = (delta.changes ?? []).filter((c) => c.change !== 'Unchanged');
  const status = (value) => (value ? statusLabels[value] ?? value : 'no finding');
  return section(
    h('dl', { class: 'summary' },
      item('Readiness', delta.readinessBefore ? readinessBadge(delta.readinessBefore) : '—', ' → ', readinessBadge(delta.readinessAfter)),
      item('Compared with', h('a', { href: route.assessment(tenantId, environmentId, delta.snapshotBefore) }, 'the assessment collected ', dateTime(delta.collectedAtBefore))),
      item('Rule pack', delta.rulePackChanged
        ? `${delta.rulePackBefore ?? '—'} → ${delta.rulePackAfter}: a finding of a rule added since is marked, not blamed on the customer`
        : delta.rulePackAfter ?? '—'),
      item('Findings', h('span', { dataset: { testid: 'changes-summary' } },
        `${number(counts.new)} new, ${number(counts.resolved)} resolved, ${number(counts.changed)} changed, ${number(counts.unchanged)} unchanged`))),
    moved.length
      ? table({
        caption: 'Findings that changed', columns: ['Rule', 'Change', 'Status before → now', 'Objects'], rowTestid: 'change-row',
        rows: moved.map((c) => [
          [h('a', { href: route.rule(c.ruleId) }, c.ruleId), c.title ? ` ${c.title}` : null],
          [c.change, c.ruleAdded ? ' (rule added to the pack)' : null, c.note ? h('span', { class: 'hint' }, ` ${c.note}`) : null],
          `${status(c.statusBefore)} → ${status(c.statusAfter)}`,
          [['added', c.objectsAdded], ['removed', c.objectsRemoved], ['changed', c.objectsChanged]]
            .filter(([, names]) => names?.length).map(([kind, names]) => `${kind}: ${objectList(names)}`).join('; ') || '—',
        ]),
      })
      : h('p', {}, 'No finding changed.'));
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

/** An accepted risk: the finding still fails but does not count toward readiness until the waiver expires. */
function waiver(w) {
  return h('p', { class: 'waiver', dataset: { testid: 'waiver' } },
    h('strong', {}, 'Waived'), ' until ', dateTime(w.expiresAt), w.reason ? `: ${w.reason}` : '', w.id ? ` (waiver ${w.id})` : '');
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
