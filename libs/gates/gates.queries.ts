import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { GateConditionStatus, GateDecision, GateRequirement, GateReviewStatus } from './gate.entity.js';
import type { ScoreSummaryDto } from './gate.views.js';
import type { CriterionScores } from './score-summary.js';

/**
 * Every SQL statement of stage gates, each with the columns it returns (checked against the migrated
 * schema by test/sql-queries.int-spec.ts). Record timestamps (updated_at, decided_at, resolved_at,
 * scores_submitted_at) are database time; "today" for due dates comes from the Clock.
 */

// ---- templates and criteria ------------------------------------------------------------------

/** $1 programme code */
export const PROGRAMME_BY_CODE = defineQuery<{ id: string }>('gates.programme-by-code', `SELECT id FROM programme WHERE code = $1`, { id: true });

export interface TemplateRow {
  id: string; code: string; seq: number; name: string; name_en: string | null; purpose: string; source: string | null; source_text: string | null;
  note: string | null; criteria_revision: number; version: number;
}

/** A programme's gates in order. $1 programme id */
export const TEMPLATES_OF_PROGRAMME = defineQuery<TemplateRow>(
  'gates.templates-of-programme',
  `SELECT id, code, seq, name, name_en, purpose, source, source_text, note, criteria_revision, version FROM gate_template WHERE programme_id = $1 ORDER BY seq`,
  { id: true, code: true, seq: true, name: true, name_en: true, purpose: true, source: true, source_text: true, note: true, criteria_revision: true, version: true },
);

export interface CriterionRow {
  id: string; code: string; seq: number; text: string; requirement: GateRequirement; weight: string; guidance: string | null; source: string | null; source_text: string | null;
}

/** $1 template id, $2 criteria revision */
export const CRITERIA = defineQuery<CriterionRow>(
  'gates.criteria',
  `SELECT id, code, seq, text, requirement, weight, guidance, source, source_text FROM gate_criterion WHERE template_id = $1 AND revision = $2 ORDER BY seq`,
  { id: true, code: true, seq: true, text: true, requirement: true, weight: true, guidance: true, source: true, source_text: true },
);

/** $1 template code */
export const LOCK_TEMPLATE = defineQuery<{ id: string; programme_id: string; criteria_revision: number; version: number; p_code: string }>(
  'gates.lock-template',
  `SELECT t.id, t.programme_id, t.criteria_revision, t.version, p.code AS p_code FROM gate_template t JOIN programme p ON p.id = t.programme_id
    WHERE t.code = $1 FOR UPDATE OF t`,
  { id: true, programme_id: true, criteria_revision: true, version: true, p_code: true },
);

/** $1 template id */
export const SCORING_REVIEWS_OF_TEMPLATE = defineQuery<{ id: string }>(
  'gates.scoring-reviews-of-template', `SELECT id FROM gate_review WHERE template_id = $1 AND status = 'scoring'`, { id: true },
);

/** $1 template id, $2 revision, $3 code, $4 seq, $5 text, $6 requirement, $7 weight, $8 guidance, $9 source, $10 source text */
export const INSERT_CRITERION = defineStatement(
  'gates.insert-criterion',
  `INSERT INTO gate_criterion (template_id, revision, code, seq, text, requirement, weight, guidance, source, source_text)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
);

/** $1 template id, $2 criteria revision */
export const SET_TEMPLATE_CRITERIA_REVISION = defineStatement(
  'gates.set-template-criteria-revision', `UPDATE gate_template SET criteria_revision = $2, version = version + 1, updated_at = now() WHERE id = $1`,
);

/** Scheduled reviews of the gate follow its new criteria. $1 template id, $2 criteria revision */
export const MOVE_SCHEDULED_REVIEWS_TO_CRITERIA = defineQuery<{ id: string }>(
  'gates.move-scheduled-reviews',
  `UPDATE gate_review SET criteria_revision = $2, version = version + 1, updated_at = now() WHERE template_id = $1 AND status = 'scheduled' RETURNING id`,
  { id: true },
);

// ---- reviews -----------------------------------------------------------------------------------

export interface ReviewRow {
  id: string; sub_project_id: string; template_id: string; criteria_revision: number; status: GateReviewStatus; scheduled_for: string;
  packet_report_id: string | null; packet_status: string | null; decision: GateDecision | null; decision_reasons: string | null;
  score_summary: ScoreSummaryDto | null; decided_by: string | null; decided_by_name: string | null; decided_at: Date | null;
  version: number; created_at: Date;
  sp_code: string; sp_name: string; programme_id: string; lead_id: string | null; lead_code: string | null; lead_name: string | null; co_organiser_ids: string[];
  gate_code: string; gate_seq: number; gate_name: string;
}

const REVIEW_COLUMNS = {
  id: true, sub_project_id: true, template_id: true, criteria_revision: true, status: true, scheduled_for: true, packet_report_id: true, packet_status: true,
  decision: true, decision_reasons: true, score_summary: true, decided_by: true, decided_by_name: true, decided_at: true, version: true, created_at: true,
  sp_code: true, sp_name: true, programme_id: true, lead_id: true, lead_code: true, lead_name: true, co_organiser_ids: true,
  gate_code: true, gate_seq: true, gate_name: true,
} as const;

const REVIEW_SELECT = `
  SELECT r.id, r.sub_project_id, r.template_id, r.criteria_revision, r.status, to_char(r.scheduled_for, 'YYYY-MM-DD') AS scheduled_for,
         r.packet_report_id, rep.status AS packet_status, r.decision, r.decision_reasons, r.score_summary, r.decided_by,
         du.display_name AS decided_by_name, r.decided_at, r.version, r.created_at,
         sp.code AS sp_code, sp.name AS sp_name, sp.programme_id, sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids,
         t.code AS gate_code, t.seq AS gate_seq, t.name AS gate_name
    FROM gate_review r
    JOIN sub_project sp ON sp.id = r.sub_project_id
    JOIN gate_template t ON t.id = r.template_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN report rep ON rep.id = r.packet_report_id
    LEFT JOIN app_user du ON du.id = r.decided_by`;

/** $1 review id */
export const REVIEW_BY_ID = defineQuery<ReviewRow>('gates.review-by-id', `${REVIEW_SELECT} WHERE r.id = $1`, REVIEW_COLUMNS);
/** $1 review id */
export const LOCK_REVIEW = defineQuery<ReviewRow>('gates.lock-review', `${REVIEW_SELECT} WHERE r.id = $1 FOR UPDATE OF r`, REVIEW_COLUMNS);

/** Reviews in sub-project and gate order; `where` is SQL built by the caller with its own placeholders (the caller's scope and filters). */
export const REVIEWS = defineQueryBuilder<ReviewRow, [where: string[]]>(
  'gates.reviews',
  (where) => `${REVIEW_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sp.code, t.seq, r.created_at`,
  REVIEW_COLUMNS,
  [[[]], [['r.sub_project_id = $1', 'EXISTS (SELECT 1 FROM gate_reviewer gr WHERE gr.review_id = r.id AND gr.user_id = $2)']]],
);

/** The sub-project and programme a review is about (for reports). $1 review id */
export const REVIEW_SUBJECT = defineQuery<{ sub_project_id: string; programme_id: string }>(
  'gates.review-subject',
  `SELECT r.sub_project_id, sp.programme_id FROM gate_review r JOIN sub_project sp ON sp.id = r.sub_project_id WHERE r.id = $1`,
  { sub_project_id: true, programme_id: true },
);

/** $1 review id, $2 user id */
export const REVIEWER_ASSIGNED = defineQuery<{ assigned: number }>(
  'gates.reviewer-assigned', `SELECT 1 AS assigned FROM gate_reviewer WHERE review_id = $1 AND user_id = $2`, { assigned: true },
);

/** $1 review id */
export const REVIEWERS_OF_REVIEW = defineQuery<{ user_id: string; display_name: string; assigned_at: Date; scores_submitted_at: Date | null }>(
  'gates.reviewers-of-review',
  `SELECT gr.user_id, u.display_name, gr.assigned_at, gr.scores_submitted_at FROM gate_reviewer gr JOIN app_user u ON u.id = gr.user_id
    WHERE gr.review_id = $1 ORDER BY u.display_name, gr.user_id`,
  { user_id: true, display_name: true, assigned_at: true, scores_submitted_at: true },
);

/** $1 review id */
export const SCORES_OF_REVIEW = defineQuery<{ code: string; reviewer_user_id: string; display_name: string; met: boolean | null; score: number | null; comment: string }>(
  'gates.scores-of-review',
  `SELECT c.code, s.reviewer_user_id, u.display_name, s.met, s.score, s.comment
     FROM gate_score s JOIN gate_criterion c ON c.id = s.criterion_id JOIN app_user u ON u.id = s.reviewer_user_id
    WHERE s.review_id = $1 ORDER BY c.seq, u.display_name, s.reviewer_user_id`,
  { code: true, reviewer_user_id: true, display_name: true, met: true, score: true, comment: true },
);

/** Each criterion with what its reviewers said. $1 review id, $2 template id, $3 criteria revision */
export const CRITERION_SCORES = defineQuery<CriterionScores>(
  'gates.criterion-scores',
  `SELECT c.code, c.requirement, c.weight, array_remove(array_agg(s.score ORDER BY s.id), NULL) AS scores,
          count(s.id) FILTER (WHERE s.met) ::int AS met, count(s.id) FILTER (WHERE s.met = false)::int AS not_met, count(s.id)::int AS scored
     FROM gate_criterion c LEFT JOIN gate_score s ON s.criterion_id = c.id AND s.review_id = $1
    WHERE c.template_id = $2 AND c.revision = $3
    GROUP BY c.id ORDER BY c.seq`,
  { code: true, requirement: true, weight: true, scores: true, met: true, not_met: true, scored: true },
);

/** $1 review id */
export const REVIEWER_COUNTS = defineQuery<{ assigned: number; submitted: number }>(
  'gates.reviewer-counts',
  `SELECT count(*)::int AS assigned, count(scores_submitted_at)::int AS submitted FROM gate_reviewer WHERE review_id = $1`,
  { assigned: true, submitted: true },
);

/** $1 sub-project code */
export const SUB_PROJECT_BY_CODE = defineQuery<{ id: string; lead_id: string | null; co_organiser_ids: string[] }>(
  'gates.sub-project-by-code',
  `SELECT sp.id, sp.lead_organisation_id AS lead_id, ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
     FROM sub_project sp WHERE sp.code = $1`,
  { id: true, lead_id: true, co_organiser_ids: true },
);

// ---- scheduling --------------------------------------------------------------------------------

export interface SchedulingSubProjectRow {
  id: string; code: string; programme_id: string; is_flagship: boolean; lead_id: string | null; co_organiser_ids: string[];
}

/** Locked: two schedulings of the same gate cannot both pass the order checks. $1 sub-project code */
export const LOCK_SUB_PROJECT_FOR_SCHEDULING = defineQuery<SchedulingSubProjectRow>(
  'gates.lock-sub-project',
  `SELECT sp.id, sp.code, sp.programme_id, sp.is_flagship, sp.lead_organisation_id AS lead_id,
          ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids
     FROM sub_project sp WHERE sp.code = $1 FOR NO KEY UPDATE OF sp`,
  { id: true, code: true, programme_id: true, is_flagship: true, lead_id: true, co_organiser_ids: true },
);

/** $1 gate code, $2 programme id */
export const GATE_OF_PROGRAMME = defineQuery<{ id: string; code: string; seq: number; name: string; criteria_revision: number }>(
  'gates.gate-of-programme',
  `SELECT id, code, seq, name, criteria_revision FROM gate_template WHERE code = $1 AND programme_id = $2`,
  { id: true, code: true, seq: true, name: true, criteria_revision: true },
);

/** $1 sub-project id */
export const REVIEWS_OF_SUB_PROJECT = defineQuery<{ id: string; template_id: string; seq: number; code: string; status: GateReviewStatus; decision: GateDecision | null }>(
  'gates.reviews-of-sub-project',
  `SELECT r.id, r.template_id, t.seq, t.code, r.status, r.decision FROM gate_review r JOIN gate_template t ON t.id = r.template_id WHERE r.sub_project_id = $1`,
  { id: true, template_id: true, seq: true, code: true, status: true, decision: true },
);

/** The gate before this one. $1 programme id, $2 seq */
export const PREVIOUS_GATE = defineQuery<{ id: string; code: string; name: string }>(
  'gates.previous-gate',
  `SELECT id, code, name FROM gate_template WHERE programme_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 1`,
  { id: true, code: true, name: true },
);

/** $1 user ids (uuid[]) */
export const REVIEWER_CANDIDATES = defineQuery<{ id: string; display_name: string; roles: string[]; is_active: boolean; organisation_id: string | null; org_name: string | null }>(
  'gates.reviewer-candidates',
  `SELECT u.id, u.display_name, u.roles::text[] AS roles, u.is_active, u.organisation_id, o.name AS org_name
     FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ANY($1::uuid[])`,
  { id: true, display_name: true, roles: true, is_active: true, organisation_id: true, org_name: true },
);

/**
 * The organisations, their units and the parents above them (up to, not including, bodies such as
 * 行政院 that stand over every ministry). $1 organisation ids (uuid[])
 */
export const ORGANISATION_FAMILY = defineQuery<{ id: string }>(
  'gates.organisation-family',
  `WITH RECURSIVE base AS (SELECT unnest($1::uuid[]) AS id),
        down AS (SELECT id FROM base UNION SELECT o.id FROM organisation o JOIN down d ON o.parent_id = d.id),
        up AS (SELECT o.parent_id AS id FROM organisation o JOIN base b ON o.id = b.id WHERE o.parent_id IS NOT NULL
               UNION SELECT o.parent_id FROM organisation o JOIN up u ON o.id = u.id WHERE o.parent_id IS NOT NULL)
   SELECT id FROM down
   UNION SELECT u.id FROM up u JOIN organisation o ON o.id = u.id WHERE o.kind <> 'body'`,
  { id: true },
);

/** $1 sub-project id, $2 template id, $3 criteria revision, $4 scheduled for, $5 created by */
export const INSERT_REVIEW = defineQuery<{ id: string }>(
  'gates.insert-review',
  `INSERT INTO gate_review (sub_project_id, template_id, criteria_revision, status, scheduled_for, created_by)
   VALUES ($1, $2, $3, 'scheduled', $4, $5) RETURNING id`,
  { id: true },
);

/** $1 review id, $2 user id */
export const INSERT_REVIEWER = defineStatement('gates.insert-reviewer', `INSERT INTO gate_reviewer (review_id, user_id) VALUES ($1, $2)`);

/** $1 review id, $2 report id */
export const SET_PACKET = defineStatement('gates.set-packet', `UPDATE gate_review SET packet_report_id = $2 WHERE id = $1`);

// ---- scoring -----------------------------------------------------------------------------------

/** $1 review id, $2 reviewer */
export const DELETE_SCORECARD = defineStatement('gates.delete-scorecard', `DELETE FROM gate_score WHERE review_id = $1 AND reviewer_user_id = $2`);

/** $1 review id, $2 criterion id, $3 reviewer, $4 met, $5 score, $6 comment */
export const INSERT_SCORE = defineStatement(
  'gates.insert-score',
  `INSERT INTO gate_score (review_id, criterion_id, reviewer_user_id, met, score, comment) VALUES ($1, $2, $3, $4, $5, $6)`,
);

/** $1 review id, $2 reviewer */
export const MARK_SCORECARD_SUBMITTED = defineStatement(
  'gates.mark-scorecard-submitted', `UPDATE gate_reviewer SET scores_submitted_at = now() WHERE review_id = $1 AND user_id = $2`,
);

/** $1 review id, $2 reviewer, $3 draft scores (JSON) or null to clear it */
export const SAVE_DRAFT_SCORECARD = defineStatement(
  'gates.save-draft-scorecard',
  `UPDATE gate_reviewer SET draft_scores = $3::jsonb, draft_saved_at = CASE WHEN $3::jsonb IS NULL THEN NULL ELSE now() END WHERE review_id = $1 AND user_id = $2`,
);

/** $1 review id, $2 reviewer */
export const DRAFT_SCORECARD = defineQuery<{ draft_scores: DraftScoreRow[] | null; draft_saved_at: Date | null }>(
  'gates.draft-scorecard',
  `SELECT draft_scores, draft_saved_at FROM gate_reviewer WHERE review_id = $1 AND user_id = $2`,
  { draft_scores: true, draft_saved_at: true },
);

/** One criterion of a draft scorecard, as stored (gate_reviewer.draft_scores). */
export interface DraftScoreRow { criterion: string; met: boolean | null; score: number | null; comment: string }

/** A new scorecard changes what the coordinator decides on: the version moves. $1 review id, $2 status */
export const MOVE_REVIEW = defineStatement(
  'gates.move-review', `UPDATE gate_review SET status = $2, version = version + 1, updated_at = now() WHERE id = $1`,
);

// ---- decisions and conditions --------------------------------------------------------------

/** $1 organisation codes */
export const ORGANISATIONS_BY_CODES = defineQuery<{ id: string; code: string }>(
  'gates.organisations-by-codes', `SELECT id, code FROM organisation WHERE code = ANY($1)`, { id: true, code: true },
);

/** Open conditions of the sub-project's other reviews. $1 sub-project id, $2 this review's id */
export const OPEN_CONDITIONS_OF_OTHER_REVIEWS = defineQuery<{ id: string; seq: number; text: string; due_date: string; owner_code: string; gate_code: string; review_id: string }>(
  'gates.open-conditions-of-other-reviews',
  `SELECT c.id, c.seq, c.text, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, o.code AS owner_code, t.code AS gate_code, c.review_id
     FROM gate_condition c JOIN gate_review r ON r.id = c.review_id JOIN gate_template t ON t.id = r.template_id
     JOIN organisation o ON o.id = c.owner_organisation_id
    WHERE r.sub_project_id = $1 AND r.id <> $2 AND c.status = 'open'
    ORDER BY t.seq, r.created_at, c.seq`,
  { id: true, seq: true, text: true, due_date: true, owner_code: true, gate_code: true, review_id: true },
);

/** $1 review id, $2 status, $3 decision, $4 reasons, $5 score summary (json), $6 decided by */
export const RECORD_DECISION = defineStatement(
  'gates.record-decision',
  `UPDATE gate_review SET status = $2, decision = $3, decision_reasons = $4, score_summary = $5, decided_by = $6, decided_at = now(),
          version = version + 1, updated_at = now()
    WHERE id = $1`,
);

/** $1 review id, $2 seq, $3 text, $4 owner organisation, $5 due date */
export const INSERT_CONDITION = defineQuery<{ id: string }>(
  'gates.insert-condition',
  `INSERT INTO gate_condition (review_id, seq, text, owner_organisation_id, due_date) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
  { id: true },
);

export interface ConditionRow {
  id: string; review_id: string; seq: number; text: string; owner_id: string; owner_code: string; owner_name: string; due_date: string;
  status: GateConditionStatus; resolution_note: string | null; resolved_by: string | null; resolver_name: string | null; resolved_at: Date | null;
  version: number; sub_project_id: string; sp_code: string; sp_name: string; lead_id: string | null; lead_code: string | null; lead_name: string | null;
  co_organiser_ids: string[]; gate_code: string; gate_seq: number; gate_name: string;
}

const CONDITION_COLUMNS = {
  id: true, review_id: true, seq: true, text: true, owner_id: true, owner_code: true, owner_name: true, due_date: true, status: true,
  resolution_note: true, resolved_by: true, resolver_name: true, resolved_at: true, version: true, sub_project_id: true, sp_code: true, sp_name: true,
  lead_id: true, lead_code: true, lead_name: true, co_organiser_ids: true, gate_code: true, gate_seq: true, gate_name: true,
} as const;

const CONDITION_SELECT = `
  SELECT c.id, c.review_id, c.seq, c.text, c.owner_organisation_id AS owner_id, oo.code AS owner_code, oo.name AS owner_name,
         to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.status, c.resolution_note, c.resolved_by, ru.display_name AS resolver_name, c.resolved_at, c.version,
         r.sub_project_id, sp.code AS sp_code, sp.name AS sp_name, sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT co.organisation_id::text FROM sub_project_co_organiser co WHERE co.sub_project_id = sp.id) AS co_organiser_ids,
         t.code AS gate_code, t.seq AS gate_seq, t.name AS gate_name
    FROM gate_condition c
    JOIN gate_review r ON r.id = c.review_id
    JOIN gate_template t ON t.id = r.template_id
    JOIN sub_project sp ON sp.id = r.sub_project_id
    JOIN organisation oo ON oo.id = c.owner_organisation_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN app_user ru ON ru.id = c.resolved_by`;

/** $1 condition id */
export const CONDITION_BY_ID = defineQuery<ConditionRow>('gates.condition-by-id', `${CONDITION_SELECT} WHERE c.id = $1`, CONDITION_COLUMNS);
/** $1 condition id */
export const LOCK_CONDITION = defineQuery<ConditionRow>('gates.lock-condition', `${CONDITION_SELECT} WHERE c.id = $1 FOR UPDATE OF c`, CONDITION_COLUMNS);
/** $1 review id */
export const CONDITIONS_OF_REVIEW = defineQuery<ConditionRow>('gates.conditions-of-review', `${CONDITION_SELECT} WHERE c.review_id = $1 ORDER BY c.seq`, CONDITION_COLUMNS);

/** Conditions in sub-project, gate and condition order; `where` is SQL built by the caller with its own placeholders. */
export const CONDITIONS = defineQueryBuilder<ConditionRow, [where: string[]]>(
  'gates.conditions',
  (where) => `${CONDITION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sp.code, t.seq, r.created_at, c.seq`,
  CONDITION_COLUMNS,
  [[[]], [['r.sub_project_id = $1', 'c.status = $2']]],
);

/** $1 condition id, $2 status, $3 note, $4 resolved by */
export const RESOLVE_CONDITION = defineStatement(
  'gates.resolve-condition',
  `UPDATE gate_condition SET status = $2, resolution_note = $3, resolved_by = $4, resolved_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
);

/** Open conditions due by a day (the sweep's window), on the partial index IDX_gate_condition_open_due. $1 last due date */
export const OPEN_CONDITIONS_DUE_BY = defineQuery<{ id: string; due_date: string; owner_organisation_id: string }>(
  'gates.open-conditions-due-by',
  `SELECT c.id, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, c.owner_organisation_id
     FROM gate_condition c WHERE c.status = 'open' AND c.due_date <= $1::date ORDER BY c.due_date, c.id`,
  { id: true, due_date: true, owner_organisation_id: true },
);

// ---- emails ------------------------------------------------------------------------------------

export interface GateReviewFacts { id: string; scheduled_for: string; gate_name: string; gate_seq: number; sp_code: string; sp_name: string; lead_name: string | null }

/** What a reviewer's or condition owner's email says about a review. $1 review id */
export const GATE_REVIEW_FACTS = defineQuery<GateReviewFacts>(
  'gates.review-facts',
  `SELECT r.id, to_char(r.scheduled_for, 'YYYY-MM-DD') AS scheduled_for, t.name AS gate_name, t.seq AS gate_seq, sp.code AS sp_code, sp.name AS sp_name, lo.name AS lead_name
     FROM gate_review r JOIN gate_template t ON t.id = r.template_id JOIN sub_project sp ON sp.id = r.sub_project_id
     LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id WHERE r.id = $1`,
  { id: true, scheduled_for: true, gate_name: true, gate_seq: true, sp_code: true, sp_name: true, lead_name: true },
);

export interface GateConditionFacts {
  id: string; review_id: string; seq: number; text: string; due_date: string; owner_name: string; gate_name: string; gate_seq: number;
  decision_reasons: string | null; sp_code: string; sp_name: string; lead_name: string | null;
}

/** $1 condition id */
export const GATE_CONDITION_FACTS = defineQuery<GateConditionFacts>(
  'gates.condition-facts',
  `SELECT c.id, c.review_id, c.seq, c.text, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, o.name AS owner_name, t.name AS gate_name, t.seq AS gate_seq,
          r.decision_reasons, sp.code AS sp_code, sp.name AS sp_name, lo.name AS lead_name
     FROM gate_condition c JOIN gate_review r ON r.id = c.review_id JOIN gate_template t ON t.id = r.template_id
     JOIN sub_project sp ON sp.id = r.sub_project_id JOIN organisation o ON o.id = c.owner_organisation_id
     LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id WHERE c.id = $1`,
  {
    id: true, review_id: true, seq: true, text: true, due_date: true, owner_name: true, gate_name: true, gate_seq: true, decision_reasons: true,
    sp_code: true, sp_name: true, lead_name: true,
  },
);
