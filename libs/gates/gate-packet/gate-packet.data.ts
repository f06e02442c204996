import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors.js';
import type { GateConditionStatus, GateRequirement } from '../gate.entity.js';

/**
 * What a gate packet shows, read in the report's snapshot. Every list has a total order; dates are
 * ISO (YYYY-MM-DD, Taipei days for instants), amounts and figures exact decimal strings.
 */
export interface PacketReview {
  id: string; status: string; scheduled_for: string; template_id: string; criteria_revision: number;
  gate_code: string; gate_seq: number; gate_name: string; gate_purpose: string;
  sp_id: string; sp_code: string; sp_name: string; sp_kind: string; period_text: string | null; start_year: number | null; end_year: number | null;
  sp_status: string; is_flagship: boolean; measures: string | null; full_term_target: string | null; lead_text: string | null; co_organisers_text: string | null;
  programme_id: string; programme_code: string; programme_name: string; lead_code: string | null; lead_name: string | null;
}

export interface PacketOrganisation { code: string; name: string }

export interface PacketReviewStep { action: string; comment: string | null; on: string }

export interface PacketMilestone {
  code: string; seq: number; fiscal_year: number | null; due_date: string; deliverable: string; status: string;
  submission_status: string | null; progress: string | null; submitted_on: string | null; reviews: PacketReviewStep[];
}

export interface PacketPeriodSubmission {
  period: string; status: string; progress: string | null; budget_executed: string | null; budget_year: number | null; submitted_on: string | null; reviews: PacketReviewStep[];
}

export interface PacketTarget { year: number | null; value: string | null; comparator: string; note: string | null }

export interface PacketIndicator {
  code: string; text: string; unit: string | null; own: boolean; targets: PacketTarget[];
  actual: string | null; actual_note: string | null; actual_period: string | null; actual_milestone: string | null; actual_decided_on: string | null;
}

export interface PacketBudgetYear {
  year: number; existing: string | null; new: string | null; allocated: string | null; executed: string | null; reported: string | null; rate: string | null;
}

export interface PacketBudgetTotal { allocated: string | null; executed: string | null }

export interface PacketCondition {
  gate_seq: number; gate_name: string; decision: string | null; seq: number; text: string; owner_name: string; due_date: string;
  status: GateConditionStatus; resolution_note: string | null;
}

export interface PacketCriterion { code: string; seq: number; text: string; requirement: GateRequirement; weight: string; guidance: string | null }

export interface PacketData {
  review: PacketReview;
  coOrganisers: PacketOrganisation[];
  discrepancies: string[];
  milestones: PacketMilestone[];
  periodSubmissions: PacketPeriodSubmission[];
  indicators: PacketIndicator[];
  budget: PacketBudgetYear[];
  budgetTotal: PacketBudgetTotal;
  conditions: PacketCondition[];
  criteria: PacketCriterion[];
}

const TAIPEI_DAY = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Taipei', 'YYYY-MM-DD')`;

/**
 * The secretariat's review steps of a submission (accept / return, with their comments), oldest
 * first. The ministry's own steps (submit, approve, send back) stay inside the ministry.
 */
const REVIEWS = (submission: string) => `COALESCE((
  SELECT json_agg(json_build_object('action', sr.action, 'comment', sr.comment, 'on', ${TAIPEI_DAY('sr.at')}) ORDER BY sr.at, sr.id)
    FROM submission_review sr WHERE sr.submission_id = ${submission}.id AND sr.action IN ('accept', 'return')), '[]')`;

/** Reads everything the packet of one gate review shows; 404 when the review no longer exists. */
export async function loadPacketData(manager: EntityManager, gateReviewId: string): Promise<PacketData> {
  const q = <T>(sql: string, params: unknown[]): Promise<T[]> => manager.query(sql, params);
  const [review] = await q<PacketReview>(
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
    [gateReviewId],
  );
  if (!review) throw AppError.notFound('gate review', gateReviewId);
  const sp = review.sp_id;

  const coOrganisers = await q<PacketOrganisation>(
    `SELECT o.code, o.name FROM sub_project_co_organiser c JOIN organisation o ON o.id = c.organisation_id WHERE c.sub_project_id = $1 ORDER BY c.seq, o.code`,
    [sp],
  );
  const discrepancies = (await q<{ text: string }>(`SELECT text FROM source_discrepancy WHERE subject = $1 ORDER BY code`, [`sub_project:${review.sp_code}`])).map((d) => d.text);

  // Drafts and submissions awaiting the ministry's supervisor have not reached the secretariat: only their state shows.
  const milestones = await q<PacketMilestone>(
    `SELECT m.code, m.seq, m.fiscal_year, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.deliverable, m.status,
            s.status AS submission_status,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.progress_percent::text END AS progress,
            ${TAIPEI_DAY('s.submitted_at')} AS submitted_on,
            CASE WHEN s.id IS NULL THEN '[]'::json ELSE ${REVIEWS('s')} END AS reviews
       FROM milestone m LEFT JOIN submission s ON s.milestone_id = m.id
      WHERE m.sub_project_id = $1
      ORDER BY m.due_date, m.seq, m.code`,
    [sp],
  );
  const periodSubmissions = await q<PacketPeriodSubmission>(
    `SELECT s.period, s.status,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.progress_percent::text END AS progress,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.budget_executed::text END AS budget_executed,
            CASE WHEN s.status NOT IN ('draft', 'awaiting_supervisor') THEN s.budget_year END AS budget_year,
            ${TAIPEI_DAY('s.submitted_at')} AS submitted_on, ${REVIEWS('s')} AS reviews
       FROM submission s WHERE s.sub_project_id = $1 AND s.milestone_id IS NULL
      ORDER BY s.period, s.id`,
    [sp],
  );

  // The sub-project's own indicators, and the programme's that its submissions reported on;
  // the actual is the latest accepted figure (the secretariat accepted the submission carrying it).
  const indicators = await q<PacketIndicator>(
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
    [sp, review.programme_id],
  );

  // Allocated per year from the budget lines; executed from the lines when recorded there, and the
  // figure of the latest accepted submission for that year (as the lights read it).
  const budgetSql = `
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
  const budget = await q<PacketBudgetYear>(
    `${budgetSql}
     SELECT year, existing::text, new::text, allocated::text, executed::text, reported::text,
            CASE WHEN allocated > 0 AND COALESCE(executed, reported) IS NOT NULL THEN round(COALESCE(executed, reported) * 100 / allocated, 1)::text END AS rate
       FROM years ORDER BY year`,
    [sp],
  );
  const [budgetTotal] = await q<PacketBudgetTotal>(
    `${budgetSql}
     SELECT sum(allocated)::text AS allocated, CASE WHEN count(COALESCE(executed, reported)) > 0 THEN sum(COALESCE(executed, reported))::text END AS executed FROM years`,
    [sp],
  );

  const conditions = await q<PacketCondition>(
    `SELECT t.seq AS gate_seq, t.name AS gate_name, r.decision, c.seq, c.text, o.name AS owner_name, to_char(c.due_date, 'YYYY-MM-DD') AS due_date,
            c.status, c.resolution_note
       FROM gate_condition c
       JOIN gate_review r ON r.id = c.review_id
       JOIN gate_template t ON t.id = r.template_id
       JOIN organisation o ON o.id = c.owner_organisation_id
      WHERE r.sub_project_id = $1 AND r.id <> $2
      ORDER BY (c.status = 'open') DESC, t.seq, r.created_at, r.id, c.seq`,
    [sp, review.id],
  );
  const criteria = await q<PacketCriterion>(
    `SELECT code, seq, text, requirement, weight::text AS weight, guidance FROM gate_criterion WHERE template_id = $1 AND revision = $2 ORDER BY seq, code`,
    [review.template_id, review.criteria_revision],
  );
  return { review, coOrganisers, discrepancies, milestones, periodSubmissions, indicators, budget, budgetTotal, conditions, criteria };
}
