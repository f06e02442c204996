import { defineQuery, defineStatement } from '../database/sql-query.js';

/**
 * Every SQL statement of my account and acting delegates, each with the columns it returns (checked against the
 * migrated schema by test/sql-queries.int-spec.ts).
 */

export interface ProfileRow {
  id: string;
  email: string;
  display_name: string;
  locale: string;
  roles: string[];
  organisation_id: string | null;
  organisation_name: string | null;
}

/** $1 user id */
export const PROFILE = defineQuery<ProfileRow>(
  'account.profile',
  `SELECT u.id, u.email, u.display_name, u.locale::text AS locale, u.roles::text[] AS roles, u.organisation_id, o.name AS organisation_name
         FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = $1`,
  { id: true, email: true, display_name: true, locale: true, roles: true, organisation_id: true, organisation_name: true },
);

/** $1 user id, $2 display name, $3 locale */
export const UPDATE_PROFILE = defineStatement(
  'account.update-profile',
  `UPDATE app_user SET display_name = $2, locale = $3::user_locale, updated_at = now() WHERE id = $1`,
);

/** The password hash, the user row locked for the change. $1 user id */
export const LOCK_PASSWORD = defineQuery<{ email: string; password_hash: string | null }>(
  'account.lock-password',
  `SELECT email, password_hash FROM app_user WHERE id = $1 FOR UPDATE`,
  { email: true, password_hash: true },
);

/** $1 user id, $2 new hash */
export const SET_PASSWORD = defineStatement(
  'account.set-password',
  `UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1`,
);

export interface LiveSessionRow {
  id: string;
  kind: string;
  created_at: Date;
  last_used_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/**
 * A user's live sessions, newest use first. No column records each use: a browser session's expiry slides with
 * every request (to now + idle time, written at most once a minute), a bearer session's with every refresh, so
 * the last use is read back from it. $1 user id, $2 browser idle seconds, $3 access token ttl seconds
 */
export const LIVE_SESSIONS = defineQuery<LiveSessionRow>(
  'account.live-sessions',
  `SELECT id, kind, created_at,
              GREATEST(created_at, access_expires_at - make_interval(secs => CASE WHEN kind = 'browser' THEN $2::int ELSE $3::int END)) AS last_used_at,
              ip, user_agent
         FROM user_session
        WHERE user_id = $1 AND revoked_at IS NULL AND access_expires_at > now()
        ORDER BY last_used_at DESC, created_at DESC`,
  { id: true, kind: true, created_at: true, last_used_at: true, ip: true, user_agent: true },
);

/** One of the user's live sessions ends. $1 user id, $2 session id, $3 reason */
export const REVOKE_OWN_SESSION = defineQuery<{ id: string }>(
  'account.revoke-own-session',
  `WITH ended AS (UPDATE user_session SET revoked_at = now(), revoked_reason = $3
          WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL AND access_expires_at > now() RETURNING id)
   SELECT id FROM ended`,
  { id: true },
);

/** Every live session of the user but one (a CTE: TypeORM hands back an UPDATE's RETURNING rows wrapped with its count). $1 user id, $2 the session that stays, $3 reason */
export const REVOKE_OTHER_SESSIONS = defineQuery<{ id: string }>(
  'account.revoke-other-sessions',
  `WITH ended AS (UPDATE user_session SET revoked_at = now(), revoked_reason = $3
          WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL RETURNING id)
   SELECT id FROM ended`,
  { id: true },
);

// ---- acting delegates -------------------------------------------------------------------------

export interface DelegationRow {
  id: string;
  delegator_user_id: string;
  delegator_name: string;
  delegator_email: string;
  delegate_user_id: string;
  delegate_name: string;
  delegate_email: string;
  organisation_id: string | null;
  starts_on: string;
  ends_on: string;
  reason: string | null;
  created_at: Date;
  ended_at: Date | null;
}

const DELEGATION_COLUMNS = `d.id, d.delegator_user_id, a.display_name AS delegator_name, a.email AS delegator_email,
              d.delegate_user_id, b.display_name AS delegate_name, b.email AS delegate_email, d.organisation_id,
              to_char(d.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(d.ends_on, 'YYYY-MM-DD') AS ends_on, d.reason, d.created_at, d.ended_at
         FROM delegation d JOIN app_user a ON a.id = d.delegator_user_id JOIN app_user b ON b.id = d.delegate_user_id`;
const DELEGATION_ROW = {
  id: true, delegator_user_id: true, delegator_name: true, delegator_email: true, delegate_user_id: true, delegate_name: true,
  delegate_email: true, organisation_id: true, starts_on: true, ends_on: true, reason: true, created_at: true, ended_at: true,
} as const;

/** $1 delegation id */
export const DELEGATION = defineQuery<DelegationRow>('account.delegation', `SELECT ${DELEGATION_COLUMNS} WHERE d.id = $1`, DELEGATION_ROW);

/** The delegation locked for ending it. $1 delegation id */
export const LOCK_DELEGATION = defineQuery<DelegationRow>(
  'account.lock-delegation',
  `SELECT ${DELEGATION_COLUMNS} WHERE d.id = $1 FOR UPDATE OF d`,
  DELEGATION_ROW,
);

/** What a user delegated and was delegated, latest first. $1 user id */
export const MY_DELEGATIONS = defineQuery<DelegationRow>(
  'account.my-delegations',
  `SELECT ${DELEGATION_COLUMNS} WHERE $1 IN (d.delegator_user_id, d.delegate_user_id) ORDER BY d.starts_on DESC, d.created_at DESC LIMIT 200`,
  DELEGATION_ROW,
);

/** An organisation's delegations (a unit under it too), latest first. $1 organisation ids */
export const ORGANISATION_DELEGATIONS = defineQuery<DelegationRow>(
  'account.organisation-delegations',
  `SELECT ${DELEGATION_COLUMNS} WHERE d.organisation_id = ANY($1::uuid[]) ORDER BY d.starts_on DESC, d.created_at DESC LIMIT 500`,
  DELEGATION_ROW,
);

export interface PersonRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  organisation_id: string | null;
  is_active: boolean;
}

/** $1 user id */
export const PERSON = defineQuery<PersonRow>(
  'account.person',
  `SELECT id, email, display_name, roles::text[] AS roles, organisation_id, is_active FROM app_user WHERE id = $1`,
  { id: true, email: true, display_name: true, roles: true, organisation_id: true, is_active: true },
);

/** The user row locked, so two delegations of one person are checked one after the other. $1 user id */
export const LOCK_PERSON = defineQuery<{ id: string }>('account.lock-person', `SELECT id FROM app_user WHERE id = $1 FOR UPDATE`, { id: true });

/** Colleagues who may act for the user: active, same organisation, holding every role the user holds. $1 user id */
export const DELEGATE_CANDIDATES = defineQuery<{ id: string; email: string; display_name: string }>(
  'account.delegate-candidates',
  `SELECT c.id, c.email, c.display_name FROM app_user me JOIN app_user c
           ON c.id <> me.id AND c.organisation_id IS NOT DISTINCT FROM me.organisation_id AND c.roles @> me.roles AND c.is_active
        WHERE me.id = $1 ORDER BY c.display_name, c.email LIMIT 500`,
  { id: true, email: true, display_name: true },
);

/**
 * Open delegations (not ended, not over) of these delegators meeting the period. $1 delegator ids, $2 starts on,
 * $3 ends on, $4 today
 */
export const OVERLAPPING_DELEGATIONS = defineQuery<{ id: string; delegator_user_id: string }>(
  'account.overlapping-delegations',
  `SELECT id, delegator_user_id FROM delegation
        WHERE delegator_user_id = ANY($1::uuid[]) AND ended_at IS NULL AND ends_on >= $4::date
          AND starts_on <= $3::date AND ends_on >= $2::date`,
  { id: true, delegator_user_id: true },
);

/** $1 delegator, $2 delegate, $3 organisation, $4 starts on, $5 ends on, $6 reason */
export const INSERT_DELEGATION = defineQuery<{ id: string }>(
  'account.insert-delegation',
  `INSERT INTO delegation (delegator_user_id, delegate_user_id, organisation_id, starts_on, ends_on, reason)
        VALUES ($1, $2, $3, $4::date, $5::date, $6) RETURNING id`,
  { id: true },
);

/** $1 delegation id, $2 who ended it */
export const END_DELEGATION = defineStatement(
  'account.end-delegation',
  `UPDATE delegation SET ended_at = now(), ended_by_user_id = $2 WHERE id = $1 AND ended_at IS NULL`,
);

export interface ActingForRow {
  delegation_id: string;
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  locale: string;
  organisation_id: string | null;
  organisation_ids: string[];
}

/**
 * The delegator as an actor, when a delegation to this delegate covers today and both people still share the
 * organisation and the roles. $1 delegator id, $2 delegate id, $3 today (Taipei)
 */
export const ACTING_FOR = defineQuery<ActingForRow>(
  'account.acting-for',
  `SELECT d.id AS delegation_id, u.id, u.email, u.display_name, u.roles::text[] AS roles, u.locale::text AS locale, u.organisation_id,
              COALESCE(t.ids, '{}') AS organisation_ids
         FROM delegation d
         JOIN app_user u ON u.id = d.delegator_user_id AND u.is_active
         JOIN app_user me ON me.id = d.delegate_user_id AND me.is_active
              AND me.organisation_id IS NOT DISTINCT FROM u.organisation_id AND me.roles @> u.roles
         LEFT JOIN LATERAL (
           WITH RECURSIVE tree(id) AS (SELECT u.organisation_id UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
           SELECT array_agg(id) AS ids FROM tree WHERE id IS NOT NULL) t ON true
        WHERE d.delegator_user_id = $1 AND d.delegate_user_id = $2 AND d.ended_at IS NULL
          AND d.starts_on <= $3::date AND d.ends_on >= $3::date
        LIMIT 1`,
  {
    delegation_id: true, id: true, email: true, display_name: true, roles: true, locale: true, organisation_id: true, organisation_ids: true,
  },
);
