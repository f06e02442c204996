import { ImportFileError } from './file-problem.js';
import type { ReadLimits } from './limits.js';
import { type Cell, detached, type RowSink, type SheetReadResult } from './sheet.js';

/**
 * How Excel in Taiwan writes CSV: UTF-8 with a BOM, plain UTF-8, or Big5. A BOM means UTF-8; bytes
 * that are valid UTF-8 are UTF-8; anything else is read as Big5.
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'utf-8' | 'utf-8-bom' | 'big5' } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    try {
      return { text: new TextDecoder('big5', { fatal: true }).decode(bytes), encoding: 'big5' };
    } catch {
      throw new ImportFileError('contentMismatch', 'The CSV is neither UTF-8 nor Big5 text');
    }
  }
}

/** RFC 4180 CSV (quotes, doubled quotes, CR LF or LF); a header with tabs and no commas is read as TSV. */
export function readCsv(bytes: Buffer, limits: ReadLimits, onRow: RowSink): SheetReadResult {
  const { text, encoding } = decodeCsv(bytes);
  if (text.includes('\u0000')) throw new ImportFileError('contentMismatch', 'The file holds binary data, not CSV text');
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  let rowNumber = 1;
  let rows = 0;
  let cells: (Cell | undefined)[] = [];
  let field = '';
  let quoted = false;
  let hasValue = false;
  const endField = () => {
    if (cells.length >= limits.maxColumns) {
      if (field !== '') throw new ImportFileError('tooManyColumns', `The sheet has a value beyond column ${limits.maxColumns}`, { maxColumns: limits.maxColumns });
    } else if (field.trim() !== '') {
      cells.push({ v: detached(field), t: 'string' });
      hasValue = true;
    } else {
      cells.push(undefined);
    }
    if (field.length > limits.maxCellChars) throw new ImportFileError('cellTooLong', `A cell holds more than ${limits.maxCellChars} characters`, { maxChars: limits.maxCellChars });
    field = '';
  };
  const endRow = (lines: number) => {
    endField();
    if (hasValue) {
      if (++rows > limits.maxRows + 1) throw new ImportFileError('tooManyRows', `The sheet has more than ${limits.maxRows} rows`, { maxRows: limits.maxRows });
      onRow(rowNumber, cells);
    }
    rowNumber += lines;
    cells = [];
    hasValue = false;
  };
  let lineBreaksInRow = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n') lineBreaksInRow++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === delimiter) {
      endField();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow(lineBreaksInRow);
      lineBreaksInRow = 1;
    } else {
      field += c;
    }
  }
  if (field !== '' || cells.length > 0) endRow(lineBreaksInRow);
  return { format: 'csv', sheetName: null, encoding, rows };
}
