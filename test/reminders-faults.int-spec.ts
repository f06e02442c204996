/**
 * Reminders under faults: two sweeps of the same day at once, and a worker process killed with
 * SIGKILL in the middle of a sweep and replaced. Each case must end with exactly one ledger row
 * per (kind, milestone, recipient, day) and a send job for every pending one, none missing.
 * The SMTP-level cases check one email per ledger key at a real SMTP server, also with SMTP
 * failing transiently and with the sending worker process killed.
 */
import type { ChildProcess } from 'node:child_process';
import { Job, Queue } from 'bullmq';
import { exited, killWorkerProcesses, startWorkerProcess } from './support/worker-process.js';
import { Redis } from 'ioredis';
import { addDays } from '../libs/common/clock.js';
import { JobName, QueueName } from '../libs/queue/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';
import { SmtpTestServer } from './support/smtp.js';
import { eventually } from './support/eventually.js';
import { expectOneEmailPerLedgerKey, finished } from './support/sweeps.js';
import { bootWorker, dropQueues, uniqueQueuePrefix } from './support/worker.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const D = '2031-03-20';
/** Milestones due on D, all led by 經濟部 (moea), whose two officers are told: 2 notifications each per reminder day. */
const MILESTONES = 12_000;
const OFFICERS = 2;

let db: TestDatabase;
let g: Given;
let smtp: SmtpTestServer;
let redis: Redis;
const prefixes: string[] = [];
const queues: Queue[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  g = await given(db.url);
  smtp = await new SmtpTestServer().start();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  await g.sql(
    `INSERT INTO app_user (email, display_name, organisation_id, roles)
     SELECT 'moea.second@test.tw', '經濟部 承辦 2', id, '{ministry_officer}' FROM organisation WHERE code = 'moea'`,
  );
  const programme = await g.programme('flt');
  await g.sql(
    `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, status)
     SELECT 'flt-' || i, $1, 'detailed', '故障測試 ' || i, (SELECT id FROM organisation WHERE code = 'moea'), 'active'
       FROM generate_series(1, $2::int) i`,
    [programme, MILESTONES / 100],
  );
  // A second, small set due later, for the SMTP-level cases (emails take time to send).
  await g.sql(
    `INSERT INTO milestone (code, sub_project_id, seq, due_date, deliverable)
     SELECT sp.code || '-m' || lpad(s::text, 3, '0'), sp.id, s, CASE WHEN s <= 100 THEN $1::date ELSE $2::date END, '查核點 ' || s
       FROM sub_project sp, generate_series(1, 110) s WHERE sp.code LIKE 'flt-%'`,
    [D, addDays(D, 60)],
  );
  await g.sql('ANALYZE milestone');
}, 60_000);

afterAll(async () => {
  killWorkerProcesses();
  for (const queue of queues) await queue.close();
  redis?.disconnect();
  await smtp?.stop();
  await g?.close();
  for (const prefix of prefixes) await dropQueues(prefix);
  await db?.drop();
});

function queueOf(prefix: string, name: QueueName): Queue {
  const queue = new Queue(name, { connection: { url: REDIS_URL }, prefix });
  queues.push(queue);
  return queue;
}

/** A fresh prefix with the Email queue paused: sends wait where they can be counted. */
async function pausedSends(): Promise<{ prefix: string; sweeps: Queue; email: Queue }> {
  const prefix = uniqueQueuePrefix();
  prefixes.push(prefix);
  const email = queueOf(prefix, QueueName.Email);
  await email.pause();
  return { prefix, sweeps: queueOf(prefix, QueueName.Sweeps), email };
}

/** The ledger for a day: rows, distinct (kind, milestone, recipient) triples, and the ids of the pending rows. */
async function ledgerOf(day: string) {
  const [counts] = await g.sql<{ rows: number; distinct_triples: number; pending: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT (kind, milestone_id, recipient_user_id))::int AS distinct_triples,
            count(*) FILTER (WHERE status = 'pending')::int AS pending
       FROM notification WHERE day = $1`,
    [day],
  );
  const pendingIds = (await g.sql<{ id: string }>(`SELECT id FROM notification WHERE day = $1 AND status = 'pending'`, [day])).map((r) => r.id);
  return { ...counts, pendingIds };
}

/** Which pending rows have no send job under their fixed id. */
async function withoutSendJob(prefix: string, ids: string[]): Promise<string[]> {
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.exists(`${prefix}:${QueueName.Email}:notification-${id}`);
  const results = (await pipeline.exec()) ?? [];
  return ids.filter((_, i) => results[i]?.[1] !== 1);
}

async function emailJobCount(email: Queue): Promise<number> {
  return email.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
}

/** Sends at once per worker process: at most this many can be caught in flight by a kill. */
const EMAIL_CONCURRENCY = 8;

/** A worker process on this file's database and SMTP server; stale jobs come back within seconds. */
function startWorker(prefix: string, extraEnv: Record<string, string> = {}): Promise<ChildProcess> {
  return startWorkerProcess({
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    SMTP_URL: smtp.url,
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    WORKER_CONCURRENCY_EMAIL: String(EMAIL_CONCURRENCY),
    ...extraEnv,
  });
}

describe('two sweeps of the same day at once', () => {
  it('leave one ledger row per key and one send job per pending row', async () => {
    const day = addDays(D, -7);
    const { prefix, sweeps, email } = await pausedSends();
    const workers = await Promise.all([1, 2].map(() => bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url })));
    try {
      const jobs = await sweeps.addBulk([1, 2].map(() => ({ name: JobName.ReminderSweep, data: { day } })));
      const results = await Promise.all(jobs.map((j) => finished<{ notifications: number }>(sweeps, j.id!, 120_000)));
      // They really ran side by side, one in each worker.
      const [a, b] = await Promise.all(jobs.map((j) => Job.fromId(sweeps, j.id!)));
      expect(a!.processedOn! < b!.finishedOn! && b!.processedOn! < a!.finishedOn!).toBe(true);
      expect(results.map((r) => r.notifications)).toEqual([MILESTONES * OFFICERS, MILESTONES * OFFICERS]);

      const ledger = await ledgerOf(day);
      expect(ledger).toMatchObject({ rows: MILESTONES * OFFICERS, distinct_triples: MILESTONES * OFFICERS, pending: MILESTONES * OFFICERS });
      expect(await withoutSendJob(prefix, ledger.pendingIds)).toEqual([]);
      expect(await emailJobCount(email)).toBe(MILESTONES * OFFICERS);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 180_000);
});

describe('a worker process killed in the middle of a sweep', () => {
  it('leaves nothing missing and nothing doubled once another worker has taken over', async () => {
    const day = addDays(D, -1);
    const expected = MILESTONES * OFFICERS;
    const { prefix, sweeps, email } = await pausedSends();
    const first = await startWorker(prefix);
    const job = await sweeps.add(JobName.ReminderSweep, { day });

    // Kill it as soon as part of the day is in the ledger.
    const atKill = await eventually('the sweep to have recorded some notifications', async () => {
      const [{ n }] = await g.sql<{ n: number }>('SELECT count(*)::int AS n FROM notification WHERE day = $1', [day]);
      return n > 0 ? n : undefined;
    }, 60_000, 5);
    first.kill('SIGKILL');
    await exited(first);
    expect(atKill).toBeLessThan(expected);
    expect(await job.getState()).toBe('active'); // its lock outlives the process until it expires

    const second = await startWorker(prefix);
    try {
      await finished(sweeps, job.id!, 120_000);
      const recovered = await Job.fromId(sweeps, job.id!);
      expect(recovered!.stalledCounter).toBe(1); // came back as a stalled job, not as a retry

      const ledger = await ledgerOf(day);
      expect(ledger).toMatchObject({ rows: expected, distinct_triples: expected, pending: expected });
      expect(await withoutSendJob(prefix, ledger.pendingIds)).toEqual([]);
      expect(await emailJobCount(email)).toBe(expected);
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
  }, 180_000);
});

// ------------------------------------------------------------------------------------------------
// Milestones due D+60: 120 sub-projects × 10 = 1,200 milestones, 2 officers each: 2,400 emails per day swept.
describe('exactly one email per ledger key at the SMTP server', () => {
  const E = addDays(D, 60);
  const emailsPerDay = (MILESTONES / 100) * 10 * OFFICERS;
  const scope = (day: string): [string, unknown[]] => ['n.day = $1', [day]];

  it('two sweeps at once, two workers sending', async () => {
    const day = addDays(E, -14);
    const prefix = uniqueQueuePrefix();
    prefixes.push(prefix);
    smtp.clear();
    const workers = await Promise.all([1, 2].map(() => bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url })));
    try {
      const sweeps = queueOf(prefix, QueueName.Sweeps);
      const jobs = await sweeps.addBulk([1, 2].map(() => ({ name: JobName.ReminderSweep, data: { day } })));
      await Promise.all(jobs.map((j) => finished(sweeps, j.id!, 120_000)));
      expect(await expectOneEmailPerLedgerKey(g, smtp, ...scope(day))).toHaveLength(emailsPerDay);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 180_000);

  it('a worker process killed while sending, another started', async () => {
    const day = addDays(E, -7);
    const prefix = uniqueQueuePrefix();
    prefixes.push(prefix);
    smtp.clear();
    const first = await startWorker(prefix);
    const sweeps = queueOf(prefix, QueueName.Sweeps);
    await sweeps.add(JobName.ReminderSweep, { day });
    await eventually('some emails to have been sent', async () => smtp.received.length >= emailsPerDay / 4, 60_000, 5);
    first.kill('SIGKILL');
    await exited(first);
    expect(smtp.received.length).toBeLessThan(emailsPerDay);
    const second = await startWorker(prefix);
    try {
      // Every key delivered, each as one message (one Message-ID). A send the kill caught between
      // the server's 250 and the COMMIT goes again with the same Message-ID: SMTP has no way to
      // make that atomic, so at most the in-flight sends (the email concurrency) can repeat.
      expect(await expectOneEmailPerLedgerKey(g, smtp, ...scope(day), { redeliveries: EMAIL_CONCURRENCY })).toHaveLength(emailsPerDay);
    } finally {
      second.kill('SIGTERM');
      await exited(second);
    }
  }, 180_000);

  it('SMTP refusing transiently, then accepting', async () => {
    const day = addDays(E, -1);
    const prefix = uniqueQueuePrefix();
    prefixes.push(prefix);
    smtp.clear();
    smtp.failNext(25, 451);
    const worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url });
    try {
      const sweeps = queueOf(prefix, QueueName.Sweeps);
      const job = await sweeps.add(JobName.ReminderSweep, { day });
      await finished(sweeps, job.id!, 120_000);
      expect(await expectOneEmailPerLedgerKey(g, smtp, ...scope(day))).toHaveLength(emailsPerDay);
    } finally {
      await worker.close();
    }
  }, 180_000);
});
