import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type { UserRole } from '../users/user.entity.js';
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
    const [row] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.kind = 'browser'
                AND LEAST(now() + make_interval(secs => $2), s.refresh_expires_at) - s.access_expires_at > make_interval(secs => $3) AS slides,
              u.id, u.email, u.display_name, u.roles::text[] AS roles, u.locale, u.organisation_id,
              COALESCE(t.ids, '{}') AS organisation_ids
         FROM user_session s
         JOIN app_user u ON u.id = s.user_id
         LEFT JOIN LATERAL (
           WITH RECURSIVE tree(id) AS (SELECT u.organisation_id UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
           SELECT array_agg(id) AS ids FROM tree WHERE id IS NOT NULL) t ON true
        WHERE s.access_token_hash = $1 AND s.revoked_at IS NULL AND s.access_expires_at > now() AND u.is_active`,
      [sha256(token), idle, SLIDE_GRANULARITY_SECONDS],
    );
    if (!row) return null;
    if (row.slides) {
      await this.dataSource.query(
        `UPDATE user_session SET access_expires_at = LEAST(now() + make_interval(secs => $2), refresh_expires_at)
          WHERE id = $1 AND revoked_at IS NULL AND access_expires_at > now()`,
        [row.session_id, idle],
      );
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
    const [session] = await this.dataSource.query(
      `INSERT INTO user_session (user_id, access_token_hash, access_expires_at, refresh_token_hash, refresh_expires_at, ip, user_agent, kind)
       VALUES ($1, $2, now() + make_interval(secs => $3), $4, now() + make_interval(secs => $5), $6, $7, $8) RETURNING id`,
      [userId, sha256(access), accessTtl, sha256(secret), refreshTtl, client.ip, client.userAgent?.slice(0, 300) ?? null, kind],
    );
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
      const [session] = await manager.query(
        `SELECT s.id, s.refresh_token_hash, s.revoked_at IS NOT NULL AS revoked, s.refresh_expires_at <= now() AS expired, s.kind, u.is_active
           FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.id = $1 FOR UPDATE OF s`,
        [parsed.sessionId],
      );
      if (!session) return 'unknown';
      if (session.refresh_token_hash !== presented) {
        const [used] = await manager.query(`SELECT 1 FROM used_refresh_token WHERE token_hash = $1 AND session_id = $2`, [presented, session.id]);
        if (!used) return 'unknown';
        await manager.query(`UPDATE user_session SET revoked_at = now(), revoked_reason = 'refresh_reuse' WHERE id = $1 AND revoked_at IS NULL`, [session.id]);
        return 'replayed';
      }
      // A browser session never hands out its refresh token; it slides instead (actorForAccessToken).
      if (session.revoked || session.expired || !session.is_active || session.kind !== 'bearer') {
        throw new AppError('UNAUTHENTICATED', 'The session has ended: sign in again');
      }
      const access = newSecret();
      const secret = newSecret();
      await manager.query(`INSERT INTO used_refresh_token (token_hash, session_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [presented, session.id]);
      await manager.query(
        `UPDATE user_session SET access_token_hash = $2, access_expires_at = now() + make_interval(secs => $3),
                refresh_token_hash = $4, refresh_expires_at = now() + make_interval(secs => $5) WHERE id = $1`,
        [session.id, sha256(access), accessTtl, sha256(secret), refreshTtl],
      );
      return { accessToken: access, refreshToken: refreshToken(session.id, secret), tokenType: 'Bearer' as const, expiresIn: accessTtl };
    });
    // Thrown after the commit, so the revocation of a replayed session stays.
    if (outcome === 'replayed') throw new AppError('UNAUTHENTICATED', 'This refresh token was already used: the session is signed out for safety');
    if (outcome === 'unknown') throw new AppError('UNAUTHENTICATED', 'The refresh token is not valid');
    return outcome;
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [sessionId, reason]);
  }

  /** Sign out everywhere: every live session of the user, bearer and browser alike, ends at once. */
  async revokeAll(userId: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, reason]);
  }
}
