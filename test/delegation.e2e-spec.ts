import { DataSource } from 'typeorm';
import { addDays, Clock } from '../libs/common/clock.js';
import { bootApi, type Client, DEMO_EMAIL, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given } from './support/given.js';

/**
 * 職務代理 over real HTTP: a colleague of the same organisation and role acts for a delegator
 * (X-Acting-For), does a real step of their work, and the audit trail names both; the rules of
 * naming one; an expired or ended delegation no longer works; another ministry sees nothing.
 */
const LEAD_SP = 'aap2-sp-12'; // 經濟部 leads
const STAND_IN = 'moea.standin@test.guankao.tw';
const OTHER_OFFICER = 'moea.officer3@test.guankao.tw';
const SUPERVISOR_ALIKE = 'moea.super2@test.guankao.tw';

let db: TestDatabase;
let server: TestApi;
let ds: DataSource;
let clock: Clock;
let today: string;
let ids: Record<'officer' | 'standIn' | 'moda' | 'otherOfficer' | 'supervisor2', string>;
let officer: Client;
let standIn: Client;

const signIn = async (email: string): Promise<Client> => {
  const res = await server.request('POST', '/api/auth/login', { email, password: 'guankao-demo' });
  expect(res.status).toBe(200);
  const token = res.body.accessToken as string;
  return {
    request: (method, path, body, headers = {}) => server.request(method, path, body, { authorization: `Bearer ${token}`, ...headers }),
    get: (path) => server.request('GET', path, undefined, { authorization: `Bearer ${token}` }),
  };
};
const actingFor = (client: Client, userId: string) => ({
  get: (path: string) => client.request('GET', path, undefined, { 'x-acting-for': userId }),
  request: (method: string, path: string, body?: unknown) => client.request(method, path, body, { 'x-acting-for': userId }),
});

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  ds = server.app.get(DataSource);
  clock = server.app.get(Clock);
  today = clock.today();
  await ds.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = $1`, [LEAD_SP]);
  const g = await given(db.url);
  ids = {
    officer: await g.userId(DEMO_EMAIL['moea-officer']),
    moda: await g.userId(DEMO_EMAIL['moda-officer']),
    standIn: await g.user({ email: STAND_IN, displayName: '代理測試員', organisation: 'moea', roles: ['ministry_officer'], password: 'demo' }),
    otherOfficer: await g.user({ email: OTHER_OFFICER, displayName: '另一承辦', organisation: 'moea', roles: ['ministry_officer'], password: 'demo' }),
    supervisor2: await g.user({ email: SUPERVISOR_ALIKE, displayName: '另一主管', organisation: 'moea', roles: ['ministry_supervisor'], password: 'demo' }),
  };
  await g.close();
  officer = await signIn(DEMO_EMAIL['moea-officer']);
  standIn = await signIn(STAND_IN);
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

const delegationCount = async () => Number((await ds.query(`SELECT count(*) AS n FROM delegation`))[0].n);

describe('naming an acting delegate', () => {
  it.each([
    ['yourself', () => ({ delegateUserId: ids.officer }), 400, 'DELEGATE_IS_SELF'],
    ['another organisation', () => ({ delegateUserId: ids.moda }), 400, 'DELEGATE_OTHER_ORGANISATION'],
    ['a different role', () => ({ delegateUserId: ids.supervisor2 }), 400, 'DELEGATE_DIFFERENT_ROLE'],
    ['dates reversed', () => ({ delegateUserId: ids.standIn, startsOn: addDays(today, 3), endsOn: addDays(today, 1) }), 400, 'DELEGATION_DATES_INVALID'],
    ['a period already over', () => ({ delegateUserId: ids.standIn, startsOn: addDays(today, -9), endsOn: addDays(today, -2) }), 400, 'DELEGATION_DATES_INVALID'],
    ['not a date', () => ({ delegateUserId: ids.standIn, endsOn: '2026-02-30' }), 400, 'VALIDATION_FAILED'],
  ])('refuses %s, writing nothing', async (_, body, status, code) => {
    const before = await delegationCount();
    const res = await officer.request('POST', '/api/me/delegations', { startsOn: today, endsOn: addDays(today, 2), ...body() });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await delegationCount()).toBe(before);
  });

  it('offers as candidates only active colleagues of my organisation holding my role', async () => {
    const res = await officer.get('/api/me/delegate-candidates');
    expect(res.status).toBe(200);
    const candidates = res.body.map((c: { userId: string }) => c.userId);
    expect(candidates).toEqual(expect.arrayContaining([ids.standIn, ids.otherOfficer]));
    expect(candidates).not.toContain(ids.moda);
    expect(candidates).not.toContain(ids.supervisor2);
    expect(candidates).not.toContain(ids.officer);
  });
});

describe('acting for a colleague', () => {
  let delegationId: string;
  let submissionId: string;

  it('is refused before any delegation names the caller', async () => {
    const res = await actingFor(standIn, ids.officer).get('/api/me/work');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('DELEGATION_NOT_ACTIVE');
  });

  it('the officer names the stand-in for three days (audited); an overlapping second one is refused', async () => {
    const res = await officer.request('POST', '/api/me/delegations', { delegateUserId: ids.standIn, startsOn: today, endsOn: addDays(today, 2), reason: '公出（測試）' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'active', startsOn: today, endsOn: addDays(today, 2), delegator: { userId: ids.officer }, delegate: { userId: ids.standIn } });
    delegationId = res.body.id;
    const overlap = await officer.request('POST', '/api/me/delegations', { delegateUserId: ids.otherOfficer, startsOn: addDays(today, 1), endsOn: addDays(today, 5) });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('DELEGATION_OVERLAPS');
    const mine = await standIn.get('/api/me/delegations');
    expect(mine.body.canActFor).toEqual([expect.objectContaining({ userId: ids.officer })]);
    const [event] = await ds.query(`SELECT actor_user_id, acting_user_id, after FROM audit_event WHERE entity_id = $1 AND action = 'delegation.create'`, [delegationId]);
    expect(event).toMatchObject({ actor_user_id: ids.officer, acting_user_id: null, after: { delegateUserId: ids.standIn } });
  });

  it('the stand-in drafts and submits progress of the officer\'s sub-project as the officer, and the audit trail names both', async () => {
    const as = actingFor(standIn, ids.officer);
    const created = await as.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q2', progressPercent: '30', narrative: '代理填報（測試）' });
    expect(created.status).toBe(201);
    submissionId = created.body.id;
    const submitted = await as.request('POST', `/api/submissions/${submissionId}/submit`, { version: created.body.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('awaiting_supervisor');

    const rows = await ds.query(`SELECT action, actor_user_id, acting_user_id FROM audit_event WHERE entity_id = $1 ORDER BY id`, [submissionId]);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row).toMatchObject({ actor_user_id: ids.officer, acting_user_id: ids.standIn });

    // The history route shows "代理測試員 代 經濟部承辦", to the stand-in themselves too (a ministry reads its submission's history).
    const history = await standIn.get(`/api/audit?entityType=submission&entityId=${submissionId}`);
    expect(history.status).toBe(200);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(rows.map((r: { action: string }) => r.action));
    for (const event of history.body) {
      expect(event.actor.userId).toBe(ids.officer);
      expect(event.actingUser).toEqual({ userId: ids.standIn, email: STAND_IN, displayName: '代理測試員' });
    }
    // The chain still verifies with the new column in the hash.
    const admin = await server.signedIn('admin');
    const verified = await admin.get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true, broken: null });
  });

  it('while acting, the account routes stay the stand-in\'s own', async () => {
    const as = actingFor(standIn, ids.officer);
    expect((await as.get('/api/me/profile')).body.userId).toBe(ids.standIn);
    expect((await as.get('/api/auth/me')).body.userId).toBe(ids.standIn);
    expect((await as.get('/api/me/work')).status).toBe(200);
  });

  it('a ministry cannot read or end another ministry\'s delegation (404), nor its history', async () => {
    const moda = await server.signedIn('moda-officer');
    expect((await moda.get(`/api/delegations/${delegationId}`)).status).toBe(404);
    expect((await moda.request('POST', `/api/delegations/${delegationId}/end`)).status).toBe(404);
    expect((await moda.get(`/api/audit?entityType=delegation&entityId=${delegationId}`)).status).toBe(404);
    expect((await moda.get('/api/delegations')).body.map((d: { id: string }) => d.id)).not.toContain(delegationId);
    const moeaSupervisor = await server.signedIn('moea-supervisor');
    expect((await moeaSupervisor.get(`/api/delegations/${delegationId}`)).status).toBe(200);
    expect((await moeaSupervisor.get('/api/delegations')).body.map((d: { id: string }) => d.id)).toContain(delegationId);
  });

  it('once the period is over (the injected clock moves on) acting is refused at once', async () => {
    const real = clock.now;
    clock.now = () => new Date(Date.parse(`${addDays(today, 3)}T02:00:00Z`));
    try {
      const res = await actingFor(standIn, ids.officer).get('/api/me/work');
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('DELEGATION_NOT_ACTIVE');
      expect((await standIn.get('/api/me/delegations')).body.received[0].status).toBe('expired');
    } finally {
      clock.now = real;
    }
    // On its last day it still works.
    clock.now = () => new Date(Date.parse(`${addDays(today, 2)}T15:00:00Z`)); // 23:00 Taipei
    try {
      expect((await actingFor(standIn, ids.officer).get('/api/me/work')).status).toBe(200);
    } finally {
      clock.now = real;
    }
  });

  it('ended early by the delegator, it stops working, and ending it again is refused', async () => {
    const ended = await officer.request('POST', `/api/delegations/${delegationId}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.status).toBe('ended');
    const res = await actingFor(standIn, ids.officer).request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q3' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('DELEGATION_NOT_ACTIVE');
    expect((await officer.request('POST', `/api/delegations/${delegationId}/end`)).body.error.code).toBe('DELEGATION_ENDED');
    const actions = await ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [delegationId]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['delegation.create', 'delegation.end']);
  });

  it('a made-up X-Acting-For is refused, not ignored', async () => {
    for (const value of ['not-a-uuid', ids.moda]) {
      const res = await standIn.request('GET', '/api/me/work', undefined, { 'x-acting-for': value });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('DELEGATION_NOT_ACTIVE');
    }
  });
});
