import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../../access/actor.js';
import { UnitOfWork } from '../../audit/unit-of-work.js';
import { AppError } from '../../common/errors.js';
import { fieldProblem } from '../../common/validation.js';
import { rowOf } from '../../database/sql-query.js';
import { assertLeadMember } from '../submission-access.js';
import { EMPTY_CONTENT } from '../submission.content.js';
import { SubmissionStatus } from '../submission.entity.js';
import { normaliseContent } from '../submission-content-input.js';
import { insertRevision } from '../submission.store.js';
import type { CreateSubmissionDto, SubmissionDetailDto } from '../submission.views.js';
import {
  INSERT_SUBMISSION, LOCK_SUB_PROJECT_FOR_DRAFT, MILESTONE_FOR_DRAFT, SUBMISSION_OF_MILESTONE, SUBMISSION_OF_PERIOD,
} from '../submissions.queries.js';
import { GetSubmission } from './get-submission.js';

/** A sub-project reports once its lead has taken it on. */
const REPORTING_SUB_PROJECT_STATUSES = ['acknowledged', 'active'];

/** The quarter a date falls in: 2024-08-31 → 2024-Q3. */
function quarterOf(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number);
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** POST /api/submissions — an officer of the lead organisation drafts the one submission of a milestone or period: revision 1. */
@Injectable()
export class DraftSubmission {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly getSubmission: GetSubmission,
  ) {}

  async execute(body: CreateSubmissionDto, ctx: RequestContext): Promise<SubmissionDetailDto> {
    if ((body.milestone === undefined) === (body.period === undefined)) {
      const [en, zh] = ['give exactly one of milestone or period', '「milestone」與「period」須擇一填寫'];
      throw AppError.invalid([fieldProblem('milestone', 'exactlyOne', en, zh), fieldProblem('period', 'exactlyOne', en, zh)]);
    }
    const id = await this.uow.run(ctx, async (tx) => {
      // Locks the sub-project so that two drafts of the same milestone or period cannot both pass the check below.
      const sp = await rowOf(tx, LOCK_SUB_PROJECT_FOR_DRAFT, [body.subProject]);
      // Another organisation's sub-project answers as an unknown code: the caller may not know it exists.
      const unknown = () => AppError.invalid([fieldProblem('subProject', 'unknownReference', `sub-project "${body.subProject}" does not exist`, `細部計畫「${body.subProject}」不存在`)]);
      if (!sp) throw unknown();
      assertLeadMember(ctx.actor, sp, 'draft its submissions', unknown);
      if (!REPORTING_SUB_PROJECT_STATUSES.includes(sp.status)) {
        throw new AppError('INVALID_TRANSITION', `Sub-project "${sp.code}" is ${sp.status}: the lead organisation must acknowledge the assignment first`, {
          entity: 'sub-project', from: sp.status,
        });
      }

      let milestoneId: string | null = null;
      let period = body.period ?? '';
      if (body.milestone !== undefined) {
        const m = await rowOf(tx, MILESTONE_FOR_DRAFT, [body.milestone]);
        if (!m || m.sub_project_id !== sp.id) {
          throw AppError.invalid([fieldProblem('milestone', 'unknownReference', `milestone "${body.milestone}" is not a milestone of ${sp.code}`, `「${body.milestone}」不是 ${sp.code} 的查核點`)]);
        }
        milestoneId = m.id;
        period = quarterOf(m.due_date);
      }
      const existing = milestoneId ? await rowOf(tx, SUBMISSION_OF_MILESTONE, [milestoneId]) : await rowOf(tx, SUBMISSION_OF_PERIOD, [sp.id, period]);
      if (existing) {
        const what = milestoneId ? `milestone ${body.milestone}` : `${sp.code} for ${period}`;
        throw new AppError('CONFLICT', `There is already a submission for ${what} (${existing.id}): edit that one`, { existingId: existing.id });
      }

      const content = await normaliseContent(tx, body, EMPTY_CONTENT, sp);
      const created = (await rowOf(tx, INSERT_SUBMISSION, [
        sp.id, milestoneId, period, content.progressPercent, content.narrative, JSON.stringify(content.indicatorActuals),
        content.budgetExecuted, content.budgetYear, ctx.actor.userId,
      ]))!;
      await insertRevision(tx, created.id, 1, content);
      await tx.audit({
        action: 'submission.create', entityType: 'submission', entityId: created.id,
        before: null, after: { status: SubmissionStatus.Draft, revision: 1, subProject: sp.code, milestone: body.milestone ?? null, period },
      });
      return created.id;
    });
    return this.getSubmission.execute(id, ctx.actor);
  }
}
