import type { Writable } from 'node:stream';
import { formatAmount } from '../../common/decimal.js';
import type { ReportFont } from '../pdf/font.js';
import { type PdfColumn, PdfReport } from '../pdf/pdf-report.js';
import type { BudgetReportData } from './budget-report.data.js';
import { BUDGET_SUBTITLE, budgetColumnHeaders, budgetGroups, budgetNotes, budgetRows, budgetTitle } from './budget-report.layout.js';

/** The budget report as a PDF: 表8's table, then its notes. */
export async function renderBudgetReportPdf(data: BudgetReportData, out: Writable, font: ReportFont): Promise<void> {
  // Four years fit across A4 portrait, as 表8 is printed; longer programmes turn the page.
  const pdf = new PdfReport(out, { font, title: budgetTitle(data), subtitle: BUDGET_SUBTITLE, asOf: data.asOf, landscape: data.years.length > 4 });
  const last = budgetColumnHeaders(data).length - 1;
  const columns: PdfColumn[] = budgetColumnHeaders(data).map((header, i) => (i === 0 ? { header, width: 2.6 } : { header, width: i === last ? 1.3 : 1, align: 'right' }));
  const table = pdf.table(columns, { groups: budgetGroups(data) });
  for (const row of budgetRows(data)) {
    table.row(
      row.cells.map((c, i) => ({ text: i === 0 ? c.value : formatAmount(c.value), span: c.span })),
      { emphasis: row.total },
    );
  }
  for (const note of budgetNotes(data)) pdf.paragraph(note);
  await pdf.end();
}
