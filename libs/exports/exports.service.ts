import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PassThrough, type Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { scopeOf } from '../access/scope.js';
import { Clock } from '../common/clock.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { cursorRows } from '../database/cursor-rows.js';
import { rowOf, type SqlQuery } from '../database/sql-query.js';
import { DashboardsService } from '../dashboards/dashboards.service.js';
import { ListSubmissions } from '../submissions/use-cases/list-submissions.js';
import { SubProjectsService } from '../sub-projects/sub-projects.service.js';
import { UserLocale } from '../users/user.entity.js';
import {
  type ExportList, MILESTONES_EXPORT, OVERDUE_MILESTONES_EXPORT, RESOLUTION_TRACKING_EXPORT, SUB_PROJECTS_EXPORT, SUBMISSIONS_EXPORT,
} from './export-lists.js';
import { MEETING_EXISTS, MILESTONE_EXPORT_ROWS, PROGRAMME_EXISTS, RESOLUTION_EXPORT_ROWS, SUB_PROJECT_VISIBLE } from './exports.queries.js';
import type {
  MilestoneExportQuery, OverdueMilestoneExportQuery, ResolutionExportQuery, SubmissionExportQuery, SubProjectExportQuery,
} from './exports.views.js';
import { CONTENT_TYPES, type ExportFormat, sheetWriter } from './sheet-writer.js';

/** Rows fetched per query: large enough for speed, small enough that memory stays flat. */
const PAGE_SIZE = 1000;

export interface ExportFile {
  stream: Readable;
  fileName: string;
  contentType: string;
}

const localeOf = (actor: Actor, lang?: UserLocale): UserLocale => lang ?? (actor.locale === UserLocale.En ? UserLocale.En : UserLocale.ZhTw);

/**
 * Lists as files, streamed page by page through the same list queries (and so the same scoping and
 * filters) as their screens. The first page is read before the response starts, so a bad filter is
 * still a 4xx; later failures cut the download short rather than leave a file that looks complete.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger('exports');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly subProjects: SubProjectsService,
    private readonly submissions: ListSubmissions,
    private readonly dashboards: DashboardsService,
  ) {}

  subProjectList(query: SubProjectExportQuery, actor: Actor): Promise<ExportFile> {
    const scope = scopeOf(actor);
    return this.stream(SUB_PROJECTS_EXPORT, query, actor, pages((after) => this.subProjects.list({ ...query, limit: PAGE_SIZE, after }, scope)));
  }

  submissionList(query: SubmissionExportQuery, actor: Actor): Promise<ExportFile> {
    return this.stream(SUBMISSIONS_EXPORT, query, actor, pages((after) => this.submissions.execute({ ...query, limit: PAGE_SIZE, after }, actor)));
  }

  overdueMilestones(query: OverdueMilestoneExportQuery, actor: Actor): Promise<ExportFile> {
    const scope = scopeOf(actor);
    return this.stream(OVERDUE_MILESTONES_EXPORT, query, actor, pages((after) => this.dashboards.overdueMilestones({ ...query, limit: PAGE_SIZE, after }, scope)));
  }

  async milestones(query: MilestoneExportQuery, actor: Actor): Promise<ExportFile> {
    const scope = scopeOf(actor);
    await this.assertExists([['programme', PROGRAMME_EXISTS, query.programme]]);
    if (query.subProject && !(await rowOf(this.db, SUB_PROJECT_VISIBLE, [query.subProject, scope.all ? null : scope.organisationIds]))) {
      throw AppError.invalid([{ field: 'subProject', problems: [`subProject "${query.subProject}" does not exist`] }]);
    }
    const rows = MILESTONE_EXPORT_ROWS({
      scope, today: this.clock.today(), programme: query.programme, subProject: query.subProject, status: query.status, overdueOnly: query.overdue,
    });
    return this.stream(MILESTONES_EXPORT, query, actor, cursorRows(this.db, rows, PAGE_SIZE));
  }

  async resolutionTracking(query: ResolutionExportQuery, actor: Actor): Promise<ExportFile> {
    await this.assertExists([['meeting', MEETING_EXISTS, query.meeting]]);
    const rows = RESOLUTION_EXPORT_ROWS({ scope: scopeOf(actor), meeting: query.meeting, status: query.status });
    return this.stream(RESOLUTION_TRACKING_EXPORT, query, actor, cursorRows(this.db, rows, PAGE_SIZE));
  }

  private async assertExists(checks: [string, SqlQuery<{ found: number }>, string | undefined][]): Promise<void> {
    const problems: FieldProblem[] = [];
    for (const [field, exists, code] of checks) {
      if (code !== undefined && !(await rowOf(this.db, exists, [code]))) problems.push({ field, problems: [`${field} "${code}" does not exist`] });
    }
    if (problems.length) throw AppError.invalid(problems);
  }

  /**
   * The first batch is read before the response starts (a bad filter is still a 4xx); the rest while
   * the client reads. When the client goes away the writer's waits are aborted and the batches closed
   * (a cursor gives its connection back).
   */
  private async stream<Item>(list: ExportList<Item>, { format, lang }: { format: ExportFormat; lang?: UserLocale }, actor: Actor, source: AsyncIterable<Item[]>): Promise<ExportFile> {
    const locale = localeOf(actor, lang);
    const batches = source[Symbol.asyncIterator]();
    const first = await batches.next();
    const out = new PassThrough({ highWaterMark: 256 * 1024 });
    const gone = new AbortController();
    out.once('close', () => gone.abort());
    const title = list.title[locale];
    const write = async () => {
      try {
        const sheet = sheetWriter(format, out, title, this.clock.now(), gone.signal);
        await sheet.header(list.columns.map((c) => c.header[locale]));
        for (let batch = first; !batch.done; batch = await batches.next()) {
          for (const item of batch.value) await sheet.row(list.columns.map((c) => c.value(item, locale)));
        }
        await sheet.end();
      } finally {
        await batches.return?.();
      }
    };
    write().catch((error: Error) => {
      if (!gone.signal.aborted) this.logger.error(`Export of ${list.title.en} for user ${actor.userId} failed: ${error.message}`);
      out.destroy(error);
    });
    return { stream: out, fileName: `${title}_${this.clock.today()}.${format}`, contentType: CONTENT_TYPES[format] };
  }
}

/** A keyset-paginated list's pages, one after another. */
async function* pages<Item>(fetch: (after: string | undefined) => Promise<{ items: Item[]; nextCursor: string | null }>): AsyncGenerator<Item[]> {
  let after: string | undefined;
  do {
    const page = await fetch(after);
    yield page.items;
    after = page.nextCursor ?? undefined;
  } while (after);
}
