#!/usr/bin/env node
/**
 * Issue 4 benchmark: the reminder sweep on 1M milestones with ~50k due, through the real worker.
 *
 *   node bench/reminders.mjs [--milestones=1000000] [--due=50000] [--keep] [--reuse] [--repeat=3] [--skip-email]
 *                            [--email-concurrency=32] [--smtp-pool=10]
 *
 * 1. Builds its own database (name must contain "bench"; default guankao_bench_reminders): real
 *    migrations and seed, one officer and one supervisor per ministry, 10,000 active sub-projects
 *    and the milestones (set-based SQL). `due` of them are pending and due on the seven dates a sweep
 *    on SWEEP_DAY looks at (14, 7, 1, 0 days before; 1, 3, 7 after); the rest are spread over
 *    2020–2029, 90 % accepted. --reuse keeps an existing database (from --keep) instead.
 * 2. Boots the real worker in this process (dist/apps/worker: BullMQ, the ledger, the sweep handler)
 *    with the Email queue paused, adds one reminder.sweep job and measures the time until it has
 *    completed, i.e. until every reminder is in the ledger and its send job is in Redis.
 * 3. In the same run, raw BullMQ addBulk of the same number of jobs (same name, data shape and
 *    jobId form, same chunk size) into a queue of its own: the enqueue baseline.
 * 4. Resumes the Email queue and measures the time until a local SMTP server (bench/smtp-sink.mjs, its own
 *    process) has accepted every email.
 * 5. Memory: the worker process (process.memoryUsage: the worker runs here) and Redis (INFO memory).
 * The database is dropped at the end unless --keep. Plain .mjs against dist/: build first.
 */
import { execFileSync, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const MILESTONES = Number(args.milestones ?? 1_000_000);
const DUE = Number(args.due ?? 50_000);
const REPEAT = Number(args.repeat ?? 1);
const SUB_PROJECTS = 10_000;
const SWEEP_DAY = '2031-06-16';
const OFFSETS = [14, 7, 1, 0, -1, -3, -7];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/guankao_bench_reminders';
const dbName = new URL(url).pathname.slice(1);
if (!/bench/.test(dbName)) {
  console.error(`Refusing to use "${dbName}": the database name must contain "bench" (it is dropped and re-created).`);
  process.exit(2);
}
const adminUrl = url.replace(/\/[^/?]+(\?|$)/, '/postgres$1');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
async function step(name, fn) {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${name}: ${s(performance.now() - t0)}${typeof out === 'number' || typeof out === 'string' ? ` (${out})` : ''}`);
  return out;
}
async function admin(sql) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}
async function redisMemory(redis) {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}
function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// ---- 1. the database ----------------------------------------------------------------------------
console.log(`Reminder benchmark on ${dbName}: ${MILESTONES} milestones, ${DUE} due around ${SWEEP_DAY}`);
const exists = (await admin(`SELECT 1 FROM pg_database WHERE datname = '${dbName}'`)).rowCount > 0;
if (!(args.reuse && exists)) {
  await step('drop and create database', () => admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).then(() => admin(`CREATE DATABASE "${dbName}"`)));
  const env = { ...process.env, DATABASE_URL: url, NODE_ENV: 'development', SEED_DEMO_USERS: 'true' };
  await step('migrate + seed (dist/apps/cli)', () => {
    execFileSync('node', ['dist/apps/cli/migrate.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('node', ['dist/apps/cli/seed.js'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(`SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'`);
  await step('users: an officer and a supervisor per ministry', async () => (await db.query(
    `INSERT INTO app_user (email, display_name, organisation_id, roles, locale)
     SELECT o.code || '.' || r.name || '@bench.guankao.tw', o.name || ' ' || r.name, o.id, ARRAY[r.role]::user_role[], CASE WHEN r.name = 'officer' THEN 'zh-TW' ELSE 'en' END::user_locale
       FROM organisation o CROSS JOIN (VALUES ('officer', 'ministry_officer'), ('supervisor', 'ministry_supervisor')) AS r(name, role)
      WHERE o.kind = 'ministry'`)).rowCount);
  await step(`programme and ${SUB_PROJECTS} sub-projects`, async () => {
    await db.query(`INSERT INTO programme (code, name, start_year) VALUES ('bench-rm', '提醒基準測試方案', 2020)`);
    return (await db.query(
      `WITH m AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS i, count(*) OVER () AS n FROM organisation WHERE kind = 'ministry')
       INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, status)
       SELECT 'brm-' || lpad(g::text, 5, '0'), (SELECT id FROM programme WHERE code = 'bench-rm'), 'detailed', '基準細部計畫 ' || g, m.id, 'active'
         FROM generate_series(0, $1::int - 1) g JOIN m ON m.i = g % m.n`,
      [SUB_PROJECTS],
    )).rowCount;
  });
  await step(`${MILESTONES} milestones`, async () => (await db.query(
    // Every (MILESTONES / DUE)th milestone is pending and due on one of the seven swept dates; the
    // others fall on a hashed date of 2020–2029 (nowhere near the sweep), 90 % of them accepted.
    `WITH sp AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS i FROM sub_project WHERE code LIKE 'brm-%'),
          dates AS (SELECT $3::date + o AS due, row_number() OVER () - 1 AS k FROM unnest($4::int[]) o)
     INSERT INTO milestone (code, sub_project_id, seq, due_date, deliverable, status)
     SELECT 'brm-m-' || lpad(n::text, 7, '0'), sp.id, n / $5 + 1,
            CASE WHEN n % $2 = 0 THEN (SELECT due FROM dates WHERE k = (n / $2) % 7)
                 ELSE DATE '2020-01-01' + (abs(hashtext('d' || n)) % 3650) END,
            '查核點 ' || n,
            (CASE WHEN n % $2 = 0 THEN 'pending' WHEN abs(hashtext('s' || n)) % 10 = 0 THEN 'pending' ELSE 'accepted' END)::milestone_status
       FROM generate_series(0, $1::int - 1) n JOIN sp ON sp.i = n % $5`,
    [MILESTONES, Math.floor(MILESTONES / DUE), SWEEP_DAY, OFFSETS, SUB_PROJECTS],
  )).rowCount);
  await step('VACUUM ANALYZE', () => db.query('VACUUM ANALYZE milestone, sub_project, app_user, organisation, programme'));
  await db.end();
}

const db = new pg.Client({ connectionString: url });
await db.connect();
const q = async (sql, params) => (await db.query(sql, params)).rows;
const dueDates = OFFSETS.map((o) => addDays(SWEEP_DAY, o));
const [{ due, size }] = await q(
  `SELECT count(*) FILTER (WHERE due_date = ANY($1::date[]) AND status = 'pending')::int AS due, pg_size_pretty(pg_database_size(current_database())) AS size FROM milestone`,
  [dueDates],
);
console.log(`  ${MILESTONES} milestones, ${due} pending on the swept dates; database ${size}`);

// The plan of one batch (the first of the due day), with the real statement.
const { REMINDER_BATCH_SQL, LIVE_SUB_PROJECT_STATUSES } = await import(join(ROOT, 'dist/libs/reminders/reminder-sweep.handler.js'));
const [{ id: programmeId }] = await q(`SELECT id FROM programme WHERE code = 'bench-rm'`);
const explain = await q(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${REMINDER_BATCH_SQL}`, [
  SWEEP_DAY, '', 2000, [programmeId], ['milestone.due_today'], [0], ['ministry_officer'], LIVE_SUB_PROJECT_STATUSES,
]);
const plan = explain.map((r) => r['QUERY PLAN']).join('\n');
if (args.explain) console.log(plan);
const usesIndex = /IDX_milestone_open_due/.test(plan);
console.log(`  batch query: ${usesIndex ? 'range scan of IDX_milestone_open_due' : 'NOT using IDX_milestone_open_due'}; ${/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]} ms for 2000 milestones (--explain prints the plan)`);

// ---- 2. the worker, in this process --------------------------------------------------------------
// The SMTP server runs in a process of its own (bench/smtp-sink.mjs), as a real one would: it must
// not share the worker's event loop.
let smtpCount = 0;
const smtp = fork(join(ROOT, 'bench/smtp-sink.mjs'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
const smtpPort = await new Promise((resolve) => {
  createInterface({ input: smtp.stdout }).on('line', (line) => {
    const [word, value] = line.split(' ');
    if (word === 'listening') resolve(Number(value));
    if (word === 'count') smtpCount = Number(value);
  });
});
const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
const EMAIL_CONCURRENCY = Number(args['email-concurrency'] ?? 32);
const SMTP_POOL = Number(args['smtp-pool'] ?? 10);

const prefix = `bench-rm-${Date.now().toString(36)}`;
Object.assign(process.env, {
  DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: smtpUrl, WORKER_HEALTH_PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'development',
  WORKER_CONCURRENCY_EMAIL: String(EMAIL_CONCURRENCY), SMTP_POOL_SIZE: String(SMTP_POOL), DATABASE_POOL_SIZE: String(EMAIL_CONCURRENCY + 10),
});
const { createWorker } = await import(join(ROOT, 'dist/apps/worker/src/create-worker.js'));
const { JobQueue, QueueName, JobName, DEFAULT_JOB_OPTIONS, jobId } = await import(join(ROOT, 'dist/libs/queue/index.js'));
const redis = new Redis(REDIS_URL);

async function dropPrefix(p) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${p}:*`, 'COUNT', 5000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

// Keys left by an earlier run that was interrupted.
for (const stale of new Set((await redis.keys('bench-rm-*')).map((k) => k.split(':')[0]))) await dropPrefix(stale);

const results = [];
let emailPhase = null;
for (let run = 1; run <= REPEAT; run++) {
  await q(`DELETE FROM notification`);
  await q(`VACUUM ANALYZE notification`);
  await dropPrefix(prefix);
  const app = await createWorker({ logger: ['error'] });
  const jobs = app.get(JobQueue);
  const email = jobs.queue(QueueName.Email);
  const sweeps = jobs.queue(QueueName.Sweeps);
  await email.pause();
  global.gc?.();
  const before = { worker: process.memoryUsage(), redis: await redisMemory(redis) };

  // ---- the sweep: from adding the job until it completed (every send job is in Redis by then)
  const t0 = performance.now();
  const job = await sweeps.add(JobName.ReminderSweep, { day: SWEEP_DAY });
  let peakRss = 0;
  for (;;) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const state = await job.getState();
    if (state === 'completed') break;
    if (state === 'failed') throw new Error(`sweep failed: ${(await sweeps.getJob(job.id)).failedReason}`);
    await sleep(10);
  }
  const sweepMs = performance.now() - t0;
  const result = (await sweeps.getJob(job.id)).returnvalue;
  const [{ pending, total }] = await q(`SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*)::int AS total FROM notification`);
  const enqueued = await email.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
  if (enqueued !== pending) throw new Error(`${enqueued} send jobs for ${pending} pending notifications`);
  const afterSweep = { worker: process.memoryUsage(), redis: await redisMemory(redis), peakRss };

  // ---- the raw baseline: the same number of jobs through BullMQ addBulk, chunked like the ledger
  const rawPrefix = `${prefix}-raw`;
  const raw = new Queue(QueueName.Email, { connection: redis.duplicate(), prefix: rawPrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  await raw.pause();
  const perBatch = Math.ceil(enqueued / Math.max(1, Math.ceil(result.milestonesScanned / 2000)));
  const ids = Array.from({ length: enqueued }, () => randomUUID());
  const t1 = performance.now();
  for (let i = 0; i < ids.length; i += perBatch) {
    await raw.addBulk(ids.slice(i, i + perBatch).map((id) => ({ name: JobName.NotificationSend, data: { notificationId: id }, opts: { jobId: jobId.notificationSend(id) } })));
  }
  const rawMs = performance.now() - t1;
  await raw.close();
  await dropPrefix(rawPrefix);

  // A day with nothing due costs nothing: the sweep reads the index ranges, not the table.
  const t2 = performance.now();
  const empty = await sweeps.add(JobName.ReminderSweep, { day: '2035-01-01' });
  while ((await empty.getState()) !== 'completed') await sleep(5);
  const emptyMs = performance.now() - t2;

  const r = {
    run, notifications: total, pending, enqueued, milestonesScanned: result.milestonesScanned,
    sweepMs, rawMs, oursPerSec: enqueued / (sweepMs / 1000), rawPerSec: enqueued / (rawMs / 1000), emptyDayMs: emptyMs,
    workerRssBefore: before.worker.rss, workerRssAfter: afterSweep.worker.rss, workerPeakRss: afterSweep.peakRss,
    heapBefore: before.worker.heapUsed, heapAfter: afterSweep.worker.heapUsed,
    redisBefore: before.redis, redisAfter: afterSweep.redis,
  };
  r.ratio = r.oursPerSec / r.rawPerSec;
  results.push(r);
  console.log(
    `run ${run}: ${enqueued} reminder jobs (of ${total} notifications, ${result.milestonesScanned} milestones) enqueued in ${s(sweepMs)} = ${Math.round(r.oursPerSec)}/s; ` +
    `raw addBulk ${s(rawMs)} = ${Math.round(r.rawPerSec)}/s → ${(r.ratio * 100).toFixed(0)} % of raw; empty day ${emptyMs.toFixed(0)} ms; ` +
    `worker RSS ${mb(before.worker.rss)} → ${mb(afterSweep.worker.rss)} (peak ${mb(peakRss)}), heap ${mb(before.worker.heapUsed)} → ${mb(afterSweep.worker.heapUsed)}; ` +
    `Redis ${mb(before.redis)} → ${mb(afterSweep.redis)}`,
  );

  // ---- the emails (last run only): from resuming the Email queue until the SMTP server has them all
  if (run === REPEAT && !args['skip-email']) {
    smtp.send('reset');
    await sleep(300);
    smtpCount = 0;
    const t3 = performance.now();
    const cpu3 = process.cpuUsage();
    await email.resume();
    let outcome = 'done';
    for (;;) {
      if (smtpCount >= pending) break;
      const failed = await email.getJobs(['failed', 'delayed'], 0, 0);
      if (failed[0]?.failedReason === 'not implemented yet') { outcome = 'scaffold'; break; }
      if (performance.now() - t3 > 30 * 60_000) { outcome = 'timeout'; break; }
      await sleep(20);
    }
    const emailMs = performance.now() - t3;
    const emailCpu = process.cpuUsage(cpu3);
    console.log(`  email phase: the worker process used ${((emailCpu.user + emailCpu.system) / 1000 / emailMs * 100).toFixed(0)} % of one core`);
    if (outcome === 'scaffold') {
      emailPhase = { skipped: 'NotificationSendHandler is the scaffold (jobs fail "not implemented yet"): run again after merging the send handler' };
    } else {
      const [{ sent }] = await q(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent FROM notification`);
      emailPhase = {
        outcome, emails: smtpCount, sentInLedger: sent, emailMs, emailsPerSec: smtpCount / (emailMs / 1000),
        fromSweepStartMs: sweepMs + emailMs, workerRss: process.memoryUsage().rss, redis: await redisMemory(redis),
      };
    }
    await email.pause();
    console.log(emailPhase.skipped
      ? `emails: skipped — ${emailPhase.skipped}`
      : `emails: ${emailPhase.emails} accepted by SMTP in ${s(emailMs)} = ${Math.round(emailPhase.emailsPerSec)}/s (${emailPhase.sentInLedger} marked sent, ${outcome}); ` +
        `sweep start → last email ${s(emailPhase.fromSweepStartMs)}; worker RSS ${mb(emailPhase.workerRss)}, Redis ${mb(emailPhase.redis)}`);
  }
  await app.close();
}

// ---- summary ------------------------------------------------------------------------------------
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = (k) => median(results.map((r) => r[k]));
console.log('\n| measure | value |\n| --- | --- |');
console.log(`| milestones / due on the swept dates | ${MILESTONES} / ${due} |`);
console.log(`| reminder jobs enqueued (pending notifications) | ${results[0].enqueued} |`);
console.log(`| sweep start → every reminder job enqueued | ${s(m('sweepMs'))} (${results.map((r) => s(r.sweepMs)).join(', ')}) |`);
console.log(`| enqueue throughput: ours / raw addBulk | ${Math.round(m('oursPerSec'))}/s / ${Math.round(m('rawPerSec'))}/s = ${(m('ratio') * 100).toFixed(0)} % (target ≥ 70 %) |`);
console.log(`| sweep of a day with nothing due | ${m('emptyDayMs').toFixed(0)} ms |`);
console.log(`| worker RSS before → after sweep (peak) | ${mb(m('workerRssBefore'))} → ${mb(m('workerRssAfter'))} (${mb(m('workerPeakRss'))}) |`);
console.log(`| Redis used_memory before → after sweep | ${mb(m('redisBefore'))} → ${mb(m('redisAfter'))} |`);
if (emailPhase?.skipped) console.log(`| emails | skipped: send handler not merged |`);
else if (emailPhase) {
  console.log(`| sweep start → every email accepted by SMTP | ${s(emailPhase.fromSweepStartMs)} |`);
  console.log(`| emails/s (pooled SMTP: ${SMTP_POOL} connections, ${EMAIL_CONCURRENCY} sends at once) | ${Math.round(emailPhase.emailsPerSec)}/s (target ≥ 350/s) |`);
  console.log(`| worker RSS / Redis after emails | ${mb(emailPhase.workerRss)} / ${mb(emailPhase.redis)} |`);
}

await dropPrefix(prefix);
redis.disconnect();
await db.end();
smtp.kill();
if (!args.keep) {
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  console.log(`\nDropped ${dbName} (--keep keeps it; --reuse then skips generation).`);
}
process.exit(0);
