// The HTML report as a customer opens it: rendered in headless Chromium (the @sparticuz/chromium build, which runs
// offline), checked for horizontal overflow at 1280 px and at A4 print width, console errors and axe-core violations of
// any impact, then printed to PDF with the browser's print-to-PDF, whose text must carry the readiness and every failing
// rule id. Run by scripts/test.sh: node --test tests/html-report/
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

// pdf.js 6 expects Node.js 22; the one thing it uses that Node.js 20 (this machine's) lacks:
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new this((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const samples = path.join(root, 'samples', 'snapshots');
const work = mkdtempSync(path.join(tmpdir(), 'vmmassess-html-'));

// A4 is 210 mm wide; the report's @page margins are 12 mm each side: 186 mm of content, 703 CSS px at 96 px per inch.
const a4ContentWidth = Math.floor(((210 - 2 * 12) / 25.4) * 96);

/** Runs the CLI as a user would; VMMASSESS names another build of it (e.g. the published single file). */
let cli;
function vmmassess(...args) {
  if (!cli) {
    if (process.env.VMMASSESS) {
      cli = [process.env.VMMASSESS];
    } else {
      // Built once, then run directly: `dotnet run` would check the build on every call.
      execFileSync('dotnet', ['build', path.join(root, 'src', 'VmmAssess.Cli'), '--nologo', '-v', 'q'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
      cli = ['dotnet', path.join(root, 'src', 'VmmAssess.Cli', 'bin', 'Debug', 'net10.0', 'vmmassess.dll')];
    }
  }
  const [command, ...prefix] = cli;
  return execFileSync(command, [...prefix, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The contoso sample with 120 more unsupported hosts, one with a 120-character name: long tables, unbreakable words. */
function largeEstate() {
  const snapshot = JSON.parse(readFileSync(path.join(samples, 'contoso-2012r2-to-2016.json'), 'utf8'));
  const template = snapshot.hosts.find((h) => h.os?.build === '6.2.9200');
  for (let i = 1; i <= 120; i++) {
    snapshot.hosts.push({ ...structuredClone(template), name: i === 1 ? `OLD-HV-${'x'.repeat(110)}.contoso.com` : `OLD-HV${String(i).padStart(3, '0')}.contoso.com` });
  }
  const file = path.join(work, 'large.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

const later = [
  path.join(root, 'samples', 'history', 'contoso-2012r2-to-2016-2026-11-26.json'),
  '--baseline', path.join(samples, 'contoso-2012r2-to-2016.json'),
  '--waivers', path.join(root, 'samples', 'waivers.json'), '--as-of', '2027-01-15',
];

// A 1x1 PNG: the logo is embedded, never fetched.
const logo = path.join(work, 'logo.png');
writeFileSync(logo, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));

const reports = [
  {
    name: 'single environment with cover options',
    args: [path.join(samples, 'contoso-2012r2-to-2016.json'), '--customer-name', 'Contoso Ltd', '--prepared-by', 'Northwind MSP', '--logo', logo],
    json: [path.join(samples, 'contoso-2012r2-to-2016.json')],
  },
  { name: 'portfolio of the samples', args: [samples], json: [samples] },
  { name: 'large estate with every affected object', args: [largeEstate(), '--full-evidence'], json: [path.join(work, 'large.json'), '--full-evidence'] },
  {
    // Accepted risks and the changes since the earlier collection: waived findings carry their reason and expiry.
    name: 'later collection with waivers and a baseline',
    args: later,
    json: later,
  },
];

let browser;
let page;
let errors = [];
before(async () => {
  for (const [index, report] of reports.entries()) {
    report.file = path.join(work, `report-${index}.html`);
    vmmassess('assess', ...report.args, '--format', 'html', '--output', report.file);
    const result = JSON.parse(vmmassess('assess', ...report.json, '--format', 'json'));
    report.results = result.assessments ?? [result];
  }
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  // One page for every check: this Chromium runs as a single process, and closing a page can end it.
  page = await (await browser.newContext()).newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
});

after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function open(report, { width, media = 'screen' }) {
  errors = [];
  await page.setViewportSize({ width, height: 900 });
  await page.emulateMedia({ media });
  await page.goto(pathToFileURL(report.file).href, { waitUntil: 'load' });
  return { page, errors };
}

const overflow = (page) => page.evaluate(() => ({
  scrollWidth: document.documentElement.scrollWidth,
  clientWidth: document.documentElement.clientWidth,
  widest: [...document.querySelectorAll('table')].map((t) => t.scrollWidth - t.parentElement.clientWidth).reduce((a, b) => Math.max(a, b), 0),
}));

for (const report of reports) {
  describe(`HTML report: ${report.name}`, () => {
    test('no horizontal overflow at 1280 px and no console errors', async () => {
      const { page, errors } = await open(report, { width: 1280 });
      const size = await overflow(page);
      assert.ok(size.scrollWidth <= size.clientWidth, `page is ${size.scrollWidth}px wide in a ${size.clientWidth}px window`);
      assert.ok(size.widest <= 0, `a table is ${size.widest}px wider than its container`);
      assert.deepEqual(errors, []);
    });

    test('no horizontal overflow at A4 print width', async () => {
      const { page } = await open(report, { width: a4ContentWidth, media: 'print' });
      const size = await overflow(page);
      assert.ok(size.scrollWidth <= size.clientWidth, `printed page is ${size.scrollWidth}px wide on ${size.clientWidth}px of A4`);
      assert.ok(size.widest <= 0, `a table is ${size.widest}px wider than its container when printed`);
    });

    test('no axe-core violation of any impact', async () => {
      const { page } = await open(report, { width: 1280 });
      const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
      assert.deepEqual(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), []);
    });

    test('printed to PDF, the pages carry the readiness and every failing rule id', async () => {
      const { page } = await open(report, { width: 1280 });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      const loading = getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false });
      const document = await loading.promise;
      let text = '';
      for (let number = 1; number <= document.numPages; number++) {
        const content = await (await document.getPage(number)).getTextContent();
        text += content.items.map((item) => item.str).join(' ') + '\n';
      }
      await loading.destroy();
      assert.ok(document.numPages >= 2, `the report printed on ${document.numPages} page(s)`);
      const flat = text.replace(/\s+/g, ' ');
      const readable = { NotReady: 'Not ready', Unknown: 'Unknown', ReadyWithConditions: 'Ready with conditions', Ready: 'Ready' };
      for (const result of report.results) {
        assert.ok(flat.includes(readable[result.readiness]), `the PDF lacks the readiness "${readable[result.readiness]}" of ${result.environmentId}`);
        for (const finding of result.findings.filter((f) => f.status === 'Fail')) {
          assert.ok(flat.includes(finding.ruleId), `the PDF lacks the failing rule ${finding.ruleId} of ${result.environmentId}`);
        }
      }
      if (report.name.startsWith('later')) {
        for (const finding of report.results[0].findings.filter((f) => f.waiver)) {
          assert.ok(flat.includes(finding.waiver.id), `the PDF lacks the waiver ${finding.waiver.id} of ${finding.ruleId}`);
        }
        assert.ok(flat.includes('Changes since the baseline'), 'the PDF lacks the changes section');
      }
      if (report.name.startsWith('large')) {
        // A host name may wrap at its hyphen: compared without the line breaks' spaces.
        assert.ok(flat.replace(/ /g, '').includes('OLD-HV120.contoso.com'), 'the PDF lacks the last affected host of the full export');
      }
    });
  });
}
