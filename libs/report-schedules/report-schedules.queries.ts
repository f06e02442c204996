import { defineQuery, defineStatement } from '../database/sql-query.js';
import type { ReportStatus } from '../reports/report.entity.js';
import { milestoneOverdue } from '../sub-projects/milestone.queries.js';
import type { ReportRunStatus, ScheduledReportFormat, ScheduledReportKind } from './report-schedule.entity.js';

/** Report schedules' SQL (checked against the schema by test/sql-queries.int-spec.ts; the registrar's is its own). */

export interface ScheduleRow {
  id: string; name: string; programme_id: string; programme_code: string; programme_name: string; kind: ScheduledReportKind; format: ScheduledReportFormat;
  cron: string; recipient_user_ids: string[]; is_active: boolean; version: number; created_at: Date; updated_at: Date;
  parameters: { meeting?: string };
  recipients: { id: string; email: string; displayName: string; isActive: boolean }[];
  created_by_user_id: string | null;
}
const SCHEDULE_COLUMNS = {
  id: true, name: true, programme_id: true, programme_code: true, programme_name: true, kind: true, format: true, cron: true, recipient_user_ids: true,
  is_active: true, version: true, created_at: true, updated_at: true, parameters: true, recipients: true, created_by_user_id: true,
} as const;

const SCHEDULE_SELECT = `
  SELECT s.id, s.name, s.programme_id, p.code AS programme_code, p.name AS programme_name, s.kind, s.format, s.cron,
         s.recipient_user_ids::text[] AS recipient_user_ids, s.is_active, s.version, s.created_at, s.updated_at, s.parameters, s.created_by_user_id,
         COALESCE((SELECT json_agg(json_build_object('id', u.id, 'email', u.email, 'displayName', u.display_name, 'isActive', u.is_active)
                                   ORDER BY array_position(s.recipient_user_ids, u.id))
                     FROM app_user u WHERE u.id = ANY(s.recipient_user_ids)), '[]') AS recipients
    FROM report_schedule s JOIN programme p ON p.id = s.programme_id`;

export const SCHEDULES = defineQuery<ScheduleRow>('report-schedules.list', `${SCHEDULE_SELECT} ORDER BY p.code, s.name, s.id`, SCHEDULE_COLUMNS);
/** $1 schedule id */
export const SCHEDULE = defineQuery<ScheduleRow>('report-schedules.get', `${SCHEDULE_SELECT} WHERE s.id = $1`, SCHEDULE_COLUMNS);
/** $1 schedule id; locks it for a change */
export const SCHEDULE_FOR_UPDATE = defineQuery<ScheduleRow>('report-schedules.get-for-update', `${SCHEDULE_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, SCHEDULE_COLUMNS);

export interface RunRow {
  id: string; schedule_id: string; scheduled_for: Date; status: ReportRunStatus; file_name: string | null; content_type: string | null;
  byte_size: number | null; sha256: string | null; row_count: number | null; recipient_count: number; report_id: string | null;
  error: string | null; started_at: Date; finished_at: Date | null;
}

/** A schedule's latest 200 runs. $1 schedule id */
export const RUNS = defineQuery<RunRow>(
  'report-schedules.runs',
  `SELECT id, schedule_id, scheduled_for, status, file_name, content_type, byte_size, sha256, row_count, recipient_count, report_id, error, started_at, finished_at
     FROM report_schedule_run WHERE schedule_id = $1 ORDER BY scheduled_for DESC, id LIMIT 200`,
  {
    id: true, schedule_id: true, scheduled_for: true, status: true, file_name: true, content_type: true, byte_size: true, sha256: true, row_count: true,
    recipient_count: true, report_id: true, error: true, started_at: true, finished_at: true,
  },
);

/** $1 name, $2 programme id, $3 kind, $4 format, $5 cron, $6 recipients, $7 active, $8 author, $9 parameters */
export const INSERT_SCHEDULE = defineQuery<{ id: string }>(
  'report-schedules.insert',
  `INSERT INTO report_schedule (name, programme_id, kind, format, cron, recipient_user_ids, is_active, created_by_user_id, parameters)
   VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9) RETURNING id`,
  { id: true },
);

/** $1 id, $2 name, $3 programme id, $4 kind, $5 format, $6 cron, $7 recipients, $8 active, $9 parameters */
export const UPDATE_SCHEDULE = defineStatement(
  'report-schedules.update',
  `UPDATE report_schedule SET name = $2, programme_id = $3, kind = $4, format = $5, cron = $6, recipient_user_ids = $7::uuid[], is_active = $8,
          parameters = $9, version = version + 1, updated_at = now()
    WHERE id = $1`,
);

export const DELETE_SCHEDULE = defineStatement('report-schedules.delete', 'DELETE FROM report_schedule WHERE id = $1');

/** $1 code */
export const PROGRAMME_ID = defineQuery<{ id: string }>('report-schedules.programme-id', 'SELECT id FROM programme WHERE code = $1', { id: true });
/** $1 code */
export const MEETING_ID = defineQuery<{ id: string }>('report-schedules.meeting-id', 'SELECT id FROM meeting WHERE code = $1', { id: true });

/** Recipients as the schedule names them. $1 user ids, $2 the roles that see every organisation */
export const RECIPIENT_CHECKS = defineQuery<{ id: string; is_active: boolean; sees_everything: boolean }>(
  'report-schedules.recipient-checks',
  `SELECT id::text, is_active, roles && $2::user_role[] AS sees_everything FROM app_user WHERE id = ANY($1::uuid[])`,
  { id: true, is_active: true, sees_everything: true },
);

// A run (report-schedule-run.handler.ts).

/** $1 schedule id, $2 tick */
export const INSERT_RUN = defineStatement(
  'report-schedules.insert-run',
  `INSERT INTO report_schedule_run (schedule_id, scheduled_for) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "UQ_report_schedule_run_tick" DO NOTHING`,
);

/** The tick's run, locked while it is worked on. $1 schedule id, $2 tick */
export const LOCK_RUN = defineQuery<{ id: string; status: ReportRunStatus; report_id: string | null }>(
  'report-schedules.lock-run', 'SELECT id, status, report_id FROM report_schedule_run WHERE schedule_id = $1 AND scheduled_for = $2 FOR UPDATE',
  { id: true, status: true, report_id: true },
);

/** Ledger rows not sent yet. $1 keys */
export const PENDING_NOTIFICATIONS = defineQuery<{ id: string }>(
  'report-schedules.pending-notifications', `SELECT id FROM notification WHERE key = ANY($1) AND status = 'pending'`, { id: true },
);

/** $1 user ids */
export const ACTIVE_RECIPIENTS = defineQuery<{ id: string }>(
  'report-schedules.active-recipients', 'SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND is_active', { id: true },
);

/** $1 run, $2 file name, $3 content type, $4 size, $5 sha256, $6 rows, $7 recipients, $8 report */
export const RUN_SENT = defineStatement(
  'report-schedules.run-sent',
  `UPDATE report_schedule_run SET status = 'sent', file_name = $2, content_type = $3, byte_size = $4, sha256 = $5, row_count = $6,
          recipient_count = $7, report_id = $8, error = NULL, finished_at = now()
    WHERE id = $1`,
);

/** $1 schedule id, $2 tick, $3 error */
export const RUN_FAILED = defineStatement(
  'report-schedules.run-failed',
  `UPDATE report_schedule_run SET status = 'failed', error = $3, finished_at = now() WHERE schedule_id = $1 AND scheduled_for = $2 AND status <> 'sent'`,
);

/** A generated kind's report, as of the tick. $1 kind, $2 format, $3 parameters, $4 as of, $5 status, $6 programme, $7 meeting, $8 requested by */
export const INSERT_RUN_REPORT = defineQuery<{ id: string }>(
  'report-schedules.insert-report',
  `INSERT INTO report (kind, format, parameters, as_of, status, programme_id, meeting_id, requested_by_user_id)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
  { id: true },
);

/** $1 run, $2 report */
export const RUN_REPORT = defineStatement('report-schedules.run-report', 'UPDATE report_schedule_run SET report_id = $2 WHERE id = $1');

/** $1 report id */
export const REPORT_FILE = defineQuery<{ status: ReportStatus; file_name: string; content_type: string; byte_size: number; sha256: string; error: string | null }>(
  'report-schedules.report-file', 'SELECT status, file_name, content_type, byte_size, sha256, error FROM report WHERE id = $1',
  { status: true, file_name: true, content_type: true, byte_size: true, sha256: true, error: true },
);

/** Held until the run's transaction ends, so pruning cannot remove a file the run is about to name. $1 lock name */
export const LOCK_FILE = defineQuery<{ pg_advisory_xact_lock: unknown }>(
  'report-schedules.lock-file', 'SELECT pg_advisory_xact_lock(hashtext($1))', { pg_advisory_xact_lock: true },
);

/** The email's facts about a run. $1 run id */
export const RUN_EMAIL = defineQuery<{
  schedule_name: string; kind: ScheduledReportKind; programme_code: string; programme_name: string; as_of_day: string; as_of_time: string;
  file_name: string | null; content_type: string | null; sha256: string | null; row_count: number | null; meeting: string | null;
}>(
  'report-schedules.run-email',
  `SELECT s.name AS schedule_name, s.kind, p.code AS programme_code, p.name AS programme_name,
          to_char(r.scheduled_for AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD') AS as_of_day,
          to_char(r.scheduled_for AT TIME ZONE 'Asia/Taipei', 'HH24:MI') AS as_of_time,
          r.file_name, r.content_type, r.sha256, r.row_count, s.parameters->>'meeting' AS meeting
     FROM report_schedule_run r JOIN report_schedule s ON s.id = r.schedule_id JOIN programme p ON p.id = s.programme_id
    WHERE r.id = $1`,
  {
    schedule_name: true, kind: true, programme_code: true, programme_name: true, as_of_day: true, as_of_time: true, file_name: true, content_type: true,
    sha256: true, row_count: true, meeting: true,
  },
);

// The summaries' rows (report-rows.ts), as of a Taipei date: $1 programme id, $2 the day.

export const PROGRAMME_SUMMARY_ROWS = defineQuery<{
  code: string; name: string; lead: string | null; status: string; light: string | null; light_period: string | null; total: number; overdue: number; accepted: number;
}>(
  'report-schedules.programme-summary',
  `SELECT sp.code, sp.name, lo.name AS lead, sp.status::text AS status, light.colour AS light, light.period AS light_period,
          count(m.id)::int AS total,
          count(m.id) FILTER (WHERE ${milestoneOverdue('$2::date')})::int AS overdue,
          count(m.id) FILTER (WHERE m.status = 'accepted')::int AS accepted
     FROM sub_project sp
     LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
     LEFT JOIN LATERAL (SELECT COALESCE(l.override_colour, l.computed_colour)::text AS colour, l.period FROM status_light l
                         WHERE l.sub_project_id = sp.id AND l.period <= to_char($2::date, 'YYYY-"Q"Q')
                         ORDER BY l.period DESC LIMIT 1) light ON TRUE
     LEFT JOIN milestone m ON m.sub_project_id = sp.id
    WHERE sp.programme_id = $1
    GROUP BY sp.id, lo.name, light.colour, light.period
    ORDER BY sp.code`,
  { code: true, name: true, lead: true, status: true, light: true, light_period: true, total: true, overdue: true, accepted: true },
);

export const OVERDUE_MILESTONE_ROWS = defineQuery<{ sp_code: string; sp_name: string; lead: string | null; code: string; deliverable: string; due: string; days: number }>(
  'report-schedules.overdue-milestones',
  `SELECT sp.code AS sp_code, sp.name AS sp_name, lo.name AS lead, m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due,
          ($2::date - m.due_date)::int AS days
     FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    WHERE sp.programme_id = $1 AND ${milestoneOverdue('$2::date')}
    ORDER BY m.due_date, m.code`,
  { sp_code: true, sp_name: true, lead: true, code: true, deliverable: true, due: true, days: true },
);
