import { AppError } from './errors.js';

/**
 * Keyset pagination cursors: an opaque base64url JSON of the sort key of the last row returned.
 * A cursor is tied to its sort, so a tampered or foreign cursor is refused with a 400.
 */
export function encodeCursor(sort: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key }), 'utf8').toString('base64url');
}

export function decodeCursor(sort: string, cursor: string, arity: number): (string | number)[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    if (parsed.s === sort && Array.isArray(parsed.k) && parsed.k.length === arity) {
      return parsed.k as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid([{ field: 'after', problems: ['after must be a cursor returned by this list with the same sort'] }]);
}

