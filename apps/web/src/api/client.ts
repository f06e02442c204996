import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { currentLanguage } from '../i18n/i18n';
import { sessionEvents } from '../auth/session-events';
import { fetchOrTakeEarly } from './early-requests';

/** The error body every API error shares (libs/common/errors.ts). */
export interface ApiErrorBody {
  error: {
    code: string;
    status: number;
    message: string;
    details?: { fields?: { field: string; problems: string[]; codes?: string[] }[]; [key: string]: unknown };
    requestId?: string;
  };
}

/** Thrown by `unwrap` for every non-2xx answer, so TanStack Query sees a rejected promise. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody['error'],
  ) {
    super(body.message);
  }
  get code(): string {
    return this.body.code;
  }
  /** Field problems by field name (validation errors), for showing next to each input. */
  fieldProblems(): Record<string, string> {
    return Object.fromEntries((this.body.details?.fields ?? []).map((f) => [f.field, f.problems.join(' ')]));
  }
}

export const CSRF_COOKIE = 'guankao_csrf';

function readCookie(name: string): string | null {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const browserSession: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept-language', currentLanguage());
    if (!SAFE.has(request.method)) {
      const csrf = readCookie(CSRF_COOKIE);
      if (csrf) request.headers.set('x-csrf-token', csrf);
    }
    return request;
  },
  onResponse({ response, request }) {
    // An ended session opens the sign-in dialog over the page; the page keeps what was typed.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/')) sessionEvents.expired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin', fetch: fetchOrTakeEarly });
api.use(browserSession);

/** The data of an openapi-fetch answer, or an ApiError. */
export async function unwrap<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (!response.ok) {
    const body = (error as ApiErrorBody | undefined)?.error ?? { code: 'INTERNAL', status: response.status, message: response.statusText };
    throw new ApiError(response.status, body);
  }
  return data as T;
}

export type Schemas = import('./schema').components['schemas'];
