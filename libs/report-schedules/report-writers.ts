import ExcelJS from 'exceljs';
import { ScheduledReportFormat } from './report-schedule.entity.js';
import type { Cell, ReportTable } from './report-rows.js';

export interface WrittenReport {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

/** UTF-8's byte order mark: without it Excel reads a CSV as the local code page and garbles Chinese. */
const BOM = '\uFEFF';

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv(table: ReportTable): WrittenReport {
  const lines = [table.columns.map((c) => c.header), ...table.rows].map((row) => row.map(csvField).join(','));
  return { bytes: Buffer.from(BOM + lines.map((l) => `${l}\r\n`).join(''), 'utf8'), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
}

export async function writeXlsx(table: ReportTable, meta: { createdAt: Date; sheetName?: string }): Promise<WrittenReport> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Guankao 管考';
  workbook.created = meta.createdAt;
  workbook.modified = meta.createdAt;
  const sheet = workbook.addWorksheet((meta.sheetName ?? table.title).slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { bytes, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
}

export async function writeReport(table: ReportTable, format: ScheduledReportFormat, createdAt: Date): Promise<WrittenReport> {
  if (format === ScheduledReportFormat.Xlsx) return writeXlsx(table, { createdAt });
  if (format === ScheduledReportFormat.Csv) return writeCsv(table);
  throw new Error(`unknown report format "${format}"`);
}
