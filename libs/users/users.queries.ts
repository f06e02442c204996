import { defineQuery, defineStatement } from '../database/sql-query.js';

/**
 * Every SQL statement of libs/users (the directory, account administration, one-time links), each
 * with the columns it returns (checked against the migrated schema by test/sql-queries.int-spec.ts).
 */

export interface DirectoryRow {
  id: string;
  display_name: string;
  email: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  roles: string[];
  is_active: boolean;
  invited: boolean;
}

/**
 * The user directory, keyset-paginated by (display name, id). Every filter is optional (null).
 * $1 emails shown (and searched), $2 scope organisation ids (null: everyone), $3 ILIKE pattern,
 * $4 any of these roles, $5 organisation filter ids, $6 active, $7/$8 after (display name, id), $9 limit,
 * $10 only these ids (a picker showing the names of the users it was given)
 */
export const USER_DIRECTORY = defineQuery<DirectoryRow>(
  'users.directory',
  `SELECT u.id, u.display_name, CASE WHEN $1::boolean THEN u.email END AS email, u.organisation_id, o.name AS organisation_name,
          u.roles::text[] AS roles, u.is_active, (u.is_active AND u.password_hash IS NULL) AS invited
     FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
    WHERE ($2::uuid[] IS NULL OR u.organisation_id = ANY($2::uuid[]))
      AND ($3::text IS NULL OR u.display_name ILIKE $3 ESCAPE '\\' OR ($1::boolean AND u.email ILIKE $3 ESCAPE '\\'))
      AND ($4::text[] IS NULL OR u.roles::text[] && $4::text[])
      AND ($5::uuid[] IS NULL OR u.organisation_id = ANY($5::uuid[]))
      AND ($6::boolean IS NULL OR u.is_active = $6::boolean)
      AND ($7::text IS NULL OR (u.display_name, u.id) > ($7::text, $8::uuid))
      AND ($10::uuid[] IS NULL OR u.id = ANY($10::uuid[]))
    ORDER BY u.display_name, u.id
    LIMIT $9`,
  { id: true, display_name: true, email: true, organisation_id: true, organisation_name: true, roles: true, is_active: true, invited: true },
);

/** An organisation (by id or code) and every unit under it. $1 id or code */
export const ORGANISATION_SUBTREE = defineQuery<{ id: string }>(
  'users.organisation-subtree',
  `WITH RECURSIVE tree(id) AS (
         SELECT id FROM organisation WHERE code = $1 OR id::text = $1
         UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
       SELECT id FROM tree`,
  { id: true },
);

export interface UserDetailRow {
  id: string;
  email: string;
  display_name: string;
  organisation_id: string | null;
  organisation_code: string | null;
  organisation_name: string | null;
  roles: string[];
  locale: string;
  is_active: boolean;
  is_demo: boolean;
  has_password: boolean;
  created_at: Date;
  updated_at: Date;
  last_sign_in_at: Date | null;
  pending_link_purpose: string | null;
  pending_link_expires_at: Date | null;
}

/** One user for its administrators. $1 user id */
export const USER_DETAIL = defineQuery<UserDetailRow>(
  'users.detail',
  `SELECT u.id, u.email, u.display_name, u.organisation_id, o.code AS organisation_code, o.name AS organisation_name, u.roles::text[] AS roles,
          u.locale::text AS locale, u.is_active, u.is_demo, u.password_hash IS NOT NULL AS has_password, u.created_at, u.updated_at,
          (SELECT max(a.at) FROM login_attempt a WHERE a.user_id = u.id AND a.succeeded) AS last_sign_in_at,
          t.purpose AS pending_link_purpose, t.expires_at AS pending_link_expires_at
     FROM app_user u
     LEFT JOIN organisation o ON o.id = u.organisation_id
     LEFT JOIN LATERAL (SELECT purpose, expires_at FROM account_token
                          WHERE user_id = u.id AND used_at IS NULL AND expires_at > now() ORDER BY created_at DESC LIMIT 1) t ON true
    WHERE u.id = $1`,
  {
    id: true, email: true, display_name: true, organisation_id: true, organisation_code: true, organisation_name: true, roles: true, locale: true,
    is_active: true, is_demo: true, has_password: true, created_at: true, updated_at: true, last_sign_in_at: true, pending_link_purpose: true,
    pending_link_expires_at: true,
  },
);

/** The user locked for a change. $1 user id */
export const LOCK_USER = defineQuery<{ id: string; email: string; display_name: string; organisation_id: string | null; roles: string[]; locale: string; is_active: boolean }>(
  'users.lock',
  `SELECT id, email, display_name, organisation_id, roles::text[] AS roles, locale::text AS locale, is_active FROM app_user WHERE id = $1 FOR UPDATE`,
  { id: true, email: true, display_name: true, organisation_id: true, roles: true, locale: true, is_active: true },
);

/** $1 email */
export const USER_BY_EMAIL = defineQuery<{ id: string; email: string; display_name: string; organisation_id: string | null; roles: string[]; locale: string; is_active: boolean }>(
  'users.by-email',
  `SELECT id, email, display_name, organisation_id, roles::text[] AS roles, locale::text AS locale, is_active FROM app_user WHERE email = $1`,
  { id: true, email: true, display_name: true, organisation_id: true, roles: true, locale: true, is_active: true },
);

/** $1 id or code */
export const ORGANISATION_BY_REF = defineQuery<{ id: string; code: string }>(
  'users.organisation-by-ref', `SELECT id, code FROM organisation WHERE code = $1 OR id::text = $1`, { id: true, code: true },
);

/** $1 email, $2 display name, $3 organisation id, $4 roles, $5 locale */
export const INSERT_USER = defineQuery<{ id: string }>(
  'users.insert',
  `INSERT INTO app_user (email, display_name, organisation_id, roles, locale, password_hash, is_active)
   VALUES ($1, $2, $3, $4::text[]::user_role[], $5::user_locale, NULL, true)
   ON CONFLICT (email) DO NOTHING RETURNING id`,
  { id: true },
);

/** $1 id, $2 display name, $3 organisation id, $4 roles, $5 locale */
export const UPDATE_USER = defineStatement(
  'users.update',
  `UPDATE app_user SET display_name = $2, organisation_id = $3, roles = $4::text[]::user_role[], locale = $5::user_locale, updated_at = now() WHERE id = $1`,
);

/** $1 id, $2 active */
export const SET_USER_ACTIVE = defineStatement('users.set-active', `UPDATE app_user SET is_active = $2, updated_at = now() WHERE id = $1`);

/** $1 id, $2 password hash */
export const SET_PASSWORD_HASH = defineStatement('users.set-password-hash', `UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`);

/** Ends every live session of a user at once. $1 user id, $2 reason */
export const END_USER_SESSIONS = defineStatement(
  'users.end-sessions', `UPDATE user_session SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
);

/** A newer link replaces the user's open ones. $1 user id */
export const RETIRE_OPEN_TOKENS = defineStatement(
  'users.retire-open-tokens', `UPDATE account_token SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`,
);

/** $1 user id, $2 purpose, $3 seconds valid */
export const INSERT_TOKEN = defineQuery<{ id: string }>(
  'users.insert-token',
  `INSERT INTO account_token (user_id, purpose, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
  { id: true },
);

/** The token row, locked, for the email that carries it. $1 token id */
export const LOCK_TOKEN_FOR_EMAIL = defineQuery<{ id: string; purpose: string; usable: boolean; expires_at: Date }>(
  'users.lock-token-for-email',
  `SELECT id, purpose, used_at IS NULL AND expires_at > now() AS usable, expires_at FROM account_token WHERE id = $1 FOR UPDATE`,
  { id: true, purpose: true, usable: true, expires_at: true },
);

/** $1 token id, $2 token hash */
export const SET_TOKEN_HASH = defineStatement('users.set-token-hash', `UPDATE account_token SET token_hash = $2 WHERE id = $1`);

export interface TokenRow {
  id: string;
  user_id: string;
  purpose: string;
  used: boolean;
  expired: boolean;
  expires_at: Date;
  email: string;
  display_name: string;
  organisation_id: string | null;
  roles: string[];
  locale: string;
  is_active: boolean;
}

/** A link by its token's hash, with its user (locked when `FOR UPDATE` matters: see LOCK_TOKEN_BY_HASH). $1 token hash */
export const TOKEN_BY_HASH = defineQuery<TokenRow>(
  'users.token-by-hash',
  `SELECT t.id, t.user_id, t.purpose, t.used_at IS NOT NULL AS used, t.expires_at <= now() AS expired, t.expires_at,
          u.email, u.display_name, u.organisation_id, u.roles::text[] AS roles, u.locale::text AS locale, u.is_active
     FROM account_token t JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = $1`,
  {
    id: true, user_id: true, purpose: true, used: true, expired: true, expires_at: true, email: true, display_name: true, organisation_id: true,
    roles: true, locale: true, is_active: true,
  },
);

/** The same, locked: two tabs submitting one link cannot both use it. $1 token hash */
export const LOCK_TOKEN_BY_HASH = defineQuery<TokenRow>(
  'users.lock-token-by-hash', `${TOKEN_BY_HASH.text} FOR UPDATE OF t`, Object.fromEntries(TOKEN_BY_HASH.columns.map((c) => [c, true])) as never,
);

/** $1 token id */
export const MARK_TOKEN_USED = defineStatement('users.mark-token-used', `UPDATE account_token SET used_at = now() WHERE id = $1`);

/** Reset requests in the window, from this address and for this email. $1 ip, $2 email, $3 window seconds */
export const RESET_REQUESTS = defineQuery<{ from_address: number; for_email: number }>(
  'users.reset-requests',
  `SELECT count(*) FILTER (WHERE ip IS NOT DISTINCT FROM $1)::int AS from_address, count(*) FILTER (WHERE email = $2)::int AS for_email
     FROM login_attempt WHERE reason = 'reset_request' AND at > now() - make_interval(secs => $3) AND (ip IS NOT DISTINCT FROM $1 OR email = $2)`,
  { from_address: true, for_email: true },
);

/** $1 email, $2 user id, $3 ip */
export const RECORD_RESET_REQUEST = defineStatement(
  'users.record-reset-request', `INSERT INTO login_attempt (email, user_id, ip, succeeded, reason) VALUES ($1, $2, $3, false, 'reset_request')`,
);

/** Demo accounts, and how many users there are with a password: the production start-up check. */
export const DEMO_ACCOUNTS = defineQuery<{ email: string }>(
  'users.demo-accounts', `SELECT email FROM app_user WHERE is_demo ORDER BY email`, { email: true },
);

/** Every stored password hash (the production check tries the demo password on each). */
export const PASSWORD_HASHES = defineQuery<{ email: string; password_hash: string }>(
  'users.password-hashes', `SELECT email, password_hash FROM app_user WHERE password_hash IS NOT NULL AND is_active`, { email: true, password_hash: true },
);

/** The organisations an account administrator may put accounts in. $1 organisation ids (null: all) */
export const MANAGEABLE_ORGANISATIONS = defineQuery<{ code: string; name: string; kind: string; parent_code: string | null }>(
  'users.manageable-organisations',
  `SELECT o.code, o.name, o.kind::text AS kind, p.code AS parent_code
     FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id
    WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[])
    ORDER BY o.code`,
  { code: true, name: true, kind: true, parent_code: true },
);
