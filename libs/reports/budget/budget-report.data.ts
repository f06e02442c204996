import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors.js';
import { type YearView, yearView } from '../../common/roc.js';
import { inSnapshot } from '../snapshot.js';
import { rowOf, rowsOf } from '../../database/sql-query.js';
import { BUDGET_AXES, BUDGET_CELLS, BUDGET_PRINTED_TOTALS, BUDGET_SOURCES, PROGRAMME } from '../report-generators.queries.js';

/** Exact decimals (億元) as PostgreSQL sums them, e.g. "19.4300"; null where no line exists. */
export interface BudgetSplit {
  existing: string | null;
  new: string | null;
  all: string | null;
}

interface BudgetReportRow {
  /** The axis name, or 未歸主軸 for programme lines without an axis. */
  label: string;
  axisCode: string | null;
  /** One per `years` entry. */
  years: BudgetSplit[];
  /** The whole period. */
  total: BudgetSplit;
}

export interface PrintedTotalCheck {
  rowLabel: string;
  column: string;
  year: YearView | null;
  kind: string;
  printed: string;
  computed: string | null;
}

/** Everything the budget report shows: 表8's shape, per axis × year × 既有/新增, with every total. */
export interface BudgetReportData {
  programme: { code: string; name: string; periodText: string | null };
  asOf: Date;
  unit: '億元';
  years: YearView[];
  rows: BudgetReportRow[];
  /** The 既有預算 / 新增預算 / 合計 rows: per year and for the whole period. */
  totals: { years: BudgetSplit[]; total: BudgetSplit };
  /** Totals the source document prints (budget_printed_total), each against the computed sum. */
  printedTotals: PrintedTotalCheck[];
  /** Where the lines come from, e.g. "003 表8". */
  sources: string[];
}

const NO_AXIS = '未歸主軸';

/**
 * Reads the budget report of a programme in one snapshot. Lines of single sub-projects are not
 * part of the axis budget (as in BudgetService). Budget lines keep no history, so `asOf` is the
 * moment the snapshot is taken for, stated on the report.
 */
export async function loadBudgetReport(manager: EntityManager, programmeId: string, asOf: Date): Promise<BudgetReportData> {
  return inSnapshot(manager, async (tx) => {
    const programme = await rowOf(tx, PROGRAMME, [programmeId]);
    if (!programme) throw AppError.notFound('programme', programmeId);
    const axes = await rowsOf(tx, BUDGET_AXES, [programmeId]);
    const cells = await rowsOf(tx, BUDGET_CELLS, [programmeId]);
    const printed = await rowsOf(tx, BUDGET_PRINTED_TOTALS, [programmeId]);
    const sources = await rowsOf(tx, BUDGET_SOURCES, [programmeId]);

    const lines = cells.filter((c) => c.by_axis || c.by_year || c.by_kind);
    const adYears = [...new Set(lines.filter((c) => c.by_year).map((c) => c.fiscal_year!))].sort((a, b) => a - b);
    // axis id (null: no axis) → year (null: whole period) → kind → amount
    const amount = (axisId: string | null | undefined, year: number | null, kind: keyof BudgetSplit): string | null => {
      const cell = cells.find(
        (c) =>
          (axisId === undefined ? !c.by_axis : c.by_axis && c.axis_id === axisId) &&
          (year === null ? !c.by_year : c.by_year && c.fiscal_year === year) &&
          (kind === 'all' ? !c.by_kind : c.by_kind && c.kind === kind),
      );
      return cell?.allocated ?? null;
    };
    const split = (axisId: string | null | undefined, year: number | null): BudgetSplit => ({
      existing: amount(axisId, year, 'existing'),
      new: amount(axisId, year, 'new'),
      all: amount(axisId, year, 'all'),
    });

    const rows: BudgetReportRow[] = axes.map((a) => ({
      label: a.name, axisCode: a.code, years: adYears.map((y) => split(a.id, y)), total: split(a.id, null),
    }));
    if (lines.some((c) => c.by_axis && c.axis_id === null)) {
      rows.push({ label: NO_AXIS, axisCode: null, years: adYears.map((y) => split(null, y)), total: split(null, null) });
    }

    const printedTotals = printed.map((t): PrintedTotalCheck => {
      const kind = t.kind as keyof BudgetSplit;
      return {
        rowLabel: t.row_label, column: t.column, year: yearView(t.fiscal_year), kind: t.kind, printed: t.amount,
        computed: lines.length === 0 ? null : amount(t.axis_id ?? undefined, t.fiscal_year, kind),
      };
    });

    return {
      programme: { code: programme.code, name: programme.name, periodText: programme.period_text },
      asOf,
      unit: '億元',
      years: adYears.map((y) => yearView(y)),
      rows,
      totals: { years: adYears.map((y) => split(undefined, y)), total: split(undefined, null) },
      printedTotals,
      sources: sources.map((s) => s.source),
    };
  });
}

/** Equal as amounts: "19.4300" and "19.43" are the same figure. */
export function sameAmount(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const norm = (v: string) => {
    const [whole, fraction = ''] = v.split('.');
    return `${whole.replace(/^(-?)0+(?=\d)/, '$1')}.${fraction.replace(/0+$/, '')}`;
  };
  return norm(a) === norm(b);
}
