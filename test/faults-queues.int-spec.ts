import { DataSource } from 'typeorm';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';
import { PrivateRedis } from './support/redis-server.js';
import { SmtpTestServer } from './support/smtp.js';
import { eventually } from './support/sweeps.js';
import { dropQueues, uniqueQueuePrefix } from './support/worker.js';
import { killWorkerProcesses } from './support/worker-process.js';
import { startFaultWorker, type WorkerProcess } from './faults-helpers.js';

/**
 * A queue first used while Redis is down (here: the worker's /health asked during the outage, so
 * the events and email queues start up against a dead Redis) must work once Redis is back, without
 * a restart: the outbox is relayed, the notification is recorded and its email sent, and /health
 * says the queues could not take jobs while they could not.
 */
let redis: PrivateRedis;
let db: TestDatabase;
let ds: DataSource;
let api: TestApi;
let smtp: SmtpTestServer;
let worker: WorkerProcess;
let coordinator: Client;
const prefix = uniqueQueuePrefix();
let redisDown = false;

beforeAll(async () => {
  redis = await PrivateRedis.start();
  process.env.REDIS_URL = redis.url;
  process.env.QUEUE_PREFIX = prefix;
  db = await createTestDatabase();
  ds = await openDataSource(db.url);
  smtp = await new SmtpTestServer().start();
  api = await bootApi(db.url);
  coordinator = await api.as('coordinator');
  worker = await startFaultWorker({
    DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: prefix, SMTP_URL: smtp.url,
    // The reconciler would re-queue lost ledger rows after a while; this test is about the queues themselves.
    NOTIFICATION_RECONCILE_INTERVAL_MS: '3600000',
  });
}, 60_000);

afterAll(async () => {
  killWorkerProcesses();
  if (redisDown) await redis.start(); // a failed test may leave it down, and closing the API waits for it
  await api?.app.close();
  await smtp?.stop();
  await ds?.destroy();
  await dropQueues(prefix, redis.url).catch(() => undefined);
  await redis?.stop();
  delete process.env.REDIS_URL;
  delete process.env.QUEUE_PREFIX;
  await db?.drop();
});

it('recovers a queue whose first use was during a Redis outage, and says so on /health meanwhile', async () => {
  expect((await worker.health()).status).toBe(200);
  await redis.stop();
  redisDown = true;

  // First use of the events and email queues: while Redis is down.
  const during = await eventually('the worker to report Redis down', async () => {
    const health = await worker.health();
    return health.body.checks.redis.status === 'down' && health;
  });
  expect(during.status).toBe(503);
  for (const queue of Object.values(during.body.checks.queues)) {
    expect(queue).toEqual(expect.objectContaining({ producerReady: false, counts: null, error: expect.any(String) }));
  }

  // A write while Redis is down: assigning a sub-project to 經濟部 tells its officers and supervisors.
  const created = await coordinator.request('POST', '/api/sub-projects', { programme: 'aap2', name: '佇列復原測試計畫', axes: ['aap2-axis-1'], startYear: 2025, endYear: 2026 });
  expect(created.status).toBe(201);
  const assigned = await coordinator.request('POST', `/api/sub-projects/${created.body.code}/assign`, { version: created.body.version, lead: 'moea' });
  expect(assigned.status).toBe(200);

  // Redis comes back empty; the same worker process relays, records and sends.
  await redis.start();
  redisDown = false;
  await eventually('the outbox to be relayed', async () => (await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`))[0].n === 0);
  const rows = await eventually('the assignment\'s notifications to be sent', async () => {
    const found: { key: string; status: string }[] = await ds.query(
      `SELECT n.key, n.status FROM notification n JOIN sub_project sp ON sp.id = n.subject_id WHERE sp.code = $1`,
      [created.body.code],
    );
    return found.length > 0 && found.every((r) => r.status === 'sent') && found;
  });
  await smtp.waitFor(rows.length);
  expect(smtp.received.map((m) => m.headers['x-guankao-notification-key']).sort()).toEqual(rows.map((r) => r.key).sort());

  const after = await eventually('the worker to report healthy again', async () => {
    const health = await worker.health();
    return health.status === 200 && health;
  });
  for (const queue of Object.values(after.body.checks.queues) as { producerReady: boolean }[]) expect(queue.producerReady).toBe(true);
}, 90_000);
