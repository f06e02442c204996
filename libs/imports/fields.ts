import { fromRocYear } from '../common/roc.js';
import type { Cell } from './reading/sheet.js';

/**
 * Cell values read as the secretariat writes them. Each parser returns the value or a problem code
 * (`problem.<code>` in apps/web/src/imports/imports.texts.ts) with its params.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; params?: Record<string, unknown> };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, params?: Record<string, unknown>): Parsed<never> => ({ ok: false, code, params });

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

function isoIfValid(y: number, m: number, d: number): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A date: a spreadsheet date cell, AD `2026-12-31` / `2026/12/31` / `2026.12.31` / `20261231`, or ROC
 * `115/12/31` / `115.12.31` / `115-12-31` / `民國115年12月31日` / `1151231` (7 digits). A three-digit
 * year is ROC (民國 N = AD N + 1911).
 */
export function parseDate(cell: Cell): Parsed<string> {
  if (cell.t === 'date') return ok(cell.v);
  const text = cell.v.trim().replace(/\s+/g, '');
  let m = /^(?:民國)?(\d{2,4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})日?$/.exec(text);
  let y: number; let mo: number; let d: number;
  if (m) {
    y = Number(m[1]); mo = Number(m[2]); d = Number(m[3]);
    if (m[1].length <= 3) y = fromRocYear(y);
  } else if ((m = /^(\d{7,8})$/.exec(text))) {
    const digits = m[1];
    const yearDigits = digits.length - 4;
    y = Number(digits.slice(0, yearDigits)); mo = Number(digits.slice(yearDigits, yearDigits + 2)); d = Number(digits.slice(yearDigits + 2));
    if (yearDigits === 3) y = fromRocYear(y);
  } else {
    return bad('badDate', { value: cell.v });
  }
  const iso = isoIfValid(y, mo, d);
  return iso ? ok(iso) : bad('badDate', { value: cell.v });
}

/** A year: AD (2026) or ROC (115, 民國115年, 115年度). */
export function parseYear(cell: Cell): Parsed<number> {
  const text = cell.v.trim().replace(/^民國/, '').replace(/年度?$/, '');
  if (!/^\d{2,4}$/.test(text)) return bad('badYear', { value: cell.v });
  const n = Number(text);
  const year = text.length <= 3 ? fromRocYear(n) : n;
  return year >= MIN_YEAR && year <= MAX_YEAR ? ok(year) : bad('badYear', { value: cell.v });
}

/**
 * An exact decimal as text (億元 or a target), never through a double: "1,234.5" → "1234.5".
 * `scale` decimals at most, `precision` digits in all.
 */
export function parseDecimal(cell: Cell, options: { precision: number; scale: number; allowNegative?: boolean }): Parsed<string> {
  const text = cell.v.trim().replace(/[,，\s]/g, '').replace(/^＋/, '+');
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text) ?? /^([+-]?)()\.(\d+)$/.exec(text);
  if (!m) return bad('badDecimal', { value: cell.v });
  if (m[1] === '-' && !options.allowNegative && /[1-9]/.test(m[2] + (m[3] ?? ''))) return bad('negativeAmount', { value: cell.v });
  const whole = (m[2] || '0').replace(/^0+(?=\d)/, '');
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > options.scale) return bad('tooManyDecimals', { value: cell.v, max: options.scale });
  if (whole.length > options.precision - options.scale) return bad('amountTooLarge', { value: cell.v, maxDigits: options.precision - options.scale });
  const sign = m[1] === '-' && /[1-9]/.test(whole + fraction) ? '-' : '';
  return ok(`${sign}${whole}${fraction ? `.${fraction}` : ''}`);
}

/** A positive whole number (a sequence). */
export function parsePositiveInt(cell: Cell): Parsed<number> {
  const text = cell.v.trim();
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) return bad('badSequence', { value: cell.v });
  return ok(Number(text));
}

/** 是 / 否, Y / N, true / false, √ / 空白. */
export function parseBoolean(cell: Cell): Parsed<boolean> {
  const text = cell.v.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '√', 'v', '✓', 'o'].includes(text)) return ok(true);
  if (['否', 'n', 'no', 'false', '0', 'x', '×'].includes(text)) return ok(false);
  return bad('badBoolean', { value: cell.v });
}

/** √ (main) or △ (involved), with the look-alikes people type. */
export function parseMark(text: string): 'main' | 'involved' | null {
  const t = text.trim();
  if (['√', '✓', '✔', 'v', 'V', '主', '主要'].includes(t)) return 'main';
  if (['△', '▲', '∆', 'Δ', '涉', '涉及'].includes(t)) return 'involved';
  return null;
}

/** A list cell: 「國科會、數位部」, "a; b", "a,b", one per line. */
export function splitList(text: string): string[] {
  return text.split(/[、,，;；\n]+/).map((s) => s.trim()).filter((s) => s !== '');
}

/** A key: letters, digits and - _ . : / only, 64 characters at most. */
export function parseCode(cell: Cell, max = 64): Parsed<string> {
  const text = cell.v.trim();
  if (text.length > max) return bad('tooLong', { value: cell.v, max });
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/.test(text)) return bad('badCode', { value: cell.v });
  return ok(text);
}

/** Free text, trimmed, within `max` characters. */
export function parseText(cell: Cell, max = 2000): Parsed<string> {
  const text = cell.v.trim();
  return text.length > max ? bad('tooLong', { value: `${text.slice(0, 40)}…`, max }) : ok(text);
}
