import { createWorker, PendingMigrationsError } from '../apps/worker/src/create-worker.js';
import { buildHandlerRegistry, JobHandlerRegistryError } from '../apps/worker/src/job-runner.js';
import { JobName, QueueName, SCHEDULER_ID } from '../libs/queue/index.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { bootWorker, dropQueues, uniqueQueuePrefix } from './support/worker.js';

describe('worker start-up', () => {
  const dbs: TestDatabase[] = [];
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
    for (const prefix of prefixes) await dropQueues(prefix);
  });

  it('refuses to run while migrations are pending, and says which', async () => {
    const db = await createTestDatabase({ from: 'empty' });
    dbs.push(db);
    process.env.DATABASE_URL = db.url;
    const error = await createWorker({ logger: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PendingMigrationsError);
    const all = MIGRATIONS.map((m) => new m().name);
    expect((error as PendingMigrationsError).pending).toEqual(all);
    expect(all[0]).toMatch(/^CreateOversightSchema\d+$/);
    expect((error as Error).message).toMatch(/npm run migrate/);
  });

  it('starts on a migrated database with no API, and reports PostgreSQL, Redis and every queue on /health', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const prefix = uniqueQueuePrefix();
    prefixes.push(prefix);
    const worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix });
    try {
      expect('getHttpServer' in worker.app).toBe(false);
      const res = await fetch(worker.healthUrl);
      const report = await res.json();
      expect(res.status).toBe(200);
      expect(report.status).toBe('ok');
      expect(report.checks.postgres.status).toBe('up');
      expect(report.checks.redis.status).toBe('up');
      expect(Object.keys(report.checks.queues).sort()).toEqual(Object.values(QueueName).sort());
      expect(report.checks.schedulers).toEqual({ status: 'up', missing: [] });
      for (const queue of Object.values(report.checks.queues) as { workerRunning: boolean; producerReady: boolean; counts: Record<string, number> }[]) {
        expect(queue.workerRunning).toBe(true);
        expect(queue.producerReady).toBe(true);
        expect(queue.counts).toEqual(expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number) }));
      }
      expect((await fetch(worker.healthUrl.replace('/health', '/other'))).status).toBe(404);
    } finally {
      await worker.close();
    }
  });

  it('registers each cron tick once when several workers start at the same moment', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const prefix = uniqueQueuePrefix();
    prefixes.push(prefix);
    const workers = await Promise.all([1, 2, 3].map(() => bootWorker({ databaseUrl: db.url, queuePrefix: prefix })));
    try {
      const sweeps = workers[0].jobs.queue(QueueName.Sweeps);
      const schedulers = await sweeps.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(
        [SCHEDULER_ID.digestSweep, SCHEDULER_ID.dailyDigestSweep, SCHEDULER_ID.reminderSweep, SCHEDULER_ID.gateConditionSweep, SCHEDULER_ID.notificationReconcile].sort(),
      );
      // One upcoming tick per scheduler, not one per worker.
      const delayed = await sweeps.getDelayed();
      expect(delayed.map((j) => j.name).filter((n) => n !== JobName.NotificationReconcile).sort()).toEqual(
        [JobName.DigestSweep, JobName.DigestSweep, JobName.ReminderSweep, JobName.GateConditionSweep].sort(),
      );
      // Its next run: one (the one running now, if any, already made it), not one per worker.
      expect(delayed.filter((j) => j.name === JobName.NotificationReconcile).length).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});

describe('job handler registry', () => {
  const handler = { handle: async () => undefined };
  const all = Object.values(JobName).map((jobName) => ({ jobName, handler, className: `${jobName}Handler` }));

  it('maps every job name to its one handler', () => {
    const registry = buildHandlerRegistry(all);
    expect([...registry.keys()].sort()).toEqual(Object.values(JobName).sort());
  });

  it('refuses a job name without a handler, or with two, naming them', () => {
    const missing = all.filter((h) => h.jobName !== JobName.NotificationSend);
    expect(() => buildHandlerRegistry(missing)).toThrow(JobHandlerRegistryError);
    expect(() => buildHandlerRegistry(missing)).toThrow(/notification\.send: no handler/);
    const doubled = [...all, { jobName: JobName.ReminderSweep, handler, className: 'AnotherSweep' }];
    expect(() => buildHandlerRegistry(doubled)).toThrow(/reminder\.sweep: 2 handlers \(reminder\.sweepHandler, AnotherSweep\)/);
  });
});
