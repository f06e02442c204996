import { AppError } from '../common/errors.js';

/** A reporting period: a calendar quarter, written YYYY-Qn (2024-Q3). */
export const PERIOD_PATTERN = /^[0-9]{4}-Q[1-4]$/;
export const PERIOD_MESSAGE = 'must be a reporting period written YYYY-Qn, e.g. 2024-Q3';

export interface Period {
  /** YYYY-Qn */
  code: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** First day, ISO */
  start: string;
  /** Last day, ISO */
  end: string;
}

const QUARTER_END = ['03-31', '06-30', '09-30', '12-31'] as const;

/** Parses a period, or refuses it naming the field (400). Years follow the schema's 1900–2200. */
export function parsePeriod(value: string, field = 'period'): Period {
  if (typeof value !== 'string' || !PERIOD_PATTERN.test(value)) {
    throw AppError.invalid([{ field, problems: [`${field} ${PERIOD_MESSAGE}`] }]);
  }
  const year = Number(value.slice(0, 4));
  if (year < 1900 || year > 2200) throw AppError.invalid([{ field, problems: [`${field} must be a year between 1900 and 2200`] }]);
  const quarter = Number(value.slice(6)) as Period['quarter'];
  const firstMonth = String(quarter * 3 - 2).padStart(2, '0');
  return { code: value, year, quarter, start: `${year}-${firstMonth}-01`, end: `${year}-${QUARTER_END[quarter - 1]}` };
}

/** The period an ISO date falls in. */
export function periodOf(isoDate: string): Period {
  const month = Number(isoDate.slice(5, 7));
  return parsePeriod(`${isoDate.slice(0, 4)}-Q${Math.ceil(month / 3)}`);
}

/** Whole days from `from` to `to` (ISO dates), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The earlier of two ISO dates. */
export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}
