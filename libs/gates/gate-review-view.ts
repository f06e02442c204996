import type { Actor } from '../access/actor.js';
import { dateView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { GateReviewStatus } from './gate.entity.js';
import { conditionView, criterionView, iso } from './gate.presenter.js';
import { gateViewOf } from './gate-review-visibility.js';
import type { GateReviewDto, ScoreDto, ScoreSummaryDto } from './gate.views.js';
import {
  CONDITIONS_OF_REVIEW, CRITERIA, CRITERION_SCORES, DRAFT_SCORECARD, REVIEWER_COUNTS, REVIEWERS_OF_REVIEW, type ReviewRow, SCORES_OF_REVIEW,
} from './gates.queries.js';
import { summariseScores } from './score-summary.js';

/** The live score summary of a review (recorded with the decision; gate-review-view shows the recorded one once decided). */
export async function liveScoreSummary(db: DbHandle, row: ReviewRow): Promise<ScoreSummaryDto> {
  const rows = await rowsOf(db, CRITERION_SCORES, [row.id, row.template_id, row.criteria_revision]);
  const counts = (await rowOf(db, REVIEWER_COUNTS, [row.id]))!;
  return summariseScores(rows, counts.assigned, counts.submitted);
}

/** A gate review as this caller may see it (gate-review-visibility.ts: full, reviewer or ministry). */
export async function gateReviewView(db: DbHandle, row: ReviewRow, actor: Actor): Promise<GateReviewDto> {
  const view = gateViewOf(actor);
  const decided = row.status === GateReviewStatus.Decided;
  const criteria = await rowsOf(db, CRITERIA, [row.template_id, row.criteria_revision]);
  const reviewers = await rowsOf(db, REVIEWERS_OF_REVIEW, [row.id]);
  let scores: ScoreDto[] | null = null;
  if (view !== 'ministry') {
    scores = (await rowsOf(db, SCORES_OF_REVIEW, [row.id]))
      .filter((s) => view === 'full' || decided || s.reviewer_user_id === actor.userId)
      .map((s) => ({ criterion: s.code, reviewer: { id: s.reviewer_user_id, displayName: s.display_name }, met: s.met, score: s.score, comment: s.comment }));
  }
  const summary = decided ? row.score_summary : view === 'full' ? await liveScoreSummary(db, row) : null;
  const conditions = await rowsOf(db, CONDITIONS_OF_REVIEW, [row.id]);
  // A draft is its author's alone: not the secretariat's, not another reviewer's.
  const draft = view === 'reviewer' && !decided && reviewers.some((r) => r.user_id === actor.userId)
    ? await rowOf(db, DRAFT_SCORECARD, [row.id, actor.userId]) : null;
  return {
    id: row.id,
    subProject: { code: row.sp_code, name: row.sp_name, lead: organisationRef(row.lead_code, row.lead_name) },
    gate: { code: row.gate_code, seq: row.gate_seq, name: row.gate_name },
    status: row.status,
    scheduledFor: dateView(row.scheduled_for),
    packet: row.packet_report_id ? { reportId: row.packet_report_id, status: row.packet_status ?? 'unknown' } : null,
    // Ministries are told how many reviewers, not who: the reviewed party does not lobby its reviewers.
    reviewers: view === 'ministry' ? null : reviewers.map((r) => ({ id: r.user_id, displayName: r.display_name, assignedAt: iso(r.assigned_at)!, scoresSubmittedAt: iso(r.scores_submitted_at) })),
    reviewerCount: reviewers.length,
    decision: row.decision,
    decisionReasons: row.decision_reasons,
    decidedBy: row.decided_by ? { id: row.decided_by, displayName: row.decided_by_name ?? '' } : null,
    decidedAt: iso(row.decided_at),
    scoreSummary: summary,
    scores,
    criteria: criteria.map(criterionView),
    conditions: conditions.map(conditionView),
    myDraft: draft?.draft_scores && draft.draft_saved_at ? { scores: draft.draft_scores, savedAt: iso(draft.draft_saved_at)! } : null,
    version: row.version,
    createdAt: iso(row.created_at)!,
  };
}
