// Builds this run's template database the way a user does: `npm run migrate` (as the owner) and `npm run seed` (as the application)
// (compiled by `npm test` first). Every test file clones it (CREATE DATABASE … TEMPLATE).
// Plain JavaScript: Jest loads global setup outside its module transform.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const PREFIX = 'guankao_test_';
/** Test databases older than this are left over from an interrupted run and dropped. */
const STALE_MS = 2 * 3600 * 1000;

/** The application's role in tests (cluster-wide; `npm run migrate` creates it): it owns nothing. */
export const TEST_APP_ROLE = 'guankao_test_app';

/** The template's (and so each clone's) URL as the application's role: same server and password, that user. */
export function appUrl(database) {
  const url = new URL(serverUrl(database));
  url.username = TEST_APP_ROLE;
  return url.toString();
}

export function serverUrl(database) {
  const url = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao');
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function globalSetup() {
  const started = Date.now();
  // One template per run, so that runs side by side never touch each other's databases.
  const template = `${PREFIX}tpl_${process.pid}_${started.toString(36)}`;
  process.env.GUANKAO_TEST_TEMPLATE = template;
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT datname, shobj_description(oid, 'pg_database') AS created FROM pg_database WHERE datname LIKE $1`,
      [`${PREFIX}%`],
    );
    for (const { datname, created } of rows) {
      // The comment is written just after CREATE DATABASE; until then, the time in the name tells
      // its age (names end in _<pid>_<base-36 ms>[_<n>]), so another run's brand-new database is kept.
      const createdAt = Number(created) || parseInt(/_\d+_([0-9a-z]+)(?:_\d+)?$/.exec(datname)?.[1] ?? '0', 36);
      if (started - createdAt > STALE_MS) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE ${template}`);
    await client.query(`COMMENT ON DATABASE ${template} IS '${started}'`);
  } finally {
    await client.end();
  }
  // As a user's install does it: migrate as the owner (which grants the application's role its
  // privileges, copied into every clone), seed as the application's role, with the demo users the tests sign in as.
  const env = { ...process.env, MIGRATION_DATABASE_URL: serverUrl(template), DATABASE_URL: appUrl(template), NODE_ENV: 'test', SEED_DEMO_USERS: 'true' };
  for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) {
    execFileSync(process.execPath, [step], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!process.env.CI) console.log(`\nTemplate database ${template} ready in ${Date.now() - started} ms`);
}
