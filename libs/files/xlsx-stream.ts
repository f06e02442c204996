import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import yazl from 'yazl';
import { xmlText } from './xml.js';

const PARTS = {
  '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  // Style 1: bold (the heading row).
  'xl/styles.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>`,
} as const;

function column(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * A one-sheet XLSX (Office Open XML) written as a stream, for exports of any length: rows go straight
 * into a deflated sheet XML with inline strings, so memory stays flat and a row costs a few
 * microseconds. Reports, which need styles and several sheets, use exceljs (xlsx.ts).
 */
export class XlsxStreamWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly sheet = new PassThrough({ highWaterMark: 256 * 1024 });
  private readonly done: Promise<void>;
  private pending = '';
  private rowNumber = 0;

  /** `signal` ends a wait for the zip to drain: the response went away. */
  constructor(out: Writable, sheetName: string, date: Date, private readonly signal?: AbortSignal) {
    const options = { mtime: date, forceDosTimestamp: true };
    for (const [name, text] of Object.entries(PARTS)) this.zip.addBuffer(Buffer.from(text), name, options);
    this.zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xmlText(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '))}" sheetId="1" r:id="rId1"/></sheets></workbook>`), 'xl/workbook.xml', options);
    this.zip.addReadStream(this.sheet, 'xl/worksheets/sheet1.xml', options);
    this.zip.end();
    this.zip.outputStream.pipe(out);
    this.done = once(this.zip.outputStream, 'end', { signal }).then(() => undefined);
    this.done.catch(() => undefined); // awaited by end(); an abort before then is not an unhandled rejection
    this.sheet.write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>`);
  }

  /** Writes a row (strings as text, never formulas); resolves when the zip can take more. */
  async row(values: readonly (string | number | null)[], options: { header?: boolean } = {}): Promise<void> {
    const r = ++this.rowNumber;
    const style = options.header ? ' s="1"' : '';
    let xml = `<row r="${r}">`;
    values.forEach((value, i) => {
      if (value === null || value === '') return;
      const ref = `${column(i)}${r}`;
      xml += typeof value === 'number' && Number.isFinite(value)
        ? `<c r="${ref}"${style}><v>${value}</v></c>`
        : `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(value))}</t></is></c>`;
    });
    this.pending += `${xml}</row>`;
    // zlib costs per write: hand it ~32 KiB at a time, not a row at a time.
    if (this.pending.length >= 32 * 1024) {
      const ok = this.sheet.write(this.pending);
      this.pending = '';
      if (!ok) await once(this.sheet, 'drain', { signal: this.signal });
    }
  }

  /** Closes the sheet and the zip; resolves once the last byte went to `out`. */
  async end(): Promise<void> {
    this.sheet.end(`${this.pending}</sheetData></worksheet>`);
    this.pending = '';
    await this.done;
  }
}
