import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { stalledJobBoundMs } from '../apps/worker/src/job-runner.js';
import { loadConfig } from '../libs/config/config.js';
import { notificationKey } from '../libs/notifications/ledger.js';
import { NotificationKind } from '../libs/notifications/notification.entity.js';
import { jobId, JobName, QueueName } from '../libs/queue/index.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';
import { PrivateRedis } from './support/redis-server.js';
import { SmtpTestServer } from './support/smtp.js';
import { eventually } from './support/sweeps.js';
import { uniqueQueuePrefix } from './support/worker.js';
import { exited, killWorkerProcesses } from './support/worker-process.js';
import { startFaultWorker } from './faults-helpers.js';

/**
 * A job whose worker dies (SIGKILL) comes back to the queue within the documented bound,
 * max(lock, stalled interval) + stalled interval: 60 s with the production defaults, checked here
 * with a short lock so the test need not wait a minute.
 */
const LOCK_MS = 2000;
const STALLED_MS = 1000;
/** Starting the send again and the SMTP exchange, on a shared 2-core machine. */
const SEND_MARGIN_MS = 2000;

let redis: PrivateRedis;
let db: TestDatabase;
let ds: DataSource;
let smtp: SmtpTestServer;
let email: Queue;
const prefix = uniqueQueuePrefix();

beforeAll(async () => {
  redis = await PrivateRedis.start();
  db = await createTestDatabase();
  ds = await openDataSource(db.url);
  smtp = await new SmtpTestServer().start();
  email = new Queue(QueueName.Email, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
});

afterAll(async () => {
  killWorkerProcesses();
  await email?.close();
  await smtp?.stop();
  await ds?.destroy();
  await redis?.stop();
  await db?.drop();
});

it('documents the production bound: 60 s with the default lock and stalled interval', () => {
  expect(stalledJobBoundMs(loadConfig({}).queue)).toBe(60_000);
  expect(stalledJobBoundMs({ WORKER_LOCK_DURATION_MS: LOCK_MS, WORKER_STALLED_INTERVAL_MS: STALLED_MS })).toBe(3000);
});

it('returns a killed worker\'s job within max(lock, stalled interval) + stalled interval, and sends it once', async () => {
  const env = {
    DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url,
    WORKER_LOCK_DURATION_MS: String(LOCK_MS), WORKER_STALLED_INTERVAL_MS: String(STALLED_MS),
  };
  const [milestone] = await ds.query(`SELECT id FROM milestone WHERE status = 'pending' ORDER BY code LIMIT 1`);
  const [user] = await ds.query(`SELECT id FROM app_user WHERE is_active ORDER BY email LIMIT 1`);
  const day = '2026-02-02';
  const [{ id }] = await ds.query(
    `INSERT INTO notification (key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload)
     VALUES ($1, $2, true, $3, $4, 'milestone', $4, $5, $6) RETURNING id`,
    [notificationKey.milestone(NotificationKind.MilestoneOverdue, milestone.id, user.id, day), NotificationKind.MilestoneOverdue, user.id, milestone.id, day,
     JSON.stringify({ daysOverdue: 1, level: 'ministry_officer' })],
  );

  // The first worker takes the send and hangs in the SMTP exchange.
  smtp.delayRecipients(15_000);
  const first = await startFaultWorker(env);
  await email.add(JobName.NotificationSend, { notificationId: id }, { jobId: jobId.notificationSend(id) });
  await eventually('the first worker to be sending', async () => smtp.recipientsSeen >= 1);

  // A second worker is running (its stalled checks are what return the job); then the first dies.
  const second = await startFaultWorker(env);
  expect(await email.getJobState(jobId.notificationSend(id))).toBe('active');
  smtp.delayRecipients(0);
  first.child.kill('SIGKILL');
  await exited(first.child);
  const killedAt = Date.now();

  await smtp.waitFor(1, stalledJobBoundMs({ WORKER_LOCK_DURATION_MS: LOCK_MS, WORKER_STALLED_INTERVAL_MS: STALLED_MS }) + SEND_MARGIN_MS);
  const returnedWithin = Date.now() - killedAt;
  expect(returnedWithin).toBeLessThanOrEqual(stalledJobBoundMs({ WORKER_LOCK_DURATION_MS: LOCK_MS, WORKER_STALLED_INTERVAL_MS: STALLED_MS }) + SEND_MARGIN_MS);
  await eventually('the row to be marked sent', async () => (await ds.query(`SELECT status FROM notification WHERE id = $1`, [id]))[0].status === 'sent');
  // Sent once: the killed worker never got past RCPT TO.
  const job = await email.getJob(jobId.notificationSend(id));
  await eventually('the job to complete', async () => (await job?.getState()) === 'completed');
  expect(smtp.received).toHaveLength(1);
  second.child.kill('SIGTERM');
  await exited(second.child);
}, 90_000);
