// Builds the template database once per run, the way a user does: `npm run migrate` and `npm run seed`
// (compiled by `npm test` first). Every test file clones it (CREATE DATABASE … TEMPLATE).
// Plain JavaScript: Jest loads global setup outside its module transform.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

export const TEMPLATE_DATABASE = 'guankao_test_template';
const TEST_DATABASE_PREFIX = 'guankao_test_';

function serverUrl(database) {
  const url = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao');
  url.pathname = `/${database}`;
  return url.toString();
}

export default async function globalSetup() {
  const started = Date.now();
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    // The template and whatever an interrupted run left behind.
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  const env = { ...process.env, DATABASE_URL: serverUrl(TEMPLATE_DATABASE), NODE_ENV: 'test' };
  for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) {
    execFileSync(process.execPath, [step], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!process.env.CI) console.log(`\nTemplate database ready in ${Date.now() - started} ms`);
}
