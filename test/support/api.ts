import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-app.js';

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestApi {
  app: NestFastifyApplication;
  baseUrl: string;
  get<T = any>(path: string): Promise<TestResponse<T>>;
  request<T = any>(method: string, path: string, body?: unknown): Promise<TestResponse<T>>;
}

/** The real API (Fastify, PostgreSQL, Redis) on the given database, listening on a free loopback port. */
export async function bootApi(databaseUrl: string): Promise<TestApi> {
  process.env.DATABASE_URL = databaseUrl;
  const app = await createApiApp({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const request = async <T>(method: string, path: string, body?: unknown): Promise<TestResponse<T>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, headers: res.headers, body: (isJson && text ? JSON.parse(text) : text) as T };
  };
  return { app, baseUrl, request, get: (path) => request('GET', path) };
}
