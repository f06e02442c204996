/**
 * The web app's typed client is generated from the API's OpenAPI document. The committed document
 * (apps/web/src/api/openapi.json) and types (schema.d.ts) must be what the code produces today,
 * and the document built without services must be the one the running API serves.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildOpenApiOffline, openApiJson } from '../apps/api/src/openapi.js';
import { apiTypes, OPENAPI_JSON, REGENERATE, SCHEMA_TS } from '../scripts/generate-api-types.mjs';
import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

const committed = (path: string): string => {
  try {
    return readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');
  } catch {
    return '';
  }
};

/** Fails with the first differing line and what to run, rather than a 10,000-line diff. */
function expectCurrent(path: string, actual: string, expected: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = e.findIndex((text, i) => text !== a[i]);
  const at = line === -1 ? a.length : line;
  throw new Error(
    `${path} is out of date: run \`${REGENERATE}\` and commit the result.\n` +
      `First difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${e[at] ?? '(end of file)'}`,
  );
}

let json: string;
beforeAll(async () => {
  json = openApiJson(await buildOpenApiOffline());
}, 60_000);

it(`has the current OpenAPI document committed (${OPENAPI_JSON})`, () => {
  expectCurrent(OPENAPI_JSON, committed(OPENAPI_JSON), json);
});

it(`has the current generated types committed (${SCHEMA_TS})`, async () => {
  expectCurrent(SCHEMA_TS, committed(SCHEMA_TS), await apiTypes(json));
}, 60_000);

describe('the running API', () => {
  let db: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootApi(db.url);
  }, 60_000);
  afterAll(async () => {
    await api?.app.close();
    await db?.drop();
  });

  it('serves the same document as the one built without PostgreSQL and Redis', async () => {
    const res = await api.get('/api/docs/json');
    expect(res.status).toBe(200);
    expect(openApiJson(res.body)).toBe(json);
  });
});
