import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import yazl from 'yazl';
import { xmlText } from './xml.js';

export const ODS_CONTENT_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="${ODS_CONTENT_TYPE}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
  + 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
  + 'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
  + 'xmlns:dc="http://purl.org/dc/elements/1.1/"';

const STYLES = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${NS} office:version="1.2"><office:styles/></office:document-styles>`;

function cell(value: string | number | null, header: boolean): string {
  if (value === null || value === '') return '<table:table-cell/>';
  if (typeof value === 'number' && Number.isFinite(value)) {
    return `<table:table-cell office:value-type="float" office:value="${value}"><text:p>${value}</text:p></table:table-cell>`;
  }
  // Each line its own paragraph (ODF keeps no raw line breaks in text:p). A string cell is never a formula.
  const lines = String(value).split(/\r\n|\r|\n/).map((line) => `<text:p>${xmlText(line)}</text:p>`).join('');
  return `<table:table-cell office:value-type="string"${header ? ' table:style-name="header"' : ''}>${lines}</table:table-cell>`;
}

/**
 * OpenDocument spreadsheet (ODS, ISO/IEC 26300) written as a stream: rows go straight into a
 * deflated content.xml inside the zip, so memory stays flat whatever the row count. The mimetype
 * entry comes first and uncompressed, without extra fields, as the standard requires.
 */
export class OdsWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly content = new PassThrough({ highWaterMark: 256 * 1024 });
  private readonly done: Promise<void>;
  private pending = '';

  /** `signal` ends a wait for the zip to drain: the response went away. */
  constructor(out: Writable, sheetName: string, date: Date, private readonly signal?: AbortSignal) {
    const options = { mtime: date, forceDosTimestamp: true };
    this.zip.addBuffer(Buffer.from(ODS_CONTENT_TYPE), 'mimetype', { ...options, compress: false });
    this.zip.addBuffer(Buffer.from(MANIFEST), 'META-INF/manifest.xml', options);
    this.zip.addBuffer(Buffer.from(STYLES), 'styles.xml', options);
    this.zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ${NS} office:version="1.2"><office:meta><meta:generator>Guankao</meta:generator><meta:creation-date>${date.toISOString().slice(0, 19)}</meta:creation-date></office:meta></office:document-meta>`), 'meta.xml', options);
    this.zip.addReadStream(this.content, 'content.xml', options);
    this.zip.end();
    this.zip.outputStream.pipe(out);
    this.done = once(this.zip.outputStream, 'end', { signal }).then(() => undefined);
    this.done.catch(() => undefined); // awaited by end(); an abort before then is not an unhandled rejection
    this.content.write(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${NS} office:version="1.2"><office:automatic-styles><style:style style:name="header" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles><office:body><office:spreadsheet><table:table table:name="${xmlText(sheetName)}">`);
  }

  /** Writes a row; resolves when the zip can take more (backpressure from `out`). */
  async row(values: readonly (string | number | null)[], options: { header?: boolean } = {}): Promise<void> {
    this.pending += `<table:table-row>${values.map((v) => cell(v, options.header ?? false)).join('')}</table:table-row>`;
    // zlib costs per write: hand it ~64 KiB at a time, not a row at a time.
    if (this.pending.length >= 32 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    const ok = this.content.write(this.pending);
    this.pending = '';
    if (!ok) await once(this.content, 'drain', { signal: this.signal });
  }

  /** Closes the sheet and the zip; resolves once the last byte went to `out`. */
  async end(): Promise<void> {
    this.content.end(`${this.pending}</table:table></office:spreadsheet></office:body></office:document-content>`);
    this.pending = '';
    await this.done;
  }
}
