import { defineQuery, defineStatement } from '../database/sql-query.js';
import type { OrganisationRow } from './organisation-names.js';

/** Every SQL statement of imports (checked against the migrated schema by test/sql-queries.int-spec.ts). */

/** Every organisation with its parent's name and all its names. */
export const IMPORT_ORGANISATIONS = defineQuery<OrganisationRow>(
  'imports.organisations',
  `SELECT o.id, o.code, o.name, o.full_name, p.name AS parent_name,
          COALESCE((SELECT array_agg(n.name ORDER BY n.name) FROM organisation_name n WHERE n.organisation_id = o.id), '{}') AS former_names
     FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id`,
  { id: true, code: true, name: true, full_name: true, parent_name: true, former_names: true },
);

export interface ProgrammeRow { id: string; code: string; name: string }
export const IMPORT_PROGRAMMES = defineQuery<ProgrammeRow>(
  'imports.programmes',
  `SELECT id, code, name FROM programme`,
  { id: true, code: true, name: true },
);

export interface AxisRow { id: string; code: string; programme_id: string; seq: number; name: string }
export const IMPORT_AXES = defineQuery<AxisRow>(
  'imports.axes',
  `SELECT id, code, programme_id, seq, name FROM axis`,
  { id: true, code: true, programme_id: true, seq: true, name: true },
);

export interface CategoryRow { id: string; code: string; axis_id: string; seq: number; name: string }
export const IMPORT_CATEGORIES = defineQuery<CategoryRow>(
  'imports.categories',
  `SELECT id, code, axis_id, seq, name FROM axis_category`,
  { id: true, code: true, axis_id: true, seq: true, name: true },
);

export interface ExistingSubProjectRow {
  id: string; code: string; programme_id: string; name: string; lead_organisation_id: string | null; status: string;
  start_year: number | null; end_year: number | null; continuity: string | null; is_flagship: boolean;
  measures: string | null; full_term_target: string | null; remarks: string | null;
  co_organiser_ids: string[]; axis_ids: string[]; marks: string[];
}
/** Sub-projects by code with their co-organisers (in order), axes and marks (`category:mark`, sorted). $1 codes */
export const EXISTING_SUB_PROJECTS = defineQuery<ExistingSubProjectRow>(
  'imports.existing-sub-projects',
  `SELECT sp.id, sp.code, sp.programme_id, sp.name, sp.lead_organisation_id, sp.status::text AS status, sp.start_year, sp.end_year,
          sp.continuity::text AS continuity, sp.is_flagship, sp.measures, sp.full_term_target, sp.remarks,
          COALESCE((SELECT array_agg(c.organisation_id ORDER BY c.seq) FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id), '{}') AS co_organiser_ids,
          COALESCE((SELECT array_agg(a.axis_id ORDER BY a.axis_id) FROM sub_project_axis a WHERE a.sub_project_id = sp.id), '{}') AS axis_ids,
          COALESCE((SELECT array_agg(m.category_id || ':' || m.mark ORDER BY m.category_id || ':' || m.mark) FROM sub_project_category_mark m WHERE m.sub_project_id = sp.id), '{}') AS marks
     FROM sub_project sp WHERE sp.code = ANY($1::varchar[])`,
  {
    id: true, code: true, programme_id: true, name: true, lead_organisation_id: true, status: true, start_year: true, end_year: true,
    continuity: true, is_flagship: true, measures: true, full_term_target: true, remarks: true, co_organiser_ids: true, axis_ids: true, marks: true,
  },
);

export interface SubProjectRefRow { id: string; code: string; programme_id: string; programme_code: string }
/** $1 codes */
export const SUB_PROJECT_REFS = defineQuery<SubProjectRefRow>(
  'imports.sub-project-refs',
  `SELECT sp.id, sp.code, sp.programme_id, p.code AS programme_code FROM sub_project sp JOIN programme p ON p.id = sp.programme_id WHERE sp.code = ANY($1::varchar[])`,
  { id: true, code: true, programme_id: true, programme_code: true },
);

/**
 * Upserts sub-projects; an update only where a column really differs. New ones are drafts of kind `detailed`.
 * $1 codes, $2 programme ids, $3 names, $4 lead ids, $5 start years, $6 end years, $7 continuity, $8 flagship,
 * $9 measures, $10 full-term targets, $11 remarks
 */
export const UPSERT_SUB_PROJECTS = defineQuery<{ id: string; code: string }>(
  'imports.upsert-sub-projects',
  `INSERT INTO sub_project AS t (code, programme_id, kind, name, lead_organisation_id, start_year, end_year, continuity, is_flagship, measures, full_term_target, remarks, note)
   SELECT u.code, u.programme_id, 'detailed', u.name, u.lead, u.start_year, u.end_year, u.continuity, u.flagship, u.measures, u.target, u.remarks, '由試算表匯入'
     FROM unnest($1::varchar[], $2::uuid[], $3::text[], $4::uuid[], $5::int[], $6::int[], $7::sub_project_continuity[], $8::boolean[], $9::text[], $10::text[], $11::text[])
          AS u(code, programme_id, name, lead, start_year, end_year, continuity, flagship, measures, target, remarks)
   ON CONFLICT (code) DO UPDATE SET programme_id = EXCLUDED.programme_id, name = EXCLUDED.name, lead_organisation_id = EXCLUDED.lead_organisation_id,
          start_year = EXCLUDED.start_year, end_year = EXCLUDED.end_year, continuity = EXCLUDED.continuity, is_flagship = EXCLUDED.is_flagship,
          measures = EXCLUDED.measures, full_term_target = EXCLUDED.full_term_target, remarks = EXCLUDED.remarks,
          updated_at = now(), version = t.version + 1
    WHERE (t.programme_id, t.name, t.lead_organisation_id, t.start_year, t.end_year, t.continuity, t.is_flagship, t.measures, t.full_term_target, t.remarks)
          IS DISTINCT FROM (EXCLUDED.programme_id, EXCLUDED.name, EXCLUDED.lead_organisation_id, EXCLUDED.start_year, EXCLUDED.end_year, EXCLUDED.continuity,
                            EXCLUDED.is_flagship, EXCLUDED.measures, EXCLUDED.full_term_target, EXCLUDED.remarks)
   RETURNING id, code`,
  { id: true, code: true },
);

/** $1 sub-project ids */
export const DELETE_CO_ORGANISERS = defineStatement('imports.delete-co-organisers', `DELETE FROM sub_project_co_organiser WHERE sub_project_id = ANY($1::uuid[])`);
/** $1 sub-project ids, $2 organisation ids, $3 seqs */
export const INSERT_CO_ORGANISERS = defineStatement(
  'imports.insert-co-organisers',
  `INSERT INTO sub_project_co_organiser (sub_project_id, organisation_id, seq) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])`,
);
/** $1 sub-project ids */
export const DELETE_AXES = defineStatement('imports.delete-axes', `DELETE FROM sub_project_axis WHERE sub_project_id = ANY($1::uuid[])`);
/** $1 sub-project ids, $2 axis ids */
export const INSERT_AXES = defineStatement(
  'imports.insert-axes',
  `INSERT INTO sub_project_axis (sub_project_id, axis_id, source) SELECT s, a, '匯入' FROM unnest($1::uuid[], $2::uuid[]) AS u(s, a)`,
);
/** $1 sub-project ids */
export const DELETE_MARKS = defineStatement('imports.delete-marks', `DELETE FROM sub_project_category_mark WHERE sub_project_id = ANY($1::uuid[])`);
/** $1 sub-project ids, $2 category ids, $3 marks */
export const INSERT_MARKS = defineStatement(
  'imports.insert-marks',
  `INSERT INTO sub_project_category_mark (sub_project_id, category_id, mark) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::category_mark[])`,
);

export interface ExistingMilestoneRow {
  id: string; code: string; sub_project_id: string; seq: number; fiscal_year: number | null; due_date: string; deliverable: string; status: string;
}
/** Milestones by code, and every milestone of the given sub-projects (for keys by sequence). $1 codes, $2 sub-project ids */
export const EXISTING_MILESTONES = defineQuery<ExistingMilestoneRow>(
  'imports.existing-milestones',
  `SELECT id, code, sub_project_id, seq, fiscal_year, to_char(due_date, 'YYYY-MM-DD') AS due_date, deliverable, status::text AS status
     FROM milestone WHERE code = ANY($1::varchar[]) OR sub_project_id = ANY($2::uuid[])`,
  { id: true, code: true, sub_project_id: true, seq: true, fiscal_year: true, due_date: true, deliverable: true, status: true },
);

/** $1 codes, $2 sub-project ids, $3 seqs, $4 fiscal years, $5 due dates, $6 deliverables */
export const UPSERT_MILESTONES = defineQuery<{ code: string }>(
  'imports.upsert-milestones',
  `INSERT INTO milestone AS t (code, sub_project_id, seq, fiscal_year, due_date, deliverable, source)
   SELECT u.code, u.sp, u.seq, u.fy, u.due, u.deliverable, '匯入'
     FROM unnest($1::varchar[], $2::uuid[], $3::int[], $4::int[], $5::date[], $6::text[]) AS u(code, sp, seq, fy, due, deliverable)
   ON CONFLICT (code) DO UPDATE SET seq = EXCLUDED.seq, fiscal_year = EXCLUDED.fiscal_year, due_date = EXCLUDED.due_date, deliverable = EXCLUDED.deliverable,
          updated_at = now(), version = t.version + 1
    WHERE (t.seq, t.fiscal_year, t.due_date, t.deliverable) IS DISTINCT FROM (EXCLUDED.seq, EXCLUDED.fiscal_year, EXCLUDED.due_date, EXCLUDED.deliverable)
   RETURNING code`,
  { code: true },
);

export interface ExistingBudgetRow { id: string; sub_project_id: string; fiscal_year: number; kind: string; allocated: string; executed: string | null }
/** $1 sub-project ids */
export const EXISTING_BUDGET_LINES = defineQuery<ExistingBudgetRow>(
  'imports.existing-budget-lines',
  `SELECT id, sub_project_id, fiscal_year, kind::text AS kind, allocated::text AS allocated, executed::text AS executed
     FROM budget_line WHERE sub_project_id = ANY($1::uuid[])`,
  { id: true, sub_project_id: true, fiscal_year: true, kind: true, allocated: true, executed: true },
);

/** $1 ids, $2 allocated, $3 executed */
export const UPDATE_BUDGET_LINES = defineStatement(
  'imports.update-budget-lines',
  `UPDATE budget_line b SET allocated = u.allocated, executed = u.executed
     FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS u(id, allocated, executed)
    WHERE b.id = u.id AND (b.allocated, b.executed) IS DISTINCT FROM (u.allocated, u.executed)`,
);

/** $1 codes, $2 programme ids, $3 sub-project ids, $4 years, $5 kinds, $6 allocated, $7 executed */
export const INSERT_BUDGET_LINES = defineStatement(
  'imports.insert-budget-lines',
  `INSERT INTO budget_line (code, programme_id, sub_project_id, fiscal_year, kind, allocated, executed, source)
   SELECT u.code, u.p, u.sp, u.y, u.k, u.a, u.e, '匯入'
     FROM unnest($1::varchar[], $2::uuid[], $3::uuid[], $4::int[], $5::budget_kind[], $6::numeric[], $7::numeric[]) AS u(code, p, sp, y, k, a, e)`,
);

export interface IndicatorRefRow { id: string; code: string }
/** $1 codes */
export const INDICATOR_REFS = defineQuery<IndicatorRefRow>(
  'imports.indicator-refs',
  `SELECT id, code FROM indicator WHERE code = ANY($1::varchar[])`,
  { id: true, code: true },
);

export interface ExistingTargetRow { id: string; indicator_id: string; year: number | null; value: string | null; comparator: string; note: string | null }
/** $1 indicator ids */
export const EXISTING_TARGETS = defineQuery<ExistingTargetRow>(
  'imports.existing-targets',
  `SELECT id, indicator_id, year, value::text AS value, comparator::text AS comparator, note FROM indicator_target WHERE indicator_id = ANY($1::uuid[])`,
  { id: true, indicator_id: true, year: true, value: true, comparator: true, note: true },
);

/** $1 ids, $2 values, $3 comparators, $4 notes */
export const UPDATE_TARGETS = defineStatement(
  'imports.update-targets',
  `UPDATE indicator_target t SET value = u.value, comparator = u.comparator, note = u.note
     FROM unnest($1::uuid[], $2::numeric[], $3::target_comparator[], $4::text[]) AS u(id, value, comparator, note)
    WHERE t.id = u.id AND (t.value, t.comparator, t.note) IS DISTINCT FROM (u.value, u.comparator, u.note)`,
);

/** $1 indicator ids, $2 years, $3 values, $4 comparators, $5 notes */
export const INSERT_TARGETS = defineStatement(
  'imports.insert-targets',
  `INSERT INTO indicator_target (indicator_id, year, value, comparator, note)
   SELECT * FROM unnest($1::uuid[], $2::int[], $3::numeric[], $4::target_comparator[], $5::text[])`,
);

/** Sessions left unconfirmed after they expired, with their rows. */
export const DELETE_EXPIRED_SESSIONS = defineStatement(
  'imports.delete-expired-sessions',
  `DELETE FROM import_session WHERE confirmed_at IS NULL AND expires_at < now()`,
);

/** $1 kind, $2 file name, $3 sha256, $4 bytes, $5 format, $6 encoding, $7 sheet name, $8 columns (JSON), $9 summary (JSON), $10 user, $11 lifetime in seconds */
export const INSERT_SESSION = defineQuery<{ id: string; expires_at: Date }>(
  'imports.insert-session',
  `INSERT INTO import_session (kind, file_name, file_sha256, file_bytes, format, encoding, sheet_name, columns, summary, created_by, expires_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, now() + make_interval(secs => $11::int))
   RETURNING id, expires_at`,
  { id: true, expires_at: true },
);

/**
 * $1 session, $2 the rows as one JSON array of { row_no, key, action, changes, problems, record } (changes and problems
 * left out when empty). One document rather than seven text arrays: the driver escapes every element of an array into
 * a new string, which made most of a preview's garbage.
 */
export const INSERT_SESSION_ROWS = defineStatement(
  'imports.insert-session-rows',
  `INSERT INTO import_session_row (session_id, row_no, key, action, changes, problems, record)
   SELECT $1::uuid, u.row_no, u.key, u.action, coalesce(u.changes, '[]'), coalesce(u.problems, '[]'), u.record
     FROM jsonb_to_recordset($2::jsonb) AS u(row_no int, key text, action varchar, changes jsonb, problems jsonb, record jsonb)`,
);

export interface SessionRow {
  id: string; kind: string; file_name: string; file_sha256: string; file_bytes: number; format: string; encoding: string | null; sheet_name: string | null;
  columns: Record<string, string>; summary: Record<string, number>; created_at: Date; expires_at: Date; confirmed_at: Date | null; result: Record<string, number> | null;
  expired: boolean;
}
/** One of the caller's sessions. $1 id, $2 user */
export const SESSION_OF_USER = defineQuery<SessionRow>(
  'imports.session-of-user',
  `SELECT id, kind, file_name, file_sha256, file_bytes, format, encoding, sheet_name, columns, summary, created_at, expires_at, confirmed_at, result,
          (confirmed_at IS NULL AND expires_at <= now()) AS expired
     FROM import_session WHERE id = $1::uuid AND created_by = $2::uuid`,
  {
    id: true, kind: true, file_name: true, file_sha256: true, file_bytes: true, format: true, encoding: true, sheet_name: true, columns: true,
    summary: true, created_at: true, expires_at: true, confirmed_at: true, result: true, expired: true,
  },
);

/** Claims the session for its confirm (in the confirm's transaction: a rollback releases it). $1 id, $2 user */
export const CLAIM_SESSION = defineQuery<{ id: string }>(
  'imports.claim-session',
  `UPDATE import_session SET confirmed_at = now() WHERE id = $1::uuid AND created_by = $2::uuid AND confirmed_at IS NULL AND expires_at > now() RETURNING id`,
  { id: true },
);

/** The preview's counts, once every row is stored. $1 session, $2 summary (JSON) */
export const SET_SESSION_SUMMARY = defineStatement('imports.set-session-summary', `UPDATE import_session SET summary = $2::jsonb WHERE id = $1::uuid`);

/** $1 id, $2 result (JSON) */
export const SET_SESSION_RESULT = defineStatement('imports.set-session-result', `UPDATE import_session SET result = $2::jsonb WHERE id = $1::uuid`);

export interface StoredRow { row_no: number; key: string | null; action: string; changes: unknown[]; problems: unknown[]; record: Record<string, unknown> | null }
/** Every row of a session in file order (confirm re-plans them). $1 session */
export const SESSION_ROWS = defineQuery<StoredRow>(
  'imports.session-rows',
  `SELECT row_no, key, action, changes, problems, record FROM import_session_row WHERE session_id = $1::uuid ORDER BY row_no`,
  { row_no: true, key: true, action: true, changes: true, problems: true, record: true },
);

/**
 * A page of a session's rows for the preview screen. $1 session, $2 filter (all, problems, create, update, unchanged, invalid), $3 offset, $4 limit
 */
export const SESSION_ROWS_PAGE = defineQuery<StoredRow & { total: string }>(
  'imports.session-rows-page',
  `SELECT row_no, key, action, changes, problems, NULL::jsonb AS record, count(*) OVER ()::text AS total
     FROM import_session_row
    WHERE session_id = $1::uuid
      AND ($2::text = 'all' OR ($2::text = 'problems' AND jsonb_array_length(problems) > 0) OR action = $2::text)
    ORDER BY row_no OFFSET $3::int LIMIT $4::int`,
  { row_no: true, key: true, action: true, changes: true, problems: true, record: true, total: true },
);
