/**
 * The admin queue dashboard (bull-board at /admin/queues): admins only, by bearer token or by the
 * cookie POST /api/admin/queues/session sets; it shows our queues and their failed jobs.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { JobName, JobQueue, QueueName } from '../libs/queue/index.js';
import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { dropQueues, uniqueQueuePrefix } from './support/worker.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = uniqueQueuePrefix();
let db: TestDatabase;
let api: TestApi;

beforeAll(async () => {
  process.env.QUEUE_PREFIX = prefix;
  db = await createTestDatabase();
  api = await bootApi(db.url);
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
  await dropQueues(prefix);
});

/** The cookie the session endpoint set, as a browser would send it back. */
function cookieFrom(setCookie: string | null): string {
  if (!setCookie) throw new Error('no Set-Cookie');
  return setCookie.split(';')[0];
}

describe('with a bearer token', () => {
  it('gives an admin the dashboard page, its assets, and its API over every queue', async () => {
    const admin = await api.as('admin');
    const page = await admin.get('/admin/queues');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('Guankao 管考 queues');
    expect(page.body).toContain('<base href="/admin/queues/" />');
    expect((await admin.get('/admin/queues/queue/email')).status).toBe(200); // client-side routes load the page too

    const script = page.body.match(/src="(static\/js\/main\.[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await admin.get(`/admin/queues/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await api.get(`/admin/queues/${script}`)).status).toBe(401); // the assets are behind the check too

    const res = await admin.get('/admin/queues/api/queues');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const missing = await admin.get('/admin/queues/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect(res.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QueueName).sort());
  });

  it('refuses anonymous callers with 401 and other roles with 403, in the API\'s error body', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/no-such-page', '/admin/queues/api/queues/email/retry/failed']) {
      const res = await api.request(path.endsWith('failed') ? 'PUT' : 'GET', path);
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual(expect.objectContaining({ code: 'UNAUTHENTICATED', status: 401, requestId: expect.any(String) }));
    }
    const forged = await api.request('GET', '/admin/queues/api/queues', undefined, { authorization: 'Bearer not-a-token' });
    expect(forged.status).toBe(401);

    for (const user of ['coordinator', 'moea-officer', 'moda-supervisor', 'reviewer', 'viewer'] as const) {
      const client = await api.as(user);
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const res = await client.get(path);
        expect({ user, path, status: res.status }).toEqual({ user, path, status: 403 });
        expect(res.body.error).toEqual(expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/admins only/) }));
      }
    }
  });
});

describe('with the session cookie', () => {
  it('lets an admin\'s browser in with the cookie alone, until the session ends', async () => {
    const admin = await api.as('admin');
    const session = await admin.request('POST', '/api/admin/queues/session');
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ dashboardPath: '/admin/queues', expiresIn: expect.any(Number) });
    expect(session.body.expiresIn).toBeGreaterThan(60);
    const setCookie = session.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^guankao_queue_dashboard=[^;]+; /);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/admin/queues');
    expect(setCookie).toContain(`Max-Age=${session.body.expiresIn}`);

    const cookie = cookieFrom(setCookie);
    const page = await api.request('GET', '/admin/queues', undefined, { cookie: `other=1; ${cookie}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html');
    expect((await api.request('GET', '/admin/queues/api/queues', undefined, { cookie })).status).toBe(200);
    // The cookie is only for the dashboard: the API itself still wants the bearer header.
    expect((await api.request('GET', '/api/auth/me', undefined, { cookie })).status).toBe(401);

    // Signing out ends dashboard access at once: the cookie carries the session's access token.
    expect((await admin.request('POST', '/api/auth/logout')).status).toBe(204);
    const after = await api.request('GET', '/admin/queues/api/queues', undefined, { cookie });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('is only handed to admins, and a non-admin\'s token in the cookie is refused', async () => {
    const coordinator = await api.as('coordinator');
    const denied = await coordinator.request('POST', '/api/admin/queues/session');
    expect(denied.status).toBe(403);
    expect(denied.headers.get('set-cookie')).toBeNull();
    expect((await api.request('POST', '/api/admin/queues/session')).status).toBe(401);

    const res = await api.request('GET', '/admin/queues/api/queues', undefined, { cookie: `guankao_queue_dashboard=${coordinator.token}` });
    expect(res.status).toBe(403);
    expect((await api.request('GET', '/admin/queues', undefined, { cookie: 'guankao_queue_dashboard=%zz' })).status).toBe(401);
  });
});

it('shows a failed job with its reason, and retries it from the dashboard', async () => {
  const admin = await api.as('admin');
  const jobs = api.app.get(JobQueue);
  const added = await jobs.add(JobName.NotificationSend, { notificationId: '00000000-0000-4000-8000-00000000d00d' }, { attempts: 1 });

  // A stand-in worker fails it (no real worker runs in the API's tests).
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const failing = new Worker(QueueName.Email, async () => { throw new Error('SMTP said 550: mailbox unavailable'); }, { connection, prefix });
  try {
    await new Promise<void>((resolve) => failing.on('failed', (job) => job?.id === added.id && resolve()));
  } finally {
    await failing.close();
    connection.disconnect();
  }

  const list = await admin.get(`/admin/queues/api/queues?activeQueue=${QueueName.Email}&status=failed&page=1&jobsPerPage=10`);
  expect(list.status).toBe(200);
  const email = list.body.queues.find((q: { name: string }) => q.name === QueueName.Email);
  expect(email.counts.failed).toBe(1);
  expect(email.jobs).toEqual([
    expect.objectContaining({ id: added.id, name: JobName.NotificationSend, failedReason: 'SMTP said 550: mailbox unavailable' }),
  ]);

  const one = await admin.get(`/admin/queues/api/queues/${QueueName.Email}/${added.id}`);
  expect(one.status).toBe(200);
  expect(one.body.job).toEqual(expect.objectContaining({ id: added.id, failedReason: 'SMTP said 550: mailbox unavailable' }));

  // Only an admin may act on it; then the retry puts it back to wait for a worker.
  expect((await (await api.as('coordinator')).request('PUT', `/admin/queues/api/queues/${QueueName.Email}/${added.id}/retry`)).status).toBe(403);
  const retried = await admin.request('PUT', `/admin/queues/api/queues/${QueueName.Email}/${added.id}/retry`);
  expect(retried.status).toBe(204);
  expect(await jobs.queue(QueueName.Email).getJobState(added.id!)).toBe('waiting');
});

it('boots and answers while Redis is down; the dashboard\'s data calls fail fast', async () => {
  const saved = process.env.REDIS_URL;
  process.env.REDIS_URL = 'redis://127.0.0.1:1'; // nothing listens there
  let offline: TestApi | undefined;
  try {
    offline = await bootApi(db.url);
    const admin = await offline.as('admin');
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    expect((await admin.get('/admin/queues')).status).toBe(200); // the page itself needs no Redis
    const data = await admin.get('/admin/queues/api/queues');
    expect(data.status).toBeGreaterThanOrEqual(500);
    expect((await offline.get('/admin/queues/api/queues')).status).toBe(401);
  } finally {
    await offline?.app.close();
    if (saved === undefined) delete process.env.REDIS_URL;
    else process.env.REDIS_URL = saved;
  }
}, 60_000);
