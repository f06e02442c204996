#!/usr/bin/env node
/**
 * Issue 3 benchmark, step 2: starts the real API and the raw baseline on the bench database and
 * drives both with autocannon, one scenario and one target at a time.
 *
 *   node bench/run.mjs [--duration=20] [--warmup=5] [--only=submit,overdue,portfolio-coordinator,portfolio-ministry]
 *                      [--targets=ours,raw,raw-session] [--c-submit=20] [--c-overdue=20] [--c-portfolio=2]
 *                      [--ministries=6] [--pages=5] [--repeat=1]
 *
 * Targets: "ours" is dist/apps/api/src/main.js (Nest + Fastify + TypeORM, the access guard's session
 * lookup on every request); "raw" is bench/raw-server.mjs (plain Fastify + pg, the same SQL, the
 * caller passed in a header); "raw-session" is the raw server also running the session lookup;
 * opt-in what-ifs for the submit (not our SQL): "raw-lean" answers with the detail read in one
 * statement instead of three; "raw-session-prepared" is raw-session with named prepared statements;
 * "ours-prepared" is our API with bench/prepared-statements.mjs preloaded (same code, named statements).
 * Every response must be 2xx: a run with any other status, error or timeout is marked INVALID.
 * Results are printed and written to bench/results/run-<time>.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEFAULT_BENCH_URL } from './common.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const DURATION = Number(args.duration ?? 20);
const WARMUP = Number(args.warmup ?? 5);
const SCENARIOS = (args.only ?? 'submit,overdue,portfolio-coordinator,portfolio-ministry').split(',');
const TARGETS = (args.targets ?? 'ours,raw,raw-session').split(',');
const CONNECTIONS = {
  submit: Number(args['c-submit'] ?? 20),
  overdue: Number(args['c-overdue'] ?? 20),
  'portfolio-coordinator': Number(args['c-portfolio'] ?? 2),
  'portfolio-ministry': Number(args['c-portfolio'] ?? 2),
};
const MINISTRIES = Number(args.ministries ?? 6);
const PAGES = Number(args.pages ?? 5);
const REPEAT = Number(args.repeat ?? 1);
const PASSWORD = process.env.DEMO_PASSWORD || 'guankao-demo';
const DATABASE_URL = process.env.DATABASE_URL || DEFAULT_BENCH_URL;
const POOL_SIZE = process.env.DATABASE_POOL_SIZE || '10';
const PORTS = { ours: Number(args['port-ours'] ?? 3100), raw: Number(args['port-raw'] ?? 3101), oursPrepared: Number(args['port-ours-prepared'] ?? 3102) };
const TARGETS_URL = {
  ours: `http://127.0.0.1:${PORTS.ours}`, raw: `http://127.0.0.1:${PORTS.raw}`, 'raw-session': `http://127.0.0.1:${PORTS.raw}`, 'raw-lean': `http://127.0.0.1:${PORTS.raw}`,
  'raw-session-prepared': `http://127.0.0.1:${PORTS.raw}`, 'ours-prepared': `http://127.0.0.1:${PORTS.oursPrepared}`,
};

/** What issue 3 asks for. */
const GOALS = {
  submit: { rps: 600, p99: 100 },
  overdue: { rps: 1000, p99: 50 },
  'portfolio-coordinator': { p99: 100 },
  'portfolio-ministry': { p99: 100 },
};

const db = new pg.Client({ connectionString: DATABASE_URL });
await db.connect();
const sql = async (text, params) => (await db.query(text, params)).rows;
const [{ n: generated }] = await sql(`SELECT count(*)::int AS n FROM sub_project WHERE code LIKE 'bench-sp-%'`);
if (!generated) throw new Error(`No generated data in ${DATABASE_URL}: run node bench/generate.mjs first`);

// ---- processes ----------------------------------------------------------------------------------
const children = [];
function start(name, file, env) {
  const child = spawn(process.execPath, [file], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk) => {
    for (const line of chunk.toString().split('\n')) if (/WARN|ERROR|Error|error/.test(line)) console.log(`  [${name}] ${line.trim()}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.on('exit', (code) => { if (!stopping) console.log(`  [${name}] exited with ${code}`); });
  children.push(child);
  return child;
}
let stopping = false;
function stopAll() {
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
}
process.on('exit', stopAll);
process.on('SIGINT', () => { stopAll(); process.exit(130); });

async function waitHealthy(url) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

const apiEnv = {
  DATABASE_URL, DATABASE_POOL_SIZE: POOL_SIZE, HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'warn',
  LOGIN_MAX_PER_IP: '1000000', ACCESS_TOKEN_TTL_SECONDS: '7200',
};
const api = start('api', 'dist/apps/api/src/main.js', { ...apiEnv, PORT: String(PORTS.ours) });
const raw = start('raw', 'bench/raw-server.mjs', { DATABASE_URL, DATABASE_POOL_SIZE: POOL_SIZE, PORT: String(PORTS.raw) });
// The what-if "ours-prepared": the same API with bench/prepared-statements.mjs preloaded.
const apiPrepared = TARGETS.includes('ours-prepared')
  ? start('api-prepared', 'dist/apps/api/src/main.js', {
    ...apiEnv, PORT: String(PORTS.oursPrepared), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ./bench/prepared-statements.mjs`.trim(),
  })
  : null;
await Promise.all([waitHealthy(TARGETS_URL.ours), waitHealthy(TARGETS_URL.raw), ...(apiPrepared ? [waitHealthy(TARGETS_URL['ours-prepared'])] : [])]);
const pidOf = { ours: api.pid, raw: raw.pid, 'raw-session': raw.pid, 'raw-lean': raw.pid, 'raw-session-prepared': raw.pid, 'ours-prepared': apiPrepared?.pid };

// ---- callers ------------------------------------------------------------------------------------
async function login(email) {
  const res = await fetch(`${TARGETS_URL.ours}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}
// Ministries by size (sub-projects led), each with its bench officer.
const officers = await sql(
  `SELECT o.code, u.id AS user_id, u.email, (SELECT count(*)::int FROM sub_project sp WHERE sp.lead_organisation_id = o.id) AS led
     FROM organisation o JOIN app_user u ON u.organisation_id = o.id
    WHERE o.kind = 'ministry' AND u.email = o.code || '.officer@bench.guankao.tw' ORDER BY led DESC, o.code`,
);
const [coordinator] = await sql(`SELECT id AS user_id, email FROM app_user WHERE email = 'coordinator@demo.guankao.tw'`);
const tokens = new Map();
for (const u of [coordinator, ...officers]) tokens.set(u.user_id, await login(u.email));
/** The ministries the dashboard scenarios cycle through: evenly spread from the largest to the smallest. */
const sample = Array.from({ length: Math.min(MINISTRIES, officers.length) }, (_, i) => officers[Math.round((i * (officers.length - 1)) / Math.max(1, MINISTRIES - 1))]);
console.log(`Signed in: coordinator and ${officers.length} ministry officers. Dashboard ministries: ${sample.map((m) => `${m.code} (${m.led})`).join(', ')}`);

function headersFor(userId, target) {
  const h = { authorization: `Bearer ${tokens.get(userId)}`, 'x-bench-user': userId };
  if (target.startsWith('raw-session')) h['x-bench-auth'] = 'session';
  if (target === 'raw-lean') h['x-bench-variant'] = 'lean';
  if (target === 'raw-session-prepared') h['x-bench-variant'] = 'prepared';
  return h;
}

// ---- request lists ------------------------------------------------------------------------------
const [{ period: lightPeriod }] = await sql(`SELECT max(period) AS period FROM status_light`);
async function getJson(target, path, userId) {
  const res = await fetch(`${TARGETS_URL[target]}${path}`, { headers: headersFor(userId, target) });
  if (!res.ok) throw new Error(`${target} GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Overdue milestones: page 1..PAGES of each sampled ministry, following nextCursor (walked on our API). */
const overdueRequests = [];
if (SCENARIOS.includes('overdue')) {
  for (const m of sample) {
    let path = '/api/dashboards/overdue-milestones?limit=50';
    for (let page = 1; page <= PAGES && path; page++) {
      overdueRequests.push({ path, userId: m.user_id });
      const body = await getJson('ours', path, m.user_id);
      if (page === 1 && TARGETS.some((t) => t !== 'ours')) {
        // The baseline must do the same work: same rows, same cursor.
        const rawBody = await getJson('raw', path, m.user_id);
        const ourCodes = body.items.map((i) => i.milestone.code).join();
        if (ourCodes !== rawBody.items.map((i) => i.code).join() || body.nextCursor !== rawBody.nextCursor) throw new Error(`raw baseline differs from ours for ${m.code}`);
      }
      path = body.nextCursor ? `/api/dashboards/overdue-milestones?limit=50&after=${body.nextCursor}` : null;
    }
  }
}
const portfolioPath = `/api/dashboards/portfolio?programme=aap2&period=${lightPeriod}`;
const portfolioRequests = {
  'portfolio-coordinator': [{ path: portfolioPath, userId: coordinator.user_id }],
  'portfolio-ministry': sample.map((m) => ({ path: portfolioPath, userId: m.user_id })),
};
for (const [scenario, list] of Object.entries(portfolioRequests)) {
  if (!SCENARIOS.includes(scenario) || !TARGETS.some((t) => t !== 'ours')) continue;
  const ours = await getJson('ours', list[0].path, list[0].userId);
  const rawBody = await getJson('raw', list[0].path, list[0].userId);
  if (ours.total !== rawBody.byLead.reduce((a, r) => a + r.n, 0)) throw new Error(`raw baseline differs from ours for ${scenario}`);
}

/**
 * Drafts of the submit pool (one per sub-project, milestone_id NULL). Before each run the pool is put
 * back as generated: drafts again, without the review rows earlier runs added (a submission submitted
 * in several runs would otherwise answer with an ever longer review list). Audit and outbox rows stay:
 * they are append-only and grow as in real use.
 */
async function draftQueue() {
  await sql(`DELETE FROM submission_review r USING submission s WHERE s.id = r.submission_id AND s.milestone_id IS NULL`);
  await sql(`UPDATE submission SET status = 'draft', version = version + 1, updated_at = now() WHERE milestone_id IS NULL AND status <> 'draft'`);
  await sql(`VACUUM ANALYZE submission`);
  await sql(`VACUUM ANALYZE submission_review`);
  await sql(`CHECKPOINT`);
  return sql(
    `SELECT s.id, s.version, u.id AS user_id
       FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id
       JOIN organisation o ON o.id = sp.lead_organisation_id
       JOIN app_user u ON u.email = o.code || '.officer@bench.guankao.tw'
      WHERE s.milestone_id IS NULL AND s.status = 'draft'
      ORDER BY random()`,
  );
}

// ---- measuring ----------------------------------------------------------------------------------
function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100/s)
}
/** CPU of every PostgreSQL process (the server is local; other databases' activity counts too). */
function postgresTicks() {
  let t = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.split(') ')[1].split(' ');
      // utime + stime, plus cutime + cstime: the postmaster inherits the CPU of backends that exited.
      t += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch { /* gone */ }
  }
  return t;
}
function machineTicks() {
  const [, ...v] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const idle = v[3] + v[4];
  return { busy: v.reduce((a, b) => a + b, 0) - idle, total: v.reduce((a, b) => a + b, 0) };
}

async function cannon(target, requestsFor, connections, duration) {
  return autocannon({
    url: TARGETS_URL[target], connections, duration, timeout: 10,
    requests: [{ setupRequest: (req) => requestsFor(req) }],
  });
}

const results = [];
async function measure(scenario, target) {
  const connections = CONNECTIONS[scenario];
  let next;
  let exhausted = false;
  if (scenario === 'submit') {
    const queue = await draftQueue();
    next = (req) => {
      const d = queue.pop();
      if (!d) { exhausted = true; return req; }
      return { ...req, method: 'POST', path: `/api/submissions/${d.id}/submit`, headers: { ...headersFor(d.user_id, target), 'content-type': 'application/json' },
        body: JSON.stringify({ version: d.version }) };
    };
  } else {
    const list = scenario === 'overdue' ? overdueRequests : portfolioRequests[scenario];
    let i = 0;
    next = (req) => {
      const r = list[i++ % list.length];
      return { ...req, method: 'GET', path: r.path, headers: headersFor(r.userId, target) };
    };
  }
  if (WARMUP > 0) await cannon(target, next, connections, WARMUP);
  const load = loadavg()[0];
  const [cpu0, m0, pg0, self0] = [cpuTicks(pidOf[target]), machineTicks(), postgresTicks(), process.cpuUsage()];
  const r = await cannon(target, next, connections, DURATION);
  const [cpu1, m1, pg1, self1] = [cpuTicks(pidOf[target]), machineTicks(), postgresTicks(), process.cpuUsage(self0)];
  const total = r['2xx'] + r.non2xx;
  const row = {
    scenario, target, connections, duration: r.duration,
    rps: total / r.duration >= 100 ? Math.round(total / r.duration) : +(total / r.duration).toFixed(1), total,
    p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max,
    non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
    serverCpuMsPerRequest: +(((cpu1 - cpu0) * 10) / Math.max(1, total)).toFixed(2),
    postgresCpuMsPerRequest: +(((pg1 - pg0) * 10) / Math.max(1, total)).toFixed(2),
    loadGeneratorCpuMsPerRequest: +((self1.user + self1.system) / 1000 / Math.max(1, total)).toFixed(2),
    machineCpuMsPerRequest: +(((m1.busy - m0.busy) * 10) / Math.max(1, total)).toFixed(2),
    machineBusyPercent: Math.round(((m1.busy - m0.busy) * 100) / Math.max(1, m1.total - m0.total)),
    loadAverageBefore: +load.toFixed(2),
    exhausted,
  };
  row.valid = row.non2xx === 0 && row.errors === 0 && row.timeouts === 0 && !exhausted;
  results.push(row);
  console.log(`  ${scenario.padEnd(22)} ${target.padEnd(12)} c=${String(connections).padEnd(3)} ${String(row.rps).padStart(6)} req/s  p50 ${row.p50} p90 ${row.p90} p99 ${row.p99} max ${row.max} ms  ` +
    `non-2xx ${row.non2xx} errors ${row.errors} timeouts ${row.timeouts}  CPU ms/req: server ${row.serverCpuMsPerRequest} postgres ${row.postgresCpuMsPerRequest} ` +
    `autocannon ${row.loadGeneratorCpuMsPerRequest} machine ${row.machineCpuMsPerRequest} (${row.machineBusyPercent}% busy)  load ${row.loadAverageBefore}` +
    `${row.valid ? '' : '  INVALID'}${exhausted ? ' (draft pool exhausted)' : ''}`);
}

console.log(`Runs: ${WARMUP} s warm-up + ${DURATION} s measured; pool ${POOL_SIZE} connections per server; light period ${lightPeriod}.`);
for (const scenario of SCENARIOS) {
  // Targets interleaved, so that a slow minute on the shared machine does not favour one of them.
  for (let rep = 1; rep <= REPEAT; rep++) for (const target of TARGETS) await measure(scenario, target);
}

/** Per scenario and target: the median run by throughput (all runs must be valid). */
/** The middle value; of an even count, the higher one (the conservative side for a latency). */
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = [];
for (const scenario of SCENARIOS) {
  for (const target of TARGETS) {
    const runs = results.filter((r) => r.scenario === scenario && r.target === target);
    const mid = [...runs].sort((a, b) => a.rps - b.rps)[Math.floor((runs.length - 1) / 2)];
    summary.push({
      ...mid, runs: runs.length, rpsAll: runs.map((r) => r.rps), p99All: runs.map((r) => r.p99), p99: median(runs.map((r) => r.p99)),
      non2xx: runs.reduce((a, r) => a + r.non2xx, 0), errors: runs.reduce((a, r) => a + r.errors + r.timeouts, 0), valid: runs.every((r) => r.valid),
    });
  }
}

// ---- report -------------------------------------------------------------------------------------
console.log(`\n${REPEAT > 1 ? `Median of ${REPEAT} runs (req/s of every run in brackets). ` : ''}p50/p90 are from the median run; p99 is the median of the runs' p99.`);
console.log('| scenario | target | conns | req/s | p50 ms | p90 ms | p99 ms | non-2xx / errors | ours ÷ this | goal |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |');
for (const r of summary) {
  const ours = summary.find((o) => o.scenario === r.scenario && o.target === 'ours');
  const goal = GOALS[r.scenario];
  const met = r.target === 'ours' && goal ? ((goal.rps ? r.rps >= goal.rps : true) && r.p99 <= goal.p99 ? 'met' : 'MISSED') : '';
  const ratio = ours && r.target !== 'ours' ? `${Math.round((ours.rps * 100) / r.rps)} %` : '';
  console.log(`| ${r.scenario} | ${r.target} | ${r.connections} | ${r.rps}${r.runs > 1 ? ` [${r.rpsAll.join(', ')}]` : ''} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.non2xx} / ${r.errors + r.timeouts}${r.valid ? '' : ' INVALID'} | ${ratio} | ${goal ? `${goal.rps ? `≥ ${goal.rps} req/s, ` : ''}p99 ≤ ${goal.p99} ms` : ''} ${met} |`);
}
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
const file = join(ROOT, `bench/results/run-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ settings: { DURATION, WARMUP, REPEAT, CONNECTIONS, POOL_SIZE, MINISTRIES: sample.map((m) => m.code), PAGES, lightPeriod }, summary, results }, null, 2));
console.log(`\nWritten to ${file}`);
await db.end();
stopAll();
