import { fileTypeFromBuffer } from 'file-type';
import { readCsv } from './csv-reader.js';
import { ImportFileError } from './file-problem.js';
import type { ReadLimits } from './limits.js';
import { readOds } from './ods-reader.js';
import type { RowSink, SheetReadResult } from './sheet.js';
import { readXlsx } from './xlsx-reader.js';
import { type InflateStats, ZipContainer } from './zip.js';

export type SheetFormat = 'xlsx' | 'ods' | 'csv';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/**
 * What file-type is shown: enough for every magic number and a workbook's first entries. Given a whole streamed
 * workbook it scans every byte for ZIP data descriptors (80 MiB of garbage for a 2 MiB file); when it stops at
 * "zip", the container checks below still tell a workbook and its macros.
 */
const DETECTION_BYTES = 64 * 1024;
/** An encrypted OOXML file is a CFB container with these streams (names in UTF-16LE). */
const ENCRYPTED_STREAMS = ['EncryptedPackage', 'EncryptionInfo'].map((s) => Buffer.from(s, 'utf16le'));

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The format by the file's name; refused names say what is accepted. */
export function formatOf(fileName: string): SheetFormat {
  const ext = extensionOf(fileName);
  if (ext === 'xlsx' || ext === 'ods' || ext === 'csv') return ext;
  if (ext === 'xlsm' || ext === 'xltm' || ext === 'xlsb') throw new ImportFileError('macro', `A macro-enabled workbook (.${ext}) is not accepted: save it as .xlsx`, { extension: ext });
  if (ext === 'xls') throw new ImportFileError('legacyXls', 'An Excel 97–2003 workbook (.xls) is not accepted: save it as .xlsx', { extension: ext });
  throw new ImportFileError('fileType', `".${ext}" files are not accepted: upload .xlsx, .ods or .csv`, { extension: ext || null, accepted: ['xlsx', 'ods', 'csv'] });
}

/** Macros in an OOXML or ODF container, by its parts. */
async function checkNoMacros(zip: ZipContainer, format: 'xlsx' | 'ods'): Promise<void> {
  const names = [...zip.entries.keys()];
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || /(^|\/)vbaData\.xml$/i.test(n))) {
    throw new ImportFileError('macro', 'The workbook carries macros (vbaProject.bin): save it as a plain .xlsx without macros');
  }
  if (format === 'xlsx') {
    const types = (await zip.text('[Content_Types].xml')) ?? '';
    if (/macroEnabled/i.test(types)) throw new ImportFileError('macro', 'The workbook is macro-enabled: save it as a plain .xlsx without macros');
  } else {
    if (names.some((n) => /^(Basic|Scripts)\//.test(n))) throw new ImportFileError('macro', 'The spreadsheet carries macros: save it without them');
    const manifest = (await zip.text('META-INF/manifest.xml')) ?? '';
    if (/encryption-data/.test(manifest)) throw new ImportFileError('encrypted', 'The spreadsheet is encrypted (password-protected): save it without a password and upload it again');
  }
}

/**
 * Reads the data sheet of an uploaded file within the limits, row by row into `onRow`. The
 * extension says what it should be; the bytes must be that (file-type reads the container), and
 * macro-enabled, encrypted or legacy workbooks are refused before any cell is read.
 */
export async function readSpreadsheet(
  bytes: Buffer, fileName: string, limits: ReadLimits, onRow: RowSink, stats: InflateStats = { inflatedBytes: 0 },
): Promise<SheetReadResult> {
  const format = formatOf(fileName);
  if (bytes.length > limits.maxFileBytes) throw new ImportFileError('fileSize', `The file is larger than ${limits.maxFileBytes} bytes`, { maxBytes: limits.maxFileBytes });
  if (bytes.length === 0) throw new ImportFileError('emptySheet', 'The file is empty');
  if (bytes.subarray(0, 8).equals(CFB_MAGIC)) {
    if (ENCRYPTED_STREAMS.some((name) => bytes.includes(name))) {
      throw new ImportFileError('encrypted', 'The file is encrypted (password-protected): save it without a password and upload it again');
    }
    throw new ImportFileError(format === 'csv' ? 'contentMismatch' : 'legacyXls', 'The file is an Excel 97–2003 (.xls) workbook, not what its name says: save it as .xlsx', { expected: format, detected: 'xls' });
  }
  const detected = await fileTypeFromBuffer(bytes.subarray(0, DETECTION_BYTES));
  if (format === 'csv') {
    if (detected) throw new ImportFileError('contentMismatch', `The file is named .csv but is ${detected.ext}`, { expected: 'csv', detected: detected.ext });
    return readCsv(bytes, limits, onRow);
  }
  if (detected?.ext === 'xlsm' || detected?.mime === 'application/vnd.ms-excel.sheet.macroenabled.12') {
    throw new ImportFileError('macro', 'The workbook is macro-enabled: save it as a plain .xlsx without macros');
  }
  const ok = format === 'xlsx' ? detected?.ext === 'xlsx' || detected?.ext === 'zip' : detected?.ext === 'ods' || detected?.ext === 'zip';
  if (!ok) throw new ImportFileError('contentMismatch', `The file is named .${format} but is ${detected?.ext ?? 'something else'}`, { expected: format, detected: detected?.ext ?? null });
  const zip = await ZipContainer.open(bytes, limits, stats);
  try {
    await checkNoMacros(zip, format);
    if (format === 'xlsx') return await readXlsx(zip, limits, onRow);
    if (!zip.has('content.xml') || !/opendocument\.spreadsheet/.test((await zip.text('mimetype')) ?? '')) {
      throw new ImportFileError('contentMismatch', 'The file is named .ods but is not an OpenDocument spreadsheet', { expected: 'ods', detected: detected?.ext ?? null });
    }
    return await readOds(zip, limits, onRow);
  } finally {
    zip.close();
  }
}
