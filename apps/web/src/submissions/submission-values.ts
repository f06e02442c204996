import type { SubmissionContent } from './submission.queries';

/** The form as typed: every field a string, so nothing the user typed is reformatted under them. */
export interface FormValues {
  progressPercent: string;
  narrative: string;
  indicatorActuals: IndicatorRow[];
  budgetExecuted: string;
  budgetYear: string;
}
export interface IndicatorRow { key: string; indicator: string | null; value: string; note: string }

let rowSeq = 0;
export const newRow = (init?: Partial<IndicatorRow>): IndicatorRow => ({ key: `row-${++rowSeq}`, indicator: null, value: '', note: '', ...init });

export function valuesOf(content: SubmissionContent): FormValues {
  return {
    progressPercent: content.progressPercent ?? '',
    narrative: content.narrative ?? '',
    indicatorActuals: content.indicatorActuals.map((a) => newRow({ indicator: a.indicator, value: a.value, note: a.note ?? '' })),
    budgetExecuted: content.budgetExecuted ?? '',
    budgetYear: content.budgetYear ? String(content.budgetYear.ad) : '',
  };
}

// The API's rules (libs/submissions/submission.views.ts), checked here first so the user sees them while typing.
const PERCENT = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;
const AMOUNT = /^\d{1,10}(\.\d{1,4})?$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;
const YEAR = /^\d{4}$/;

/** The PATCH body's content part; rows left completely empty are not sent. */
export function bodyOf(v: FormValues) {
  const year = v.budgetYear.trim();
  return {
    progressPercent: v.progressPercent.trim() || null,
    narrative: v.narrative,
    indicatorActuals: v.indicatorActuals
      .filter((r) => r.indicator || r.value.trim() || r.note.trim())
      .map((r) => ({ indicator: r.indicator ?? '', value: r.value.trim(), note: r.note.trim() || null })),
    budgetExecuted: v.budgetExecuted.trim() || null,
    budgetYear: year && YEAR.test(year) ? Number(year) : null,
  };
}

/** Problems the browser can see itself, keyed like the API's field names (so both show in one place). */
export function localProblems(v: FormValues): Record<string, string> {
  const p: Record<string, string> = {};
  const percent = v.progressPercent.trim();
  if (percent && !PERCENT.test(percent)) p.progressPercent = 'form.percentInvalid';
  const amount = v.budgetExecuted.trim();
  if (amount && !AMOUNT.test(amount)) p.budgetExecuted = 'form.amountInvalid';
  const year = v.budgetYear.trim();
  if (year && (!YEAR.test(year) || Number(year) < 1900 || Number(year) > 2200)) p.budgetYear = 'form.yearInvalid';
  else if (amount && !year) p.budgetYear = 'form.yearRequired';
  v.indicatorActuals.forEach((r, i) => {
    const used = r.indicator || r.value.trim() || r.note.trim();
    if (!used) return;
    if (!r.indicator) p[`indicatorActuals.${i}.indicator`] = 'form.indicatorRequired';
    if (!DECIMAL.test(r.value.trim())) p[`indicatorActuals.${i}.value`] = 'form.valueInvalid';
  });
  return p;
}
