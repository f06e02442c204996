import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { type Tx, UnitOfWork } from '../../audit/unit-of-work.js';
import { Clock } from '../../common/clock.js';
import { AppError } from '../../common/errors.js';
import { execute, rowOf, rowsOf } from '../../database/sql-query.js';
import { OutboxTopic } from '../../outbox/topics.js';
import { ReportFormat, ReportKind } from '../../reports/report.entity.js';
import { requestReport } from '../../reports/request-report.js';
import { UserRole } from '../../users/user.entity.js';
import { GateReviewStatus } from '../gate.entity.js';
import { DECISION_EFFECT } from '../gate-review.machine.js';
import type { GateReviewDto, ScheduleGateReviewDto } from '../gate.views.js';
import {
  GATE_OF_PROGRAMME, INSERT_REVIEW, INSERT_REVIEWER, LOCK_SUB_PROJECT_FOR_SCHEDULING, ORGANISATION_FAMILY, PREVIOUS_GATE, REVIEWER_CANDIDATES,
  REVIEWS_OF_SUB_PROJECT, SET_PACKET, type SchedulingSubProjectRow,
} from '../gates.queries.js';
import { GetGateReview } from './get-gate-review.js';

/**
 * POST /api/gate-reviews — a coordinator schedules a gate review of a flagship sub-project: the
 * conflict-of-interest and gate-order checks, the review and its reviewers, the packet request,
 * audit and outbox in one transaction.
 */
@Injectable()
export class ScheduleGateReview {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly getReview: GetGateReview,
  ) {}

  async execute(body: ScheduleGateReviewDto, ctx: RequestContext): Promise<GateReviewDto> {
    const today = this.clock.today();
    if (body.scheduledFor < today) throw AppError.invalid([{ field: 'scheduledFor', problems: [`scheduledFor ${body.scheduledFor} is in the past (today is ${today})`] }]);
    const id = await this.uow.run(ctx, async (tx) => {
      // Locks the sub-project: two schedulings of the same gate cannot both pass the order checks.
      const sp = await rowOf(tx, LOCK_SUB_PROJECT_FOR_SCHEDULING, [body.subProject]);
      if (!sp) throw AppError.invalid([{ field: 'subProject', problems: [`sub-project "${body.subProject}" does not exist`] }]);
      if (!sp.is_flagship) {
        throw new AppError('NOT_FLAGSHIP', `Sub-project "${sp.code}" is not a flagship sub-project: only flagship sub-projects go through stage gates`, { subProject: sp.code });
      }
      const gate = await rowOf(tx, GATE_OF_PROGRAMME, [body.gate, sp.programme_id]);
      if (!gate) throw AppError.invalid([{ field: 'gate', problems: [`"${body.gate}" is not a gate of the programme of ${sp.code}`] }]);
      // Input first (400s and the conflict of interest), then the order of the gates.
      await assertReviewers(tx, body.reviewers, sp);
      await assertGateOrder(tx, sp, gate);

      const created = (await rowOf(tx, INSERT_REVIEW, [sp.id, gate.id, gate.criteria_revision, body.scheduledFor, ctx.actor.userId]))!;
      for (const userId of body.reviewers) await execute(tx, INSERT_REVIEWER, [created.id, userId]);
      const packetId = await requestReport(tx, {
        kind: ReportKind.GatePacket, format: ReportFormat.Pdf, parameters: { gateReview: created.id }, asOf: this.clock.now(),
        programmeId: sp.programme_id, subProjectId: sp.id,
      });
      await execute(tx, SET_PACKET, [created.id, packetId]);
      await tx.audit({
        action: 'gate_review.schedule', entityType: 'gate_review', entityId: created.id, before: null,
        after: { status: GateReviewStatus.Scheduled, subProject: sp.code, gate: gate.code, scheduledFor: body.scheduledFor, reviewers: body.reviewers, packetReportId: packetId },
      });
      await tx.outbox(OutboxTopic.GateReviewScheduled, { gateReviewId: created.id, subProjectId: sp.id, reviewerUserIds: body.reviewers });
      return created.id;
    });
    return this.getReview.execute(id, ctx.actor);
  }
}

/**
 * Gates in order: the first gate any time; a later gate once the previous one was passed (go or
 * go with conditions). Recycle and hold leave the same gate to be reviewed again; stop ends the
 * sub-project's gates. A passed gate is not reviewed again; one open review per gate.
 */
async function assertGateOrder(tx: Tx, sp: SchedulingSubProjectRow, gate: { id: string; code: string; seq: number; name: string }): Promise<void> {
  const reviews = await rowsOf(tx, REVIEWS_OF_SUB_PROJECT, [sp.id]);
  const stopped = reviews.find((r) => r.decision && DECISION_EFFECT[r.decision] === 'stopped');
  if (stopped) throw new AppError('GATE_ORDER', `${sp.code} was stopped at gate ${stopped.code}: no further gate reviews`, { stoppedBy: stopped.id });
  const open = reviews.find((r) => r.template_id === gate.id && r.status !== GateReviewStatus.Decided);
  if (open) throw new AppError('CONFLICT', `Gate ${gate.code} of ${sp.code} already has a review in progress (${open.id})`, { existingId: open.id });
  const passed = reviews.find((r) => r.template_id === gate.id && r.decision && DECISION_EFFECT[r.decision] === 'passed');
  if (passed) throw new AppError('GATE_ORDER', `${sp.code} has passed gate ${gate.code} already (${passed.id})`, { passedBy: passed.id });
  const previous = await rowOf(tx, PREVIOUS_GATE, [sp.programme_id, gate.seq]);
  if (previous && !reviews.some((r) => r.template_id === previous.id && r.decision && DECISION_EFFECT[r.decision] === 'passed')) {
    throw new AppError('GATE_ORDER', `Gate ${gate.code} comes after gate ${previous.code} (${previous.name}), which ${sp.code} has not passed (go or go with conditions)`, {
      previousGate: previous.code,
    });
  }
}

/**
 * Reviewers are active users with the reviewer role, and none may belong to the sub-project's own
 * organisations: the lead, a co-organiser, a unit under one, or one above it (up to, not
 * including, bodies such as 行政院 that stand over every ministry).
 */
async function assertReviewers(tx: Tx, userIds: string[], sp: SchedulingSubProjectRow): Promise<void> {
  const users = await rowsOf(tx, REVIEWER_CANDIDATES, [userIds]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const problems: string[] = [];
  for (const id of userIds) {
    const u = byId.get(id);
    if (!u) problems.push(`no user has id ${id}`);
    else if (!u.is_active) problems.push(`${u.display_name} (${id}) is not an active user`);
    else if (!u.roles.includes(UserRole.Reviewer)) problems.push(`${u.display_name} (${id}) does not have the reviewer role`);
  }
  if (problems.length) throw AppError.invalid([{ field: 'reviewers', problems }]);

  const own = [sp.lead_id, ...sp.co_organiser_ids].filter((o): o is string => o !== null);
  if (own.length === 0) return;
  const family = new Set((await rowsOf(tx, ORGANISATION_FAMILY, [own])).map((r) => r.id));
  const conflicted = users.filter((u) => u.organisation_id && family.has(u.organisation_id));
  if (conflicted.length) {
    throw new AppError(
      'CONFLICT_OF_INTEREST',
      `Conflict of interest: ${conflicted.map((u) => `${u.display_name} (${u.org_name})`).join(', ')} belong${conflicted.length === 1 ? 's' : ''} to an organisation of ${sp.code} (its lead, a co-organiser, or a unit or parent of one)`,
      { reviewers: conflicted.map((u) => ({ id: u.id, displayName: u.display_name, organisation: u.org_name })) },
    );
  }
}
