import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { SessionService } from '../auth/session.service.js';
import { sendAppError } from '../common/error.filter.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { UserRole } from '../users/user.entity.js';

/** Where the dashboard is served: outside /api, because it is a browser page, not part of the API. */
export const DASHBOARD_PATH = '/admin/queues';
const DASHBOARD_COOKIE = 'guankao_queue_dashboard';

/** Cookie header → name/value pairs (RFC 6265 syntax; a malformed pair is skipped, the first of a repeated name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || cookies.has(name)) continue;
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // A value that is not valid percent-encoding is not ours.
    }
  }
  return cookies;
}

/** Answers with the API's one error body (libs/common/error.filter.ts), for routes outside Nest. */
export async function sendError(request: FastifyRequest, reply: FastifyReply, problem: AppError): Promise<void> {
  await sendAppError(request, reply, problem);
}

function bearerToken(header: string | undefined): string {
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

/**
 * Admin access to the queue dashboard. Its routes are registered straight on Fastify, so the
 * global AccessGuard never sees them: this checks every request instead, accepting the bearer
 * token or the dashboard cookie (a browser cannot add a header to a page it navigates to).
 * The cookie holds the caller's own access token, so signing out ends dashboard access at once.
 */
@Injectable()
export class QueueDashboardAccess {
  private readonly logger = new Logger(QueueDashboardAccess.name);

  constructor(
    private readonly sessions: SessionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The Set-Cookie value for this session's access token, living as long as the token does. */
  async cookieFor(actor: Actor, accessToken: string): Promise<{ setCookie: string; expiresIn: number }> {
    const [row] = await this.dataSource.query(
      `SELECT GREATEST(0, floor(extract(epoch FROM access_expires_at - now())))::int AS seconds FROM user_session WHERE id = $1`,
      [actor.sessionId],
    );
    const expiresIn: number = row?.seconds ?? 0;
    const secure = this.config.http.publicUrl.startsWith('https:') ? '; Secure' : '';
    const setCookie = `${DASHBOARD_COOKIE}=${encodeURIComponent(accessToken)}; Max-Age=${expiresIn}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict${secure}`;
    return { setCookie, expiresIn };
  }

  /** Fastify onRequest hook: lets admins through, answers everyone else with the usual error body. */
  readonly onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    let problem: AppError | null;
    try {
      problem = await this.problemWith(request);
    } catch (error) {
      this.logger.error(`${request.method} ${request.url}: could not check the session`, error instanceof Error ? error.stack : String(error));
      problem = new AppError('INTERNAL', 'Internal server error');
    }
    // Answered here rather than thrown: the dashboard plugin's own error handler would reshape it.
    if (problem) await sendError(request, reply, problem);
    else void reply.header('cache-control', 'no-store');
  };

  private async problemWith(request: FastifyRequest): Promise<AppError | null> {
    const token = bearerToken(request.headers.authorization) || parseCookies(request.headers.cookie).get(DASHBOARD_COOKIE) || '';
    if (!token) {
      return new AppError('UNAUTHENTICATED', `Sign in as an admin: send Authorization: Bearer <access token>, or POST /api${DASHBOARD_PATH}/session first to get the dashboard cookie`);
    }
    const actor = await this.sessions.actorForAccessToken(token);
    if (!actor) return new AppError('UNAUTHENTICATED', 'The access token is invalid, expired or signed out: sign in again');
    if (!actor.roles.includes(UserRole.Admin)) return new AppError('FORBIDDEN', 'The queue dashboard is for admins only');
    return null;
  }
}
