// Files made in the browser from what the API returned.

/** RFC 4180 cell; a cell that would start a formula is neutralised (as the CLI's CSV report does). */
export function csvCell(value) {
  let text = value === undefined || value === null ? '' : String(value);
  if (text.length > 0 && '=+-@\t\r'.includes(text[0])) text = `'${text}`;
  return /[,"\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const utc = (iso) => (iso ? new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z') : '');

const source = (s) => (s?.product ? `${s.product}${s.updateRollup ? ` UR${s.updateRollup}` : ''}` : '');

const readable = { NotReady: 'Not ready', Unknown: 'Unknown', ReadyWithConditions: 'Ready with conditions', Ready: 'Ready' };

/** One row per finding, in the columns of `vmmassess assess --format csv`. */
export function findingsCsv(result) {
  const columns = ['snapshotId', 'tenantId', 'environmentId', 'collectedAt', 'assessedAt', 'rulePackVersion', 'source', 'target', 'readiness',
    'ruleId', 'title', 'category', 'severity', 'status', 'message', 'evidence', 'remediation', 'references'];
  const head = [result.snapshotId, result.tenantId, result.environmentId, utc(result.collectedAt), utc(result.assessedAt), result.rulePackVersion,
    source(result.source), result.targetVersion ?? '', readable[result.readiness] ?? result.readiness];
  const rows = result.findings.map((f) => [...head, f.ruleId, f.title, f.category, f.severity, f.status, f.message,
    (f.evidence ?? []).map((e) => `${e.object} ${e.property}=${e.actual ?? ''} (expected ${e.expected ?? ''})`).join('; '),
    f.remediation, (f.references ?? []).map((r) => r.url).join(' ')]);
  return [columns, ...rows].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
