import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { SubmissionStatus } from './submission.entity.js';

/**
 * Every SQL statement of submissions, each with the columns it returns (checked against the migrated
 * schema by test/sql-queries.int-spec.ts). Record timestamps (created_at, updated_at, submitted_at,
 * decided_at, a review's at) are database time.
 */

export interface SubmissionRow {
  id: string; sub_project_id: string; milestone_id: string | null; period: string; status: SubmissionStatus; revision: number; version: number;
  created_at: Date; updated_at: Date; submitted_at: Date | null; decided_at: Date | null;
  sp_code: string; sp_name: string; sp_status: string; programme_id: string;
  lead_id: string | null; lead_code: string | null; lead_name: string | null; co_organiser_ids: string[];
  m_code: string | null; m_deliverable: string | null; m_due_date: string | null; m_status: string | null;
  /** The newest revision a supervisor sent to the secretariat (what the secretariat may read). */
  approved_revision: number | null;
}

const SUBMISSION_COLUMNS = {
  id: true, sub_project_id: true, milestone_id: true, period: true, status: true, revision: true, version: true,
  created_at: true, updated_at: true, submitted_at: true, decided_at: true, sp_code: true, sp_name: true, sp_status: true, programme_id: true,
  lead_id: true, lead_code: true, lead_name: true, co_organiser_ids: true, m_code: true, m_deliverable: true, m_due_date: true, m_status: true,
  approved_revision: true,
} as const;

const SUBMISSION_SELECT = `
  SELECT s.id, s.sub_project_id, s.milestone_id, s.period, s.status, s.revision, s.version,
         s.created_at, s.updated_at, s.submitted_at, s.decided_at,
         sp.code AS sp_code, sp.name AS sp_name, sp.status AS sp_status, sp.programme_id,
         sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids,
         m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due_date, m.status AS m_status,
         (SELECT max(r.revision) FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'approve') AS approved_revision`;

const SUBMISSION_FROM = `
    FROM submission s
    JOIN sub_project sp ON sp.id = s.sub_project_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN milestone m ON m.id = s.milestone_id`;

/** $1 submission id */
export const SUBMISSION_BY_ID = defineQuery<SubmissionRow>('submissions.by-id', `${SUBMISSION_SELECT} ${SUBMISSION_FROM} WHERE s.id = $1`, SUBMISSION_COLUMNS);

/** The row, locked for the transaction's change. $1 submission id */
export const LOCK_SUBMISSION = defineQuery<SubmissionRow>('submissions.lock', `${SUBMISSION_SELECT} ${SUBMISSION_FROM} WHERE s.id = $1 FOR UPDATE OF s`, SUBMISSION_COLUMNS);

/**
 * A page of submissions in (created_at, id) order, with the key to continue after each row. `where` is SQL
 * built by the caller with its own placeholders (the caller's scope and filters); the last one is the limit.
 */
export const SUBMISSION_PAGE = defineQueryBuilder<SubmissionRow & { created_key: string }, [where: string, limit: string]>(
  'submissions.page',
  (where, limit) => `${SUBMISSION_SELECT}, to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key ${SUBMISSION_FROM}
    WHERE ${where} ORDER BY s.created_at, s.id LIMIT ${limit}`,
  { ...SUBMISSION_COLUMNS, created_key: true },
  [['TRUE', '$1'], ['s.status = $1 AND (s.created_at, s.id) > ($2::timestamptz, $3::uuid)', '$4']],
);

export interface RevisionRow {
  revision: number; created_at: Date; content: Record<string, unknown>; created_by: string; display_name: string | null;
}

const REVISION_COLUMNS = { revision: true, created_at: true, content: true, created_by: true, display_name: true } as const;

/** $1 submission id, $2 the newest revision the caller may read */
export const REVISIONS_UP_TO = defineQuery<RevisionRow>(
  'submissions.revisions-up-to',
  `SELECT r.revision, r.created_at, r.content, r.created_by, u.display_name
     FROM submission_revision r LEFT JOIN app_user u ON u.id = r.created_by
    WHERE r.submission_id = $1 AND r.revision <= $2 ORDER BY r.revision`,
  REVISION_COLUMNS,
);

/** $1 submission id, $2 revision */
export const REVISION = defineQuery<RevisionRow>(
  'submissions.revision',
  `SELECT r.revision, r.created_at, r.content, r.created_by, u.display_name
     FROM submission_revision r LEFT JOIN app_user u ON u.id = r.created_by
    WHERE r.submission_id = $1 AND r.revision = $2`,
  REVISION_COLUMNS,
);

/** $1 submission id, $2 revision */
export const REVISION_CONTENT = defineQuery<{ content: Record<string, unknown> }>(
  'submissions.revision-content', `SELECT content FROM submission_revision WHERE submission_id = $1 AND revision = $2`, { content: true },
);

export interface ReviewRow {
  action: string; comment: string | null; at: Date; revision: number; actor_user_id: string; display_name: string | null;
}

/** The review steps of the revisions the caller may read. $1 submission id, $2 newest readable revision */
export const REVIEWS_UP_TO = defineQuery<ReviewRow>(
  'submissions.reviews-up-to',
  `SELECT r.action, r.comment, r.at, r.revision, r.actor_user_id, u.display_name
     FROM submission_review r LEFT JOIN app_user u ON u.id = r.actor_user_id
    WHERE r.submission_id = $1 AND r.revision <= $2 ORDER BY r.at, r.id`,
  { action: true, comment: true, at: true, revision: true, actor_user_id: true, display_name: true },
);

export interface EvidenceRow {
  id: string; filename: string; content_type: string; size_bytes: string; sha256: string; storage_key: string; created_at: Date;
  uploaded_by: string; uploader_name: string | null; org_code: string | null; org_name: string | null;
}

const EVIDENCE_COLUMNS = {
  id: true, filename: true, content_type: true, size_bytes: true, sha256: true, storage_key: true, created_at: true,
  uploaded_by: true, uploader_name: true, org_code: true, org_name: true,
} as const;

const EVIDENCE_SELECT = `
  SELECT e.id, e.filename, e.content_type, e.size_bytes, e.sha256, e.storage_key, e.created_at,
         e.uploaded_by, u.display_name AS uploader_name, o.code AS org_code, o.name AS org_name
    FROM evidence_file e
    LEFT JOIN app_user u ON u.id = e.uploaded_by
    LEFT JOIN organisation o ON o.id = e.organisation_id`;

/** $1 evidence ids (uuid[]) */
export const EVIDENCE_BY_IDS = defineQuery<EvidenceRow>('submissions.evidence-by-ids', `${EVIDENCE_SELECT} WHERE e.id = ANY($1::uuid[])`, EVIDENCE_COLUMNS);

/** An evidence file with the submission it belongs to. $1 evidence id */
export const EVIDENCE_FILE = defineQuery<EvidenceRow & { submission_id: string }>(
  'submissions.evidence-file',
  `${EVIDENCE_SELECT.replace('SELECT e.id,', 'SELECT e.submission_id, e.id,')} WHERE e.id = $1`,
  { ...EVIDENCE_COLUMNS, submission_id: true },
);

/** Files of a submission no revision lists yet (uploaded since the last save), oldest first. $1 submission id */
export const PENDING_EVIDENCE = defineQuery<EvidenceRow>(
  'submissions.pending-evidence',
  `${EVIDENCE_SELECT}
    WHERE e.submission_id = $1
      AND NOT EXISTS (SELECT 1 FROM submission_revision r WHERE r.submission_id = e.submission_id AND r.content->'evidence' ? e.id::text)
    ORDER BY e.created_at, e.id`,
  EVIDENCE_COLUMNS,
);

/** Whether a revision up to the readable one lists the file. $1 submission id, $2 newest readable revision, $3 evidence id (text) */
export const EVIDENCE_LISTED = defineQuery<{ listed: number }>(
  'submissions.evidence-listed',
  `SELECT 1 AS listed FROM submission_revision WHERE submission_id = $1 AND revision <= $2 AND content->'evidence' ? $3 LIMIT 1`,
  { listed: true },
);

/** $1 submission id */
export const EVIDENCE_IDS_OF_SUBMISSION = defineQuery<{ id: string }>(
  'submissions.evidence-ids', `SELECT id FROM evidence_file WHERE submission_id = $1`, { id: true },
);

/** $1 submission id, $2 uploaded by, $3 organisation, $4 filename, $5 content type, $6 size, $7 sha256, $8 storage key */
export const INSERT_EVIDENCE = defineQuery<{ id: string }>(
  'submissions.insert-evidence',
  `INSERT INTO evidence_file (submission_id, uploaded_by, organisation_id, filename, content_type, size_bytes, sha256, storage_key)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
  { id: true },
);

export interface DraftingSubProjectRow {
  id: string; code: string; status: string; programme_id: string; lead_id: string | null; lead_name: string | null; co_organiser_ids: string[];
}

/** The sub-project a draft is for, locked so that two drafts of one milestone or period cannot both pass the check. $1 code */
export const LOCK_SUB_PROJECT_FOR_DRAFT = defineQuery<DraftingSubProjectRow>(
  'submissions.lock-sub-project',
  `SELECT sp.id, sp.code, sp.status, sp.programme_id, sp.lead_organisation_id AS lead_id, lo.name AS lead_name,
          ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
     FROM sub_project sp LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    WHERE sp.code = $1 FOR NO KEY UPDATE OF sp`,
  { id: true, code: true, status: true, programme_id: true, lead_id: true, lead_name: true, co_organiser_ids: true },
);

/** $1 milestone code */
export const MILESTONE_FOR_DRAFT = defineQuery<{ id: string; sub_project_id: string; due_date: string }>(
  'submissions.milestone',
  `SELECT id, sub_project_id, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM milestone WHERE code = $1`,
  { id: true, sub_project_id: true, due_date: true },
);

/** $1 milestone id */
export const SUBMISSION_OF_MILESTONE = defineQuery<{ id: string }>(
  'submissions.of-milestone', `SELECT id FROM submission WHERE milestone_id = $1`, { id: true },
);

/** $1 sub-project id, $2 period */
export const SUBMISSION_OF_PERIOD = defineQuery<{ id: string }>(
  'submissions.of-period', `SELECT id FROM submission WHERE sub_project_id = $1 AND period = $2 AND milestone_id IS NULL`, { id: true },
);

/** The organisations of a sub-project, by its code: a list filter names only what the caller may see. $1 sub-project code */
export const SUB_PROJECT_PARTIES_BY_CODE = defineQuery<{ lead_id: string | null; co_organiser_ids: string[] }>(
  'submissions.sub-project-parties',
  `SELECT sp.lead_organisation_id AS lead_id, ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
     FROM sub_project sp WHERE sp.code = $1`,
  { lead_id: true, co_organiser_ids: true },
);
/** The organisations of a milestone's sub-project, by the milestone's code. $1 milestone code */
export const MILESTONE_PARTIES_BY_CODE = defineQuery<{ lead_id: string | null; co_organiser_ids: string[] }>(
  'submissions.milestone-parties',
  `SELECT sp.lead_organisation_id AS lead_id, ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
     FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE m.code = $1`,
  { lead_id: true, co_organiser_ids: true },
);

/** Indicators of the sub-project or its programme among the codes. $1 codes, $2 sub-project id, $3 programme id */
export const KNOWN_INDICATORS = defineQuery<{ code: string }>(
  'submissions.known-indicators',
  `SELECT code FROM indicator WHERE code = ANY($1) AND (sub_project_id = $2 OR (sub_project_id IS NULL AND programme_id = $3))`,
  { code: true },
);

/**
 * $1 sub-project id, $2 milestone id, $3 period, $4 progress, $5 narrative, $6 indicator actuals (json),
 * $7 budget executed, $8 budget year, $9 created by
 */
export const INSERT_SUBMISSION = defineQuery<{ id: string }>(
  'submissions.insert',
  `INSERT INTO submission (sub_project_id, milestone_id, period, status, revision, progress_percent, narrative, indicator_actuals,
                           budget_executed, budget_year, created_by)
   VALUES ($1, $2, $3, 'draft', 1, $4, $5, $6, $7, $8, $9) RETURNING id`,
  { id: true },
);

/** $1 submission id, $2 revision, $3 content (json), $4 created by */
export const INSERT_REVISION = defineStatement(
  'submissions.insert-revision', `INSERT INTO submission_revision (submission_id, revision, content, created_by) VALUES ($1, $2, $3, $4)`,
);

/**
 * The submission row mirrors its newest revision's figures (for lists and dashboards).
 * $1 id, $2 revision, $3 progress, $4 narrative, $5 indicator actuals (json), $6 budget executed, $7 budget year, $8 version increment (0 or 1)
 */
export const SAVE_CONTENT = defineStatement(
  'submissions.save-content',
  `UPDATE submission SET revision = $2, progress_percent = $3, narrative = $4, indicator_actuals = $5, budget_executed = $6, budget_year = $7,
          version = version + $8::int, updated_at = now()
    WHERE id = $1`,
);

/** $1 id, $2 status, $3 revision, $4 stamps submitted_at, $5 stamps decided_at */
export const MOVE_SUBMISSION = defineStatement(
  'submissions.move',
  `UPDATE submission SET status = $2, revision = $3, version = version + 1, updated_at = now(),
          submitted_at = CASE WHEN $4::boolean THEN now() ELSE submitted_at END,
          decided_at = CASE WHEN $5::boolean THEN now() ELSE decided_at END
    WHERE id = $1`,
);

/** $1 submission id, $2 revision, $3 action, $4 comment, $5 actor */
export const INSERT_REVIEW = defineStatement(
  'submissions.insert-review',
  `INSERT INTO submission_review (submission_id, revision, action, comment, actor_user_id) VALUES ($1, $2, $3, $4, $5)`,
);

/** The milestone follows its submission. $1 milestone id, $2 status */
export const MOVE_MILESTONE = defineStatement(
  'submissions.move-milestone', `UPDATE milestone SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`,
);
