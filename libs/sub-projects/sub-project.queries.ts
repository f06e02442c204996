import { type Scope, subProjectInScope } from '../access/scope.js';
import { sqlParams } from '../common/sql-params.js';
import { defineQuery, defineQueryBuilder } from '../database/sql-query.js';
import { organisationAndUnits } from '../organisations/organisation-tree.js';
import type { CategoryMark } from '../programmes/category-mark.js';
import type { SubProjectStatus } from './sub-project.entity.js';
import type { SubProjectListQuery } from './sub-project.views.js';

export interface ListRow {
  id: string; code: string; name: string; kind: string; status: string; programme_code: string; programme_name: string;
  lead_id: string | null; lead_code: string | null; lead_name: string | null; lead_text: string | null; period_text: string | null;
  start_year: number | null; end_year: number | null; continuity: string | null; is_flagship: boolean;
  co_organisers: { id: string; code: string; name: string }[]; axes: { code: string; seq: number; name: string }[];
  light_period: string | null; light_colour: string | null; light_overridden: boolean | null;
}

const LIST_COLUMNS = {
  id: true, code: true, name: true, kind: true, status: true, programme_code: true, programme_name: true, lead_id: true, lead_code: true, lead_name: true,
  lead_text: true, period_text: true, start_year: true, end_year: true, continuity: true, is_flagship: true, co_organisers: true, axes: true,
  light_period: true, light_colour: true, light_overridden: true,
} as const;

/**
 * The list's columns; `period` is the placeholder of the reporting period whose light each row carries.
 * LATERAL … LIMIT 1 keeps the join a per-row index probe, so a page walks sub_project in code order and
 * stops after `limit` rows (a plain join let the planner hash all 100,000 lights first: 0.5–1 s on the bench data).
 */
const listSelect = (period: string, extraColumns = '') => `
  SELECT sp.id, sp.code, sp.name, sp.kind, sp.status, p.code AS programme_code, p.name AS programme_name,
         sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name, sp.lead_text, sp.period_text, sp.start_year, sp.end_year,
         sp.continuity, sp.is_flagship,${extraColumns}
         COALESCE((SELECT json_agg(json_build_object('id', o.id, 'code', o.code, 'name', o.name) ORDER BY c.seq)
                     FROM sub_project_co_organiser c JOIN organisation o ON o.id = c.organisation_id
                    WHERE c.sub_project_id = sp.id), '[]') AS co_organisers,
         COALESCE((SELECT json_agg(json_build_object('code', a.code, 'seq', a.seq, 'name', a.name) ORDER BY a.seq)
                     FROM sub_project_axis spa JOIN axis a ON a.id = spa.axis_id
                    WHERE spa.sub_project_id = sp.id), '[]') AS axes,
         sl.period AS light_period, COALESCE(sl.override_colour, sl.computed_colour)::text AS light_colour, sl.override_colour IS NOT NULL AS light_overridden
    FROM sub_project sp
    JOIN programme p ON p.id = sp.programme_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN LATERAL (SELECT l.period, l.computed_colour, l.override_colour FROM status_light l
                        WHERE l.sub_project_id = sp.id AND l.period = ${period} LIMIT 1) sl ON TRUE`;

export interface SubProjectListFilter extends Omit<SubProjectListQuery, 'after' | 'limit' | 'year' | 'rocYear' | 'period'> {
  scope: Scope;
  period: string;
  limit: number;
  year?: number;
  /** Keyset: codes after this one. */
  afterCode?: string | number;
}

/** One page of sub-projects within the caller's scope (and one row more, telling whether another page follows). */
export const SUB_PROJECT_LIST = defineQueryBuilder<ListRow, [SubProjectListFilter]>(
  'sub-projects.list',
  (f) => {
    const { values: params, param } = sqlParams();
    const periodParam = param(f.period);
    const where: string[] = [subProjectInScope(f.scope, param)];
    if (f.programme) where.push(`p.code = ${param(f.programme)}`);
    if (f.axis) {
      where.push(`EXISTS (SELECT 1 FROM sub_project_axis x JOIN axis a ON a.id = x.axis_id WHERE x.sub_project_id = sp.id AND a.code = ${param(f.axis)})`);
    }
    if (f.ministry) {
      const ministry = organisationAndUnits(param(f.ministry));
      const asLead = `sp.lead_organisation_id IN ${ministry}`;
      const asCo = `EXISTS (SELECT 1 FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id AND c.organisation_id IN ${ministry})`;
      const role = f.role ?? 'any';
      where.push(role === 'lead' ? asLead : role === 'co_organiser' ? asCo : `(${asLead} OR ${asCo})`);
    }
    if (f.year !== undefined) {
      const y = param(f.year);
      where.push(`sp.start_year <= ${y} AND (sp.end_year IS NULL OR sp.end_year >= ${y})`);
    }
    if (f.status) where.push(`sp.status = ${param(f.status)}`);
    if (f.kind) where.push(`sp.kind = ${param(f.kind)}`);
    if (f.flagship !== undefined) where.push(`sp.is_flagship = ${param(f.flagship)}`);
    if (f.q) {
      const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`sp.name ILIKE ${param(pattern)}`);
    }
    // As (NOT) EXISTS, so the planner sees the period's statistics: an empty period answers at once (bench: ≤ 130 ms, 100,000 sub-projects).
    const lightOf = `SELECT 1 FROM status_light x WHERE x.sub_project_id = sp.id AND x.period = ${periodParam}`;
    if (f.light === 'none') where.push(`NOT EXISTS (${lightOf})`);
    else if (f.light) where.push(`EXISTS (${lightOf} AND COALESCE(x.override_colour, x.computed_colour) = ${param(f.light)})`);
    if (f.afterCode !== undefined) where.push(`sp.code > ${param(f.afterCode)}`);
    return { text: `${listSelect(periodParam)} WHERE ${where.join(' AND ')} ORDER BY sp.code LIMIT ${param(f.limit + 1)}`, params };
  },
  LIST_COLUMNS,
  [
    [{ scope: { all: true }, period: '2026-Q1', limit: 25 }],
    [{
      scope: { all: false, organisationIds: [] }, period: '2026-Q1', limit: 25, programme: 'p', axis: 'a', ministry: 'm', role: 'lead', year: 2026,
      status: 'active' as never, kind: 'k' as never, flagship: true, q: 'x', light: 'none', afterCode: 'c',
    }],
    [{ scope: { all: true }, period: '2026-Q1', limit: 25, ministry: 'm', role: 'co_organiser', light: 'green' as never }],
  ],
);

export type SubProjectDetailRow = ListRow & {
  name_as_printed: string | null; focus: string | null; co_organisers_text: string | null; measures: string | null;
  full_term_target: string | null; remarks: string | null; note: string | null; version: number;
};

/** $1 code, $2 current period */
export const SUB_PROJECT_DETAIL = defineQuery<SubProjectDetailRow>(
  'sub-projects.detail',
  `${listSelect('$2', ` sp.name_as_printed, sp.focus, sp.co_organisers_text, sp.measures, sp.full_term_target, sp.remarks, sp.note, sp.version,`)}
    WHERE sp.code = $1`,
  { ...LIST_COLUMNS, name_as_printed: true, focus: true, co_organisers_text: true, measures: true, full_term_target: true, remarks: true, note: true, version: true },
);

/** $1 sub-project id */
export const SUB_PROJECT_AXIS_LINKS = defineQuery<{
  code: string; seq: number; name: string; source: string | null; marks: { category: string; categoryName: string; mark: CategoryMark }[];
}>(
  'sub-projects.axis-links',
  `SELECT a.code, a.seq, a.name, spa.source,
          COALESCE((SELECT json_agg(json_build_object('category', c.code, 'categoryName', c.name, 'mark', m.mark) ORDER BY c.seq)
                      FROM sub_project_category_mark m JOIN axis_category c ON c.id = m.category_id
                     WHERE m.sub_project_id = spa.sub_project_id AND c.axis_id = a.id), '[]') AS marks
     FROM sub_project_axis spa JOIN axis a ON a.id = spa.axis_id
    WHERE spa.sub_project_id = $1 ORDER BY a.seq`,
  { code: true, seq: true, name: true, source: true, marks: true },
);

/** $1 sub-project id */
export const SUB_PROJECT_BUDGET = defineQuery<{ fiscal_year: number; kind: string; allocated: string; executed: string | null; execution_rate: string | null }>(
  'sub-projects.budget',
  `SELECT fiscal_year, kind, allocated::text AS allocated, executed::text AS executed,
          CASE WHEN executed IS NOT NULL AND allocated > 0 THEN round(executed * 100 / allocated, 1)::text END AS execution_rate
     FROM budget_line WHERE sub_project_id = $1 ORDER BY fiscal_year, kind`,
  { fiscal_year: true, kind: true, allocated: true, executed: true, execution_rate: true },
);

/** $1 subject (`sub_project:<code>`) */
export const SOURCE_DISCREPANCIES = defineQuery<{ code: string; subject: string; text: string; sources: unknown }>(
  'sub-projects.discrepancies', 'SELECT code, subject, text, sources FROM source_discrepancy WHERE subject = $1 ORDER BY code',
  { code: true, subject: true, text: true, sources: true },
);

/** The latest accepted actual of each indicator (submissions carry them as { indicator, value, note }). $1 sub-project id */
export const INDICATOR_ACTUALS = defineQuery<{ indicator: string; value: string; note: string | null; period: string; decided_at: Date | null }>(
  'sub-projects.indicator-actuals',
  `SELECT DISTINCT ON (a.item->>'indicator') a.item->>'indicator' AS indicator, a.item->>'value' AS value, a.item->>'note' AS note,
          COALESCE(s.period, to_char(m.due_date, 'YYYY-"Q"Q')) AS period, s.decided_at
     FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
    CROSS JOIN LATERAL jsonb_array_elements(s.indicator_actuals) AS a(item)
    WHERE s.sub_project_id = $1 AND s.status = 'accepted'
    ORDER BY a.item->>'indicator', COALESCE(s.period, to_char(m.due_date, 'YYYY-"Q"Q')) DESC, s.decided_at DESC NULLS LAST`,
  { indicator: true, value: true, note: true, period: true, decided_at: true },
);

/** Whether a code a list filter names exists. $1 code */
export const PROGRAMME_CODE_EXISTS = defineQuery<{ found: number }>('sub-projects.programme-exists', 'SELECT 1 AS found FROM programme WHERE code = $1', { found: true });
export const AXIS_CODE_EXISTS = defineQuery<{ found: number }>('sub-projects.axis-exists', 'SELECT 1 AS found FROM axis WHERE code = $1', { found: true });
export const ORGANISATION_CODE_EXISTS = defineQuery<{ found: number }>(
  'sub-projects.organisation-exists', 'SELECT 1 AS found FROM organisation WHERE code = $1', { found: true },
);

export interface LockedSubProject {
  id: string;
  code: string;
  name: string;
  status: SubProjectStatus;
  version: number;
  programme_id: string;
  lead_organisation_id: string | null;
  co_organiser_ids: string[];
  start_year: number | null;
  end_year: number | null;
  created_at: Date;
}

const LOCKED_COLUMNS = {
  id: true, code: true, name: true, status: true, version: true, programme_id: true, lead_organisation_id: true, co_organiser_ids: true,
  start_year: true, end_year: true, created_at: true,
} as const;

const LOCK_SUB_PROJECT = `
  SELECT sp.id, sp.code, sp.name, sp.status, sp.version, sp.programme_id, sp.lead_organisation_id, sp.start_year, sp.end_year, sp.created_at,
         ARRAY(SELECT c.organisation_id FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id ORDER BY c.seq) AS co_organiser_ids
    FROM sub_project sp`;

/** The sub-project, locked for the rest of the transaction. $1 code / id */
export const LOCK_SUB_PROJECT_BY_CODE = defineQuery<LockedSubProject>('sub-projects.lock-by-code', `${LOCK_SUB_PROJECT} WHERE sp.code = $1 FOR UPDATE OF sp`, LOCKED_COLUMNS);

/** $1 organisation codes */
export const ORGANISATIONS_BY_CODE = defineQuery<{ id: string; code: string }>(
  'sub-projects.organisations-by-code', 'SELECT id, code FROM organisation WHERE code = ANY($1::text[])', { id: true, code: true },
);

/** $1 organisation ids */
export const ORGANISATIONS_BY_ID = defineQuery<{ id: string; code: string }>(
  'sub-projects.organisations-by-id', 'SELECT id, code FROM organisation WHERE id = ANY($1::uuid[])', { id: true, code: true },
);
