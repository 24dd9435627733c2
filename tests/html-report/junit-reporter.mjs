// JUnit XML for node's test runner with the counters on <testsuites> (tests, failures, skipped), which is where
// scripts/count-results.mjs reads them; node's built-in junit reporter leaves them out.
const escape = (text) => String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

export default async function* junit(source) {
  const cases = [];
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.details?.type !== 'suite') {
      const error = event.data.details?.error;
      cases.push({
        name: event.data.name,
        file: event.data.file ?? '',
        skipped: Boolean(event.data.skip || event.data.todo),
        failure: event.type === 'test:fail' ? (error?.cause?.message ?? error?.message ?? 'failed') : null,
        seconds: (event.data.details?.duration_ms ?? 0) / 1000,
      });
    }
  }
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped).length;
  yield '<?xml version="1.0" encoding="utf-8"?>\n';
  yield `<testsuites name="node" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n`;
  yield `  <testsuite name="node" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n`;
  for (const c of cases) {
    const open = `    <testcase classname="${escape(c.file)}" name="${escape(c.name)}" time="${c.seconds.toFixed(3)}"`;
    if (c.failure) yield `${open}><failure message="${escape(c.failure)}"/></testcase>\n`;
    else if (c.skipped) yield `${open}><skipped/></testcase>\n`;
    else yield `${open}/>\n`;
  }
  yield '  </testsuite>\n</testsuites>\n';
}
