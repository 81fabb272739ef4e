// What the Studio's journey page costs the browser with a long journal (docs/PERFORMANCE.md, "The journey page's long
// journal"): a pay-later journey waiting at its OTP is given <entries> more lender calls in the server's SQLite file (as
// tests/LoanJourney.Studio.Tests/LongJournalTests.cs does), then opened in Chromium's headless shell, its renderer
// throttled <slowdown> times (CDP Emulation.setCPUThrottlingRate, as LJ_STUDIO_CPU_SLOWDOWN in the browser tests).
// Prints one JSON line: the first load's time to 2,000 entries, the tab's JavaScript (CDP Performance ScriptDuration) over
// <idle> seconds of clock ticks with 2,000 entries shown, Load more's time to 4,000, the ticks' JavaScript again, and the
// time from the OTP sent (API) to the page showing the journey Completed (a live update that appends entries).
//
// Runs on the Node and playwright-core that Microsoft.Playwright ships (no download), against a running server:
//   PW=~/.nuget/packages/microsoft.playwright/1.64.1/.playwright
//   $PW/node/linux-x64/node bench/profile/journey-page.mjs --base http://127.0.0.1:5099 --db /tmp/lj/lj.db --slowdown 8
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    base: { type: 'string' },
    db: { type: 'string' },
    key: { type: 'string', default: 'dev-key' },
    entries: { type: 'string', default: '20000' },
    slowdown: { type: 'string', default: '1' },
    idle: { type: 'string', default: '30' },
    deadline: { type: 'string', default: '180' },
    chromium: { type: 'string', default: '/usr/lib/chromium/chromium-headless-shell' },
    playwright: { type: 'string', default: join(homedir(), '.nuget/packages/microsoft.playwright/1.64.1/.playwright/package') },
  },
});
if (!o.base || !o.db) throw new Error('--base <server address> and --db <its SQLite file> are required');
const { chromium } = createRequire(import.meta.url)(o.playwright);
const base = o.base.replace(/\/$/, '');
const headers = { 'X-Api-Key': o.key, 'Content-Type': 'application/json' };
const deadline = Number(o.deadline) * 1000;

async function call(path, init = {}) {
  const r = await fetch(base + path, { ...init, headers: { ...headers, ...init.headers } });
  if (!r.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
async function until(what, read, ok) {
  const end = Date.now() + deadline;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// A journey of its own borrower (pay-later is one per customer at the sandbox), waiting for its OTP.
const input = JSON.parse(readFileSync(new URL('../../workflows/samples/capitalfloat-paylater.json', import.meta.url), 'utf8'));
input.customerId = `CUST-PAGE-${Date.now().toString(36)}`;
const { id } = await call('/api/workflows/capitalfloat-paylater/instances', { method: 'POST', body: JSON.stringify(input) });
await until('the OTP wait', () => call(`/api/instances/${id}`), (i) => i.status === 'Waiting' && i.currentStep === 'otp');
const db = new DatabaseSync(o.db, { timeout: 60000 });
db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
  INSERT INTO journal (instance_id, at, kind, step_id, attempt, data_json)
  SELECT j.instance_id, j.at + n.i, j.kind, j.step_id, j.attempt, j.data_json
  FROM n, (SELECT * FROM journal WHERE instance_id = ? AND kind = 'LenderCall' ORDER BY seq LIMIT 1) j`).run(Number(o.entries), id);
const total = db.prepare('SELECT COUNT(*) AS n FROM journal WHERE instance_id = ?').get(id).n;
db.close();

const browser = await chromium.launch({
  executablePath: o.chromium, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const result = { entries: total, slowdown: Number(o.slowdown) };
try {
  const context = await browser.newContext({ baseURL: base + '/', viewport: { width: 1366, height: 900 } });
  const session = await context.request.post('api/session', { headers: { 'X-Api-Key': o.key } });
  if (!session.ok()) throw new Error(`POST /api/session: ${session.status()}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(o.slowdown) });
  await cdp.send('Performance.enable');
  const script = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value;
  const shown = (n) => page.waitForFunction((n) => document.querySelectorAll('[data-testid=journal] > li').length >= n, n, { timeout: deadline, polling: 500 });
  const idle = async () => {
    const before = await script();
    await page.waitForTimeout(Number(o.idle) * 1000);
    return +((await script()) - before).toFixed(2);
  };

  let t = Date.now();
  await page.goto(`studio/#/journeys/${id}`, { waitUntil: 'commit' });
  await shown(2000);
  result.firstLoadMs = Date.now() - t;
  await page.waitForFunction(() => !document.querySelector('[data-testid=journal-more]')?.hasAttribute('disabled'), null, { timeout: deadline, polling: 500 });
  result.idleScriptSeconds2000 = await idle();

  t = Date.now();
  await page.click('[data-testid=journal-more]', { timeout: deadline });
  try {
    await shown(4000);
    result.loadMoreMs = Date.now() - t;
  } catch {
    result.loadMoreMs = `not within ${o.deadline} s`;
  }
  if (typeof result.loadMoreMs === 'number') {
    result.idleScriptSeconds4000 = await idle();
    const otp = await call(`/sandbox/capitalfloat/otp?app_id=${encodeURIComponent(input.appId)}&order_id=LJ-${id}`);
    t = Date.now();
    await call(`/api/instances/${id}/signals/otp`, { method: 'POST', body: JSON.stringify({ otp: otp.otp }) });
    await page.waitForFunction(() => document.querySelector('[data-testid=journey]')?.getAttribute('data-status') === 'Completed', null, { timeout: deadline, polling: 500 });
    result.otpToCompletedShownMs = Date.now() - t;
  }
  result.scriptSecondsTotal = +(await script()).toFixed(2);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ id, ...result }));
