import type { Writable } from 'node:stream';
import { formatAmount } from '../../common/decimal.js';
import { type XlsxColumn, XlsxReport } from '../xlsx/xlsx-report.js';
import type { BudgetReportData } from './budget-report.data.js';
import { sameAmount } from './budget-report.data.js';
import { BUDGET_SUBTITLE, budgetColumnHeaders, budgetGroups, budgetNotes, budgetRows, budgetTitle } from './budget-report.layout.js';

/** The budget report as a workbook: 表8's table (numbers as numbers), and the printed-total check. */
export async function renderBudgetReportXlsx(data: BudgetReportData, out: Writable): Promise<void> {
  const xlsx = new XlsxReport(out, data.asOf);
  const columns: XlsxColumn[] = budgetColumnHeaders(data).map((header, i) => (i === 0 ? { header, width: 24 } : { header, width: 10, kind: 'amount' }));
  const sheet = xlsx.sheet('預算', { title: budgetTitle(data), subtitle: BUDGET_SUBTITLE, columns, groups: budgetGroups(data), landscape: data.years.length > 4 });
  for (const row of budgetRows(data)) sheet.row(row.cells.map((c) => ({ value: c.value, span: c.span })), { emphasis: row.total });
  sheet.row(columns.map(() => null));
  for (const note of budgetNotes(data)) sheet.row([{ value: note, span: columns.length }]);

  if (data.printedTotals.length > 0) {
    const check = xlsx.sheet('合計核對', {
      title: budgetTitle(data),
      subtitle: '計畫書所載合計數與系統加總之核對',
      columns: [
        { header: '列', width: 22 }, { header: '欄', width: 10 }, { header: '年度', width: 14 }, { header: '類別', width: 8 },
        { header: '計畫書所載', width: 12, kind: 'amount' }, { header: '系統加總', width: 12, kind: 'amount' }, { header: '相符', width: 6 },
      ],
    });
    const kinds: Record<string, string> = { existing: '既有', new: '新增', all: '合計' };
    for (const t of data.printedTotals) {
      check.row([
        t.rowLabel, t.column === 'year' ? '年度' : t.column, t.year ? `${t.year.roc} 年（${t.year.ad}）` : '全期', kinds[t.kind] ?? t.kind,
        t.printed, t.computed, sameAmount(t.printed, t.computed) ? '是' : `否（${formatAmount(t.computed) ?? '無'}）`,
      ]);
    }
  }
  await xlsx.end();
}
