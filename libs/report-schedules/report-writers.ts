import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CSV_CONTENT_TYPE, csvDocument, datedWorkbookWriter, XLSX_CONTENT_TYPE } from '../files/index.js';
import { ScheduledReportFormat } from './report-schedule.entity.js';
import type { ReportTable } from './report-rows.js';

export interface WrittenReport {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

/** CSV (libs/files/csv.ts): BOM, RFC 4180, text that a spreadsheet would run as a formula neutralised. */
export function writeCsv(table: ReportTable): WrittenReport {
  const bytes = csvDocument([table.columns.map((c) => c.header), ...table.rows]);
  return { bytes, contentType: CSV_CONTENT_TYPE, extension: 'csv' };
}

/** XLSX through the one dated writer (libs/files/xlsx.ts): the same data and date give the same bytes. */
async function writeXlsx(table: ReportTable, meta: { createdAt: Date; sheetName?: string }): Promise<WrittenReport> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = datedWorkbookWriter(out, meta.createdAt, { useStyles: true });
  const sheet = workbook.addWorksheet((meta.sheetName ?? table.title).slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  // Text stays text: exceljs writes a string as a string cell, never as a formula.
  for (const row of table.rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await finished(out);
  return { bytes: Buffer.concat(chunks), contentType: XLSX_CONTENT_TYPE, extension: 'xlsx' };
}

export async function writeReport(table: ReportTable, format: ScheduledReportFormat, createdAt: Date): Promise<WrittenReport> {
  if (format === ScheduledReportFormat.Xlsx) return writeXlsx(table, { createdAt });
  if (format === ScheduledReportFormat.Csv) return writeCsv(table);
  throw new Error(`unknown report format "${format}"`);
}
