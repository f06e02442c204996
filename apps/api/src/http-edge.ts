import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ACCESS_TOKEN_USER } from '../../../libs/auth/auth.queries.js';
import { credentialsOf } from '../../../libs/auth/browser-session.js';
import { sha256 } from '../../../libs/auth/tokens.js';
import { errorBodyFor, sendAppError } from '../../../libs/common/error.filter.js';
import { AppError, type ErrorBody, type ErrorCode } from '../../../libs/common/errors.js';
import type { AppConfig } from '../../../libs/config/config.js';
import { rowOf } from '../../../libs/database/sql-query.js';
import { REDIS } from '../../../libs/queue/index.js';
import { CONTENT_SECURITY_POLICY } from '../../../libs/web-app/security-headers.js';

/** Paths the rate limits count (the web app's files and /health are not counted). */
const LIMITED_PREFIXES = ['/api/', '/admin/'];

/** Requests that cost far more than a read: each user gets RATE_LIMIT_EXPENSIVE_PER_USER of them per window. */
const EXPENSIVE_ROUTES = new Set([
  'POST /api/reports', // report generation
  'GET /api/reports/:id/file', // report downloads (exports)
  'PUT /api/submissions/:id/evidence', // evidence uploads (imports of files)
  'POST /api/lights/recompute',
]);

declare module 'fastify' {
  interface FastifyRequest {
    /** The X-Request-Id the client sent, if any: untrusted, never the request's id (which the server makes). */
    clientRequestId: string | null;
  }
}

/** A client's X-Request-Id kept for correlation only: printable ASCII, at most 100 characters. */
function untrustedRequestId(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/[^\x21-\x7e]/g, '').slice(0, 100);
  return cleaned || null;
}

const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time: send the headers and the whole body at once' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large (16 KiB at most): send fewer or shorter cookies and headers' },
};

/**
 * Requests Node's HTTP parser gave up on (timed out, headers too large): the error body, then the
 * connection ends cleanly (Connection: close and a FIN, not a reset that can swallow the answer).
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) {
    if (!socket.destroyed && error.code === 'ECONNRESET') socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, code: 'VALIDATION_FAILED' as const, message: 'The request could not be read' };
  const requestId = randomUUID();
  const body: ErrorBody = { error: { code: known.code, status: known.status, message: known.message, requestId } };
  const text = JSON.stringify(body);
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nX-Request-Id: ${requestId}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${text}`,
    );
    // A client that never closes its side does not keep the socket.
    setTimeout(() => socket.destroy(), 5_000).unref();
  } else {
    socket.destroy();
  }
}

/** Fastify's options for the API: server-made request ids, proxies to trust, body size and time limits. */
export function fastifyOptions(config: AppConfig): FastifyServerOptions {
  const http = config.http;
  return {
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: http.TRUST_PROXY,
    bodyLimit: http.HTTP_JSON_BODY_LIMIT_BYTES,
    requestTimeout: http.HTTP_REQUEST_TIMEOUT_MS,
    connectionTimeout: http.HTTP_CONNECTION_TIMEOUT_MS,
    // Given to http.createServer too: Node only enforces a request timeout it was created with, and
    // checks it every connectionsCheckingInterval (30 s by default), so a short timeout needs a short interval.
    http: {
      requestTimeout: http.HTTP_REQUEST_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(50, Math.min(30_000, Math.floor(http.HTTP_REQUEST_TIMEOUT_MS / 4))),
    },
    clientErrorHandler: answerClientError,
  } as FastifyServerOptions;
}

/** The user a request's credentials belong to (looked up once a minute per token), or null. */
function userLookup(dataSource: DataSource): (request: FastifyRequest) => Promise<string | null> {
  const cache = new Map<string, { userId: string | null; until: number }>();
  return async (request) => {
    const token = credentialsOf(request)?.token;
    if (!token) return null;
    const hash = sha256(token);
    const now = Date.now();
    const hit = cache.get(hash);
    if (hit && hit.until > now) return hit.userId;
    const row = await rowOf(dataSource, ACCESS_TOKEN_USER, [hash]);
    if (cache.size >= 10_000) cache.clear(); // bounded: forged tokens cannot grow it
    const userId: string | null = row?.user_id ?? null;
    cache.set(hash, { userId, until: now + 60_000 });
    return userId;
  };
}

/** The pg pool behind TypeORM: how many queries wait for a connection. */
function poolWaiting(dataSource: DataSource): number {
  const pool = (dataSource.driver as unknown as { master?: { waitingCount?: number } }).master;
  return pool?.waitingCount ?? 0;
}

/**
 * Everything at the HTTP edge that is not a route: security headers, no-store on API JSON, the
 * request id header, rate limits (per address, per user, per user on expensive routes; counted in
 * Redis so they hold across API processes) and load shedding. Call before app.init().
 */
export async function registerHttpEdge(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const http = config.http;

  fastify.decorateRequest('clientRequestId', null);
  fastify.addHook('onRequest', async (request, reply) => {
    request.clientRequestId = untrustedRequestId(request.headers['x-request-id']);
    void reply.header('x-request-id', request.id);
  });

  // Shed load before doing any work for the request: 503 with Retry-After. /health keeps answering.
  const retryAfterSeconds = http.LOAD_SHED_RETRY_AFTER_SECONDS;
  const dataSource = app.get(DataSource);
  const maxWaiting = http.LOAD_SHED_MAX_POOL_WAITING;
  await fastify.register(fastifyUnderPressure, {
    maxEventLoopDelay: http.LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS,
    ...(maxWaiting > 0 ? { healthCheck: async () => poolWaiting(dataSource) <= maxWaiting, healthCheckInterval: 500 } : {}),
    retryAfter: retryAfterSeconds,
    // A value returned is sent as the body (under-pressure); undefined lets the request through.
    pressureHandler: ((request: FastifyRequest, reply: FastifyReply) => {
      if (request.url === '/health' || request.url.startsWith('/health?')) return undefined;
      return errorBodyFor(request, reply, new AppError('SERVICE_UNAVAILABLE', `The server is too busy: try again in ${retryAfterSeconds} s`, { retryAfterSeconds }));
    }) as unknown as (request: FastifyRequest, reply: FastifyReply) => void,
  });

  await fastify.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: http.publicUrl.startsWith('https:') ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  });

  // Authenticated answers must not sit in shared or browser caches; routes that set their own caching keep it.
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control') && String(reply.getHeader('content-type') ?? '').includes('json')) {
      void reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  await fastify.register(fastifyRateLimit, {
    global: false,
    redis: app.get<Redis>(REDIS),
    nameSpace: `${config.queue.QUEUE_PREFIX}:rate-limit:`,
    skipOnError: true, // Redis down: serve rather than refuse everyone
    timeWindow: http.RATE_LIMIT_WINDOW_SECONDS * 1000,
  });
  const userOf = userLookup(dataSource);
  const limits = {
    address: fastify.createRateLimit({ max: http.RATE_LIMIT_PER_ADDRESS, keyGenerator: (request: FastifyRequest) => `address:${request.ip}` }),
    user: fastify.createRateLimit({ max: http.RATE_LIMIT_PER_USER, keyGenerator: async (request: FastifyRequest) => `user:${await userOf(request)}` }),
    expensive: fastify.createRateLimit({ max: http.RATE_LIMIT_EXPENSIVE_PER_USER, keyGenerator: async (request: FastifyRequest) => `expensive:${await userOf(request)}` }),
  };
  fastify.addHook('onRequest', async (request, reply) => {
    if (!LIMITED_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    const checks: (keyof typeof limits)[] = ['address'];
    if (await userOf(request)) {
      checks.push('user');
      if (EXPENSIVE_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) checks.push('expensive');
    }
    for (const check of checks) {
      const result = await limits[check](request);
      if (result.isAllowed || !result.isExceeded) continue;
      const seconds = Math.max(1, result.ttlInSeconds);
      const what = check === 'address' ? 'from this address' : check === 'user' ? 'for this user' : 'of this kind for this user';
      return sendAppError(request, reply, new AppError('RATE_LIMITED', `Too many requests ${what}: try again in ${seconds} s`, { retryAfterSeconds: seconds, limit: result.max }));
    }
  });
}
