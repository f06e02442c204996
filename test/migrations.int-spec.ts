import type { DataSource } from 'typeorm';
import { pendingMigrations, schemaDrift } from '../libs/database/index.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';

/** Migrations are the only schema path: they build the schema from empty, match the entities exactly, and undo cleanly. */
describe('migrations', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ from: 'empty' });
    dataSource = await openDataSource(db.url);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('run from an empty database and leave nothing pending', async () => {
    expect((await pendingMigrations(dataSource)).length).toBeGreaterThan(0);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await pendingMigrations(dataSource)).toEqual([]);
    const tables: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['organisation', 'programme', 'axis', 'sub_project', 'milestone', 'budget_line', 'resolution', 'app_user', 'schema_migration']),
    );
  });

  it('drift check: generating a migration after migrating produces nothing', async () => {
    expect(await schemaDrift(dataSource)).toEqual([]);
  });

  it('enforce the constraints the data calls for', async () => {
    const [programme] = await dataSource.query(
      `INSERT INTO programme (code, name, start_year) VALUES ('p-check', 'check', 2023) RETURNING id`,
    );
    await expect(dataSource.query(`INSERT INTO programme (code, name, start_year) VALUES ('p-check', 'dup', 2023)`)).rejects.toThrow(/duplicate key/);
    await expect(dataSource.query(`INSERT INTO programme (code, name, start_year, end_year) VALUES ('p-years', 'x', 2023, 2020)`)).rejects.toThrow(/CHK_programme_years/);
    await expect(
      dataSource.query(`INSERT INTO budget_line (code, programme_id, fiscal_year, kind, allocated) VALUES ('b', $1, 2023, 'new', -1)`, [programme.id]),
    ).rejects.toThrow(/CHK_budget_line_amounts/);
    await expect(
      dataSource.query(`INSERT INTO budget_line (code, programme_id, fiscal_year, kind, allocated) VALUES ('b', $1, 1800, 'new', 1)`, [programme.id]),
    ).rejects.toThrow(/CHK_budget_line_year/);
    await expect(
      dataSource.query(`INSERT INTO axis (code, programme_id, seq, name) VALUES ('a', gen_random_uuid(), 1, 'x')`),
    ).rejects.toThrow(/foreign key/);
    await dataSource.query(`DELETE FROM programme WHERE id = $1`, [programme.id]);
  });

  it('revert to empty and migrate again', async () => {
    const executed = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM schema_migration`))[0].n as number;
    while ((await executed()) > 0) await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`);
    expect(n).toBe(0);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await schemaDrift(dataSource)).toEqual([]);
  });

  it('make the audit trail append-only', async () => {
    await dataSource.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.write', 'test', gen_random_uuid())`);
    await expect(dataSource.query(`UPDATE audit_event SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    expect((await dataSource.query(`SELECT action FROM audit_event`)).map((r: { action: string }) => r.action)).toEqual(['test.write']);
  });
});
