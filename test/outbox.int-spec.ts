import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { jobId, QueueName } from '../libs/queue/index.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { PrivateRedis } from './support/redis-server.js';
import { bootWorker, dropQueues, type TestWorker, uniqueQueuePrefix } from './support/worker.js';
import { eventually } from './support/eventually.js';

/**
 * The transactional outbox across a Redis outage: writes keep being accepted while Redis is down,
 * and once it is back every recorded event reaches the queue exactly once.
 */
let redis: PrivateRedis;
let db: TestDatabase;
let api: TestApi;
let worker: TestWorker;
let coordinator: Client;
let ds: DataSource;
const prefix = uniqueQueuePrefix();

beforeAll(async () => {
  redis = await PrivateRedis.start();
  process.env.REDIS_URL = redis.url;
  db = await createTestDatabase();
  api = await bootApi(db.url);
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix });
  coordinator = await api.as('coordinator');
  ds = worker.app.get<DataSource>(getDataSourceToken());
});

afterAll(async () => {
  await worker?.close();
  await api?.app.close();
  await dropQueues(prefix, redis.url).catch(() => undefined);
  await redis?.stop();
  delete process.env.REDIS_URL;
  await db?.drop();
});

/** A write that records an outbox row: create a sub-project and assign it to 經濟部. */
async function assignNewSubProject(name: string): Promise<number[]> {
  const created = await coordinator.request('POST', '/api/sub-projects', { programme: 'aap2', name, axes: ['aap2-axis-1'], startYear: 2025, endYear: 2026 });
  const assigned = await coordinator.request('POST', `/api/sub-projects/${created.body.code}/assign`, { version: created.body.version, lead: 'moea' });
  return [created.status, assigned.status];
}

const outboxIds = async (): Promise<string[]> => (await ds.query(`SELECT id FROM outbox_event ORDER BY id`)).map((r: { id: string }) => r.id);
const unpublished = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`))[0].n;

async function eventJobIds(): Promise<string[]> {
  const jobs = await worker.jobs.queue(QueueName.Events).getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
  return jobs.map((j) => j.id!).sort();
}

it('relays what is written while Redis is up', async () => {
  expect(await assignNewSubProject('外送前測試計畫')).toEqual([201, 200]);
  await eventually('the relay', async () => (await unpublished()) === 0);
  const ids = await outboxIds();
  expect(ids.length).toBeGreaterThan(0);
  await eventually('the events jobs', async () => (await eventJobIds()).length === ids.length);
  expect(await eventJobIds()).toEqual(ids.map(jobId.outboxEvent).sort());
});

it('keeps accepting writes while Redis is down, and delivers each of them once when it is back', async () => {
  const before = await outboxIds();
  await redis.stop();

  // The API does not need Redis to write: every call succeeds, and /health says Redis is down.
  for (let i = 1; i <= 5; i++) expect(await assignNewSubProject(`停機期間計畫 ${i}`)).toEqual([201, 200]);
  const health = await api.get('/health');
  expect(health.status).toBe(503);
  expect(health.body.checks.redis.status).toBe('down');

  const written = (await outboxIds()).filter((id) => !before.includes(id));
  expect(written.length).toBeGreaterThanOrEqual(5);
  // The relay keeps trying and says why the rows wait.
  const waiting = await eventually('the relay to record its failure', async () => {
    const rows = await ds.query(`SELECT last_error FROM outbox_event WHERE published_at IS NULL AND last_error IS NOT NULL`);
    return rows.length > 0 && rows;
  });
  expect(waiting[0].last_error).toEqual(expect.any(String));
  expect(await unpublished()).toBe(written.length);

  // Redis comes back empty (it crashed): everything recorded goes out, once.
  await redis.start();
  await eventually('the relay after the outage', async () => (await unpublished()) === 0);
  await eventually('the events jobs after the outage', async () => (await eventJobIds()).length === written.length);
  expect(await eventJobIds()).toEqual(written.map(jobId.outboxEvent).sort());
  const published = await ds.query(`SELECT last_error FROM outbox_event WHERE id = ANY($1::bigint[])`, [written]);
  expect(published.every((r: { last_error: string | null }) => r.last_error === null)).toBe(true);
});

it('adds no second job when rows are relayed again (a commit lost after Redis took the batch)', async () => {
  const jobsBefore = await eventJobIds();
  const relayedIds = jobsBefore.map((id) => id.replace('outbox-', ''));
  expect(relayedIds.length).toBeGreaterThanOrEqual(5);
  await ds.query(`UPDATE outbox_event SET published_at = NULL WHERE id = ANY($1::bigint[])`, [relayedIds]);
  await eventually('the second relay', async () => (await unpublished()) === 0);
  expect(await eventJobIds()).toEqual(jobsBefore);
});

it('lets several workers relay side by side without taking the same row', async () => {
  const others = await Promise.all([1, 2].map(() => bootWorker({ databaseUrl: db.url, queuePrefix: prefix, env: { REDIS_URL: redis.url, OUTBOX_RELAY_BATCH_SIZE: '50' } })));
  try {
    const [{ first }] = await ds.query(
      `WITH rows AS (
         INSERT INTO outbox_event (topic, aggregate_type, aggregate_id)
         SELECT 'test.relayed', 'test', gen_random_uuid() FROM generate_series(1, 1500) RETURNING id)
       SELECT min(id) AS first FROM rows`,
    );
    await eventually('three relays', async () => (await unpublished()) === 0);
    const rows = await ds.query(`SELECT attempts FROM outbox_event WHERE id >= $1`, [first]);
    expect(rows).toHaveLength(1500);
    // Published once each: a row taken by two relays would show two attempts.
    expect(rows.every((r: { attempts: number }) => r.attempts === 1)).toBe(true);
    const jobs = await worker.jobs.queue(QueueName.Events).getJobCountByTypes('completed', 'failed', 'active', 'waiting', 'delayed');
    expect(jobs).toBeGreaterThanOrEqual(1500);
  } finally {
    await Promise.all(others.map((w) => w.close()));
  }
});
