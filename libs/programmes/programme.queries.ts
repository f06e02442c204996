import { type Scope, subProjectInScope } from '../access/scope.js';
import { sqlParams } from '../common/sql-params.js';
import { defineQuery, defineQueryBuilder } from '../database/sql-query.js';
import type { CategoryMark } from './category-mark.js';
import type { DiscrepancyDto } from './programme.views.js';

export interface ProgrammeRow {
  id: string; code: string; name: string; name_en: string | null; start_year: number; end_year: number | null; period_text: string | null;
  parent_code: string | null; parent_name: string | null; overseer_code: string | null; overseer_name: string | null; sub_project_count: number;
}

const PROGRAMME_COLUMNS = {
  id: true, code: true, name: true, name_en: true, start_year: true, end_year: true, period_text: true, parent_code: true, parent_name: true,
  overseer_code: true, overseer_name: true, sub_project_count: true,
} as const;

const programmeSelect = (extra = '') => `
  SELECT p.id, p.code, p.name, p.name_en, p.start_year, p.end_year, p.period_text,${extra}
         pp.code AS parent_code, pp.name AS parent_name, o.code AS overseer_code, o.name AS overseer_name,
         (SELECT count(*)::int FROM sub_project sp WHERE sp.programme_id = p.id) AS sub_project_count
    FROM programme p
    LEFT JOIN programme pp ON pp.id = p.parent_id
    LEFT JOIN organisation o ON o.id = p.overseer_id`;

export const PROGRAMMES = defineQuery<ProgrammeRow>('programmes.list', `${programmeSelect()} ORDER BY p.start_year, p.code`, PROGRAMME_COLUMNS);

/** $1 code */
export const PROGRAMME_DETAIL = defineQuery<ProgrammeRow & {
  approved_text: string | null; source_document: string | null; summary: string | null; oversight_text: string | null; notes: string[];
}>(
  'programmes.detail',
  `${programmeSelect(' p.approved_text, p.source_document, p.summary, p.oversight_text, p.notes,')} WHERE p.code = $1`,
  { ...PROGRAMME_COLUMNS, approved_text: true, source_document: true, summary: true, oversight_text: true, notes: true },
);

/** $1 programme id */
export const CHILD_PROGRAMMES = defineQuery<{ code: string; name: string }>(
  'programmes.children', 'SELECT code, name FROM programme WHERE parent_id = $1 ORDER BY start_year, code', { code: true, name: true },
);

/** $1 programme id */
export const AXES = defineQuery<{ id: string; code: string; seq: number; name: string; goal: string | null; description: string | null }>(
  'programmes.axes', 'SELECT id, code, seq, name, goal, description FROM axis WHERE programme_id = $1 ORDER BY seq',
  { id: true, code: true, seq: true, name: true, goal: true, description: true },
);

/** $1 programme id */
export const AXIS_CATEGORIES = defineQuery<{ axis_id: string; code: string; seq: number; name: string }>(
  'programmes.axis-categories',
  `SELECT c.axis_id, c.code, c.seq, c.name FROM axis_category c JOIN axis a ON a.id = c.axis_id WHERE a.programme_id = $1 ORDER BY c.seq`,
  { axis_id: true, code: true, seq: true, name: true },
);

/** $1 programme id */
export const FOCUS_AREAS = defineQuery<{
  axis_id: string; code: string; seq: number; name: string; responsible_text: string | null; organisations: { code: string; name: string; note: string | null }[];
}>(
  'programmes.focus-areas',
  `SELECT f.axis_id, f.code, f.seq, f.name, f.responsible_text,
          COALESCE((SELECT json_agg(json_build_object('code', o.code, 'name', o.name, 'note', fo.note) ORDER BY fo.seq)
                      FROM focus_area_organisation fo JOIN organisation o ON o.id = fo.organisation_id
                     WHERE fo.focus_area_id = f.id), '[]') AS organisations
     FROM focus_area f JOIN axis a ON a.id = f.axis_id
    WHERE a.programme_id = $1 ORDER BY f.seq`,
  { axis_id: true, code: true, seq: true, name: true, responsible_text: true, organisations: true },
);

export interface TreeSubProjectRow {
  axis_id: string; code: string; name: string; kind: string; lead_text: string | null; period_text: string | null; start_year: number | null; end_year: number | null;
  is_flagship: boolean; status: string; lead_code: string | null; lead_name: string | null; marks: { category: string; mark: CategoryMark }[];
}

/** The programme's sub-projects by axis, within the scope. */
export const TREE_SUB_PROJECTS = defineQueryBuilder<TreeSubProjectRow, [string, Scope]>(
  'programmes.tree-sub-projects',
  (programmeId, scope) => {
    const { values: params, param } = sqlParams();
    return {
      text: `SELECT spa.axis_id, sp.code, sp.name, sp.kind, sp.lead_text, sp.period_text, sp.start_year, sp.end_year, sp.is_flagship, sp.status,
                    lo.code AS lead_code, lo.name AS lead_name,
                    COALESCE((SELECT json_agg(json_build_object('category', c.code, 'mark', m.mark) ORDER BY c.seq)
                                FROM sub_project_category_mark m JOIN axis_category c ON c.id = m.category_id
                               WHERE m.sub_project_id = sp.id AND c.axis_id = spa.axis_id), '[]') AS marks
               FROM sub_project_axis spa
               JOIN sub_project sp ON sp.id = spa.sub_project_id
               LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
              WHERE sp.programme_id = ${param(programmeId)} AND ${subProjectInScope(scope, param)}
              ORDER BY sp.code`,
      params,
    };
  },
  {
    axis_id: true, code: true, name: true, kind: true, lead_text: true, period_text: true, start_year: true, end_year: true, is_flagship: true, status: true,
    lead_code: true, lead_name: true, marks: true,
  },
  [['x', { all: true }], ['x', { all: false, organisationIds: [] }]],
);

/** $1 programme id */
export const PROGRAMME_DISCREPANCIES = defineQuery<DiscrepancyDto>(
  'programmes.discrepancies', 'SELECT code, subject, text, sources FROM source_discrepancy WHERE programme_id = $1 ORDER BY code',
  { code: true, subject: true, text: true, sources: true },
);

export interface IndicatorRow {
  owner_id: string; code: string; seq: number; text: string; unit: string | null;
  organisations: { code: string; name: string }[]; targets: { year: number | null; value: string | null; comparator: string; note: string | null }[];
}

/** Indicators of a programme's goals ($1), of axes ($2) or of a sub-project ($3), with organisations and targets. */
export const INDICATORS = defineQuery<IndicatorRow>(
  'programmes.indicators',
  `SELECT COALESCE(i.sub_project_id, i.axis_id, i.programme_id) AS owner_id, i.code, i.seq, i.text, i.unit,
          COALESCE((SELECT json_agg(json_build_object('code', o.code, 'name', o.name) ORDER BY o.code)
                      FROM indicator_organisation io JOIN organisation o ON o.id = io.organisation_id
                     WHERE io.indicator_id = i.id), '[]') AS organisations,
          COALESCE((SELECT json_agg(json_build_object('year', t.year, 'value', t.value::text, 'comparator', t.comparator, 'note', t.note)
                                    ORDER BY t.year NULLS LAST)
                      FROM indicator_target t WHERE t.indicator_id = i.id), '[]') AS targets
     FROM indicator i
    WHERE (i.programme_id = $1 AND i.axis_id IS NULL AND i.sub_project_id IS NULL)
       OR i.axis_id = ANY($2::uuid[])
       OR i.sub_project_id = $3
    ORDER BY i.seq, i.code`,
  { owner_id: true, code: true, seq: true, text: true, unit: true, organisations: true, targets: true },
);

export interface IndicatorYearActualRow {
  indicator: string; year: number; value: string; sub_projects: number;
}

/**
 * The programme's indicators' actuals per year, from accepted submissions of sub-projects in the scope: each
 * sub-project's latest accepted value in the year, summed over the sub-projects that reported one (the count beside it).
 */
export const PROGRAMME_INDICATOR_ACTUALS = defineQueryBuilder<IndicatorYearActualRow, [string, Scope]>(
  'programmes.indicator-actuals',
  (programmeId, scope) => {
    const { values: params, param } = sqlParams();
    return {
      text: `WITH latest AS (
               SELECT DISTINCT ON (a.item->>'indicator', s.sub_project_id, y.year)
                      a.item->>'indicator' AS indicator, s.sub_project_id, y.year, (a.item->>'value')::numeric AS value
                 FROM submission s
                 JOIN sub_project sp ON sp.id = s.sub_project_id
                 LEFT JOIN milestone m ON m.id = s.milestone_id
                CROSS JOIN LATERAL jsonb_array_elements(s.indicator_actuals) AS a(item)
                CROSS JOIN LATERAL (SELECT COALESCE(left(s.period, 4)::int, extract(year FROM m.due_date)::int) AS year) y
                WHERE sp.programme_id = ${param(programmeId)} AND s.status = 'accepted' AND ${subProjectInScope(scope, param)} AND y.year IS NOT NULL
                ORDER BY a.item->>'indicator', s.sub_project_id, y.year, COALESCE(s.period, to_char(m.due_date, 'YYYY-"Q"Q')) DESC, s.decided_at DESC NULLS LAST
             )
             SELECT indicator, year, sum(value)::text AS value, count(*)::int AS sub_projects FROM latest GROUP BY indicator, year ORDER BY indicator, year`,
      params,
    };
  },
  { indicator: true, year: true, value: true, sub_projects: true },
  [['x', { all: true }], ['x', { all: false, organisationIds: [] }]],
);
