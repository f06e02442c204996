/** ROC (民國) years: 民國 N = AD N + 1911. */
const ROC_OFFSET = 1911;

export interface YearView {
  ad: number;
  roc: number;
}

export function toRocYear(adYear: number): number {
  return adYear - ROC_OFFSET;
}

export function fromRocYear(rocYear: number): number {
  return rocYear + ROC_OFFSET;
}

export function yearView(adYear: number): YearView;
export function yearView(adYear: number | null): YearView | null;
export function yearView(adYear: number | null): YearView | null {
  return adYear === null ? null : { ad: adYear, roc: toRocYear(adYear) };
}

export interface DateView {
  /** ISO date, e.g. 2018-12-31 */
  ad: string;
  /** ROC date as officials write it, e.g. 107/12/31 */
  roc: string;
}

/** Takes an ISO date (YYYY-MM-DD) and shows it in both calendars. */
export function dateView(isoDate: string): DateView;
export function dateView(isoDate: string | null): DateView | null;
export function dateView(isoDate: string | null): DateView | null {
  if (isoDate === null) return null;
  const [y, m, d] = isoDate.split('-');
  return { ad: isoDate, roc: `${toRocYear(Number(y))}/${m}/${d}` };
}
