import { createReadStream, type ReadStream } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, hasRole, type RequestContext } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { parsePeriod } from '../lights/period.js';
import { UserRole } from '../users/user.entity.js';
import { MINISTRY, PROGRAMME_WIDE_KINDS, readsEveryReport, ReportSubjects } from './report-access.js';
import { REPORT_KINDS, type ReportOption, type ReportSubject } from './report-kinds.js';
import { reportFilePath } from './report-storage.js';
import { ReportKind, ReportStatus } from './report.entity.js';
import type { ReportDto, ReportKindDto, ReportListQuery, ReportPageDto, RequestReportDto } from './reports.views.js';
import { requestReport } from './request-report.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import {
  LOCK_USER_REQUESTS, MEETING_ID, ministryReportsSql, ORGANISATION_BY_CODE, ORGANISATION_BY_ID, PENDING_REPORTS_OF_USER, PROGRAMME_ID, READABLE_REPORT, REPORT_PAGE,
  type ReportRow as ReportColumnsRow, SUB_PROJECT_ID, SUB_PROJECT_IN_SCOPE,
} from './reports.queries.js';

/** A report row, and whether the caller's organisation scope covers the report's sub-project (ministry users). */
type ReadableRow = ReportColumnsRow & { in_scope: boolean };

type ReportRow = ReadableRow;

const SUBJECTS: readonly ReportSubject[] = ['programme', 'meeting', 'subProject', 'gateReview'];
const OPTIONS: readonly ReportOption[] = ['period', 'organisation'];

/** Kinds a workflow requests by itself (scheduling a gate review): not counted against the caller's limit. */
const WORKFLOW_KINDS: readonly ReportKind[] = [ReportKind.GatePacket];

/** Retry-After of a request refused for the per-user limit: about how long a report takes to generate. */
const PENDING_RETRY_AFTER_SECONDS = 15;

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
      const target = await this.target(tx, dto, ctx.actor);
      await this.checkMayRequest(tx, dto, target, ctx.actor);
      await this.checkPendingLimit(tx, dto.kind, ctx.actor);
      return requestReport(tx, { kind: dto.kind, format: dto.format, asOf: this.clock.now(), ...target });
    });
    return this.get(id, ctx.actor);
  }

  /** The catalogue of kinds with their formats and parameters, and whether the caller may request each (the web app's form). */
  kinds(actor: Actor): ReportKindDto[] {
    return (Object.keys(REPORT_KINDS) as ReportKind[]).map((kind) => {
      const spec = REPORT_KINDS[kind];
      const ownOrganisation = spec.organisationScoped && hasRole(actor, ...MINISTRY) && actor.organisationId !== null;
      const mayRequest = readsEveryReport(actor)
        || (hasRole(actor, ...MINISTRY) && !spec.programmeWide && (!spec.organisationScoped || actor.organisationId !== null))
        || (hasRole(actor, UserRole.Reviewer) && this.subjects.of(spec.subject) !== null);
      return {
        kind, title: { 'zh-TW': spec.title, en: spec.titleEn }, formats: [...spec.formats], mayRequest,
        parameters: [
          { name: spec.subject, required: true },
          ...spec.options.map((name) => ({ name, required: name === 'organisation' && !ownOrganisation })),
        ],
      };
    });
  }

  /**
   * At most REPORT_MAX_PENDING_PER_USER of the caller's reports queued or running at once (429 with
   * Retry-After past it). The user's requests are serialised by an advisory lock, so two at once
   * cannot both take the last place.
   */
  private async checkPendingLimit(tx: Tx, kind: ReportKind, actor: Actor): Promise<void> {
    if (WORKFLOW_KINDS.includes(kind)) return;
    const limit = this.config.reports.REPORT_MAX_PENDING_PER_USER;
    await rowsOf(tx, LOCK_USER_REQUESTS, [`report-requests:${actor.userId}`]);
    const [{ pending }] = await rowsOf(tx, PENDING_REPORTS_OF_USER, [actor.userId, WORKFLOW_KINDS]);
    if (pending >= limit) {
      throw new AppError(
        'TOO_MANY_PENDING_REPORTS',
        `You already have ${pending} report(s) queued or being generated (at most ${limit} at once): wait until one is ready, then ask again`,
        { limit, pending, retryAfterSeconds: PENDING_RETRY_AFTER_SECONDS },
      );
    }
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
    let programmeId: string | undefined;
    if (query.programme) {
      const programme = await rowOf(this.dataSource, PROGRAMME_ID, [query.programme]);
      if (!programme) throw AppError.invalid([{ field: 'programme', problems: [`programme "${query.programme}" does not exist`] }]);
      programmeId = programme.id;
    }
    const after = query.after ? decodeCursor('reports:created_at,id', query.after, 2) : undefined;
    const rows = await rowsOf(this.dataSource, REPORT_PAGE({
      visible: (param) => this.visibleSql(actor, param), kind: query.kind, programmeId, limit,
      after: after ? { at: String(after[0]), id: String(after[1]) } : undefined,
    }));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor('reports:created_at,id', [last.cursor_at, last.id]) : null };
  }

  /** The report, if the caller may read it: 404 when there is none, 403 when it is another organisation's or programme-wide. */
  private async readable(id: string, actor: Actor): Promise<ReportRow> {
    const row = await rowOf(this.dataSource, READABLE_REPORT({ id, scope: scopeOf(actor) }));
    if (!row) throw AppError.notFound('report', id);
    if (readsEveryReport(actor)) return row;
    if (hasRole(actor, ...MINISTRY) && REPORT_KINDS[row.kind] && !REPORT_KINDS[row.kind].programmeWide && row.in_scope) return row;
    if (hasRole(actor, UserRole.Reviewer) && (await this.subjects.reviewerCanRead(this.dataSource, row, actor.userId))) return row;
    throw AppError.forbidden(
      REPORT_KINDS[row.kind]?.programmeWide
        ? `A ${row.kind} report covers every ministry: only the secretariat and viewers may read it`
        : 'This report is about another organisation or its sub-project',
    );
  }

  /** SQL: the reports (alias r) the caller may read; mirrors `readable`. */
  private visibleSql(actor: Actor, param: (value: unknown) => string): string {
    if (readsEveryReport(actor)) return 'TRUE';
    const visible: string[] = [];
    if (hasRole(actor, ...MINISTRY)) {
      visible.push(ministryReportsSql(PROGRAMME_WIDE_KINDS, scopeOf(actor), param));
    }
    if (hasRole(actor, UserRole.Reviewer)) visible.push(this.subjects.reviewerReportsSql(actor.userId, param));
    return visible.length ? `(${visible.join(' OR ')})` : 'FALSE';
  }

  /**
   * Checks the request against its kind (the format it is generated in, the one parameter naming
   * what it is about, no parameter of another kind) and resolves the codes: 400 naming each bad
   * field, 404 naming what does not exist.
   */
  private async target(tx: Tx, dto: RequestReportDto, actor: Actor): Promise<Target> {
    const spec = REPORT_KINDS[dto.kind];
    const problems: FieldProblem[] = [];
    if (!spec.formats.includes(dto.format)) problems.push({ field: 'format', problems: [`a ${dto.kind} report is generated as ${spec.formats.join(' or ')}, not ${dto.format}`] });
    if (dto[spec.subject] === undefined) problems.push({ field: spec.subject, problems: [`a ${dto.kind} report needs ${spec.subject}: what it is about`] });
    for (const other of SUBJECTS.filter((s) => s !== spec.subject && dto[s] !== undefined)) {
      problems.push({ field: other, problems: [`${other} does not apply to a ${dto.kind} report (it takes ${spec.subject})`] });
    }
    for (const option of OPTIONS.filter((o) => dto[o] !== undefined && !spec.options.includes(o))) {
      const takers = (Object.keys(REPORT_KINDS) as ReportKind[]).filter((k) => REPORT_KINDS[k].options.includes(option));
      problems.push({ field: option, problems: [`${option} applies to ${takers.join(' and ')} reports only`] });
    }
    if (dto.period !== undefined && spec.options.includes('period')) parsePeriod(dto.period); // the year's range
    // An organisation's report is about a ministry caller's own organisation unless another is named.
    const organisationCode = dto.organisation;
    let organisation: { id: string; code: string } | undefined;
    if (spec.organisationScoped && organisationCode === undefined) {
      const own = actor.organisationId && hasRole(actor, ...MINISTRY) ? await rowOf(tx, ORGANISATION_BY_ID, [actor.organisationId]) : undefined;
      if (own) organisation = own;
      else problems.push({ field: 'organisation', problems: [`a ${dto.kind} report needs organisation: the code of the organisation whose sub-projects it covers`] });
    }
    if (problems.length) throw AppError.invalid(problems);
    if (spec.organisationScoped && organisationCode !== undefined) {
      organisation = await rowOf(tx, ORGANISATION_BY_CODE, [organisationCode]);
      if (!organisation) throw AppError.notFound('organisation', organisationCode);
    }

    const parameters: Record<string, unknown> = {
      [spec.subject]: dto[spec.subject], ...(organisation ? { organisation: organisation.code, organisationId: organisation.id } : {}), ...(dto.period ? { period: dto.period } : {}),
    };
    const none: Target = { programmeId: null, subProjectId: null, meetingId: null, parameters };
    switch (spec.subject) {
      case 'programme': {
        const p = await rowOf(tx, PROGRAMME_ID, [dto.programme]);
        if (!p) throw AppError.notFound('programme', dto.programme!);
        return { ...none, programmeId: p.id };
      }
      case 'meeting': {
        const m = await rowOf(tx, MEETING_ID, [dto.meeting]);
        if (!m) throw AppError.notFound('meeting', dto.meeting!);
        return { ...none, meetingId: m.id };
      }
      case 'subProject': {
        const sp = await rowOf(tx, SUB_PROJECT_ID, [dto.subProject]);
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
    if (hasRole(actor, ...MINISTRY) && spec.organisationScoped && actor.organisationIds.includes(String(target.parameters.organisationId))) return;
    if (hasRole(actor, ...MINISTRY) && !spec.programmeWide && target.subProjectId) {
      if (await rowOf(tx, SUB_PROJECT_IN_SCOPE({ subProjectId: target.subProjectId, scope: scopeOf(actor) }))) return;
    }
    if (hasRole(actor, UserRole.Reviewer) && (await this.subjects.reviewerCanRead(tx, { kind: dto.kind, parameters: target.parameters }, actor.userId))) return;
    throw AppError.forbidden(
      spec.programmeWide
        ? `A ${dto.kind} report covers every ministry: only the secretariat and viewers may request it`
        : spec.organisationScoped ? 'A ministry may ask for the report of its own organisation (or a unit under it) only' : 'This report is about another organisation\'s sub-project',
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
