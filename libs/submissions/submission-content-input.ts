import { formatAmount } from '../common/decimal.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { fieldProblem } from '../common/validation.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowsOf } from '../database/sql-query.js';
import { canonicalDecimal, type SubmissionContent } from './submission.content.js';
import type { SubmissionContentInput } from './submission.views.js';
import { EVIDENCE_IDS_OF_SUBMISSION, KNOWN_INDICATORS } from './submissions.queries.js';

/**
 * The content after applying `input` to `base` (absent fields stay, null clears), with numbers in
 * one spelling, indicators of this sub-project or its programme, and evidence of this submission.
 * Drafting and saving a draft both go through it.
 */
export async function normaliseContent(
  db: DbHandle, input: SubmissionContentInput, base: SubmissionContent, sp: { id: string; programme_id: string }, submissionId?: string, evidence?: string[] | null,
): Promise<SubmissionContent> {
  const pick = <T>(value: T | null | undefined, fallback: T, empty: T): T => (value === undefined ? fallback : value === null ? empty : value);
  const progress = pick(input.progressPercent, base.progressPercent, null);
  const budget = pick(input.budgetExecuted, base.budgetExecuted, null);
  const content: SubmissionContent = {
    progressPercent: progress === null ? null : formatAmount(canonicalDecimal(progress)),
    narrative: pick(input.narrative, base.narrative, ''),
    indicatorActuals: input.indicatorActuals === undefined
      ? base.indicatorActuals
      : (input.indicatorActuals ?? []).map((a) => ({ indicator: a.indicator, value: canonicalDecimal(a.value), note: a.note?.trim() || null })),
    budgetExecuted: budget === null ? null : formatAmount(canonicalDecimal(budget)),
    budgetYear: pick(input.budgetYear, base.budgetYear, null),
    evidence: evidence === undefined ? base.evidence : [...new Set(evidence ?? [])],
  };

  const problems: FieldProblem[] = [];
  if (content.budgetExecuted !== null && content.budgetYear === null) {
    problems.push(fieldProblem('budgetYear', 'required', 'budgetYear is required with budgetExecuted: say which year the amount is for', '填寫預算執行數時必須填寫「budgetYear」：說明是哪一年度的金額'));
  }
  const codes = content.indicatorActuals.map((a) => a.indicator);
  if (codes.length > 0) {
    const known = new Set((await rowsOf(db, KNOWN_INDICATORS, [codes, sp.id, sp.programme_id])).map((r) => r.code));
    codes.forEach((code, i) => {
      const field = `indicatorActuals.${i}.indicator`;
      if (!known.has(code)) problems.push(fieldProblem(field, 'unknownReference', `indicator "${code}" is not an indicator of this sub-project or its programme`, `「${code}」不是此細部計畫或其計畫的指標`));
      else if (codes.indexOf(code) !== i) problems.push(fieldProblem(field, 'duplicate', `indicator "${code}" is listed twice`, `指標「${code}」重複填寫`));
    });
  }
  if (evidence && evidence.length > 0 && submissionId) {
    const own = new Set((await rowsOf(db, EVIDENCE_IDS_OF_SUBMISSION, [submissionId])).map((r) => r.id));
    const foreign = content.evidence.filter((e) => !own.has(e));
    if (foreign.length) problems.push(fieldProblem('evidence', 'unknownReference', `not evidence of this submission: ${foreign.join(', ')}`, `不是此填報的佐證檔案：${foreign.join('、')}`));
  }
  if (problems.length) throw AppError.invalid(problems);
  return content;
}
