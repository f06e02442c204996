import { createReadStream, type ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, hasRole, type RequestContext } from '../access/actor.js';
import { scopeOf, subProjectInScope } from '../access/scope.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { sqlParams } from '../common/sql-params.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { parsePeriod } from '../lights/period.js';
import { UserRole } from '../users/user.entity.js';
import { MINISTRY, PROGRAMME_WIDE_KINDS, readsEveryReport, ReportSubjects } from './report-access.js';
import { REPORT_KINDS, type ReportSubject } from './report-kinds.js';
import { reportFilePath } from './report-storage.js';
import { ReportKind, ReportStatus } from './report.entity.js';
import type { ReportDto, ReportListQuery, ReportPageDto, RequestReportDto } from './reports.views.js';
import { requestReport } from './request-report.js';

interface ReportRow {
  id: string; kind: ReportKind; format: string; status: ReportStatus; parameters: Record<string, unknown>; as_of: Date; created_at: Date;
  started_at: Date | null; finished_at: Date | null; file_name: string | null; content_type: string | null; byte_size: number | null;
  sha256: string | null; error: string | null; sub_project_id: string | null;
  /** Whether the caller's organisation scope covers the report's sub-project (ministry users). */
  in_scope: boolean;
}

const SUBJECTS: readonly ReportSubject[] = ['programme', 'meeting', 'subProject', 'gateReview'];

/** What the report is about, resolved from the request's codes: stored on the row for scoping and for the generator. */
interface Target {
  programmeId: string | null;
  subProjectId: string | null;
  meetingId: string | null;
  parameters: Record<string, unknown>;
}

/** Requests reports (202: the worker generates them), shows their status and serves their files. */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subjects: ReportSubjects,
  ) {}

  async request(dto: RequestReportDto, ctx: RequestContext): Promise<ReportDto> {
    const id = await this.uow.run(ctx, async (tx) => {
      const target = await this.target(tx, dto);
      await this.checkMayRequest(tx, dto, target, ctx.actor);
      return requestReport(tx, { kind: dto.kind, format: dto.format, asOf: this.clock.now(), ...target });
    });
    return this.get(id, ctx.actor);
  }

  async get(id: string, actor: Actor): Promise<ReportDto> {
    return view(await this.readable(id, actor));
  }

  /** The stored file of a ready report; 409 while it is queued or running, or when it failed. */
  async file(id: string, actor: Actor): Promise<{ stream: ReadStream; fileName: string; contentType: string; byteSize: number; sha256: string }> {
    const row = await this.readable(id, actor);
    if (row.status !== ReportStatus.Ready) {
      const why = row.status === ReportStatus.Failed ? `it failed (${row.error ?? 'no reason recorded'}): request it again` : `it is ${row.status}: try again when its status is ready`;
      throw new AppError('CONFLICT', `Report ${id} has no file yet: ${why}`, { status: row.status });
    }
    const stream = createReadStream(reportFilePath(this.config.storage.STORAGE_DIR, row.sha256!));
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e: NodeJS.ErrnoException) =>
        reject(e.code === 'ENOENT' ? new AppError('CONFLICT', `The file of report ${id} is no longer stored: request the report again`) : e),
      );
    });
    return { stream, fileName: row.file_name!, contentType: row.content_type!, byteSize: Number(row.byte_size), sha256: row.sha256! };
  }

  /** The reports the caller may read, newest first; keyset-paginated on (requested at, id). */
  async list(query: ReportListQuery, actor: Actor): Promise<ReportPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { values, param } = sqlParams();
    const where = [this.visibleSql(actor, param)];
    if (query.kind) where.push(`r.kind = ${param(query.kind)}`);
    if (query.programme) {
      const [programme]: { id: string }[] = await this.dataSource.query('SELECT id FROM programme WHERE code = $1', [query.programme]);
      if (!programme) throw AppError.invalid([{ field: 'programme', problems: [`programme "${query.programme}" does not exist`] }]);
      where.push(`r.programme_id = ${param(programme.id)}`);
    }
    if (query.after) {
      const [at, id] = decodeCursor('reports:created_at,id', query.after, 2);
      where.push(`(r.created_at, r.id) < (${param(at)}::timestamptz, ${param(id)}::uuid)`);
    }
    const rows: (ReportRow & { cursor_at: string })[] = await this.dataSource.query(
      `SELECT r.*, TRUE AS in_scope, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
         FROM report r WHERE ${where.join(' AND ')}
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${param(limit + 1)}`,
      values,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor('reports:created_at,id', [last.cursor_at, last.id]) : null };
  }

  /** The report, if the caller may read it: 404 when there is none, 403 when it is another organisation's or programme-wide. */
  private async readable(id: string, actor: Actor): Promise<ReportRow> {
    const { values, param } = sqlParams();
    const idParam = param(id);
    const [row]: ReportRow[] = await this.dataSource.query(
      `SELECT r.*, (r.sub_project_id IS NOT NULL AND EXISTS (SELECT 1 FROM sub_project sp WHERE sp.id = r.sub_project_id AND ${subProjectInScope(scopeOf(actor), param)})) AS in_scope
         FROM report r WHERE r.id = ${idParam}`,
      values,
    );
    if (!row) throw AppError.notFound('report', id);
    if (readsEveryReport(actor)) return row;
    if (hasRole(actor, ...MINISTRY) && !REPORT_KINDS[row.kind]?.programmeWide && row.in_scope) return row;
    if (hasRole(actor, UserRole.Reviewer) && (await this.subjects.reviewerCanRead(this.dataSource, row, actor.userId))) return row;
    throw AppError.forbidden(
      REPORT_KINDS[row.kind]?.programmeWide
        ? `A ${row.kind} report covers every ministry: only the secretariat and viewers may read it`
        : 'This report is about another organisation\'s sub-project',
    );
  }

  /** SQL: the reports (alias r) the caller may read; mirrors `readable`. */
  private visibleSql(actor: Actor, param: (value: unknown) => string): string {
    if (readsEveryReport(actor)) return 'TRUE';
    const visible: string[] = [];
    if (hasRole(actor, ...MINISTRY)) {
      visible.push(`(r.kind <> ALL(${param(PROGRAMME_WIDE_KINDS)}::text[]) AND EXISTS (SELECT 1 FROM sub_project sp WHERE sp.id = r.sub_project_id AND ${subProjectInScope(scopeOf(actor), param)}))`);
    }
    if (hasRole(actor, UserRole.Reviewer)) visible.push(this.subjects.reviewerReportsSql(actor.userId, param));
    return visible.length ? `(${visible.join(' OR ')})` : 'FALSE';
  }

  /**
   * Checks the request against its kind (the format it is generated in, the one parameter naming
   * what it is about, no parameter of another kind) and resolves the codes: 400 naming each bad
   * field, 404 naming what does not exist.
   */
  private async target(tx: Tx, dto: RequestReportDto): Promise<Target> {
    const spec = REPORT_KINDS[dto.kind];
    const problems: FieldProblem[] = [];
    if (!spec.formats.includes(dto.format)) problems.push({ field: 'format', problems: [`a ${dto.kind} report is generated as ${spec.formats.join(' or ')}, not ${dto.format}`] });
    if (dto[spec.subject] === undefined) problems.push({ field: spec.subject, problems: [`a ${dto.kind} report needs ${spec.subject}: what it is about`] });
    for (const other of SUBJECTS.filter((s) => s !== spec.subject && dto[s] !== undefined)) {
      problems.push({ field: other, problems: [`${other} does not apply to a ${dto.kind} report (it takes ${spec.subject})`] });
    }
    if (dto.period !== undefined && dto.kind !== ReportKind.ProgrammeStatus) {
      problems.push({ field: 'period', problems: [`period applies to programme_status reports only`] });
    } else if (dto.period !== undefined) {
      parsePeriod(dto.period); // the year's range
    }
    if (problems.length) throw AppError.invalid(problems);

    const parameters: Record<string, unknown> = { [spec.subject]: dto[spec.subject], ...(dto.period ? { period: dto.period } : {}) };
    const none: Target = { programmeId: null, subProjectId: null, meetingId: null, parameters };
    switch (spec.subject) {
      case 'programme': {
        const [p]: { id: string }[] = await tx.query('SELECT id FROM programme WHERE code = $1', [dto.programme]);
        if (!p) throw AppError.notFound('programme', dto.programme!);
        return { ...none, programmeId: p.id };
      }
      case 'meeting': {
        const [m]: { id: string }[] = await tx.query('SELECT id FROM meeting WHERE code = $1', [dto.meeting]);
        if (!m) throw AppError.notFound('meeting', dto.meeting!);
        return { ...none, meetingId: m.id };
      }
      case 'subProject': {
        const [sp]: { id: string; programme_id: string }[] = await tx.query('SELECT id, programme_id FROM sub_project WHERE code = $1', [dto.subProject]);
        if (!sp) throw AppError.notFound('sub-project', dto.subProject!);
        return { ...none, subProjectId: sp.id, programmeId: sp.programme_id };
      }
      case 'gateReview': {
        const review = await this.subjects.of('gateReview')?.subjectOf(tx, dto.gateReview!);
        if (!review) throw AppError.notFound('gate review', dto.gateReview!);
        return { ...none, ...review };
      }
    }
  }

  /** The same rule as reading: a caller may request only a report it would be allowed to read. */
  private async checkMayRequest(tx: Tx, dto: RequestReportDto, target: Target, actor: Actor): Promise<void> {
    if (readsEveryReport(actor)) return;
    const spec = REPORT_KINDS[dto.kind];
    if (hasRole(actor, ...MINISTRY) && !spec.programmeWide && target.subProjectId) {
      const { values, param } = sqlParams();
      const [inScope] = await tx.query(`SELECT 1 FROM sub_project sp WHERE sp.id = ${param(target.subProjectId)} AND ${subProjectInScope(scopeOf(actor), param)}`, values);
      if (inScope) return;
    }
    if (hasRole(actor, UserRole.Reviewer) && (await this.subjects.reviewerCanRead(tx, { kind: dto.kind, parameters: target.parameters }, actor.userId))) return;
    throw AppError.forbidden(
      spec.programmeWide
        ? `A ${dto.kind} report covers every ministry: only the secretariat and viewers may request it`
        : 'This report is about another organisation\'s sub-project',
    );
  }
}

function iso(at: Date | string | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

function view(r: ReportRow): ReportDto {
  const self = `/api/reports/${r.id}`;
  return {
    id: r.id, kind: r.kind, format: r.format as ReportDto['format'], status: r.status, parameters: r.parameters, asOf: iso(r.as_of)!,
    requestedAt: iso(r.created_at)!, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at),
    file: r.status === ReportStatus.Ready && r.sha256
      ? { name: r.file_name!, contentType: r.content_type!, byteSize: Number(r.byte_size), sha256: r.sha256 }
      : null,
    error: r.error,
    links: { self, file: `${self}/file` },
  };
}
