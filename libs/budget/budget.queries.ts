import { defineQuery } from '../database/sql-query.js';

/** $1 programme code */
export const BUDGET_PROGRAMME = defineQuery<{ id: string; code: string; name: string }>(
  'budget.programme', 'SELECT id, code, name FROM programme WHERE code = $1', { id: true, code: true, name: true },
);

export interface CellRow {
  axis_code: string | null; axis_seq: number | null; axis_name: string | null; fiscal_year: number | null; kind: 'existing' | 'new' | null;
  allocated: string; executed: string | null; by_axis: boolean; by_year: boolean; by_kind: boolean;
}

/** The programme's lines and every subtotal in one pass (GROUPING SETS; GROUPING() tells which is which). $1 programme id */
export const BUDGET_CELLS = defineQuery<CellRow>(
  'budget.cells',
  `SELECT a.code AS axis_code, a.seq AS axis_seq, a.name AS axis_name, b.fiscal_year, b.kind,
          sum(b.allocated)::text AS allocated,
          CASE WHEN count(b.executed) > 0 THEN sum(b.executed)::text END AS executed,
          GROUPING(a.code) = 0 AS by_axis, GROUPING(b.fiscal_year) = 0 AS by_year, GROUPING(b.kind) = 0 AS by_kind
     FROM budget_line b LEFT JOIN axis a ON a.id = b.axis_id
    WHERE b.programme_id = $1 AND b.sub_project_id IS NULL
    GROUP BY GROUPING SETS ((a.code, a.seq, a.name, b.fiscal_year, b.kind), (a.code, a.seq, a.name, b.kind), (a.code, a.seq, a.name),
                            (b.fiscal_year, b.kind), (b.fiscal_year), (b.kind), ())
    ORDER BY by_axis DESC, a.seq NULLS LAST, by_year DESC, b.fiscal_year NULLS LAST, by_kind DESC, b.kind NULLS LAST`,
  {
    axis_code: true, axis_seq: true, axis_name: true, fiscal_year: true, kind: true, allocated: true, executed: true, by_axis: true, by_year: true, by_kind: true,
  },
);

/** The totals as printed in the documents. $1 programme id */
export const PRINTED_TOTALS = defineQuery<{
  row_label: string; column: string; fiscal_year: number | null; kind: string; amount: string; source: string | null; axis_code: string | null;
}>(
  'budget.printed-totals',
  `SELECT t.row_label, t.column, t.fiscal_year, t.kind, t.amount::text AS amount, t.source, a.code AS axis_code
     FROM budget_printed_total t LEFT JOIN axis a ON a.id = t.axis_id
    WHERE t.programme_id = $1
    ORDER BY a.seq NULLS LAST, t.row_label, t.fiscal_year NULLS LAST, t.column, t.kind`,
  { row_label: true, column: true, fiscal_year: true, kind: true, amount: true, source: true, axis_code: true },
);
