import type { Tx } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { readContent, type SubmissionContent } from './submission.content.js';
import {
  EVIDENCE_BY_IDS, type EvidenceRow, INSERT_REVISION, LOCK_SUBMISSION, PENDING_EVIDENCE, REVISION, REVISION_CONTENT, type RevisionRow, SAVE_CONTENT,
  SUBMISSION_BY_ID, type SubmissionRow,
} from './submissions.queries.js';

/** Loading and saving a submission's rows, shared by its use cases (the SQL is in submissions.queries.ts). */

export async function loadSubmission(db: DbHandle, id: string): Promise<SubmissionRow> {
  const row = await rowOf(db, SUBMISSION_BY_ID, [id]);
  if (!row) throw AppError.notFound('submission', id);
  return row;
}

/** The row, locked for this transaction's change. */
export async function lockSubmission(tx: Tx, id: string): Promise<SubmissionRow> {
  const row = await rowOf(tx, LOCK_SUBMISSION, [id]);
  if (!row) throw AppError.notFound('submission', id);
  return row;
}

export async function currentContent(db: DbHandle, row: SubmissionRow): Promise<SubmissionContent> {
  return readContent((await rowOf(db, REVISION_CONTENT, [row.id, row.revision]))?.content);
}

/** Files of this submission no revision lists yet (uploaded since the last save), oldest first. */
export function pendingEvidence(db: DbHandle, submissionId: string): Promise<EvidenceRow[]> {
  return rowsOf(db, PENDING_EVIDENCE, [submissionId]);
}

/** The content with the pending files appended; the same object when there are none. */
export async function withPendingEvidence(db: DbHandle, row: SubmissionRow, content: SubmissionContent): Promise<SubmissionContent> {
  const pending = (await pendingEvidence(db, row.id)).map((e) => e.id).filter((e) => !content.evidence.includes(e));
  return pending.length ? { ...content, evidence: [...content.evidence, ...pending] } : content;
}

/** Evidence rows in the order of `ids` (each once; ids with no file left out). */
export async function evidenceRows(db: DbHandle, ids: string[]): Promise<EvidenceRow[]> {
  if (ids.length === 0) return [];
  const rows = await rowsOf(db, EVIDENCE_BY_IDS, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...new Set(ids)].map((i) => byId.get(i)).filter((r): r is EvidenceRow => !!r);
}

/** A revision the caller may read (up to `readable`), or 404 naming which of the asked revisions (`field`) is missing. */
export async function readableRevisionRow(db: DbHandle, id: string, revision: number, readable: number, field = 'revision'): Promise<RevisionRow> {
  const found = revision > readable ? undefined : await rowOf(db, REVISION, [id, revision]);
  if (!found) throw new AppError('NOT_FOUND', `Submission "${id}" has no revision ${revision}${field === 'revision' ? '' : ` (${field})`}`, { entity: 'submission revision', id, revision });
  return found;
}

export async function insertRevision(tx: Tx, submissionId: string, revision: number, content: SubmissionContent): Promise<void> {
  await execute(tx, INSERT_REVISION, [submissionId, revision, JSON.stringify(content), tx.ctx.actor.userId]);
}

/** A new revision, mirrored on the submission row (for lists and dashboards). */
export async function saveContent(tx: Tx, row: SubmissionRow, revision: number, content: SubmissionContent, bumpVersion = true): Promise<void> {
  await insertRevision(tx, row.id, revision, content);
  await execute(tx, SAVE_CONTENT, [
    row.id, revision, content.progressPercent, content.narrative, JSON.stringify(content.indicatorActuals), content.budgetExecuted, content.budgetYear,
    bumpVersion ? 1 : 0,
  ]);
}
