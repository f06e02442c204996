// Portfolio dashboard and roadmap speed (issue 13; the API runs with NODE_ENV=development: production refuses the demo accounts signed in here), in headless Chromium against the real API serving a built web app:
//   (1) navigation → 燈號總覽 rendered with data (tiles with counts, the per-axis table), median of N runs, coordinator
//       (all sub-projects) and a ministry officer, on a first visit (new browser profile) and a returning one (new
//       tab); (2) the roadmap of one programme with 1,000 sub-projects: the longest main-thread task
//       (PerformanceObserver 'longtask') while scrolling it from top to bottom.
//
//   npm run build && node bench/generate.mjs && node bench/dashboard.mjs
//   options: --runs=7 --dist=dist/web --period=2026-Q3 --skip-roadmap --users=coordinator@demo.guankao.tw,coa.officer@bench.guankao.tw
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/guankao_bench). The roadmap part adds a programme
//   `bench-roadmap` with 1,000 sub-projects × 4 milestones to that database (kept; re-used by the next run).
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { DEFAULT_BENCH_URL } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => { const [k, v] = a.replace(/^--/, '').split('='); return [k, v ?? 'true']; }));
const RUNS = Number(args.runs ?? 7);
const DIST = path.resolve(ROOT, args.dist ?? 'dist/web');
const PERIOD = args.period ?? '2026-Q3';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'guankao-demo';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
const databaseUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
});

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const { rows: [{ n }] } = await db.query('SELECT count(*)::int AS n FROM sub_project');
console.log(`Bench data: ${databaseUrl} (${n} sub-projects)`);
execFileSync(process.execPath, ['dist/apps/cli/migrate.js'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'inherit'] });

// The roadmap's programme: 1,000 sub-projects of 國科會 with one milestone a year (made once, set-based).
if (args['skip-roadmap'] !== 'true') {
  const { rows: existing } = await db.query(`SELECT id FROM programme WHERE code = 'bench-roadmap'`);
  if (!existing.length) {
    await db.query('BEGIN');
    const { rows: [p] } = await db.query(`INSERT INTO programme (code, name, start_year, end_year, light_rules) VALUES ('bench-roadmap', '路程效能測試方案', 2023, 2026, '{}') RETURNING id`);
    await db.query(
      `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, start_year, end_year, status, is_flagship)
       SELECT 'bench-rm-' || lpad(i::text, 4, '0'), $1, 'detailed', '路程效能測試計畫 第 ' || i || ' 項', (SELECT id FROM organisation WHERE code = 'nstc'), 2023, 2026, 'active', false
         FROM generate_series(1, 1000) i`, [p.id]);
    await db.query(
      `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status)
       SELECT sp.code || '-m' || y, sp.id, y - 2022, y, make_date(y, 12, 31), '年度查核：完成第 ' || (y - 2022) || ' 年成果報告',
              (CASE WHEN y < 2026 THEN 'accepted' WHEN right(sp.code, 1) = '0' THEN 'submitted' ELSE 'pending' END)::milestone_status
         FROM sub_project sp CROSS JOIN generate_series(2023, 2026) y WHERE sp.programme_id = $1`, [p.id]);
    await db.query('COMMIT');
  }
}
await db.end();

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  cwd: ROOT,
  env: {
    ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base,
    LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000', QUEUE_PREFIX: `guankao-bench-dashboard-${process.pid}`, WEB_DIST_DIR: DIST,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = async () => { if (api.exitCode === null) { const exited = new Promise((r) => api.once('exit', r)); api.kill('SIGTERM'); await exited; } };
process.on('SIGINT', () => void stop().then(() => process.exit(130)));
for (let i = 0; i < 300; i++) { try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* starting */ } await new Promise((r) => setTimeout(r, 200)); }

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
async function signedIn(email) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const r = await context.request.post('/api/auth/session', { data: { email, password: PASSWORD } });
  if (r.status() !== 200) throw new Error(`sign in ${email}: ${r.status()}`);
  return context;
}

/** ms from navigation start to the first frame showing the tiles with their counts and the per-axis table. */
const DASHBOARD_RENDERED = () => {
  const tiles = document.querySelectorAll('main a[aria-label*="項"]');
  const table = document.querySelector('main table[aria-label="各主軸燈號"] tbody tr');
  return tiles.length === 4 && table ? performance.now() : false;
};

/** One navigation in a new tab of `context`: ms to the rendered counts; returns once the page's requests are done. */
async function dashboardOnce(context) {
  const page = await context.newPage();
  await page.goto(`/dashboard?programme=aap2&period=${PERIOD}`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(DASHBOARD_RENDERED, undefined, { polling: 'raf', timeout: 60_000 });
  const ms = await handle.jsonValue();
  // The panels below ask after the counts: let them finish, or their queries (which outlive a closed page
  // in PostgreSQL) would share the database with the next run's counts.
  await page.waitForLoadState('networkidle');
  await page.close();
  return ms;
}

const summary = (times) => ({ median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length });
const line = (r) => `median ${r.median.toFixed(0)} ms (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)}, ${r.runs} runs)`;

const results = {};
try {
  for (const email of (args.users ?? 'coordinator@demo.guankao.tw,coa.officer@bench.guankao.tw').split(',')) {
    // First visit: a new browser profile each run, so the web app's files come from the server too.
    const cold = [];
    // Returning visit: a new tab in a profile that has opened the dashboard before (files from the browser's
    // cache, the hashed assets being immutable; every figure from the API again).
    const warm = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const context = await signedIn(email);
      const first = await dashboardOnce(context);
      const again = await dashboardOnce(context);
      await context.close();
      if (i === 0) continue; // the first run warms the API and PostgreSQL
      cold.push(first);
      warm.push(again);
    }
    results[email] = { firstVisit: summary(cold), returningVisit: summary(warm) };
    console.log(`dashboard ${email}, first visit: ${line(results[email].firstVisit)}; returning visit: ${line(results[email].returningVisit)}`);
  }

  if (args['skip-roadmap'] !== 'true') {
    const context = await signedIn('coordinator@demo.guankao.tw');
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
        .observe({ type: 'longtask', buffered: true });
    });
    await page.goto('/roadmap?programme=bench-roadmap');
    await page.getByText('已載入 1000 項細部計畫').waitFor({ timeout: 120_000 });
    const loaded = await page.evaluate(() => performance.now());
    const rows = await page.locator('tbody tr[aria-rowindex]').count();
    // Scroll to the bottom in steps of 400 px, one step a frame, as a wheel would.
    const scrolled = await page.evaluate(async () => {
      const region = document.querySelector('.roadmap-scroll');
      const started = performance.now();
      let steps = 0;
      while (region.scrollTop + region.clientHeight < region.scrollHeight - 1) {
        region.scrollTop += 400;
        steps++;
        await new Promise((r) => requestAnimationFrame(() => r()));
      }
      return { ms: performance.now() - started, steps, started };
    });
    const tasks = await page.evaluate(() => window.__longTasks);
    const during = tasks.filter((t) => t.start >= scrolled.started);
    const longest = during.reduce((m, t) => Math.max(m, t.duration), 0);
    const beforeLongest = tasks.filter((t) => t.start < loaded).reduce((m, t) => Math.max(m, t.duration), 0);
    results.roadmap = { rowsInDom: rows, steps: scrolled.steps, scrollMs: scrolled.ms, longTasksWhileScrolling: during.length, longestWhileScrollingMs: longest, longestWhileLoadingMs: beforeLongest };
    console.log(`roadmap (1,000 sub-projects): ${rows} rows in the DOM; scrolled ${scrolled.steps} steps in ${scrolled.ms.toFixed(0)} ms; long tasks while scrolling: ${during.length}, longest ${longest.toFixed(0)} ms (goal ≤ 200); longest while loading ${beforeLongest.toFixed(0)} ms`);
    await context.close();
  }
  console.log(JSON.stringify(results));
} finally {
  await browser.close();
  await stop();
}
