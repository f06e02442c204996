import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../libs/config/config.js';
import { dataSourceOptions } from '../../libs/database/index.js';
import { databaseUrl, templateDatabase, TEST_DATABASE_PREFIX, testServerUrl } from './env.js';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl().toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let counter = 0;

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file: empty, or cloned from the migrated, seeded template. */
export async function createTestDatabase(options: { from: 'template' | 'empty' } = { from: 'template' }): Promise<TestDatabase> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const template = options.from === 'template' ? ` TEMPLATE ${templateDatabase()}` : '';
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name}${template}`);
      await adminQuery(`COMMENT ON DATABASE ${name} IS '${Date.now()}'`); // lets a later run drop it if this one dies
      break;
    } catch (e) {
      // Two workers cloning the template at the same instant: PostgreSQL refuses one; try again.
      if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A TypeORM DataSource on a test database (the app's own options). */
export async function openDataSource(url: string): Promise<DataSource> {
  return new DataSource(dataSourceOptions({ ...loadConfig().database, DATABASE_URL: url, DATABASE_POOL_SIZE: 4 })).initialize();
}
