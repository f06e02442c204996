import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { notificationKey } from '../libs/notifications/ledger.js';
import { NotificationKind } from '../libs/notifications/notification.entity.js';
import { jobId, JobName, QueueName } from '../libs/queue/index.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { SmtpTestServer } from './support/smtp.js';
import { dropQueues, uniqueQueuePrefix } from './support/worker.js';
import { exited, killWorkerProcesses, startWorkerProcess } from './support/worker-process.js';

/**
 * SIGTERM on a worker process: in-flight jobs finish within WORKER_SHUTDOWN_TIMEOUT_MS, or, past
 * it, are given back to the queue and finished by the next worker, with nothing sent twice.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let db: TestDatabase;
let ds: DataSource;
let smtp: SmtpTestServer;
const prefixes: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDataSource(db.url);
  smtp = await new SmtpTestServer().start();
});

afterAll(async () => {
  killWorkerProcesses();
  await smtp?.stop();
  await ds?.destroy();
  for (const prefix of prefixes) await dropQueues(prefix);
  await db?.drop();
});

/** Pending reminders for a seeded pending milestone, one per officer-like user, with their send jobs. */
async function queueReminders(prefix: string, day: string, count: number): Promise<string[]> {
  const [milestone] = await ds.query(`SELECT id FROM milestone WHERE status = 'pending' ORDER BY code LIMIT 1`);
  const users = await ds.query(`SELECT id FROM app_user WHERE is_active ORDER BY email LIMIT $1`, [count]);
  const ids: string[] = [];
  for (const user of users) {
    const [{ id }] = await ds.query(
      `INSERT INTO notification (key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload)
       VALUES ($1, $2, true, $3, $4, 'milestone', $4, $5, $6) RETURNING id`,
      [notificationKey.milestone(NotificationKind.MilestoneOverdue, milestone.id, user.id, day), NotificationKind.MilestoneOverdue, user.id, milestone.id, day,
       JSON.stringify({ daysOverdue: 1, level: 'ministry_officer' })],
    );
    ids.push(id);
  }
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const email = new Queue(QueueName.Email, { connection, prefix });
  await email.addBulk(ids.map((id) => ({ name: JobName.NotificationSend, data: { notificationId: id }, opts: { jobId: jobId.notificationSend(id) } })));
  await email.close();
  connection.disconnect();
  return ids;
}

const statuses = async (ids: string[]): Promise<string[]> =>
  (await ds.query(`SELECT status FROM notification WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids])).map((r: { status: string }) => r.status);

it('lets in-flight sends finish before exiting', async () => {
  const prefix = uniqueQueuePrefix();
  prefixes.push(prefix);
  smtp.clear();
  smtp.delayRecipients(1500);
  const seenBefore = smtp.recipientsSeen;
  const worker = await startWorkerProcess({ DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, WORKER_SHUTDOWN_TIMEOUT_MS: '15000' });
  const ids = await queueReminders(prefix, '2026-01-05', 3);
  await eventually('the three sends to be under way', () => smtp.recipientsSeen - seenBefore >= 3);

  worker.kill('SIGTERM');
  const exit = await exited(worker);

  // It waited for the slow server instead of dropping the sends.
  expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
  expect(smtp.received).toHaveLength(3);
  expect(await statuses(ids)).toEqual(['sent', 'sent', 'sent']);
});

it('past the deadline, gives the cut-off sends back to the queue; the next worker sends each once', async () => {
  const prefix = uniqueQueuePrefix();
  prefixes.push(prefix);
  smtp.clear();
  smtp.delayRecipients(8000);
  const seenBefore = smtp.recipientsSeen;
  const env = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
  const first = await startWorkerProcess({ ...env, WORKER_SHUTDOWN_TIMEOUT_MS: '300' });
  const ids = await queueReminders(prefix, '2026-01-06', 2);
  await eventually('the two sends to be under way', () => smtp.recipientsSeen - seenBefore >= 2);

  const stopping = Date.now();
  first.kill('SIGTERM');
  await exited(first);
  // It did not wait for the 8-second server: the deadline cut the sends off before their message went.
  expect(Date.now() - stopping).toBeLessThan(8000);
  expect(smtp.received).toHaveLength(0);
  expect(await statuses(ids)).toEqual(['pending', 'pending']);

  smtp.delayRecipients(0);
  const second = await startWorkerProcess(env);
  try {
    await eventually('the returned sends to go out', async () => (await statuses(ids)).every((s) => s === 'sent'));
    await smtp.waitFor(2);
    // Both rows sent and no send under way: a second copy would have arrived by now.
    await eventually('no send under way', () => smtp.sendsUnderWay === 0);
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(2);
  } finally {
    second.kill('SIGTERM');
    await exited(second);
  }
});
