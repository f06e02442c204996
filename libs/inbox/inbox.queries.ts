import { defineQuery, defineQueryBuilder } from '../database/sql-query.js';
import type { NotificationStatus } from '../notifications/notification.entity.js';

/** The inbox's SQL: only ever the caller's own ledger rows ($1 is always the recipient). Checked by test/sql-queries.int-spec.ts. */

export interface InboxRow {
  id: string;
  kind: string;
  status: NotificationStatus;
  critical: boolean;
  day: string;
  payload: Record<string, unknown>;
  subject_type: string | null;
  subject_id: string | null;
  created_key: string;
  read_at: string | null;
  /** The milestone (reminders, escalations, due-date changes), the sub-project, and what else the subject names. */
  m_code: string | null;
  m_deliverable: string | null;
  m_due: string | null;
  sp_code: string | null;
  sp_name: string | null;
  subject_code: string | null;
  subject_text: string | null;
  subject_due: string | null;
}

const INBOX_COLUMNS = {
  id: true, kind: true, status: true, critical: true, day: true, payload: true, subject_type: true, subject_id: true, created_key: true, read_at: true,
  m_code: true, m_deliverable: true, m_due: true, sp_code: true, sp_name: true, subject_code: true, subject_text: true, subject_due: true,
} as const;

/**
 * $1 recipient, $2 unread only, $3 kind or null, $4 limit; after a first page $5 created_at, $6 id.
 * Newest first along IDX_notification_inbox (recipient, created_at, id). Each row with the names
 * of what it is about, read now (a renamed sub-project shows its name as it is).
 */
export const INBOX_PAGE = defineQueryBuilder<InboxRow, [after: boolean]>(
  'inbox.page',
  (after) => `SELECT n.id, n.kind, n.status, n.critical, to_char(n.day, 'YYYY-MM-DD') AS day, n.payload, n.subject_type, n.subject_id::text,
              to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
              to_char(n.read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS read_at,
              m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due,
              sp.code AS sp_code, sp.name AS sp_name, subj.code AS subject_code, subj.text AS subject_text, subj.due AS subject_due
         FROM notification n
         LEFT JOIN LATERAL (
           SELECT d.milestone_id FROM due_date_change_request d WHERE n.subject_type = 'due_date_change_request' AND d.id = n.subject_id
           UNION ALL SELECT s.milestone_id FROM submission s WHERE n.subject_type = 'submission' AND s.id = n.subject_id
         ) via ON true
         LEFT JOIN milestone m ON m.id = COALESCE(n.milestone_id, via.milestone_id)
         LEFT JOIN LATERAL (
           SELECT x.sub_project_id AS id FROM (
             SELECT m.sub_project_id
             UNION ALL SELECT n.subject_id WHERE n.subject_type = 'sub_project'
             UNION ALL SELECT s.sub_project_id FROM submission s WHERE n.subject_type = 'submission' AND s.id = n.subject_id
             UNION ALL SELECT l.sub_project_id FROM status_light l WHERE n.subject_type = 'status_light' AND l.id = n.subject_id
             UNION ALL SELECT r.sub_project_id FROM gate_review r WHERE n.subject_type = 'gate_review' AND r.id = n.subject_id
             UNION ALL SELECT r.sub_project_id FROM gate_condition c JOIN gate_review r ON r.id = c.review_id
                        WHERE n.subject_type = 'gate_condition' AND c.id = n.subject_id) x
            WHERE x.sub_project_id IS NOT NULL LIMIT 1
         ) spx ON true
         LEFT JOIN sub_project sp ON sp.id = spx.id
         LEFT JOIN LATERAL (
           SELECT r.code, r.text, to_char(r.due_date, 'YYYY-MM-DD') AS due FROM resolution r WHERE n.subject_type = 'resolution' AND r.id = n.subject_id
           UNION ALL SELECT r.id::text, t.name, to_char(r.scheduled_for, 'YYYY-MM-DD') FROM gate_review r JOIN gate_template t ON t.id = r.template_id
                      WHERE n.subject_type = 'gate_review' AND r.id = n.subject_id
           UNION ALL SELECT c.review_id::text, c.text, to_char(c.due_date, 'YYYY-MM-DD') FROM gate_condition c
                      WHERE n.subject_type = 'gate_condition' AND c.id = n.subject_id
           UNION ALL SELECT l.period, COALESCE(l.override_colour, l.computed_colour)::text, NULL FROM status_light l
                      WHERE n.subject_type = 'status_light' AND l.id = n.subject_id
           UNION ALL SELECT s.period, NULL, NULL FROM submission s WHERE n.subject_type = 'submission' AND s.id = n.subject_id
           UNION ALL SELECT rs.id::text, rs.name, to_char(run.scheduled_for AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD') FROM report_schedule_run run
                      JOIN report_schedule rs ON rs.id = run.schedule_id WHERE n.subject_type = 'report_schedule_run' AND run.id = n.subject_id
           LIMIT 1
         ) subj ON true
        WHERE n.recipient_user_id = $1
          AND ($2::boolean IS NOT TRUE OR n.read_at IS NULL)
          AND ($3::varchar IS NULL OR n.kind = $3::varchar)
          ${after ? 'AND (n.created_at, n.id) < ($5::timestamptz, $6::uuid)' : ''}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT $4`,
  INBOX_COLUMNS,
  [[false], [true]],
);

/** $1 recipient: unread rows (IDX_notification_unread) */
export const UNREAD_COUNT = defineQuery<{ unread: number }>(
  'inbox.unread-count', `SELECT count(*)::int AS unread FROM notification WHERE recipient_user_id = $1 AND read_at IS NULL`, { unread: true },
);

/** $1 recipient, $2 notification id: marks it read if it is the recipient's (read_at kept from the first time) */
export const MARK_READ = defineQuery<{ id: string; read_at: string }>(
  'inbox.mark-read',
  `WITH marked AS (UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $2 AND recipient_user_id = $1 RETURNING id, read_at)
   SELECT id, to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS read_at FROM marked`,
  { id: true, read_at: true },
);

/** $1 recipient, $2 kind or null: marks every unread row read; returns how many changed */
export const MARK_ALL_READ = defineQuery<{ n: number }>(
  'inbox.mark-all-read',
  `WITH changed AS (UPDATE notification SET read_at = now()
                     WHERE recipient_user_id = $1 AND read_at IS NULL AND ($2::varchar IS NULL OR kind = $2::varchar) RETURNING 1)
   SELECT count(*)::int AS n FROM changed`,
  { n: true },
);
