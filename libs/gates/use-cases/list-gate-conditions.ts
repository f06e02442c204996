import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { inScope, scopeOf } from '../../access/scope.js';
import { AppError } from '../../common/errors.js';
import { rowOf, rowsOf } from '../../database/sql-query.js';
import { conditionView } from '../gate.presenter.js';
import { gateViewOf } from '../gate-review-visibility.js';
import type { GateConditionListDto, GateConditionListQuery } from '../gate.views.js';
import { CONDITIONS, SUB_PROJECT_BY_CODE } from '../gates.queries.js';

const unknownSubProject = (code: string) => AppError.invalid([{ field: 'subProject', problems: [`sub-project "${code}" does not exist`] }]);

/** GET /api/gate-conditions — conditions the caller may see (ministries: their sub-projects' and those they own). */
@Injectable()
export class ListGateConditions {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(query: GateConditionListQuery, actor: Actor): Promise<GateConditionListDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    const view = gateViewOf(actor);
    if (query.subProject) {
      const sp = await this.subProject(query.subProject);
      params.push(sp.id);
      where.push(`r.sub_project_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`c.status = $${params.length}`);
    }
    if (view === 'reviewer') {
      // The conditions of the sub-projects whose reviews they are assigned to.
      params.push(actor.userId);
      where.push(`EXISTS (SELECT 1 FROM gate_review r2 JOIN gate_reviewer gr ON gr.review_id = r2.id WHERE r2.sub_project_id = r.sub_project_id AND gr.user_id = $${params.length})`);
    } else if (view === 'ministry') {
      // Their sub-projects' conditions, and conditions their organisation owns on another's sub-project.
      params.push(actor.organisationIds);
      const ids = `$${params.length}::uuid[]`;
      where.push(`(sp.lead_organisation_id = ANY(${ids}) OR c.owner_organisation_id = ANY(${ids})
                   OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco WHERE sco.sub_project_id = sp.id AND sco.organisation_id = ANY(${ids})))`);
    }
    const rows = await rowsOf(this.db, CONDITIONS(where), params);
    // A ministry that neither takes part in the sub-project nor owns one of its conditions may not know it: as an unknown code.
    if (query.subProject && view === 'ministry' && rows.length === 0) {
      const sp = await this.subProject(query.subProject);
      if (!inScope(scopeOf(actor), sp.lead_id, sp.co_organiser_ids)) throw unknownSubProject(query.subProject);
    }
    return { items: rows.map(conditionView) };
  }

  private async subProject(code: string) {
    const sp = await rowOf(this.db, SUB_PROJECT_BY_CODE, [code]);
    if (!sp) throw unknownSubProject(code);
    return sp;
  }
}
