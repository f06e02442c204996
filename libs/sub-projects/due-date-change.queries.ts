import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { ChangeRequestStatus } from './due-date-change.entity.js';
import type { DueDateChangeDto } from './due-date-changes.views.js';
import { userRefSql } from './sub-project.rows.js';

export interface ChangeRequestRow {
  id: string; milestone: string; status: string; previous_due_date: string; proposed_due_date: string; reason: string;
  requested_by: DueDateChangeDto['requestedBy']; requested_at: Date; decided_by: DueDateChangeDto['decidedBy']; decided_at: Date | null;
  decision_reason: string | null; version: number;
}

export type ChangeRequestFilter = { milestoneId: string; pendingOnly?: boolean } | { id: string };

/** A milestone's change requests, newest first (or only the pending one, or one by id). $1 milestone id or request id */
export const CHANGE_REQUESTS = defineQueryBuilder<ChangeRequestRow, [ChangeRequestFilter]>(
  'due-date-changes.list',
  (where) => `SELECT r.id, m.code AS milestone, r.status, to_char(r.previous_due_date, 'YYYY-MM-DD') AS previous_due_date,
            to_char(r.proposed_due_date, 'YYYY-MM-DD') AS proposed_due_date, r.reason, ${userRefSql('r.requested_by')} AS requested_by, r.requested_at,
            ${userRefSql('r.decided_by')} AS decided_by, r.decided_at, r.decision_reason, r.version
       FROM due_date_change_request r JOIN milestone m ON m.id = r.milestone_id
      WHERE ${'id' in where ? 'r.id = $1' : `r.milestone_id = $1${where.pendingOnly ? ` AND r.status = 'pending'` : ''}`}
      ORDER BY r.requested_at DESC, r.id`,
  {
    id: true, milestone: true, status: true, previous_due_date: true, proposed_due_date: true, reason: true, requested_by: true, requested_at: true,
    decided_by: true, decided_at: true, decision_reason: true, version: true,
  },
  [[{ id: 'x' }], [{ milestoneId: 'x' }], [{ milestoneId: 'x', pendingOnly: true }]],
);

/** $1 milestone id */
export const PENDING_CHANGE_REQUEST = defineQuery<{ id: string }>(
  'due-date-changes.pending-of-milestone', `SELECT id FROM due_date_change_request WHERE milestone_id = $1 AND status = 'pending'`, { id: true },
);

/** $1 milestone id, $2 previous due date, $3 proposed due date, $4 reason, $5 requested by */
export const INSERT_CHANGE_REQUEST = defineQuery<{ id: string }>(
  'due-date-changes.insert',
  `INSERT INTO due_date_change_request (milestone_id, previous_due_date, proposed_due_date, reason, requested_by)
   VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  { id: true },
);

/** $1 request id */
export const CHANGE_REQUEST_MILESTONE = defineQuery<{ milestone_id: string }>(
  'due-date-changes.milestone-of', 'SELECT milestone_id FROM due_date_change_request WHERE id = $1', { milestone_id: true },
);

/** $1 request id */
export const LOCK_CHANGE_REQUEST = defineQuery<{ status: ChangeRequestStatus; version: number; previous_due_date: string; proposed_due_date: string }>(
  'due-date-changes.lock',
  `SELECT status, version, to_char(previous_due_date, 'YYYY-MM-DD') AS previous_due_date, to_char(proposed_due_date, 'YYYY-MM-DD') AS proposed_due_date
     FROM due_date_change_request WHERE id = $1 FOR UPDATE`,
  { status: true, version: true, previous_due_date: true, proposed_due_date: true },
);

/** $1 request id, $2 status, $3 decided by, $4 decision reason. decided_at is a record timestamp: database time. */
export const DECIDE_CHANGE_REQUEST = defineStatement(
  'due-date-changes.decide',
  `UPDATE due_date_change_request SET status = $2, decided_by = $3, decided_at = now(), decision_reason = $4, version = version + 1 WHERE id = $1`,
);

/** $1 milestone id, $2 new due date */
export const MOVE_MILESTONE_DUE_DATE = defineStatement(
  'due-date-changes.move-milestone', 'UPDATE milestone SET due_date = $2, version = version + 1, updated_at = now() WHERE id = $1',
);
