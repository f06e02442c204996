import { createWorker, PendingMigrationsError } from '../apps/worker/src/create-worker.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

describe('worker start-up', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
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

  it('starts on a migrated database, with no HTTP server', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    process.env.DATABASE_URL = db.url;
    const worker = await createWorker({ logger: false });
    expect('getHttpServer' in worker).toBe(false);
    await worker.close();
  });
});
