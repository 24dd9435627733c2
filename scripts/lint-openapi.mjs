// Lints docs/openapi.json with two independent linters and writes one JUnit testcase per linter:
//   node scripts/lint-openapi.mjs <result.xml>
// - spectral lint, ruleset .spectral.yaml (extends spectral:oas);
// - redocly lint, config redocly.yaml (extends recommended).
// A linter's testcase fails when it reports any error or warning, or cannot run; its readable output is then printed
// and kept in the failure. Both run offline from node_modules (npm ci): no remote rulesets, Redocly's telemetry and
// update check off. Exit status 1 when either fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultPath = process.argv[2];
if (!resultPath) {
  console.error('usage: node scripts/lint-openapi.mjs <result.xml>');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const document = 'docs/openapi.json';
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args) => spawnSync(command, args, { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const outputOf = (result) => [result.error?.message, result.stdout, result.stderr].filter(Boolean).join('\n').trim();

function spectral() {
  const scratch = mkdtempSync(join(tmpdir(), 'spectral-'));
  try {
    const report = join(scratch, 'report.json');
    const result = run(bin('spectral'), ['lint', document, '--ruleset', '.spectral.yaml', '--format', 'json', '--output', report, '--fail-severity', 'warn']);
    let findings;
    try {
      findings = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      return { errors: 1, warnings: 0, output: `spectral did not write a report (exit ${result.status}):\n${outputOf(result)}` };
    }
    // Spectral severities: 0 error, 1 warning, 2 information, 3 hint.
    const errors = findings.filter((f) => f.severity === 0).length;
    const warnings = findings.filter((f) => f.severity === 1).length;
    const readable = errors + warnings > 0 ? outputOf(run(bin('spectral'), ['lint', document, '--ruleset', '.spectral.yaml'])) : '';
    return { errors, warnings, output: readable };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function redocly() {
  const result = run(bin('redocly'), ['lint', document, '--config', 'redocly.yaml', '--format', 'json']);
  let totals;
  try {
    totals = JSON.parse(result.stdout).totals;
  } catch {
    return { errors: 1, warnings: 0, output: `redocly did not print a JSON report (exit ${result.status}):\n${outputOf(result)}` };
  }
  const readable = totals.errors + totals.warnings > 0 ? outputOf(run(bin('redocly'), ['lint', document, '--config', 'redocly.yaml', '--format', 'stylish'])) : '';
  return { errors: totals.errors, warnings: totals.warnings, output: readable };
}

const xml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
  // XML 1.0 cannot carry most control characters (terminal colour codes, for one).
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

const cases = [
  { name: `spectral lint (spectral:oas) ${document}`, ...spectral() },
  { name: `redocly lint (recommended) ${document}`, ...redocly() },
];
let failures = 0;
const testcases = cases.map((c) => {
  const failed = c.errors + c.warnings > 0;
  console.log(`${c.name}: ${c.errors} error(s), ${c.warnings} warning(s)`);
  if (!failed) return `    <testcase classname="openapi-lint" name="${xml(c.name)}"/>`;
  failures++;
  console.log(c.output);
  const message = `${c.errors} error(s), ${c.warnings} warning(s)`;
  return `    <testcase classname="openapi-lint" name="${xml(c.name)}">\n      <failure message="${message}">${xml(c.output)}</failure>\n    </testcase>`;
});
writeFileSync(resultPath, [
  '<?xml version="1.0" encoding="UTF-8"?>',
  `<testsuites name="openapi-lint" tests="${cases.length}" failures="${failures}" errors="0">`,
  `  <testsuite name="openapi-lint" tests="${cases.length}" failures="${failures}" errors="0">`,
  ...testcases,
  '  </testsuite>',
  '</testsuites>',
  '',
].join('\n'));
process.exitCode = failures > 0 ? 1 : 0;
