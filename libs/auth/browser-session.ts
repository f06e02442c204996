import '@fastify/cookie';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors.js';
import { csrfTokenFor } from './tokens.js';

/**
 * Browser sessions: the session's opaque access token in an HttpOnly cookie, and a CSRF token
 * (derived from it, see csrfTokenFor) that the page sends back in a header on every change.
 * The web app and docs name these: never rename them lightly.
 */
export const SESSION_COOKIE = 'guankao_session';
export const CSRF_COOKIE = 'guankao_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Credentials {
  token: string;
  /** How the request carried it: only cookie requests need the CSRF header. */
  via: 'bearer' | 'cookie';
}

/** The request's access token: `Authorization: Bearer` first, else the session cookie. */
export function credentialsOf(request: FastifyRequest): Credentials | null {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = request.cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

/** A cookie request that changes state must prove it comes from our page (double submit). */
export function csrfProblem(request: FastifyRequest, credentials: Credentials): AppError | null {
  if (credentials.via !== 'cookie' || SAFE_METHODS.has(request.method)) return null;
  const sent = request.headers[CSRF_HEADER];
  const expected = Buffer.from(csrfTokenFor(credentials.token));
  const given = Buffer.from(typeof sent === 'string' ? sent : '');
  if (given.length === expected.length && timingSafeEqual(given, expected)) return null;
  return new AppError('CSRF_FAILED', `The request did not carry this session's ${CSRF_HEADER} header: reload the page and try again`);
}

/** Secure when the public address is https or the request itself came over https. */
function secure(request: FastifyRequest, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || request.protocol === 'https';
}

/**
 * Session cookies (no Max-Age): closing the browser drops them, and the server ends the session
 * anyway after the idle time or at its absolute end.
 */
export function setBrowserSessionCookies(request: FastifyRequest, reply: FastifyReply, publicUrl: string, accessToken: string): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: secure(request, publicUrl) };
  void reply
    .setCookie(SESSION_COOKIE, accessToken, { ...common, httpOnly: true })
    .setCookie(CSRF_COOKIE, csrfTokenFor(accessToken), { ...common, httpOnly: false })
    .header('cache-control', 'no-store');
}

export function clearBrowserSessionCookies(request: FastifyRequest, reply: FastifyReply, publicUrl: string): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: secure(request, publicUrl) };
  void reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true }).clearCookie(CSRF_COOKIE, common);
}
