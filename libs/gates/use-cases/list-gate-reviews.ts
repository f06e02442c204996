import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { inScope, scopeOf } from '../../access/scope.js';
import { AppError } from '../../common/errors.js';
import { rowOf, rowsOf } from '../../database/sql-query.js';
import { gateReviewView } from '../gate-review-view.js';
import { gateViewOf } from '../gate-review-visibility.js';
import type { GateReviewListDto, GateReviewListQuery } from '../gate.views.js';
import { REVIEWS, SUB_PROJECT_BY_CODE } from '../gates.queries.js';

/** GET /api/gate-reviews — the reviews the caller may see (reviewers: theirs; ministries: their sub-projects'). */
@Injectable()
export class ListGateReviews {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(query: GateReviewListQuery, actor: Actor): Promise<GateReviewListDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    const view = gateViewOf(actor);
    if (query.subProject) {
      const sp = await rowOf(this.db, SUB_PROJECT_BY_CODE, [query.subProject]);
      // Another organisation's sub-project answers as an unknown code.
      if (!sp || (view === 'ministry' && !inScope(scopeOf(actor), sp.lead_id, sp.co_organiser_ids))) {
        throw AppError.invalid([{ field: 'subProject', problems: [`sub-project "${query.subProject}" does not exist`] }]);
      }
      params.push(sp.id);
      where.push(`r.sub_project_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`r.status = $${params.length}`);
    }
    if (view === 'reviewer') {
      params.push(actor.userId);
      where.push(`EXISTS (SELECT 1 FROM gate_reviewer gr WHERE gr.review_id = r.id AND gr.user_id = $${params.length})`);
    } else if (view === 'ministry') {
      params.push(actor.organisationIds);
      const ids = `$${params.length}::uuid[]`;
      where.push(`(sp.lead_organisation_id = ANY(${ids}) OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco WHERE sco.sub_project_id = sp.id AND sco.organisation_id = ANY(${ids})))`);
    }
    const items = [];
    for (const row of await rowsOf(this.db, REVIEWS(where), params)) items.push(await gateReviewView(this.db, row, actor));
    return { items };
  }
}
