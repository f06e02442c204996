/** A cell as the file holds it: text always (numbers as their digits, never a parsed double). */
export interface Cell {
  /** The text: a string's characters, a number's digits as written in the file, a date as YYYY-MM-DD. */
  v: string;
  t: 'string' | 'number' | 'date' | 'bool' | 'error';
  /** The cell held a formula; `v` is its cached value (never evaluated here). */
  formula?: true;
}

/**
 * The cell's text as a string of its own. A parser's text is a slice of the chunk it was read from, and V8
 * keeps a slice's whole parent alive: kept cells would hold the file's text chunk by chunk (measured on
 * 100,000 rows: most of the parsed rows' memory). Short strings are copies already.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** One row of the sheet: the 1-based row number as the user sees it, cells by 0-based column. */
export type RowSink = (rowNumber: number, cells: (Cell | undefined)[]) => void;

export interface SheetReadResult {
  format: 'xlsx' | 'ods' | 'csv';
  sheetName: string | null;
  /** CSV only: how the bytes were decoded. */
  encoding?: 'utf-8' | 'utf-8-bom' | 'big5';
  rows: number;
}

/** Sheets that carry the template's instructions, never data. */
export function isInstructionsSheet(name: string): boolean {
  return /^(說明|填寫說明|instructions?)$/i.test(name.trim());
}

const A = 'A'.charCodeAt(0);

/** "AB12" → 27 (0-based column); -1 when unreadable. */
export function columnIndexOf(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= A && c <= A + 25) n = n * 26 + (c - A + 1);
    else break;
  }
  return i === 0 ? -1 : n - 1;
}

/** 0-based column → "A", "AB". */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(A + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
