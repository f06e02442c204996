/**
 * The HTTP edge against bad requests and busy days (issue 11, "Input" and "HTTP"): bodies nested
 * or wide enough to cost the server, bodies trickled in, oversized headers, forged request ids,
 * security headers, rate limits and load shedding. Each limited case boots an API of its own with
 * low limits; the shared one keeps the generous defaults the rest of the suite uses.
 */
import { connect, type Socket } from 'node:net';
import { createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { bootApi, DEMO_EMAIL, DEMO_PASSWORD, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { dropQueues, uniqueQueuePrefix } from './support/worker.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let db: TestDatabase;
let api: TestApi;
const prefixes: string[] = [];
const apps: TestApi[] = [];

/** An API of its own on the same database, with these settings (read once, when it boots). */
async function bootWith(env: Record<string, string>): Promise<TestApi> {
  const saved = { ...process.env };
  const prefix = uniqueQueuePrefix(); // its own rate-limit counters in Redis
  prefixes.push(prefix);
  Object.assign(process.env, { QUEUE_PREFIX: prefix }, env);
  try {
    const app = await bootApi(db.url);
    apps.push(app);
    return app;
  } finally {
    process.env = saved;
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootWith({});
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.app.close();
  await db?.drop();
  for (const prefix of prefixes) await dropQueues(prefix);
}, 60_000);

function port(of: TestApi): number {
  return Number(new URL(of.baseUrl).port);
}

/** What a raw connection received, and how it ended: 'end' is a clean close (FIN), 'error' a reset. */
interface Exchange {
  text: string;
  ended: 'end' | 'error';
}

/** Opens a raw connection, lets `talk` write to it, and collects everything until the server closes it. */
function rawExchange(target: TestApi, talk: (socket: Socket) => void): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port(target), '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (ended: Exchange['ended']) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), ended });
    };
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish('end'));
    socket.on('error', () => finish('error'));
    socket.on('connect', () => talk(socket));
  });
}

function nested(levels: number, open: string, close: string, inner = '1'): string {
  return open.repeat(levels) + inner + close.repeat(levels);
}

describe('request bodies', () => {
  it('refuses a body nested deeper than 32 levels with a 400 before reading it, signed in or not, on every route', async () => {
    const coordinator = await api.as('coordinator');
    const deepObject = nested(3000, '{"a":', '}');
    const deepArray = nested(3000, '[', ']');
    const outcomes: string[] = [];
    for (const [client, path] of [[api, '/api/auth/login'], [api, '/api/auth/refresh'], [api, '/api/submissions'], [coordinator, '/api/sub-projects']] as const) {
      for (const body of [deepObject, deepArray]) {
        const res = await client.request('POST', path, body);
        outcomes.push(`${path} ${res.status} ${res.body.error.code}`);
      }
    }
    // Sign-in routes refuse the size (4 KiB) first; the others name the depth.
    expect(outcomes).toEqual([
      '/api/auth/login 413 PAYLOAD_TOO_LARGE', '/api/auth/login 413 PAYLOAD_TOO_LARGE',
      '/api/auth/refresh 413 PAYLOAD_TOO_LARGE', '/api/auth/refresh 413 PAYLOAD_TOO_LARGE',
      '/api/submissions 400 VALIDATION_FAILED', '/api/submissions 400 VALIDATION_FAILED',
      '/api/sub-projects 400 VALIDATION_FAILED', '/api/sub-projects 400 VALIDATION_FAILED',
    ]);
    // Within the sign-in route's size, the depth itself is named.
    const res = await api.request('POST', '/api/auth/login', nested(33, '{"a":', '}'));
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([{ field: 'body', problems: ['the JSON body nests deeper than 32 levels'], codes: ['maxDepth'] }]);
    const zh = await api.request('POST', '/api/sub-projects', nested(40, '[', ']'), { 'accept-language': 'zh-TW' });
    expect(zh.status).toBe(400);
    expect(zh.body.error.details.fields[0].problems).toEqual(['JSON 內容的巢狀層數超過 32 層']);
    // 32 levels are still read (and then judged by the route as usual).
    expect((await coordinator.request('POST', '/api/sub-projects', nested(31, '{"a":', '}', '{}'))).body.error.details.fields[0].codes).not.toContain('maxDepth');
  });

  it('refuses a 60,000-key body to sign-in unread (413) and a wide body anywhere (400), with a short answer', async () => {
    const keys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`;
    const bomb = keys(60_000);
    expect(bomb.length).toBeGreaterThan(600_000);
    const results = await Promise.all(Array.from({ length: 4 }, () => api.request('POST', '/api/auth/login', bomb)));
    for (const res of results) {
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(JSON.stringify(res.body).length).toBeLessThan(1000);
    }
    const health = await api.get('/health');
    expect(health.status).toBe(200);

    const coordinator = await api.as('coordinator');
    const wide = await coordinator.request('POST', '/api/sub-projects', keys(15_000));
    expect(wide.status).toBe(400);
    expect(wide.body.error.details.fields[0].codes).toEqual(['maxValues']);
    expect(JSON.stringify(wide.body).length).toBeLessThan(1000);
  });

  it('lists the first 10 unknown fields of a body and counts the rest', async () => {
    const coordinator = await api.as('coordinator');
    const body = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown${i}`, i]));
    const res = await coordinator.request('PUT', '/api/me/notification-preferences', { delivery: 'immediate', muteNonCritical: false, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toHaveLength(10);
    expect(res.body.error.details.moreFields).toBe(490);
    expect(res.body.error.message).toMatch(/and 490 more$/);
    expect(JSON.stringify(res.body).length).toBeLessThan(3000);
  });

  it('cuts off a body trickled in slower than the request timeout with a 408 and closes the connection', async () => {
    const slow = await bootWith({ HTTP_REQUEST_TIMEOUT_MS: '500' });
    let timer: NodeJS.Timeout | undefined;
    let trickling: Socket | undefined;
    const exchange = rawExchange(slow, (socket) => {
      trickling = socket;
      socket.write('POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
      timer = setInterval(() => socket.writable && socket.write(' '), 100); // one byte every 100 ms: 10 s for the body
    });
    const cutOff = new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), 8_000).unref());
    const result = await Promise.race([exchange, cutOff]);
    clearInterval(timer);
    trickling?.destroy();
    expect(result).not.toBe('still open');
    const { text } = result as Exchange;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)).error.code).toBe('REQUEST_TIMEOUT');
  });
});

describe('the connection', () => {
  it('answers headers too large with 431 in the error shape, Connection: close, and a clean close', async () => {
    const { text, ended } = await rawExchange(api, (socket) => {
      socket.write(`GET /api/auth/me HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    });
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(text).toMatch(/\r\nConnection: close\r\n/i);
    const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));
    expect(body.error).toMatchObject({ code: 'HEADERS_TOO_LARGE', status: 431, requestId: expect.stringMatching(UUID) });
    expect(ended).toBe('end');
  });
});

describe('request ids', () => {
  it('makes its own id, returns it as X-Request-Id, and keeps a client id out of the audit trail', async () => {
    const anonymous = await api.request('GET', '/api/auth/me', undefined, { 'x-request-id': 'forged-by-client' });
    const id = anonymous.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(anonymous.body.error.requestId).toBe(id);

    const officer = await api.as('moda-officer');
    const res = await officer.request('PUT', '/api/me/notification-preferences', { delivery: 'digest', muteNonCritical: false }, { 'x-request-id': 'forged-by-client' });
    expect(res.status).toBe(200);
    const serverId = res.headers.get('x-request-id');
    expect(serverId).toMatch(UUID);
    const rows = await api.app.get(DataSource).query(
      `SELECT request_id, client_request_id FROM audit_event WHERE action = 'user.notification_preferences' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows).toEqual([{ request_id: serverId, client_request_id: 'forged-by-client' }]);
  });
});

describe('security headers', () => {
  it('sends CSP (no framing), nosniff and a referrer policy everywhere, no HSTS over http, and no-store on API JSON', async () => {
    const coordinator = await api.as('coordinator');
    for (const res of [await api.get('/'), await api.get('/api/docs'), await api.get('/health'), await api.get('/api/auth/me'), await coordinator.get('/api/programmes')]) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const programmes = await coordinator.get('/api/programmes');
    expect(programmes.status).toBe(200);
    expect(programmes.headers.get('cache-control')).toBe('no-store');
    expect((await api.get('/api/auth/me')).headers.get('cache-control')).toBe('no-store');
  });

  it('sends HSTS when the API is served over https', async () => {
    const https = await bootWith({ PUBLIC_URL: 'https://guankao.example.tw' });
    expect((await https.get('/health')).headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
  });
});

describe('rate limits', () => {
  let limited: TestApi;
  beforeAll(async () => {
    // Behind a trusted proxy: each test picks its own client address with X-Forwarded-For.
    limited = await bootWith({
      TRUST_PROXY: 'true', RATE_LIMIT_PER_ADDRESS: '6', RATE_LIMIT_PER_USER: '4', RATE_LIMIT_EXPENSIVE_PER_USER: '2', RATE_LIMIT_WINDOW_SECONDS: '60',
    });
  }, 60_000);

  let address = 0;
  const nextAddress = () => `198.51.100.${++address}`;

  /** A bearer token for that demo user, signed in from its own address. */
  async function signIn(user: DemoUser): Promise<string> {
    const res = await limited.request('POST', '/api/auth/login', { email: DEMO_EMAIL[user], password: DEMO_PASSWORD }, { 'x-forwarded-for': nextAddress() });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }

  it('limits requests per client address (as the trusted proxy reports it) with 429 and Retry-After', async () => {
    const from = nextAddress();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await limited.request('GET', '/api/auth/me', undefined, { 'x-forwarded-for': from });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.body.error).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: expect.any(Number) } });
    // Another address is not affected.
    expect((await limited.request('GET', '/api/auth/me', undefined, { 'x-forwarded-for': nextAddress() })).status).toBe(401);
  });

  it('limits requests per user, across the user\'s sessions and addresses', async () => {
    const first = await signIn('moea-officer');
    const second = await signIn('moea-officer');
    const statuses: number[] = [];
    let last;
    for (const token of [first, second, first, second, first]) {
      last = await limited.request('GET', '/api/auth/me', undefined, { authorization: `Bearer ${token}`, 'x-forwarded-for': nextAddress() });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.body.error.message).toMatch(/for this user/);
    const other = await signIn('moda-officer');
    expect((await limited.request('GET', '/api/auth/me', undefined, { authorization: `Bearer ${other}`, 'x-forwarded-for': nextAddress() })).status).toBe(200);
  });

  it('limits expensive requests (report generation) per user more tightly', async () => {
    const token = await signIn('coordinator');
    const headers = () => ({ authorization: `Bearer ${token}`, 'x-forwarded-for': nextAddress() });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await limited.request('POST', '/api/reports', { kind: 'budget', format: 'pdf' }, headers()); // refused as incomplete: counted all the same
      statuses.push(last.status);
    }
    expect(statuses).toEqual([400, 400, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.request('GET', '/api/auth/me', undefined, headers())).status).toBe(200); // ordinary requests still pass
  });
});

describe('load shedding', () => {
  it('answers 503 with Retry-After while the event loop lags, and keeps /health answering', async () => {
    const shedding = await bootWith({ LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '50', LOAD_SHED_RETRY_AFTER_SECONDS: '7' });
    const busy = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until); // the API runs in this process: this is its event loop lagging
    };
    let health = 0;
    const shed = await eventually('a shed request', async () => {
      busy(400);
      const res = await shedding.get('/api/programmes');
      if (res.status === 503) health = (await shedding.get('/health')).status;
      return res;
    }, { until: (res) => res.status === 503, timeoutMs: 20_000, everyMs: 10 });
    expect(shed.headers.get('retry-after')).toBe('7');
    expect(shed.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, requestId: expect.stringMatching(UUID) });
    expect(health).toBe(200);
  });
});

describe('the queue dashboard while Redis is unreachable', () => {
  it('answers its API with 503 in the error shape, not the raw Redis error', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const noRedis = await bootWith({ REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    const admin = await noRedis.as('admin');
    const res = await admin.get('/admin/queues/api/queues');
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503, requestId: expect.stringMatching(UUID) });
    expect(res.body.error.message).toMatch(/Redis is unreachable/);
    expect(JSON.stringify(res.body)).not.toMatch(/Stream|ioredis|ECONNREFUSED/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
