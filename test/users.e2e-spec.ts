import { DataSource } from 'typeorm';
import { bootApi, type Client, DEMO_PASSWORD, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { given, type Given } from './support/given.js';
import { type ReceivedMail, SmtpTestServer } from './support/smtp.js';
import { bootWorker, dropQueues, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/**
 * Account administration over HTTP with the real worker and a real SMTP server: invitations and
 * reset links arrive by email, set a password once, and sign the person in; deactivation ends
 * sessions at once; a ministry account administrator manages only its own organisation.
 */
const PUBLIC_URL = 'https://guankao.example.tw';
const GOOD_PASSWORD = 'Tainan-harbour-lantern-42';

let db: TestDatabase;
let smtp: SmtpTestServer;
let worker: TestWorker;
let api: TestApi;
let ds: DataSource;
let g: Given;
let admin: Client;
const prefix = uniqueQueuePrefix();
const savedPublicUrl = process.env.PUBLIC_URL;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await new SmtpTestServer().start();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, env: { PUBLIC_URL } });
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  g = await given(db.url);
  admin = await api.as('admin');
}, 60_000);

afterAll(async () => {
  await g?.close();
  await api?.app.close();
  await worker?.close();
  await smtp?.stop();
  await db?.drop();
  await dropQueues(prefix);
  if (savedPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = savedPublicUrl;
});

const jsonOf = async (r: Response) => {
  const text = await r.text();
  return text ? JSON.parse(text) : null;
};

const anonymous = () => ({
  post: (path: string, body: unknown) => fetch(`${api.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then(async (r) => ({ status: r.status, body: await jsonOf(r) })),
});

const mailTo = (to: string, count = 1): Promise<ReceivedMail[]> =>
  eventually(`${count} mail(s) to ${to}`, () => smtp.received.filter((m) => m.to.includes(to)), { until: (m) => m.length >= count });

const tokenOf = (mail: ReceivedMail): string => {
  const match = /https:\/\/guankao\.example\.tw\/set-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no link in: ${mail.text}`);
  return match[1];
};

const signIn = (email: string, password: string) => anonymous().post('/api/auth/login', { email, password });
const auditActions = async (userId: string): Promise<string[]> =>
  (await ds.query(`SELECT action FROM audit_event WHERE entity_type = 'user' AND entity_id = $1 ORDER BY id`, [userId])).map((r: { action: string }) => r.action);

describe('an admin invites a ministry officer', () => {
  const email = 'invited.officer@moea.example.test';
  let userId: string;
  let token: string;

  it('creates the account and the invitation arrives by email, in the user\'s language, with a one-time link', async () => {
    const res = await admin.request('POST', '/api/users', { email: 'Invited.Officer@moea.example.test', displayName: '邀請測試 承辦', organisation: 'moea', roles: ['ministry_officer'], locale: 'zh-TW' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email, organisationCode: 'moea', roles: ['ministry_officer'], isActive: true, hasPassword: false, pendingLink: { purpose: 'invitation' } });
    userId = res.body.id;
    const [mail] = await mailTo(email);
    expect(mail.subject).toBe('【管考】邀請您使用管考系統');
    expect(mail.text).toContain('邀請測試 承辦');
    token = tokenOf(mail);
    // Only the token's hash is stored, and the ledger holds no token.
    // (the worker commits the hash just after the SMTP server accepted the mail)
    const row = await eventually('the token hash committed', async () =>
      (await ds.query(`SELECT token_hash FROM account_token WHERE user_id = $1 AND used_at IS NULL`, [userId]))[0], { until: (r) => r?.token_hash != null });
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token);
    const ledger = await ds.query(`SELECT payload::text AS payload FROM notification WHERE recipient_user_id = $1`, [userId]);
    expect(ledger).toHaveLength(1);
    expect(ledger[0].payload).not.toContain(token);
    // Before a password is set, nothing signs in.
    expect((await signIn(email, GOOD_PASSWORD)).status).toBe(401);
  });

  it('tells the page what the link is for, refuses weak passwords with their codes, then sets the password once', async () => {
    const state = await anonymous().post('/api/auth/link', { token });
    expect(state).toMatchObject({ status: 200, body: { purpose: 'invitation', email, displayName: '邀請測試 承辦', minLength: 12 } });
    expect((await anonymous().post('/api/auth/set-password', { token, password: 'short-pw' })).body.error.code).toBe('PASSWORD_TOO_SHORT');
    const common = await anonymous().post('/api/auth/set-password', { token, password: 'password1234' });
    expect(common).toMatchObject({ status: 400, body: { error: { code: 'PASSWORD_TOO_COMMON' } } });
    expect((await anonymous().post('/api/auth/set-password', { token, password: 'guankao-demo' })).body.error.code).toBe('PASSWORD_TOO_COMMON');

    expect((await anonymous().post('/api/auth/set-password', { token, password: GOOD_PASSWORD })).status).toBe(204);
    const signedIn = await signIn(email, GOOD_PASSWORD);
    expect(signedIn.status).toBe(200);
    const me = await fetch(`${api.baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${signedIn.body.accessToken}` } }).then((r) => r.json());
    expect(me).toMatchObject({ email, roles: ['ministry_officer'] });
    // The new hash is at today's parameters.
    const [{ password_hash }] = await ds.query(`SELECT password_hash FROM app_user WHERE id = $1`, [userId]);
    expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);

    const again = await anonymous().post('/api/auth/set-password', { token, password: 'Another-good-passphrase-7' });
    expect(again).toMatchObject({ status: 410, body: { error: { code: 'LINK_USED' } } });
    expect((await anonymous().post('/api/auth/link', { token })).body.error.code).toBe('LINK_USED');
    expect((await anonymous().post('/api/auth/link', { token: 'x'.repeat(43) })).body.error.code).toBe('LINK_INVALID');
    expect(await auditActions(userId)).toEqual(['user.create', 'user.invite', 'user.invitation_accept']);
  });

  it('refuses an expired link in words', async () => {
    const res = await admin.request('POST', '/api/users', { email: 'late.officer@moea.example.test', displayName: '逾期測試', organisation: 'moea', roles: ['ministry_officer'], locale: 'en' });
    expect(res.status).toBe(201);
    const [mail] = await mailTo('late.officer@moea.example.test');
    expect(mail.subject).toBe('[Guankao] You are invited to Guankao');
    await ds.query(`UPDATE account_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [res.body.id]);
    const expired = await anonymous().post('/api/auth/set-password', { token: tokenOf(mail), password: GOOD_PASSWORD });
    expect(expired).toMatchObject({ status: 410, body: { error: { code: 'LINK_EXPIRED' } } });
    expect((await signIn('late.officer@moea.example.test', GOOD_PASSWORD)).status).toBe(401);
  });
});

describe('deactivation and password reset', () => {
  const email = 'reset.officer@moda.example.test';
  let userId: string;

  beforeAll(async () => {
    userId = await g.user({ email, organisation: 'moda', roles: ['ministry_officer'], displayName: '重設測試', password: 'demo' });
  });

  it('deactivating ends the user\'s sessions at once and refuses sign-in; reactivating lets them back', async () => {
    const session = await signIn(email, DEMO_PASSWORD);
    expect(session.status).toBe(200);
    const bearer = { authorization: `Bearer ${session.body.accessToken}` };
    expect((await fetch(`${api.baseUrl}/api/me/work`, { headers: bearer })).status).toBe(200);

    const off = await admin.request('POST', `/api/users/${userId}/deactivate`);
    expect(off).toMatchObject({ status: 200, body: { isActive: false } });
    expect((await fetch(`${api.baseUrl}/api/me/work`, { headers: bearer })).status).toBe(401);
    expect((await anonymous().post('/api/auth/refresh', { refreshToken: session.body.refreshToken })).status).toBe(401);
    expect((await signIn(email, DEMO_PASSWORD)).status).toBe(401);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM user_session WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
    expect(n).toBe(0);

    expect((await admin.request('POST', `/api/users/${userId}/reactivate`)).body.isActive).toBe(true);
    expect((await signIn(email, DEMO_PASSWORD)).status).toBe(200);
    expect(await auditActions(userId)).toEqual(['user.deactivate', 'user.reactivate']);
  });

  it('forgot password: the same answer for any address, a reset link for a real one, the old password works until the new one is set', async () => {
    const before = smtp.received.length;
    const unknown = await anonymous().post('/api/auth/password-reset', { email: 'nobody.here@example.test' });
    const known = await anonymous().post('/api/auth/password-reset', { email: email.toUpperCase() });
    expect(unknown).toEqual({ status: 202, body: null });
    expect(known).toEqual({ status: 202, body: null });
    const [mail] = await mailTo(email);
    expect(mail.subject).toBe('【管考】重設密碼');
    expect(smtp.received.filter((m) => m.to.includes('nobody.here@example.test'))).toEqual([]);
    expect(smtp.received.length).toBeGreaterThan(before);

    const session = await signIn(email, DEMO_PASSWORD);
    expect(session.status).toBe(200);
    const token = tokenOf(mail);
    expect((await anonymous().post('/api/auth/link', { token })).body.purpose).toBe('password_reset');
    expect((await anonymous().post('/api/auth/set-password', { token, password: 'Keelung-rain-umbrella-1999' })).status).toBe(204);
    // The new password signs in, the old one no longer, and the sessions opened with the old one are over.
    expect((await signIn(email, DEMO_PASSWORD)).status).toBe(401);
    expect((await signIn(email, 'Keelung-rain-umbrella-1999')).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/api/me/work`, { headers: { authorization: `Bearer ${session.body.accessToken}` } })).status).toBe(401);
    expect(await auditActions(userId)).toEqual(expect.arrayContaining(['user.password_reset_request', 'user.password_reset']));
  });

  it('limits reset requests per email, whether or not it has an account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await anonymous().post('/api/auth/password-reset', { email: 'flood.target@example.test' })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('an admin sends a reset link; a newer link makes the older one stop working', async () => {
    const count = smtp.received.filter((m) => m.to.includes(email)).length;
    expect((await admin.request('POST', `/api/users/${userId}/send-link`)).body.pendingLink.purpose).toBe('password_reset');
    const first = (await mailTo(email, count + 1))[count];
    expect((await admin.request('POST', `/api/users/${userId}/send-link`)).status).toBe(200);
    const second = (await mailTo(email, count + 2))[count + 1];
    expect((await anonymous().post('/api/auth/link', { token: tokenOf(first) })).body.error.code).toBe('LINK_USED');
    expect((await anonymous().post('/api/auth/link', { token: tokenOf(second) })).status).toBe(200);
  });

  it('sign-in stores a stronger hash of an old one', async () => {
    const old = await g.user({ email: 'old.hash@moea.example.test', organisation: 'moea', roles: ['ministry_officer'], password: 'demo' });
    await ds.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [old, '$argon2id$v=19$m=19456,t=2,p=1$QqStekAdXnf92Bof8+gFsg$0Y+AWv1ayVuAOgUo6p6Hlf1Eet/UWWDuQ5uRL9nd570']);
    // That hash is of the password below (made at OWASP's minimum, as before the change).
    expect((await signIn('old.hash@moea.example.test', 'old-params-password')).status).toBe(200);
    const [{ password_hash }] = await ds.query(`SELECT password_hash FROM app_user WHERE id = $1`, [old]);
    expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect((await signIn('old.hash@moea.example.test', 'old-params-password')).status).toBe(200);
  });
});

describe('a ministry account administrator (部會署窗口)', () => {
  let moeaAdmin: Client;
  let modaUser: string;
  let moeaUser: string;

  beforeAll(async () => {
    await g.user({ email: 'moea.contact@moea.example.test', organisation: 'moea', roles: ['ministry_admin'], displayName: '經濟部 帳號管理者', password: 'demo' });
    modaUser = await g.user({ email: 'someone@moda.example.test', organisation: 'moda', roles: ['ministry_officer'], displayName: '數位部 同仁' });
    moeaUser = await g.user({ email: 'colleague@moea.example.test', organisation: 'moea', roles: ['ministry_officer'], displayName: '經濟部 同仁' });
    const res = await signIn('moea.contact@moea.example.test', DEMO_PASSWORD);
    const token = res.body.accessToken as string;
    moeaAdmin = {
      get: (path) => fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, headers: r.headers, body: await jsonOf(r) })),
      request: (method, path, body) => fetch(`${api.baseUrl}${path}`, {
        method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, headers: r.headers, body: await jsonOf(r) })),
    };
  });

  it('creates and manages its own organisation\'s accounts with ministry roles', async () => {
    const made = await moeaAdmin.request('POST', '/api/users', { email: 'new.supervisor@moea.example.test', displayName: '經濟部 新主管', organisation: 'moea', roles: ['ministry_supervisor'], invite: false });
    expect(made.status).toBe(201);
    expect(made.body.grantableRoles).toEqual(['ministry_officer', 'ministry_supervisor', 'ministry_admin']);
    const changed = await moeaAdmin.request('PATCH', `/api/users/${moeaUser}`, { roles: ['ministry_officer', 'ministry_supervisor'] });
    expect(changed).toMatchObject({ status: 200, body: { roles: ['ministry_officer', 'ministry_supervisor'] } });
    expect((await moeaAdmin.request('POST', `/api/users/${moeaUser}/deactivate`)).body.isActive).toBe(false);
    const [row] = await ds.query(`SELECT actor_user_id, before, after FROM audit_event WHERE entity_id = $1 AND action = 'user.update'`, [moeaUser]);
    expect(row.before.roles).toEqual(['ministry_officer']);
    expect(row.after.roles).toEqual(['ministry_officer', 'ministry_supervisor']);
  });

  it('cannot create accounts elsewhere, grant secretariat roles, or see another organisation\'s accounts', async () => {
    const elsewhere = await moeaAdmin.request('POST', '/api/users', { email: 'x1@moda.example.test', displayName: 'x', organisation: 'moda', roles: ['ministry_officer'] });
    expect(elsewhere.status).toBe(403);
    const noOrg = await moeaAdmin.request('POST', '/api/users', { email: 'x2@moea.example.test', displayName: 'x', roles: ['ministry_officer'] });
    expect(noOrg.status).toBe(400);
    for (const role of ['coordinator', 'admin', 'reviewer', 'viewer']) {
      const res = await moeaAdmin.request('POST', '/api/users', { email: `x-${role}@moea.example.test`, displayName: 'x', organisation: 'moea', roles: [role] });
      expect([role, res.status]).toEqual([role, 403]);
    }
    expect((await moeaAdmin.request('PATCH', `/api/users/${moeaUser}`, { roles: ['coordinator'] })).status).toBe(403);
    expect((await moeaAdmin.request('PATCH', `/api/users/${moeaUser}`, { organisation: 'moda' })).status).toBe(403);
    for (const [method, path] of [['GET', ''], ['PATCH', ''], ['POST', '/deactivate'], ['POST', '/send-link']] as const) {
      const res = await moeaAdmin.request(method, `/api/users/${modaUser}${path}`, method === 'PATCH' ? { displayName: 'hijacked' } : undefined);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    const [{ display_name, is_active }] = await ds.query(`SELECT display_name, is_active FROM app_user WHERE id = $1`, [modaUser]);
    expect({ display_name, is_active }).toEqual({ display_name: '數位部 同仁', is_active: true });
    // Its directory is its own organisation's.
    const dir = await moeaAdmin.get('/api/users?q=example.test');
    expect(dir.body.items.map((u: { email: string }) => u.email)).not.toContain('someone@moda.example.test');
    // Nor may other roles manage accounts.
    const officer = await api.signedIn('moea-officer');
    expect((await officer.request('POST', '/api/users', { email: 'x3@moea.example.test', displayName: 'x', organisation: 'moea', roles: ['ministry_officer'] })).status).toBe(403);
    expect((await (await api.signedIn('coordinator')).get(`/api/users/${moeaUser}`)).status).toBe(403);
  });

  it('an admin cannot deactivate itself or take its own admin role', async () => {
    const [{ id }] = await ds.query(`SELECT id FROM app_user WHERE email = 'admin@demo.guankao.tw'`);
    expect((await admin.request('POST', `/api/users/${id}/deactivate`)).status).toBe(409);
    expect((await admin.request('PATCH', `/api/users/${id}`, { roles: ['coordinator'] })).status).toBe(409);
    expect((await admin.request('POST', '/api/users', { email: 'coordinator@demo.guankao.tw', displayName: 'dup', roles: ['coordinator'] })).status).toBe(409);
  });
});
