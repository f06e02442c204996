import { SaxesParser } from 'saxes';
import { ImportFileError } from './file-problem.js';
import type { ReadLimits } from './limits.js';
import { plainDecimal } from './numbers.js';
import { type Cell, detached, isInstructionsSheet, type RowSink, type SheetReadResult } from './sheet.js';
import type { ZipContainer } from './zip.js';

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads the first data table of an ODS spreadsheet (content.xml streamed through saxes). Repeated
 * rows and cells (number-rows-repeated, number-columns-repeated) are expanded only when they hold a
 * value: LibreOffice writes the empty rest of a sheet as one cell repeated a thousand times.
 */
export async function readOds(zip: ZipContainer, limits: ReadLimits, onRow: RowSink): Promise<SheetReadResult> {
  if (!zip.has('content.xml')) throw new ImportFileError('contentMismatch', 'The file is a ZIP but not an ODS spreadsheet (no content.xml)');

  let tableDepth = 0;
  let tableName: string | null = null;
  let done = false;
  let active = false;
  let rowNumber = 0;
  let rowRepeat = 1;
  let cells: (Cell | undefined)[] = [];
  let rowHasValue = false;
  let rows = 0;
  let column = 0;
  let cellRepeat = 1;
  let cellAttrs: Record<string, string> = {};
  let cellText = '';
  let paragraphs = 0;
  let inCell = false;
  let inParagraph = 0;
  let annotation = 0;

  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    if (done) return;
    const name = local(tag.name);
    if (name === 'table') {
      tableDepth++;
      if (tableDepth === 1) {
        const tname = String(tag.attributes['table:name'] ?? '');
        active = !isInstructionsSheet(tname);
        if (active) tableName = tname;
      }
      return;
    }
    if (!active || tableDepth !== 1) return;
    if (name === 'annotation') { annotation++; return; }
    if (annotation) return;
    switch (name) {
      case 'table-row':
        rowRepeat = Math.max(1, Number(tag.attributes['table:number-rows-repeated'] ?? 1));
        cells = [];
        rowHasValue = false;
        column = 0;
        break;
      case 'table-cell':
      case 'covered-table-cell':
        cellRepeat = Math.max(1, Number(tag.attributes['table:number-columns-repeated'] ?? 1));
        cellAttrs = tag.attributes as Record<string, string>;
        cellText = '';
        paragraphs = 0;
        inCell = !tag.isSelfClosing;
        if (tag.isSelfClosing) column += cellRepeat;
        break;
      case 'p':
        if (inCell) {
          if (paragraphs++ > 0) cellText += '\n';
          inParagraph++;
        }
        break;
      case 's':
        if (inParagraph) cellText += ' '.repeat(Math.min(1000, Number(tag.attributes['text:c'] ?? 1)));
        break;
      case 'tab':
        if (inParagraph) cellText += '\t';
        break;
      case 'line-break':
        if (inParagraph) cellText += '\n';
        break;
      default: break;
    }
  });
  parser.on('text', (text) => {
    if (inParagraph && !annotation) {
      cellText += text;
      if (cellText.length > limits.maxCellChars) throw new ImportFileError('cellTooLong', `A cell holds more than ${limits.maxCellChars} characters`, { maxChars: limits.maxCellChars });
    }
  });
  parser.on('closetag', (tag) => {
    if (done) return;
    const name = local(tag.name);
    if (name === 'table') {
      tableDepth--;
      if (tableDepth === 0 && active) done = true;
      return;
    }
    if (!active || tableDepth !== 1) return;
    if (name === 'annotation') { annotation--; return; }
    if (annotation) return;
    if (name === 'p') {
      if (inParagraph) inParagraph--;
    } else if (name === 'table-cell' || name === 'covered-table-cell') {
      if (!inCell) return;
      inCell = false;
      const cell = odsCell(cellAttrs, detached(cellText));
      if (cell) {
        if (column + cellRepeat > limits.maxColumns) {
          throw new ImportFileError('tooManyColumns', `The sheet has a value beyond column ${limits.maxColumns}`, { maxColumns: limits.maxColumns });
        }
        for (let i = 0; i < cellRepeat; i++) cells[column + i] = cell;
        rowHasValue = true;
      }
      column += cellRepeat;
    } else if (name === 'table-row') {
      if (!rowHasValue) {
        rowNumber += rowRepeat;
        return;
      }
      for (let i = 0; i < rowRepeat; i++) {
        rowNumber++;
        if (++rows > limits.maxRows + 1) throw new ImportFileError('tooManyRows', `The sheet has more than ${limits.maxRows} rows`, { maxRows: limits.maxRows });
        onRow(rowNumber, i === 0 ? cells : [...cells]);
      }
    }
  });
  parser.on('error', (e) => { throw new ImportFileError('corrupt', `The spreadsheet's XML is damaged: ${e.message}`); });
  await zip.stream('content.xml', (chunk) => { if (!done) parser.write(chunk); });
  if (!done && tableName === null) throw new ImportFileError('emptySheet', 'The spreadsheet has no table');
  return { format: 'ods', sheetName: tableName, rows };
}

function odsCell(attrs: Record<string, string>, text: string): Cell | undefined {
  const type = attrs['office:value-type'];
  const formula = attrs['table:formula'] !== undefined;
  let cell: Cell | undefined;
  switch (type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const raw = attrs['office:value'];
      const value = raw === undefined ? null : plainDecimal(raw);
      cell = value === null ? (text.trim() ? { v: text, t: 'string' } : undefined) : { v: value, t: 'number' };
      break;
    }
    case 'date': {
      const raw = attrs['office:date-value'] ?? '';
      cell = raw ? { v: raw.slice(0, 10), t: 'date' } : undefined;
      break;
    }
    case 'boolean':
      cell = { v: attrs['office:boolean-value'] === 'true' ? 'TRUE' : 'FALSE', t: 'bool' };
      break;
    default:
      cell = text.trim() === '' ? undefined : { v: text, t: 'string' };
  }
  if (cell && formula) cell.formula = true;
  return cell;
}
