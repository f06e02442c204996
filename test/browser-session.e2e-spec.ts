import { DataSource } from 'typeorm';
import { sha256 } from '../libs/auth/tokens.js';
import { bootApi, DEMO_EMAIL, DEMO_PASSWORD, type DemoUser, type TestApi, type TestResponse } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Browser sessions over HTTP: the HttpOnly cookie, the CSRF header on every change, sliding
 * expiry, several tabs on one cookie, sign-out everywhere, and the same organisation scope as bearer.
 */
const LEAD_SP = 'aap2-sp-12'; // 經濟部 leads

let db: TestDatabase;
let api: TestApi;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  await ds.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = $1`, [LEAD_SP]);
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

/** One Set-Cookie line: its value and its attributes, lower-cased. */
function cookieIn(res: TestResponse, name: string): { value: string; attributes: string[] } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: decodeURIComponent(pair.slice(name.length + 1)), attributes: attributes.map((a) => a.toLowerCase()) };
}

/** A browser: the cookie header it sends and the CSRF token its page holds. */
interface Browser {
  cookie: string;
  csrfToken: string;
  sessionToken: string;
  get(path: string): Promise<TestResponse>;
  /** A request as the page sends it (csrf: false leaves the header out, a string sends that instead). */
  request(method: string, path: string, body?: unknown, options?: { csrf?: boolean | string }): Promise<TestResponse>;
}

async function signInBrowser(user: DemoUser, target: TestApi = api): Promise<Browser & { response: TestResponse }> {
  const response = await target.request('POST', '/api/auth/session', { email: DEMO_EMAIL[user], password: DEMO_PASSWORD });
  if (response.status !== 200) throw new Error(`Browser sign-in as ${user} failed: ${response.status} ${JSON.stringify(response.body)}`);
  const sessionToken = cookieIn(response, 'guankao_session')!.value;
  const csrfToken = cookieIn(response, 'guankao_csrf')!.value;
  return { response, ...browserWith(`guankao_session=${encodeURIComponent(sessionToken)}; guankao_csrf=${encodeURIComponent(csrfToken)}`, sessionToken, csrfToken, target) };
}

function browserWith(cookie: string, sessionToken: string, csrfToken: string, target: TestApi = api): Browser {
  const request = (method: string, path: string, body?: unknown, options: { csrf?: boolean | string } = {}) => {
    const csrf = options.csrf ?? true;
    const headers: Record<string, string> = { cookie };
    if (csrf !== false) headers['x-csrf-token'] = csrf === true ? csrfToken : csrf;
    return target.request(method, path, body, headers);
  };
  return { cookie, csrfToken, sessionToken, request, get: (path) => request('GET', path, undefined, { csrf: false }) };
}

const sessionRow = async (token: string) =>
  (await ds.query(
    `SELECT id, kind, revoked_at, extract(epoch FROM access_expires_at - now())::int AS access_left, extract(epoch FROM refresh_expires_at - now())::int AS absolute_left
       FROM user_session WHERE access_token_hash = $1`,
    [sha256(token)],
  ))[0];

describe('signing in a browser', () => {
  it('sets the HttpOnly session cookie and the readable CSRF cookie, both SameSite=Strict on /, and answers who signed in', async () => {
    const browser = await signInBrowser('moea-officer');
    const { response } = browser;
    expect(response.body).toMatchObject({ email: DEMO_EMAIL['moea-officer'], roles: ['ministry_officer'], csrfToken: browser.csrfToken });
    expect(response.body).not.toHaveProperty('accessToken');
    expect(response.headers.get('cache-control')).toBe('no-store');

    const session = cookieIn(response, 'guankao_session')!;
    expect(session.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    expect(session.attributes).not.toContain('secure'); // plain http, PUBLIC_URL http
    const csrf = cookieIn(response, 'guankao_csrf')!;
    expect(csrf.attributes).toEqual(expect.arrayContaining(['samesite=strict', 'path=/']));
    expect(csrf.attributes).not.toContain('httponly');
    expect(csrf.value).not.toBe(session.value);

    const row = await sessionRow(browser.sessionToken);
    expect(row.kind).toBe('browser');
    expect(row.access_left).toBeGreaterThan(3500); // BROWSER_SESSION_IDLE_SECONDS, 3600 by default
    expect(row.access_left).toBeLessThanOrEqual(3600);
  });

  it('uses the sign-in checks of /login: a wrong password is 401, recorded, and sets no cookie', async () => {
    const res = await api.request('POST', '/api/auth/session', { email: DEMO_EMAIL.viewer, password: 'not-it' });
    expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(res.headers.getSetCookie()).toEqual([]);
    const [attempt] = await ds.query(`SELECT succeeded, reason FROM login_attempt WHERE email = $1 ORDER BY id DESC LIMIT 1`, [DEMO_EMAIL.viewer]);
    expect(attempt).toEqual({ succeeded: false, reason: 'bad_password' });
  });

  it('/me works with the cookie and gives the CSRF token; with a bearer token it gives none', async () => {
    const browser = await signInBrowser('coordinator');
    const me = await browser.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: DEMO_EMAIL.coordinator, csrfToken: browser.csrfToken });
    const bearer = await api.as('coordinator');
    const bearerMe = await bearer.get('/api/auth/me');
    expect(bearerMe.status).toBe(200);
    expect(bearerMe.body).not.toHaveProperty('csrfToken');
  });

  it('GET /api/auth/session answers 200 either way: whether signed in, and who with the CSRF token', async () => {
    const anonymous = await api.get('/api/auth/session');
    expect([anonymous.status, anonymous.body]).toEqual([200, { signedIn: false, me: null }]);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const stale = await api.request('GET', '/api/auth/session', undefined, { cookie: 'guankao_session=not-a-session' });
    expect([stale.status, stale.body]).toEqual([200, { signedIn: false, me: null }]);
    const browser = await signInBrowser('moda-officer');
    const signedIn = await browser.get('/api/auth/session');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ signedIn: true, me: { email: DEMO_EMAIL['moda-officer'], csrfToken: browser.csrfToken } });
  });

  it('without any credentials a page route is 401 UNAUTHENTICATED in the usual body', async () => {
    const res = await api.get('/api/auth/me');
    expect([res.status, res.body.error.code, typeof res.body.error.requestId]).toEqual([401, 'UNAUTHENTICATED', 'string']);
  });
});

describe('CSRF', () => {
  it('refuses a change by cookie without the header or with a wrong one (403 CSRF_FAILED, nothing changed); with the token it goes through', async () => {
    const officer = await api.as('moea-officer');
    const draft = (await officer.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q2', narrative: '初稿' })).body;
    expect(draft.status).toBe('draft');
    const browser = await signInBrowser('moea-officer');
    const stored = async () => (await ds.query(`SELECT version, narrative FROM submission WHERE id = $1`, [draft.id]))[0];
    const before = await stored();

    for (const csrf of [false, 'wrong-token', ''] as const) {
      const res = await browser.request('PATCH', `/api/submissions/${draft.id}`, { version: draft.version, narrative: '偽造' }, { csrf });
      expect({ csrf, status: res.status, code: res.body.error?.code }).toEqual({ csrf, status: 403, code: 'CSRF_FAILED' });
      expect(res.body.error.message).toMatch(/reload/);
    }
    // Another session's token is no better.
    const other = await signInBrowser('moea-officer');
    expect((await browser.request('PATCH', `/api/submissions/${draft.id}`, { version: draft.version, narrative: '偽造' }, { csrf: other.csrfToken })).status).toBe(403);
    expect(await stored()).toEqual(before);

    const saved = await browser.request('PATCH', `/api/submissions/${draft.id}`, { version: draft.version, narrative: '瀏覽器修改' });
    expect(saved.status).toBe(200);
    expect((await stored()).narrative).toBe('瀏覽器修改');

    // Bearer requests need no CSRF header (a browser never adds Authorization by itself).
    const byBearer = await officer.request('PATCH', `/api/submissions/${draft.id}`, { version: saved.body.version, narrative: 'API 用戶端修改' });
    expect(byBearer.status).toBe(200);
  });

  it('a POST by cookie needs the header too', async () => {
    const browser = await signInBrowser('moea-officer');
    const refused = await browser.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2023-Q1' }, { csrf: false });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'CSRF_FAILED']);
    expect(await ds.query(`SELECT s.id FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id WHERE sp.code = $1 AND s.period = '2023-Q1'`, [LEAD_SP])).toEqual([]);
    const created = await browser.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2023-Q1' });
    expect(created.status).toBe(201);
  });
});

describe('several tabs and sliding expiry', () => {
  it('two tabs holding the same cookie both keep working, at the same time and afterwards', async () => {
    const first = await signInBrowser('moea-supervisor');
    const second = browserWith(first.cookie, first.sessionToken, first.csrfToken); // another tab: the same cookie jar
    const together = await Promise.all([first.get('/api/auth/me'), second.get('/api/auth/me'), first.get('/api/sub-projects?limit=1'), second.get('/api/sub-projects?limit=1')]);
    expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const later = await Promise.all([second.get('/api/auth/me'), first.get('/api/auth/me')]);
    expect(later.map((r) => r.status)).toEqual([200, 200]);
    expect((await sessionRow(first.sessionToken)).revoked_at).toBeNull();
  });

  it('a request extends the session by the idle time, never past its absolute end', async () => {
    const browser = await signInBrowser('viewer');
    const { id } = await sessionRow(browser.sessionToken);
    await ds.query(`UPDATE user_session SET access_expires_at = now() + interval '5 seconds' WHERE id = $1`, [id]);
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    expect((await sessionRow(browser.sessionToken)).access_left).toBeGreaterThan(3500);

    // Near the absolute end (refresh_expires_at), the extension stops there.
    await ds.query(`UPDATE user_session SET access_expires_at = now() + interval '5 seconds', refresh_expires_at = now() + interval '10 minutes' WHERE id = $1`, [id]);
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    const capped = await sessionRow(browser.sessionToken);
    expect(capped.access_left).toBeGreaterThan(590);
    expect(capped.access_left).toBeLessThanOrEqual(capped.absolute_left);
  });

  it('does not write on every request: within a minute of the last extension nothing changes', async () => {
    const browser = await signInBrowser('viewer');
    const expiry = async () => (await ds.query(`SELECT access_expires_at FROM user_session WHERE access_token_hash = $1`, [sha256(browser.sessionToken)]))[0].access_expires_at.getTime();
    const before = await expiry();
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    expect(await expiry()).toBe(before);
  });

  it('a bearer session does not slide', async () => {
    const bearer = await api.as('reviewer');
    const row = async () => (await ds.query(`SELECT kind, access_expires_at FROM user_session WHERE access_token_hash = $1`, [sha256(bearer.token)]))[0];
    await ds.query(`UPDATE user_session SET access_expires_at = now() + interval '30 seconds' WHERE access_token_hash = $1`, [sha256(bearer.token)]);
    const before = await row();
    expect((await bearer.get('/api/auth/me')).status).toBe(200);
    expect(await row()).toEqual(before);
    expect(before.kind).toBe('bearer');
  });

  it('an expired browser session is 401 UNAUTHENTICATED, and stays expired', async () => {
    const browser = await signInBrowser('viewer');
    await ds.query(`UPDATE user_session SET access_expires_at = now() - interval '1 second' WHERE access_token_hash = $1`, [sha256(browser.sessionToken)]);
    const res = await browser.get('/api/auth/me');
    expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await sessionRow(browser.sessionToken)).access_left).toBeLessThanOrEqual(0);
    expect((await browser.request('PUT', '/api/me/notification-preferences', {})).status).toBe(401);
  });
});

describe('signing out', () => {
  it('DELETE /api/auth/session needs the CSRF header, then ends the session and clears both cookies', async () => {
    const browser = await signInBrowser('reviewer');
    const refused = await browser.request('DELETE', '/api/auth/session', undefined, { csrf: false });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'CSRF_FAILED']);
    expect((await browser.get('/api/auth/me')).status).toBe(200);

    const res = await browser.request('DELETE', '/api/auth/session');
    expect(res.status).toBe(204);
    for (const name of ['guankao_session', 'guankao_csrf']) {
      const cleared = cookieIn(res, name)!;
      expect({ name, value: cleared.value }).toEqual({ name, value: '' });
      expect(cleared.attributes.some((a) => a === 'max-age=0' || a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
      expect(cleared.attributes).toContain('path=/');
    }
    expect((await browser.get('/api/auth/me')).status).toBe(401);
    expect((await sessionRow(browser.sessionToken)).revoked_at).not.toBeNull();
  });

  it('sign-out everywhere from an API client ends the cookie session at once', async () => {
    const browser = await signInBrowser('moda-supervisor');
    const tab = await signInBrowser('moda-supervisor');
    const client = await api.as('moda-supervisor');
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    expect((await client.request('POST', '/api/auth/logout-all')).status).toBe(204);
    expect((await browser.get('/api/auth/me')).status).toBe(401);
    expect((await tab.get('/api/auth/me')).status).toBe(401);
    expect((await client.get('/api/auth/me')).status).toBe(401);
  });

  it('sign-out everywhere from the browser (with its CSRF header) ends API clients too and clears the cookies', async () => {
    const client = await api.as('admin');
    const browser = await signInBrowser('admin');
    expect((await browser.request('POST', '/api/auth/logout-all', undefined, { csrf: false })).status).toBe(403);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const res = await browser.request('POST', '/api/auth/logout-all');
    expect(res.status).toBe(204);
    expect(cookieIn(res, 'guankao_session')?.value).toBe('');
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await browser.get('/api/auth/me')).status).toBe(401);
    const live = await ds.query(`SELECT count(*)::int AS n FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.email = $1 AND s.revoked_at IS NULL`, [DEMO_EMAIL.admin]);
    expect(live).toEqual([{ n: 0 }]);
  });
});

describe('organisation scope by cookie', () => {
  it('another ministry cannot read a submission by cookie any more than by bearer token', async () => {
    const moeaOfficer = await api.as('moea-officer');
    const draft = (await moeaOfficer.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2022-Q4', narrative: '經濟部草稿' })).body;
    expect(draft.id).toEqual(expect.any(String));
    const byBearer = await (await api.as('moda-officer')).get(`/api/submissions/${draft.id}`);
    const byCookie = await (await signInBrowser('moda-officer')).get(`/api/submissions/${draft.id}`);
    expect([403, 404]).toContain(byCookie.status);
    expect({ status: byCookie.status, code: byCookie.body.error.code }).toEqual({ status: byBearer.status, code: byBearer.body.error.code });
    expect(JSON.stringify(byCookie.body)).not.toContain('經濟部草稿');
  });
});

describe('the queue dashboard from a browser session', () => {
  it('an admin signed in by cookie gets the dashboard cookie for the same session', async () => {
    const browser = await signInBrowser('admin');
    const res = await browser.request('POST', '/api/admin/queues/session');
    expect(res.status).toBe(200);
    const dashboard = cookieIn(res, 'guankao_queue_dashboard')!;
    expect(dashboard.value).toBe(browser.sessionToken);
    const page = await api.request('GET', '/admin/queues/api/queues', undefined, { cookie: `guankao_queue_dashboard=${encodeURIComponent(dashboard.value)}` });
    expect(page.status).toBe(200);
  });
});

describe('behind https', () => {
  let secureApi: TestApi;

  beforeAll(async () => {
    process.env.PUBLIC_URL = 'https://guankao.example.tw';
    try {
      secureApi = await bootApi(db.url);
    } finally {
      delete process.env.PUBLIC_URL;
    }
  });

  afterAll(async () => {
    await secureApi?.app.close();
  });

  it('marks both cookies Secure when PUBLIC_URL is https', async () => {
    const { response } = await signInBrowser('viewer', secureApi);
    expect(cookieIn(response, 'guankao_session')!.attributes).toContain('secure');
    expect(cookieIn(response, 'guankao_csrf')!.attributes).toContain('secure');
  });
});
