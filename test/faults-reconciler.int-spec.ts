import { Queue } from 'bullmq';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { notificationKey } from '../libs/notifications/ledger.js';
import { NotificationKind } from '../libs/notifications/notification.entity.js';
import { jobId, JobName, QueueName } from '../libs/queue/index.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';
import { PrivateRedis } from './support/redis-server.js';
import { SmtpTestServer } from './support/smtp.js';
import { eventually } from './support/sweeps.js';
import { uniqueQueuePrefix } from './support/worker.js';
import { killWorkerProcesses } from './support/worker-process.js';
import { startFaultWorker } from './faults-helpers.js';

/**
 * A ledger row recorded but left without a live send job (a Redis that lost its jobs, a job that
 * failed for good without settling its row) is queued again by the reconciler under its own job
 * id, and sent once; one that could not be queued for long shows in the admin's failed list.
 */
let redis: PrivateRedis;
let db: TestDatabase;
let ds: DataSource;
let api: TestApi;
let admin: Client;
let smtp: SmtpTestServer;
let email: Queue;
let sweeps: Queue;
let redisDown = false;
let day = 0;
const prefix = uniqueQueuePrefix();

beforeAll(async () => {
  redis = await PrivateRedis.start();
  process.env.REDIS_URL = redis.url;
  process.env.QUEUE_PREFIX = prefix;
  db = await createTestDatabase();
  ds = await openDataSource(db.url);
  smtp = await new SmtpTestServer().start();
  api = await bootApi(db.url);
  admin = await api.as('admin');
  const connection = { url: redis.url, maxRetriesPerRequest: null };
  email = new Queue(QueueName.Email, { connection, prefix });
  sweeps = new Queue(QueueName.Sweeps, { connection, prefix });
  for (const queue of [email, sweeps]) queue.on('error', () => undefined); // the test stops this Redis
  await startFaultWorker({
    DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url,
    NOTIFICATION_RECONCILE_INTERVAL_MS: '1000', NOTIFICATION_RECONCILE_AFTER_SECONDS: '2',
  });
}, 60_000);

afterAll(async () => {
  killWorkerProcesses();
  if (redisDown) await redis.start();
  await api?.app.close();
  await email?.close();
  await sweeps?.close();
  await smtp?.stop();
  await ds?.destroy();
  await redis?.stop();
  delete process.env.REDIS_URL;
  delete process.env.QUEUE_PREFIX;
  await db?.drop();
});

/** Pending reminder rows (critical: sent whatever the preferences), one per recipient, recorded `ageSql` ago. */
async function pendingRows(count: number, ageSql = '0 seconds'): Promise<string[]> {
  const [milestone] = await ds.query(`SELECT id FROM milestone WHERE status = 'pending' ORDER BY code LIMIT 1`);
  const users: { id: string }[] = await ds.query(`SELECT id FROM app_user WHERE is_active ORDER BY email LIMIT $1`, [count]);
  const on = `2027-01-${String(++day).padStart(2, '0')}`;
  const ids: string[] = [];
  for (const user of users) {
    const [{ id }] = await ds.query(
      `INSERT INTO notification (key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload, created_at)
       VALUES ($1, $2, true, $3, $4, 'milestone', $4, $5, $6, now() - $7::interval) RETURNING id`,
      [notificationKey.milestone(NotificationKind.MilestoneOverdue, milestone.id, user.id, on), NotificationKind.MilestoneOverdue, user.id, milestone.id, on,
       JSON.stringify({ daysOverdue: 1, level: 'ministry_officer' }), ageSql],
    );
    ids.push(id);
  }
  return ids;
}

const statuses = async (ids: string[]): Promise<string[]> =>
  (await ds.query(`SELECT status FROM notification WHERE id = ANY($1::uuid[])`, [ids])).map((r: { status: string }) => r.status);
const keysOf = async (ids: string[]): Promise<string[]> =>
  (await ds.query(`SELECT key FROM notification WHERE id = ANY($1::uuid[]) ORDER BY key`, [ids])).map((r: { key: string }) => r.key);
const emailsFor = (keys: string[]) => smtp.received.filter((m) => keys.includes(m.headers['x-guankao-notification-key']));
const completedReconciles = async () => (await sweeps.getJobs(['completed'], 0, -1)).filter((j) => j.name === JobName.NotificationReconcile).length;

/** Two more reconciler runs after now: whatever they would queue again has had its chance. */
async function twoMoreReconciles(): Promise<void> {
  const before = await completedReconciles();
  await eventually('two more reconciler runs', async () => (await completedReconciles()) >= before + 2, 20_000);
}

it('queues again, once, the sends a Redis that restarted empty lost', async () => {
  await email.pause(); // the sends wait in Redis where the crash takes them
  const ids = await pendingRows(3);
  await email.addBulk(ids.map((id) => ({ name: JobName.NotificationSend, data: { notificationId: id }, opts: { jobId: jobId.notificationSend(id) } })));

  await redis.stop();
  await redis.start(); // empty: jobs, pause and schedulers gone

  await eventually('the lost sends to go out', async () => (await statuses(ids)).every((s) => s === 'sent'), 30_000);
  await twoMoreReconciles();
  const keys = await keysOf(ids);
  expect(emailsFor(keys).map((m) => m.headers['x-guankao-notification-key']).sort()).toEqual(keys);
}, 60_000);

it('queues again a send whose job failed for good while its row stayed pending', async () => {
  const [id] = await pendingRows(1);
  // Another transaction holds the row, so the one attempt this job has finds it busy and fails.
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`SELECT id FROM notification WHERE id = $1 FOR UPDATE`, [id]);
    await email.add(JobName.NotificationSend, { notificationId: id }, { jobId: jobId.notificationSend(id), attempts: 1 });
    await eventually('the job to fail for good', async () => (await email.getJobState(jobId.notificationSend(id))) === 'failed');
    await holder.query('COMMIT');
  } finally {
    await holder.end();
  }
  expect(await statuses([id])).toEqual(['pending']);

  await eventually('the reconciler to send it', async () => (await statuses([id]))[0] === 'sent', 30_000);
  await twoMoreReconciles();
  expect(emailsFor(await keysOf([id]))).toHaveLength(1);
}, 60_000);

it('shows a row that could not be queued for long in the failed list, and a retry sends it once', async () => {
  const failedList = async () => {
    const res = await admin.get('/api/admin/notifications/failed?limit=100');
    expect({ status: res.status, body: res.status === 200 ? 'list' : res.body }).toEqual({ status: 200, body: 'list' });
    return res.body.items as { id: string; lastError: string }[];
  };

  // Redis is down, so nothing (not even the reconciler) can queue this day-old row: the admin sees it anyway.
  await redis.stop();
  redisDown = true;
  const [id] = await pendingRows(1, '25 hours');
  const listed = (await failedList()).find((item) => item.id === id);
  expect(listed?.lastError).toMatch(/^still pending \(not sent\) more than 24 h after it was recorded/);

  // Back up: the reconciler gives it up rather than sending it a day late, with the reason.
  await redis.start();
  redisDown = false;
  await eventually('the reconciler to give it up', async () => (await statuses([id]))[0] === 'failed', 30_000);
  const [row] = await ds.query(`SELECT last_error FROM notification WHERE id = $1`, [id]);
  expect(row.last_error).toMatch(/^not sent within 24 h of being recorded, and no send job was left in the queue/);
  expect((await failedList()).find((item) => item.id === id)?.lastError).toBe(row.last_error);

  const retried = await admin.request('POST', `/api/admin/notifications/${id}/retry`);
  expect(retried.status).toBe(200);
  await eventually('the retried row to be sent', async () => (await statuses([id]))[0] === 'sent');
  await twoMoreReconciles();
  expect(emailsFor(await keysOf([id]))).toHaveLength(1);
}, 60_000);
