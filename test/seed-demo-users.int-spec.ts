import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';

/**
 * `npm run seed` on a new installation (issue 11): the demo users, with their published password,
 * only when asked for (`--demo` or SEED_DEMO_USERS=true), whatever NODE_ENV says; never in production.
 */
const run = promisify(execFile);
let db: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await openDataSource(db.url);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

const demoUsers = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE is_demo`))[0].n as number;

/** The built seed command, as `npm run seed` runs it, with only the given settings. */
function seed(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.SEED_DEMO_USERS;
  delete base.NODE_ENV;
  return run(process.execPath, ['dist/apps/cli/seed.js', ...args], { env: { ...base, DATABASE_URL: db.url, LOG_LEVEL: 'warn', ...env } });
}

describe('demo users only when asked for', () => {
  beforeEach(async () => {
    await dataSource.query(`DELETE FROM app_user WHERE is_demo`);
  });

  it('a plain seed (NODE_ENV unset, i.e. development) creates none, and says how to ask', async () => {
    const { stdout } = await seed([]);
    expect(stdout).toContain('Demo users were not created');
    expect(stdout).toContain('--demo');
    expect(await demoUsers()).toBe(0);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE email = 'admin@demo.guankao.tw'`))[0].n).toBe(0);
  });

  it('--demo or SEED_DEMO_USERS=true creates them; --no-demo-users wins', async () => {
    await seed(['--demo']);
    expect(await demoUsers()).toBe(8);
    await dataSource.query(`DELETE FROM app_user WHERE is_demo`);
    await seed([], { SEED_DEMO_USERS: 'true' });
    expect(await demoUsers()).toBe(8);
    await dataSource.query(`DELETE FROM app_user WHERE is_demo`);
    await seed(['--no-demo-users'], { SEED_DEMO_USERS: 'true' });
    expect(await demoUsers()).toBe(0);
  });

  it('asked for in production, the seed refuses and writes nothing; a bad SEED_DEMO_USERS is named', async () => {
    const refused = await seed(['--demo'], { NODE_ENV: 'production' }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: expect.any(Number) });
    expect((refused as { stderr: string }).stderr).toMatch(/Refusing to create demo users with NODE_ENV=production/);
    expect(await demoUsers()).toBe(0);
    const invalid = await seed([], { SEED_DEMO_USERS: 'yes' }).catch((e: { stderr: string }) => e);
    expect((invalid as { stderr: string }).stderr).toMatch(/SEED_DEMO_USERS.*must be true or false/s);
  });
});
