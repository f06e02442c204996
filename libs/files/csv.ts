/**
 * CSV as the application exports it: UTF-8 with a byte order mark (without it Excel reads a CSV
 * as the local code page and garbles Chinese), RFC 4180 quoting, CRLF line ends, and text that a
 * spreadsheet would run as a formula neutralised.
 */
export const CSV_BOM = '\uFEFF';

/**
 * OWASP "CSV injection": a cell starting with = + - @ tab or CR is a formula to Excel and
 * LibreOffice (=HYPERLINK(…), =cmd|…). Such text gets a leading apostrophe, which spreadsheets
 * show as plain text. Plain numbers (-1.5, +3) are left alone: they are no formula.
 */
export function neutraliseFormula(text: string): string {
  if (!/^[=+\-@\t\r]/.test(text)) return text;
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return text;
  return `'${text}`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, and its quotes doubled. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its CRLF; a streamed file starts with CSV_BOM. */
export function csvLine(row: readonly (string | number | null)[]): string {
  return `${row.map(csvField).join(',')}\r\n`;
}

export function csvDocument(rows: (string | number | null)[][]): Buffer {
  return Buffer.from(CSV_BOM + rows.map(csvLine).join(''), 'utf8');
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
