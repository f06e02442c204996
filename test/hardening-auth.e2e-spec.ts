import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { bootApi, DEMO_EMAIL, DEMO_PASSWORD, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Sign-in limits an attacker cannot turn against the account's owner, and refresh-token replay
 * detection a guess cannot trigger. Requests come from several loopback addresses (127.0.0.x):
 * the API sees each as its own client, with no proxy header involved.
 */
let db: TestDatabase;
let api: TestApi;
let ds: DataSource;

const WINDOW = 15 * 60;

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.LOGIN_MAX_FAILURES = '5';
  process.env.LOGIN_ACCOUNT_MAX_FAILURES = '8';
  process.env.LOGIN_WINDOW_SECONDS = String(WINDOW);
  try {
    api = await bootApi(db.url);
  } finally {
    delete process.env.LOGIN_MAX_FAILURES;
    delete process.env.LOGIN_ACCOUNT_MAX_FAILURES;
    delete process.env.LOGIN_WINDOW_SECONDS;
  }
  ds = api.app.get(DataSource);
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

interface Answer {
  status: number;
  retryAfter: number | null;
  body: any;
}

/** POST a JSON body from a chosen local address (the socket's own source address). */
function postFrom(address: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, api.baseUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: address,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: retryAfter === undefined ? null : Number(retryAfter), body: text ? JSON.parse(text) : null });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const signIn = (address: string, email: string, password: string, headers?: Record<string, string>) =>
  postFrom(address, '/api/auth/login', { email, password }, headers);

/** As if `seconds` had passed for this email's recorded attempts (the limits read login_attempt.at). */
async function age(email: string, seconds: number): Promise<void> {
  await ds.query(`UPDATE login_attempt SET at = at - make_interval(secs => $2) WHERE email = $1`, [email, seconds]);
}

describe('sign-in lockout', () => {
  it('locks the attacking address, not the account: the owner elsewhere still signs in', async () => {
    const email = DEMO_EMAIL.viewer;
    for (let i = 0; i < 5; i++) expect((await signIn('127.0.0.2', email, 'guess')).status).toBe(401);
    const refused = await signIn('127.0.0.2', email, DEMO_PASSWORD);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMITED']);
    expect((await signIn('127.0.0.1', email, DEMO_PASSWORD)).status).toBe(200);
  });

  it('does not count refused attempts: an attacker retrying every few minutes cannot keep the lock', async () => {
    const email = DEMO_EMAIL.reviewer;
    for (let i = 0; i < 5; i++) expect((await signIn('127.0.0.3', email, 'guess')).status).toBe(401);
    // The attacker keeps knocking while locked: five more tries every five minutes.
    for (let minute = 0; minute < 15; minute += 5) {
      for (let i = 0; i < 5; i++) expect((await signIn('127.0.0.3', email, 'guess')).status).toBe(429);
      await age(email, 5 * 60);
    }
    // Fifteen minutes after the five failures the lock is over, the knocking notwithstanding.
    const after = await signIn('127.0.0.3', email, 'guess');
    expect(after.status).toBe(401);
  });

  it('answers Retry-After with the time actually left, in the documented error shape, localised', async () => {
    const email = DEMO_EMAIL['moda-officer'];
    for (let i = 0; i < 5; i++) await signIn('127.0.0.4', email, 'guess');
    await age(email, 10 * 60);
    const en = await signIn('127.0.0.4', email, 'guess', { 'accept-language': 'en' });
    expect(en.status).toBe(429);
    expect(en.retryAfter).toBeGreaterThanOrEqual(5 * 60 - 5);
    expect(en.retryAfter).toBeLessThanOrEqual(5 * 60);
    expect(en.body.error).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: en.retryAfter } });
    expect(en.body.error.message).toMatch(/try again in 5 minutes/);
    const zh = await signIn('127.0.0.4', email, 'guess', { 'accept-language': 'zh-TW' });
    expect(zh.body.error.message).toMatch(/請於 5 分鐘後再試/);
    // Under a minute left: said in seconds, in both languages.
    await age(email, 5 * 60 - 30);
    const soon = await signIn('127.0.0.4', email, 'guess', { 'accept-language': 'zh-TW' });
    expect(soon.retryAfter).toBeLessThanOrEqual(30);
    expect(soon.body.error.message).toBe(`嘗試次數過多：請於 ${soon.retryAfter} 秒後再試`);
    expect((await signIn('127.0.0.4', email, 'guess', { 'accept-language': 'en' })).body.error.message).toMatch(/try again in \d+ s$/);
  });

  it('locks an account attacked from many addresses only at the much higher account limit, and never for an address it signed in from', async () => {
    const email = DEMO_EMAIL['moea-supervisor'];
    expect((await signIn('127.0.0.5', email, DEMO_PASSWORD)).status).toBe(200); // the owner's usual address
    for (const address of ['127.0.0.6', '127.0.0.7']) {
      for (let i = 0; i < 4; i++) expect((await signIn(address, email, 'guess')).status).toBe(401);
    }
    // Eight failures in the window: a new address must wait, the owner's own address does not.
    const stranger = await signIn('127.0.0.8', email, DEMO_PASSWORD);
    expect(stranger.status).toBe(429);
    expect(stranger.retryAfter).toBeGreaterThan(WINDOW - 60);
    expect((await signIn('127.0.0.5', email, DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('refresh-token replay', () => {
  it('a forged token naming the victim\'s session is refused and leaves the session alone; a really used one still ends it', async () => {
    const victim = await api.as('moea-officer');
    const sessionId = victim.refreshToken.split('.')[0];
    const forged = await api.request('POST', '/api/auth/refresh', { refreshToken: `${sessionId}.${'A'.repeat(43)}` });
    expect([forged.status, forged.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await victim.get('/api/auth/me')).status).toBe(200);
    const [untouched] = await ds.query(`SELECT revoked_at FROM user_session WHERE id = $1`, [sessionId]);
    expect(untouched.revoked_at).toBeNull();

    const first = await api.request('POST', '/api/auth/refresh', { refreshToken: victim.refreshToken });
    const second = await api.request('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken });
    expect([first.status, second.status]).toEqual([200, 200]);
    // The first token, two rotations ago, comes back: someone else has a copy.
    const replay = await api.request('POST', '/api/auth/refresh', { refreshToken: victim.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    expect((await api.request('POST', '/api/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
    const [ended] = await ds.query(`SELECT revoked_reason FROM user_session WHERE id = $1`, [sessionId]);
    expect(ended.revoked_reason).toBe('refresh_reuse');
  });
});
