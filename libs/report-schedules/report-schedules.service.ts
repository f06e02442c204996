import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock, TIME_ZONE } from '../common/clock.js';
import { cronProblem, nextCronTime } from '../common/cron.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { ScheduledReportFormat, ScheduledReportKind } from './report-schedule.entity.js';
import type { CreateReportScheduleDto, CronPreviewDto, ReportScheduleDto, ReportScheduleRunDto, UpdateReportScheduleDto } from './report-schedule.views.js';
import { needsMeeting, scheduledFormats } from './scheduled-kinds.js';
import { OutboxTopic } from '../outbox/topics.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import type { DbHandle } from '../database/db-handle.js';
import {
  DELETE_SCHEDULE, INSERT_SCHEDULE, MEETING_ID, PROGRAMME_ID, RECIPIENT_CHECKS, RUNS, SCHEDULE, SCHEDULE_FOR_UPDATE, type ScheduleRow, SCHEDULES, UPDATE_SCHEDULE,
} from './report-schedules.queries.js';


/** Roles that may read every organisation's data (libs/access/scope.ts): the only users a programme-wide report may go to. */
const SEES_EVERYTHING = ['admin', 'coordinator', 'reviewer', 'viewer'];

/** Report schedules: a coordinator's cron, recipients and report; every change is audited and tells the worker through the outbox. */
@Injectable()
export class ReportSchedulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ReportScheduleDto[]> {
    const rows = await rowsOf(this.dataSource, SCHEDULES);
    return rows.map((r) => this.view(r));
  }

  async get(id: string): Promise<ReportScheduleDto> {
    return this.view(await this.load(this.dataSource, id));
  }

  /** The next three runs of a cron in Taipei time, as the worker's scheduler reads it (the same parser). */
  preview(expression: string): CronPreviewDto {
    const cron = expression.trim();
    const problem = cronProblem(cron);
    if (problem) throw AppError.invalid([{ field: 'cron', problems: [`cron must be a five-field cron expression read in ${TIME_ZONE}, e.g. "0 8 * * 1" (${problem})`] }]);
    const nextRuns: CronPreviewDto['nextRuns'] = [];
    let from = this.clock.now();
    for (let i = 0; i < 3; i++) {
      from = nextCronTime(cron, from);
      const taipei = new Date(from.getTime() + 8 * 3600_000).toISOString();
      nextRuns.push({ at: from.toISOString(), date: taipei.slice(0, 10), time: taipei.slice(11, 16) });
    }
    return { cron, timeZone: TIME_ZONE, nextRuns };
  }

  async runs(id: string): Promise<ReportScheduleRunDto[]> {
    await this.load(this.dataSource, id);
    const rows = await rowsOf(this.dataSource, RUNS, [id]);
    return rows.map((r) => ({
      id: r.id, scheduledFor: new Date(r.scheduled_for).toISOString(), status: r.status, fileName: r.file_name, contentType: r.content_type,
      byteSize: r.byte_size, sha256: r.sha256, rowCount: r.row_count, recipientCount: r.recipient_count, reportId: r.report_id, error: r.error,
      startedAt: new Date(r.started_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    }));
  }

  async create(dto: CreateReportScheduleDto, ctx: RequestContext): Promise<ReportScheduleDto> {
    return this.uow.run(ctx, async (tx) => {
      const programmeId = await this.checked(tx, dto);
      const [{ id }] = await rowsOf(tx, INSERT_SCHEDULE, [
        dto.name.trim(), programmeId, dto.kind, dto.format, dto.cron.trim(), dto.recipientUserIds, dto.isActive ?? true, ctx.actor.userId, parametersOf(dto),
      ]);
      const after = await this.load(tx, id);
      await tx.audit({ action: 'report_schedule.create', entityType: 'report_schedule', entityId: id, after: auditState(after) });
      await this.changed(tx, id);
      return this.view(after);
    });
  }

  async update(id: string, dto: UpdateReportScheduleDto, ctx: RequestContext): Promise<ReportScheduleDto> {
    return this.uow.run(ctx, async (tx) => {
      const before = await this.load(tx, id, true);
      if (before.version !== dto.version) throw AppError.stale('report schedule', dto.version, before.version);
      const next = {
        name: dto.name?.trim() ?? before.name,
        programme: dto.programme ?? before.programme_code,
        kind: dto.kind ?? before.kind,
        format: dto.format ?? before.format,
        cron: dto.cron?.trim() ?? before.cron,
        recipientUserIds: dto.recipientUserIds ?? before.recipient_user_ids,
        isActive: dto.isActive ?? before.is_active,
      };
      // The meeting follows the kind: kept while it still applies, dropped when the kind no longer takes one.
      const meeting = dto.meeting ?? (needsMeeting(next.kind) ? before.parameters?.meeting : undefined);
      const programmeId = await this.checked(tx, { ...next, meeting }, dto.recipientUserIds !== undefined);
      await execute(tx, UPDATE_SCHEDULE, [id, next.name, programmeId, next.kind, next.format, next.cron, next.recipientUserIds, next.isActive, parametersOf({ meeting })]);
      const after = await this.load(tx, id);
      await tx.audit({ action: 'report_schedule.update', entityType: 'report_schedule', entityId: id, before: auditState(before), after: auditState(after) });
      await this.changed(tx, id);
      return this.view(after);
    });
  }

  /** Deletes the schedule and its run history; the worker removes its cron tick. */
  async remove(id: string, ctx: RequestContext): Promise<void> {
    await this.uow.run(ctx, async (tx) => {
      const before = await this.load(tx, id, true);
      await execute(tx, DELETE_SCHEDULE, [id]);
      await tx.audit({ action: 'report_schedule.delete', entityType: 'report_schedule', entityId: id, before: auditState(before) });
      await this.changed(tx, id);
    });
  }

  /** The API never touches Redis: the worker reads the schedule when this row is relayed and (un)registers its tick. */
  private async changed(tx: Tx, id: string): Promise<void> {
    await tx.outbox(OutboxTopic.ReportScheduleChanged, { reportScheduleId: id });
  }

  private async load(db: DbHandle, id: string, forUpdate = false): Promise<ScheduleRow> {
    const row = await rowOf(db, forUpdate ? SCHEDULE_FOR_UPDATE : SCHEDULE, [id]);
    if (!row) throw AppError.notFound('report schedule', id);
    return row;
  }

  /**
   * Refuses what the DTO cannot check, naming every field at once: the cron, the programme, a format
   * the kind is not sent in, a missing, unknown or inapplicable meeting, and recipients that are
   * unknown, inactive or may not see every organisation. Returns the programme id.
   */
  private async checked(
    tx: Tx,
    input: { programme: string; kind: ScheduledReportKind; format: ScheduledReportFormat; meeting?: string; cron: string; recipientUserIds: string[] },
    checkRecipients = true,
  ): Promise<string> {
    const problems: FieldProblem[] = [];
    const cron = cronProblem(input.cron);
    if (cron) problems.push({ field: 'cron', problems: [`cron must be a five-field cron expression read in ${TIME_ZONE}, e.g. "0 8 * * 1" (${cron})`] });
    const programme = await rowOf(tx, PROGRAMME_ID, [input.programme]);
    if (!programme) problems.push({ field: 'programme', problems: [`programme "${input.programme}" does not exist`] });
    const formats = scheduledFormats(input.kind);
    if (!formats.includes(input.format)) problems.push({ field: 'format', problems: [`a ${input.kind} report is sent as ${formats.join(' or ')}, not ${input.format}`] });
    if (needsMeeting(input.kind)) {
      if (input.meeting === undefined) {
        problems.push({ field: 'meeting', problems: [`a ${input.kind} report needs meeting: the code of the meeting whose resolutions it tracks`] });
      } else if (!(await rowOf(tx, MEETING_ID, [input.meeting]))) {
        problems.push({ field: 'meeting', problems: [`meeting "${input.meeting}" does not exist`] });
      }
    } else if (input.meeting !== undefined) {
      problems.push({ field: 'meeting', problems: [`meeting does not apply to a ${input.kind} report (only resolution_tracking takes one)`] });
    }
    if (checkRecipients) {
      const users = await rowsOf(tx, RECIPIENT_CHECKS, [input.recipientUserIds, SEES_EVERYTHING]);
      const found = new Map(users.map((u) => [u.id, u]));
      const unknown = input.recipientUserIds.filter((id) => !found.get(id)?.is_active);
      const scoped = input.recipientUserIds.filter((id) => found.get(id)?.is_active && !found.get(id)!.sees_everything);
      const recipientProblems: string[] = [];
      if (unknown.length) recipientProblems.push(`no active user has the id(s) ${unknown.join(', ')}`);
      if (scoped.length) {
        recipientProblems.push(`user(s) ${scoped.join(', ')} may see only their own organisation's data, and the report covers every organisation of the programme`);
      }
      if (recipientProblems.length) problems.push({ field: 'recipientUserIds', problems: recipientProblems });
    }
    if (problems.length) throw AppError.invalid(problems);
    return programme!.id;
  }

  private view(r: ScheduleRow): ReportScheduleDto {
    return {
      id: r.id, name: r.name, programme: { code: r.programme_code, name: r.programme_name }, kind: r.kind, format: r.format,
      meeting: r.parameters?.meeting ?? null, cron: r.cron,
      timeZone: TIME_ZONE, nextRunAt: r.is_active ? nextCronTime(r.cron, this.clock.now()).toISOString() : null,
      recipients: r.recipients, isActive: r.is_active, version: r.version,
      createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
    };
  }
}

function auditState(r: ScheduleRow): Record<string, unknown> {
  return {
    name: r.name, programme: r.programme_code, kind: r.kind, format: r.format, meeting: r.parameters?.meeting ?? null, cron: r.cron, recipientUserIds: r.recipient_user_ids, isActive: r.is_active, version: r.version,
  };
}

/** The schedule's kind-specific parameters (the meeting of a resolution_tracking report), as stored. */
function parametersOf(input: { meeting?: string }): string {
  return JSON.stringify(input.meeting !== undefined ? { meeting: input.meeting } : {});
}
