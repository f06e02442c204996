import type { Writable } from 'node:stream';
import { once } from 'node:events';
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
  /** The header cell's own colours (e.g. 紅燈 over the red lights' counts), instead of the grey header. */
  headerColours?: CellColours;
}

/** A cell painted in a colour (a light), its text in a legible ink: the word always says what the colour does. */
export interface CellColours {
  fill: string;
  ink: string;
}

/**
 * A header cell above one or more columns (e.g. "107 年" over 既有 and 新增). A group with no
 * text over a single column merges with that column's header (e.g. 行動計畫 spanning both rows).
 */
export interface PdfHeaderGroup {
  text: string;
  span: number;
}

/** A cell's text, or a cell spanning several columns (e.g. 合計 over 既有 and 新增), or painted in colours. */
export type PdfCell = string | null | { text: string | null; span?: number; colours?: CellColours };

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
const FOOTER_INK = '#404040';
/** Fake bold (fill and stroke the glyphs): one embedded face keeps files small. */
const BOLD_STROKE = 0.3;
const FONT = 'report';
const ELLIPSIS = '…';
/** Name of each page's page-number form XObject in that page's resources. */
const PAGE_LABEL = 'PageNo';
/** Bounds the string-width cache of a long report (cleared when full). */
const WIDTH_CACHE_SIZE = 20_000;

/** What pdfkit keeps of the current embedded font; its text writer has no way to fill a stream other than a page's. */
interface EmbeddedFont {
  id: string;
  ascender: number;
  ref(): PDFKit.PDFKitReference;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
}

/** Measures strings in the table font, caching each string's width: names and statuses repeat on every page. */
class Widths {
  private readonly cache = new Map<string, number>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Width at the current font size; callers use it at one size only (TABLE_SIZE). */
  of(text: string): number {
    let width = this.cache.get(text);
    if (width === undefined) {
      if (this.cache.size >= WIDTH_CACHE_SIZE) this.cache.clear();
      width = this.doc.widthOfString(text);
      this.cache.set(text, width);
    }
    return width;
  }
}

/**
 * A PDF report for officials: A4, a title, the as-of time in ROC and AD, tables that break across
 * pages repeating their header, and "第 n 頁／共 m 頁" on every page. Output streams to `out` and
 * each page is written out as the next one starts, so memory does not grow with the page count:
 * a page's number label is a small form XObject it refers to, written at `end()` once the total is
 * known (text in it reads like any other text on the page, pdftotext included).
 */
export class PdfReport {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<void>;
  private readonly widths: Widths;
  private readonly footer: string;
  private openTable: PdfTable | null = null;
  /** The page-number labels to fill in at the end, one per page so far. */
  private readonly labels: { ref: PDFKit.PDFKitReference; width: number; height: number }[] = [];
  private labelResources: PDFKit.PDFKitReference | null = null;
  /** The root of the structure tree: every heading, paragraph and table in reading order. */
  private readonly structure: PDFKit.PDFStructureElement;

  constructor(
    private readonly out: Writable,
    private readonly options: PdfReportOptions,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: MARGIN,
      // Stamped with the as-of, never the clock: the same as-of and data give the same bytes (the file ID derives from this too).
      info: {
        Title: options.title, Subject: options.subtitle ?? options.title, Creator: 'Guankao 管考', Producer: 'Guankao 管考 (PDFKit)',
        CreationDate: options.asOf, ModDate: options.asOf,
      },
      lang: 'zh-TW',
      displayTitle: true,
      // A tagged PDF: headings, paragraphs and tables (rows, header and data cells) in a structure tree, in reading order, so
      // screen readers read a table row by row; page furniture (footer, page number, repeated headers, rules) are artifacts.
      tagged: true,
      pdfVersion: '1.7',
    });
    this.structure = this.doc.struct('Document');
    this.doc.addStructure(this.structure);
    // pdfkit accepts a parsed fontkit font; the types only list paths and buffers.
    this.doc.registerFont(FONT, options.font.font as unknown as string);
    this.doc.font(FONT).fillColor(INK).strokeColor(INK);
    this.widths = new Widths(this.doc);
    this.footer = `資料截至 ${asOfShort(options.asOf)}`;
    this.done = finished(this.doc.pipe(out));
    // Every page, including those pdfkit starts itself when a long paragraph runs over.
    this.doc.on('pageAdded', () => this.decoratePage());
    this.decoratePage();

    this.write(options.title, TITLE_SIZE, { bold: true, gapAfter: 4, tag: 'H1' });
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
    this.write(text, SUBTITLE_SIZE, { bold: true, gapAfter: 4, tag: 'H2' });
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
    const structure = this.doc.struct('Table');
    this.structure.add(structure);
    this.openTable = new PdfTable(this.doc, this.widths, columns, options.groups ?? [], MARGIN.left, this.width, this.pageBottom(), structure);
    return this.openTable;
  }

  /**
   * Lets what is written so far reach `out` before more is drawn. pdfkit pushes every object as it
   * ends without waiting for its reader, and a tagged table ends several small objects per row (its
   * structure elements): a long table drawn in one go would sit in memory as hundreds of thousands
   * of chunks. Call between rows now and then (renderSectioned does every ROWS_PER_BREATH rows).
   */
  async breathe(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.out.writableNeedDrain) await once(this.out, 'drain');
  }

  /** Fills in the page numbers, ends the document and waits until `out` has everything. */
  async end(): Promise<void> {
    this.closeTable();
    const total = this.labels.length;
    // Before doc.end(): the font subset is written there and must hold the labels' glyphs.
    this.labels.forEach((label, i) => label.ref.end(this.labelContent(`第 ${i + 1} 頁／共 ${total} 頁`, label.width, label.height)));
    this.labels.length = 0;
    this.labelResources?.end(undefined); // a dictionary, no stream
    this.structure.end();
    this.doc.end();
    await this.done;
  }

  /** The running parts of a page, drawn as it starts: the as-of footer, the title (after page 1) and the page-number label. */
  private decoratePage(): void {
    const doc = this.doc;
    const page = doc.page;
    const { x, y } = doc;
    const size = (doc as unknown as { _fontSize: number })._fontSize;
    const width = page.width - MARGIN.left - MARGIN.right;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.save();
    doc.font(FONT).fontSize(FOOTER_SIZE).fillColor(FOOTER_INK);
    doc.text(this.footer, MARGIN.left, page.height - MARGIN.bottom + 20, { lineBreak: false });
    if (this.labels.length > 0) {
      const title = fitted(doc, this.options.title, width);
      doc.text(title, MARGIN.left + width - doc.widthOfString(title), MARGIN.top - 24, { lineBreak: false });
    }
    doc.restore();

    const label = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, page.width, page.height], Resources: this.pageLabelResources() });
    (page as unknown as { xobjects: Record<string, PDFKit.PDFKitReference> }).xobjects[PAGE_LABEL] = label;
    // The label is drawn in PDF coordinates (origin bottom left), undoing pdfkit's flipped page space.
    doc.addContent(`q 1 0 0 -1 0 ${page.height} cm /${PAGE_LABEL} Do Q`);
    doc.endMarkedContent();
    this.labels.push({ ref: label, width: page.width, height: page.height });

    doc.fontSize(size);
    doc.x = x;
    doc.y = y;
  }

  private currentFont(): EmbeddedFont {
    return (this.doc as unknown as { _font: EmbeddedFont })._font;
  }

  private pageLabelResources(): PDFKit.PDFKitReference {
    if (!this.labelResources) {
      const font = this.currentFont();
      this.labelResources = this.doc.ref({ Font: { [font.id]: font.ref() } });
    }
    return this.labelResources;
  }

  /** The content stream of a page-number label: the text centred above the footer, as pdfkit would set it. */
  private labelContent(text: string, pageWidth: number, pageHeight: number): string {
    this.doc.font(FONT).fontSize(FOOTER_SIZE);
    const font = this.currentFont();
    const [glyphs, positions] = font.encode(text);
    const scale = FOOTER_SIZE / 1000;
    const textWidth = positions.reduce((w, p) => w + p.xAdvance, 0) * scale;
    const width = pageWidth - MARGIN.left - MARGIN.right;
    const x = MARGIN.left + width / 2 - textWidth / 2;
    const baseline = pageHeight - (pageHeight - MARGIN.bottom + 20) - (font.ascender / 1000) * FOOTER_SIZE;
    // Runs of glyphs, with pdfkit's kerning adjustments between them.
    const runs: string[] = [];
    let last = 0;
    positions.forEach((p, i) => {
      if (p.xAdvance !== p.advanceWidth || i === positions.length - 1) {
        runs.push(`<${glyphs.slice(last, i + 1).join('')}> ${pdfNumber(p.advanceWidth - p.xAdvance)}`);
        last = i + 1;
      }
    });
    const grey = pdfNumber(0x40 / 0xff);
    return `${grey} ${grey} ${grey} rg\nBT\n1 0 0 1 ${pdfNumber(x)} ${pdfNumber(baseline)} Tm\n/${font.id} ${FOOTER_SIZE} Tf\n[${runs.join(' ')}] TJ\nET`;
  }

  private closeTable(): void {
    if (!this.openTable) return;
    this.openTable.end();
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

  private write(text: string, size: number, options: { bold?: boolean; gapAfter?: number; tag?: 'H1' | 'H2' | 'P' }): void {
    this.doc.font(FONT).fontSize(size).fillColor(INK);
    this.ensureSpace(this.doc.heightOfString(text, { width: this.width }));
    tagged(this.doc, this.structure, options.tag ?? 'P', () =>
      boldText(this.doc, options.bold ?? false, () => this.doc.text(text, MARGIN.left, this.doc.y, { width: this.width, ...boldOptions(options.bold ?? false) })),
    );
    this.doc.y += options.gapAfter ?? 0;
  }
}

interface LaidCell {
  text: string | null;
  x: number;
  width: number;
  align: NonNullable<PdfColumn['align']>;
  /** The text fits on one line: drawn without pdfkit's line wrapper. */
  oneLine: boolean;
  colours?: CellColours;
}

/**
 * One table of a PdfReport. Each row is measured once, moved to a new page (under a repeated header)
 * when it does not fit, and drawn at once; rows taller than a page are cut with an ellipsis. Text
 * that fits its cell on one line (most cells) is placed directly; only longer text goes through
 * pdfkit's line wrapper.
 */
export class PdfTable {
  private readonly xs: number[];
  private readonly widths: number[];
  private readonly lineHeight: number;
  private readonly groupHeight: number;
  private readonly columnHeaderHeight: number;
  /** The most a row may take: a page under the header. */
  private readonly room: number;
  private y: number;
  /** The header is tagged once (TH cells); its repetitions on later pages are artifacts. */
  private headerTagged = false;
  /** The ink of the text being drawn (white on a red light): bold's stroke takes it too. */
  private ink = INK;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly measure: Widths,
    private readonly columns: PdfColumn[],
    private readonly groups: PdfHeaderGroup[],
    private readonly left: number,
    width: number,
    private readonly pageBottom: number,
    private readonly structure: PDFKit.PDFStructureElement,
  ) {
    const spanned = groups.reduce((n, g) => n + g.span, 0);
    if (groups.length > 0 && spanned !== columns.length) {
      throw new Error(`PDF table: header groups span ${spanned} columns, the table has ${columns.length}`);
    }
    const total = columns.reduce((n, c) => n + c.width, 0);
    this.widths = columns.map((c) => (c.width / total) * width);
    this.xs = this.widths.map((_, i) => left + this.widths.slice(0, i).reduce((a, b) => a + b, 0));
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    this.lineHeight = doc.currentLineHeight(true);
    this.groupHeight = this.measureGroupHeight();
    this.columnHeaderHeight = Math.max(...columns.map((c, i) => this.textHeight(c.header || ' ', this.widths[i], true))) + 2 * CELL_PADDING;
    this.room = pageBottom - MARGIN.top - this.headerHeight();
    this.y = doc.y;
    if (this.y + this.headerHeight() + this.lineHeight + 2 * CELL_PADDING > pageBottom) this.newPage();
    else this.drawHeader();
  }

  /** Where the table ends on the current page. */
  get bottom(): number {
    return this.y;
  }

  /** Ends the table's structure element (its rows are written out as they end). */
  end(): void {
    this.structure.end();
  }

  row(cells: PdfCell[], style: PdfRowStyle = {}): this {
    const bold = style.emphasis ?? false;
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    const laid = this.layoutRow(cells);
    let height = 0;
    for (const cell of laid) height = Math.max(height, cell.oneLine ? this.lineHeight : this.textHeight(cell.text, cell.width, bold));
    height = Math.min(height + 2 * CELL_PADDING, this.room);
    if (this.y + height > this.pageBottom) this.newPage();

    artifact(this.doc, () => {
      if (bold) this.doc.rect(this.left, this.y, this.tableWidth(), height).fill(EMPHASIS_FILL);
      for (const cell of laid) if (cell.colours) this.doc.rect(cell.x, this.y, cell.width, height).fill(cell.colours.fill);
      this.rules(laid.map((cell) => [cell.x, this.y, cell.width, height]));
    });
    const tr = this.doc.struct('TR');
    this.structure.add(tr);
    for (const cell of laid) {
      tagged(this.doc, tr, 'TD', cell.text ? () => {
        this.ink = cell.colours?.ink ?? INK;
        this.doc.fillColor(this.ink);
        if (cell.oneLine) this.line(cell.text!, cell.x, this.y + CELL_PADDING, cell.width, cell.align, bold);
        else this.wrapped(cell.text!, cell.x, this.y + CELL_PADDING, cell.width, cell.align, bold, height - 2 * CELL_PADDING);
      } : null);
    }
    tr.end();
    this.ink = INK;
    this.doc.fillColor(INK);
    this.y += height;
    return this;
  }

  private layoutRow(cells: PdfCell[]): LaidCell[] {
    const laid: LaidCell[] = [];
    let column = 0;
    for (const cell of cells) {
      const span = cell !== null && typeof cell === 'object' ? cell.span ?? 1 : 1;
      const text = cell !== null && typeof cell === 'object' ? cell.text : cell;
      const colours = cell !== null && typeof cell === 'object' ? cell.colours : undefined;
      if (column + span > this.columns.length) throw new Error(`PDF table: a row has more than ${this.columns.length} columns`);
      const width = span === 1 ? this.widths[column] : this.spanWidth(column, span);
      laid.push({ text, x: this.xs[column], width, align: this.columns[column].align ?? 'left', oneLine: !text || this.fitsOneLine(text, width), colours });
      column += span;
    }
    if (column !== this.columns.length) throw new Error(`PDF table: a row has ${column} columns, the table has ${this.columns.length}`);
    return laid;
  }

  private spanWidth(column: number, span: number): number {
    return this.widths.slice(column, column + span).reduce((a, b) => a + b, 0);
  }

  private tableWidth(): number {
    return this.xs.at(-1)! + this.widths.at(-1)! - this.left;
  }

  private fitsOneLine(text: string, width: number): boolean {
    return !text.includes('\n') && this.measure.of(text) <= width - 2 * CELL_PADDING;
  }

  private headerHeight(): number {
    return this.groupHeight + this.columnHeaderHeight;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = MARGIN.top;
    this.drawHeader();
  }

  private measureGroupHeight(): number {
    if (this.groups.length === 0) return 0;
    let column = 0;
    let height = 0;
    for (const g of this.groups) {
      height = Math.max(height, this.textHeight(g.text || ' ', this.spanWidth(column, g.span), true));
      column += g.span;
    }
    return height + 2 * CELL_PADDING;
  }

  private drawHeader(): void {
    this.doc.font(FONT).fontSize(TABLE_SIZE);
    const top = this.y;
    const { groupHeight, columnHeaderHeight } = this;
    // Columns under an empty single-column group take both header rows.
    const merged = new Set<number>();
    const boxes: { text: string; x: number; y: number; width: number; height: number; row: 0 | 1; colours?: CellColours }[] = [];
    let column = 0;
    for (const g of this.groups) {
      const w = this.spanWidth(column, g.span);
      if (g.text === '' && g.span === 1) merged.add(column);
      else boxes.push({ text: g.text, x: this.xs[column], y: top, width: w, height: groupHeight, row: 0 });
      column += g.span;
    }
    this.columns.forEach((c, i) => {
      const y = merged.has(i) ? top : top + groupHeight;
      const h = merged.has(i) ? groupHeight + columnHeaderHeight : columnHeaderHeight;
      boxes.push({ text: c.header, x: this.xs[i], y, width: this.widths[i], height: h, row: merged.has(i) ? 0 : 1, colours: c.headerColours });
    });
    artifact(this.doc, () => {
      this.doc.rect(this.left, top, this.tableWidth(), groupHeight + columnHeaderHeight).fill(HEADER_FILL);
      for (const b of boxes) if (b.colours) this.doc.rect(b.x, b.y, b.width, b.height).fill(b.colours.fill);
      this.rules(boxes.map((b) => [b.x, b.y, b.width, b.height]));
    });
    const draw = (b: (typeof boxes)[number]) => () => {
      this.ink = b.colours?.ink ?? INK;
      this.doc.fillColor(this.ink);
      this.centred(b.text, b.x, b.y, b.width, b.height);
    };
    if (this.headerTagged) {
      // A repeated header: page furniture, read once at the top of the table.
      artifact(this.doc, () => boxes.forEach((b) => draw(b)()), 'Pagination');
    } else {
      for (const row of [0, 1] as const) {
        const cells = boxes.filter((b) => b.row === row);
        if (cells.length === 0) continue;
        const tr = this.doc.struct('TR');
        this.structure.add(tr);
        for (const b of cells) tagged(this.doc, tr, 'TH', b.text ? draw(b) : null, { scope: 'Column' });
        tr.end();
      }
      this.headerTagged = true;
    }
    this.ink = INK;
    this.doc.fillColor(INK);
    this.y = top + groupHeight + columnHeaderHeight;
  }

  private centred(text: string, x: number, y: number, width: number, height: number): void {
    if (!text) return;
    if (this.fitsOneLine(text, width)) {
      this.line(text, x, y + (height - this.lineHeight) / 2, width, 'center', true);
    } else {
      const textHeight = this.textHeight(text, width, true);
      this.wrapped(text, x, y + (height - textHeight) / 2, width, 'center', true, textHeight);
    }
  }

  private textHeight(text: string | null, width: number, bold: boolean): number {
    if (!text) return this.lineHeight;
    return this.doc.heightOfString(text, { width: width - 2 * CELL_PADDING, ...boldOptions(bold) });
  }

  /** Text known to fit the cell on one line, placed as pdfkit's wrapper would align it. */
  private line(text: string, x: number, y: number, width: number, align: LaidCell['align'], bold: boolean): void {
    const inner = width - 2 * CELL_PADDING;
    const offset = align === 'right' ? inner - this.measure.of(text.trimEnd()) : align === 'center' ? (inner - this.measure.of(text)) / 2 : 0;
    boldText(this.doc, bold, () => this.doc.text(text, x + CELL_PADDING + offset, y, { lineBreak: false, ...boldOptions(bold) }), this.ink);
  }

  private wrapped(text: string, x: number, y: number, width: number, align: LaidCell['align'], bold: boolean, height: number): void {
    boldText(this.doc, bold, () =>
      this.doc.text(text, x + CELL_PADDING, y, { width: width - 2 * CELL_PADDING, height: height + 1, ellipsis: true, align, ...boldOptions(bold) }),
    this.ink);
  }

  /** The cell borders of a row (or header), stroked as one path. */
  private rules(boxes: [number, number, number, number][]): void {
    this.doc.save().lineWidth(0.5).strokeColor(RULE);
    for (const [x, y, width, height] of boxes) this.doc.rect(x, y, width, height);
    this.doc.stroke().restore();
  }
}

/** The text, cut with an ellipsis when it is wider than `width` at the current size. */
function fitted(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = [...text];
  while (chars.length > 0 && doc.widthOfString(chars.join('') + ELLIPSIS) > width) chars.pop();
  return chars.join('') + ELLIPSIS;
}

/**
 * Draws as one structure element of `type` under `parent`, its content marked so the element owns it
 * (nothing to draw: an empty element, e.g. a blank cell, still takes its place in the row).
 */
function tagged(
  doc: PDFKit.PDFDocument, parent: PDFKit.PDFStructureElement, type: 'H1' | 'H2' | 'P' | 'TH' | 'TD', draw: (() => void) | null, options: { scope?: 'Column' } = {},
): void {
  // pdfkit 0.20 writes `scope` as the table attribute /Scope; its type definitions do not list it yet.
  const element = doc.struct(type, options as PDFKit.Mixins.StructureElementOptions);
  parent.add(element);
  if (draw) {
    const content = doc.markStructureContent(type);
    draw();
    doc.endMarkedContent();
    element.add(content);
  }
  element.end();
}

/** Draws page furniture or layout (fills, rules, repeated headers) outside the structure tree. */
function artifact(doc: PDFKit.PDFDocument, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** A number as pdfkit writes it in content streams. */
function pdfNumber(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

function boldOptions(bold: boolean): PDFKit.Mixins.TextOptions {
  return bold ? { fill: true, stroke: true } : {};
}

function boldText(doc: PDFKit.PDFDocument, bold: boolean, draw: () => void, ink = INK): void {
  if (!bold) return draw();
  doc.save().lineWidth(BOLD_STROKE).strokeColor(ink);
  draw();
  doc.restore();
}
