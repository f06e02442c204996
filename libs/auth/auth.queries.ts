import { defineQuery, defineStatement } from '../database/sql-query.js';
import type { SessionKind } from './session.entity.js';

/**
 * Every SQL statement of auth (sessions, sign-in, and the HTTP edge's per-user rate limit lookup), each with
 * the columns it returns (checked against the migrated schema by test/sql-queries.int-spec.ts).
 */

export interface SessionActorRow {
  session_id: string;
  slides: boolean;
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  locale: string;
  organisation_id: string | null;
  organisation_ids: string[];
}

/** The live session an access token opens, with its user. $1 access token hash, $2 browser idle seconds, $3 slide granularity seconds */
export const SESSION_ACTOR = defineQuery<SessionActorRow>(
  'auth.session-actor',
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
  {
    session_id: true, slides: true, id: true, email: true, display_name: true, roles: true, locale: true, organisation_id: true,
    organisation_ids: true,
  },
);

/** A browser session's sliding expiry. $1 session id, $2 idle seconds */
export const SLIDE_SESSION = defineStatement(
  'auth.slide-session',
  `UPDATE user_session SET access_expires_at = LEAST(now() + make_interval(secs => $2), refresh_expires_at)
          WHERE id = $1 AND revoked_at IS NULL AND access_expires_at > now()`,
);

/**
 * $1 user id, $2 access token hash, $3 access ttl seconds, $4 refresh token hash, $5 refresh ttl seconds, $6 ip,
 * $7 user agent, $8 kind
 */
export const INSERT_SESSION = defineQuery<{ id: string }>(
  'auth.insert-session',
  `INSERT INTO user_session (user_id, access_token_hash, access_expires_at, refresh_token_hash, refresh_expires_at, ip, user_agent, kind)
       VALUES ($1, $2, now() + make_interval(secs => $3), $4, now() + make_interval(secs => $5), $6, $7, $8) RETURNING id`,
  { id: true },
);

export interface SessionForRefreshRow {
  id: string;
  refresh_token_hash: string;
  revoked: boolean;
  expired: boolean;
  kind: SessionKind;
  is_active: boolean;
}

/** The session, locked for its refresh. $1 session id */
export const LOCK_SESSION_FOR_REFRESH = defineQuery<SessionForRefreshRow>(
  'auth.lock-session-for-refresh',
  `SELECT s.id, s.refresh_token_hash, s.revoked_at IS NOT NULL AS revoked, s.refresh_expires_at <= now() AS expired, s.kind, u.is_active
           FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE s.id = $1 FOR UPDATE OF s`,
  { id: true, refresh_token_hash: true, revoked: true, expired: true, kind: true, is_active: true },
);

/** A refresh token this session issued and rotated away from. $1 token hash, $2 session id */
export const USED_REFRESH_TOKEN = defineQuery<{ used: number }>(
  'auth.used-refresh-token',
  `SELECT 1 AS used FROM used_refresh_token WHERE token_hash = $1 AND session_id = $2`,
  { used: true },
);

/** $1 session id */
export const REVOKE_REPLAYED_SESSION = defineStatement(
  'auth.revoke-replayed-session',
  `UPDATE user_session SET revoked_at = now(), revoked_reason = 'refresh_reuse' WHERE id = $1 AND revoked_at IS NULL`,
);

/** $1 token hash, $2 session id */
export const RECORD_USED_REFRESH_TOKEN = defineStatement(
  'auth.record-used-refresh-token',
  `INSERT INTO used_refresh_token (token_hash, session_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
);

/** $1 session id, $2 access token hash, $3 access ttl seconds, $4 refresh token hash, $5 refresh ttl seconds */
export const ROTATE_SESSION_TOKENS = defineStatement(
  'auth.rotate-session-tokens',
  `UPDATE user_session SET access_token_hash = $2, access_expires_at = now() + make_interval(secs => $3),
                refresh_token_hash = $4, refresh_expires_at = now() + make_interval(secs => $5) WHERE id = $1`,
);

/** $1 session id, $2 reason */
export const REVOKE_SESSION = defineStatement(
  'auth.revoke-session',
  `UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
);

/** Every live session of a user. $1 user id, $2 reason */
export const REVOKE_USER_SESSIONS = defineStatement(
  'auth.revoke-user-sessions',
  `UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
);

/** A stronger hash of the same password, unless the password changed meanwhile. $1 user id, $2 old hash, $3 new hash */
export const REHASH_PASSWORD = defineStatement(
  'auth.rehash-password', `UPDATE app_user SET password_hash = $3 WHERE id = $1 AND password_hash = $2`,
);

/** $1 email */
export const USER_FOR_LOGIN = defineQuery<{ id: string; password_hash: string; is_active: boolean }>(
  'auth.user-for-login',
  `SELECT id, password_hash, is_active FROM app_user WHERE email = $1`,
  { id: true, password_hash: true, is_active: true },
);

export interface LoginLimitsRow {
  pair_from: Date | null;
  account_from: Date | null;
  address_from: Date | null;
  known_address: boolean;
  now: Date;
}

/**
 * When each sign-in limit's window started to be full (null: not full). $1 email, $2 ip, $3 window seconds,
 * $4 max failures per email and address, $5 max failures per account, $6 max attempts per address,
 * $7 counted failure reasons, $8 known address days
 */
export const LOGIN_LIMITS = defineQuery<LoginLimitsRow>(
  'auth.login-limits',
  `WITH counted AS (
         SELECT email, ip, at, succeeded FROM login_attempt
          WHERE at > now() - make_interval(secs => $3) AND (email = $1 OR ip IS NOT DISTINCT FROM $2)
            AND (succeeded OR reason = ANY($7::text[]))
       ), last_success_here AS (
         SELECT max(at) AS at FROM counted WHERE email = $1 AND ip IS NOT DISTINCT FROM $2 AND succeeded
       )
       SELECT
         (SELECT at FROM counted WHERE email = $1 AND ip IS NOT DISTINCT FROM $2 AND NOT succeeded
             AND at > COALESCE((SELECT at FROM last_success_here), '-infinity')
           ORDER BY at DESC OFFSET $4 - 1 LIMIT 1) AS pair_from,
         (SELECT at FROM counted WHERE email = $1 AND NOT succeeded ORDER BY at DESC OFFSET $5 - 1 LIMIT 1) AS account_from,
         (SELECT at FROM counted WHERE ip IS NOT DISTINCT FROM $2 ORDER BY at DESC OFFSET $6 - 1 LIMIT 1) AS address_from,
         EXISTS (SELECT 1 FROM login_attempt WHERE email = $1 AND ip IS NOT DISTINCT FROM $2 AND succeeded
                    AND at > now() - make_interval(days => $8)) AS known_address,
         now() AS now`,
  { pair_from: true, account_from: true, address_from: true, known_address: true, now: true },
);

/** $1 email, $2 user id, $3 ip, $4 succeeded, $5 reason */
export const INSERT_LOGIN_ATTEMPT = defineStatement(
  'auth.insert-login-attempt',
  `INSERT INTO login_attempt (email, user_id, ip, succeeded, reason) VALUES ($1, $2, $3, $4, $5)`,
);

/** The user a live access token belongs to (the HTTP edge's per-user rate limit). $1 access token hash */
export const ACCESS_TOKEN_USER = defineQuery<{ user_id: string }>(
  'auth.access-token-user',
  `SELECT user_id FROM user_session WHERE access_token_hash = $1 AND revoked_at IS NULL AND access_expires_at > now()`,
  { user_id: true },
);
