import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError, type FieldProblem } from '../../common/errors.js';
import { execute, rowOf, rowsOf } from '../../database/sql-query.js';
import { GateRequirement } from '../gate.entity.js';
import { gateReviewMachine } from '../gate-review.machine.js';
import type { GateReviewDto, SaveDraftScoresDto } from '../gate.views.js';
import { CRITERIA, type DraftScoreRow, LOCK_REVIEW, REVIEWER_ASSIGNED, SAVE_DRAFT_SCORECARD } from '../gates.queries.js';
import { GetGateReview } from './get-gate-review.js';

/**
 * PUT /api/gate-reviews/:id/scores/draft — an assigned reviewer keeps an unfinished scorecard: any
 * criteria, blanks allowed, seen by them alone. It neither starts scoring nor counts in the summary;
 * submitting the scorecard (PUT …/scores) clears it. Refused once the review is decided.
 */
@Injectable()
export class SaveGateScoreDraft {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly getReview: GetGateReview,
  ) {}

  async execute(id: string, body: SaveDraftScoresDto, ctx: RequestContext): Promise<GateReviewDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await rowOf(tx, LOCK_REVIEW, [id]);
      if (!row) throw AppError.notFound('gate review', id);
      if (!(await rowOf(tx, REVIEWER_ASSIGNED, [id, ctx.actor.userId]))) throw AppError.notFound('gate review', id);
      // A draft may be kept while scoring is still possible: the same rule as a scorecard.
      gateReviewMachine.assertCan(row.status, 'score');
      const criteria = await rowsOf(tx, CRITERIA, [row.template_id, row.criteria_revision]);
      const byCode = new Map(criteria.map((c) => [c.code, c]));
      const problems: FieldProblem[] = [];
      const seen = new Set<string>();
      body.scores.forEach((s, i) => {
        const c = byCode.get(s.criterion);
        if (!c) return void problems.push({ field: `scores.${i}.criterion`, problems: [`"${s.criterion}" is not a criterion of gate ${row.gate_code}`] });
        if (seen.has(c.code)) problems.push({ field: `scores.${i}.criterion`, problems: [`criterion "${c.code}" is listed twice`] });
        seen.add(c.code);
        if (c.requirement === GateRequirement.MustMeet && s.score != null) problems.push({ field: `scores.${i}.score`, problems: [`criterion "${c.code}" is must-meet: met or not, no score`] });
        if (c.requirement === GateRequirement.ShouldMeet && s.met != null) problems.push({ field: `scores.${i}.met`, problems: [`criterion "${c.code}" is should-meet: a score, not met`] });
      });
      if (problems.length) throw AppError.invalid(problems);
      const draft: DraftScoreRow[] = body.scores.map((s) => ({ criterion: s.criterion, met: s.met ?? null, score: s.score ?? null, comment: s.comment ?? '' }));
      await execute(tx, SAVE_DRAFT_SCORECARD, [id, ctx.actor.userId, JSON.stringify(draft)]);
      await tx.audit({
        action: 'gate_review.save_draft', entityType: 'gate_review', entityId: id,
        before: null, after: { reviewer: ctx.actor.userId, criteria: draft.length },
      });
    });
    return this.getReview.execute(id, ctx.actor);
  }
}
