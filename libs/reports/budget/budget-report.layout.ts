import { formatAmount } from '../../common/decimal.js';
import type { BudgetReportData, BudgetSplit, PrintedTotalCheck } from './budget-report.data.js';
import { sameAmount } from './budget-report.data.js';

/**
 * 表8's layout, shared by the PDF and the XLSX: 行動計畫 | per year 既有 新增 | 合計 既有 新增 |
 * 預算總額; one row per axis, then 既有預算, 新增預算 and 合計, as the 2018 plan prints them.
 */
const BUDGET_TITLE = '預算報表';
export const BUDGET_SUBTITLE = '各行動計畫（主軸）年度經費：既有預算／新增預算';
const LABEL_HEADER = '行動計畫';

interface BudgetTableCell {
  /** Exact decimal, or a label in the first column. */
  value: string | null;
  span: number;
}

export interface BudgetTableRow {
  cells: BudgetTableCell[];
  /** The three total rows. */
  total: boolean;
}

export function budgetTitle(data: BudgetReportData): string {
  const period = data.programme.periodText ? `（${data.programme.periodText}）` : '';
  return `${data.programme.name}${period} ${BUDGET_TITLE}`;
}

/** Group header row: each year over its two columns, 合計 over two, 預算總額 over both header rows. */
export function budgetGroups(data: BudgetReportData): { text: string; span: number }[] {
  return [
    { text: '', span: 1 },
    ...data.years.map((y) => ({ text: `${y.roc} 年（${y.ad}）`, span: 2 })),
    { text: '合計', span: 2 },
    { text: '', span: 1 },
  ];
}

export function budgetColumnHeaders(data: BudgetReportData): string[] {
  return [LABEL_HEADER, ...data.years.flatMap(() => ['既有', '新增']), '既有', '新增', '預算總額'];
}

const one = (value: string | null): BudgetTableCell => ({ value, span: 1 });
const pair = (s: BudgetSplit): BudgetTableCell[] => [one(s.existing), one(s.new)];

export function budgetRows(data: BudgetReportData): BudgetTableRow[] {
  const { totals } = data;
  return [
    ...data.rows.map((r) => ({ cells: [one(r.label), ...r.years.flatMap(pair), ...pair(r.total), one(r.total.all)], total: false })),
    {
      cells: [one('既有預算'), ...totals.years.flatMap((y) => [one(y.existing), one(null)]), one(totals.total.existing), one(null), one(totals.total.existing)],
      total: true,
    },
    {
      cells: [one('新增預算'), ...totals.years.flatMap((y) => [one(null), one(y.new)]), one(null), one(totals.total.new), one(totals.total.new)],
      total: true,
    },
    {
      cells: [one('合計'), ...totals.years.map((y) => ({ value: y.all, span: 2 })), { value: totals.total.all, span: 2 }, one(totals.total.all)],
      total: true,
    },
  ];
}

/** The notes under the table: unit, sources, and how the printed totals compare. */
export function budgetNotes(data: BudgetReportData): string[] {
  const notes = [`單位：${data.unit}。合計及預算總額為各年度金額之加總。`];
  if (data.sources.length > 0) notes.push(`資料來源：${data.sources.join('、')}。`);
  if (data.printedTotals.length > 0) {
    const mismatches = data.printedTotals.filter((t) => !sameAmount(t.printed, t.computed));
    notes.push(
      mismatches.length === 0
        ? `與計畫書所載之 ${data.printedTotals.length} 項合計數核對，全部相符。`
        : `與計畫書所載之 ${data.printedTotals.length} 項合計數核對，${mismatches.length} 項不符：` +
            mismatches
              .map((m) => `${printedCellName(m)}：計畫書 ${formatAmount(m.printed)}，加總 ${formatAmount(m.computed) ?? '無'}`)
              .join('；') +
            '。',
    );
  }
  return notes;
}

const KIND_NAMES: Record<string, string> = { existing: '既有', new: '新增' };

/** "既有預算 107 年（既有）", "AI 人才衝刺 合計（新增）", "合計 預算總額": a printed cell as a reader finds it. */
function printedCellName(t: PrintedTotalCheck): string {
  const year = t.year ? ` ${t.year.roc} 年` : '';
  const column = t.column === 'year' ? '' : ` ${t.column}`;
  const kind = KIND_NAMES[t.kind] ? `（${KIND_NAMES[t.kind]}）` : '';
  return `${t.rowLabel}${year}${column}${kind}`;
}
