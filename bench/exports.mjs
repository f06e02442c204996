#!/usr/bin/env node
/**
 * Exports (issue 12): 100,000 milestones streamed as CSV, XLSX and ODS by the real API
 * (GET /api/exports/milestones), against a baseline in the same run: one plain `pg` query of the same
 * rows written as CSV by this script. Reports rows/s and the API process's peak RSS during each
 * download next to its RSS before it (flat memory: the peak must not grow with the row count, so
 * the 10,000-row export is measured too).
 *
 *   npm run build && node bench/exports.mjs [--rows=100000] [--repeat=3] [--heap=96]
 *
 * Makes and drops its own database (guankao_bench_exports): migrations, seed, then the rows by SQL.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROWS = arg('rows', 100_000);
const REPEAT = arg('repeat', 3);
const SERVER = process.env.BENCH_SERVER_URL || 'postgres://postgres@127.0.0.1:5432';
const DATABASE = 'guankao_bench_exports';
const URL_ = `${SERVER}/${DATABASE}`;
const PORT = 3190;
// --heap=96 caps the API's V8 heap: an export that held its rows would run out of memory instead of finishing.
const HEAP_MIB = arg('heap', 0);

async function admin(text) {
  const c = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await c.connect();
  try { await c.query(text); } finally { await c.end(); }
}

await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin(`CREATE DATABASE ${DATABASE}`);
const env = { ...process.env, DATABASE_URL: URL_, MIGRATION_DATABASE_URL: URL_, NODE_ENV: 'development', SEED_DEMO_USERS: 'true' };
for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) execFileSync(process.execPath, [step], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });

const db = new pg.Client({ connectionString: URL_ });
await db.connect();
const perSubProject = 10;
await db.query(`INSERT INTO programme (code, name, start_year, light_rules) VALUES ('bench-exp', '匯出效能測試方案', 2023, '{}')`);
await db.query(
  `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, start_year, end_year, status, is_flagship)
   SELECT 'bench-exp-' || lpad(n::text, 6, '0'), (SELECT id FROM programme WHERE code = 'bench-exp'), 'detailed', '效能測試細部計畫 ' || n,
          (SELECT id FROM organisation WHERE code = 'moea'), 2023, 2026, 'active', false
     FROM generate_series(1, $1) AS n`, [Math.ceil(ROWS / perSubProject)],
);
await db.query(
  `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status)
   SELECT sp.code || '-m' || k, sp.id, k, 2026, DATE '2026-01-01' + k * 30, '查核點：完成第 ' || k || ' 階段工作，並提交成果報告', 'pending'
     FROM sub_project sp CROSS JOIN generate_series(1, $1) AS k WHERE sp.code LIKE 'bench-exp-%'`, [perSubProject],
);
await db.query('VACUUM ANALYZE');

const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  cwd: ROOT, env: { ...env, ...(HEAP_MIB ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_MIB}` } : {}), PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000', RATE_LIMIT_PER_USER: '1000000', RATE_LIMIT_EXPENSIVE_PER_USER: '1000000', QUEUE_PREFIX: 'guankao-bench-exports' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.on('exit', () => api.kill('SIGTERM'));
const base = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/health`)).ok) break; } catch { /* starting */ }
  if (i > 150) throw new Error('API did not start');
  await new Promise((r) => setTimeout(r, 200));
}
const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@demo.guankao.tw', password: 'guankao-demo' }) })).json();
const auth = { authorization: `Bearer ${login.accessToken}` };

const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))[1]) / 1024;

/** Downloads one export, reading the body as it streams; samples the API's RSS every 20 ms. */
async function exportRun(format, limitSubProject) {
  const query = limitSubProject ? `&subProject=${limitSubProject}` : '&programme=bench-exp';
  const before = rssMiB();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMiB()); }, 20);
  const started = performance.now();
  const res = await fetch(`${base}/api/exports/milestones?format=${format}${query}`, { headers: auth });
  if (res.status !== 200) throw new Error(`${format}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += chunk.length;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { seconds, bytes, before, peak };
}

/** Baseline: the same rows by one plain query (no pages, no scope, no DTOs), written as CSV lines here. */
async function baselineRun() {
  const started = performance.now();
  const { rows } = await db.query(
    `SELECT sp.code AS sub_project_code, sp.name, m.code, m.seq, m.fiscal_year, to_char(m.due_date, 'YYYY-MM-DD') AS due, m.deliverable, m.status
       FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.code LIKE 'bench-exp-%' ORDER BY sp.code, m.seq, m.code`,
  );
  let bytes = 0;
  for (const r of rows) bytes += Buffer.byteLength(`${Object.values(r).join(',')}\r\n`);
  return { seconds: (performance.now() - started) / 1000, bytes, rows: rows.length };
}

const [{ n: total }] = (await db.query(`SELECT count(*)::int AS n FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.code LIKE 'bench-exp-%'`)).rows;
console.log(`${total} milestones (${ROWS} generated); ${REPEAT} repetitions; API pid ${api.pid}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (let r = 0; r < REPEAT; r++) {
  const b = await baselineRun();
  results.push({ target: 'baseline pg → csv', rows: b.rows, ...b, before: null, peak: null });
  for (const format of ['csv', 'xlsx', 'ods']) results.push({ target: `export ${format}`, rows: total, ...(await exportRun(format)) });
  // 10 sub-projects' milestones (100 rows): the RSS of a small export, to compare peaks with.
  results.push({ target: 'export csv, 100 rows', rows: perSubProject * 10, ...(await exportRun('csv', 'bench-exp-000001')) });
}
console.log('\n| target | rows | median s | rows/s | MiB | API RSS before → peak (median, MiB) |\n| --- | --- | --- | --- | --- | --- |');
for (const target of [...new Set(results.map((r) => r.target))]) {
  const runs = results.filter((r) => r.target === target);
  const s = median(runs.map((r) => r.seconds));
  const rss = runs[0].before === null ? '—' : `${median(runs.map((r) => r.before)).toFixed(0)} → ${median(runs.map((r) => r.peak)).toFixed(0)}`;
  console.log(`| ${target} | ${runs[0].rows} | ${s.toFixed(2)} | ${Math.round(runs[0].rows / s).toLocaleString('en')} | ${(median(runs.map((r) => r.bytes)) / 1048576).toFixed(1)} | ${rss} |`);
}
await db.end();
api.kill('SIGTERM');
await new Promise((r) => api.once('exit', r));
await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
