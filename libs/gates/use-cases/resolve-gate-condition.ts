import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hasRole, type RequestContext } from '../../access/actor.js';
import { inScope, scopeOf } from '../../access/scope.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError } from '../../common/errors.js';
import { execute, rowOf } from '../../database/sql-query.js';
import { UserRole } from '../../users/user.entity.js';
import { conditionView } from '../gate.presenter.js';
import { gateConditionMachine } from '../gate-review.machine.js';
import type { GateConditionDto, ResolveConditionDto } from '../gate.views.js';
import { CONDITION_BY_ID, LOCK_CONDITION, RESOLVE_CONDITION } from '../gates.queries.js';

/**
 * POST /api/gate-conditions/:id/close and /waive — closed by the secretariat, or by an officer or
 * supervisor acting for the owner organisation, with a note; waived by the secretariat only, with a
 * reason (the records in gate-review.machine.ts). The owner is told through the record's topic.
 */
@Injectable()
export class ResolveGateCondition {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async execute(id: string, step: 'close' | 'waive', body: ResolveConditionDto, ctx: RequestContext): Promise<GateConditionDto> {
    await this.uow.run(ctx, async (tx) => {
      const c = await rowOf(tx, LOCK_CONDITION, [id]);
      if (!c) throw AppError.notFound('gate condition', id);
      if (!hasRole(ctx.actor, UserRole.Coordinator)) {
        const actsForOwner = ctx.actor.organisationIds.includes(c.owner_id);
        if (step === 'waive' || !actsForOwner) {
          // A ministry that neither owns the condition nor takes part in the sub-project may not know it exists.
          if (!actsForOwner && !inScope(scopeOf(ctx.actor), c.lead_id, c.co_organiser_ids)) throw AppError.notFound('gate condition', id);
          throw AppError.forbidden(step === 'waive' ? 'Only the secretariat may waive a condition' : `Only the owner organisation (${c.owner_name}) or the secretariat may close this condition`);
        }
      }
      if (body.version !== c.version) throw AppError.stale('gate condition', body.version, c.version);
      const to = gateConditionMachine.apply(c.status, step, { roles: ctx.actor.roles, comment: body.note });
      const note = body.note.trim();
      await execute(tx, RESOLVE_CONDITION, [id, to, note, ctx.actor.userId]);
      await tx.audit({ action: `gate_condition.${step}`, entityType: 'gate_condition', entityId: id, before: { status: c.status }, after: { status: to, note } });
      await tx.outbox(gateConditionMachine.record(step).topic, {
        gateConditionId: id, gateReviewId: c.review_id, subProjectId: c.sub_project_id, organisationId: c.owner_id, note,
      });
    });
    return conditionView((await rowOf(this.db, CONDITION_BY_ID, [id]))!);
  }
}
