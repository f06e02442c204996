/**
 * Numbers as the file writes them, kept as decimal text. A spreadsheet stores a double; its text is
 * the shortest (or a 17-digit) rendering of it, so it is cut to the 15 significant digits a spreadsheet
 * shows, and exponents are written out: "1.5E-3" → "0.0015", "0.30000000000000004" → "0.3".
 */
export function plainDecimal(text: string): string | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const sign = m[1] === '-' ? '-' : '';
  let digits = (m[2] + (m[3] ?? '')).replace(/^0+/, '');
  const leadingZerosCut = (m[2] + (m[3] ?? '')).length - digits.length;
  if (digits === '') return '0';
  // Position of the decimal point counted from the start of `digits`.
  let point = m[2].length - leadingZerosCut + Number(m[4] ?? 0);
  if (digits.length > 15) {
    const kept = digits.slice(0, 15).split('').map(Number);
    if (Number(digits[15]) >= 5) {
      let i = 14;
      for (; i >= 0; i--) {
        if (kept[i] === 9) kept[i] = 0;
        else { kept[i] += 1; break; }
      }
      if (i < 0) { kept.unshift(1); point += 1; }
    }
    digits = kept.join('');
  }
  digits = digits.replace(/0+$/, '');
  if (digits === '') return '0';
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

const DAY_MS = 86_400_000;

/** A spreadsheet date serial → YYYY-MM-DD (the 1900 system counts a 29 Feb 1900 that never was). */
export function serialToIsoDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const day = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + day * DAY_MS).toISOString().slice(0, 10);
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a number format shows a date or time (then its cells hold date serials). */
export function isDateFormat(numFmtId: number, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATE_FORMATS.has(numFmtId);
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/_./g, '').replace(/[eE][+-]0*/g, '');
  return /[dmyegh]/i.test(bare.split(';')[0]) && !/^general$/i.test(bare.trim());
}
