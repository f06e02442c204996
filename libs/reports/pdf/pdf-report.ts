import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import { asOfLine, asOfShort } from '../as-of.js';
import type { ReportFont } from './font.js';

export interface PdfColumn {
  header: string;
  /** Relative width: the columns share the text width in proportion. */
  width: number;
  /** Numbers right, text left (the default), codes or marks centre. */
  align?: 'left' | 'right' | 'center';
}

/**
 * A header cell above one or more columns (e.g. "107 年" over 既有 and 新增). A group with no
 * text over a single column merges with that column's header (e.g. 行動計畫 spanning both rows).
 */
export interface PdfHeaderGroup {
  text: string;
  span: number;
}

/** A cell's text, or a cell spanning several columns (e.g. 合計 over 既有 and 新增). */
export type PdfCell = string | null | { text: string | null; span: number };

export interface PdfRowStyle {
  /** Total rows: shaded, in bold. */
  emphasis?: boolean;
}

export interface PdfReportOptions {
  font: ReportFont;
  title: string;
  subtitle?: string;
  asOf: Date;
  /** Wide tables (more than about a dozen columns) read better across the page. */
  landscape?: boolean;
}

const MARGIN = { top: 48, bottom: 56, left: 42, right: 42 };
const TITLE_SIZE = 16;
const SUBTITLE_SIZE = 12;
const BODY_SIZE = 10;
const TABLE_SIZE = 9;
const FOOTER_SIZE = 8;
const CELL_PADDING = 3;
const RULE = '#808080';
const HEADER_FILL = '#e6e6e6';
const EMPHASIS_FILL = '#f2f2f2';
const INK = '#000000';
/** Fake bold (fill and stroke the glyphs): one embedded face keeps files small. */
const BOLD_STROKE = 0.3;
const FONT = 'report';

/**
 * A PDF report for officials: A4, a title, the as-of time in ROC and AD, tables that break across
 * pages repeating their header, and "第 n 頁／共 m 頁" on every page. Output streams to `out`;
 * pages are kept (small, compressed at the end) only to number them once the total is known.
 */
export class PdfReport {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<void>;
  private openTable: PdfTable | null = null;

  constructor(
    out: Writable,
    private readonly options: PdfReportOptions,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: MARGIN,
      bufferPages: true,
      // Stamped with the as-of, never the clock: the same as-of and data give the same bytes (the file ID derives from this too).
      info: {
        Title: options.title, Subject: options.subtitle ?? options.title, Creator: 'Guankao 管考', Producer: 'Guankao 管考 (PDFKit)',
        CreationDate: options.asOf, ModDate: options.asOf,
      },
      lang: 'zh-TW',
      displayTitle: true,
    });
    // pdfkit accepts a parsed fontkit font; the types only list paths and buffers.
    this.doc.registerFont(FONT, options.font.font as unknown as string);
    this.doc.font(FONT).fillColor(INK).strokeColor(INK);
    this.done = finished(this.doc.pipe(out));

    this.write(options.title, TITLE_SIZE, { bold: true, gapAfter: 4 });
    if (options.subtitle) this.write(options.subtitle, SUBTITLE_SIZE, { gapAfter: 4 });
    this.write(asOfLine(options.asOf), BODY_SIZE, { gapAfter: 10 });
  }

  /** Width of the text area, in points. */
  get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  heading(text: string): this {
    this.closeTable();
    this.ensureSpace(TITLE_SIZE * 3);
    this.doc.moveDown(0.5);
    this.write(text, SUBTITLE_SIZE, { bold: true, gapAfter: 4 });
    return this;
  }

  paragraph(text: string): this {
    this.closeTable();
    this.write(text, BODY_SIZE, { gapAfter: 4 });
    return this;
  }

  /** Starts a table; add its rows one at a time, so long tables never sit in memory. */
  table(columns: PdfColumn[], options: { groups?: PdfHeaderGroup[] } = {}): PdfTable {
    this.closeTable();
    this.openTable = new PdfTable(this.doc, columns, options.groups ?? [], MARGIN.left, this.width, this.pageBottom());
    return this.openTable;
  }

  /** Numbers the pages, ends the document and waits until `out` has everything. */
  async end(): Promise<void> {
    this.closeTable();
    const { start, count } = this.doc.bufferedPageRange();
    const footer = `資料截至 ${asOfShort(this.options.asOf)}`;
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      // Writing inside the bottom margin would otherwise make pdfkit start a new page.
      page.margins.bottom = 0;
      const y = page.height - MARGIN.bottom + 20;
      const width = page.width - MARGIN.left - MARGIN.right;
      this.doc.font(FONT).fontSize(FOOTER_SIZE).fillColor('#404040');
      this.doc.text(footer, MARGIN.left, y, { width, align: 'left', lineBreak: false });
      this.doc.text(`第 ${i - start + 1} 頁／共 ${count} 頁`, MARGIN.left, y, { width, align: 'center', lineBreak: false });
      if (i > start) this.doc.text(this.options.title, MARGIN.left, MARGIN.top - 24, { width, align: 'right', lineBreak: false, height: FOOTER_SIZE * 1.5, ellipsis: true });
      page.margins.bottom = MARGIN.bottom;
    }
    this.doc.fillColor(INK);
    this.doc.end();
    await this.done;
  }

  private closeTable(): void {
    if (!this.openTable) return;
    this.doc.x = MARGIN.left;
    this.doc.y = this.openTable.bottom + 8;
    this.openTable = null;
  }

  private pageBottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.pageBottom()) this.doc.addPage();
  }

  private write(text: string, size: number, options: { bold?: boolean; gapAfter?: number }): void {
    this.doc.font(FONT).fontSize(size);
    this.ensureSpace(this.doc.heightOfString(text, { width: this.width }));
    boldText(this.doc, options.bold ?? false, () => this.doc.text(text, MARGIN.left, this.doc.y, { width: this.width, ...boldOptions(options.bold ?? false) }));
    this.doc.y += options.gapAfter ?? 0;
  }
}

/**
 * One table of a PdfReport. Each row is measured, moved to a new page (under a repeated header)
 * when it does not fit, and drawn at once; rows taller than a page are cut with an ellipsis.
 */
export class PdfTable {
  private readonly xs: number[];
  private readonly widths: number[];
  private y: number;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly columns: PdfColumn[],
    private readonly groups: PdfHeaderGroup[],
    private readonly left: number,
    width: number,
    private readonly pageBottom: number,
  ) {
    const spanned = groups.reduce((n, g) => n + g.span, 0);
    if (groups.length > 0 && spanned !== columns.length) {
      throw new Error(`PDF table: header groups span ${spanned} columns, the table has ${columns.length}`);
    }
    const total = columns.reduce((n, c) => n + c.width, 0);
    this.widths = columns.map((c) => (c.width / total) * width);
    this.xs = this.widths.map((_, i) => left + this.widths.slice(0, i).reduce((a, b) => a + b, 0));
    this.y = doc.y;
    if (this.y + this.headerHeight() + this.minRowHeight() > pageBottom) this.newPage();
    else this.drawHeader();
  }

  /** Where the table ends on the current page. */
  get bottom(): number {
    return this.y;
  }

  row(cells: PdfCell[], style: PdfRowStyle = {}): this {
    const laid = this.layoutRow(cells);
    const bold = style.emphasis ?? false;
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    const room = this.pageBottom - this.pageTop() - this.headerHeight();
    let height = Math.max(...laid.map((c) => this.textHeight(c.text, c.width, bold))) + 2 * CELL_PADDING;
    height = Math.min(height, room);
    if (this.y + height > this.pageBottom) this.newPage();

    if (bold) this.doc.rect(this.left, this.y, this.xs.at(-1)! + this.widths.at(-1)! - this.left, height).fill(EMPHASIS_FILL);
    for (const cell of laid) {
      this.rule(cell.x, this.y, cell.width, height);
      if (cell.text) {
        this.cellText(cell.text, cell.x, this.y + CELL_PADDING, cell.width, cell.align, bold, height - 2 * CELL_PADDING);
      }
    }
    this.y += height;
    return this;
  }

  private layoutRow(cells: PdfCell[]): { text: string | null; x: number; width: number; align: PdfColumn['align'] }[] {
    const laid: { text: string | null; x: number; width: number; align: PdfColumn['align'] }[] = [];
    let column = 0;
    for (const cell of cells) {
      const span = cell !== null && typeof cell === 'object' ? cell.span : 1;
      const text = cell !== null && typeof cell === 'object' ? cell.text : cell;
      if (column + span > this.columns.length) throw new Error(`PDF table: a row has more than ${this.columns.length} columns`);
      const width = this.widths.slice(column, column + span).reduce((a, b) => a + b, 0);
      laid.push({ text, x: this.xs[column], width, align: this.columns[column].align ?? 'left' });
      column += span;
    }
    if (column !== this.columns.length) throw new Error(`PDF table: a row has ${column} columns, the table has ${this.columns.length}`);
    return laid;
  }

  private pageTop(): number {
    return this.doc.page.margins.top;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = this.pageTop();
    this.drawHeader();
  }

  private minRowHeight(): number {
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    return this.doc.currentLineHeight(true) + 2 * CELL_PADDING;
  }

  private groupHeight(): number {
    if (this.groups.length === 0) return 0;
    let column = 0;
    let height = 0;
    for (const g of this.groups) {
      const width = this.widths.slice(column, column + g.span).reduce((a, b) => a + b, 0);
      height = Math.max(height, this.textHeight(g.text || ' ', width, true));
      column += g.span;
    }
    return height + 2 * CELL_PADDING;
  }

  private columnHeaderHeight(): number {
    return Math.max(...this.columns.map((c, i) => this.textHeight(c.header || ' ', this.widths[i], true))) + 2 * CELL_PADDING;
  }

  private headerHeight(): number {
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    return this.groupHeight() + this.columnHeaderHeight();
  }

  private drawHeader(): void {
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    const top = this.y;
    const groupHeight = this.groupHeight();
    const columnHeight = this.columnHeaderHeight();
    const width = this.xs.at(-1)! + this.widths.at(-1)! - this.left;
    this.doc.rect(this.left, top, width, groupHeight + columnHeight).fill(HEADER_FILL);
    // Columns under an empty single-column group take both header rows.
    const merged = new Set<number>();
    let column = 0;
    for (const g of this.groups) {
      const w = this.widths.slice(column, column + g.span).reduce((a, b) => a + b, 0);
      if (g.text === '' && g.span === 1) merged.add(column);
      else {
        this.rule(this.xs[column], top, w, groupHeight);
        this.centred(g.text, this.xs[column], top, w, groupHeight);
      }
      column += g.span;
    }
    this.columns.forEach((c, i) => {
      const y = merged.has(i) ? top : top + groupHeight;
      const h = merged.has(i) ? groupHeight + columnHeight : columnHeight;
      this.rule(this.xs[i], y, this.widths[i], h);
      this.centred(c.header, this.xs[i], y, this.widths[i], h);
    });
    this.y = top + groupHeight + columnHeight;
  }

  private centred(text: string, x: number, y: number, width: number, height: number): void {
    if (!text) return;
    const textHeight = this.textHeight(text, width, true);
    this.cellText(text, x, y + (height - textHeight) / 2, width, 'center', true, textHeight);
  }

  private textHeight(text: string | null, width: number, bold: boolean): number {
    if (!text) return this.doc.currentLineHeight(true);
    return this.doc.heightOfString(text, { width: width - 2 * CELL_PADDING, ...boldOptions(bold) });
  }

  private cellText(text: string, x: number, y: number, width: number, align: PdfColumn['align'], bold: boolean, height: number): void {
    this.doc.font(FONT).fontSize(TABLE_SIZE).fillColor(INK);
    boldText(this.doc, bold, () =>
      this.doc.text(text, x + CELL_PADDING, y, { width: width - 2 * CELL_PADDING, height: height + 1, ellipsis: true, align: align ?? 'left', ...boldOptions(bold) }),
    );
  }

  private rule(x: number, y: number, width: number, height: number): void {
    this.doc.save().lineWidth(0.5).strokeColor(RULE).rect(x, y, width, height).stroke().restore();
  }
}

function boldOptions(bold: boolean): PDFKit.Mixins.TextOptions {
  return bold ? { fill: true, stroke: true } : {};
}

function boldText(doc: PDFKit.PDFDocument, bold: boolean, draw: () => void): void {
  if (!bold) return draw();
  doc.save().lineWidth(BOLD_STROKE).strokeColor(INK);
  draw();
  doc.restore();
}
