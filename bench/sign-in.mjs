/**
 * Sign-in time with the old argon2id parameters (OWASP's minimum, m=19 MiB, t=2) and the new ones
 * (ARGON2_PARAMS in libs/auth/passwords.ts), side by side:
 *   1. the hash verification alone, one at a time and 4 at once (the CPU cost per sign-in);
 *   2. the whole POST /api/auth/login on the real API (dist/), one at a time, for a user whose
 *      hash has each set of parameters (the rehash-on-sign-in is disabled here by resetting the
 *      old user's hash after each sign-in, so every measured request pays the old cost).
 * Budget: the new parameters' whole sign-in under 250 ms (median and p95).
 *
 *   npm run build && node bench/sign-in.mjs [--runs=40]
 *
 * Creates and drops a database of its own (guankao_bench_signin on DATABASE_URL's server).
 */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import pg from 'pg';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const RUNS = Number(args.runs ?? 40);
const PORT = Number(args.port ?? 3190);
const { ARGON2_PARAMS } = await import(path.join(ROOT, 'dist/libs/auth/passwords.js'));
const OLD = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const NEW = { ...ARGON2_PARAMS };
const PASSWORD = 'bench-sign-in-passphrase-1';
const label = (p) => `m=${p.memoryCost / 1024} MiB, t=${p.timeCost}, p=${p.parallelism}`;

const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};
const fmt = (x) => `${x.toFixed(1)} ms`;

// ---- 1. verification alone ---------------------------------------------------------------------
const rows = [];
for (const [name, params] of [['old', OLD], ['new', NEW]]) {
  const h = await hash(PASSWORD, params);
  await verify(h, PASSWORD); // warm-up
  const serial = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await verify(h, PASSWORD);
    serial.push(performance.now() - t);
  }
  const parallel = [];
  for (let i = 0; i < RUNS / 4; i++) {
    await Promise.all([0, 1, 2, 3].map(async () => {
      const t = performance.now();
      await verify(h, PASSWORD);
      parallel.push(performance.now() - t);
    }));
  }
  rows.push({ name, params, hash: h, serial: stats(serial), parallel: stats(parallel) });
}

// ---- 2. the whole sign-in over HTTP ------------------------------------------------------------
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao';
const url = base.replace(/\/[^/?]+(\?|$)/, '/guankao_bench_signin$1');
const admin = new pg.Client({ connectionString: base.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS guankao_bench_signin WITH (FORCE)');
const env = { ...process.env, DATABASE_URL: url, MIGRATION_DATABASE_URL: url, NODE_ENV: 'development' };
execFileSync(process.execPath, ['dist/apps/cli/migrate.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
const db = new pg.Client({ connectionString: url });
await db.connect();
for (const r of rows) {
  await db.query(`INSERT INTO app_user (email, display_name, roles, password_hash) VALUES ($1, $2, '{viewer}', $3)`, [`${r.name}@bench.guankao.tw`, `bench ${r.name}`, r.hash]);
}
const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  cwd: ROOT,
  env: { ...env, HOST: '127.0.0.1', PORT: String(PORT), LOG_LEVEL: 'warn', LOGIN_MAX_PER_IP: '1000000', LOGIN_MAX_FAILURES: '1000000', QUEUE_PREFIX: 'bench-signin', RATE_LIMIT_PER_ADDRESS: '1000000', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '0' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) break;
    } catch { /* starting */ }
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
    if (i > 600) throw new Error('the API did not start within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const r of rows) {
    const times = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const t = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORT}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `${r.name}@bench.guankao.tw`, password: PASSWORD }),
      });
      const took = performance.now() - t;
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      if (i >= 2) times.push(took); // two warm-up requests
      // Keep the old user's hash at the old parameters: sign-in would upgrade it after the first success.
      if (r.name === 'old') await db.query(`UPDATE app_user SET password_hash = $2 WHERE email = $1`, [`${r.name}@bench.guankao.tw`, r.hash]);
    }
    r.http = stats(times);
  }
} finally {
  api.kill('SIGTERM');
  await db.end();
  await new Promise((r) => api.once('exit', r));
  await admin.query('DROP DATABASE IF EXISTS guankao_bench_signin WITH (FORCE)');
  await admin.end();
}

console.log(`\nSign-in, ${RUNS} runs each (median / p95 / max)\n`);
console.log('| parameters | verify, one at a time | verify, 4 at once | POST /api/auth/login |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) {
  const cell = (s) => `${fmt(s.median)} / ${fmt(s.p95)} / ${fmt(s.max)}`;
  console.log(`| ${r.name}: ${label(r.params)} | ${cell(r.serial)} | ${cell(r.parallel)} | ${cell(r.http)} |`);
}
const newer = rows.find((r) => r.name === 'new');
const ok = newer.http.median < 250 && newer.http.p95 < 250;
console.log(`\nBudget: new parameters' sign-in under 250 ms (median and p95): ${ok ? 'met' : 'NOT met'}`);
process.exitCode = ok ? 0 : 1;
