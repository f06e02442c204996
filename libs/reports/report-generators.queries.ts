import { defineQuery } from '../database/sql-query.js';

/**
 * What the report generators read themselves (the dashboards' and meetings' queries supply the rest),
 * inside the report's snapshot. Checked against the schema by test/sql-queries.int-spec.ts.
 */

/** $1 programme id */
export const PROGRAMME = defineQuery<{ id: string; code: string; name: string; period_text: string | null }>(
  'reports.programme', 'SELECT id, code, name, period_text FROM programme WHERE id = $1', { id: true, code: true, name: true, period_text: true },
);

/** $1 meeting id */
export const MEETING_CODE = defineQuery<{ code: string }>('reports.meeting-code', 'SELECT code FROM meeting WHERE id = $1', { code: true });

// The budget report (budget/budget-report.data.ts), of programme $1.

export const BUDGET_AXES = defineQuery<{ id: string; code: string; name: string }>(
  'reports.budget-axes', 'SELECT id, code, name FROM axis WHERE programme_id = $1 ORDER BY seq, code', { id: true, code: true, name: true },
);

export interface BudgetCellRow {
  axis_id: string | null; fiscal_year: number | null; kind: 'existing' | 'new' | null; allocated: string; by_axis: boolean; by_year: boolean; by_kind: boolean;
}

/** GROUPING SETS: every line and subtotal of the programme-level budget in one pass, summed exactly (numeric) by PostgreSQL. */
export const BUDGET_CELLS = defineQuery<BudgetCellRow>(
  'reports.budget-cells',
  `SELECT b.axis_id, b.fiscal_year, b.kind, sum(b.allocated)::text AS allocated,
          GROUPING(b.axis_id) = 0 AS by_axis, GROUPING(b.fiscal_year) = 0 AS by_year, GROUPING(b.kind) = 0 AS by_kind
     FROM budget_line b
    WHERE b.programme_id = $1 AND b.sub_project_id IS NULL
    GROUP BY GROUPING SETS ((b.axis_id, b.fiscal_year, b.kind), (b.axis_id, b.fiscal_year), (b.axis_id, b.kind), (b.axis_id),
                            (b.fiscal_year, b.kind), (b.fiscal_year), (b.kind), ())`,
  { axis_id: true, fiscal_year: true, kind: true, allocated: true, by_axis: true, by_year: true, by_kind: true },
);

/** The totals as printed in the source (checked against the sums). */
export const BUDGET_PRINTED_TOTALS = defineQuery<{ row_label: string; column: string; fiscal_year: number | null; kind: string; amount: string; axis_id: string | null }>(
  'reports.budget-printed-totals',
  `SELECT t.row_label, t.column, t.fiscal_year, t.kind, t.amount::text AS amount, t.axis_id
     FROM budget_printed_total t LEFT JOIN axis a ON a.id = t.axis_id
    WHERE t.programme_id = $1
    ORDER BY a.seq NULLS LAST, t.fiscal_year NULLS LAST, t.kind, t.column, t.row_label`,
  { row_label: true, column: true, fiscal_year: true, kind: true, amount: true, axis_id: true },
);

export const BUDGET_SOURCES = defineQuery<{ source: string }>(
  'reports.budget-sources',
  `SELECT DISTINCT source FROM budget_line WHERE programme_id = $1 AND sub_project_id IS NULL AND source IS NOT NULL ORDER BY source`,
  { source: true },
);

/** An organisation and the ids of it and every unit under it: the scope of an organisation_status report. $1 organisation id */
export const ORGANISATION_TREE = defineQuery<{ code: string; name: string; ids: string[] }>(
  'reports.organisation-tree',
  `WITH RECURSIVE tree(id) AS (SELECT o.id FROM organisation o WHERE o.id = $1 UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
   SELECT o.code, o.name, (SELECT array_agg(t.id::text ORDER BY t.id) FROM tree t) AS ids FROM organisation o WHERE o.id = $1`,
  { code: true, name: true, ids: true },
);
