import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { execute, rowOf } from '../database/sql-query.js';
import type { UserRole } from '../users/user.entity.js';
import {
  INSERT_SESSION, LOCK_SESSION_FOR_REFRESH, RECORD_USED_REFRESH_TOKEN, REVOKE_REPLAYED_SESSION, REVOKE_SESSION, REVOKE_USER_SESSIONS,
  ROTATE_SESSION_TOKENS, SESSION_ACTOR, SLIDE_SESSION, USED_REFRESH_TOKEN,
} from './auth.queries.js';
import type { SessionKind } from './session.entity.js';
import { newSecret, parseRefreshToken, refreshToken, sha256 } from './tokens.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** Browser sessions' sliding expiry is written at most this often (not on every request). */
const SLIDE_GRANULARITY_SECONDS = 60;

/**
 * Sessions with opaque tokens: the access token is looked up on every request (so logout takes
 * effect at once), the refresh token rotates on every use, and a replayed old refresh token
 * (one it really issued: used_refresh_token) revokes the session. Browser sessions (the cookie) have no refresh token in use: each request
 * extends their access expiry by the idle time instead, up to their absolute end.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async actorForAccessToken(token: string): Promise<Actor | null> {
    const idle = this.config.auth.BROWSER_SESSION_IDLE_SECONDS;
    const row = await rowOf(this.dataSource, SESSION_ACTOR, [sha256(token), idle, SLIDE_GRANULARITY_SECONDS]);
    if (!row) return null;
    if (row.slides) {
      await execute(this.dataSource, SLIDE_SESSION, [row.session_id, idle]);
    }
    return {
      userId: row.id, sessionId: row.session_id, email: row.email, displayName: row.display_name, roles: row.roles as UserRole[],
      locale: row.locale, organisationId: row.organisation_id, organisationIds: row.organisation_ids,
    };
  }

  async open(userId: string, client: { ip: string | null; userAgent: string | null }, kind: SessionKind = 'bearer'): Promise<TokenPair> {
    const access = newSecret();
    const secret = newSecret();
    const { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS: refreshTtl, BROWSER_SESSION_IDLE_SECONDS } = this.config.auth;
    const accessTtl = Math.min(kind === 'browser' ? BROWSER_SESSION_IDLE_SECONDS : ACCESS_TOKEN_TTL_SECONDS, refreshTtl);
    const session = (await rowOf(this.dataSource, INSERT_SESSION, [
      userId, sha256(access), accessTtl, sha256(secret), refreshTtl, client.ip, client.userAgent?.slice(0, 300) ?? null, kind,
    ]))!;
    return { accessToken: access, refreshToken: refreshToken(session.id, secret), tokenType: 'Bearer', expiresIn: accessTtl };
  }

  /**
   * Rotates both tokens. A token this session really issued and already rotated away from is a
   * replay (someone else holds a copy): the session ends. Anything else that does not match, such
   * as a guess made with a known session id, is refused and changes nothing.
   */
  async refresh(token: string): Promise<TokenPair> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw new AppError('UNAUTHENTICATED', 'The refresh token is not valid');
    const presented = sha256(parsed.secret);
    const { ACCESS_TOKEN_TTL_SECONDS: accessTtl, REFRESH_TOKEN_TTL_SECONDS: refreshTtl } = this.config.auth;
    const outcome = await this.dataSource.transaction(async (manager): Promise<TokenPair | 'replayed' | 'unknown'> => {
      const session = await rowOf(manager, LOCK_SESSION_FOR_REFRESH, [parsed.sessionId]);
      if (!session) return 'unknown';
      if (session.refresh_token_hash !== presented) {
        const used = await rowOf(manager, USED_REFRESH_TOKEN, [presented, session.id]);
        if (!used) return 'unknown';
        await execute(manager, REVOKE_REPLAYED_SESSION, [session.id]);
        return 'replayed';
      }
      // A browser session never hands out its refresh token; it slides instead (actorForAccessToken).
      if (session.revoked || session.expired || !session.is_active || session.kind !== 'bearer') {
        throw new AppError('UNAUTHENTICATED', 'The session has ended: sign in again');
      }
      const access = newSecret();
      const secret = newSecret();
      await execute(manager, RECORD_USED_REFRESH_TOKEN, [presented, session.id]);
      await execute(manager, ROTATE_SESSION_TOKENS, [session.id, sha256(access), accessTtl, sha256(secret), refreshTtl]);
      return { accessToken: access, refreshToken: refreshToken(session.id, secret), tokenType: 'Bearer' as const, expiresIn: accessTtl };
    });
    // Thrown after the commit, so the revocation of a replayed session stays.
    if (outcome === 'replayed') throw new AppError('UNAUTHENTICATED', 'This refresh token was already used: the session is signed out for safety');
    if (outcome === 'unknown') throw new AppError('UNAUTHENTICATED', 'The refresh token is not valid');
    return outcome;
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await execute(this.dataSource, REVOKE_SESSION, [sessionId, reason]);
  }

  /** Sign out everywhere: every live session of the user, bearer and browser alike, ends at once. */
  async revokeAll(userId: string, reason: string): Promise<void> {
    await execute(this.dataSource, REVOKE_USER_SESSIONS, [userId, reason]);
  }
}
