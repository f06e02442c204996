import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';
import { loadReportFont } from './pdf/font.js';
import { REPORT_CONTENT_TYPE, REPORT_KINDS } from './report-kinds.js';
import { ReportGenerators } from './report-generators.js';
import { stageReportFile } from './report-storage.js';
import { type Report, ReportFormat, ReportStatus } from './report.entity.js';
import { inSnapshot } from './snapshot.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { LOCK_FILE, LOCK_REPORT, LOCK_REPORT_STATUS, REPORT_FAILED, REPORT_READY, REPORT_RUNNING, type ReportRow } from './reports.queries.js';

/** Advisory-lock key of a stored file: held while a file is stored or pruned, so pruning never removes a file a report just took. */
export const reportFileLock = (sha: string) => `report-file:${sha}`;

/** A failure retrying cannot fix: the report is marked failed and the job completes. */
class PermanentFailure extends Error {}

export type GenerateOutcome = 'generated' | 'already ready' | 'report deleted' | 'failed';

/**
 * report.generate: one report, generated once. The row is locked to move it to running (a ready
 * one is done); the file is written from one read-only REPEATABLE READ snapshot to a temporary file
 * under STORAGE_DIR while it is hashed, then — with the row locked again — moved to
 * STORAGE_DIR/reports/<sha256> and the row marked ready. A retry or a second worker meeting a
 * ready row does nothing; two overlapping attempts write the same bytes (the generators are
 * deterministic) and the first to finish wins. Failures are recorded on the row and rethrown for
 * BullMQ's retries, except those no retry can fix (no generator for the kind, a format it does not
 * offer, what the report is about no longer exists): those only mark the report failed.
 */
@Injectable()
@HandlesJob(JobName.ReportGenerate)
export class ReportGenerateHandler implements JobHandler<JobName.ReportGenerate> {
  private readonly logger = new Logger('reports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly generators: ReportGenerators,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(data: JobPayload<JobName.ReportGenerate>): Promise<GenerateOutcome> {
    const report = await this.dataSource.transaction(async (manager) => {
      const row = await rowOf(manager, LOCK_REPORT, [data.reportId]);
      if (!row || row.status === ReportStatus.Ready) return row ? 'ready' : null;
      await execute(manager, REPORT_RUNNING, [data.reportId]);
      return toReport(row);
    });
    if (report === null) return 'report deleted';
    if (report === 'ready') return 'already ready';

    try {
      await this.generate(report);
      return 'generated';
    } catch (e) {
      const permanent = e instanceof PermanentFailure || (e instanceof AppError && e.code === 'NOT_FOUND');
      const message = e instanceof Error ? e.message : String(e);
      await execute(this.dataSource, REPORT_FAILED, [report.id, message.slice(0, 4000)]);
      this.logger.warn(`report ${report.id} (${report.kind} ${report.format}) failed: ${message}`);
      if (permanent) return 'failed';
      throw e; // BullMQ retries with backoff
    }
  }

  private async generate(report: Report): Promise<void> {
    const generator = this.generators.get(report.kind);
    if (!generator) {
      throw new PermanentFailure(`no generator for report kind "${report.kind}" is deployed in this worker${REPORT_KINDS[report.kind] ? '' : ' (unknown kind)'}`);
    }
    if (!generator.formats.includes(report.format)) {
      throw new PermanentFailure(`report kind "${report.kind}" is not generated as ${report.format} (only ${generator.formats.join(', ')})`);
    }
    // Checked here, not at start: a worker without the font still runs every other job.
    const font = report.format === ReportFormat.Pdf ? loadReportFont(this.config.reports) : (null as never);
    const storageDir = this.config.storage.STORAGE_DIR;
    const staged = await stageReportFile(storageDir, (out) =>
      inSnapshot(this.dataSource.manager, async (manager) => {
        await generator.generate({ report, format: report.format, manager, out, font });
      }),
    );
    const stored = await this.dataSource.transaction(async (manager) => {
      const row = await rowOf(manager, LOCK_REPORT_STATUS, [report.id]);
      if (!row || row.status === ReportStatus.Ready) return false; // deleted meanwhile, or another attempt finished first
      await rowsOf(manager, LOCK_FILE, [reportFileLock(staged.sha256)]);
      await staged.commit();
      await execute(manager, REPORT_READY, [report.id, generator.fileName(report, report.format), REPORT_CONTENT_TYPE[report.format], staged.byteSize, staged.sha256]);
      return true;
    });
    if (!stored) await staged.discard();
  }
}

function toReport(row: ReportRow): Report {
  return {
    id: row.id, kind: row.kind, format: row.format, parameters: row.parameters ?? {}, asOf: new Date(row.as_of), status: row.status,
    programmeId: row.programme_id, subProjectId: row.sub_project_id, meetingId: row.meeting_id, fileName: row.file_name,
    contentType: row.content_type, byteSize: row.byte_size, sha256: row.sha256, error: row.error, requestedByUserId: row.requested_by_user_id,
    createdAt: new Date(row.created_at), startedAt: row.started_at, finishedAt: row.finished_at,
  };
}
