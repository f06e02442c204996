import type { DataSource, EntityManager } from 'typeorm';

/**
 * The application's database role (DATABASE_URL's user): it owns nothing, reads and writes the
 * tables, and may only SELECT and INSERT the audit trail, so the API and the worker cannot
 * switch off its append-only trigger (only an owner or a superuser can). `npm run migrate`,
 * connected as the owner (MIGRATION_DATABASE_URL), creates the role if needed and sets its
 * privileges after every run; privileges live in the database, so a copy made with
 * CREATE DATABASE … TEMPLATE keeps them.
 */

/** Tables the application may read but never change: the audit trail is append-only, the others are the migration's. */
const INSERT_ONLY = ['audit_event'];
const READ_ONLY = ['schema_migration', 'audit_chain_head'];

export type AppRoleOutcome =
  | { kind: 'granted'; role: string; created: boolean }
  | { kind: 'same-role'; role: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function roleOf(databaseUrl: string): { role: string; password: string | null } {
  const url = new URL(databaseUrl);
  const role = decodeURIComponent(url.username);
  if (!role) throw new Error('DATABASE_URL names no user: write the application role into it, e.g. postgres://guankao_app@127.0.0.1:5432/guankao');
  if (!IDENTIFIER.test(role)) throw new Error(`DATABASE_URL's user "${role}": use letters, digits and _ only`);
  return { role, password: url.password ? decodeURIComponent(url.password) : null };
}

const sqlState = (e: unknown) => (e as { code?: string }).code;

/** Creates DATABASE_URL's role when missing and gives it exactly the application's privileges in this database. */
export async function ensureAppRole(owner: DataSource, appDatabaseUrl: string): Promise<AppRoleOutcome> {
  const { role, password } = roleOf(appDatabaseUrl);
  const [{ me }] = await owner.query(`SELECT current_user AS me`);
  if (role === me) return { kind: 'same-role', role };

  let created = false;
  const [existing] = await owner.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`, [role]);
  if (!existing) {
    const [{ sql }] = await owner.query(
      `SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', $1::text)
              || CASE WHEN $2::text IS NULL THEN '' ELSE format(' PASSWORD %L', $2::text) END AS sql`,
      [role, password],
    );
    try {
      await owner.query(sql);
      created = true;
    } catch (e) {
      // Another migrate (a test run beside this one) created it a moment ago: that is the role we want.
      if (sqlState(e) !== '42710' && sqlState(e) !== '23505') throw e;
    }
  } else {
    if (existing.rolsuper || existing.rolbypassrls) {
      throw new Error(`DATABASE_URL's role ${role} is a superuser or bypasses row security: the application must connect as a role without them (see README "Database roles")`);
    }
    if (password !== null) {
      const [{ sql }] = await owner.query(`SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS sql`, [role, password]);
      await owner.query(sql);
    }
  }

  await owner.transaction(async (tx) => {
    await refuseOwnerPowers(tx, role, me);
    const q = (sql: string) => tx.query(sql.replaceAll('{role}', `"${role}"`));
    // From a known state each time: whatever was granted by hand before is replaced by this list.
    await q(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}`);
    await q(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}`);
    await q(`GRANT USAGE ON SCHEMA public TO {role}`);
    await q(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}`);
    await q(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}`);
    const present: { name: string }[] = await tx.query(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relname = ANY($1)`,
      [[...INSERT_ONLY, ...READ_ONLY]],
    );
    for (const { name } of present) {
      await q(`REVOKE ${INSERT_ONLY.includes(name) ? 'UPDATE, DELETE' : 'INSERT, UPDATE, DELETE'} ON "${name}" FROM {role}`);
    }
    // Tables a later migration creates are usable at once (the next migrate narrows them again as above).
    await q(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}`);
    await q(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}`);
  });
  return { kind: 'granted', role, created };
}

/** The application's role must not be able to act as the owner: owning a table, or being a member of the owner's role, would undo the point. */
async function refuseOwnerPowers(tx: EntityManager, role: string, owner: string): Promise<void> {
  const owned: { name: string }[] = await tx.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
      WHERE r.rolname = $1 AND c.relnamespace = 'public'::regnamespace ORDER BY 1 LIMIT 5`,
    [role],
  );
  if (owned.length) {
    throw new Error(`DATABASE_URL's role ${role} owns ${owned.map((o) => o.name).join(', ')}: the application's role must own nothing (see README "Database roles")`);
  }
  const [{ member }] = await tx.query(`SELECT pg_has_role($1, $2, 'MEMBER') AS member`, [role, owner]);
  if (member) throw new Error(`DATABASE_URL's role ${role} is a member of ${owner}, the owner: it would have the owner's rights (see README "Database roles")`);
}
