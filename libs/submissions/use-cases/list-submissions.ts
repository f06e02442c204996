import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { inScope, type Scope, scopeOf, subProjectInScope } from '../../access/scope.js';
import { decodeCursor, encodeCursor } from '../../common/cursor.js';
import { AppError, type FieldProblem } from '../../common/errors.js';
import { DEFAULT_PAGE_SIZE } from '../../common/page-query.js';
import { sqlParams } from '../../common/sql-params.js';
import { fieldProblem } from '../../common/validation.js';
import { rowOf, rowsOf } from '../../database/sql-query.js';
import { listItem } from '../submission.presenter.js';
import type { SubmissionListQuery, SubmissionPageDto } from '../submission.views.js';
import { MILESTONE_PARTIES_BY_CODE, SUB_PROJECT_PARTIES_BY_CODE, SUBMISSION_PAGE } from '../submissions.queries.js';

const SORT = 'created';

/**
 * GET /api/submissions — the submissions the caller may see, keyset-paginated. Ministry users see
 * their organisation's in every state; the others see what reached the secretariat.
 */
@Injectable()
export class ListSubmissions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(query: SubmissionListQuery, actor: Actor): Promise<SubmissionPageDto> {
    const scope = scopeOf(actor);
    await this.assertCodesExist(query, scope);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { values: params, param } = sqlParams();
    // A ministry's own drafts are private: the others see what reached the secretariat.
    const where = [scope.all ? 's.submitted_at IS NOT NULL' : subProjectInScope(scope, param)];
    if (query.subProject) where.push(`sp.code = ${param(query.subProject)}`);
    if (query.milestone) where.push(`m.code = ${param(query.milestone)}`);
    if (query.status) where.push(`s.status = ${param(query.status)}`);
    if (query.after) {
      const [createdAt, id] = decodeCursor(SORT, query.after, 2);
      where.push(`(s.created_at, s.id) > (${param(createdAt)}::timestamptz, ${param(id)}::uuid)`);
    }
    const rows = await rowsOf(this.db, SUBMISSION_PAGE(where.join(' AND '), param(limit + 1)), params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(listItem), nextCursor: rows.length > limit ? encodeCursor(SORT, [last.created_key, last.id]) : null };
  }

  /** A filter code the caller may not see (another organisation's) answers as an unknown one. */
  private async assertCodesExist(query: SubmissionListQuery, scope: Scope): Promise<void> {
    const problems: FieldProblem[] = [];
    for (const [field, parties, code] of [['subProject', SUB_PROJECT_PARTIES_BY_CODE, query.subProject], ['milestone', MILESTONE_PARTIES_BY_CODE, query.milestone]] as const) {
      if (code === undefined) continue;
      const found = await rowOf(this.db, parties, [code]);
      if (!found || !inScope(scope, found.lead_id, found.co_organiser_ids)) {
        problems.push(fieldProblem(field, 'unknownReference', `${field} "${code}" does not exist`, `「${field}」的「${code}」不存在`));
      }
    }
    if (problems.length) throw AppError.invalid(problems);
  }
}
