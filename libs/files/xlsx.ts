import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * The reports' XLSX writer (styles, several sheets; list exports use xlsx-stream.ts): exceljs's streaming writer with every zip entry dated `date`, so the same
 * date and data give the same bytes.
 *
 * exceljs adds each part to its zip (archiver) without a date, so every entry would carry the
 * clock's time. The date rides in the zip options and each append gets it. exceljs adds its first
 * parts from its own constructor, so the zip is patched in the first of those calls (addThemes).
 * `zip`, `zipOptions` and that call order are exceljs internals, absent from its types (exceljs is
 * pinned exactly; libs/files/xlsx.spec.ts fails when they change).
 */
type ZipEntry = { name: string; date?: Date };
type Zip = { append(source: unknown, entry: ZipEntry): unknown; datedBy?: Date };

class DatedWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  override addThemes(): Promise<void> {
    const self = this as unknown as { zip?: Zip; zipOptions?: { entryDate?: Date } };
    const date = self.zipOptions?.entryDate;
    const zip = self.zip;
    if (!zip || !date) throw new Error('exceljs changed: its WorkbookWriter has no zip to date (see libs/files/xlsx.ts)');
    if (!zip.datedBy) {
      const append = zip.append.bind(zip);
      zip.append = (source, entry) => append(source, { date, ...entry });
      zip.datedBy = date;
    }
    return super.addThemes();
  }
}

/** A streaming workbook writing to `out`, its parts and its created/modified dates all `date`. */
export function datedWorkbookWriter(out: Writable, date: Date, options: { useStyles?: boolean; useSharedStrings?: boolean } = {}): ExcelJS.stream.xlsx.WorkbookWriter {
  const workbook = new DatedWorkbookWriter({
    stream: out,
    useStyles: options.useStyles ?? true,
    useSharedStrings: options.useSharedStrings ?? false,
    zip: { entryDate: date } as ExcelJS.stream.xlsx.WorkbookStreamWriterOptions['zip'],
  });
  workbook.creator = 'Guankao 管考';
  workbook.created = date;
  workbook.modified = date;
  return workbook;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
