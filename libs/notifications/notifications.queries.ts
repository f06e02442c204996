import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { NotificationDelivery } from '../users/user.entity.js';
import type { NotificationKind, NotificationStatus } from './notification.entity.js';
import type { KindDelivery } from './notification-preference.entity.js';
import { usersActingFor } from './recipients.js';

/**
 * Every SQL statement of notifications (ledger, sending, preferences, failed notifications), each with the
 * columns it returns (checked against the migrated schema by test/sql-queries.int-spec.ts).
 */

// ── Preferences ──

export interface PreferenceRow { notification_delivery: NotificationDelivery; mute_non_critical: boolean }
const PREFERENCE_COLUMNS = { notification_delivery: true, mute_non_critical: true } as const;

/** $1 user id */
export const PREFERENCES = defineQuery<PreferenceRow>(
  'notifications.preferences', `SELECT notification_delivery, mute_non_critical FROM app_user WHERE id = $1`, PREFERENCE_COLUMNS,
);
/** $1 user id */
export const LOCK_PREFERENCES = defineQuery<PreferenceRow>(
  'notifications.lock-preferences', `SELECT notification_delivery, mute_non_critical FROM app_user WHERE id = $1 FOR UPDATE`, PREFERENCE_COLUMNS,
);
/** $1 user id, $2 delivery, $3 mute non-critical */
export const UPDATE_PREFERENCES = defineStatement(
  'notifications.update-preferences', `UPDATE app_user SET notification_delivery = $2, mute_non_critical = $3, updated_at = now() WHERE id = $1`,
);

/** $1 user id: the user's own per-kind settings */
export const KIND_PREFERENCES = defineQuery<{ kind: string; delivery: KindDelivery }>(
  'notifications.kind-preferences', `SELECT kind, delivery FROM notification_preference WHERE user_id = $1 ORDER BY kind`, { kind: true, delivery: true },
);
/** $1 user id, $2 kind, $3 delivery */
export const UPSERT_KIND_PREFERENCE = defineStatement(
  'notifications.upsert-kind-preference',
  `INSERT INTO notification_preference (user_id, kind, delivery) VALUES ($1, $2, $3)
   ON CONFLICT (user_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = now()`,
);
/** $1 user id, $2 kind */
export const DELETE_KIND_PREFERENCE = defineStatement(
  'notifications.delete-kind-preference', `DELETE FROM notification_preference WHERE user_id = $1 AND kind = $2`,
);

// ── Failed notifications ──

export interface FailedRow {
  id: string; kind: NotificationKind; key: string; recipient_email: string; attempts: number; last_error: string | null; created_key: string;
}

/** $1 limit, $2 give-up hours; with after: $3 created_at, $4 id */
export const FAILED_PAGE = defineQueryBuilder<FailedRow, [after: string]>(
  'notifications.failed-page',
  (after) => `SELECT n.id, n.kind, n.key, u.email AS recipient_email, n.attempts,
              CASE WHEN n.status = 'pending'
                   THEN 'still pending (not sent) more than ' || $2::int || ' h after it was recorded' || coalesce(': ' || n.last_error, '')
                   ELSE n.last_error END AS last_error,
              to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
         FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
        WHERE (n.status = 'failed' OR (n.status = 'pending' AND n.created_at < now() - make_interval(hours => $2::int))) ${after}
        ORDER BY n.created_at, n.id LIMIT $1`,
  { id: true, kind: true, key: true, recipient_email: true, attempts: true, last_error: true, created_key: true },
  [[''], ['AND (n.created_at, n.id) > ($3::timestamptz, $4::uuid)']],
);

/** $1 notification id, $2 give-up hours */
export const LOCK_FOR_RETRY = defineQuery<{ status: NotificationStatus; attempts: number; last_error: string | null; stuck: boolean }>(
  'notifications.lock-for-retry',
  `SELECT status, attempts, last_error, (status = 'pending' AND created_at < now() - make_interval(hours => $2::int)) AS stuck
           FROM notification WHERE id = $1 FOR UPDATE`,
  { status: true, attempts: true, last_error: true, stuck: true },
);

/** $1 notification id */
export const MARK_PENDING = defineStatement('notifications.mark-pending', `UPDATE notification SET status = 'pending' WHERE id = $1`);

// ── Sending ──

/** $1 notification id, $2 message, $3 whether it is now failed */
export const RECORD_SEND_ATTEMPT = defineStatement(
  'notifications.record-send-attempt',
  `UPDATE notification SET attempts = attempts + 1, last_error = $2,
                status = CASE WHEN $3 THEN 'failed'::notification_status ELSE status END
          WHERE id = $1 AND status = 'pending'`,
);

export interface NotificationWithRecipientRow {
  id: string; key: string; kind: string; critical: boolean; recipient_user_id: string; milestone_id: string | null;
  subject_type: string | null; subject_id: string | null; day: string; status: NotificationStatus; payload: Record<string, unknown>; attempts: number;
  email: string; display_name: string; locale: string; is_active: boolean;
}

/** $1 notification id */
export const LOCK_WITH_RECIPIENT = defineQuery<NotificationWithRecipientRow>(
  'notifications.lock-with-recipient',
  `SELECT n.id, n.key, n.kind, n.critical, n.recipient_user_id, n.milestone_id, n.subject_type, n.subject_id,
                to_char(n.day, 'YYYY-MM-DD') AS day, n.status, n.payload, n.attempts,
                u.email, u.display_name, u.locale, u.is_active
           FROM notification n JOIN app_user u ON u.id = n.recipient_user_id
          WHERE n.id = $1
            FOR UPDATE OF n NOWAIT`,
  {
    id: true, key: true, kind: true, critical: true, recipient_user_id: true, milestone_id: true, subject_type: true, subject_id: true,
    day: true, status: true, payload: true, attempts: true, email: true, display_name: true, locale: true, is_active: true,
  },
);

/** $1 notification id, $2 why */
export const MARK_SKIPPED = defineStatement('notifications.mark-skipped', `UPDATE notification SET status = 'skipped', last_error = $2 WHERE id = $1`);
/** $1 notification id */
export const MARK_RECIPIENT_INACTIVE = defineStatement(
  'notifications.mark-recipient-inactive', `UPDATE notification SET status = 'failed', attempts = attempts + 1, last_error = 'recipient inactive' WHERE id = $1`,
);
/** $1 notification id, $2 message id */
export const MARK_SENT = defineStatement(
  'notifications.mark-sent', `UPDATE notification SET status = 'sent', sent_at = now(), message_id = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`,
);

/** $1 milestone id: whether a reminder about it still applies */
export const MILESTONE_STATUS = defineQuery<{ status: string }>('notifications.milestone-status', 'SELECT status FROM milestone WHERE id = $1', { status: true });
/** $1 gate condition id */
export const GATE_CONDITION_STATUS = defineQuery<{ status: string }>('notifications.gate-condition-status', 'SELECT status FROM gate_condition WHERE id = $1', { status: true });

// ── Ledger ──

/**
 * $1..$9 the columns as arrays (key, kind, critical, recipient, milestone, subject type, subject id, day, payload), $10 the kind never held.
 * The recipient's own setting for the kind (notification_preference) comes first; without one, their
 * defaults (mute_non_critical, notification_delivery = digest → the weekly digest). Critical rows
 * (escalations, security mail, scheduled reports) are sent whatever either says.
 */
export const INSERT_NOTIFICATIONS = defineQuery<{ id: string }>(
  'notifications.insert',
  `WITH incoming AS (
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::boolean[], $4::uuid[], $5::uuid[], $6::varchar[], $7::uuid[], $8::date[], $9::jsonb[])
           AS t(key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload)
       ), decided AS (
         SELECT i.*,
                (CASE WHEN i.critical THEN 'pending'
                      WHEN p.delivery = 'off' THEN 'muted'
                      WHEN p.delivery = 'immediate' THEN 'pending'
                      WHEN p.delivery IN ('daily_digest', 'weekly_digest') AND i.kind <> $10 THEN 'held'
                      WHEN p.delivery IS NOT NULL THEN 'pending'
                      WHEN u.mute_non_critical THEN 'muted'
                      WHEN u.notification_delivery = 'digest' AND i.kind <> $10 THEN 'held'
                      ELSE 'pending' END)::notification_status AS status,
                CASE WHEN p.delivery = 'daily_digest' THEN 'daily' ELSE 'weekly' END AS cadence
           FROM incoming i JOIN app_user u ON u.id = i.recipient_user_id AND u.is_active
           LEFT JOIN notification_preference p ON p.user_id = i.recipient_user_id AND p.kind = i.kind
       ), inserted AS (
         INSERT INTO notification (key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload, status, digest_cadence)
         SELECT d.key, d.kind, d.critical, d.recipient_user_id, d.milestone_id, d.subject_type, d.subject_id, d.day, d.payload, d.status,
                CASE WHEN d.status = 'held' THEN d.cadence END
           FROM decided d
         ON CONFLICT (key) DO NOTHING
         RETURNING id, status
       )
       SELECT id FROM inserted WHERE status = 'pending'
       UNION
       -- Keys already in the ledger, looked up one by one through the unique index: the cost
       -- follows the batch, not the backlog of pending rows.
       SELECT n.id FROM incoming i CROSS JOIN LATERAL (SELECT id, status FROM notification WHERE key = i.key) n
        WHERE n.status = 'pending'`,
  { id: true },
);

/** $1 limit, $2 reconcile-after seconds, $3 give-up hours; after a first chunk: $4 created_at, $5 id */
export const PENDING_TO_RECONCILE = defineQueryBuilder<{ id: string; created_key: string; overdue: boolean }, [afterFirst: boolean]>(
  'notifications.pending-to-reconcile',
  (afterFirst) => `SELECT id, created_at::text AS created_key, created_at < now() - make_interval(hours => $3::int) AS overdue
           FROM notification
          WHERE status = 'pending' AND created_at < now() - make_interval(secs => $2::int)
            ${afterFirst ? 'AND (created_at, id) > ($4::timestamptz, $5::uuid)' : ''}
          ORDER BY created_at, id LIMIT $1`,
  { id: true, created_key: true, overdue: true },
  [[false], [true]],
);

/** $1 ids, $2 message */
export const NOTE_NOT_QUEUED = defineStatement(
  'notifications.note-not-queued', `UPDATE notification SET last_error = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
);

/** $1 ids, $2 give-up hours as text */
export const GIVE_UP = defineQuery<{ n: number }>(
  'notifications.give-up',
  `WITH given_up AS (
         UPDATE notification
            SET status = 'failed',
                last_error = left('not sent within ' || $2::text || ' h of being recorded, and no send job was left in the queue'
                                  || coalesce(' (last error: ' || last_error || ')', ''), 2000)
          WHERE id = ANY($1::uuid[]) AND status = 'pending'
          RETURNING id)
       SELECT count(*)::int AS n FROM given_up`,
  { n: true },
);

// ── Event notifications (who hears of an outbox event) ──

/** $1 sub-project id */
export const SUB_PROJECT_LEAD = defineQuery<{ lead_organisation_id: string | null }>(
  'notifications.sub-project-lead', `SELECT lead_organisation_id FROM sub_project WHERE id = $1`, { lead_organisation_id: true },
);

/** $1 organisation id; the role is written into the text (a user_role literal, never user input) */
export const STAFF_OF = defineQueryBuilder<{ id: string | null }, [role: string]>(
  'notifications.staff-of',
  (role) => `SELECT u.id FROM app_user u WHERE u.id IN ${usersActingFor('$1::uuid', `ARRAY['${role}']`)}`,
  { id: true },
  [['ministry_officer'], ['ministry_supervisor']],
);

export const SECRETARIAT = defineQuery<{ id: string | null }>(
  'notifications.secretariat', `SELECT id FROM app_user WHERE is_active AND 'coordinator' = ANY(roles)`, { id: true },
);

/** $1 submission id */
export const SUBMISSION_AUTHOR = defineQuery<{ id: string | null }>(
  'notifications.submission-author', `SELECT created_by AS id FROM submission WHERE id = $1`, { id: true },
);

/** $1 assignment id */
export const ASSIGNER = defineQuery<{ assigned_by: string | null }>(
  'notifications.assigner', `SELECT assigned_by FROM sub_project_assignment WHERE id = $1`, { assigned_by: true },
);

/** $1 gate review id */
export const GATE_REVIEWERS = defineQuery<{ id: string | null }>(
  'notifications.gate-reviewers', `SELECT user_id AS id FROM gate_reviewer WHERE review_id = $1`, { id: true },
);
