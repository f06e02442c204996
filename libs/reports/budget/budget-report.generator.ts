import { Injectable } from '@nestjs/common';
import { REPORT_KINDS } from '../report-kinds.js';
import { type GenerateInput, GeneratesReport, type ReportGenerator, reportFileName, requireId } from '../report-generator.js';
import { type Report, ReportFormat, ReportKind } from '../report.entity.js';
import { loadBudgetReport } from './budget-report.data.js';
import { renderBudgetReportPdf } from './budget-report.pdf.js';
import { renderBudgetReportXlsx } from './budget-report.xlsx.js';

/** The budget report (表8's layout) of report.programmeId, as PDF or XLSX. */
@Injectable()
@GeneratesReport(ReportKind.Budget)
export class BudgetReportGenerator implements ReportGenerator {
  readonly formats = [ReportFormat.Pdf, ReportFormat.Xlsx] as const;

  async generate({ report, format, manager, out, font }: GenerateInput): Promise<{ rowCount: number }> {
    const data = await loadBudgetReport(manager, requireId(report.programmeId, 'programme'), report.asOf);
    if (format === ReportFormat.Pdf) await renderBudgetReportPdf(data, out, font);
    else await renderBudgetReportXlsx(data, out);
    return { rowCount: data.rows.length };
  }

  fileName(report: Report, format: ReportFormat): string {
    return reportFileName(REPORT_KINDS[ReportKind.Budget].title, String(report.parameters.programme ?? 'programme'), report.asOf, format);
  }
}
