import type { DataSource } from 'typeorm';
import { DataSource as TypeOrmDataSource } from 'typeorm';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given } from './support/given.js';

/**
 * My account over real HTTP: profile and locale, the password change (current password, policy,
 * other sessions end at once, this one stays) and my sessions (listed, each one signed out at once).
 */
const EMAIL = 'account.tester@test.guankao.tw';
const DEMO = 'guankao-demo';
const NEW_PASSWORD = 'Correct-Horse-Battery-47';

let db: TestDatabase;
let server: TestApi;
let ds: DataSource;
let userId: string;

const signIn = async (password: string, userAgent = 'jest-account') => {
  const res = await server.request('POST', '/api/auth/login', { email: EMAIL, password }, { 'user-agent': userAgent });
  expect(res.status).toBe(200);
  return client(res.body.accessToken as string);
};
const client = (token: string): Client & { token: string } => ({
  token,
  request: (method, path, body, headers = {}) => server.request(method, path, body, { authorization: `Bearer ${token}`, ...headers }),
  get: (path) => server.request('GET', path, undefined, { authorization: `Bearer ${token}` }),
});

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  ds = server.app.get(TypeOrmDataSource);
  const g = await given(db.url);
  userId = await g.user({ email: EMAIL, displayName: '測試帳號', organisation: 'moea', roles: ['ministry_officer'], password: 'demo' });
  await g.close();
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

describe('profile', () => {
  it('shows my name, locale, roles and organisation, and saves a new name and locale (audited)', async () => {
    const me = await signIn(DEMO);
    const before = await me.get('/api/me/profile');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ userId, email: EMAIL, displayName: '測試帳號', locale: 'zh-TW', roles: ['ministry_officer'], organisationName: '經濟部' });

    const changed = await me.request('PATCH', '/api/me/profile', { displayName: '  王測試  ', locale: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ displayName: '王測試', locale: 'en' });
    const [row] = await ds.query(`SELECT display_name, locale::text AS locale FROM app_user WHERE id = $1`, [userId]);
    expect(row).toEqual({ display_name: '王測試', locale: 'en' });
    expect((await me.get('/api/auth/me')).body).toMatchObject({ displayName: '王測試', locale: 'en' });
    const [event] = await ds.query(`SELECT before, after, actor_user_id FROM audit_event WHERE action = 'user.update_profile' AND entity_id = $1`, [userId]);
    expect(event).toEqual({ before: { displayName: '測試帳號', locale: 'zh-TW' }, after: { displayName: '王測試', locale: 'en' }, actor_user_id: userId });
  });

  it('refuses an unknown locale and an empty name, changing nothing', async () => {
    const me = await signIn(DEMO);
    const bad = await me.request('PATCH', '/api/me/profile', { locale: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('locale');
    expect((await me.request('PATCH', '/api/me/profile', { displayName: '   ' })).status).toBe(400);
    expect((await me.get('/api/me/profile')).body).toMatchObject({ displayName: '王測試', locale: 'en' });
  });
});

describe('sessions', () => {
  it('lists my live sessions with this one marked, and signing one out ends it at once', async () => {
    await ds.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    const laptop = await signIn(DEMO, 'Laptop browser');
    const phone = await signIn(DEMO, 'Phone browser');
    const list = await laptop.get('/api/me/sessions');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const mine = list.body.find((s: { current: boolean }) => s.current);
    const other = list.body.find((s: { current: boolean }) => !s.current);
    expect(mine).toMatchObject({ userAgent: 'Laptop browser', kind: 'bearer', ip: '127.0.0.1' });
    expect(other).toMatchObject({ userAgent: 'Phone browser', kind: 'bearer' });
    expect(Date.parse(other.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(other.createdAt));

    expect((await phone.get('/api/me/profile')).status).toBe(200);
    expect((await laptop.request('DELETE', `/api/me/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.get('/api/me/profile')).status).toBe(401);
    expect((await laptop.get('/api/me/sessions')).body.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    // Ended already, and another person's session: not found, nothing changes.
    expect((await laptop.request('DELETE', `/api/me/sessions/${other.id}`)).status).toBe(404);
    const [theirs] = await ds.query(`SELECT s.id FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email <> $1 LIMIT 1`, [EMAIL]);
    if (theirs) expect((await laptop.request('DELETE', `/api/me/sessions/${theirs.id}`)).status).toBe(404);
    const [audited] = await ds.query(`SELECT actor_user_id FROM audit_event WHERE action = 'user_session.revoke' AND entity_id = $1`, [other.id]);
    expect(audited.actor_user_id).toBe(userId);
  });

  it('signs out every other session, this one staying', async () => {
    await ds.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    const a = await signIn(DEMO);
    const b = await signIn(DEMO);
    const c = await signIn(DEMO);
    const res = await a.request('POST', '/api/me/sessions/end-others');
    expect(res.status).toBe(200);
    expect(res.body.ended).toBe(2);
    expect((await b.get('/api/me/profile')).status).toBe(401);
    expect((await c.get('/api/me/profile')).status).toBe(401);
    expect((await a.get('/api/me/sessions')).body).toHaveLength(1);
  });
});

describe('password change', () => {
  it('needs the current password', async () => {
    const me = await signIn(DEMO);
    const res = await me.request('POST', '/api/me/password', { currentPassword: 'not-the-password', newPassword: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('WRONG_CURRENT_PASSWORD');
    expect((await server.request('POST', '/api/auth/login', { email: EMAIL, password: NEW_PASSWORD })).status).toBe(401);
  });

  it.each([
    ['short-pw', 'PASSWORD_TOO_SHORT'],
    ['password1234', 'PASSWORD_TOO_COMMON'],
    ['my-account.tester-secret', 'PASSWORD_CONTAINS_EMAIL'],
  ])('refuses the new password %s with %s and keeps the old one', async (newPassword, code) => {
    const me = await signIn(DEMO);
    const res = await me.request('POST', '/api/me/password', { currentPassword: DEMO, newPassword });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect((await me.get('/api/me/profile')).status).toBe(200);
  });

  it('changes it: the other sessions answer 401 at once, this one keeps working, and only the new password signs in', async () => {
    await ds.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    const other = await signIn(DEMO, 'the other device');
    const me = await signIn(DEMO, 'this device');
    expect((await other.get('/api/me/profile')).status).toBe(200);

    const res = await me.request('POST', '/api/me/password', { currentPassword: DEMO, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.endedSessions).toBe(1);

    expect((await other.get('/api/me/profile')).status).toBe(401);
    expect((await me.get('/api/me/profile')).status).toBe(200);
    expect((await me.get('/api/me/sessions')).body).toEqual([expect.objectContaining({ current: true, userAgent: 'this device' })]);
    expect((await server.request('POST', '/api/auth/login', { email: EMAIL, password: DEMO })).status).toBe(401);
    expect((await server.request('POST', '/api/auth/login', { email: EMAIL, password: NEW_PASSWORD })).status).toBe(200);
    const [event] = await ds.query(`SELECT before, after FROM audit_event WHERE action = 'user.change_password' AND entity_id = $1`, [userId]);
    expect(event.before).toBeNull();
    expect(JSON.stringify(event.after)).not.toContain(NEW_PASSWORD);
  });

  it('refuses anonymous callers', async () => {
    expect((await server.request('POST', '/api/me/password', { currentPassword: DEMO, newPassword: NEW_PASSWORD })).status).toBe(401);
    expect((await server.get('/api/me/sessions')).status).toBe(401);
  });
});
