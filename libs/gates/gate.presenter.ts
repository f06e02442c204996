import { dateView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import { SCORE_MAX, SCORE_MIN } from './gate.entity.js';
import type { GateConditionDto, GateCriterionDto } from './gate.views.js';
import type { ConditionRow, CriterionRow } from './gates.queries.js';

/** Gate rows as the API shows them. */

export const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);
export const blank = (s: string | null | undefined): boolean => !s || s.trim() === '';
/** 3.50 → "3.5", 3.00 → "3": weights as people write them. */
const weightText = (w: string): string => String(Number(w));

/** The should-meet scale, stated wherever scores are. */
export const SCALE_NOTE = `Should-meet criteria are scored ${SCORE_MIN}–${SCORE_MAX} (whole numbers) and weighted; must-meet criteria are met / not met. Weights and this scale are Guankao's defaults, not from the plan.`;

export function criterionView(c: CriterionRow): GateCriterionDto {
  return {
    code: c.code, seq: c.seq, text: c.text, requirement: c.requirement, weight: weightText(c.weight), guidance: c.guidance, source: c.source, sourceText: c.source_text,
  };
}

export function conditionView(c: ConditionRow): GateConditionDto {
  return {
    id: c.id, seq: c.seq, text: c.text, owner: { code: c.owner_code, name: c.owner_name }, dueDate: dateView(c.due_date), status: c.status,
    note: c.resolution_note, resolvedBy: c.resolved_by ? { id: c.resolved_by, displayName: c.resolver_name ?? '' } : null, resolvedAt: iso(c.resolved_at),
    version: c.version, gateReviewId: c.review_id, gate: { code: c.gate_code, seq: c.gate_seq, name: c.gate_name },
    subProject: { code: c.sp_code, name: c.sp_name, lead: organisationRef(c.lead_code, c.lead_name) },
  };
}
