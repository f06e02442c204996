import type { Writable } from 'node:stream';
import { formatAmount } from '../common/decimal.js';
import { dateView } from '../common/roc.js';
import type { ReportFont } from './pdf/font.js';
import { type CellColours, type PdfCell, PdfReport } from './pdf/pdf-report.js';
import { ReportFormat } from './report.entity.js';
import { type XlsxCell, XlsxReport } from './xlsx/xlsx-report.js';

/**
 * How a column's values are written: text; whole numbers; exact decimal amounts (strings); ISO
 * dates (ROC in the PDF, real dates in the XLSX); `dates`: ISO dates shown in both calendars in the
 * PDF ("107/12/31" over "2018-12-31"), real dates in the XLSX; `light`: a light's colour (green,
 * yellow, red, white) written as its word on its colour (紅燈 on red), in the PDF and the XLSX.
 */
type SectionColumnKind = 'text' | 'integer' | 'amount' | 'date' | 'dates' | 'light';

/** A light's word, and its colours: the word in an ink legible on the fill (contrast ≥ 4.5:1), so the colour is never alone. */
export const LIGHTS: Record<'green' | 'yellow' | 'red' | 'white', { word: string; colours: CellColours }> = {
  green: { word: '綠燈', colours: { fill: '#237032', ink: '#ffffff' } },
  yellow: { word: '黃燈', colours: { fill: '#ffd43b', ink: '#000000' } },
  red: { word: '紅燈', colours: { fill: '#c92a2a', ink: '#ffffff' } },
  white: { word: '白燈（未評）', colours: { fill: '#ffffff', ink: '#000000' } },
};

function light(value: SectionValue): (typeof LIGHTS)[keyof typeof LIGHTS] | undefined {
  return typeof value === 'string' && value in LIGHTS ? LIGHTS[value as keyof typeof LIGHTS] : undefined;
}

export interface SectionColumn {
  header: string;
  /** Relative width in the PDF. */
  width: number;
  /** Width in characters in the XLSX. */
  chars: number;
  kind?: SectionColumnKind;
  align?: 'left' | 'right' | 'center';
  /** The header cell painted in a light's colours (e.g. 紅燈 over the red counts). */
  headerColours?: CellColours;
}

type SectionValue = string | number | null;

export interface SectionRow {
  values: SectionValue[];
  /** Total rows: shaded and bold. */
  emphasis?: boolean;
}

/**
 * One titled table of a report: a PDF heading with its table, or a sheet of the workbook. Rows come
 * from an async iterable, so long lists stream from the database in batches; notes are asked for
 * after the rows (a count of what was listed, a definition).
 */
export interface ReportSection {
  heading: string;
  /** The sheet's name in the XLSX (at most 31 characters). */
  sheet: string;
  columns: SectionColumn[];
  rows: AsyncIterable<SectionRow> | Iterable<SectionRow>;
  /** Shown under the table, e.g. "共 12 項". */
  notes?: () => string[];
  /** Shown when the table has no rows (the header still shows what would be listed). */
  empty?: string;
}

export interface SectionedReport {
  title: string;
  subtitle?: string;
  asOf: Date;
  landscape?: boolean;
  /** Paragraphs under the title (PDF) or on the first sheet's notes (XLSX). */
  preface?: string[];
  sections: () => AsyncIterable<ReportSection> | Iterable<ReportSection>;
}

/** Writes a sectioned report as PDF or XLSX, one row at a time. Returns the number of rows written. */
export async function renderSectioned(report: SectionedReport, format: ReportFormat, out: Writable, font: ReportFont): Promise<number> {
  return format === ReportFormat.Pdf ? renderPdf(report, out, font) : renderXlsx(report, out);
}

function pdfText(value: SectionValue, kind: SectionColumnKind | undefined): PdfCell {
  if (value === null || value === '') return null;
  if (kind === 'light') {
    const l = light(value);
    return l ? { text: l.word, colours: l.colours } : String(value);
  }
  if (kind === 'date') return dateView(String(value)).roc;
  if (kind === 'dates') {
    const date = dateView(String(value));
    return `${date.roc}\n${date.ad}`;
  }
  if (kind === 'amount') return typeof value === 'number' ? String(value) : formatAmount(value);
  if (kind === 'integer') return typeof value === 'number' ? value.toLocaleString('en-US') : value;
  return String(value);
}

function pdfAlign(kind: SectionColumnKind | undefined): 'left' | 'right' | 'center' {
  if (kind === 'integer' || kind === 'amount') return 'right';
  return kind === 'date' || kind === 'dates' || kind === 'light' ? 'center' : 'left';
}

/** How many PDF rows are drawn before the written part is let out to the file (bounded memory: PdfReport.breathe). */
const ROWS_PER_BREATH = 100;

async function renderPdf(report: SectionedReport, out: Writable, font: ReportFont): Promise<number> {
  const pdf = new PdfReport(out, { font, title: report.title, subtitle: report.subtitle, asOf: report.asOf, landscape: report.landscape });
  for (const p of report.preface ?? []) pdf.paragraph(p);
  let count = 0;
  for await (const section of report.sections()) {
    pdf.heading(section.heading);
    const table = pdf.table(section.columns.map((c) => ({ header: c.header, width: c.width, align: c.align ?? pdfAlign(c.kind), headerColours: c.headerColours })));
    let rows = 0;
    for await (const row of section.rows) {
      table.row(row.values.map((v, i): PdfCell => pdfText(v, section.columns[i].kind)), { emphasis: row.emphasis });
      if (++rows % ROWS_PER_BREATH === 0) await pdf.breathe();
    }
    count += rows;
    const notes = [...(rows === 0 && section.empty ? [section.empty] : []), ...(section.notes?.() ?? [])];
    for (const note of notes) pdf.paragraph(note);
  }
  await pdf.end();
  return count;
}

async function renderXlsx(report: SectionedReport, out: Writable): Promise<number> {
  const xlsx = new XlsxReport(out, report.asOf);
  let count = 0;
  let first = true;
  for await (const section of report.sections()) {
    const columns = section.columns.map((c) => ({ header: c.header, width: c.chars, kind: c.kind === 'dates' ? 'date' as const : c.kind === 'light' ? 'text' as const : c.kind ?? 'text' }));
    const sheet = xlsx.sheet(section.sheet, { title: report.title, subtitle: section.heading, columns, landscape: report.landscape });
    let rows = 0;
    for await (const row of section.rows) {
      sheet.row(row.values.map((v, i): XlsxCell => {
        const l = section.columns[i].kind === 'light' ? light(v) : undefined;
        return l ? { value: l.word, colours: l.colours } : v;
      }), { emphasis: row.emphasis });
      rows++;
    }
    count += rows;
    const notes = [...(first ? report.preface ?? [] : []), ...(rows === 0 && section.empty ? [section.empty] : []), ...(section.notes?.() ?? [])];
    if (notes.length) sheet.row(columns.map(() => null));
    for (const note of notes) sheet.row([{ value: note, span: columns.length }]);
    first = false;
  }
  await xlsx.end();
  return count;
}

/** Pages through a keyset-paginated list (the dashboards' `after` / `nextCursor`), yielding each item. */
export async function* pages<T>(fetch: (after: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T> {
  let after: string | undefined;
  do {
    const page = await fetch(after);
    yield* page.items;
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
}
