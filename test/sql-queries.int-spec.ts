import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { declaredQueries, type SqlQuery } from '../libs/database/sql-query.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const LIBS = join(process.cwd(), 'libs');

/** Every `*.queries.ts` under libs/: adding a queries file is enough to have it checked. */
function queryFiles(dir = LIBS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? queryFiles(join(dir, e.name)) : e.name.endsWith('.queries.ts') ? [join(dir, e.name)] : []);
}

/**
 * Asks PostgreSQL to parse, plan and describe a statement (Parse + Describe, extended protocol) without running
 * it: the same check a PREPARE makes, plus the names of the columns it would return.
 */
function describeStatement(client: pg.Client, text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let columns: string[] = [];
    const describe = {
      submit(connection: any) {
        connection.parse({ text });
        connection.describe({ type: 'S' });
        connection.sync();
      },
      handleParseComplete() {},
      handleRowDescription(message: { fields: { name: string }[] }) {
        columns = message.fields.map((f) => f.name);
      },
      handleDataRow() {},
      handleCommandComplete() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleError(error: Error) {
        reject(error);
      },
      handleReadyForQuery() {
        resolve(columns);
      },
    };
    void client.query(describe as never);
  });
}

describe('SQL queries against the migrated schema', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const queries: { file: string; query: SqlQuery<object> }[] = [];

  beforeAll(async () => {
    for (const file of queryFiles()) {
      const exports = (await import(file)) as Record<string, unknown>;
      queries.push(...declaredQueries(exports).map((query) => ({ file: relative(process.cwd(), file), query })));
    }
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('finds the queries files and names every query once', () => {
    expect(queries.length).toBeGreaterThan(0);
    const names = queries.map((q) => q.query.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('every query parses and plans, and returns exactly its declared columns', async () => {
    const problems: string[] = [];
    for (const { file, query } of queries) {
      try {
        const columns = await describeStatement(client, query.text);
        if (JSON.stringify([...columns].sort()) !== JSON.stringify([...query.columns].sort())) {
          problems.push(`${query.name} (${file}): returns [${columns.join(', ')}], declared [${query.columns.join(', ')}]`);
        }
      } catch (e) {
        problems.push(`${query.name} (${file}): ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a query naming a missing column fails the check', async () => {
    await expect(describeStatement(client, `SELECT m.no_such_column FROM milestone m WHERE m.id = $1`)).rejects.toThrow(/no_such_column/);
    await expect(describeStatement(client, `SELECT m.code, m.due_date FROM milestone m WHERE m.id = $1`)).resolves.toEqual(['code', 'due_date']);
  });
});
