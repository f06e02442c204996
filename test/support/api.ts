import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-app.js';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Client {
  get<T = any>(path: string): Promise<TestResponse<T>>;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse<T>>;
}

export interface TestApi extends Client {
  app: NestFastifyApplication;
  baseUrl: string;
  /** A client signed in as that demo user (see libs/seeding/demo-users.ts). */
  as(user: DemoUser): Promise<Client & { token: string; refreshToken: string }>;
  /** The same signed-in client each time for that user: one session per user for a whole test file. */
  signedIn(user: DemoUser): Promise<Client & { token: string; refreshToken: string }>;
}

export const DEMO_EMAIL = {
  coordinator: 'coordinator@demo.guankao.tw',
  'moea-officer': 'moea.officer@demo.guankao.tw',
  'moea-supervisor': 'moea.supervisor@demo.guankao.tw',
  'moda-officer': 'moda.officer@demo.guankao.tw',
  'moda-supervisor': 'moda.supervisor@demo.guankao.tw',
  reviewer: 'reviewer@demo.guankao.tw',
  viewer: 'viewer@demo.guankao.tw',
  admin: 'admin@demo.guankao.tw',
} as const;
export type DemoUser = keyof typeof DEMO_EMAIL;
export const DEMO_PASSWORD = 'guankao-demo';

/** The real API (Fastify, PostgreSQL, Redis) on the given database, listening on a free loopback port. */
export async function bootApi(databaseUrl: string): Promise<TestApi> {
  process.env.DATABASE_URL = databaseUrl;
  // Every test signs in from 127.0.0.1; the per-address limit is tested on its own (auth.e2e-spec).
  process.env.LOGIN_MAX_PER_IP ??= '10000';
  // Likewise the API's rate limits and load shedding (a busy test process lags): test/hardening.e2e-spec sets its own.
  process.env.RATE_LIMIT_PER_ADDRESS ??= '1000000';
  process.env.RATE_LIMIT_PER_USER ??= '1000000';
  process.env.RATE_LIMIT_EXPENSIVE_PER_USER ??= '1000000';
  process.env.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS ??= '0';
  // The API opens its queues at boot (the dashboard): keep test keys away from a dev installation's.
  process.env.QUEUE_PREFIX ??= 'guankao-test';
  const app = await createApiApp({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const client = (token?: string): Client => {
    const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse<T>> => {
      const isRaw = body instanceof Uint8Array;
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined || isRaw ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : isRaw ? Buffer.from(body as Uint8Array) : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, headers: res.headers, body: (isJson && text ? JSON.parse(text) : text) as T };
    };
    return { request, get: (path) => request('GET', path) };
  };

  const anonymous = client();
  const signIn = async (user: DemoUser) => {
    const res = await anonymous.request('POST', '/api/auth/login', { email: DEMO_EMAIL[user], password: DEMO_PASSWORD });
    if (res.status !== 200) throw new Error(`Sign-in as ${user} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...client(res.body.accessToken), token: res.body.accessToken as string, refreshToken: res.body.refreshToken as string };
  };
  const signedIn = new Map<DemoUser, ReturnType<typeof signIn>>();
  return {
    app,
    baseUrl,
    ...anonymous,
    as: signIn,
    signedIn(user) {
      if (!signedIn.has(user)) signedIn.set(user, signIn(user));
      return signedIn.get(user)!;
    },
  };
}
