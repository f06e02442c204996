import { defineQuery } from '../../database/sql-query.js';

/** Every SQL statement of the notification renderers: the facts each one reads, checked by test/sql-queries.int-spec.ts. */

export interface DueDateChangeMilestoneFacts { code: string; deliverable: string; sp_code: string; sp_name: string; lead_name: string | null }

export const DUE_DATE_CHANGE_MILESTONE = defineQuery<DueDateChangeMilestoneFacts>(
  'templates.due-date-change-milestone',
  `SELECT m.code, m.deliverable, sp.code AS sp_code, sp.name AS sp_name, o.name AS lead_name
         FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id LEFT JOIN organisation o ON o.id = sp.lead_organisation_id WHERE m.id = $1`,
  { code: true, deliverable: true, sp_code: true, sp_name: true, lead_name: true },
);

export interface ReviewFacts { id: string; gate_name: string; gate_seq: number; sp_code: string; sp_name: string; lead_name: string | null; decision_reasons: string | null }

export const GATE_REVIEW_FACTS = defineQuery<ReviewFacts>(
  'templates.gate-review',
  `SELECT r.id, t.name AS gate_name, t.seq AS gate_seq, sp.code AS sp_code, sp.name AS sp_name, lo.name AS lead_name, r.decision_reasons
           FROM gate_review r JOIN gate_template t ON t.id = r.template_id JOIN sub_project sp ON sp.id = r.sub_project_id
           LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id WHERE r.id = $1`,
  { id: true, gate_name: true, gate_seq: true, sp_code: true, sp_name: true, lead_name: true, decision_reasons: true },
);

export interface ConditionFacts { review_id: string; seq: number; text: string; due_date: string; owner_name: string; gate_name: string; gate_seq: number; sp_code: string; sp_name: string }

export const GATE_CONDITION_FACTS = defineQuery<ConditionFacts>(
  'templates.gate-condition',
  `SELECT c.review_id, c.seq, c.text, to_char(c.due_date, 'YYYY-MM-DD') AS due_date, o.name AS owner_name, t.name AS gate_name, t.seq AS gate_seq,
              sp.code AS sp_code, sp.name AS sp_name
         FROM gate_condition c JOIN gate_review r ON r.id = c.review_id JOIN gate_template t ON t.id = r.template_id
         JOIN sub_project sp ON sp.id = r.sub_project_id JOIN organisation o ON o.id = c.owner_organisation_id WHERE c.id = $1`,
  { review_id: true, seq: true, text: true, due_date: true, owner_name: true, gate_name: true, gate_seq: true, sp_code: true, sp_name: true },
);

export interface MilestoneFacts {
  code: string;
  deliverable: string;
  due_date: string;
  sub_project_code: string;
  sub_project_name: string;
  lead_name: string | null;
}

export const MILESTONE_FACTS = defineQuery<MilestoneFacts>(
  'templates.milestone',
  `SELECT m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due_date,
            sp.code AS sub_project_code, sp.name AS sub_project_name, o.name AS lead_name
       FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
       LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
      WHERE m.id = $1`,
  { code: true, deliverable: true, due_date: true, sub_project_code: true, sub_project_name: true, lead_name: true },
);

export interface ResolutionFacts {
  code: string;
  text: string;
  due_date: string | null;
  meeting_name: string;
  held_on: string;
  organisation_name: string | null;
  follow_up: string | null;
}

export const RESOLUTION_FACTS = defineQuery<ResolutionFacts>(
  'templates.resolution',
  `SELECT r.code, r.text, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, m.name AS meeting_name, to_char(m.held_on, 'YYYY-MM-DD') AS held_on,
              o.name AS organisation_name,
              (SELECT f.text FROM resolution_follow_up f WHERE f.resolution_id = r.id AND f.organisation_id = o.id
                ORDER BY f.reported_on DESC, f.created_at DESC LIMIT 1) AS follow_up
         FROM resolution r JOIN meeting m ON m.id = r.meeting_id
         LEFT JOIN organisation o ON o.id = $2::uuid
        WHERE r.id = $1`,
  { code: true, text: true, due_date: true, meeting_name: true, held_on: true, organisation_name: true, follow_up: true },
);

export interface StatusLightSubProjectFacts { code: string; name: string; lead_name: string | null }

export const STATUS_LIGHT_SUB_PROJECT = defineQuery<StatusLightSubProjectFacts>(
  'templates.status-light-sub-project',
  `SELECT sp.code, sp.name, o.name AS lead_name FROM sub_project sp LEFT JOIN organisation o ON o.id = sp.lead_organisation_id WHERE sp.id = $1`,
  { code: true, name: true, lead_name: true },
);

export interface SubProjectFacts {
  code: string;
  name: string;
  lead_name: string | null;
  period_text: string | null;
  next_milestone_code: string | null;
  next_deliverable: string | null;
  next_due_date: string | null;
  co_organiser_names: string | null;
}

export const SUB_PROJECT_FACTS = defineQuery<SubProjectFacts>(
  'templates.sub-project',
  `SELECT sp.code, sp.name, o.name AS lead_name, sp.period_text,
              m.code AS next_milestone_code, m.deliverable AS next_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS next_due_date,
              (SELECT string_agg(co.name, '、' ORDER BY c.seq) FROM sub_project_co_organiser c JOIN organisation co ON co.id = c.organisation_id
                WHERE c.sub_project_id = sp.id) AS co_organiser_names
         FROM sub_project sp LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
         LEFT JOIN LATERAL (SELECT code, deliverable, due_date FROM milestone
                             WHERE sub_project_id = sp.id AND status <> 'accepted' ORDER BY due_date, code LIMIT 1) m ON true
        WHERE sp.id = $1`,
  { code: true, name: true, lead_name: true, period_text: true, next_milestone_code: true, next_deliverable: true, next_due_date: true, co_organiser_names: true },
);

export interface SubmissionFacts {
  id: string;
  period: string | null;
  sub_project_code: string;
  sub_project_name: string;
  lead_name: string | null;
  milestone_code: string | null;
  deliverable: string | null;
  due_date: string | null;
  /** The comment of the latest return (審查意見): only for ledger rows written before events carried their comment. */
  return_comment: string | null;
}

export const SUBMISSION_FACTS = defineQuery<SubmissionFacts>(
  'templates.submission',
  `SELECT s.id, s.period, sp.code AS sub_project_code, sp.name AS sub_project_name, o.name AS lead_name,
            m.code AS milestone_code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due_date,
            (SELECT r.comment FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'return' ORDER BY r.at DESC, r.id DESC LIMIT 1) AS return_comment
       FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id
       LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
       LEFT JOIN milestone m ON m.id = s.milestone_id
      WHERE s.id = $1`,
  { id: true, period: true, sub_project_code: true, sub_project_name: true, lead_name: true, milestone_code: true, deliverable: true, due_date: true, return_comment: true },
);
