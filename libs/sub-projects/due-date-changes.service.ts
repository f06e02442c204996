import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import type { Scope } from '../access/scope.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { dateView } from '../common/roc.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { ChangeRequestStatus } from './due-date-change.entity.js';
import {
  CHANGE_REQUEST_MILESTONE, CHANGE_REQUESTS, type ChangeRequestFilter, DECIDE_CHANGE_REQUEST, INSERT_CHANGE_REQUEST, LOCK_CHANGE_REQUEST, MOVE_MILESTONE_DUE_DATE,
  PENDING_CHANGE_REQUEST,
} from './due-date-change.queries.js';
import { type DueDateChangeTransition, dueDateChangeMachine } from './due-date-change.machine.js';
import type { ApproveDueDateChangeBody, DueDateChangeDto, RejectDueDateChangeBody, RequestDueDateChangeBody } from './due-date-changes.views.js';
import { MilestoneStatus } from './milestone.entity.js';
import { SubProjectStatus } from './sub-project.entity.js';
import { assertLeadOrganisation, assertVersion, assertVisible, findMilestone, lockMilestone } from './sub-project.rows.js';
import { OutboxTopic } from '../outbox/topics.js';

/** A milestone's change requests, newest first (or only the pending one, or one by id). */
export async function loadChangeRequests(db: DbHandle, where: ChangeRequestFilter): Promise<DueDateChangeDto[]> {
  const rows = await rowsOf(db, CHANGE_REQUESTS(where), ['id' in where ? where.id : where.milestoneId]);
  return rows.map((r) => ({
    id: r.id, milestone: r.milestone, status: r.status, previousDueDate: dateView(r.previous_due_date), proposedDueDate: dateView(r.proposed_due_date),
    reason: r.reason, requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(), decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null, decisionReason: r.decision_reason, version: r.version,
  }));
}

/**
 * Due-date change requests: the lead ministry proposes a new date for a milestone, the secretariat
 * approves (the milestone moves, in the same transaction) or rejects with a reason. The requests
 * stay, so the milestone keeps the history of its dates.
 */
@Injectable()
export class DueDateChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async request(milestoneCode: string, body: RequestDueDateChangeBody, ctx: RequestContext): Promise<DueDateChangeDto> {
    const id = await this.uow.run(ctx, async (tx) => {
      const m = await lockMilestone(tx, { code: milestoneCode });
      assertLeadOrganisation(ctx.actor, m, 'request a due-date change', 'milestone', milestoneCode);
      if (m.sub_project_status === SubProjectStatus.Closed) throw new AppError('CONFLICT', `Sub-project "${m.sub_project_code}" is closed: its milestones no longer change`);
      if (m.status === MilestoneStatus.Accepted) throw new AppError('CONFLICT', `Milestone "${m.code}" is already accepted: its due date no longer changes`);
      const pending = await rowOf(tx, PENDING_CHANGE_REQUEST, [m.id]);
      if (pending) {
        throw new AppError('CONFLICT', `Milestone "${m.code}" already has a due-date change request awaiting a decision`, { changeRequestId: pending.id });
      }
      if (body.proposedDueDate === m.due_date) {
        throw AppError.invalid([{ field: 'proposedDueDate', problems: [`proposedDueDate is the milestone's due date already (${m.due_date})`] }]);
      }
      const reason = body.reason.trim();
      const created = (await rowOf(tx, INSERT_CHANGE_REQUEST, [m.id, m.due_date, body.proposedDueDate, reason, ctx.actor.userId]))!;
      await tx.audit({
        action: 'milestone.due_date_change.request', entityType: 'milestone', entityId: m.id, before: null,
        after: { changeRequestId: created.id, status: ChangeRequestStatus.Pending, previousDueDate: m.due_date, proposedDueDate: body.proposedDueDate, reason },
      });
      await tx.outbox(OutboxTopic.DueDateChangeRequested, {
        changeRequestId: created.id, milestoneId: m.id, subProjectId: m.sub_project_id, previousDueDate: m.due_date, proposedDueDate: body.proposedDueDate, reason,
      });
      return created.id;
    });
    return this.one(id);
  }

  approve(id: string, body: ApproveDueDateChangeBody, ctx: RequestContext): Promise<DueDateChangeDto> {
    return this.decide(id, 'approve', body, ctx);
  }

  reject(id: string, body: RejectDueDateChangeBody, ctx: RequestContext): Promise<DueDateChangeDto> {
    return this.decide(id, 'reject', body, ctx);
  }

  /** Every change request of the milestone, newest first; scoped like the sub-project. */
  async history(milestoneCode: string, scope: Scope): Promise<DueDateChangeDto[]> {
    const m = await findMilestone(this.dataSource, { code: milestoneCode });
    assertVisible(scope, m.lead_organisation_id, m.co_organiser_ids, 'milestone', milestoneCode);
    return loadChangeRequests(this.dataSource, { milestoneId: m.id });
  }

  /** One request, when the caller may read its milestone. */
  async findOne(id: string, scope: Scope): Promise<DueDateChangeDto> {
    const found = await rowOf(this.dataSource, CHANGE_REQUEST_MILESTONE, [id]);
    if (!found) throw AppError.notFound('due-date change request', id);
    const m = await findMilestone(this.dataSource, { id: found.milestone_id });
    assertVisible(scope, m.lead_organisation_id, m.co_organiser_ids, 'due-date change request', id);
    return this.one(id);
  }

  private async decide(id: string, transition: DueDateChangeTransition, body: ApproveDueDateChangeBody, ctx: RequestContext): Promise<DueDateChangeDto> {
    await this.uow.run(ctx, async (tx) => {
      const found = await rowOf(tx, CHANGE_REQUEST_MILESTONE, [id]);
      if (!found) throw AppError.notFound('due-date change request', id);
      // Milestone first, then the request: the same order as a new request takes, so the two never deadlock.
      const m = await lockMilestone(tx, { id: found.milestone_id });
      const request = (await rowOf(tx, LOCK_CHANGE_REQUEST, [id]))!;
      assertVersion('due-date change request', body.version, request.version);
      const step = dueDateChangeMachine.record(transition);
      const next = dueDateChangeMachine.apply(request.status, transition, { roles: ctx.actor.roles, comment: body.reason });
      if (step.movesMilestone && m.status === MilestoneStatus.Accepted) {
        throw new AppError('CONFLICT', `Milestone "${m.code}" is already accepted: its due date no longer changes; reject the request instead`);
      }
      const reason = body.reason?.trim() || null;

      await execute(tx, DECIDE_CHANGE_REQUEST, [id, next, ctx.actor.userId, reason]);
      await tx.audit({
        action: `milestone.due_date_change.${transition}`, entityType: 'milestone', entityId: m.id,
        before: { changeRequestId: id, status: request.status, version: request.version },
        after: { changeRequestId: id, status: next, version: request.version + 1, reason, proposedDueDate: request.proposed_due_date },
      });
      if (step.movesMilestone) {
        await execute(tx, MOVE_MILESTONE_DUE_DATE, [m.id, request.proposed_due_date]);
        await tx.audit({
          action: 'milestone.due_date', entityType: 'milestone', entityId: m.id,
          before: { dueDate: m.due_date, version: m.version }, after: { dueDate: request.proposed_due_date, version: m.version + 1, changeRequestId: id },
        });
      }
      await tx.outbox(OutboxTopic.DueDateChangeDecided, {
        changeRequestId: id, milestoneId: m.id, subProjectId: m.sub_project_id, organisationId: m.lead_organisation_id,
        decision: transition === 'approve' ? 'approved' : 'rejected', previousDueDate: request.previous_due_date, proposedDueDate: request.proposed_due_date, reason,
      });
    });
    return this.one(id);
  }

  private async one(id: string): Promise<DueDateChangeDto> {
    const [request] = await loadChangeRequests(this.dataSource, { id });
    return request;
  }
}
