import { AppError } from '../../common/errors.js';
import type { DbHandle } from '../../database/db-handle.js';
import { rowOf, rowsOf } from '../../database/sql-query.js';
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
  /** Not accepted and due before the packet's day (milestoneOverdue). */
  overdue: boolean;
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

import {
  PACKET_BUDGET, PACKET_BUDGET_TOTAL, PACKET_CO_ORGANISERS, PACKET_CONDITIONS, PACKET_CRITERIA, PACKET_DISCREPANCIES, PACKET_INDICATORS,
  PACKET_MILESTONES, PACKET_PERIOD_SUBMISSIONS, PACKET_REVIEW,
} from './gate-packet.queries.js';

/** Reads everything the packet of one gate review shows, as of a Taipei day; 404 when the review no longer exists. The SQL is in gate-packet.queries.ts. */
export async function loadPacketData(db: DbHandle, gateReviewId: string, asOfDay: string): Promise<PacketData> {
  const review = await rowOf(db, PACKET_REVIEW, [gateReviewId]);
  if (!review) throw AppError.notFound('gate review', gateReviewId);
  const sp = review.sp_id;
  const coOrganisers = await rowsOf(db, PACKET_CO_ORGANISERS, [sp]);
  const discrepancies = (await rowsOf(db, PACKET_DISCREPANCIES, [`sub_project:${review.sp_code}`])).map((d) => d.text);
  const milestones = await rowsOf(db, PACKET_MILESTONES, [sp, asOfDay]);
  const periodSubmissions = await rowsOf(db, PACKET_PERIOD_SUBMISSIONS, [sp]);
  const indicators = await rowsOf(db, PACKET_INDICATORS, [sp, review.programme_id]);
  const budget = await rowsOf(db, PACKET_BUDGET, [sp]);
  const budgetTotal = (await rowOf(db, PACKET_BUDGET_TOTAL, [sp]))!;
  const conditions = await rowsOf(db, PACKET_CONDITIONS, [sp, review.id]);
  const criteria = await rowsOf(db, PACKET_CRITERIA, [review.template_id, review.criteria_revision]);
  return { review, coOrganisers, discrepancies, milestones, periodSubmissions, indicators, budget, budgetTotal, conditions, criteria };
}
