import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../common/errors.js';
import { attachmentDisposition, sha256, storedFilePath, storeOnce, withoutBidiControls } from '../files/index.js';

/**
 * The evidence types accepted. Each is checked for what the bytes really are, not only how they
 * start: file-type reads the container (an XLSX or DOCX is a ZIP whose [Content_Types].xml names a
 * workbook or a document; any other ZIP is not), a PDF must carry its cross-reference structure,
 * and a CSV must be UTF-8 text that a browser would not take for markup.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TYPES: Record<string, { name: string; detected: readonly string[] | null }> = {
  'application/pdf': { name: 'PDF', detected: ['pdf', 'ai'] }, // an Illustrator file is a PDF
  'image/png': { name: 'PNG', detected: ['png', 'apng'] },
  'image/jpeg': { name: 'JPEG', detected: ['jpg'] },
  /** Text has no magic number: file-type finds nothing in a real CSV. */
  'text/csv': { name: 'CSV (UTF-8 text)', detected: null },
  [XLSX]: { name: 'XLSX', detected: ['xlsx'] },
  [DOCX]: { name: 'DOCX', detected: ['docx'] },
};

export const EVIDENCE_TYPES: readonly string[] = Object.keys(TYPES);

/** Why the bytes are not the declared type; each reason has its zh-TW sentence in libs/common/validation-messages.ts. */
type EvidenceContentProblem = 'otherType' | 'notPdf' | 'notOfficeDocument' | 'notUtf8Text' | 'markup';

/** `text/csv; charset=utf-8` → `text/csv` */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function tooLarge(maxBytes: number, size?: number): AppError {
  const got = size === undefined ? '' : ` (this one is ${size} bytes)`;
  return new AppError('PAYLOAD_TOO_LARGE', `An evidence file may be at most ${maxBytes} bytes${got}`, { maxBytes, ...(size === undefined ? {} : { sizeBytes: size }) });
}

export function unsupportedType(declared: string): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type "${declared || '(none)'}" is not accepted for evidence: send one of ${EVIDENCE_TYPES.join(', ')}`, {
    contentType: declared || null,
    allowed: EVIDENCE_TYPES,
  });
}

function notWhatItSays(declared: string, reason: EvidenceContentProblem, why: string | null, detected: string | null): AppError {
  const name = TYPES[declared].name;
  return new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is declared as ${declared} but its content is not ${name}${why ? `: ${why}` : ''}`, {
    contentType: declared,
    reason,
    detected,
  });
}

/**
 * The upload as received: refused when empty (400), too big (413), of a type not on the list or
 * whose bytes are not what its Content-Type says (415, `details.reason` says why).
 */
export async function checkEvidence(body: unknown, contentType: string | undefined, maxBytes: number): Promise<{ bytes: Buffer; contentType: string }> {
  const declared = mediaType(contentType);
  if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0)) {
    throw AppError.invalid([{ field: 'body', problems: ['the request body must be the file itself, and it is empty'] }]);
  }
  const type = TYPES[declared];
  if (!type || !Buffer.isBuffer(body)) throw unsupportedType(declared);
  if (body.length > maxBytes) throw tooLarge(maxBytes, body.length);

  const detected = (await fileTypeFromBuffer(body))?.ext ?? null;
  if (type.detected === null) {
    if (detected !== null) throw notWhatItSays(declared, 'otherType', `it is ${detected}`, detected);
    if (!isUtf8Text(body)) throw notWhatItSays(declared, 'notUtf8Text', null, null);
    if (looksLikeMarkup(body)) throw notWhatItSays(declared, 'markup', 'it is HTML or XML, which a browser could run', 'html');
  } else if (detected === null || !type.detected.includes(detected)) {
    if (detected === 'zip' && (declared === XLSX || declared === DOCX)) {
      throw notWhatItSays(declared, 'notOfficeDocument', `it is a ZIP archive whose [Content_Types].xml does not name a ${type.name} main part`, detected);
    }
    throw notWhatItSays(declared, 'otherType', null, detected);
  } else if (declared === 'application/pdf') {
    const problem = pdfStructureProblem(body);
    if (problem) throw notWhatItSays(declared, 'notPdf', problem, detected);
  }
  return { bytes: body, contentType: declared };
}

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a browser sniffing the bytes would take for HTML (WHATWG MIME Sniffing: a tag at the
 * start, after white space) or an XML/SVG document, and script tags anywhere.
 */
function looksLikeMarkup(bytes: Buffer): boolean {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*</.test(text)) return true;
  return /<\s*(script|html|body|iframe|svg|object|embed|meta|!doctype)\b/i.test(text);
}

/**
 * A PDF carries its structure at the end: `startxref`, the offset of its cross-reference table (or
 * stream), and `%%EOF`. A file that only starts with %PDF- (HTML behind a PDF header) has none.
 */
function pdfStructureProblem(bytes: Buffer): string | null {
  let end = bytes.length;
  while (end > 0 && /[\s\0]/.test(String.fromCharCode(bytes[end - 1]))) end--; // padding after %%EOF
  const tail = bytes.subarray(Math.max(0, end - 1024), end).toString('latin1');
  const trailer = /startxref\s+(\d+)\s+%%EOF$/.exec(tail);
  if (!trailer) return 'it does not end with a PDF trailer (startxref, %%EOF)';
  const offset = Number(trailer[1]);
  const at = offset < bytes.length ? bytes.subarray(offset, offset + 40).toString('latin1') : '';
  if (!/^\s*(xref\b|\d+\s+\d+\s+obj\b)/.test(at)) return 'its startxref does not point at a cross-reference table';
  return null;
}

/**
 * A file name as stored and shown: bidirectional controls removed (a right-to-left override makes
 * 「報告‮fdp.exe」 read as 「報告exe.pdf」).
 */
export const evidenceFilename = withoutBidiControls;

/** A file name as given (after evidenceFilename), refused when it could not be shown or saved as one name. */
export function filenameProblem(name: string): string | null {
  if (name.trim() === '') return 'filename must not be blank';
  if (/[\\/]/.test(name)) return 'filename must be a name, without "/" or "\\"';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'filename must not contain control characters';
  if (name === '.' || name === '..') return 'filename must be a name';
  return null;
}

export { sha256, storeOnce };

/** Content-addressed: identical files share one stored copy. */
export function storageKey(sha: string): string {
  return `evidence/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
}

export const storagePath = storedFilePath;

/** RFC 6266 / 5987 (libs/files): bidi controls of names stored before they were removed are dropped here too. */
export const contentDisposition = attachmentDisposition;
