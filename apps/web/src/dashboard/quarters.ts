import type { TFunction } from 'i18next';

/** Reporting periods are calendar quarters, YYYY-Qn; shown as ROC quarters (115 年第 3 季). */

export function taipeiQuarter(now = Date.now()): string {
  const taipei = new Date(now + 8 * 3600_000);
  return `${taipei.getUTCFullYear()}-Q${Math.floor(taipei.getUTCMonth() / 3) + 1}`;
}

export function quarterLabel(t: TFunction, code: string, short = false): string {
  const ad = Number(code.slice(0, 4));
  const q = Number(code.slice(6));
  return t(short ? 'dashboard:quarterShort' : 'dashboard:quarter', { roc: ad - 1911, ad, q });
}

/** Quarters from `fromYear` Q1 to `to` (a quarter code), newest first. */
export function quartersBetween(fromYear: number, to: string): string[] {
  const out: string[] = [];
  const toYear = Number(to.slice(0, 4));
  const toQ = Number(to.slice(6));
  for (let y = toYear; y >= fromYear; y--) {
    for (let q = y === toYear ? toQ : 4; q >= 1; q--) out.push(`${y}-Q${q}`);
  }
  return out;
}
