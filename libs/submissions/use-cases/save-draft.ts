import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError } from '../../common/errors.js';
import { assertLeadMember, assertVersion } from '../submission-access.js';
import { normaliseContent } from '../submission-content-input.js';
import { assertEditable } from '../submission.machine.js';
import { currentContent, lockSubmission, saveContent, withPendingEvidence } from '../submission.store.js';
import type { SubmissionDetailDto, UpdateSubmissionDto } from '../submission.views.js';
import { GetSubmission } from './get-submission.js';

/** PATCH /api/submissions/:id — the officer saves the draft: a new revision, never a silent overwrite. */
@Injectable()
export class SaveDraft {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly getSubmission: GetSubmission,
  ) {}

  async execute(id: string, body: UpdateSubmissionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const row = await lockSubmission(tx, id);
      assertLeadMember(ctx.actor, row, 'edit it', () => AppError.notFound('submission', id));
      assertVersion(row, body.version);
      assertEditable(row.status, 'edit');
      const current = await currentContent(tx, row);
      const edited = await normaliseContent(tx, body, current, { id: row.sub_project_id, programme_id: row.programme_id }, row.id, body.evidence);
      const content = await withPendingEvidence(tx, row, edited);
      if (JSON.stringify(content) === JSON.stringify(current)) return; // nothing changed: no new revision
      const revision = row.revision + 1;
      await saveContent(tx, row, revision, content);
      await tx.audit({
        action: 'submission.update', entityType: 'submission', entityId: id,
        before: { status: row.status, revision: row.revision }, after: { status: row.status, revision },
      });
    });
    return this.getSubmission.execute(id, ctx.actor);
  }
}
