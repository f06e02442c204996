import { SaxesParser } from 'saxes';

interface Tag { name: string; attributes: Record<string, string> }
import { ImportFileError } from './file-problem.js';
import type { ReadLimits } from './limits.js';
import { isDateFormat, plainDecimal, serialToIsoDate } from './numbers.js';
import { type Cell, columnIndexOf, detached, isInstructionsSheet, type RowSink, type SheetReadResult } from './sheet.js';
import type { ZipContainer } from './zip.js';

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Parses a whole small XML part with a callback per opening tag. */
function eachTag(xml: string, onTag: (tag: Tag) => void): void {
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => onTag(tag as unknown as Tag));
  parser.on('error', (e) => { throw new ImportFileError('corrupt', `The workbook's XML is damaged: ${e.message}`); });
  parser.write(xml).close();
}

interface WorkbookParts {
  sheetPath: string;
  sheetName: string;
  date1904: boolean;
}

async function workbookParts(zip: ZipContainer): Promise<WorkbookParts> {
  const workbook = await zip.text('xl/workbook.xml');
  const rels = await zip.text('xl/_rels/workbook.xml.rels');
  if (workbook === null || rels === null) throw new ImportFileError('contentMismatch', 'The file is a ZIP but not an XLSX workbook (no xl/workbook.xml)');
  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  eachTag(workbook, (tag) => {
    const name = local(tag.name);
    if (name === 'sheet') {
      const rid = Object.entries(tag.attributes).find(([k]) => local(k) === 'id' && k !== 'sheetId')?.[1] ?? '';
      sheets.push({ name: String(tag.attributes.name ?? ''), rid: String(rid) });
    } else if (name === 'workbookPr') {
      const v = String(tag.attributes.date1904 ?? '');
      date1904 = v === '1' || v === 'true';
    }
  });
  const targets = new Map<string, string>();
  eachTag(rels, (tag) => {
    if (local(tag.name) === 'Relationship') targets.set(String(tag.attributes.Id), String(tag.attributes.Target));
  });
  const data = sheets.find((s) => !isInstructionsSheet(s.name)) ?? sheets[0];
  const target = data ? targets.get(data.rid) : undefined;
  if (!data || !target) throw new ImportFileError('emptySheet', 'The workbook has no sheet');
  const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  return { sheetPath, sheetName: data.name, date1904 };
}

/** Which cell styles (by index) show dates. */
async function dateStyles(zip: ZipContainer): Promise<Set<number>> {
  const styles = await zip.text('xl/styles.xml');
  const result = new Set<number>();
  if (styles === null) return result;
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) xfFormats.push(Number(tag.attributes.numFmtId ?? 0));
  });
  parser.on('closetag', (tag) => { if (local(tag.name) === 'cellXfs') inCellXfs = false; });
  parser.on('error', (e) => { throw new ImportFileError('corrupt', `The workbook's styles are damaged: ${e.message}`); });
  parser.write(styles).close();
  xfFormats.forEach((id, index) => { if (isDateFormat(id, custom.get(id))) result.add(index); });
  return result;
}

/** The shared strings table, streamed (phonetic runs left out). */
async function sharedStrings(zip: ZipContainer, limits: ReadLimits): Promise<string[]> {
  const strings: string[] = [];
  if (!zip.has('xl/sharedStrings.xml')) return strings;
  let current = '';
  let inT = false;
  let inPhonetic = false;
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    if (name === 'si') current = '';
    else if (name === 't') inT = !tag.isSelfClosing;
    else if (name === 'rPh') inPhonetic = true;
  });
  parser.on('text', (text) => {
    if (inT && !inPhonetic) {
      current += text;
      if (current.length > limits.maxCellChars) throw new ImportFileError('cellTooLong', `A cell holds more than ${limits.maxCellChars} characters`, { maxChars: limits.maxCellChars });
    }
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (name === 't') inT = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si') strings.push(detached(current));
  });
  parser.on('error', (e) => { throw new ImportFileError('corrupt', `The workbook's shared strings are damaged: ${e.message}`); });
  await zip.stream('xl/sharedStrings.xml', (chunk) => { parser.write(chunk); });
  parser.close();
  return strings;
}

/** Reads the first data sheet of an XLSX workbook row by row: the sheet XML streamed through saxes. */
export async function readXlsx(zip: ZipContainer, limits: ReadLimits, onRow: RowSink): Promise<SheetReadResult> {
  const parts = await workbookParts(zip);
  if (!zip.has(parts.sheetPath)) throw new ImportFileError('corrupt', `The workbook lacks its sheet ${parts.sheetPath}`);
  const dates = await dateStyles(zip);
  const strings = await sharedStrings(zip, limits);

  let rowNumber = 0;
  let cells: (Cell | undefined)[] = [];
  let rowHasValue = false;
  let rows = 0;
  let column = -1;
  let cellType = 'n';
  let cellStyle = 0;
  let formula = false;
  let text = '';
  let capture: 'v' | 't' | null = null;
  let inInline = false;
  let hasValue = false;

  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    switch (local(tag.name)) {
      case 'row': {
        const r = Number(tag.attributes.r);
        rowNumber = Number.isInteger(r) && r > 0 ? r : rowNumber + 1;
        cells = [];
        rowHasValue = false;
        column = -1;
        break;
      }
      case 'c': {
        const ref = tag.attributes.r === undefined ? '' : String(tag.attributes.r);
        column = ref ? columnIndexOf(ref) : column + 1;
        cellType = String(tag.attributes.t ?? 'n');
        cellStyle = Number(tag.attributes.s ?? 0);
        formula = false;
        text = '';
        hasValue = false;
        inInline = false;
        break;
      }
      case 'f': formula = true; break;
      case 'v': if (!tag.isSelfClosing) { capture = 'v'; hasValue = true; } break;
      case 'is': inInline = true; hasValue = true; break;
      case 't': if (inInline && !tag.isSelfClosing) capture = 't'; break;
      case 'rPh': inInline = false; break;
      default: break;
    }
  });
  parser.on('text', (chunk) => {
    if (capture) {
      text += chunk;
      if (text.length > limits.maxCellChars) throw new ImportFileError('cellTooLong', `A cell holds more than ${limits.maxCellChars} characters`, { maxChars: limits.maxCellChars });
    }
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (name === 'v' || name === 't') {
      capture = null;
      text = detached(text);
    } else if (name === 'c') {
      if (!hasValue) return;
      let cell: Cell | undefined;
      switch (cellType) {
        case 's': {
          const s = strings[Number(text)];
          cell = s === undefined ? undefined : { v: s, t: 'string' };
          break;
        }
        case 'inlineStr':
        case 'str': cell = { v: text, t: 'string' }; break;
        case 'b': cell = { v: text === '1' || text === 'true' ? 'TRUE' : 'FALSE', t: 'bool' }; break;
        case 'e': cell = { v: text, t: 'error' }; break;
        case 'd': cell = { v: text.slice(0, 10), t: 'date' }; break;
        default: {
          if (text.trim() === '') break;
          if (dates.has(cellStyle)) {
            const iso = serialToIsoDate(Number(text), parts.date1904);
            cell = iso ? { v: iso, t: 'date' } : { v: text, t: 'number' };
          } else {
            cell = { v: plainDecimal(text) ?? text, t: 'number' };
          }
        }
      }
      if (!cell || (cell.t === 'string' && cell.v.trim() === '')) return;
      if (column < 0 || column >= limits.maxColumns) {
        throw new ImportFileError('tooManyColumns', `The sheet has a value beyond column ${limits.maxColumns}`, { maxColumns: limits.maxColumns });
      }
      if (formula) cell.formula = true;
      cells[column] = cell;
      rowHasValue = true;
    } else if (name === 'row') {
      if (!rowHasValue) return;
      if (++rows > limits.maxRows + 1) throw new ImportFileError('tooManyRows', `The sheet has more than ${limits.maxRows} rows`, { maxRows: limits.maxRows });
      onRow(rowNumber, cells);
    }
  });
  parser.on('error', (e) => { throw new ImportFileError('corrupt', `The sheet's XML is damaged: ${e.message}`); });
  await zip.stream(parts.sheetPath, (chunk) => { parser.write(chunk); });
  parser.close();
  return { format: 'xlsx', sheetName: parts.sheetName, rows };
}
