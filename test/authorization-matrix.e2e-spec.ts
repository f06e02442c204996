/**
 * The authorisation matrix, generated from the route table (the OpenAPI document lists every
 * route): every route × every role × own / other organisation. A route with no rule below fails
 * the suite, so a new endpoint cannot ship without one.
 *
 * "Allowed" means the access layer let the call through (any status but 401/403 — a write gets
 * a deliberately stale or incomplete body, so nothing changes); "refused" means 403, or 404 where
 * the data is hidden from that caller.
 */
import { DataSource } from 'typeorm';
import { buildOpenApi } from '../apps/api/src/openapi.js';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { FIXTURE_SETUP, RULES, type Fixtures } from './support/authorization-rules.js';

const USERS = Object.keys(DEMO_EMAIL) as DemoUser[];
/** The organisation a ministry user belongs to; others see every organisation's data. */
const MINISTRY_OF: Partial<Record<DemoUser, 'moea' | 'moda'>> = {
  'moea-officer': 'moea', 'moea-supervisor': 'moea', 'moda-officer': 'moda', 'moda-supervisor': 'moda',
};

let db: TestDatabase;
let api: TestApi;
const clients = {} as Record<DemoUser, Client>;
let routes: string[] = [];
let fixtures: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  for (const user of USERS) clients[user] = await api.as(user);
  const doc = buildOpenApi(api.app);
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops as object).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${path}`),
  );
  fixtures = await FIXTURE_SETUP({ api, clients, dataSource: api.app.get(DataSource) });
}, 120_000);

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

it('has a rule for every route, and no rule for a route that does not exist', () => {
  expect(routes.length).toBeGreaterThan(10);
  expect(routes.filter((r) => !(r in RULES))).toEqual([]);
  expect(Object.keys(RULES).filter((r) => !routes.includes(r))).toEqual([]);
});

it('refuses anonymous callers on every route that is not public', async () => {
  const failures: string[] = [];
  for (const route of routes) {
    const rule = RULES[route];
    if (!rule || rule.allow === 'public') continue;
    const [method, path] = route.split(' ');
    const res = await api.request(method, fill(path, rule.params?.(fixtures, 'moea') ?? {}), rule.body);
    if (res.status !== 401) failures.push(`${route}: anonymous got ${res.status}`);
  }
  expect(failures).toEqual([]);
});

it('lets each role through exactly where its rule says, for its own and another organisation\'s data', async () => {
  const failures: string[] = [];
  let checked = 0;
  for (const route of routes) {
    const rule = RULES[route];
    if (!rule || rule.allow === 'public') continue;
    const [method, path] = route.split(' ');
    const check = async (user: DemoUser, whose: 'own' | 'other') => {
      const ministry = MINISTRY_OF[user];
      // The data used: a moea-owned or moda-owned resource; "own" for a moda user is moda's.
      const owner = whose === 'own' ? (ministry ?? 'moea') : ministry === 'moda' ? 'moea' : 'moda';
      const client = rule.freshSession ? await api.as(user) : clients[user];
      const res = await client.request(method, fill(path, rule.params?.(fixtures, owner) ?? {}), rule.body);
      if (rule.freshSession) clients[user] = await api.as(user); // logout-all ended the shared session too
      const roleAllowed = rule.allow.includes(user);
      const expectRefusal = !roleAllowed || (rule.scoped === true && ministry !== undefined && whose === 'other');
      const refused = res.status === 403 || (res.status === 404 && rule.hiddenAs404 === true);
      const outcome = `${route} as ${user} on ${whose} data → ${res.status}`;
      if (res.status === 401) failures.push(`${outcome} (signed in, so never 401)`);
      else if (expectRefusal && !refused) failures.push(`${outcome}, expected 403`);
      else if (!expectRefusal && (res.status === 403 || res.status >= 500)) failures.push(`${outcome}, expected to be let through`);
      checked++;
    };
    const cases = USERS.flatMap((user) => (['own', 'other'] as const).map((whose) => [user, whose] as const));
    // A route's callers at once (their calls change nothing); one at a time where a call ends sessions.
    if (rule.freshSession) for (const [user, whose] of cases) await check(user, whose);
    else await Promise.all(cases.map(([user, whose]) => check(user, whose)));
  }
  expect(failures.sort()).toEqual([]);
  expect(checked).toBeGreaterThan(100);
}, 300_000);

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`No value for {${name}} in ${path}`);
    return encodeURIComponent(params[name]);
  });
}
