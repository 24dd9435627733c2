// The dashboard in a real browser against the local backend with demo data (scripts/local.sh --demo): headless
// Chromium (@sparticuz/chromium, offline) driven by playwright-core, checked with axe-core. What a person sees must be
// what the API says: the totals, a filter, the drill from portfolio to tenant to environment, keyboard-only use, no
// console error, no serious or critical accessibility violation, and a tenant reader who sees only its tenant.
// Run by scripts/test.sh: node --test tests/dashboard/
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A backend already running (DASHBOARD_TEST_URL and DASHBOARD_TEST_TOKEN, with its VMMASSESS_LOCAL_DIR) is used as is:
// quicker while changing the pages. Otherwise the test starts its own, with a state folder of its own.
const running = process.env.DASHBOARD_TEST_URL ? { url: process.env.DASHBOARD_TEST_URL, token: process.env.DASHBOARD_TEST_TOKEN } : null;
const state = running ? process.env.VMMASSESS_LOCAL_DIR : mkdtempSync(path.join(tmpdir(), 'vmmassess-dashboard-'));
const env = { ...process.env, VMMASSESS_LOCAL_DIR: state };
const readable = { NotReady: 'Not ready', Unknown: 'Unknown', ReadyWithConditions: 'Ready with conditions', Ready: 'Ready' };
const camel = (r) => r[0].toLowerCase() + r.slice(1);

let backend;
let baseUrl;
let operatorToken;
let browser;
let page;
let errors = [];

/** Starts scripts/local.sh --demo on a free port and waits for its URL, operator token and demo data. */
function startBackend() {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(root, 'scripts', 'local.sh'), '--demo', '--port', '0'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    const found = {};
    const timer = setTimeout(() => reject(new Error(`the local backend did not start within 10 minutes:\n${output}`)), 600_000);
    const read = (chunk) => {
      stdout += chunk;
      // Only whole lines of stdout: .NET writes a long line (the token) to a pipe in pieces of 256 characters, so a
      // chunk can end inside it, and a match on that chunk would keep a truncated token.
      const lines = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      found.url ??= lines.match(/^VmmAssess local: (http:\/\/127\.0\.0\.1:\d+)\r?$/m)?.[1];
      found.token ??= lines.match(/^Operator token: (\S+)\r?$/m)?.[1];
      found.demo ??= lines.match(/^Demo data: .*$/m)?.[0];
      if (found.url && found.token && found.demo) {
        clearTimeout(timer);
        resolve({ child, ...found });
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk) => { output += chunk; read(chunk); });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local backend exited (${code}):\n${output}`));
    });
  });
}

/** The API as a portal would call it (Bearer token), for the figures the page must show. */
async function api(pathAndQuery, token = operatorToken) {
  const response = await fetch(new URL(pathAndQuery, baseUrl), { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, `${pathAndQuery} answered ${response.status}`);
  return response.json();
}

/** Every environment the API lists for <query>, page by page (the test's reference, not the page's way). */
async function allEnvironments(query = '') {
  const items = [];
  let token = null;
  do {
    const page = await api(`/api/readiness?pageSize=200${query}${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`);
    items.push(...page.items);
    token = page.continuationToken;
  } while (token);
  return items;
}

/** The dashboard's address of an environment ({ tenantId, environmentId }). */
const environmentAddress = (e) => `/dashboard/#/tenants/${encodeURIComponent(e.tenantId)}/environments/${encodeURIComponent(e.environmentId)}`;

/** The environment's latest assessment as the API serves it. */
async function latestAssessment(e) {
  const latest = await api(`/api/tenants/${encodeURIComponent(e.tenantId)}/environments/${encodeURIComponent(e.environmentId)}/readiness`);
  return api(`/api/tenants/${encodeURIComponent(e.tenantId)}/assessments/${latest.snapshotId}`);
}

/** Waits until the view whose heading matches <heading> has finished loading (the router clears aria-busy). */
async function view(heading) {
  await page.waitForFunction((source) => {
    const main = document.getElementById('main');
    const h1 = main.querySelector('h1');
    return !main.hasAttribute('aria-busy') && h1 && new RegExp(source).test(h1.textContent);
  }, heading.source, { timeout: 120_000 });
}

/** Loads <address> as a fresh document (a hash-only change would let the previous view pass for the next). */
async function open(address) {
  await page.goto('about:blank');
  return page.goto(baseUrl + address, { waitUntil: 'load' });
}

const text = (selector) => page.locator(selector).innerText();

/** No serious or critical axe-core violation on the page as it is, and no missing value written out as text. */
async function assertAccessible() {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.doesNotMatch(await text('main'), /\b(null|undefined|NaN)\b|\[object Object\]/, 'a missing value is written as text');
  assert.deepEqual(serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), []);
}
const number = (value) => Number(value.replace(/[^\d]/g, ''));

before(async () => {
  backend = running ?? await startBackend();
  baseUrl = backend.url;
  operatorToken = backend.token;
  browser = await playwright.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: true });
  // One page for every check: this Chromium runs as a single process, and closing a page can end it.
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
}, { timeout: 660_000 });

after(async () => {
  await browser?.close();
  if (backend?.child) {
    // local.sh execs the backend, which stops Azurite on SIGTERM.
    try { process.kill(-backend.child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((resolve) => { backend.child.once('exit', resolve); setTimeout(resolve, 15_000); });
  }
  if (!running) rmSync(state, { recursive: true, force: true });
});

describe('dashboard', () => {
  test('opening the local backend signs in as the operator and shows the portfolio with the API\'s totals', async () => {
    errors = [];
    const response = await page.goto(baseUrl + '/', { waitUntil: 'load' });
    assert.match(new URL(page.url()).pathname, /^\/dashboard\/$/);
    assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    await view(/^Portfolio$/);
    const { totals } = await api('/api/readiness?pageSize=1');
    assert.ok(totals.environments > 0, 'the demo data has environments');
    assert.equal(number(await text('[data-testid="total-environments"]')), totals.environments);
    for (const readiness of Object.keys(readable)) {
      assert.equal(number(await text(`[data-testid="total-${readiness}"]`)), totals[camel(readiness)], `total-${readiness}`);
    }

    // The tenants table: one row per tenant, each with the API's count of its environments.
    const environments = await allEnvironments();
    const byTenant = new Map();
    for (const e of environments) byTenant.set(e.tenantId, (byTenant.get(e.tenantId) ?? 0) + 1);
    const rows = await page.locator('[data-testid="tenant-row"]').evaluateAll((trs) => trs.map((tr) => [tr.cells[0].innerText, tr.cells[1].innerText]));
    assert.deepEqual(rows.map(([t]) => t).sort(), [...byTenant.keys()].sort());
    for (const [tenant, count] of rows) assert.equal(number(count), byTenant.get(tenant), `environments of ${tenant}`);
    assert.equal(await page.locator('[data-testid="environment-row"]').count(), Math.min(50, totals.environments), 'one page of environments, not all');

    mkdirSync(path.join(root, 'artifacts', 'dashboard'), { recursive: true });
    const shots = [path.join(root, 'artifacts', 'dashboard', 'dashboard-portfolio.png')];
    if (process.env.VMMASSESS_UPDATE_SCREENSHOTS === '1') shots.push(path.join(root, 'docs', 'dashboard-portfolio.png'));
    for (const file of shots) await page.screenshot({ path: file, fullPage: false });
    assert.deepEqual(errors, []);
  });

  test('filtering by readiness changes the list and the counts', async () => {
    errors = [];
    const { totals } = await api('/api/readiness?pageSize=1');
    const readiness = Object.keys(readable).filter((r) => totals[camel(r)] > 0 && totals[camel(r)] < totals.environments)
      .sort((a, b) => totals[camel(b)] - totals[camel(a)])[0];
    assert.ok(readiness, 'the demo data mixes readiness values');
    const unfiltered = await page.locator('[data-testid="tenant-row"]').evaluateAll((trs) => trs.map((tr) => tr.cells[1].innerText).join());

    await page.selectOption('#filter-readiness', readiness);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForFunction((r) => window.location.hash.includes(`readiness=${r}`), readiness);
    await view(/^Portfolio$/);

    const expected = totals[camel(readiness)];
    assert.equal(number(await text('[data-testid="matching-environments"]')), expected);
    const badges = await page.locator('[data-testid="environment-row"] .badge').allInnerTexts();
    assert.ok(badges.length > 0 && badges.length <= 50);
    assert.deepEqual([...new Set(badges)], [readable[readiness]], 'every listed environment has the chosen readiness');
    const counts = await page.locator('[data-testid="tenant-row"]').evaluateAll((trs) => trs.map((tr) => tr.cells[1].innerText));
    assert.equal(counts.reduce((sum, c) => sum + Number(c.replace(/[^\d]/g, '')), 0), expected, 'the tenants\' counts add up to the filtered total');
    assert.notEqual(counts.join(), unfiltered, 'the tenants\' counts changed');
    const tenants = new Set((await allEnvironments(`&readiness=${readiness}`)).map((e) => e.tenantId));
    assert.equal(counts.length, tenants.size, 'only tenants with such environments are listed');
    // The readiness totals stay the portfolio's (the API's totals ignore the filter).
    assert.equal(number(await text('[data-testid="total-environments"]')), totals.environments);
    assert.match(await text('[data-testid="environment-list-status"]'), new RegExp(`of ${expected.toLocaleString('en-US').replace(/,/g, '.?')} environments`));
    assert.deepEqual(errors, []);
  });

  test('drilling from the portfolio to a tenant and an environment shows that environment\'s findings', async () => {
    errors = [];
    await open('/dashboard/#/?readiness=NotReady');
    await view(/^Portfolio$/);
    const tenantLink = page.locator('[data-testid="tenant-row"] a').first();
    const tenantId = await tenantLink.innerText();
    await tenantLink.click();
    await view(new RegExp(`^Tenant ${tenantId}$`));
    const tenant = await api(`/api/tenants/${encodeURIComponent(tenantId)}/readiness`);
    assert.equal(await page.locator('[data-testid="environment-row"]').count(), tenant.environments.length);
    assert.equal(number(await text('[data-testid="tenant-total-environments"]')), tenant.totals.environments);

    const environmentLink = page.locator('[data-testid="environment-row"] a').first();
    const environmentId = await environmentLink.innerText();
    await environmentLink.click();
    await view(new RegExp(`^Environment ${environmentId}$`));
    const assessment = await latestAssessment({ tenantId, environmentId });
    const attention = assessment.result.findings.filter((f) => f.status === 'Fail' || f.status === 'Unknown').map((f) => f.ruleId).sort();
    assert.ok(attention.length > 0, 'a not-ready environment has findings');
    const shown = await page.locator('[data-testid="finding"]').evaluateAll((articles) => articles.map((a) => a.dataset.ruleId));
    assert.deepEqual([...shown].sort(), attention);
    assert.equal(await text('[data-testid="environment-readiness"]'), readable[assessment.result.readiness]);
    // Grouped by severity, blockers first, each with its evidence and remediation where the API has them.
    const groups = await page.locator('.severity-group h3').allInnerTexts();
    assert.match(groups[0], /^Blockers/);
    const first = assessment.result.findings.find((f) => f.status === 'Fail' && f.evidence.length > 0);
    if (first) {
      const article = page.locator(`[data-testid="finding"][data-rule-id="${first.ruleId}"]`);
      assert.ok((await article.locator('table tbody tr').count()) >= 1, `${first.ruleId} shows its evidence`);
      assert.match(await article.innerText(), /Remediation:/);
    }
    assert.ok(await page.locator('[data-testid="history-row"]').count() >= 1, 'the history lists the assessment');
    assert.deepEqual(errors, []);
  });

  test('the findings download is a CSV of every finding in the CLI\'s columns', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download findings (CSV)' }).click()]);
    const stream = await download.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += chunk;
    const lines = csv.trimEnd().split('\r\n');
    assert.match(lines[0], /^snapshotId,tenantId,environmentId,collectedAt,assessedAt,rulePackVersion,source,target,readiness,ruleId,title,category,severity,status,message,evidence,remediation,references$/);
    const rules = (await api('/api/rules')).rules;
    assert.ok(lines.length - 1 >= 1 && lines.length - 1 <= rules.length, `${lines.length - 1} rows`);
    assert.match(download.suggestedFilename(), /^vmmassess-.+\.csv$/);
  });

  test('keyboard alone reaches every control of the portfolio and opens a tenant', async () => {
    errors = [];
    await open('/dashboard/');
    await view(/^Portfolio$/);
    const controls = await page.evaluate(() => {
      const all = [...document.querySelectorAll('a[href], button:not([disabled]), select, input, textarea, summary, [tabindex]:not([tabindex="-1"])')]
        .filter((e) => e.getClientRects().length > 0 || e.classList.contains('skip-link'));
      all.forEach((e, i) => { e.dataset.kb = String(i); });
      return all.length;
    });
    assert.ok(controls > 20, `${controls} controls`);
    const reached = new Set();
    for (let i = 0; i < controls + 10 && reached.size < controls; i++) {
      await page.keyboard.press('Tab');
      const index = await page.evaluate(() => document.activeElement?.dataset?.kb);
      if (index !== undefined) reached.add(index);
    }
    const missed = await page.evaluate((seen) => [...document.querySelectorAll('[data-kb]')].filter((e) => !seen.includes(e.dataset.kb)).map((e) => e.outerHTML.slice(0, 80)), [...reached]);
    assert.deepEqual(missed, [], 'controls that Tab never reached');

    // Focus is visible: the focused control draws an outline.
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none');

    // Enter on a tenant link opens the tenant, and the focus moves to its heading.
    await page.locator('[data-testid="tenant-row"] a').first().focus();
    await page.keyboard.press('Enter');
    await view(/^Tenant /);
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    // A filter chosen and applied with the keyboard only.
    await open('/dashboard/');
    await view(/^Portfolio$/);
    await page.focus('#filter-readiness');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 5 && (await page.evaluate(() => document.activeElement?.textContent)) !== 'Apply filters'; i++) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('readiness='));
    await view(/^Portfolio$/);
    assert.deepEqual(errors, []);
  });

  const views = [
    ['portfolio', () => '/dashboard/', /^Portfolio$/],
    ['portfolio filtered by readiness', () => '/dashboard/#/?readiness=NotReady', /^Portfolio$/],
    ['tenant', async () => `/dashboard/#/tenants/${encodeURIComponent((await allEnvironments('&readiness=NotReady'))[0].tenantId)}`, /^Tenant /],
    ['environment', async () => environmentAddress((await allEnvironments('&readiness=NotReady'))[0]), /^Environment /],
    ['rules', () => '/dashboard/#/rules', /^Rules$/],
    ['rule', async () => `/dashboard/#/rules/${encodeURIComponent((await allEnvironments('&readiness=NotReady'))[0].failingRuleIds[0])}`, /^VMM-/],
  ];

  for (const [name, address, heading] of views) {
    test(`${name} view: no console error and no serious or critical axe-core violation`, async () => {
      errors = [];
      await open(await address());
      await view(heading);
      await assertAccessible();
      assert.deepEqual(errors, []);
    });
  }

  test('printed, the environment view leaves out the controls and fits the page width', async () => {
    await open(await views[3][1]());
    await view(/^Environment /);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 703, height: 900 });
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      buttons: [...document.querySelectorAll('button, nav[aria-label="Main"]')].filter((b) => b.getClientRects().length > 0).length,
    }));
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 900 });
    assert.equal(layout.buttons, 0, 'no button or menu on paper');
    assert.ok(layout.scroll <= layout.client, `printed page is ${layout.scroll}px wide on ${layout.client}px`);
  });

  test('an environment assessed before shows what changed since, as the API compared it', async () => {
    errors = [];
    let found = null;
    for (const e of await allEnvironments()) {
      const history = await api(`/api/tenants/${encodeURIComponent(e.tenantId)}/environments/${encodeURIComponent(e.environmentId)}/assessments?pageSize=2`);
      if (history.items.length === 2) { found = e; break; }
    }
    assert.ok(found, 'the demo data has an environment with an earlier assessment');
    const delta = (await latestAssessment(found)).changes;
    assert.ok(delta?.snapshotBefore, 'the API compared the latest with the earlier assessment');

    await open(environmentAddress(found));
    await view(/^Environment /);
    const { summary } = delta;
    assert.equal(await text('[data-testid="changes-summary"]'), `${summary.new} new, ${summary.resolved} resolved, ${summary.changed} changed, ${summary.unchanged} unchanged`);
    const moved = delta.changes.filter((c) => c.change !== 'Unchanged').map((c) => c.ruleId).sort();
    assert.ok(moved.length > 0, 'the demo\'s earlier collection differs from the latest');
    assert.deepEqual((await page.locator('[data-testid="change-row"] th a').allInnerTexts()).sort(), moved);
    assert.ok((await text('[data-testid="changes"]')).includes(delta.rulePackAfter), 'the rule pack is named');
    await page.locator('[data-testid="changes"]').screenshot({ path: path.join(root, 'artifacts', 'dashboard', 'dashboard-changes.png') });
    await assertAccessible();
    assert.deepEqual(errors, []);
  });

  test('a waived finding shows its waiver, and the summary counts what is waived', async () => {
    errors = [];
    const tenants = [...new Set((await allEnvironments()).map((e) => e.tenantId))].sort();
    let waiver = null;
    for (const tenant of tenants) {
      [waiver] = (await api(`/api/tenants/${encodeURIComponent(tenant)}/waivers`)).items;
      if (waiver) break;
    }
    assert.ok(waiver, 'the demo data has waivers');
    const assessment = await latestAssessment(waiver);
    const waived = assessment.result.findings.find((f) => f.waiver?.id === waiver.id);
    assert.ok(waived, `${waiver.ruleId} is waived in the latest assessment`);

    await open(environmentAddress(waiver));
    await view(/^Environment /);
    const shown = await page.locator(`[data-testid="finding"][data-rule-id="${waiver.ruleId}"] [data-testid="waiver"]`).innerText();
    assert.ok(shown.startsWith('Waived until '), shown);
    assert.ok(shown.includes(waiver.reason) && shown.includes(`(waiver ${waiver.id})`), shown);
    const { counts } = assessment.result;
    assert.ok(counts.waived >= 1);
    // The counts leave out zeros (waivedBlockers is absent when no waived finding is a blocker).
    const blockers = counts.waivedBlockers ?? 0;
    assert.match(await text('[data-testid="waived-counts"]'), new RegExp(`^${counts.waived} failing rules? waived, ${blockers} of them (a )?blockers?:`));
    await assertAccessible();
    assert.deepEqual(errors, []);
  });

  test('a tenant reader\'s browser sees only its tenant', async () => {
    const environments = await allEnvironments();
    const tenants = [...new Set(environments.map((e) => e.tenantId))].sort();
    assert.ok(tenants.length >= 2, 'the demo data has several tenants');
    const [mine, other] = tenants;
    const { stdout } = await promisify(execFile)('bash', [path.join(root, 'scripts', 'local.sh'), 'token', '--role', 'TenantReader', '--tenant', mine, '--url', baseUrl], { cwd: root, env });
    const token = stdout.trim().split('\n').pop();

    await page.goto(`${baseUrl}/.local/sign-in?token=${encodeURIComponent(token)}&returnUrl=${encodeURIComponent('/dashboard/')}`);
    await view(/^Portfolio$/);
    const rows = await page.locator('[data-testid="tenant-row"] th').allInnerTexts();
    assert.deepEqual(rows, [mine]);
    const own = environments.filter((e) => e.tenantId === mine).length;
    assert.equal(number(await text('[data-testid="total-environments"]')), own);
    const listed = await page.locator('[data-testid="environment-row"] > :first-child').allInnerTexts();
    assert.ok(listed.length > 0 && listed.every((t) => t === mine), 'every listed environment is the tenant\'s own');
    assert.ok(!(await page.content()).includes(other), `the page never names ${other}`);

    // Another tenant's page is refused by the API, and the dashboard says so.
    await open(`/dashboard/#/tenants/${encodeURIComponent(other)}`);
    await view(/^Not available to your account$/);
  });
});
