import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError, type FieldProblem } from '../../common/errors.js';
import { execute, rowOf, rowsOf } from '../../database/sql-query.js';
import { GateRequirement, SCORE_MAX, SCORE_MIN } from '../gate.entity.js';
import { blank } from '../gate.presenter.js';
import { gateReviewMachine } from '../gate-review.machine.js';
import type { GateReviewDto, SaveScoresDto } from '../gate.views.js';
import {
  CRITERIA, DELETE_SCORECARD, INSERT_SCORE, LOCK_REVIEW, MARK_SCORECARD_SUBMITTED, MOVE_REVIEW, REVIEWER_ASSIGNED, SAVE_DRAFT_SCORECARD,
} from '../gates.queries.js';
import { GetGateReview } from './get-gate-review.js';

/** PUT /api/gate-reviews/:id/scores — an assigned reviewer saves their whole scorecard (every criterion, each with a comment); the first one starts scoring. */
@Injectable()
export class SaveGateScores {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly getReview: GetGateReview,
  ) {}

  async execute(id: string, body: SaveScoresDto, ctx: RequestContext): Promise<GateReviewDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await rowOf(tx, LOCK_REVIEW, [id]);
      if (!row) throw AppError.notFound('gate review', id);
      // Only its reviewers know the review: to another reviewer it does not exist.
      if (!(await rowOf(tx, REVIEWER_ASSIGNED, [id, ctx.actor.userId]))) throw AppError.notFound('gate review', id);
      const to = gateReviewMachine.apply(row.status, 'score', { roles: ctx.actor.roles });
      const criteria = await rowsOf(tx, CRITERIA, [row.template_id, row.criteria_revision]);
      const byCode = new Map(criteria.map((c) => [c.code, c]));
      const problems: FieldProblem[] = [];
      const seen = new Set<string>();
      body.scores.forEach((s, i) => {
        const c = byCode.get(s.criterion);
        const field = `scores.${i}`;
        if (!c) return void problems.push({ field: `${field}.criterion`, problems: [`"${s.criterion}" is not a criterion of gate ${row.gate_code} (criteria: ${criteria.map((x) => x.code).join(', ')})`] });
        if (seen.has(c.code)) problems.push({ field: `${field}.criterion`, problems: [`criterion "${c.code}" is scored twice`] });
        seen.add(c.code);
        if (c.requirement === GateRequirement.MustMeet && (s.met === undefined || s.score !== undefined)) {
          problems.push({ field: `${field}.met`, problems: [`criterion "${c.code}" is must-meet: give met (true or false) and no score`] });
        }
        if (c.requirement === GateRequirement.ShouldMeet && (s.score === undefined || s.met !== undefined)) {
          problems.push({ field: `${field}.score`, problems: [`criterion "${c.code}" is should-meet: give a score ${SCORE_MIN}–${SCORE_MAX} and no met`] });
        }
        if (blank(s.comment)) problems.push({ field: `${field}.comment`, problems: [`criterion "${c.code}" needs a comment`] });
      });
      const missing = criteria.filter((c) => !seen.has(c.code)).map((c) => c.code);
      if (missing.length) problems.push({ field: 'scores', problems: [`every criterion needs a score and a comment; missing: ${missing.join(', ')}`] });
      if (problems.length) throw AppError.invalid(problems);

      await execute(tx, DELETE_SCORECARD, [id, ctx.actor.userId]);
      for (const s of body.scores) {
        await execute(tx, INSERT_SCORE, [id, byCode.get(s.criterion)!.id, ctx.actor.userId, s.met ?? null, s.score ?? null, s.comment.trim()]);
      }
      await execute(tx, MARK_SCORECARD_SUBMITTED, [id, ctx.actor.userId]);
      await execute(tx, SAVE_DRAFT_SCORECARD, [id, ctx.actor.userId, null]);
      await execute(tx, MOVE_REVIEW, [id, to]);
      await tx.audit({
        action: 'gate_review.score', entityType: 'gate_review', entityId: id,
        before: { status: row.status }, after: { status: to, reviewer: ctx.actor.userId, criteria: body.scores.length },
      });
    });
    return this.getReview.execute(id, ctx.actor);
  }
}
