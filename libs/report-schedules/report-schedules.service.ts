import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock, TIME_ZONE } from '../common/clock.js';
import { cronProblem, nextCronTime } from '../common/cron.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { ReportRunStatus, ScheduledReportFormat, ScheduledReportKind } from './report-schedule.entity.js';
import type { CreateReportScheduleDto, ReportScheduleDto, ReportScheduleRunDto, UpdateReportScheduleDto } from './report-schedule.views.js';
import { needsMeeting, scheduledFormats } from './scheduled-kinds.js';
import { OutboxTopic } from '../outbox/topics.js';


/** Roles that may read every organisation's data (libs/access/scope.ts): the only users a programme-wide report may go to. */
const SEES_EVERYTHING = ['admin', 'coordinator', 'reviewer', 'viewer'];

interface ScheduleRow {
  id: string; name: string; programme_id: string; programme_code: string; programme_name: string; kind: ScheduledReportKind; format: ScheduledReportFormat;
  cron: string; recipient_user_ids: string[]; is_active: boolean; version: number; created_at: Date; updated_at: Date;
  parameters: { meeting?: string };
  recipients: { id: string; email: string; displayName: string; isActive: boolean }[];
}

const SCHEDULE_SELECT = `
  SELECT s.id, s.name, s.programme_id, p.code AS programme_code, p.name AS programme_name, s.kind, s.format, s.cron,
         s.recipient_user_ids::text[] AS recipient_user_ids, s.is_active, s.version, s.created_at, s.updated_at, s.parameters,
         COALESCE((SELECT json_agg(json_build_object('id', u.id, 'email', u.email, 'displayName', u.display_name, 'isActive', u.is_active)
                                   ORDER BY array_position(s.recipient_user_ids, u.id))
                     FROM app_user u WHERE u.id = ANY(s.recipient_user_ids)), '[]') AS recipients
    FROM report_schedule s JOIN programme p ON p.id = s.programme_id`;

/** Report schedules: a coordinator's cron, recipients and report; every change is audited and tells the worker through the outbox. */
@Injectable()
export class ReportSchedulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ReportScheduleDto[]> {
    const rows: ScheduleRow[] = await this.dataSource.query(`${SCHEDULE_SELECT} ORDER BY p.code, s.name, s.id`);
    return rows.map((r) => this.view(r));
  }

  async get(id: string): Promise<ReportScheduleDto> {
    return this.view(await this.load(this.dataSource, id));
  }

  async runs(id: string): Promise<ReportScheduleRunDto[]> {
    await this.load(this.dataSource, id);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT * FROM report_schedule_run WHERE schedule_id = $1 ORDER BY scheduled_for DESC, id LIMIT 200`,
      [id],
    );
    return rows.map((r) => ({
      id: r.id, scheduledFor: new Date(r.scheduled_for).toISOString(), status: r.status as ReportRunStatus, fileName: r.file_name, contentType: r.content_type,
      byteSize: r.byte_size, sha256: r.sha256, rowCount: r.row_count, recipientCount: r.recipient_count, reportId: r.report_id, error: r.error,
      startedAt: new Date(r.started_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    }));
  }

  async create(dto: CreateReportScheduleDto, ctx: RequestContext): Promise<ReportScheduleDto> {
    return this.uow.run(ctx, async (tx) => {
      const programmeId = await this.checked(tx, dto);
      const [{ id }]: { id: string }[] = await tx.query(
        `INSERT INTO report_schedule (name, programme_id, kind, format, cron, recipient_user_ids, is_active, created_by_user_id, parameters)
         VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9) RETURNING id`,
        [dto.name.trim(), programmeId, dto.kind, dto.format, dto.cron.trim(), dto.recipientUserIds, dto.isActive ?? true, ctx.actor.userId, parametersOf(dto)],
      );
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
      await tx.query(
        `UPDATE report_schedule SET name = $2, programme_id = $3, kind = $4, format = $5, cron = $6, recipient_user_ids = $7::uuid[], is_active = $8,
                parameters = $9, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [id, next.name, programmeId, next.kind, next.format, next.cron, next.recipientUserIds, next.isActive, parametersOf({ meeting })],
      );
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
      await tx.query('DELETE FROM report_schedule WHERE id = $1', [id]);
      await tx.audit({ action: 'report_schedule.delete', entityType: 'report_schedule', entityId: id, before: auditState(before) });
      await this.changed(tx, id);
    });
  }

  /** The API never touches Redis: the worker reads the schedule when this row is relayed and (un)registers its tick. */
  private async changed(tx: Tx, id: string): Promise<void> {
    await tx.outbox(OutboxTopic.ReportScheduleChanged, { reportScheduleId: id });
  }

  private async load(db: { query(sql: string, params?: unknown[]): Promise<any> }, id: string, forUpdate = false): Promise<ScheduleRow> {
    const [row]: ScheduleRow[] = await db.query(`${SCHEDULE_SELECT} WHERE s.id = $1${forUpdate ? ' FOR UPDATE OF s' : ''}`, [id]);
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
    const [programme]: { id: string }[] = await tx.query('SELECT id FROM programme WHERE code = $1', [input.programme]);
    if (!programme) problems.push({ field: 'programme', problems: [`programme "${input.programme}" does not exist`] });
    const formats = scheduledFormats(input.kind);
    if (!formats.includes(input.format)) problems.push({ field: 'format', problems: [`a ${input.kind} report is sent as ${formats.join(' or ')}, not ${input.format}`] });
    if (needsMeeting(input.kind)) {
      if (input.meeting === undefined) {
        problems.push({ field: 'meeting', problems: [`a ${input.kind} report needs meeting: the code of the meeting whose resolutions it tracks`] });
      } else if (!(await tx.query('SELECT 1 FROM meeting WHERE code = $1', [input.meeting])).length) {
        problems.push({ field: 'meeting', problems: [`meeting "${input.meeting}" does not exist`] });
      }
    } else if (input.meeting !== undefined) {
      problems.push({ field: 'meeting', problems: [`meeting does not apply to a ${input.kind} report (only resolution_tracking takes one)`] });
    }
    if (checkRecipients) {
      const users: { id: string; is_active: boolean; sees_everything: boolean }[] = await tx.query(
        `SELECT id::text, is_active, roles && $2::user_role[] AS sees_everything FROM app_user WHERE id = ANY($1::uuid[])`,
        [input.recipientUserIds, SEES_EVERYTHING],
      );
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
    return programme.id;
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
