import pg from 'pg';
import { serverUrl } from './global-setup.mjs';

export default async function globalTeardown() {
  const template = process.env.GUANKAO_TEST_TEMPLATE;
  if (!template) return;
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
