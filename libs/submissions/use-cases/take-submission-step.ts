import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError } from '../../common/errors.js';
import { execute } from '../../database/sql-query.js';
import { LightsService } from '../../lights/lights.service.js';
import { assertLeadMember, assertVersion, readableRevision } from '../submission-access.js';
import { submissionMachine, type SubmissionTransition } from '../submission.machine.js';
import { currentContent, insertRevision, lockSubmission, saveContent, withPendingEvidence } from '../submission.store.js';
import type { SubmissionDetailDto, TransitionDto } from '../submission.views.js';
import { INSERT_REVIEW, MOVE_MILESTONE, MOVE_SUBMISSION } from '../submissions.queries.js';
import { GetSubmission } from './get-submission.js';

/**
 * POST /api/submissions/:id/{submit, approve, send-back, accept, return, revise}: one path for every
 * step, driven by the step's record in submission.machine.ts (who, comment, revision, timestamps,
 * milestone, light, topic). The status change, the review step, the milestone, the light, the
 * audit events and the outbox row commit together.
 */
@Injectable()
export class TakeSubmissionStep {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly lights: LightsService,
    private readonly getSubmission: GetSubmission,
  ) {}

  async execute(id: string, transition: SubmissionTransition, body: TransitionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await lockSubmission(tx, id);
      const step = submissionMachine.record(transition);
      if (step.party === 'secretariat') readableRevision(ctx.actor, row);
      else assertLeadMember(ctx.actor, row, `${transition.replace(/_/g, ' ')} it`, () => AppError.notFound('submission', id));
      assertVersion(row, body.version);
      const comment = body.comment?.trim() || null;
      const to = submissionMachine.apply(row.status, transition, { roles: ctx.actor.roles, comment });

      let revision = row.revision;
      if (step.revision === 'new') {
        // The returned revision and its review stay as they are; the ministry works on a copy (with files added meanwhile).
        revision += 1;
        await insertRevision(tx, row.id, revision, await withPendingEvidence(tx, row, await currentContent(tx, row)));
      } else if (step.revision === 'with_pending_evidence') {
        // What the supervisor receives lists every file uploaded since the last save.
        const current = await currentContent(tx, row);
        const content = await withPendingEvidence(tx, row, current);
        if (content !== current) {
          revision += 1;
          await saveContent(tx, row, revision, content, false);
        }
      }
      await execute(tx, MOVE_SUBMISSION, [row.id, to, revision, step.stamps === 'submitted_at', step.stamps === 'decided_at']);
      await execute(tx, INSERT_REVIEW, [row.id, revision, transition, comment, ctx.actor.userId]);
      await tx.audit({
        action: `submission.${transition}`, entityType: 'submission', entityId: row.id,
        before: { status: row.status, revision: row.revision }, after: { status: to, revision, ...(comment ? { comment } : {}) },
      });
      if (row.milestone_id && step.milestone && step.milestone !== row.m_status) {
        await execute(tx, MOVE_MILESTONE, [row.milestone_id, step.milestone]);
        await tx.audit({
          action: 'milestone.status', entityType: 'milestone', entityId: row.milestone_id,
          before: { status: row.m_status }, after: { status: step.milestone, submissionId: row.id },
        });
      }
      if (step.refreshesLight) await this.lights.refreshAfterChange(tx, row.sub_project_id, row.period);
      // The comment as it was at this step: the email says what was written then, not a later edit.
      if (step.topic) await tx.outbox(step.topic, { submissionId: row.id, subProjectId: row.sub_project_id, milestoneId: row.milestone_id, comment });
    });
    return this.getSubmission.execute(id, ctx.actor);
  }
}
