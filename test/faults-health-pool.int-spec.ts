import pg from 'pg';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/sweeps.js';

/**
 * A saturated request pool is not PostgreSQL being down: /health asks over a connection of its
 * own and says "up", while the requests that cannot get a connection (or whose statement waits
 * too long) answer 503 with Retry-After soon instead of queueing until the pool frees up.
 */
const POOL_SIZE = 2;
const REQUESTS = 10;

let db: TestDatabase;
let api: TestApi;
let coordinator: Client;
let holder: pg.Client | undefined;
const saved: Record<string, string | undefined> = {};
const env = { DATABASE_POOL_SIZE: String(POOL_SIZE), DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '3000' };

beforeAll(async () => {
  for (const [name, value] of Object.entries(env)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  db = await createTestDatabase();
  api = await bootApi(db.url);
  coordinator = await api.as('coordinator');
});

afterAll(async () => {
  await holder?.end().catch(() => undefined);
  await api?.app.close();
  await db?.drop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it('answers /health "up" and sheds the stuck requests with 503 + Retry-After while the pool is saturated', async () => {
  // Every list request blocks on this lock while holding one of the pool's connections.
  holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE sub_project IN ACCESS EXCLUSIVE MODE');

  const stuck = Array.from({ length: REQUESTS }, () => coordinator.get('/api/sub-projects'));
  const observer = new pg.Client({ connectionString: db.url });
  await observer.connect();
  try {
    await eventually('every pooled connection to wait on the lock', async () => {
      const { rows } = await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [db.name]);
      return rows[0].n === POOL_SIZE;
    }, 2500, 20);
  } finally {
    await observer.end();
  }
  const health = await api.get('/health');
  expect(health.status).toBe(200);
  expect(health.body.checks.postgres.status).toBe('up');

  // All of them answer while the lock is still held: none waits for the pool to free up.
  const answers = await Promise.all(stuck);
  for (const answer of answers) {
    expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  }
  await holder.query('ROLLBACK');
  expect((await coordinator.get('/api/sub-projects')).status).toBe(200);
});
