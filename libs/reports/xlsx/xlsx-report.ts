import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { decimalToNumber } from '../../common/decimal.js';
import { datedWorkbookWriter } from '../../files/index.js';
import { asOfLine } from '../as-of.js';

/** How a column's values are stored: text, or real numbers and dates a reader can compute with. */
type XlsxColumnKind = 'text' | 'amount' | 'integer' | 'date';

export interface XlsxColumn {
  header: string;
  /** In characters, as Excel counts them (a Chinese character is about two). */
  width: number;
  kind?: XlsxColumnKind;
}

/** A header cell over several columns; an empty one over a single column merges with its header. */
export interface XlsxHeaderGroup {
  text: string;
  span: number;
}

/**
 * A value for a column: amounts as exact decimal strings (numeric from PostgreSQL), integers as
 * numbers, dates as ISO dates. `{ value, span }` spans several columns (merged cells).
 */
export type XlsxValue = string | number | null;
/** `colours` paints a cell (a light: the word on its colour), as `#rrggbb`. */
export type XlsxCell = XlsxValue | { value: XlsxValue; span?: number; colours?: { fill: string; ink: string } };

export interface XlsxSheetOptions {
  title: string;
  subtitle?: string;
  columns: XlsxColumn[];
  groups?: XlsxHeaderGroup[];
  landscape?: boolean;
}

/** 億元 to four decimals as stored, shown with at least two: 19.43, 1.2345. */
const AMOUNT_FORMAT = '#,##0.00##';
const INTEGER_FORMAT = '#,##0';
const DATE_FORMAT = 'yyyy-mm-dd';
/** 微軟正黑體, what Taiwanese offices read on screen; other systems substitute their CJK sans. */
const FONT_NAME = 'Microsoft JhengHei';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
const EMPHASIS_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

/**
 * An XLSX report written as it goes (exceljs's streaming writer): each row is committed when
 * added, so a sheet of 10k rows never sits in memory. Every sheet starts with its title and the
 * as-of line, then a styled header row that stays frozen while scrolling.
 */
export class XlsxReport {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly names = new Set<string>();
  private openSheet: XlsxSheet | null = null;

  constructor(
    private readonly out: Writable,
    private readonly asOf: Date,
  ) {
    // The one dated writer (libs/files/xlsx.ts): the same as-of and data give the same file.
    this.workbook = datedWorkbookWriter(out, asOf, { useStyles: true, useSharedStrings: false });
  }

  sheet(name: string, options: XlsxSheetOptions): XlsxSheet {
    this.openSheet?.commit();
    this.openSheet = new XlsxSheet(this.workbook, this.uniqueName(name), options, this.asOf);
    return this.openSheet;
  }

  /** Finishes the workbook and waits until `out` has everything. */
  async end(): Promise<void> {
    this.openSheet?.commit();
    await this.workbook.commit();
    await finished(this.out);
  }

  /** Excel allows 31 characters and none of []:*?/\ in a sheet name, each name once. */
  private uniqueName(name: string): string {
    const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
    let candidate = base;
    for (let n = 2; this.names.has(candidate); n++) candidate = `${base.slice(0, 31 - String(n).length - 1)}_${n}`;
    this.names.add(candidate);
    return candidate;
  }
}

export class XlsxSheet {
  private readonly sheet: ExcelJS.Worksheet;
  private nextRow = 1;
  private committed = false;

  constructor(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, private readonly options: XlsxSheetOptions, asOf: Date) {
    const groups = options.groups ?? [];
    const spanned = groups.reduce((n, g) => n + g.span, 0);
    if (groups.length > 0 && spanned !== options.columns.length) {
      throw new Error(`XLSX sheet ${name}: header groups span ${spanned} columns, the sheet has ${options.columns.length}`);
    }
    const preamble = options.subtitle ? 4 : 3; // title, subtitle?, as-of, blank
    const headerRow = preamble + (groups.length > 0 ? 2 : 1);
    this.sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
      pageSetup: { paperSize: 9, orientation: options.landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    this.sheet.columns = options.columns.map((c) => ({ width: c.width }));

    this.line(options.title, { name: FONT_NAME, size: 14, bold: true });
    if (options.subtitle) this.line(options.subtitle, { name: FONT_NAME, size: 12 });
    this.line(asOfLine(asOf), { name: FONT_NAME, size: 10 });
    this.commitRow(this.sheet.getRow(this.nextRow++));
    this.header(groups);
  }

  /** Adds and commits one row. */
  row(cells: XlsxCell[], style: { emphasis?: boolean } = {}): this {
    const row = this.sheet.getRow(this.nextRow++);
    let column = 0;
    for (const cell of cells) {
      const span = cell !== null && typeof cell === 'object' ? cell.span ?? 1 : 1;
      const value = cell !== null && typeof cell === 'object' ? cell.value : cell;
      const colours = cell !== null && typeof cell === 'object' ? cell.colours : undefined;
      if (column + span > this.options.columns.length) throw new Error(`XLSX row ${row.number} has more than ${this.options.columns.length} columns`);
      const spec = this.options.columns[column];
      for (let i = column; i < column + span; i++) {
        const target = row.getCell(i + 1);
        target.border = THIN;
        target.font = { name: FONT_NAME, size: 10, bold: style.emphasis ?? false };
        if (style.emphasis) target.fill = EMPHASIS_FILL;
        if (colours) {
          target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(colours.fill) } };
          target.font = { ...target.font, color: { argb: argb(colours.ink) } };
        }
      }
      const target = row.getCell(column + 1);
      this.setValue(target, value, spec);
      if (span > 1) this.sheet.mergeCells(row.number, column + 1, row.number, column + span);
      column += span;
    }
    if (column !== this.options.columns.length) throw new Error(`XLSX row ${row.number} has ${column} columns, the sheet has ${this.options.columns.length}`);
    this.commitRow(row);
    return this;
  }

  commit(): void {
    if (this.committed) return;
    this.committed = true;
    this.sheet.commit();
  }

  private setValue(cell: ExcelJS.Cell, value: XlsxValue, column: XlsxColumn): void {
    if (value === null || value === '') return;
    switch (column.kind ?? 'text') {
      case 'amount':
        cell.value = typeof value === 'number' ? value : decimalToNumber(value);
        cell.numFmt = AMOUNT_FORMAT;
        cell.alignment = { horizontal: 'right', vertical: 'top' };
        return;
      case 'integer':
        cell.value = typeof value === 'number' ? value : Number.parseInt(value, 10);
        cell.numFmt = INTEGER_FORMAT;
        cell.alignment = { horizontal: 'right', vertical: 'top' };
        return;
      case 'date':
        cell.value = new Date(`${value}T00:00:00Z`);
        cell.numFmt = DATE_FORMAT;
        cell.alignment = { horizontal: 'center', vertical: 'top' };
        return;
      case 'text':
        cell.value = String(value);
        cell.alignment = { vertical: 'top', wrapText: true };
        return;
    }
  }

  private line(text: string, font: Partial<ExcelJS.Font>): void {
    const row = this.sheet.getRow(this.nextRow++);
    row.getCell(1).value = text;
    row.getCell(1).font = font;
    this.commitRow(row);
  }

  private header(groups: XlsxHeaderGroup[]): void {
    const style = (cell: ExcelJS.Cell) => {
      cell.font = { name: FONT_NAME, size: 10, bold: true };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    };
    const groupRow = groups.length > 0 ? this.sheet.getRow(this.nextRow++) : null;
    const headerRow = this.sheet.getRow(this.nextRow++);
    // Columns under an empty single-column group take both header rows (one merged cell).
    const merged = new Set<number>();
    let column = 1;
    for (const g of groups) {
      if (g.text === '' && g.span === 1) merged.add(column);
      column += g.span;
    }
    this.options.columns.forEach((c, i) => {
      style(headerRow.getCell(i + 1));
      if (groupRow) style(groupRow.getCell(i + 1));
      if (merged.has(i + 1)) groupRow!.getCell(i + 1).value = c.header;
      else headerRow.getCell(i + 1).value = c.header;
    });
    if (groupRow) {
      column = 1;
      for (const g of groups) {
        if (merged.has(column)) this.sheet.mergeCells(groupRow.number, column, headerRow.number, column);
        else {
          groupRow.getCell(column).value = g.text;
          if (g.span > 1) this.sheet.mergeCells(groupRow.number, column, groupRow.number, column + g.span - 1);
        }
        column += g.span;
      }
      this.commitRow(groupRow);
    }
    this.commitRow(headerRow);
  }

  private commitRow(row: ExcelJS.Row): void {
    row.commit();
  }
}

/** #rrggbb as exceljs's ARGB. */
function argb(hex: string): string {
  return `FF${hex.replace('#', '').toUpperCase()}`;
}
