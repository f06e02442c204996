import { Queue } from 'bullmq';
import { JobName, QueueName, SCHEDULER_ID } from '../libs/queue/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { PrivateRedis } from './support/redis-server.js';
import { eventually } from './support/sweeps.js';
import { uniqueQueuePrefix } from './support/worker.js';
import { exited, killWorkerProcesses } from './support/worker-process.js';
import { startFaultWorker } from './faults-helpers.js';

/**
 * A Redis that restarts empty has lost every job scheduler: without them no reminder, digest or
 * gate-condition sweep would ever run again. The worker registers them again when Redis comes
 * back, finds lost ones on a periodic check, and /health names the missing ones meanwhile.
 */
const CRON_LIST = [
  SCHEDULER_ID.reminderSweep, SCHEDULER_ID.gateConditionSweep, SCHEDULER_ID.digestSweep, SCHEDULER_ID.dailyDigestSweep, SCHEDULER_ID.notificationReconcile,
].sort();

let redis: PrivateRedis;
let db: TestDatabase;
let sweeps: Queue;
const prefix = uniqueQueuePrefix();

beforeAll(async () => {
  redis = await PrivateRedis.start();
  db = await createTestDatabase();
  sweeps = new Queue(QueueName.Sweeps, { connection: { url: redis.url, maxRetriesPerRequest: null }, prefix });
  sweeps.on('error', () => undefined); // the test stops this Redis
});

afterAll(async () => {
  killWorkerProcesses();
  await sweeps?.close();
  await redis?.stop();
  await db?.drop();
});

const sweepSchedulers = async () => (await sweeps.getJobSchedulers(0, -1)).map((s) => s.key).sort();

it('re-registers the schedulers when Redis comes back empty, and /health names missing ones until then', async () => {
  // A long periodic check: what brings them back here is the reconnection.
  const worker = await startFaultWorker({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, SCHEDULER_CHECK_INTERVAL_MS: '3600000' });
  try {
    expect(await sweepSchedulers()).toEqual(CRON_LIST);
    expect((await worker.health()).body.checks.schedulers).toEqual({ status: 'up', missing: [] });

    // One lost while Redis stays up (a FLUSHDB, a manual removal): /health says which.
    await sweeps.removeJobScheduler(SCHEDULER_ID.reminderSweep);
    const missing = await worker.health();
    expect(missing.status).toBe(503);
    expect(missing.body.checks.schedulers).toEqual({ status: 'down', missing: [SCHEDULER_ID.reminderSweep] });

    // Redis restarts empty: everything is gone, and the worker puts every scheduler back.
    await redis.stop();
    await redis.start();
    await eventually('the schedulers to be registered again', async () => (await sweepSchedulers().catch(() => [])).join() === CRON_LIST.join());
    const delayed = await sweeps.getDelayed();
    expect(delayed.map((j) => j.name)).toEqual(expect.arrayContaining([JobName.ReminderSweep, JobName.DigestSweep, JobName.GateConditionSweep]));
    const healthy = await eventually('/health to be ok', async () => {
      const health = await worker.health();
      return health.status === 200 && health;
    });
    expect(healthy.body.checks.schedulers).toEqual({ status: 'up', missing: [] });
  } finally {
    worker.child.kill('SIGTERM');
    await exited(worker.child);
  }
}, 90_000);

it('finds a lost scheduler on its periodic check while Redis stays up', async () => {
  const worker = await startFaultWorker({ DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, SCHEDULER_CHECK_INTERVAL_MS: '1000' });
  try {
    expect(await sweepSchedulers()).toEqual(CRON_LIST);
    await sweeps.removeJobScheduler(SCHEDULER_ID.digestSweep);
    await eventually('the periodic check to register it again', async () => (await sweepSchedulers()).includes(SCHEDULER_ID.digestSweep), 10_000);
    expect(await sweepSchedulers()).toEqual(CRON_LIST);
  } finally {
    worker.child.kill('SIGTERM');
    await exited(worker.child);
  }
}, 60_000);
