import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../common/errors.js';

/** The evidence types accepted, each with the first bytes a real file of that type starts with. */
const PK = Buffer.from('PK\x03\x04', 'latin1');
const SIGNATURES: Record<string, { name: string; matches: (bytes: Buffer) => boolean }> = {
  'application/pdf': { name: 'PDF', matches: (b) => b.subarray(0, 5).equals(Buffer.from('%PDF-', 'latin1')) },
  'image/png': { name: 'PNG', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/jpeg': { name: 'JPEG', matches: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'text/csv': { name: 'CSV (UTF-8 text)', matches: isUtf8Text },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { name: 'XLSX', matches: (b) => b.subarray(0, 4).equals(PK) },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { name: 'DOCX', matches: (b) => b.subarray(0, 4).equals(PK) },
};

export const EVIDENCE_TYPES: readonly string[] = Object.keys(SIGNATURES);

function isUtf8Text(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

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

/**
 * The upload as received: refused when empty (400), too big (413), of a type not on the list or
 * whose bytes are not what its Content-Type says (415).
 */
export function checkEvidence(body: unknown, contentType: string | undefined, maxBytes: number): { bytes: Buffer; contentType: string } {
  const declared = mediaType(contentType);
  if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0)) {
    throw AppError.invalid([{ field: 'body', problems: ['the request body must be the file itself, and it is empty'] }]);
  }
  const signature = SIGNATURES[declared];
  if (!signature || !Buffer.isBuffer(body)) throw unsupportedType(declared);
  if (body.length > maxBytes) throw tooLarge(maxBytes, body.length);
  if (!signature.matches(body)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The file is declared as ${declared} but its content is not ${signature.name}`, { contentType: declared });
  }
  return { bytes: body, contentType: declared };
}

/** A file name as given, refused when it could not be shown or saved as one name. */
export function filenameProblem(name: string): string | null {
  if (name.trim() === '') return 'filename must not be blank';
  if (/[\\/]/.test(name)) return 'filename must be a name, without "/" or "\\"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'filename must not contain control characters';
  if (name === '.' || name === '..') return 'filename must be a name';
  return null;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Content-addressed: identical files share one stored copy. */
export function storageKey(sha: string): string {
  return `evidence/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
}

export function storagePath(storageDir: string, key: string): string {
  return join(resolve(storageDir), key);
}

/**
 * Stores the bytes under their key once. Written to a temporary file beside the target, flushed,
 * then renamed, so a reader never sees half a file.
 */
export async function storeOnce(storageDir: string, key: string, bytes: Buffer): Promise<void> {
  const target = storagePath(storageDir, key);
  try {
    await access(target, constants.R_OK);
    return; // already stored: same checksum, same bytes
  } catch {
    // not stored yet
  }
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

/** RFC 6266 / 5987: an attachment whose name survives any language (e.g. 進度報告.pdf). */
export function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
