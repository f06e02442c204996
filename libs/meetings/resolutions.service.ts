import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { scopeOf, type Scope } from '../access/scope.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { dateView } from '../common/roc.js';
import { TrackingStatus } from './meeting.entity.js';
import type { CreateFollowUpDto, KeepDto, ReleaseDto, ResolutionDetailDto } from './meeting.views.js';
import {
  assignmentsFor, historyVisible, loadAssignments, loadDecisions, loadFollowUps, meetingRef, resolutionVisible,
} from './resolution.query.js';
import {
  DECIDING_MEETING, FOLLOW_UP_CODE_TAKEN, INSERT_DECISION, INSERT_FOLLOW_UP, LOCK_ASSIGNMENT, LOCK_ASSIGNMENTS, LOCK_RESOLUTION, type LockedAssignment,
  type LockedResolution, NEXT_FOLLOW_UP_NUMBER, RESOLUTION_BY_CODE, SET_ASSIGNMENT_STATUS,
} from './resolution.queries.js';
import { trackingMachine, type TrackingTransition } from './tracking.machine.js';
import { OutboxTopic } from '../outbox/topics.js';

const CODE_MAX = 64;
/** One resolution with its tracking history, and the steps of 列管: follow-ups, release requests, release and keep. */
@Injectable()
export class ResolutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** One resolution with every organisation's tracking history; 404 when missing, 403 when not assigned to the caller's organisation. */
  async detail(code: string, scope: Scope): Promise<ResolutionDetailDto> {
    const r = await rowOf(this.dataSource, RESOLUTION_BY_CODE, [code]);
    if (!r) throw AppError.notFound('resolution', code);
    const [assignments, decisions, followUps] = await Promise.all([
      loadAssignments(this.dataSource, [r.id]), loadDecisions(this.dataSource, [r.id]), loadFollowUps(this.dataSource, [r.id], scope),
    ]);
    const own = assignmentsFor(scope, assignments.get(r.id) ?? []);
    // Not assigned to the caller: answered like a missing one, so its code tells nothing.
    if (!resolutionVisible(scope, own.map((a) => a.organisationId))) throw AppError.notFound('resolution', code);
    return {
      code: r.code, seq: r.seq, text: r.text, dueDate: dateView(r.due_date), source: r.source, version: r.version,
      meeting: meetingRef(r.meeting_code, r.meeting_name, r.meeting_held_on),
      assignments: own.map(({ resolutionId, organisationId, ...a }) => ({
        ...a, history: historyVisible(scope, organisationId) ? decisions.get(`${resolutionId}/${organisationId}`) ?? [] : [],
      })),
      followUps: followUps.get(r.id) ?? [],
    };
  }

  /**
   * 辦理情形: a ministry user reports for their organisation's assignment, and may ask for release
   * in the same step (then `version` is required). Released items take no more follow-ups.
   */
  async addFollowUp(code: string, dto: CreateFollowUpDto, ctx: RequestContext): Promise<ResolutionDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const resolution = await this.lockResolution(tx, code);
      const assignment = await this.callersAssignment(tx, resolution, dto.organisation, ctx);
      if (dto.requestRelease && dto.version === undefined) {
        throw AppError.invalid([{ field: 'version', problems: ['version is required with requestRelease: send the assignment version you last saw'] }]);
      }
      if (assignment.status === TrackingStatus.Released) {
        throw new AppError('CONFLICT', `Resolution "${code}" is already released (解除列管) for ${assignment.organisation_code}: it takes no more follow-ups`);
      }
      if (dto.version !== undefined && dto.version !== assignment.version) throw AppError.stale('resolution assignment', dto.version, assignment.version);
      const next = dto.requestRelease ? trackingMachine.apply(assignment.status, 'request_release', { roles: ctx.actor.roles }) : null;

      const followUpCode = await this.nextFollowUpCode(tx, resolution);
      const text = dto.text.trim();
      await execute(tx, INSERT_FOLLOW_UP, [followUpCode, resolution.id, assignment.organisation_id, this.clock.today(), ctx.actor.userId, text]);
      await tx.audit({
        action: 'resolution.follow_up', entityType: 'resolution', entityId: resolution.id, before: null,
        after: { followUp: followUpCode, organisation: assignment.organisation_code, text, requestRelease: Boolean(dto.requestRelease) },
      });
      if (next) {
        await this.transition(tx, resolution, assignment, 'request_release', next, { comment: null, meetingId: null });
      }
    });
    return this.detail(code, scopeOf(ctx.actor));
  }

  /** 解除列管 for one organisation, asked for or not. */
  async release(code: string, organisationCode: string, dto: ReleaseDto, ctx: RequestContext): Promise<ResolutionDetailDto> {
    return this.decide(code, organisationCode, 'release', dto.version, dto.comment || null, dto.meeting, ctx);
  }

  /** 繼續列管: refuse a release request, saying why; the item stays tracked and carries over. */
  async keep(code: string, organisationCode: string, dto: KeepDto, ctx: RequestContext): Promise<ResolutionDetailDto> {
    return this.decide(code, organisationCode, 'keep', dto.version, dto.comment, dto.meeting, ctx);
  }

  private async decide(
    code: string, organisationCode: string, transition: 'release' | 'keep', version: number, comment: string | null,
    meetingCode: string | undefined, ctx: RequestContext,
  ): Promise<ResolutionDetailDto> {
    await this.uow.run(ctx, async (tx) => {
      const resolution = await this.lockResolution(tx, code);
      const assignment = await rowOf(tx, LOCK_ASSIGNMENT, [resolution.id, organisationCode]);
      if (!assignment) throw AppError.notFound('resolution assignment', `${code}/${organisationCode}`);
      const meetingId = meetingCode === undefined ? null : await this.decidingMeeting(tx, resolution, meetingCode);
      if (version !== assignment.version) throw AppError.stale('resolution assignment', version, assignment.version);
      const next = trackingMachine.apply(assignment.status, transition, { roles: ctx.actor.roles, comment });
      await this.transition(tx, resolution, assignment, transition, next, { comment, meetingId });
    });
    return this.detail(code, scopeOf(ctx.actor));
  }

  /** The status change, its decision row, audit event and outbox row (as the transition's record says): one step of the history. */
  private async transition(
    tx: Tx, resolution: LockedResolution, assignment: LockedAssignment, transition: TrackingTransition, next: TrackingStatus,
    taken: { comment: string | null; meetingId: string | null },
  ): Promise<void> {
    const step = { ...trackingMachine.record(transition), ...taken };
    // The row is locked (FOR UPDATE), so its version cannot have moved since it was read.
    const version = assignment.version + 1;
    await execute(tx, SET_ASSIGNMENT_STATUS, [resolution.id, assignment.organisation_id, next, version]);
    await execute(tx, INSERT_DECISION, [resolution.id, assignment.organisation_id, step.decision, step.comment, step.meetingId, tx.ctx.actor.userId]);
    await tx.audit({
      action: step.action, entityType: 'resolution', entityId: resolution.id,
      before: { organisation: assignment.organisation_code, status: assignment.status, version: assignment.version },
      after: { organisation: assignment.organisation_code, status: next, version, comment: step.comment, meetingId: step.meetingId },
    });
    const ids = { resolutionId: resolution.id, organisationId: assignment.organisation_id };
    if (step.topic === OutboxTopic.ResolutionReleaseRequested) await tx.outbox(step.topic, ids);
    else if (step.topic === OutboxTopic.ResolutionReleased) await tx.outbox(step.topic, { ...ids, comment: step.comment });
    else await tx.outbox(step.topic, { ...ids, comment: step.comment ?? '' });
  }

  private async lockResolution(tx: Tx, code: string): Promise<LockedResolution> {
    const resolution = await rowOf(tx, LOCK_RESOLUTION, [code]);
    if (!resolution) throw AppError.notFound('resolution', code);
    return resolution;
  }

  /**
   * The assignment a ministry user reports for: the one of their organisation or a unit under it.
   * Not assigned → 403. Several (the ministry and a unit) → their own organisation's, or the one
   * named in `organisation`.
   */
  private async callersAssignment(tx: Tx, resolution: LockedResolution, organisationCode: string | undefined, ctx: RequestContext): Promise<LockedAssignment> {
    const all = await rowsOf(tx, LOCK_ASSIGNMENTS, [resolution.id]);
    const mine = all.filter((a) => ctx.actor.organisationIds.includes(a.organisation_id));
    // Not assigned to the caller and not the secretariat's to read: answered like a missing one.
    if (!resolutionVisible(scopeOf(ctx.actor), all.map((a) => a.organisation_id))) throw AppError.notFound('resolution', resolution.code);
    if (organisationCode !== undefined) {
      const named = all.find((a) => a.organisation_code === organisationCode);
      if (!named) throw AppError.invalid([{ field: 'organisation', problems: [`organisation "${organisationCode}" is not assigned resolution "${resolution.code}"`] }]);
      if (!mine.includes(named)) throw AppError.forbidden(`You cannot report for ${organisationCode}`);
      return named;
    }
    if (mine.length === 0) throw AppError.forbidden(`Resolution "${resolution.code}" is not assigned to your organisation`);
    const own = mine.find((a) => a.organisation_id === ctx.actor.organisationId);
    if (own) return own;
    if (mine.length === 1) return mine[0];
    throw AppError.invalid([{ field: 'organisation', problems: [`say which of ${mine.map((a) => a.organisation_code).join(', ')} reports`] }]);
  }

  /** The meeting that decided must be of the resolution's body, held after the resolution and not in the future. */
  private async decidingMeeting(tx: Tx, resolution: LockedResolution, meetingCode: string): Promise<string> {
    const m = await rowOf(tx, DECIDING_MEETING, [meetingCode, this.clock.today()]);
    const problem = !m ? `meeting "${meetingCode}" does not exist`
      : m.body_id !== resolution.body_id ? `meeting "${meetingCode}" is another body's meeting`
      : m.held_on <= resolution.meeting_held_on ? `meeting "${meetingCode}" (${m.held_on}) was not held after the resolution's meeting (${resolution.meeting_held_on})`
      : m.future ? `meeting "${meetingCode}" (${m.held_on}) has not been held yet`
      : null;
    if (problem || !m) throw AppError.invalid([{ field: 'meeting', problems: [problem ?? `meeting "${meetingCode}" does not exist`] }]);
    return m.id;
  }

  /** Follow-ups are numbered per resolution, as the seed numbers those from the documents: <resolution>-fu-<n>. */
  private async nextFollowUpCode(tx: Tx, resolution: LockedResolution): Promise<string> {
    const { n } = (await rowOf(tx, NEXT_FOLLOW_UP_NUMBER, [resolution.id]))!;
    for (let i = n; ; i++) {
      const suffix = `-fu-${i}`;
      const code = `${resolution.code.slice(0, CODE_MAX - suffix.length)}${suffix}`;
      const taken = await rowOf(tx, FOLLOW_UP_CODE_TAKEN, [code]);
      if (!taken) return code;
    }
  }
}
