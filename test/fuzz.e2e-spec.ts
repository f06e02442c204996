/**
 * Contract fuzzing from the OpenAPI document (test/fuzz/openapi-fuzz.ts) against the real API,
 * signed in as several roles and anonymous: no 5xx, no answer outside its documented schema.
 * CI runs a short, seeded run; `npm run fuzz` a long one (FUZZ_CASES, FUZZ_SEED to repeat a run).
 */
import { bootApi, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type Caller, fuzz, summary } from './fuzz/openapi-fuzz.js';

const CASES = Number(process.env.FUZZ_CASES ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const ROLES: DemoUser[] = ['coordinator', 'moea-officer', 'moda-supervisor', 'reviewer', 'viewer', 'admin'];

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

it(`answers ${CASES} generated requests without a 5xx and within the documented schemas`, async () => {
  const callers: Caller[] = [{ name: 'anonymous', headers: {} }];
  for (const role of ROLES) callers.push({ name: role, headers: { authorization: `Bearer ${(await api.as(role)).token}` } });
  const result = await fuzz({ baseUrl: api.baseUrl, callers, cases: CASES, seed: SEED });
  console.log(summary(result));
  expect(result.findings.map((f) => `${f.kind} ${f.status ?? ''} ${f.request}: ${f.problem}`)).toEqual([]);
}, Math.max(120_000, CASES * 200));
