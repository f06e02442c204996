import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { DemoUsersRefused, defaultSeedDir, runSeed, SeedError } from '../libs/seeding/index.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';

const SEEDED_TABLES = [
  'organisation', 'organisation_name', 'programme', 'axis', 'axis_category', 'focus_area', 'focus_area_organisation',
  'sub_project', 'sub_project_co_organiser', 'sub_project_axis', 'sub_project_category_mark', 'milestone', 'indicator',
  'indicator_organisation', 'indicator_target', 'budget_line', 'budget_printed_total', 'source_discrepancy', 'meeting',
  'resolution', 'resolution_assignment', 'resolution_follow_up', 'reported_progress', 'app_user',
];

/** Every row of every seeded table, timestamps and versions included, as one fingerprint per table. */
async function fingerprint(dataSource: DataSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of SEEDED_TABLES) {
    const [row] = await dataSource.query(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS f FROM "${table}" t`);
    out[table] = row.f;
  }
  return out;
}

const options = { env: 'test', demoUsers: true, demoPassword: 'guankao-demo' };

describe('seed', () => {
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

  it('is idempotent: loading the seeded database again changes nothing, not even a timestamp', async () => {
    const before = await fingerprint(dataSource);
    expect(Number(before.sub_project.split(':')[0])).toBeGreaterThan(100);
    const counts = await runSeed(dataSource, options);
    const changed = Object.entries(counts).filter(([, c]) => c.inserted + c.updated > 0);
    expect(changed).toEqual([]);
    expect(await fingerprint(dataSource)).toEqual(before);
  });

  it('keeps workflow state the application changed (status, lead) and restores edited document text', async () => {
    await dataSource.query(`UPDATE sub_project SET status = 'acknowledged', name = 'edited by hand' WHERE code = 'aap2-sp-01'`);
    const counts = await runSeed(dataSource, options);
    expect(counts.sub_project).toEqual({ inserted: 0, updated: 1 });
    const [row] = await dataSource.query(`SELECT status, name FROM sub_project WHERE code = 'aap2-sp-01'`);
    expect(row).toEqual({ status: 'acknowledged', name: '回應重要挑戰之 AI 研究計畫' });
  });

  it('refuses demo users in production, and writes nothing then', async () => {
    await dataSource.query(`DELETE FROM app_user WHERE is_demo`);
    await dataSource.query(`UPDATE programme SET name = 'changed' WHERE code = 'aap2'`);
    await expect(runSeed(dataSource, { ...options, env: 'production' })).rejects.toBeInstanceOf(DemoUsersRefused);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM app_user`);
    expect(n).toBe(0);
    const [p] = await dataSource.query(`SELECT name FROM programme WHERE code = 'aap2'`);
    expect(p.name).toBe('changed'); // the whole load rolled back
    await runSeed(dataSource, { ...options, env: 'production', demoUsers: false });
    const [restored] = await dataSource.query(`SELECT name FROM programme WHERE code = 'aap2'`);
    expect(restored.name).toBe('臺灣 AI 行動計畫 2.0');
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM app_user`))[0].n).toBe(0);
  });

  it('demo users get an argon2id hash of DEMO_PASSWORD, kept while the password is unchanged', async () => {
    await runSeed(dataSource, options);
    const users: { email: string; roles: string; password_hash: string }[] = await dataSource.query(`SELECT email, roles::text, password_hash FROM app_user ORDER BY email`);
    expect(users.map((u) => u.roles).sort()).toEqual(
      ['{admin}', '{coordinator}', '{ministry_officer}', '{ministry_officer}', '{ministry_supervisor}', '{ministry_supervisor}', '{reviewer}', '{viewer}'],
    );
    expect(users.every((u) => u.password_hash.startsWith('$argon2id$'))).toBe(true);
    const again = await runSeed(dataSource, options);
    expect(again.app_user).toEqual({ inserted: 0, updated: 0 });
    const changed = await runSeed(dataSource, { ...options, demoPassword: 'another-password' });
    expect(changed.app_user).toEqual({ inserted: 0, updated: 8 });
  });

  it('refuses files with a broken reference, naming it, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'guankao-seeds-'));
    cpSync(defaultSeedDir(), dir, { recursive: true });
    const file = path.join(dir, 'programmes', 'aap2.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    data.sub_projects[0].lead = 'no-such-ministry';
    data.sub_projects[1].name = 'must not land';
    writeFileSync(file, JSON.stringify(data));
    const error = await runSeed(dataSource, { ...options, seedDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).problems).toEqual([expect.stringMatching(/aap2-sp-01: unknown organisation "no-such-ministry"/)]);
    const [row] = await dataSource.query(`SELECT name FROM sub_project WHERE code = 'aap2-sp-02'`);
    expect(row.name).not.toBe('must not land');
  });
});
