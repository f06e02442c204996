import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CSV_BOM, CSV_CONTENT_TYPE, csvLine, ODS_CONTENT_TYPE, OdsWriter, XLSX_CONTENT_TYPE, XlsxStreamWriter } from '../files/index.js';

export enum ExportFormat {
  Csv = 'csv',
  Xlsx = 'xlsx',
  Ods = 'ods',
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  [ExportFormat.Csv]: CSV_CONTENT_TYPE,
  [ExportFormat.Xlsx]: XLSX_CONTENT_TYPE,
  [ExportFormat.Ods]: ODS_CONTENT_TYPE,
};

export type Cell = string | number | null;

/** One sheet written row by row to a stream, in any of the three formats. */
export interface SheetWriter {
  header(values: readonly string[]): Promise<void>;
  row(values: readonly Cell[]): Promise<void>;
  end(): Promise<void>;
}

class CsvSheet implements SheetWriter {
  constructor(private readonly out: Writable, private readonly signal: AbortSignal) {
    out.write(CSV_BOM);
  }
  header(values: readonly string[]) {
    return this.row(values);
  }
  async row(values: readonly Cell[]) {
    if (!this.out.write(csvLine(values))) await once(this.out, 'drain', { signal: this.signal });
  }
  async end() {
    this.out.end();
    await once(this.out, 'finish', { signal: this.signal });
  }
}

class XlsxSheet implements SheetWriter {
  private readonly xlsx: XlsxStreamWriter;
  constructor(out: Writable, name: string, date: Date, signal: AbortSignal) {
    this.xlsx = new XlsxStreamWriter(out, name, date, signal);
  }
  header(values: readonly string[]) {
    return this.xlsx.row(values, { header: true });
  }
  row(values: readonly Cell[]) {
    return this.xlsx.row(values);
  }
  end() {
    return this.xlsx.end();
  }
}

class OdsSheet implements SheetWriter {
  private readonly ods: OdsWriter;
  constructor(out: Writable, name: string, date: Date, signal: AbortSignal) {
    this.ods = new OdsWriter(out, name, date, signal);
  }
  header(values: readonly string[]) {
    return this.ods.row(values, { header: true });
  }
  row(values: readonly Cell[]) {
    return this.ods.row(values);
  }
  end() {
    return this.ods.end();
  }
}

/** `signal` aborts every wait on `out` (the client went away), so the writer stops instead of waiting for ever. */
export function sheetWriter(format: ExportFormat, out: Writable, sheetName: string, date: Date, signal: AbortSignal): SheetWriter {
  switch (format) {
    case ExportFormat.Csv:
      return new CsvSheet(out, signal);
    case ExportFormat.Xlsx:
      return new XlsxSheet(out, sheetName, date, signal);
    case ExportFormat.Ods:
      return new OdsSheet(out, sheetName, date, signal);
  }
}
