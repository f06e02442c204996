import { defineQuery } from '../database/sql-query.js';
import { milestoneOverdue } from '../sub-projects/milestone.queries.js';

/** The roadmap's SQL (checked against the schema by test/sql-queries.int-spec.ts); the sub-projects come from sub-projects.list, scoped there. */

export interface RoadmapMilestoneRow {
  sub_project_id: string; code: string; deliverable: string; due_date: string; fiscal_year: number | null; status: string; overdue: boolean;
  pending_change_id: string | null; pending_change_date: string | null;
}

/**
 * The milestones of a page of sub-projects, by due date, each with its pending due-date change request (the only way a
 * due date moves). $1 sub-project ids, $2 today (Asia/Taipei).
 */
export const ROADMAP_MILESTONES = defineQuery<RoadmapMilestoneRow>(
  'roadmap.milestones',
  `SELECT m.sub_project_id, m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.fiscal_year, m.status::text AS status,
          ${milestoneOverdue('$2::date')} AS overdue,
          c.id AS pending_change_id, to_char(c.proposed_due_date, 'YYYY-MM-DD') AS pending_change_date
     FROM milestone m
     LEFT JOIN LATERAL (SELECT r.id, r.proposed_due_date FROM due_date_change_request r
                         WHERE r.milestone_id = m.id AND r.status = 'pending' ORDER BY r.requested_at DESC LIMIT 1) c ON TRUE
    WHERE m.sub_project_id = ANY($1::uuid[])
    ORDER BY m.sub_project_id, m.due_date, m.seq`,
  {
    sub_project_id: true, code: true, deliverable: true, due_date: true, fiscal_year: true, status: true, overdue: true,
    pending_change_id: true, pending_change_date: true,
  },
);

/** Whether a code a filter names exists. $1 code */
export const ROADMAP_PROGRAMME = defineQuery<{ code: string; name: string; start_year: number; end_year: number | null }>(
  'roadmap.programme', 'SELECT code, name, start_year, end_year FROM programme WHERE code = $1', { code: true, name: true, start_year: true, end_year: true },
);
export const ROADMAP_AXIS_EXISTS = defineQuery<{ found: number }>('roadmap.axis-exists', 'SELECT 1 AS found FROM axis WHERE code = $1', { found: true });
export const ROADMAP_ORGANISATION_EXISTS = defineQuery<{ found: number }>(
  'roadmap.organisation-exists', 'SELECT 1 AS found FROM organisation WHERE code = $1', { found: true },
);
