import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { formatAmount } from '../common/decimal.js';
import { AppError } from '../common/errors.js';
import { yearView } from '../common/roc.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { BUDGET_CELLS, BUDGET_PROGRAMME, PRINTED_TOTALS } from './budget.queries.js';
import type { BudgetCellDto, BudgetSummaryDto, PrintedFigureDto } from './budget.views.js';

/**
 * Budget per programme × axis × year × existing/new, with every subtotal, summed exactly in
 * PostgreSQL (numeric). Lines of individual sub-projects are not part of the axis budget.
 */
@Injectable()
export class BudgetService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(programmeCode: string): Promise<BudgetSummaryDto> {
    const programme = await rowOf(this.dataSource, BUDGET_PROGRAMME, [programmeCode]);
    if (!programme) throw AppError.notFound('programme', programmeCode);

    const rows = await rowsOf(this.dataSource, BUDGET_CELLS, [programme.id]);
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

    const printed = await rowsOf(this.dataSource, PRINTED_TOTALS, [programme.id]);
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
