import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { type Scope, scopeOf } from '../access/scope.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { dateView, yearView } from '../common/roc.js';
import { execute, rowOf } from '../database/sql-query.js';
import { loadChangeRequests } from './due-date-changes.service.js';
import { MilestoneStatus } from './milestone.entity.js';
import { INSERT_MILESTONE, MILESTONE_CODE_TAKEN, MILESTONE_DETAIL, NEXT_MILESTONE_SEQ, UPDATE_MILESTONE } from './milestone.queries.js';
import type { CreateMilestoneBody, MilestoneDetailDto, UpdateMilestoneBody } from './milestones.views.js';
import { SubProjectStatus } from './sub-project.entity.js';
import { assertNotClosed, assertVersion, assertVisible, findMilestone, lockMilestone, lockSubProject } from './sub-project.rows.js';

const MAX_CODE_LENGTH = 64;

/** Milestones (查核點) of a sub-project: the secretariat adds and edits them; due dates move only through change requests. */
@Injectable()
export class MilestonesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** A new milestone, last in the sub-project's sequence, coded `<sub-project>-m<seq>`. */
  async create(subProjectCode: string, body: CreateMilestoneBody, ctx: RequestContext): Promise<MilestoneDetailDto> {
    const code = await this.uow.run(ctx, async (tx) => {
      const sp = await lockSubProject(tx, subProjectCode); // serialises the sequence
      assertNotClosed(sp);
      const { seq } = (await rowOf(tx, NEXT_MILESTONE_SEQ, [sp.id]))!;
      const code = `${sp.code}-m${seq}`;
      if (code.length > MAX_CODE_LENGTH) throw new AppError('CONFLICT', `Sub-project code "${sp.code}" is too long to number its milestones`);
      const taken = await rowOf(tx, MILESTONE_CODE_TAKEN, [code]);
      if (taken) throw new AppError('CONFLICT', `A milestone with code "${code}" already exists`);
      const deliverable = body.deliverable.trim();
      const fiscalYear = body.fiscalYear ?? Number(body.dueDate.slice(0, 4));
      const created = (await rowOf(tx, INSERT_MILESTONE, [code, sp.id, seq, fiscalYear, body.dueDate, deliverable]))!;
      await tx.audit({
        action: 'milestone.create', entityType: 'milestone', entityId: created.id, before: null,
        after: { code, subProject: sp.code, seq, fiscalYear, dueDate: body.dueDate, deliverable, status: MilestoneStatus.Pending, version: 1 },
      });
      return code;
    });
    return this.detail(code, scopeOf(ctx.actor));
  }

  /** Edits the deliverable or fiscal year; a due date in the body is refused (422): it changes through a change request. */
  async update(code: string, body: UpdateMilestoneBody, ctx: RequestContext): Promise<MilestoneDetailDto> {
    if (body.dueDate !== undefined) {
      throw new AppError('UNPROCESSABLE', 'A due date changes only through a due-date change request (POST /api/milestones/{code}/due-date-changes), which the secretariat approves', {
        fields: [{ field: 'dueDate', problems: ['dueDate cannot be edited: request a due-date change instead'] }],
      });
    }
    await this.uow.run(ctx, async (tx) => {
      const m = await lockMilestone(tx, { code });
      assertVersion('milestone', body.version, m.version);
      if (m.sub_project_status === SubProjectStatus.Closed) throw new AppError('CONFLICT', `Sub-project "${m.sub_project_code}" is closed: its milestones no longer change`);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const deliverable = body.deliverable?.trim();
      if (deliverable !== undefined && deliverable !== m.deliverable) {
        before.deliverable = m.deliverable;
        after.deliverable = deliverable;
      }
      if (body.fiscalYear !== undefined && body.fiscalYear !== m.fiscal_year) {
        before.fiscalYear = m.fiscal_year;
        after.fiscalYear = body.fiscalYear;
      }
      if (!Object.keys(after).length) return; // nothing differs: no new version
      await execute(tx, UPDATE_MILESTONE, [m.id, after.deliverable ?? m.deliverable, 'fiscalYear' in after ? after.fiscalYear : m.fiscal_year]);
      await tx.audit({
        action: 'milestone.update', entityType: 'milestone', entityId: m.id,
        before: { ...before, version: m.version }, after: { ...after, version: m.version + 1 },
      });
    });
    return this.detail(code, scopeOf(ctx.actor));
  }

  /** One milestone with its dates in AD and ROC, whether it is overdue, and the change request awaiting a decision. */
  async detail(code: string, scope: Scope): Promise<MilestoneDetailDto> {
    const m = await findMilestone(this.dataSource, { code });
    assertVisible(scope, m.lead_organisation_id, m.co_organiser_ids, 'milestone', code);
    const [row, [pending]] = await Promise.all([
      rowOf(this.dataSource, MILESTONE_DETAIL, [m.id, this.clock.today()]).then((r) => r!),
      loadChangeRequests(this.dataSource, { milestoneId: m.id, pendingOnly: true }),
    ]);
    return {
      code: m.code, seq: m.seq, subProject: { code: m.sub_project_code, name: row.sub_project_name }, fiscalYear: yearView(m.fiscal_year),
      dueDate: dateView(m.due_date), deliverable: m.deliverable, status: m.status, overdue: row.overdue, source: row.source, version: m.version,
      pendingChangeRequest: pending ?? null,
    };
  }
}
