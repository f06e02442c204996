import { DataSource } from 'typeorm';
import { bootApi, DEMO_EMAIL, DEMO_PASSWORD, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** Sign-in, sessions, rate limiting and organisation scope, over HTTP. */
let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

describe('sign-in', () => {
  it('returns tokens for a demo user, and /me tells who it is', async () => {
    const moea = await api.as('moea-officer');
    const me = await moea.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: DEMO_EMAIL['moea-officer'], roles: ['ministry_officer'], locale: 'zh-TW' });
  });

  it('refuses a wrong password without saying whether the user exists, and records both', async () => {
    const wrong = await api.request('POST', '/api/auth/login', { email: DEMO_EMAIL.viewer, password: 'not-it' });
    const unknown = await api.request('POST', '/api/auth/login', { email: 'nobody@example.org', password: 'not-it' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    const ds = api.app.get(DataSource);
    const rows = await ds.query(`SELECT email, succeeded, reason FROM login_attempt WHERE NOT succeeded ORDER BY id`);
    expect(rows).toEqual(expect.arrayContaining([
      { email: DEMO_EMAIL.viewer, succeeded: false, reason: 'bad_password' },
      { email: 'nobody@example.org', succeeded: false, reason: 'unknown_user' },
    ]));
  });

  it('rate-limits repeated failures for an email with 429 and Retry-After', async () => {
    const email = DEMO_EMAIL.reviewer;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.request('POST', '/api/auth/login', { email, password: 'wrong' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await api.request('POST', '/api/auth/login', { email, password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('names the field of a malformed sign-in body', async () => {
    const res = await api.request('POST', '/api/auth/login', { email: 'not-an-email', password: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['email', 'password']);
  });
});

describe('sessions', () => {
  it('logout ends the session: the access and the refresh token stop working at once', async () => {
    const admin = await api.as('admin');
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    expect((await admin.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await admin.get('/api/auth/me')).status).toBe(401);
    expect((await api.request('POST', '/api/auth/refresh', { refreshToken: admin.refreshToken })).status).toBe(401);
  });

  it('refresh rotates the tokens; replaying the old refresh token ends the session', async () => {
    const coordinator = await api.as('coordinator');
    const first = await api.request('POST', '/api/auth/refresh', { refreshToken: coordinator.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(coordinator.refreshToken);
    expect((await coordinator.get('/api/auth/me')).status).toBe(401); // the old access token was rotated too
    const replay = await api.request('POST', '/api/auth/refresh', { refreshToken: coordinator.refreshToken });
    expect(replay.status).toBe(401);
    const afterReplay = await api.request('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(afterReplay.status).toBe(401);
  });

  it('a request without a token is 401; a role the route does not allow is 403', async () => {
    expect((await api.get('/api/sub-projects')).status).toBe(401);
    const viewer = await api.as('viewer');
    const failed = await viewer.get('/api/admin/notifications/failed');
    expect([failed.status, failed.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('organisation scope', () => {
  it('a ministry lists only what its organisation (or its units) leads or co-organises', async () => {
    const moea = await api.as('moea-officer');
    const list = await moea.get('/api/sub-projects?programme=aap2&limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    for (const item of list.body.items) {
      const ours = (item.lead?.code ?? '').startsWith('moea') || item.coOrganisers.some((o: any) => o.code.startsWith('moea'));
      expect([item.code, ours]).toEqual([item.code, true]);
    }
  });

  it('another ministry\'s sub-project is 404, as a missing one', async () => {
    const moda = await api.as('moda-officer');
    const moeaOwned = (await (await api.as('coordinator')).get('/api/sub-projects?programme=aap2&ministry=moea&role=lead&limit=1')).body.items[0];
    const res = await moda.get(`/api/sub-projects/${moeaOwned.code}`);
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await moda.get('/api/sub-projects/aap2-sp-99')).status).toBe(404);
  });

  it('the programme tree shows a ministry only its own sub-projects', async () => {
    const moda = await api.as('moda-officer');
    const tree = (await moda.get('/api/programmes/aap2')).body;
    const leads = tree.axes.flatMap((a: any) => a.subProjects.map((s: any) => s.lead?.code));
    expect(leads.length).toBeGreaterThan(0);
    expect(new Set(leads)).toEqual(new Set(['moda']));
  });
});

describe('per-address rate limit', () => {
  let db2: TestDatabase;
  let strict: TestApi;

  beforeAll(async () => {
    db2 = await createTestDatabase();
    process.env.LOGIN_MAX_PER_IP = '3';
    try {
      strict = await bootApi(db2.url);
    } finally {
      delete process.env.LOGIN_MAX_PER_IP;
    }
  });

  afterAll(async () => {
    await strict?.app.close();
    await db2?.drop();
  });

  it('stops an address that tries many accounts, even with right passwords', async () => {
    const statuses: number[] = [];
    for (const user of ['viewer', 'admin', 'reviewer', 'coordinator'] as const) {
      statuses.push((await strict.request('POST', '/api/auth/login', { email: DEMO_EMAIL[user], password: DEMO_PASSWORD })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
