import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { AssignmentDto } from './assignment.views.js';
import { userRefSql } from './sub-project.rows.js';
import type { SubProjectStatus } from './sub-project.entity.js';

/** Serialises code generation within the programme without blocking rows that reference it. $1 programme code */
export const LOCK_PROGRAMME_FOR_CODES = defineQuery<{ id: string; code: string }>(
  'assignment.lock-programme', 'SELECT id, code FROM programme WHERE code = $1 FOR NO KEY UPDATE', { id: true, code: true },
);

/** $1 programme id */
export const PROGRAMME_CODE = defineQuery<{ code: string }>('assignment.programme-code', 'SELECT code FROM programme WHERE id = $1', { code: true });

/** $1 code */
export const SUB_PROJECT_CODE_TAKEN = defineQuery<{ taken: number }>('assignment.code-taken', 'SELECT 1 AS taken FROM sub_project WHERE code = $1', { taken: true });

/** $1 prefix */
export const SUB_PROJECT_CODES_WITH_PREFIX = defineQuery<{ code: string }>(
  'assignment.codes-with-prefix', 'SELECT code FROM sub_project WHERE starts_with(code, $1)', { code: true },
);

/** $1 programme id, $2 axis codes */
export const PROGRAMME_AXES = defineQuery<{ id: string; code: string }>(
  'assignment.programme-axes', 'SELECT id, code FROM axis WHERE programme_id = $1 AND code = ANY($2::text[]) ORDER BY seq', { id: true, code: true },
);

/** $1 code, $2 programme id, $3 kind, $4 name, $5 start year, $6 end year, $7 continuity, $8 flagship, $9 measures, $10 full-term target */
export const INSERT_SUB_PROJECT = defineQuery<{ id: string }>(
  'assignment.insert-sub-project',
  `INSERT INTO sub_project (code, programme_id, kind, name, start_year, end_year, continuity, is_flagship, status, measures, full_term_target)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9, $10) RETURNING id`,
  { id: true },
);

/** $1 sub-project id, $2 axis ids */
export const ADD_SUB_PROJECT_AXES = defineStatement(
  'assignment.add-axes',
  `INSERT INTO sub_project_axis (sub_project_id, axis_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT (sub_project_id, axis_id) DO NOTHING`,
);

/** $1 sub-project id, $2 the axis ids to keep */
export const REMOVE_OTHER_AXES = defineStatement(
  'assignment.remove-other-axes', 'DELETE FROM sub_project_axis WHERE sub_project_id = $1 AND NOT (axis_id = ANY($2::uuid[]))',
);

export interface EditableFieldsRow {
  name: string; measures: string | null; fullTermTarget: string | null; startYear: number | null; endYear: number | null;
  isFlagship: boolean; continuity: string | null; axes: string[];
}

/** The fields an edit may change, named as the body names them. $1 sub-project id */
export const EDITABLE_FIELDS = defineQuery<EditableFieldsRow>(
  'assignment.editable-fields',
  `SELECT sp.name, sp.measures, sp.full_term_target AS "fullTermTarget", sp.start_year AS "startYear", sp.end_year AS "endYear",
          sp.is_flagship AS "isFlagship", sp.continuity,
          ARRAY(SELECT a.code FROM sub_project_axis x JOIN axis a ON a.id = x.axis_id WHERE x.sub_project_id = sp.id ORDER BY a.seq)::text[] AS axes
     FROM sub_project sp WHERE sp.id = $1`,
  { name: true, measures: true, fullTermTarget: true, startYear: true, endYear: true, isFlagship: true, continuity: true, axes: true },
);

/** The columns an edit may set. */
export const EDITABLE_COLUMNS = {
  name: 'name', measures: 'measures', fullTermTarget: 'full_term_target', startYear: 'start_year', endYear: 'end_year', isFlagship: 'is_flagship',
  continuity: 'continuity',
} as const;
type EditableColumn = (typeof EDITABLE_COLUMNS)[keyof typeof EDITABLE_COLUMNS];

/** Sets the given columns and moves the version on. $1 sub-project id, then one value per column in order. */
export const UPDATE_SUB_PROJECT_FIELDS = defineQueryBuilder<Record<never, never>, [readonly EditableColumn[]]>(
  'assignment.update-fields',
  (columns) => {
    const sets = columns.map((column, i) => `${column} = $${i + 2}`);
    return `UPDATE sub_project SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`;
  },
  {},
  [[[]], [Object.values(EDITABLE_COLUMNS)]],
);

/** $1 sub-project id */
export const END_OPEN_ASSIGNMENT = defineStatement(
  'assignment.end-open', 'UPDATE sub_project_assignment SET ended_at = now() WHERE sub_project_id = $1 AND ended_at IS NULL',
);

/** $1 sub-project id, $2 lead id, $3 co-organiser ids, $4 assigned by, $5 reason */
export const INSERT_ASSIGNMENT = defineQuery<{ id: string }>(
  'assignment.insert',
  `INSERT INTO sub_project_assignment (sub_project_id, lead_organisation_id, co_organiser_ids, assigned_by, reason)
   VALUES ($1, $2, $3::uuid[], $4, $5) RETURNING id`,
  { id: true },
);

/** The assignment the plan was loaded with, recorded by nobody as of loading. $1 sub-project id, $2 lead id, $3 co-organiser ids, $4 loaded at */
export const RECORD_PLANNED_ASSIGNMENT = defineQuery<{ id: string }>(
  'assignment.record-planned',
  `INSERT INTO sub_project_assignment (sub_project_id, lead_organisation_id, co_organiser_ids, assigned_by, assigned_at)
   VALUES ($1, $2, $3::uuid[], NULL, $4) RETURNING id`,
  { id: true },
);

/** $1 sub-project id */
export const LOCK_OPEN_ASSIGNMENT = defineQuery<{ id: string }>(
  'assignment.lock-open',
  'SELECT id FROM sub_project_assignment WHERE sub_project_id = $1 AND ended_at IS NULL ORDER BY assigned_at DESC LIMIT 1 FOR UPDATE',
  { id: true },
);

/** $1 sub-project id, $2 status, $3 lead id */
export const SET_ASSIGNED = defineStatement(
  'assignment.set-assigned', 'UPDATE sub_project SET status = $2, lead_organisation_id = $3, version = version + 1, updated_at = now() WHERE id = $1',
);

/** $1 sub-project id */
export const CLEAR_CO_ORGANISERS = defineStatement('assignment.clear-co-organisers', 'DELETE FROM sub_project_co_organiser WHERE sub_project_id = $1');

/** $1 sub-project id, $2 co-organiser ids in order */
export const ADD_CO_ORGANISERS = defineStatement(
  'assignment.add-co-organisers',
  `INSERT INTO sub_project_co_organiser (sub_project_id, organisation_id, seq)
   SELECT $1, o.id, o.seq FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, seq)`,
);

/** $1 assignment id, $2 user id. acknowledged_at is a record timestamp: database time. */
export const ACKNOWLEDGE_ASSIGNMENT = defineStatement(
  'assignment.acknowledge', 'UPDATE sub_project_assignment SET acknowledged_at = now(), acknowledged_by = $2 WHERE id = $1',
);

/** $1 sub-project id, $2 status */
export const SET_SUB_PROJECT_STATUS = defineStatement(
  'assignment.set-status', 'UPDATE sub_project SET status = $2, version = version + 1, updated_at = now() WHERE id = $1',
);

/** $1 code */
export const SUB_PROJECT_FOR_HISTORY = defineQuery<{
  id: string; status: SubProjectStatus; lead_organisation_id: string | null; co_organiser_ids: string[]; created_at: Date;
}>(
  'assignment.sub-project-for-history',
  `SELECT sp.id, sp.status, sp.lead_organisation_id, sp.created_at,
          ARRAY(SELECT c.organisation_id FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id ORDER BY c.seq) AS co_organiser_ids
     FROM sub_project sp WHERE sp.code = $1`,
  { id: true, status: true, lead_organisation_id: true, co_organiser_ids: true, created_at: true },
);

const organisations = (ids: string) => `COALESCE((SELECT json_agg(json_build_object('code', o.code, 'name', o.name) ORDER BY u.seq)
                                           FROM unnest(${ids}) WITH ORDINALITY AS u(id, seq) JOIN organisation o ON o.id = u.id), '[]')`;

export type AssignmentRow = Omit<AssignmentDto, 'assignedAt' | 'acknowledgedAt' | 'endedAt'> & { assignedAt: Date; acknowledgedAt: Date | null; endedAt: Date | null };

/** Every assignment, newest first. $1 sub-project id */
export const ASSIGNMENT_HISTORY = defineQuery<AssignmentRow>(
  'assignment.history',
  `SELECT a.id, a.ended_at IS NULL AS current, json_build_object('code', lo.code, 'name', lo.name) AS lead,
          ${organisations('a.co_organiser_ids')} AS "coOrganisers",
          ${userRefSql('a.assigned_by')} AS "assignedBy", a.assigned_at AS "assignedAt", a.reason,
          a.acknowledged_at AS "acknowledgedAt", ${userRefSql('a.acknowledged_by')} AS "acknowledgedBy", a.ended_at AS "endedAt"
     FROM sub_project_assignment a JOIN organisation lo ON lo.id = a.lead_organisation_id
    WHERE a.sub_project_id = $1
    ORDER BY a.assigned_at DESC, a.ended_at DESC NULLS FIRST`,
  { id: true, current: true, lead: true, coOrganisers: true, assignedBy: true, assignedAt: true, reason: true, acknowledgedAt: true, acknowledgedBy: true, endedAt: true },
);

/** The plan's assignment, not yet recorded. $1 lead id, $2 co-organiser ids */
export const PLANNED_ASSIGNMENT = defineQuery<Pick<AssignmentDto, 'lead' | 'coOrganisers'>>(
  'assignment.planned',
  `SELECT json_build_object('code', lo.code, 'name', lo.name) AS lead, ${organisations('$2::uuid[]')} AS "coOrganisers"
     FROM organisation lo WHERE lo.id = $1`,
  { lead: true, coOrganisers: true },
);
