import { type Scope, subProjectInScope } from '../access/scope.js';
import { sqlParams } from '../common/sql-params.js';
import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { ReportFormat, ReportKind, ReportStatus } from './report.entity.js';

/** Reports' SQL: requests, reading, the job and retention (checked against the schema by test/sql-queries.int-spec.ts). */

const REPORT_COLUMN_LIST = `r.id, r.kind, r.format, r.parameters, r.as_of, r.status, r.programme_id, r.sub_project_id, r.meeting_id, r.file_name,
  r.content_type, r.byte_size, r.sha256, r.error, r.requested_by_user_id, r.created_at, r.started_at, r.finished_at`;

export interface ReportRow {
  id: string; kind: ReportKind; format: ReportFormat; parameters: Record<string, unknown>; as_of: Date; status: ReportStatus;
  programme_id: string | null; sub_project_id: string | null; meeting_id: string | null; file_name: string | null; content_type: string | null;
  byte_size: number | null; sha256: string | null; error: string | null; requested_by_user_id: string | null; created_at: Date;
  started_at: Date | null; finished_at: Date | null;
}
const REPORT_COLUMNS = {
  id: true, kind: true, format: true, parameters: true, as_of: true, status: true, programme_id: true, sub_project_id: true, meeting_id: true,
  file_name: true, content_type: true, byte_size: true, sha256: true, error: true, requested_by_user_id: true, created_at: true, started_at: true,
  finished_at: true,
} as const;

/** A report, and whether the caller's scope covers its sub-project (for ministry users). */
export const READABLE_REPORT = defineQueryBuilder<ReportRow & { in_scope: boolean }, [{ id: string; scope: Scope }]>(
  'reports.readable',
  (f) => {
    const { values: params, param } = sqlParams();
    const id = param(f.id);
    return {
      text: `SELECT ${REPORT_COLUMN_LIST},
                    ((r.sub_project_id IS NOT NULL AND EXISTS (SELECT 1 FROM sub_project sp WHERE sp.id = r.sub_project_id AND ${subProjectInScope(f.scope, param)}))
                     OR ${organisationReportInScope(f.scope, param)}) AS in_scope
               FROM report r WHERE r.id = ${id}`,
      params,
    };
  },
  { ...REPORT_COLUMNS, in_scope: true },
  [[{ id: '00000000-0000-4000-8000-000000000000', scope: { all: true } }], [{ id: '00000000-0000-4000-8000-000000000000', scope: { all: false, organisationIds: [] } }]],
);

/**
 * A page of reports, newest first, keyset-paginated on (requested at, id). `visible` is the caller's
 * visibility condition on alias r, written with the same `param`.
 */
export const REPORT_PAGE = defineQueryBuilder<
  ReportRow & { in_scope: boolean; cursor_at: string },
  [{ visible: (param: (value: unknown) => string) => string; kind?: string; programmeId?: string; after?: { at: string; id: string }; limit: number }]
>(
  'reports.page',
  (f) => {
    const { values: params, param } = sqlParams();
    const where = [f.visible(param)];
    if (f.kind) where.push(`r.kind = ${param(f.kind)}`);
    if (f.programmeId) where.push(`r.programme_id = ${param(f.programmeId)}`);
    if (f.after) where.push(`(r.created_at, r.id) < (${param(f.after.at)}::timestamptz, ${param(f.after.id)}::uuid)`);
    return {
      text: `SELECT ${REPORT_COLUMN_LIST}, TRUE AS in_scope, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
               FROM report r WHERE ${where.join(' AND ')}
              ORDER BY r.created_at DESC, r.id DESC LIMIT ${param(f.limit + 1)}`,
      params,
    };
  },
  { ...REPORT_COLUMNS, in_scope: true, cursor_at: true },
  [
    [{ visible: () => 'TRUE', limit: 25 }],
    [{
      visible: (param) => ministryReportsSql(['budget'], { all: false, organisationIds: [] }, param), kind: 'budget', programmeId: '00000000-0000-4000-8000-000000000000',
      after: { at: '2026-01-01T00:00:00Z', id: '00000000-0000-4000-8000-000000000000' }, limit: 25,
    }],
  ],
);

/**
 * SQL keeping the reports (alias r) a ministry user reads: about a sub-project in its scope and of
 * no programme-wide kind, or about its own organisation (or a unit under it).
 */
export function ministryReportsSql(programmeWideKinds: readonly string[], scope: Scope, param: (value: unknown) => string): string {
  return `((r.kind <> ALL(${param(programmeWideKinds)}::text[]) AND EXISTS (SELECT 1 FROM sub_project sp WHERE sp.id = r.sub_project_id AND ${subProjectInScope(scope, param)}))
           OR ${organisationReportInScope(scope, param)})`;
}

/** SQL: the report (alias r) is about one organisation (parameters.organisationId) within the scope. */
function organisationReportInScope(scope: Scope, param: (value: unknown) => string): string {
  if (scope.all) return `(r.parameters ? 'organisationId')`;
  return `(r.parameters->>'organisationId' = ANY(${param(scope.organisationIds)}::text[]))`;
}

/**
 * A user's reports waiting for or being generated (gate packets excluded: scheduling a gate review
 * requests them). $1 user id, $2 kinds not counted
 */
export const PENDING_REPORTS_OF_USER = defineQuery<{ pending: number }>(
  'reports.pending-of-user',
  `SELECT count(*)::int AS pending FROM report WHERE requested_by_user_id = $1 AND status IN ('queued', 'running') AND kind <> ALL($2::text[])`,
  { pending: true },
);

/** Serialises one user's report requests, so two at once cannot both pass the limit. $1 lock name */
export const LOCK_USER_REQUESTS = defineQuery<{ pg_advisory_xact_lock: unknown }>('reports.lock-user-requests', 'SELECT pg_advisory_xact_lock(hashtext($1))', { pg_advisory_xact_lock: true });

/** An organisation by code. $1 code */
export const ORGANISATION_BY_CODE = defineQuery<{ id: string; code: string; name: string }>(
  'reports.organisation-by-code', 'SELECT id, code, name FROM organisation WHERE code = $1', { id: true, code: true, name: true },
);

/** An organisation by id. $1 id */
export const ORGANISATION_BY_ID = defineQuery<{ id: string; code: string; name: string }>(
  'reports.organisation-by-id', 'SELECT id, code, name FROM organisation WHERE id = $1', { id: true, code: true, name: true },
);

/** Whether a sub-project is within the scope. */
export const SUB_PROJECT_IN_SCOPE = defineQueryBuilder<{ in_scope: number }, [{ subProjectId: string; scope: Scope }]>(
  'reports.sub-project-in-scope',
  (f) => {
    const { values: params, param } = sqlParams();
    return { text: `SELECT 1 AS in_scope FROM sub_project sp WHERE sp.id = ${param(f.subProjectId)} AND ${subProjectInScope(f.scope, param)}`, params };
  },
  { in_scope: true },
  [[{ subProjectId: '00000000-0000-4000-8000-000000000000', scope: { all: false, organisationIds: [] } }]],
);

// What a request names, by code ($1).
export const PROGRAMME_ID = defineQuery<{ id: string }>('reports.programme-id', 'SELECT id FROM programme WHERE code = $1', { id: true });
export const MEETING_ID = defineQuery<{ id: string }>('reports.meeting-id', 'SELECT id FROM meeting WHERE code = $1', { id: true });
export const SUB_PROJECT_ID = defineQuery<{ id: string; programme_id: string }>(
  'reports.sub-project-id', 'SELECT id, programme_id FROM sub_project WHERE code = $1', { id: true, programme_id: true },
);

/** $1 kind, $2 format, $3 parameters, $4 as of, $5 status, $6 programme, $7 sub-project, $8 meeting, $9 requested by */
export const INSERT_REPORT = defineQuery<{ id: string }>(
  'reports.insert',
  `INSERT INTO report (kind, format, parameters, as_of, status, programme_id, sub_project_id, meeting_id, requested_by_user_id)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
  { id: true },
);

// The report job (report-generate.handler.ts).

/** $1 report id */
export const LOCK_REPORT = defineQuery<ReportRow>('reports.lock', `SELECT ${REPORT_COLUMN_LIST} FROM report r WHERE r.id = $1 FOR UPDATE`, REPORT_COLUMNS);
/** $1 report id */
export const REPORT_RUNNING = defineStatement('reports.running', `UPDATE report SET status = 'running', started_at = now(), error = NULL WHERE id = $1`);
/** $1 report id, $2 error */
export const REPORT_FAILED = defineStatement('reports.failed', `UPDATE report SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status <> 'ready'`);
/** $1 report id */
export const LOCK_REPORT_STATUS = defineQuery<{ status: ReportStatus }>('reports.lock-status', 'SELECT status FROM report WHERE id = $1 FOR UPDATE', { status: true });
/** $1 report id, $2 file name, $3 content type, $4 size, $5 sha256 */
export const REPORT_READY = defineStatement(
  'reports.ready',
  `UPDATE report SET status = 'ready', file_name = $2, content_type = $3, byte_size = $4, sha256 = $5, error = NULL, finished_at = now() WHERE id = $1`,
);

/** The lock on a stored file while a writer names it or pruning removes it. $1 lock name */
export const LOCK_FILE = defineQuery<{ pg_advisory_xact_lock: unknown }>('reports.lock-file', 'SELECT pg_advisory_xact_lock(hashtext($1))', { pg_advisory_xact_lock: true });

// Retention (report-prune.handler.ts).

/**
 * Deletes the finished reports older than $1 and returns their files' checksums. A SELECT over the
 * DELETE: TypeORM answers a bare DELETE … RETURNING with [rows, count].
 */
export const PRUNE_REPORTS = defineQuery<{ sha256: string | null }>(
  'reports.prune',
  `WITH gone AS (DELETE FROM report WHERE status IN ('ready', 'failed') AND COALESCE(finished_at, created_at) < $1 RETURNING sha256)
   SELECT sha256 FROM gone`,
  { sha256: true },
);

/** Whether a report or a schedule run still names the file. $1 sha256 */
export const FILE_IN_USE = defineQuery<{ used: number }>(
  'reports.file-in-use',
  `SELECT 1 AS used FROM report WHERE sha256 = $1 UNION ALL SELECT 1 FROM report_schedule_run WHERE sha256 = $1 LIMIT 1`,
  { used: true },
);
