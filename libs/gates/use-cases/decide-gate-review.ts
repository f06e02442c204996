import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { Clock } from '../../common/clock.js';
import { AppError, type FieldProblem } from '../../common/errors.js';
import { execute, rowOf, rowsOf } from '../../database/sql-query.js';
import { OutboxTopic } from '../../outbox/topics.js';
import { GateConditionStatus, GateDecision } from '../gate.entity.js';
import { blank } from '../gate.presenter.js';
import { DECISION_EFFECT, gateReviewMachine } from '../gate-review.machine.js';
import { liveScoreSummary } from '../gate-review-view.js';
import type { DecideGateReviewDto, GateReviewDto } from '../gate.views.js';
import { INSERT_CONDITION, LOCK_REVIEW, OPEN_CONDITIONS_OF_OTHER_REVIEWS, ORGANISATIONS_BY_CODES, RECORD_DECISION } from '../gates.queries.js';
import { GetGateReview } from './get-gate-review.js';

/**
 * POST /api/gate-reviews/:id/decision — the coordinator decides. Refused while conditions of an
 * earlier gate review of the sub-project are open, and a plain "go" is refused while a must-meet
 * criterion was marked not met (the decide record's veto, gate-review.machine.ts). The score summary
 * is recorded with the decision; each condition becomes a tracked item with its owner told.
 */
@Injectable()
export class DecideGateReview {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly getReview: GetGateReview,
  ) {}

  async execute(id: string, body: DecideGateReviewDto, ctx: RequestContext): Promise<GateReviewDto> {
    const today = this.clock.today();
    await this.uow.run(ctx, async (tx) => {
      const row = await rowOf(tx, LOCK_REVIEW, [id]);
      if (!row) throw AppError.notFound('gate review', id);
      if (body.version !== row.version) throw AppError.stale('gate review', body.version, row.version);
      gateReviewMachine.assertCan(row.status, 'decide');

      // Every input problem in one answer: the reasons (the record's required comment) and the conditions.
      const problems: FieldProblem[] = [];
      const noReasons = gateReviewMachine.commentProblem('decide', body.reasons);
      if (noReasons) problems.push(noReasons);
      const conditions = body.conditions ?? [];
      if (body.decision === GateDecision.GoWithConditions && conditions.length === 0) {
        problems.push({ field: 'conditions', problems: ['go_with_conditions needs at least one condition (text, owner, dueDate)'] });
      }
      if (body.decision !== GateDecision.GoWithConditions && conditions.length > 0) {
        problems.push({ field: 'conditions', problems: [`conditions belong to go_with_conditions only (decision is ${body.decision})`] });
      }
      const ownerCodes = [...new Set(conditions.map((c) => c.owner))];
      const owners = new Map(ownerCodes.length ? (await rowsOf(tx, ORGANISATIONS_BY_CODES, [ownerCodes])).map((o) => [o.code, o.id]) : []);
      conditions.forEach((c, i) => {
        if (blank(c.text)) problems.push({ field: `conditions.${i}.text`, problems: ['text must not be blank'] });
        if (!owners.has(c.owner)) problems.push({ field: `conditions.${i}.owner`, problems: [`organisation "${c.owner}" does not exist`] });
        if (c.dueDate < today) problems.push({ field: `conditions.${i}.dueDate`, problems: [`dueDate ${c.dueDate} is in the past (today is ${today})`] });
      });
      if (problems.length) throw AppError.invalid(problems);

      const open = await rowsOf(tx, OPEN_CONDITIONS_OF_OTHER_REVIEWS, [row.sub_project_id, id]);
      if (open.length) {
        throw new AppError(
          'OPEN_CONDITIONS',
          `${open.length} condition(s) of earlier gate reviews of ${row.sp_code} are still open: close or waive them before deciding (${open.map((c) => `${c.gate_code} #${c.seq}`).join(', ')})`,
          { conditions: open.map((c) => ({ id: c.id, gateReviewId: c.review_id, gate: c.gate_code, seq: c.seq, text: c.text, owner: c.owner_code, dueDate: c.due_date })) },
        );
      }

      const summary = await liveScoreSummary(tx, row);
      const to = gateReviewMachine.apply(row.status, 'decide', {
        roles: ctx.actor.roles, comment: body.reasons, context: { decision: body.decision, mustMeetFailures: summary.mustMeetFailures },
      });
      const reasons = body.reasons.trim();
      await execute(tx, RECORD_DECISION, [id, to, body.decision, reasons, JSON.stringify(summary), ctx.actor.userId]);
      await tx.audit({
        action: 'gate_review.decide', entityType: 'gate_review', entityId: id,
        before: { status: row.status }, after: { status: to, decision: body.decision, reasons, effect: DECISION_EFFECT[body.decision], scoreSummary: summary },
      });
      for (const [i, c] of conditions.entries()) {
        const ownerId = owners.get(c.owner)!;
        const created = (await rowOf(tx, INSERT_CONDITION, [id, i + 1, c.text.trim(), ownerId, c.dueDate]))!;
        await tx.audit({
          action: 'gate_condition.create', entityType: 'gate_condition', entityId: created.id, before: null,
          after: { gateReviewId: id, seq: i + 1, text: c.text.trim(), owner: c.owner, dueDate: c.dueDate, status: GateConditionStatus.Open },
        });
        await tx.outbox(OutboxTopic.GateConditionAssigned, { gateConditionId: created.id, gateReviewId: id, subProjectId: row.sub_project_id, organisationId: ownerId });
      }
      await tx.outbox(gateReviewMachine.record('decide').topic!, { gateReviewId: id, subProjectId: row.sub_project_id, decision: body.decision });
    });
    return this.getReview.execute(id, ctx.actor);
  }
}
