import { type Scope, subProjectInScope } from '../access/scope.js';
import { sqlParams } from '../common/sql-params.js';
import { defineQuery, defineQueryBuilder } from '../database/sql-query.js';
import { milestoneOverdue } from '../sub-projects/milestone.queries.js';

// The two exported lists without a list query of their own: read whole through a cursor (libs/database/cursor-rows.ts).

export interface MilestoneExportFilter {
  scope: Scope;
  today: string;
  programme?: string;
  subProject?: string;
  status?: string;
  overdueOnly?: boolean;
}

export interface MilestoneExportRow {
  code: string; seq: number; sub_project_code: string; sub_project_name: string; programme_name: string;
  lead_name: string | null; lead_text: string | null; fiscal_year: number | null; due_date: string; deliverable: string; status: string; overdue: boolean;
}

export const MILESTONE_EXPORT_ROWS = defineQueryBuilder<MilestoneExportRow, [MilestoneExportFilter]>(
  'exports.milestones',
  (f) => {
    const { values: params, param } = sqlParams();
    const today = `${param(f.today)}::date`;
    const where = [subProjectInScope(f.scope, param)];
    if (f.programme) where.push(`p.code = ${param(f.programme)}`);
    if (f.subProject) where.push(`sp.code = ${param(f.subProject)}`);
    if (f.status) where.push(`m.status = ${param(f.status)}`);
    if (f.overdueOnly) where.push(milestoneOverdue(today));
    return {
      text: `SELECT m.code, m.seq, sp.code AS sub_project_code, sp.name AS sub_project_name, p.name AS programme_name,
                    lo.name AS lead_name, sp.lead_text, m.fiscal_year, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.deliverable,
                    m.status, ${milestoneOverdue(today)} AS overdue
               FROM milestone m
               JOIN sub_project sp ON sp.id = m.sub_project_id
               JOIN programme p ON p.id = sp.programme_id
               LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
              WHERE ${where.join(' AND ')}
              ORDER BY sp.code, m.seq, m.code`,
      params,
    };
  },
  {
    code: true, seq: true, sub_project_code: true, sub_project_name: true, programme_name: true, lead_name: true, lead_text: true,
    fiscal_year: true, due_date: true, deliverable: true, status: true, overdue: true,
  },
  [
    [{ scope: { all: true }, today: '2026-01-01' }],
    [{ scope: { all: false, organisationIds: [] }, today: '2026-01-01', programme: 'x', subProject: 'y', status: 'pending', overdueOnly: true }],
  ],
);

export interface ResolutionExportFilter {
  scope: Scope;
  meeting?: string;
  status?: string;
}

export interface ResolutionExportRow {
  meeting_code: string; meeting_name: string; held_on: string; resolution_code: string; seq: number; text: string; due_date: string | null;
  organisation_code: string; organisation_name: string; status: string; reported_on: string | null; follow_up: string | null;
}

/**
 * One row per resolution and assigned organisation. A ministry gets only its own organisations' rows and
 * follow-ups (co-assigned resolutions: README), plus follow-ups the documents recorded without an organisation.
 */
export const RESOLUTION_EXPORT_ROWS = defineQueryBuilder<ResolutionExportRow, [ResolutionExportFilter]>(
  'exports.resolution-tracking',
  (f) => {
    const { values: params, param } = sqlParams();
    const where = f.scope.all ? ['TRUE'] : [`a.organisation_id = ANY(${param(f.scope.organisationIds)}::uuid[])`];
    if (f.meeting) where.push(`m.code = ${param(f.meeting)}`);
    if (f.status) where.push(`a.status = ${param(f.status)}`);
    return {
      text: `SELECT m.code AS meeting_code, m.name AS meeting_name, to_char(m.held_on, 'YYYY-MM-DD') AS held_on, r.code AS resolution_code,
                    r.seq, r.text, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, o.code AS organisation_code, o.name AS organisation_name,
                    a.status, fu.reported_on, fu.text AS follow_up
               FROM resolution_assignment a
               JOIN resolution r ON r.id = a.resolution_id
               JOIN meeting m ON m.id = r.meeting_id
               JOIN organisation o ON o.id = a.organisation_id
               LEFT JOIN LATERAL (
                 SELECT to_char(f.reported_on, 'YYYY-MM-DD') AS reported_on, f.text
                   FROM resolution_follow_up f
                  WHERE f.resolution_id = r.id AND (f.organisation_id = a.organisation_id OR f.organisation_id IS NULL)
                  ORDER BY f.reported_on DESC, f.created_at DESC
                  LIMIT 1
               ) fu ON TRUE
              WHERE ${where.join(' AND ')}
              ORDER BY m.held_on, m.code, r.seq, o.code`,
      params,
    };
  },
  {
    meeting_code: true, meeting_name: true, held_on: true, resolution_code: true, seq: true, text: true, due_date: true,
    organisation_code: true, organisation_name: true, status: true, reported_on: true, follow_up: true,
  },
  [
    [{ scope: { all: true } }],
    [{ scope: { all: false, organisationIds: [] }, meeting: 'x', status: 'tracking' }],
  ],
);

/** $1 code: whether the filters name things that exist (an unknown code is a 400, as on the lists). */
export const PROGRAMME_EXISTS = defineQuery<{ found: number }>('exports.programme-exists', 'SELECT 1 AS found FROM programme WHERE code = $1', { found: true });
export const MEETING_EXISTS = defineQuery<{ found: number }>('exports.meeting-exists', 'SELECT 1 AS found FROM meeting WHERE code = $1', { found: true });

/** $1 code, $2 scope's organisation ids or null for all: a sub-project outside the scope answers as unknown. */
export const SUB_PROJECT_VISIBLE = defineQuery<{ found: number }>(
  'exports.sub-project-visible',
  `SELECT 1 AS found FROM sub_project sp WHERE sp.code = $1 AND ($2::uuid[] IS NULL OR sp.lead_organisation_id = ANY($2)
      OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco WHERE sco.sub_project_id = sp.id AND sco.organisation_id = ANY($2)))`,
  { found: true },
);
