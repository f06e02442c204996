import { TIME_ZONE } from '../common/clock.js';
import { defineQuery, defineStatement } from '../database/sql-query.js';
import type { NotificationKind, NotificationStatus } from '../notifications/notification.entity.js';
import { ORGANISATION_CLOSURE } from '../notifications/recipients.js';
import { milestoneOverdue } from '../sub-projects/milestone.queries.js';
import type { UserRole } from '../users/user.entity.js';
import { DIGEST_SECTION_LIMIT } from './digest-payload.js';

/** The digests' SQL (checked against the schema by test/sql-queries.int-spec.ts). Days come from the sweep's clock. */

/** Taipei midnight of a date, as an instant (audit and review times are instants). */
const taipeiMidnight = (placeholder: string) => `(${placeholder}::date::timestamp AT TIME ZONE '${TIME_ZONE}')`;

/**
 * A section: the first DIGEST_SECTION_LIMIT ids in the inner query's order, each with the count of all
 * (LIMIT runs after the window, so total counts every row).
 */
function sectionQuery(name: string, orderedIds: string) {
  return defineQuery<{ id: string; total: number }>(
    `digests.${name}`,
    `SELECT q.id, count(*) OVER ()::int AS total FROM (${orderedIds}) q LIMIT ${DIGEST_SECTION_LIMIT}`,
    { id: true, total: true },
  );
}

/** Lights red now whose audit trail shows them turning red (recomputed or overridden) in the period. $1 start, $2 end (dates) */
export const NEW_RED_LIGHTS = sectionQuery(
  'new-red-lights',
  `SELECT l.id::text AS id FROM status_light l JOIN sub_project sp ON sp.id = l.sub_project_id
    WHERE COALESCE(l.override_colour, l.computed_colour) = 'red'
      AND EXISTS (SELECT 1 FROM audit_event e
                   WHERE e.entity_type = 'status_light' AND e.entity_id = l.id
                     AND e.at >= ${taipeiMidnight('$1')} AND e.at < ${taipeiMidnight('$2')}
                     AND COALESCE(e.after->>'overrideColour', e.after->>'computedColour') = 'red'
                     AND (e.before IS NULL OR COALESCE(e.before->>'overrideColour', e.before->>'computedColour') IS DISTINCT FROM 'red'))
    ORDER BY sp.code, l.period`,
);

/** Due in the period and not accepted: overdue since the day after its due date (IDX_milestone_open_due). $1 start, $2 end */
export const NEWLY_OVERDUE = sectionQuery(
  'newly-overdue',
  `SELECT m.id::text AS id FROM milestone m
    WHERE ${milestoneOverdue('$2::date')} AND m.due_date >= $1::date
    ORDER BY m.due_date, m.code`,
);

export const AWAITING_REVIEW = sectionQuery(
  'awaiting-review', `SELECT s.id::text AS id FROM submission s WHERE s.status = 'submitted' ORDER BY s.submitted_at NULLS LAST, s.id`,
);

export const RELEASE_REQUESTS = sectionQuery(
  'release-requests',
  `SELECT a.resolution_id || '/' || a.organisation_id AS id
     FROM resolution_assignment a JOIN resolution r ON r.id = a.resolution_id JOIN organisation o ON o.id = a.organisation_id
    WHERE a.status = 'release_requested'
    ORDER BY r.code, o.code`,
);

/** The reverse of "who acts for an organisation": the organisations $1 acts for. */
const OWN = `(WITH RECURSIVE ${ORGANISATION_CLOSURE} SELECT organisation_id FROM organisation_closure WHERE acting_organisation_id = $1::uuid)`;

/** Open milestones of what $1 leads due in [$2, $3). */
export const DUE_SOON = sectionQuery(
  'due-soon',
  `SELECT m.id::text AS id FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
    WHERE m.status <> 'accepted' AND m.due_date >= $2::date AND m.due_date < $3::date AND sp.lead_organisation_id IN ${OWN}
    ORDER BY m.due_date, m.code`,
);

/** Every overdue milestone of what $1 leads, as of $2. */
export const OVERDUE = sectionQuery(
  'overdue',
  `SELECT m.id::text AS id FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
    WHERE ${milestoneOverdue('$2::date')} AND sp.lead_organisation_id IN ${OWN}
    ORDER BY m.due_date, m.code`,
);

/** Submissions of what $1 leads that the secretariat returned in [$2, $3). */
export const RETURNED = sectionQuery(
  'returned',
  `SELECT s.id::text AS id FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id
    WHERE sp.lead_organisation_id IN ${OWN}
      AND EXISTS (SELECT 1 FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'return'
                   AND r.at >= ${taipeiMidnight('$2')} AND r.at < ${taipeiMidnight('$3')})
    ORDER BY sp.code, s.id`,
);

/** A held row's digest: its cadence, weekly for rows held before cadences existed. */
const HELD_FOR = `COALESCE(digest_cadence, 'weekly')`;

/** The recipient's held notifications of a cadence, locked until the digest records them. $1 user id, $2 cadence */
export const HELD_NOTIFICATIONS = defineQuery<{ id: string }>(
  'digests.held',
  `SELECT id FROM notification WHERE recipient_user_id = $1 AND status = 'held' AND ${HELD_FOR} = $2 ORDER BY created_at, id FOR UPDATE`,
  { id: true },
);

/** Who may get a weekly digest: active users of the roles that have sections, and anyone with notifications held for it. */
export const CANDIDATES = defineQuery<{ id: string; roles: UserRole[]; organisation_id: string | null }>(
  'digests.candidates',
  `SELECT u.id, u.roles::text[] AS roles, u.organisation_id FROM app_user u
    WHERE u.is_active
      AND (u.roles && ARRAY['coordinator', 'ministry_officer', 'ministry_supervisor']::user_role[]
           OR EXISTS (SELECT 1 FROM notification n WHERE n.recipient_user_id = u.id AND n.status = 'held' AND ${HELD_FOR} = 'weekly'))
    ORDER BY u.id`,
  { id: true, roles: true, organisation_id: true },
);

/** Who gets a daily digest: active users with notifications held for it (through IDX_notification_held). */
export const DAILY_CANDIDATES = defineQuery<{ id: string; roles: UserRole[]; organisation_id: string | null }>(
  'digests.daily-candidates',
  `SELECT u.id, u.roles::text[] AS roles, u.organisation_id FROM app_user u
    WHERE u.is_active
      AND EXISTS (SELECT 1 FROM notification n WHERE n.recipient_user_id = u.id AND n.status = 'held' AND n.digest_cadence = 'daily')
    ORDER BY u.id`,
  { id: true, roles: true, organisation_id: true },
);

/** Serialises concurrent sweeps on one recipient's digest. $1 ledger key */
export const LOCK_DIGEST_KEY = defineQuery<{ pg_advisory_xact_lock: unknown }>(
  'digests.lock-key', 'SELECT pg_advisory_xact_lock(hashtext($1))', { pg_advisory_xact_lock: true },
);

/** $1 ledger key */
export const NOTIFICATION_BY_KEY = defineQuery<{ id: string; status: NotificationStatus }>(
  'digests.notification-by-key', 'SELECT id, status FROM notification WHERE key = $1', { id: true, status: true },
);

/** Held notifications go out inside digest $1. $2 their ids */
export const MARK_DIGESTED = defineStatement(
  'digests.mark-digested', `UPDATE notification SET status = 'digested', digest_id = $1 WHERE id = ANY($2::uuid[]) AND status = 'held'`,
);

// The email's lines, by the ids a digest recorded ($1).

export const RED_LIGHT_LINES = defineQuery<{ id: string; code: string; name: string; period: string; reasons: { zh: string; en: string }[]; lead: string | null; override_colour: string | null }>(
  'digests.red-light-lines',
  `SELECT l.id::text, sp.code, sp.name, l.period, l.reasons, l.override_colour, o.name AS lead
     FROM status_light l JOIN sub_project sp ON sp.id = l.sub_project_id LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
    WHERE l.id = ANY($1::uuid[])`,
  { id: true, code: true, name: true, period: true, reasons: true, override_colour: true, lead: true },
);

export const MILESTONE_LINES = defineQuery<{ id: string; code: string; deliverable: string; due: string; sp_code: string; lead: string | null }>(
  'digests.milestone-lines',
  `SELECT m.id::text, m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due, sp.code AS sp_code, o.name AS lead
     FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
    WHERE m.id = ANY($1::uuid[])`,
  { id: true, code: true, deliverable: true, due: true, sp_code: true, lead: true },
);

type SubmissionLine = { id: string; sp_code: string; sp_name: string; period: string | null; milestone: string | null; at: string | null; comment: string | null };
const SUBMISSION_LINE_COLUMNS = { id: true, sp_code: true, sp_name: true, period: true, milestone: true, at: true, comment: true } as const;
/** `at`: the day it was returned (returned) or submitted (awaiting review). */
const submissionLines = (name: string, at: string) =>
  defineQuery<SubmissionLine>(
    `digests.${name}`,
    `SELECT s.id::text, sp.code AS sp_code, sp.name AS sp_name, s.period, m.code AS milestone,
            to_char(${at} AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD') AS at, r.comment
       FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id LEFT JOIN milestone m ON m.id = s.milestone_id
       LEFT JOIN LATERAL (SELECT at, comment FROM submission_review WHERE submission_id = s.id AND action = 'return' ORDER BY at DESC LIMIT 1) r ON TRUE
      WHERE s.id = ANY($1::uuid[])`,
    SUBMISSION_LINE_COLUMNS,
  );
export const RETURNED_LINES = submissionLines('returned-lines', 'r.at');
export const AWAITING_REVIEW_LINES = submissionLines('awaiting-review-lines', 's.submitted_at');

/** $1 resolution ids, $2 organisation ids (pairwise) */
export const RELEASE_REQUEST_LINES = defineQuery<{ id: string; code: string; text: string; org: string; meeting: string; requested: string | null }>(
  'digests.release-request-lines',
  `SELECT a.resolution_id || '/' || a.organisation_id AS id, r.code, r.text, o.name AS org, mt.name AS meeting,
          (SELECT to_char(max(d.at) AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD') FROM resolution_tracking_decision d
            WHERE d.resolution_id = a.resolution_id AND d.organisation_id = a.organisation_id AND d.decision = 'release_requested') AS requested
     FROM resolution_assignment a JOIN resolution r ON r.id = a.resolution_id JOIN organisation o ON o.id = a.organisation_id JOIN meeting mt ON mt.id = r.meeting_id
    WHERE (a.resolution_id, a.organisation_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
  { id: true, code: true, text: true, org: true, meeting: true, requested: true },
);

export const HELD_LINES = defineQuery<{
  id: string; kind: NotificationKind; day: string; subject_type: string | null; subject_id: string | null; m_code: string | null; deliverable: string | null;
  due: string | null; subject_code: string | null;
}>(
  'digests.held-lines',
  `SELECT n.id::text, n.kind, to_char(n.day, 'YYYY-MM-DD') AS day, n.subject_type, n.subject_id::text,
          m.code AS m_code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due,
          COALESCE(r.code, sp.code) AS subject_code
     FROM notification n LEFT JOIN milestone m ON m.id = n.milestone_id
     LEFT JOIN resolution r ON n.subject_type = 'resolution' AND r.id = n.subject_id
     LEFT JOIN sub_project sp ON n.subject_type = 'sub_project' AND sp.id = n.subject_id
    WHERE n.id = ANY($1::uuid[])`,
  { id: true, kind: true, day: true, subject_type: true, subject_id: true, m_code: true, deliverable: true, due: true, subject_code: true },
);
