import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, QueryFailedError } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { type Scope, scopeOf } from '../access/scope.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import {
  ACKNOWLEDGE_ASSIGNMENT, ADD_CO_ORGANISERS, ADD_SUB_PROJECT_AXES, ASSIGNMENT_HISTORY, CLEAR_CO_ORGANISERS, EDITABLE_COLUMNS, EDITABLE_FIELDS,
  END_OPEN_ASSIGNMENT, INSERT_ASSIGNMENT, INSERT_SUB_PROJECT, LOCK_OPEN_ASSIGNMENT, LOCK_PROGRAMME_FOR_CODES, PLANNED_ASSIGNMENT, PROGRAMME_AXES,
  PROGRAMME_CODE, RECORD_PLANNED_ASSIGNMENT, REMOVE_OTHER_AXES, SET_ASSIGNED, SET_SUB_PROJECT_STATUS, SUB_PROJECT_CODE_TAKEN, SUB_PROJECT_CODES_WITH_PREFIX,
  SUB_PROJECT_FOR_HISTORY, UPDATE_SUB_PROJECT_FIELDS,
} from './assignment.queries.js';
import type { AssignBody, AssignmentDto, CreateSubProjectBody, TransitionBody, UpdateSubProjectBody, VersionBody } from './assignment.views.js';
import { SubProjectKind, SubProjectStatus } from './sub-project.entity.js';
import { subProjectMachine } from './sub-project.machine.js';
import {
  assertLeadOrganisation, assertNotClosed, assertVisible, assertVersion, type LockedSubProject, lockSubProject, organisationCodes, organisationIds,
} from './sub-project.rows.js';
import type { SubProjectDetailDto } from './sub-project.views.js';
import { SubProjectsService } from './sub-projects.service.js';
import { OutboxTopic } from '../outbox/topics.js';

export type StatusTransition = 'activate' | 'suspend' | 'resume' | 'close';

const MAX_CODE_LENGTH = 64;
const UNIQUE_VIOLATION = '23505';

/**
 * The sub-project workflow: the secretariat creates, edits and assigns sub-projects (lead and
 * co-organisers), the lead ministry acknowledges, and the secretariat activates, suspends, resumes
 * and closes them. Every assignment is kept as a row of sub_project_assignment.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly subProjects: SubProjectsService,
  ) {}

  /** A new sub-project, in draft. */
  async create(body: CreateSubProjectBody, ctx: RequestContext): Promise<SubProjectDetailDto> {
    const code = await this.uow.run(ctx, async (tx) => {
      // Serialises code generation within the programme without blocking rows that reference it.
      const programme = await rowOf(tx, LOCK_PROGRAMME_FOR_CODES, [body.programme]);
      if (!programme) throw AppError.invalid([{ field: 'programme', problems: [`programme "${body.programme}" does not exist`] }]);
      const axes = await this.programmeAxes(tx, programme, body.axes);
      assertPeriod(body.startYear ?? null, body.endYear ?? null);
      const code = body.code ?? (await this.nextCode(tx, programme.code));
      const taken = await rowOf(tx, SUB_PROJECT_CODE_TAKEN, [code]);
      if (taken) throw new AppError('CONFLICT', `A sub-project with code "${code}" already exists`, { field: 'code' });

      const created = (await rowOf(tx, INSERT_SUB_PROJECT, [code, programme.id, body.kind ?? SubProjectKind.Detailed, body.name.trim(), body.startYear ?? null, body.endYear ?? null,
         body.continuity ?? null, body.isFlagship ?? false, body.measures ?? null, body.fullTermTarget ?? null]))!;
      await execute(tx, ADD_SUB_PROJECT_AXES, [created.id, axes.map((a) => a.id)]);
      await tx.audit({
        action: 'sub_project.create', entityType: 'sub_project', entityId: created.id, before: null,
        after: {
          code, programme: programme.code, name: body.name.trim(), kind: body.kind ?? SubProjectKind.Detailed, axes: axes.map((a) => a.code),
          startYear: body.startYear ?? null, endYear: body.endYear ?? null, isFlagship: body.isFlagship ?? false, status: SubProjectStatus.Draft, version: 1,
        },
      });
      return code;
    }).catch(duplicateCodeAsConflict);
    return this.subProjects.detail(code, scopeOf(ctx.actor));
  }

  /** Edits the fields given; the client's version must be current. */
  async update(code: string, body: UpdateSubProjectBody, ctx: RequestContext): Promise<SubProjectDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const sp = await lockSubProject(tx, code);
      assertVersion('sub-project', body.version, sp.version);
      assertNotClosed(sp);
      const current = (await rowOf(tx, EDITABLE_FIELDS, [sp.id]))!;
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const columns: [(typeof EDITABLE_COLUMNS)[keyof typeof EDITABLE_COLUMNS], unknown][] = [];
      for (const [field, column] of Object.entries(EDITABLE_COLUMNS) as [keyof typeof EDITABLE_COLUMNS, (typeof EDITABLE_COLUMNS)[keyof typeof EDITABLE_COLUMNS]][]) {
        const raw = body[field];
        if (raw === undefined) continue;
        const value = typeof raw === 'string' && field === 'name' ? raw.trim() : raw;
        if (value === current[field]) continue;
        before[field] = current[field];
        after[field] = value;
        columns.push([column, value]);
      }
      assertPeriod(
        body.startYear !== undefined ? body.startYear : current.startYear,
        body.endYear !== undefined ? body.endYear : current.endYear,
      );
      let axes: { id: string; code: string }[] | undefined;
      const currentAxes = current.axes;
      if (body.axes && [...body.axes].sort().join() !== [...currentAxes].sort().join()) {
        axes = await this.programmeAxes(tx, { id: sp.programme_id, code: await this.programmeCode(tx, sp.programme_id) }, body.axes);
        before.axes = currentAxes;
        after.axes = axes.map((a) => a.code);
      }
      if (!columns.length && !axes) return; // nothing differs: no new version, nothing to record

      await execute(tx, UPDATE_SUB_PROJECT_FIELDS(columns.map(([column]) => column)), [sp.id, ...columns.map(([, v]) => v)]);
      if (axes) {
        await execute(tx, REMOVE_OTHER_AXES, [sp.id, axes.map((a) => a.id)]);
        await execute(tx, ADD_SUB_PROJECT_AXES, [sp.id, axes.map((a) => a.id)]);
      }
      await tx.audit({
        action: 'sub_project.update', entityType: 'sub_project', entityId: sp.id,
        before: { ...before, version: sp.version }, after: { ...after, version: sp.version + 1 },
      });
    });
    return this.subProjects.detail(code, scopeOf(ctx.actor));
  }

  /** Assigns a draft, or reassigns (with a reason): the open assignment ends and a new one starts. */
  async assign(code: string, body: AssignBody, ctx: RequestContext): Promise<SubProjectDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const sp = await lockSubProject(tx, code);
      assertVersion('sub-project', body.version, sp.version);
      const transition = sp.status === SubProjectStatus.Draft ? 'assign' : 'reassign';
      const next = subProjectMachine.apply(sp.status, transition, { roles: ctx.actor.roles, comment: body.reason });
      const reason = body.reason?.trim() || null;

      const coCodes = body.coOrganisers ?? [];
      if (coCodes.includes(body.lead)) {
        throw AppError.invalid([{ field: 'coOrganisers', problems: [`"${body.lead}" is the lead: the lead cannot also be a co-organiser`] }]);
      }
      const [leadId] = await organisationIds(tx, 'lead', [body.lead]);
      const coIds = await organisationIds(tx, 'coOrganisers', coCodes);
      if (transition === 'reassign' && leadId === sp.lead_organisation_id && coIds.join() === sp.co_organiser_ids.join()) {
        throw new AppError('CONFLICT', `Sub-project "${code}" is already assigned to ${body.lead} with these co-organisers`);
      }

      const before = await this.assignmentState(tx, sp);
      await this.openAssignment(tx, sp); // records the plan's assignment first, so that history keeps it
      await execute(tx, END_OPEN_ASSIGNMENT, [sp.id]);
      const assignment = (await rowOf(tx, INSERT_ASSIGNMENT, [sp.id, leadId, coIds, ctx.actor.userId, reason]))!;
      await execute(tx, SET_ASSIGNED, [sp.id, next, leadId]);
      await execute(tx, CLEAR_CO_ORGANISERS, [sp.id]);
      await execute(tx, ADD_CO_ORGANISERS, [sp.id, coIds]);
      await tx.audit({
        action: `sub_project.${transition}`, entityType: 'sub_project', entityId: sp.id, before,
        after: { status: next, version: sp.version + 1, lead: body.lead, coOrganisers: coCodes, reason, assignmentId: assignment.id },
      });
      await tx.outbox(OutboxTopic.SubProjectAssigned, {
        subProjectId: sp.id, organisationId: leadId, coOrganiserIds: coIds, assignmentId: assignment.id, reassigned: transition === 'reassign', reason,
      });
    });
    return this.subProjects.detail(code, scopeOf(ctx.actor));
  }

  /** The lead ministry acknowledges its assignment. */
  async acknowledge(code: string, body: VersionBody, ctx: RequestContext): Promise<SubProjectDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const sp = await lockSubProject(tx, code);
      assertLeadOrganisation(ctx.actor, sp, 'acknowledge it', 'sub-project', code);
      assertVersion('sub-project', body.version, sp.version);
      const next = subProjectMachine.apply(sp.status, 'acknowledge', { roles: ctx.actor.roles });
      const assignment = await this.openAssignment(tx, sp);
      if (!assignment) throw new AppError('INTERNAL', `Sub-project "${code}" is assigned but has no assignment`);
      await execute(tx, ACKNOWLEDGE_ASSIGNMENT, [assignment.id, ctx.actor.userId]);
      await execute(tx, SET_SUB_PROJECT_STATUS, [sp.id, next]);
      await tx.audit({
        action: 'sub_project.acknowledge', entityType: 'sub_project', entityId: sp.id,
        before: { status: sp.status, version: sp.version }, after: { status: next, version: sp.version + 1, assignmentId: assignment.id },
      });
      await tx.outbox(OutboxTopic.SubProjectAcknowledged, { subProjectId: sp.id, organisationId: sp.lead_organisation_id!, assignmentId: assignment.id });
    });
    return this.subProjects.detail(code, scopeOf(ctx.actor));
  }

  /** activate, suspend, resume or close (suspend and close need a reason). */
  async transition(code: string, transition: StatusTransition, body: TransitionBody, ctx: RequestContext): Promise<SubProjectDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const sp = await lockSubProject(tx, code);
      assertVersion('sub-project', body.version, sp.version);
      const next = subProjectMachine.apply(sp.status, transition, { roles: ctx.actor.roles, comment: body.reason });
      const reason = body.reason?.trim() || null;
      await execute(tx, SET_SUB_PROJECT_STATUS, [sp.id, next]);
      await tx.audit({
        action: `sub_project.${transition}`, entityType: 'sub_project', entityId: sp.id,
        before: { status: sp.status, version: sp.version }, after: { status: next, version: sp.version + 1, reason },
      });
      // The lead ministry hears when its sub-project starts, stops or ends.
      await tx.outbox(OutboxTopic.SubProjectStatusChanged, { subProjectId: sp.id, organisationId: sp.lead_organisation_id, transition, status: next, reason });
    });
    return this.subProjects.detail(code, scopeOf(ctx.actor));
  }

  /** Every assignment, newest first; a sub-project loaded from the plan already assigned shows that assignment. */
  async history(code: string, scope: Scope): Promise<AssignmentDto[]> {
    const sp = await rowOf(this.dataSource, SUB_PROJECT_FOR_HISTORY, [code]);
    if (!sp) throw AppError.notFound('sub-project', code);
    assertVisible(scope, sp.lead_organisation_id, sp.co_organiser_ids, 'sub-project', code);

    const rows = await rowsOf(this.dataSource, ASSIGNMENT_HISTORY, [sp.id]);
    if (!rows.length && sp.status !== SubProjectStatus.Draft && sp.lead_organisation_id) {
      // Not yet recorded: the assignment the plan was loaded with (written on the first workflow step).
      const planned = (await rowOf(this.dataSource, PLANNED_ASSIGNMENT, [sp.lead_organisation_id, sp.co_organiser_ids]))!;
      return [{
        id: null, current: true, lead: planned.lead, coOrganisers: planned.coOrganisers, assignedBy: null, assignedAt: sp.created_at.toISOString(),
        reason: null, acknowledgedAt: null, acknowledgedBy: null, endedAt: null,
      }];
    }
    return rows.map((r) => ({
      ...r, assignedAt: r.assignedAt.toISOString(), acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null, endedAt: r.endedAt?.toISOString() ?? null,
    }));
  }

  /**
   * The assignment in force. Sub-projects loaded from the plan are already assigned but have no
   * row: the first workflow step records that assignment (by nobody, as of loading).
   */
  private async openAssignment(tx: Tx, sp: LockedSubProject): Promise<{ id: string } | null> {
    const open = await rowOf(tx, LOCK_OPEN_ASSIGNMENT, [sp.id]);
    if (open) return open;
    if (sp.status === SubProjectStatus.Draft || !sp.lead_organisation_id) return null;
    const recorded = (await rowOf(tx, RECORD_PLANNED_ASSIGNMENT, [sp.id, sp.lead_organisation_id, sp.co_organiser_ids, sp.created_at]))!;
    return recorded;
  }

  private async assignmentState(tx: Tx, sp: LockedSubProject): Promise<Record<string, unknown>> {
    const [lead] = sp.lead_organisation_id ? await organisationCodes(tx, [sp.lead_organisation_id]) : [null];
    return { status: sp.status, version: sp.version, lead, coOrganisers: await organisationCodes(tx, sp.co_organiser_ids) };
  }

  /** The axes, which must belong to the programme; in the programme's order. */
  private async programmeAxes(tx: Tx, programme: { id: string; code: string }, codes: readonly string[]): Promise<{ id: string; code: string }[]> {
    const axes = await rowsOf(tx, PROGRAMME_AXES, [programme.id, codes]);
    const unknown = codes.filter((c) => !axes.some((a) => a.code === c));
    if (unknown.length) throw AppError.invalid([{ field: 'axes', problems: unknown.map((c) => `"${c}" is not an axis of programme ${programme.code}`) }]);
    return axes;
  }

  private async programmeCode(tx: Tx, id: string): Promise<string> {
    return (await rowOf(tx, PROGRAMME_CODE, [id]))!.code;
  }

  /** `<programme>-sp-<n>`: one past the highest number in use, written as wide as the existing codes. */
  private async nextCode(tx: Tx, programme: string): Promise<string> {
    const prefix = `${programme}-sp-`;
    const rows = await rowsOf(tx, SUB_PROJECT_CODES_WITH_PREFIX, [prefix]);
    const numbers = rows.map((r) => r.code.slice(prefix.length)).filter((n) => /^\d+$/.test(n));
    const next = Math.max(0, ...numbers.map(Number)) + 1;
    const width = numbers.length ? Math.max(...numbers.map((n) => n.length)) : 2;
    const code = `${prefix}${String(next).padStart(width, '0')}`;
    if (code.length > MAX_CODE_LENGTH) throw AppError.invalid([{ field: 'code', problems: [`a generated code would exceed ${MAX_CODE_LENGTH} characters: give a code`] }]);
    return code;
  }
}

function assertPeriod(startYear: number | null, endYear: number | null): void {
  if (startYear !== null && endYear !== null && endYear < startYear) {
    throw AppError.invalid([{ field: 'endYear', problems: [`endYear ${endYear} is before startYear ${startYear}`] }]);
  }
}

/** Two creations racing for the same code: the loser gets the same 409 as a visible duplicate. */
function duplicateCodeAsConflict(error: unknown): never {
  if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
    throw new AppError('CONFLICT', 'A sub-project with this code already exists', { field: 'code' });
  }
  throw error;
}
