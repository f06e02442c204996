import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/create-app.js';

export interface TestResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

/** The real API (Fastify, PostgreSQL, Redis) on the given database, driven over HTTP injection. */
export async function bootApi(databaseUrl: string): Promise<{ app: NestFastifyApplication; get: <T = any>(url: string) => Promise<TestResponse<T>>; request: <T = any>(method: string, url: string, body?: unknown) => Promise<TestResponse<T>> }> {
  process.env.DATABASE_URL = databaseUrl;
  const app = await createApiApp({ logger: false });
  const request = async <T>(method: string, url: string, body?: unknown): Promise<TestResponse<T>> => {
    const res = await app.inject({ method: method as 'GET', url, payload: body as object | undefined });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, headers: res.headers, body: (isJson ? res.json() : res.body) as T };
  };
  return { app, request, get: (url) => request('GET', url) };
}
