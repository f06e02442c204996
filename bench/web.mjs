// Web app speed (issue 9): (1) the JavaScript + CSS the sign-in and 我的待辦 pages load first, gzip, from the
// build's manifest and as the browser actually fetched them; (2) in headless Chromium, the time from navigation
// to 我的待辦 rendered with data, median of N runs, cold (fresh browser context: empty cache) and warm (reload).
//
//   npm run build && node bench/web.mjs                       # seeded data (a database of its own, dropped after)
//   node bench/web.mjs --bench-data                           # the data of bench/generate.mjs (guankao_bench)
//   options: --runs=15 --waterfall (resource timings of the first cold load) --dist=dist/web --users=moea.officer@demo.guankao.tw,coordinator@demo.guankao.tw --json
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import pg from 'pg';
import { DEFAULT_BENCH_URL } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const RUNS = Number(args.runs ?? 15);
const DIST = path.resolve(ROOT, args.dist ?? 'dist/web');
const BENCH_DATA = args['bench-data'] === 'true';
const BUDGET_KIB = 250;
const PASSWORD = process.env.DEMO_PASSWORD ?? 'guankao-demo';
const USERS = (args.users ?? (BENCH_DATA ? 'coa.officer@bench.guankao.tw,moea.officer@demo.guankao.tw,coordinator@demo.guankao.tw' : 'moea.officer@demo.guankao.tw,moea.supervisor@demo.guankao.tw,coordinator@demo.guankao.tw')).split(',');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

const kib = (bytes) => (bytes / 1024).toFixed(1);
const gzipSize = (file) => gzipSync(readFileSync(path.join(DIST, file))).length;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---- 1. bundle sizes from the manifest ----------------------------------------------------------------
const manifestFile = path.join(DIST, '.vite/manifest.json');
if (!existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: run npm run build first`);
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

/** The files a manifest entry loads before it runs: itself, its CSS and its static imports, recursively. */
function closure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the manifest`);
  if (files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
}

function sizes(files) {
  const out = { js: 0, css: 0, jsRaw: 0, cssRaw: 0, files: [...files].sort() };
  for (const f of files) {
    const kind = f.endsWith('.css') ? 'css' : 'js';
    out[kind] += gzipSize(f);
    out[`${kind}Raw`] += readFileSync(path.join(DIST, f)).length;
  }
  out.total = out.js + out.css;
  return out;
}

// The app's entry; the early-requests script (src/early.ts) is an entry too, loaded beside it.
const entry = 'index.html';
const entryFiles = () => { const files = closure(entry); if (manifest['src/early.ts']) closure('src/early.ts', files); return files; };
const pages = { 'sign-in': 'src/auth/sign-in.page.tsx', '我的待辦': 'src/my-work/my-work.page.tsx' };
const bundle = {};
for (const [name, key] of Object.entries(pages)) {
  const files = entryFiles();
  closure(key, files);
  bundle[name] = sizes(files);
}
bundle.entry = sizes(entryFiles());

console.log(`\n## Initial JavaScript + CSS (gzip, zlib default level), budget ${BUDGET_KIB} KiB per page — ${path.relative(ROOT, DIST)}`);
console.log('| page | JS | CSS | total | files |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [name, s] of Object.entries(bundle)) {
  console.log(`| ${name} | ${kib(s.js)} KiB | ${kib(s.css)} KiB | **${kib(s.total)} KiB**${name !== 'entry' && s.total > BUDGET_KIB * 1024 ? ' (over budget)' : ''} | ${s.files.length} |`);
}

// ---- 2. navigation → 我的待辦 rendered with data, in headless Chromium --------------------------------
async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const serverUrl = (name) => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao');
  url.pathname = `/${name}`;
  return url.toString();
};
async function adminSql(text) {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let databaseUrl;
let ownDatabase = null;
if (BENCH_DATA) {
  databaseUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM sub_project`);
  await client.end();
  console.log(`\nBench data: ${databaseUrl} (${rows[0].n} sub-projects)`);
  // New migrations since the data was generated (the API refuses to run with pending ones).
  execFileSync(process.execPath, ['dist/apps/cli/migrate.js'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'ignore', 'inherit'] });
} else {
  ownDatabase = `guankao_bench_web_${process.pid}`;
  await adminSql(`DROP DATABASE IF EXISTS ${ownDatabase}`);
  await adminSql(`CREATE DATABASE ${ownDatabase}`);
  databaseUrl = serverUrl(ownDatabase);
  for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) {
    execFileSync(process.execPath, [step], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', SEED_DEMO_USERS: 'true' }, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  console.log(`\nSeeded data: ${ownDatabase}`);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  cwd: ROOT,
  env: {
    // Not production: it refuses to start while the demo users this bench signs in as exist (issue 12).
    ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'development', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base,
    LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000', QUEUE_PREFIX: `guankao-bench-web-${process.pid}`, WEB_DIST_DIR: DIST,
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = async () => {
  if (api.exitCode === null) {
    const exited = new Promise((r) => api.once('exit', r));
    api.kill('SIGTERM');
    await exited;
  }
  if (ownDatabase) await adminSql(`DROP DATABASE IF EXISTS ${ownDatabase} WITH (FORCE)`);
};
process.on('SIGINT', () => void stop().then(() => process.exit(130)));

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Resolves with performance.now() (ms since navigation start) at the first frame where 我的待辦 shows its data. */
const RENDERED = () => {
  const h1 = document.querySelector('main h1');
  const data = document.querySelector('main section[aria-labelledby^="work-"], main .mantine-Alert-root');
  const loading = document.querySelector('main .mantine-Loader-root');
  return h1 && data && !loading ? performance.now() : false;
};

async function signedInContext(email) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const response = await context.request.post('/api/auth/session', { data: { email, password: PASSWORD } });
  if (response.status() !== 200) throw new Error(`sign in ${email}: ${response.status()} ${await response.text()}`);
  return context;
}

async function navigate(page) {
  const assets = new Set();
  const onResponse = (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith('/assets/') && /\.(js|css)$/.test(p)) assets.add(p.slice(1));
  };
  page.on('response', onResponse);
  await page.goto('/', { waitUntil: 'commit' });
  const handle = await page.waitForFunction(RENDERED, null, { polling: 'raf', timeout: 30_000 });
  const ms = await handle.jsonValue();
  const myWork = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').find((r) => new URL(r.name).pathname === '/api/me/work');
    return e ? e.responseEnd - e.requestStart : null;
  });
  const waterfall = await page.evaluate(() =>
    [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')].map((e) => ({
      name: new URL(e.name).pathname, start: Math.round(e.startTime), end: Math.round(e.responseEnd),
    })),
  );
  page.off('response', onResponse);
  return { ms, myWork, assets, waterfall };
}

const results = [];
try {
  await new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      try {
        if ((await fetch(`${base}/health`)).ok) return resolve();
      } catch { /* not up yet */ }
      if (api.exitCode !== null || Date.now() > deadline) return reject(new Error('the API did not start'));
      setTimeout(poll, 200);
    };
    void poll();
  });

  // What the browser fetched for the sign-in page (no session) — the observed counterpart of the manifest figure.
  {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    const assets = new Set();
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith('/assets/') && /\.(js|css)$/.test(p)) assets.add(p.slice(1));
    });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: '登入' }).waitFor();
    const s = sizes(assets);
    console.log(`\nObserved in Chromium: sign-in loaded ${s.files.length} JS/CSS files, ${kib(s.total)} KiB gzip (JS ${kib(s.js)}, CSS ${kib(s.css)})`);
    await context.close();
  }

  for (const email of USERS) {
    const cold = [];
    const warm = [];
    const api = [];
    let observed;
    for (let i = 0; i < RUNS; i++) {
      const context = await signedInContext(email);
      const page = await context.newPage();
      const first = await navigate(page);
      cold.push(first.ms);
      if (!observed) {
        observed = first.assets;
        if (args.waterfall === 'true') {
          console.log(`  first cold load of ${email}: rendered at ${first.ms.toFixed(0)} ms`);
          for (const w of first.waterfall) console.log(`    ${String(w.start).padStart(5)} → ${String(w.end).padStart(5)} ms  ${w.name}`);
        }
      }
      const again = await navigate(page);
      warm.push(again.ms);
      if (again.myWork !== null) api.push(again.myWork);
      await context.close();
    }
    const s = sizes(observed);
    const row = { email, runs: RUNS, coldMedian: median(cold), coldMax: Math.max(...cold), warmMedian: median(warm), warmMax: Math.max(...warm), myWorkApiMedian: api.length ? median(api) : null, observedKiB: s.total / 1024 };
    results.push(row);
    console.log(`  ${email}: cold median ${row.coldMedian.toFixed(0)} ms (max ${row.coldMax.toFixed(0)}), warm median ${row.warmMedian.toFixed(0)} ms (max ${row.warmMax.toFixed(0)}), GET /api/me/work ${row.myWorkApiMedian?.toFixed(0)} ms; first load fetched ${s.files.length} JS/CSS files, ${kib(s.total)} KiB gzip`);
  }
} finally {
  await browser.close();
  await stop();
}

console.log(`\n## Navigation → 我的待辦 rendered with data (${BENCH_DATA ? 'bench data' : 'seeded data'}), ${RUNS} runs each`);
console.log('| user | cold median | cold max | warm median | warm max | GET /api/me/work (median) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.email} | ${r.coldMedian.toFixed(0)} ms | ${r.coldMax.toFixed(0)} ms | ${r.warmMedian.toFixed(0)} ms | ${r.warmMax.toFixed(0)} ms | ${r.myWorkApiMedian?.toFixed(0) ?? '—'} ms |`);
}
if (args.json === 'true') console.log(JSON.stringify({ bundle, results }, null, 2));
