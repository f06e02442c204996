import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { formatAmount } from '../common/decimal.js';
import { AppError } from '../common/errors.js';
import { yearView } from '../common/roc.js';
import type { BudgetCellDto, BudgetSummaryDto, PrintedFigureDto } from './budget.views.js';

interface CellRow {
  axis_code: string | null; axis_seq: number | null; axis_name: string | null; fiscal_year: number | null; kind: 'existing' | 'new' | null;
  allocated: string; executed: string | null; by_axis: boolean; by_year: boolean; by_kind: boolean;
}

/**
 * Budget per programme × axis × year × existing/new, with every subtotal, summed exactly in
 * PostgreSQL (numeric). Lines of individual sub-projects are not part of the axis budget.
 */
@Injectable()
export class BudgetService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(programmeCode: string): Promise<BudgetSummaryDto> {
    const [programme] = await this.dataSource.query('SELECT id, code, name FROM programme WHERE code = $1', [programmeCode]);
    if (!programme) throw AppError.notFound('programme', programmeCode);

    // GROUPING SETS gives the lines and every subtotal in one pass; GROUPING() tells which is which.
    const rows: CellRow[] = await this.dataSource.query(
      `SELECT a.code AS axis_code, a.seq AS axis_seq, a.name AS axis_name, b.fiscal_year, b.kind,
              sum(b.allocated)::text AS allocated,
              CASE WHEN count(b.executed) > 0 THEN sum(b.executed)::text END AS executed,
              GROUPING(a.code) = 0 AS by_axis, GROUPING(b.fiscal_year) = 0 AS by_year, GROUPING(b.kind) = 0 AS by_kind
         FROM budget_line b LEFT JOIN axis a ON a.id = b.axis_id
        WHERE b.programme_id = $1 AND b.sub_project_id IS NULL
        GROUP BY GROUPING SETS ((a.code, a.seq, a.name, b.fiscal_year, b.kind), (a.code, a.seq, a.name, b.kind), (a.code, a.seq, a.name),
                                (b.fiscal_year, b.kind), (b.fiscal_year), (b.kind), ())
        ORDER BY by_axis DESC, a.seq NULLS LAST, by_year DESC, b.fiscal_year NULLS LAST, by_kind DESC, b.kind NULLS LAST`,
      [programme.id],
    );
    const hasLines = rows.some((r) => r.by_axis || r.by_year || r.by_kind);
    const cells: BudgetCellDto[] = hasLines
      ? rows.map((r) => ({
          axis: r.by_axis && r.axis_code ? { code: r.axis_code, seq: r.axis_seq!, name: r.axis_name! } : null,
          year: r.by_year ? yearView(r.fiscal_year) : null,
          kind: r.by_kind ? r.kind! : 'all',
          allocated: formatAmount(r.allocated),
          executed: formatAmount(r.executed),
        }))
      : [];

    const printed: { row_label: string; column: string; fiscal_year: number | null; kind: string; amount: string; source: string | null; axis_code: string | null }[] =
      await this.dataSource.query(
        `SELECT t.row_label, t.column, t.fiscal_year, t.kind, t.amount::text AS amount, t.source, a.code AS axis_code
           FROM budget_printed_total t LEFT JOIN axis a ON a.id = t.axis_id
          WHERE t.programme_id = $1
          ORDER BY a.seq NULLS LAST, t.row_label, t.fiscal_year NULLS LAST, t.column, t.kind`,
        [programme.id],
      );
    const printedTotals: PrintedFigureDto[] = printed.map((t) => {
      const cell = cells.find(
        (c) => (c.axis?.code ?? null) === t.axis_code && (c.year?.ad ?? null) === t.fiscal_year && c.kind === t.kind,
      );
      const computed = cell?.allocated ?? null;
      return {
        rowLabel: t.row_label, column: t.column, year: yearView(t.fiscal_year), kind: t.kind,
        printed: formatAmount(t.amount), computed, matches: computed === null ? null : computed === formatAmount(t.amount), source: t.source,
      };
    });

    const years = [...new Set(cells.filter((c) => c.year).map((c) => c.year!.ad))].sort().map((y) => yearView(y));
    return { programme: { code: programme.code, name: programme.name }, unit: '億元', years, cells, printedTotals };
  }
}
