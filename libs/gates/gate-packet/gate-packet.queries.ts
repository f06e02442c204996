import { defineQuery } from '../../database/sql-query.js';
import { milestoneOverdue } from '../../sub-projects/milestone.queries.js';
import type {
  PacketBudgetTotal, PacketBudgetYear, PacketCondition, PacketCriterion, PacketIndicator, PacketMilestone, PacketOrganisation, PacketPeriodSubmission,
  PacketReview,
} from './gate-packet.data.js';

/** The gate packet's SQL, each statement with the columns it returns (checked by test/sql-queries.int-spec.ts). */

const TAIPEI_DAY = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD')`;

/**
 * The secretariat's review steps of a submission (accept / return, with their comments), oldest
 * first. The ministry's own steps (submit, approve, send back) stay inside the ministry.
 */
const REVIEWS = (submission: string) => `COALESCE((
  SELECT json_agg(json_build_object('action', sr.action, 'comment', sr.comment, 'on', ${TAIPEI_DAY('sr.at')}) ORDER BY sr.at, sr.id)
    FROM submission_review sr WHERE sr.submission_id = ${submission}.id AND sr.action IN ('accept', 'return')), '[]')`;

/** $1 gate review id */
export const PACKET_REVIEW = defineQuery<PacketReview>(
  'gate-packet.review',
  `SELECT r.id, r.status, to_char(r.scheduled_for, 'YYYY-MM-DD') AS scheduled_for, r.template_id, r.criteria_revision,
            t.code AS gate_code, t.seq AS gate_seq, t.name AS gate_name, t.purpose AS gate_purpose,
            sp.id AS sp_id, sp.code AS sp_code, sp.name AS sp_name, sp.kind AS sp_kind, sp.period_text, sp.start_year, sp.end_year, sp.status AS sp_status,
            sp.is_flagship, sp.measures, sp.full_term_target, sp.lead_text, sp.co_organisers_text,
            p.id AS programme_id, p.code AS programme_code, p.name AS programme_name, lo.code AS lead_code, lo.name AS lead_name
       FROM gate_review r
       JOIN gate_template t ON t.id = r.template_id
       JOIN sub_project sp ON sp.id = r.sub_project_id
       JOIN programme p ON p.id = sp.programme_id
       LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
      WHERE r.id = $1`,
  {
    id: true, status: true, scheduled_for: true, template_id: true, criteria_revision: true, gate_code: true, gate_seq: true, gate_name: true, gate_purpose: true,
    sp_id: true, sp_code: true, sp_name: true, sp_kind: true, period_text: true, start_year: true, end_year: true, sp_status: true, is_flagship: true,
    measures: true, full_term_target: true, lead_text: true, co_organisers_text: true, programme_id: true, programme_code: true, programme_name: true,
    lead_code: true, lead_name: true,
  },
);

/** $1 sub-project id */
export const PACKET_CO_ORGANISERS = defineQuery<PacketOrganisation>(
  'gate-packet.co-organisers',
  `SELECT o.code, o.name FROM sub_project_co_organiser c JOIN organisation o ON o.id = c.organisation_id WHERE c.sub_project_id = $1 ORDER BY c.seq, o.code`,
  { code: true, name: true },
);

/** $1 subject (sub_project:<code>) */
export const PACKET_DISCREPANCIES = defineQuery<{ text: string }>(
  'gate-packet.discrepancies', `SELECT text FROM source_discrepancy WHERE subject = $1 ORDER BY code`, { text: true },
);

/**
 * Drafts and submissions awaiting the ministry's supervisor have not reached the secretariat: only
 * their state shows. Overdue as of the packet's day. $1 sub-project id, $2 the as-of day
 */
export const PACKET_MILESTONES = defineQuery<PacketMilestone>(
  'gate-packet.milestones',
  `SELECT m.code, m.seq, m.fiscal_year, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.deliverable, m.status, ${milestoneOverdue('$2::date')} AS overdue,
            s.status AS submission_status,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.progress_percent::text END AS progress,
            ${TAIPEI_DAY('s.submitted_at')} AS submitted_on,
            CASE WHEN s.id IS NULL THEN '[]'::json ELSE ${REVIEWS('s')} END AS reviews
       FROM milestone m LEFT JOIN submission s ON s.milestone_id = m.id
      WHERE m.sub_project_id = $1
      ORDER BY m.due_date, m.seq, m.code`,
  {
    code: true, seq: true, fiscal_year: true, due_date: true, deliverable: true, status: true, overdue: true, submission_status: true, progress: true,
    submitted_on: true, reviews: true,
  },
);

/** $1 sub-project id */
export const PACKET_PERIOD_SUBMISSIONS = defineQuery<PacketPeriodSubmission>(
  'gate-packet.period-submissions',
  `SELECT s.period, s.status,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.progress_percent::text END AS progress,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.budget_executed::text END AS budget_executed,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.budget_year END AS budget_year,
            ${TAIPEI_DAY('s.submitted_at')} AS submitted_on, ${REVIEWS('s')} AS reviews
       FROM submission s WHERE s.sub_project_id = $1 AND s.milestone_id IS NULL
      ORDER BY s.period, s.id`,
  { period: true, status: true, progress: true, budget_executed: true, budget_year: true, submitted_on: true, reviews: true },
);

/**
 * The sub-project's own indicators, and the programme's that its submissions reported on; the
 * actual is the latest accepted figure (the secretariat accepted the submission carrying it).
 * $1 sub-project id, $2 programme id
 */
export const PACKET_INDICATORS = defineQuery<PacketIndicator>(
  'gate-packet.indicators',
  `WITH reported AS (
       SELECT DISTINCT ON (a->>'indicator') a->>'indicator' AS code, a->>'value' AS value, a->>'note' AS note, s.period, m.code AS milestone,
              ${TAIPEI_DAY('s.decided_at')} AS decided_on
         FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id, jsonb_array_elements(s.indicator_actuals) a
        WHERE s.sub_project_id = $1 AND s.status = 'accepted'
        ORDER BY a->>'indicator', s.decided_at DESC NULLS LAST, s.id DESC)
     SELECT i.code, i.text, i.unit, i.sub_project_id IS NOT NULL AS own,
            COALESCE((SELECT json_agg(json_build_object('year', t.year, 'value', t.value::text, 'comparator', t.comparator, 'note', t.note) ORDER BY t.year NULLS LAST, t.id)
                        FROM indicator_target t WHERE t.indicator_id = i.id), '[]') AS targets,
            r.value AS actual, r.note AS actual_note, r.period AS actual_period, r.milestone AS actual_milestone, r.decided_on AS actual_decided_on
       FROM indicator i LEFT JOIN reported r ON r.code = i.code
      WHERE i.sub_project_id = $1
         OR (i.sub_project_id IS NULL AND i.programme_id = $2
             AND EXISTS (SELECT 1 FROM submission s, jsonb_array_elements(s.indicator_actuals) a WHERE s.sub_project_id = $1 AND a->>'indicator' = i.code))
      ORDER BY (i.sub_project_id IS NOT NULL) DESC, i.seq, i.code`,
  { code: true, text: true, unit: true, own: true, targets: true, actual: true, actual_note: true, actual_period: true, actual_milestone: true, actual_decided_on: true },
);

/**
 * Allocated per year from the budget lines; executed from the lines when recorded there, and the
 * figure of the latest accepted submission for that year (as the lights read it).
 */
const BUDGET_YEARS = `
    WITH lines AS (
      SELECT fiscal_year AS year, sum(allocated) FILTER (WHERE kind = 'existing') AS existing, sum(allocated) FILTER (WHERE kind = 'new') AS new,
             sum(allocated) AS allocated, CASE WHEN count(executed) > 0 THEN sum(executed) END AS executed
        FROM budget_line WHERE sub_project_id = $1 GROUP BY fiscal_year),
    reported AS (
      SELECT DISTINCT ON (budget_year) budget_year AS year, budget_executed AS executed
        FROM submission WHERE sub_project_id = $1 AND status = 'accepted' AND budget_executed IS NOT NULL AND budget_year IS NOT NULL
       ORDER BY budget_year, decided_at DESC NULLS LAST, id DESC),
    years AS (
      SELECT y.year, l.existing, l.new, l.allocated, l.executed, r.executed AS reported
        FROM (SELECT year FROM lines UNION SELECT year FROM reported) y LEFT JOIN lines l USING (year) LEFT JOIN reported r USING (year))`;

/** $1 sub-project id */
export const PACKET_BUDGET = defineQuery<PacketBudgetYear>(
  'gate-packet.budget',
  `${BUDGET_YEARS}
     SELECT year, existing::text, new::text, allocated::text, executed::text, reported::text,
            CASE WHEN allocated > 0 AND COALESCE(executed, reported) IS NOT NULL THEN round(COALESCE(executed, reported) * 100 / allocated, 1)::text END AS rate
       FROM years ORDER BY year`,
  { year: true, existing: true, new: true, allocated: true, executed: true, reported: true, rate: true },
);

/** $1 sub-project id */
export const PACKET_BUDGET_TOTAL = defineQuery<PacketBudgetTotal>(
  'gate-packet.budget-total',
  `${BUDGET_YEARS}
     SELECT sum(allocated)::text AS allocated, CASE WHEN count(COALESCE(executed, reported)) > 0 THEN sum(COALESCE(executed, reported))::text END AS executed FROM years`,
  { allocated: true, executed: true },
);

/** Conditions of the sub-project's other reviews, open ones first. $1 sub-project id, $2 this review's id */
export const PACKET_CONDITIONS = defineQuery<PacketCondition>(
  'gate-packet.conditions',
  `SELECT t.seq AS gate_seq, t.name AS gate_name, r.decision, c.seq, c.text, o.name AS owner_name, to_char(c.due_date, 'YYYY-MM-DD') AS due_date,
            c.status, c.resolution_note
       FROM gate_condition c
       JOIN gate_review r ON r.id = c.review_id
       JOIN gate_template t ON t.id = r.template_id
       JOIN organisation o ON o.id = c.owner_organisation_id
      WHERE r.sub_project_id = $1 AND r.id <> $2
      ORDER BY (c.status = 'open') DESC, t.seq, r.created_at, r.id, c.seq`,
  { gate_seq: true, gate_name: true, decision: true, seq: true, text: true, owner_name: true, due_date: true, status: true, resolution_note: true },
);

/** $1 template id, $2 criteria revision */
export const PACKET_CRITERIA = defineQuery<PacketCriterion>(
  'gate-packet.criteria',
  `SELECT code, seq, text, requirement, weight::text AS weight, guidance FROM gate_criterion WHERE template_id = $1 AND revision = $2 ORDER BY seq, code`,
  { code: true, seq: true, text: true, requirement: true, weight: true, guidance: true },
);
