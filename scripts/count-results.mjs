// Sums test results from TRX files (dotnet test) and NUnit/JUnit XML files (Pester) given on the command line,
// prints a line per file and ends with the one line CI reads: "N passed, N failed".
// Node.js is on every machine that runs the suite, so this needs nothing else.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  const xml = readFileSync(file, 'utf8');
  let p = 0;
  let f = 0;
  const trx = xml.match(/<Counters\b[^>]*>/);
  if (trx) {
    const attr = (name) => Number((trx[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
    p = attr('passed');
    f = attr('failed') + attr('error') + attr('timeout') + attr('aborted');
  } else {
    const nunit = xml.match(/<test-results\b[^>]*>/);
    if (nunit) {
      const attr = (name) => Number((nunit[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
      f = attr('failures') + attr('errors');
      p = attr('total') - f - attr('not-run') - attr('inconclusive') - attr('ignored') - attr('skipped') - attr('invalid');
    } else {
      const junit = xml.match(/<testsuites\b[^>]*>/);
      if (!junit) {
        console.error(`${file}: no test counters found`);
        process.exitCode = 1;
        continue;
      }
      const attr = (name) => Number((junit[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
      f = attr('failures') + attr('errors');
      p = attr('tests') - f - attr('skipped') - attr('disabled');
    }
  }
  console.log(`${file}: ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}
console.log(`${passed} passed, ${failed} failed`);
