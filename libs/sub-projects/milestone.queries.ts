import { defineQuery, defineStatement } from '../database/sql-query.js';
import type { SubProjectStatus } from './sub-project.entity.js';

/**
 * "Overdue", written once: a milestone not yet accepted whose due date is before today. `today` must be a
 * parameter placeholder (`$2::date`) carrying the clock's `today()` (Clock, libs/common/clock.ts), never the
 * database's now(), so a test that moves the clock moves every overdue with it.
 */
export function milestoneOverdue(today: string, alias = 'm'): string {
  if (!/^\$[1-9][0-9]*::date$/.test(today)) throw new Error(`milestoneOverdue: today must be a parameter like $2::date, not ${today}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`milestoneOverdue: bad table alias ${alias}`);
  return `(${alias}.status <> 'accepted' AND ${alias}.due_date < ${today})`;
}

export interface MilestoneRow {
  id: string;
  code: string;
  seq: number;
  sub_project_id: string;
  sub_project_code: string;
  sub_project_status: SubProjectStatus;
  lead_organisation_id: string | null;
  co_organiser_ids: string[];
  /** YYYY-MM-DD */
  due_date: string;
  fiscal_year: number | null;
  deliverable: string;
  status: string;
  version: number;
}

const MILESTONE_ROW_COLUMNS = {
  id: true, code: true, seq: true, sub_project_id: true, sub_project_code: true, sub_project_status: true, lead_organisation_id: true,
  co_organiser_ids: true, due_date: true, fiscal_year: true, deliverable: true, status: true, version: true,
} as const;

const MILESTONE_ROW = `
  SELECT m.id, m.code, m.seq, m.sub_project_id, sp.code AS sub_project_code, sp.status AS sub_project_status, sp.lead_organisation_id,
         ARRAY(SELECT c.organisation_id FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id ORDER BY c.seq) AS co_organiser_ids,
         to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.fiscal_year, m.deliverable, m.status, m.version
    FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id`;

/** $1 code / id */
export const MILESTONE_BY_CODE = defineQuery<MilestoneRow>('milestones.by-code', `${MILESTONE_ROW} WHERE m.code = $1`, MILESTONE_ROW_COLUMNS);
export const MILESTONE_BY_ID = defineQuery<MilestoneRow>('milestones.by-id', `${MILESTONE_ROW} WHERE m.id = $1`, MILESTONE_ROW_COLUMNS);
export const LOCK_MILESTONE_BY_CODE = defineQuery<MilestoneRow>('milestones.lock-by-code', `${MILESTONE_ROW} WHERE m.code = $1 FOR UPDATE OF m`, MILESTONE_ROW_COLUMNS);
export const LOCK_MILESTONE_BY_ID = defineQuery<MilestoneRow>('milestones.lock-by-id', `${MILESTONE_ROW} WHERE m.id = $1 FOR UPDATE OF m`, MILESTONE_ROW_COLUMNS);

/** $1 sub-project id */
export const NEXT_MILESTONE_SEQ = defineQuery<{ seq: number }>(
  'milestones.next-seq', 'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM milestone WHERE sub_project_id = $1', { seq: true },
);

/** $1 code */
export const MILESTONE_CODE_TAKEN = defineQuery<{ taken: number }>('milestones.code-taken', 'SELECT 1 AS taken FROM milestone WHERE code = $1', { taken: true });

/** $1 code, $2 sub-project id, $3 seq, $4 fiscal year, $5 due date, $6 deliverable */
export const INSERT_MILESTONE = defineQuery<{ id: string }>(
  'milestones.insert',
  `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status) VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id`,
  { id: true },
);

/** $1 id, $2 deliverable, $3 fiscal year */
export const UPDATE_MILESTONE = defineStatement(
  'milestones.update',
  `UPDATE milestone SET deliverable = $2, fiscal_year = $3, version = version + 1, updated_at = now() WHERE id = $1`,
);

/** $1 milestone id, $2 today */
export const MILESTONE_DETAIL = defineQuery<{ sub_project_name: string; source: string | null; overdue: boolean }>(
  'milestones.detail',
  `SELECT sp.name AS sub_project_name, m.source, ${milestoneOverdue('$2::date')} AS overdue
     FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE m.id = $1`,
  { sub_project_name: true, source: true, overdue: true },
);

/** A sub-project's milestones in due order. $1 sub-project id, $2 today */
export const SUB_PROJECT_MILESTONES = defineQuery<{
  code: string; seq: number; fiscal_year: number | null; due_date: string; deliverable: string; status: string; source: string | null; overdue: boolean;
}>(
  'milestones.of-sub-project',
  `SELECT m.code, m.seq, m.fiscal_year, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.deliverable, m.status, m.source, ${milestoneOverdue('$2::date')} AS overdue
     FROM milestone m WHERE m.sub_project_id = $1 ORDER BY m.due_date, m.seq`,
  { code: true, seq: true, fiscal_year: true, due_date: true, deliverable: true, status: true, source: true, overdue: true },
);
