import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { verifyAuditChain } from '../libs/audit/audit-chain.js';
import { auditProtectionProblem } from '../libs/audit/audit.module.js';
import { pendingMigrations } from '../libs/database/index.js';
import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';

/**
 * The application's database role (what the API and the worker connect as) cannot switch off or
 * get round the audit trail's append-only rule, and the hash chain shows any change made by
 * someone who can (here the superuser, as the test's own connection).
 */

/** test/global-setup.mjs migrates the template as the owner and has migrate create this role for the application. */
const APP_ROLE = 'guankao_test_app';
const run = promisify(execFile);

function asApp(url: string): string {
  const u = new URL(url);
  u.username = APP_ROLE;
  return u.toString();
}

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

/** `npm run audit:verify` against the database, as the application's role. */
async function auditVerify(url: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['dist/apps/cli/audit-verify.js'], { env: { ...process.env, DATABASE_URL: asApp(url) } });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, output: err.stdout + err.stderr };
  }
}

describe("the application's database role", () => {
  let db: TestDatabase;
  let app: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await client(asApp(db.url));
  });

  afterAll(async () => {
    await app?.end();
    await db?.drop();
  });

  it('is neither a superuser nor the owner of anything', async () => {
    const { rows: [me] } = await app.query(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
              (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false, owned: 0 });
  });

  it('may read and add to the audit trail', async () => {
    await app.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.write', 'test', gen_random_uuid())`);
    const { rows } = await app.query(`SELECT action FROM audit_event WHERE action = 'test.write'`);
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['UPDATE', `UPDATE audit_event SET action = 'changed'`, /permission denied/],
    ['DELETE', `DELETE FROM audit_event`, /permission denied/],
    ['TRUNCATE', `TRUNCATE audit_event`, /permission denied/],
    ['session_replication_role', `SET session_replication_role = replica`, /permission denied/],
    ['DISABLE TRIGGER', `ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`, /must be owner/],
    ['DISABLE TRIGGER ALL', `ALTER TABLE audit_event DISABLE TRIGGER ALL`, /must be owner/],
    ['DROP TRIGGER', `DROP TRIGGER audit_event_no_change ON audit_event`, /must be owner/],
    ['DROP the seal', `DROP TRIGGER audit_event_seal ON audit_event`, /must be owner/],
    ['move the chain head', `UPDATE audit_chain_head SET last_seq = 0`, /permission denied/],
    ['rewrite the sealing function', `CREATE OR REPLACE FUNCTION audit_event_seal() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`, /must be owner|permission denied/],
    ['create a table', `CREATE TABLE app_owned (id int)`, /permission denied/],
    ['change the migrations', `DELETE FROM schema_migration`, /permission denied/],
  ])('cannot %s', async (_what, sql, refusal) => {
    await expect(app.query(sql)).rejects.toThrow(refusal);
  });

  it('is the one the API does not warn about in production; the superuser (one URL for both) is', async () => {
    expect(await auditProtectionProblem({ query: async (sql) => (await app.query(sql)).rows })).toBeNull();
    const owner = await client(db.url);
    try {
      expect(await auditProtectionProblem({ query: async (sql) => (await owner.query(sql)).rows })).toMatch(/DATABASE_URL connects as \w+, a superuser or the owner of audit_event/);
    } finally {
      await owner.end();
    }
  });

  it('still reads the migrations, so the worker can refuse to start with pending ones', async () => {
    const ds: DataSource = await openDataSource(asApp(db.url));
    try {
      expect(await pendingMigrations(ds)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});

describe('the audit hash chain', () => {
  let db: TestDatabase;
  let owner: pg.Client;
  let api: TestApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await client(db.url);
    // The API as the application's role; bootApi sets DATABASE_URL, which test/support reads for its own (owner's) connections.
    const serverUrl = process.env.DATABASE_URL;
    try {
      api = await bootApi(asApp(db.url));
    } finally {
      if (serverUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = serverUrl;
    }
  });

  afterAll(async () => {
    await api?.app.close();
    await owner?.end();
    await db?.drop();
  });

  it('chains what the API writes as the application, and the admin route and the CLI say OK', async () => {
    const admin = await api.as('admin');
    for (const delivery of ['digest', 'immediate']) {
      expect((await admin.request('PUT', '/api/me/notification-preferences', { delivery, muteNonCritical: false })).status).toBe(200);
    }
    const verified = await admin.get('/api/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, broken: null });
    expect(verified.body.checked).toBeGreaterThanOrEqual(2);
    const cli = await auditVerify(db.url);
    expect([cli.code, cli.output]).toEqual([0, expect.stringMatching(/^OK: \d+ audit event/)]);
  });

  it('lets only admins check the chain', async () => {
    const coordinator = await api.as('coordinator');
    expect((await coordinator.get('/api/audit/verify')).status).toBe(403);
  });

  it('keeps one unforked chain when writers commit at the same time', async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => client(asApp(db.url))));
    try {
      // All open and insert before any commits, so every commit has to wait its turn for the chain.
      for (const w of writers) await w.query('BEGIN');
      for (let round = 0; round < 3; round++) {
        for (const w of writers) await w.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.concurrent', 'test', gen_random_uuid())`);
      }
      await Promise.all(writers.map((w) => w.query('COMMIT')));
    } finally {
      await Promise.all(writers.map((w) => w.end()));
    }
    const { rows: [chain] } = await owner.query(
      `SELECT count(*)::int AS n, count(DISTINCT chain_seq)::int AS seqs, count(DISTINCT prev_hash)::int AS prevs, max(chain_seq)::int AS last FROM audit_event`,
    );
    expect(chain.seqs).toBe(chain.n);
    expect(chain.prevs).toBe(chain.n); // no two rows follow the same row: no fork
    expect(chain.last).toBe(chain.n);
    expect((await (await api.as('admin')).get('/api/audit/verify')).body).toMatchObject({ ok: true });
  });

  it('shows a row changed behind the triggers (by the superuser) in the route and the CLI', async () => {
    const { rows: [victim] } = await owner.query(`SELECT id::text FROM audit_event ORDER BY chain_seq LIMIT 1 OFFSET 1`);
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(`UPDATE audit_event SET after = '{"delivery":"forged"}' WHERE id = $1`, [victim.id]);
    await owner.query(`RESET session_replication_role`);
    const verified = await (await api.as('admin')).get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: false, broken: { id: victim.id, problem: expect.stringMatching(/changed/) } });
    const cli = await auditVerify(db.url);
    expect(cli.code).toBe(1);
    expect(cli.output).toMatch(new RegExp(`BROKEN at audit event ${victim.id}\\b`));
  });
});

describe('the audit hash chain, tampered otherwise', () => {
  let db: TestDatabase;
  let owner: pg.Client;

  beforeEach(async () => {
    db = await createTestDatabase();
    owner = await client(db.url);
    for (let i = 0; i < 4; i++) await owner.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.row', 'test', gen_random_uuid())`);
  });

  afterEach(async () => {
    await owner?.end();
    await db?.drop();
  });

  it('shows a deleted row', async () => {
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(`DELETE FROM audit_event WHERE chain_seq = 2`);
    const cli = await auditVerify(db.url);
    expect([cli.code, cli.output]).toEqual([1, expect.stringMatching(/row 2 of the chain is missing/)]);
  });

  it('shows the last rows cut off', async () => {
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(`DELETE FROM audit_event WHERE chain_seq >= 3`);
    const cli = await auditVerify(db.url);
    expect([cli.code, cli.output]).toEqual([1, expect.stringMatching(/rows were removed/)]);
  });

  it('covers a column added to the table later (the rows chained before it stay valid)', async () => {
    await owner.query(`ALTER TABLE audit_event ADD COLUMN added_later text`);
    const { rows: [row] } = await owner.query(`INSERT INTO audit_event (action, entity_type, entity_id, added_later) VALUES ('test.added', 'test', gen_random_uuid(), 'kept') RETURNING id::text`);
    expect(await auditVerify(db.url)).toEqual({ code: 0, output: expect.stringMatching(/^OK: 5 audit event/) });
    await owner.query(`SET session_replication_role = replica`);
    await owner.query(`UPDATE audit_event SET added_later = 'changed' WHERE id = $1`, [row.id]);
    const cli = await auditVerify(db.url);
    expect([cli.code, cli.output]).toEqual([1, expect.stringContaining(`BROKEN at audit event ${row.id}`)]);
  });

  it('shows a row slipped in with the triggers off', async () => {
    await owner.query(`SET session_replication_role = replica`);
    const { rows: [slipped] } = await owner.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.slipped', 'test', gen_random_uuid()) RETURNING id::text`);
    const cli = await auditVerify(db.url);
    expect([cli.code, cli.output]).toEqual([1, expect.stringContaining(`audit event ${slipped.id}`)]);
  });
});

describe('the chain migration', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ from: 'empty' });
    ds = await openDataSource(db.url);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('chains the rows written before it, in the order they were written', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const chained = async () => (await ds.query(`SELECT 1 FROM schema_migration WHERE name = 'AddAuditHashChain1796172986398'`)).length > 0;
    while (await chained()) await ds.undoLastMigration({ transaction: 'each' });
    for (let i = 0; i < 3; i++) await ds.query(`INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('test.old', 'test', gen_random_uuid())`);
    await ds.runMigrations({ transaction: 'each' });
    const rows: { id: string; chain_seq: string }[] = await ds.query(`SELECT id::text, chain_seq::text FROM audit_event ORDER BY id`);
    expect(rows.map((r) => r.chain_seq)).toEqual(['1', '2', '3']);
    expect(await verifyAuditChain(ds)).toMatchObject({ ok: true, checked: 3, headSeq: '3' });
  });
});
