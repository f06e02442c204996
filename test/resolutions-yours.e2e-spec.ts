import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * What the web follow-up form needs: each assignment says whether it is the caller's organisation's
 * (`yours`), so the page knows which one it reports on and which version to send. A co-assigned
 * ministry sees the other's status, never its follow-up text; one not assigned gets 404.
 */
let db: TestDatabase;
let server: TestApi;
let coordinator: Client;
let moea: Client;
let moda: Client;
let shared: string;
let moeaOnly: string;
let meeting: string;

const yours = (body: any) => Object.fromEntries(body.assignments.map((a: any) => [a.organisation.code, a.yours]));

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  [coordinator, moea, moda] = await Promise.all((['coordinator', 'moea-officer', 'moda-officer'] as const).map((u) => server.as(u)));
  // A body with no seeded meetings, far in the future: nothing else carries over into these.
  const created = await coordinator.request('POST', '/api/meetings', { body: 'digi-group', name: '測試會議（yours）', kind: 'working', heldOn: '2098-01-10' });
  expect(created.status).toBe(201);
  meeting = created.body.code;
  const r1 = await coordinator.request('POST', `/api/meetings/${meeting}/resolutions`, { text: '共同列管的測試決議', organisations: ['moea', 'moda'] });
  const r2 = await coordinator.request('POST', `/api/meetings/${meeting}/resolutions`, { text: '只列管經濟部的測試決議', organisations: ['moea'] });
  expect([r1.status, r2.status]).toEqual([201, 201]);
  shared = r1.body.code;
  moeaOnly = r2.body.code;
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

it('marks the caller\'s own assignment, in the resolution and in the agenda; the secretariat holds none', async () => {
  expect(yours((await moea.get(`/api/resolutions/${shared}`)).body)).toEqual({ moea: true, moda: false });
  expect(yours((await moda.get(`/api/resolutions/${shared}`)).body)).toEqual({ moea: false, moda: true });
  expect(yours((await coordinator.get(`/api/resolutions/${shared}`)).body)).toEqual({ moea: false, moda: false });
  const agenda = (await moda.get(`/api/meetings/${meeting}`)).body.agenda;
  expect(agenda.map((i: any) => i.code)).toEqual([shared]);
  expect(yours(agenda[0])).toEqual({ moea: false, moda: true });
});

it('the follow-up goes to the caller\'s assignment with its version; the co-assigned ministry sees the status, not the text', async () => {
  const before = (await moea.get(`/api/resolutions/${shared}`)).body;
  const own = before.assignments.find((a: any) => a.yours);
  const sent = await moea.request('POST', `/api/resolutions/${shared}/follow-ups`, { text: '經濟部已完成測試辦理情形', requestRelease: true, version: own.version });
  expect(sent.status).toBe(201);
  expect(sent.body.assignments.find((a: any) => a.yours)).toMatchObject({ organisation: { code: 'moea' }, status: 'release_requested', version: own.version + 1 });
  const other = (await moda.get(`/api/resolutions/${shared}`)).body;
  expect(other.assignments.find((a: any) => a.organisation.code === 'moea')).toMatchObject({ status: 'release_requested', yours: false, lastDecision: null, history: [] });
  expect(other.followUps).toEqual([]);
  expect((await coordinator.get(`/api/resolutions/${shared}`)).body.followUps.map((f: any) => f.text)).toEqual(['經濟部已完成測試辦理情形']);
});

it('a resolution not assigned to the caller answers 404, and its follow-up too', async () => {
  expect((await moda.get(`/api/resolutions/${moeaOnly}`)).status).toBe(404);
  expect((await moda.request('POST', `/api/resolutions/${moeaOnly}/follow-ups`, { text: '不該看到' })).status).toBe(404);
  expect(yours((await moea.get(`/api/resolutions/${moeaOnly}`)).body)).toEqual({ moea: true });
});
