import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, taipeiDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { NotificationLedger, notificationKey } from '../notifications/ledger.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload, tickTime } from '../queue/index.js';
import { ReportGenerateHandler, reportFileLock } from '../reports/report-generate.handler.js';
import { REPORT_KINDS } from '../reports/report-kinds.js';
import { reportFileKey } from '../reports/report-storage.js';
import { inSnapshot } from '../reports/snapshot.js';
import { type ReportKind, ReportStatus } from '../reports/report.entity.js';
import { sha256, storeOnce } from '../files/index.js';
import { ReportRunStatus } from './report-schedule.entity.js';
import { REPORT_SLUG, reportTable } from './report-rows.js';
import { generatedKind, type SummaryKind } from './scheduled-kinds.js';
import { writeReport } from './report-writers.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import {
  ACTIVE_RECIPIENTS, INSERT_RUN, INSERT_RUN_REPORT, LOCK_FILE, LOCK_RUN, MEETING_ID, PENDING_NOTIFICATIONS, REPORT_FILE, RUN_FAILED, RUN_REPORT, RUN_SENT,
  SCHEDULE, type ScheduleRow,
} from './report-schedules.queries.js';

/** The subject of a scheduled report's ledger rows. */
const REPORT_RUN_SUBJECT = 'report_schedule_run';

/** What a run attaches: the file stored under STORAGE_DIR/reports/<sha256>, and the report it was generated as (if any). */
interface RunFile {
  fileName: string; contentType: string; byteSize: number; sha256: string; rowCount: number | null; reportId: string | null;
}

export type RunOutcome =
  | { status: 'skipped'; reason: 'schedule deleted' | 'schedule inactive' }
  | { status: 'sent'; runId: string; alreadySent: boolean; queued: number };

/**
 * One run of a report schedule, for one cron tick: generated from one snapshot, stored, and handed
 * to the mail queue as one ledger row per recipient. The run row (unique per schedule and tick) is
 * locked while it is worked on; a retry or a second worker meets it and either finishes what a
 * crashed attempt left 'running' or 'failed', or finds it 'sent' and only re-queues unsent mail.
 *
 * Kinds of libs/reports (programme_status, budget, resolution_tracking) are not generated here: the
 * run records a `report` row for them (as of the tick, requested by the schedule's author) and
 * calls the report job's handler on it in this process — the one code path of POST /api/reports,
 * its generator, snapshot and storage — then attaches that report's file. The row's id is kept
 * on the run, so a retry reuses it (a ready report is not generated again). Only the summaries
 * (programme_summary, overdue_milestones) are written by this lib, as CSV or XLSX.
 */
@Injectable()
@HandlesJob(JobName.ReportScheduleRun)
export class ReportScheduleRunHandler implements JobHandler<JobName.ReportScheduleRun> {
  private readonly logger = new Logger('report-schedules');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reportJob: ReportGenerateHandler,
  ) {}

  async handle(data: JobPayload<JobName.ReportScheduleRun>, job?: Job<JobPayload<JobName.ReportScheduleRun>>): Promise<RunOutcome> {
    // The tick: given, else the scheduler's own tick time (a late run keeps its tick), else now.
    const at = data.at !== undefined ? new Date(data.at) : tickTime(job) ?? this.clock.now();
    if (Number.isNaN(at.getTime())) throw new Error(`report-schedule.run: at must be an ISO instant (got "${data.at}")`);
    return this.run(data.scheduleId, at);
  }

  async run(scheduleId: string, at: Date): Promise<RunOutcome> {
    const schedule = await rowOf(this.dataSource, SCHEDULE, [scheduleId]);
    if (!schedule) return { status: 'skipped', reason: 'schedule deleted' };
    if (!schedule.is_active) return { status: 'skipped', reason: 'schedule inactive' }; // a tick queued before it was switched off

    await execute(this.dataSource, INSERT_RUN, [scheduleId, at]);
    try {
      // A generated kind: its report is generated (or found ready) before the run is locked to send it.
      const reportKind = generatedKind(schedule.kind);
      const reportId = reportKind ? await this.requestedReport(schedule, reportKind, at) : null;
      if (reportId) await this.reportJob.handle({ reportId });

      const outcome = await this.dataSource.transaction(async (manager) => {
        const run = (await rowOf(manager, LOCK_RUN, [scheduleId, at]))!;
        const keys = schedule.recipient_user_ids.map((userId) => notificationKey.scheduledReport(run.id, userId));
        if (run.status === ReportRunStatus.Sent) {
          // Done before: only mail still pending is queued again (a crash between commit and enqueue).
          const pending = await rowsOf(manager, PENDING_NOTIFICATIONS, [keys]);
          return { runId: run.id, alreadySent: true, pending: pending.map((p) => p.id) };
        }
        // 'running' (this attempt, or one that crashed) or 'failed' (an earlier attempt): do it now.
        const file = reportId ? await this.generatedFile(manager, reportId) : await this.summary(manager, schedule, at);
        const recipients = await rowsOf(manager, ACTIVE_RECIPIENTS, [schedule.recipient_user_ids]);
        const day = taipeiDate(at);
        const pending = await this.ledger.insert(
          manager,
          recipients.map((r) => ({
            key: notificationKey.scheduledReport(run.id, r.id),
            kind: NotificationKind.ScheduledReport,
            critical: true, // a coordinator asked for it: preferences do not hold or mute it
            recipientUserId: r.id,
            subjectType: REPORT_RUN_SUBJECT,
            subjectId: run.id,
            day,
            payload: { scheduleId, runId: run.id },
          })),
        );
        await execute(manager, RUN_SENT, [run.id, file.fileName, file.contentType, file.byteSize, file.sha256, file.rowCount, recipients.length, file.reportId]);
        return { runId: run.id, alreadySent: false, pending };
      });
      await this.ledger.enqueueSends(outcome.pending);
      return { status: 'sent', runId: outcome.runId, alreadySent: outcome.alreadySent, queued: outcome.pending.length };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await execute(this.dataSource, RUN_FAILED, [scheduleId, at, message.slice(0, 4000)]);
      this.logger.warn(`report schedule ${scheduleId} at ${at.toISOString()} failed: ${message}`);
      throw e; // BullMQ retries with backoff
    }
  }

  /**
   * The report row of this run: the one recorded by an earlier attempt, else a new one (queued, as
   * of the tick, with the parameters the API would store). Recorded on the run in the same
   * transaction, under the run's lock, so concurrent attempts share one report. Null when the run
   * was sent already (nothing to generate).
   */
  private async requestedReport(schedule: ScheduleRow, kind: ReportKind, at: Date): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      const run = (await rowOf(manager, LOCK_RUN, [schedule.id, at]))!;
      if (run.status === ReportRunStatus.Sent) return null;
      if (run.report_id) return run.report_id;
      const subject = await this.subject(manager, schedule, kind);
      const [{ id }] = await rowsOf(manager, INSERT_RUN_REPORT, [
        kind, schedule.format, JSON.stringify(subject.parameters), at, ReportStatus.Queued, subject.programmeId, subject.meetingId, schedule.created_by_user_id,
      ]);
      await execute(manager, RUN_REPORT, [run.id, id]);
      return id;
    });
  }

  /** What the report is about, resolved now: the schedule's programme, or the meeting its parameters name. */
  private async subject(
    manager: EntityManager, schedule: ScheduleRow, kind: ReportKind,
  ): Promise<{ parameters: Record<string, unknown>; programmeId: string | null; meetingId: string | null }> {
    if (REPORT_KINDS[kind].subject !== 'meeting') return { parameters: { programme: schedule.programme_code }, programmeId: schedule.programme_id, meetingId: null };
    const code = schedule.parameters?.meeting;
    const meeting = typeof code === 'string' ? await rowOf(manager, MEETING_ID, [code]) : undefined;
    if (!meeting) throw new Error(`the schedule's meeting "${String(code ?? '')}" does not exist`);
    return { parameters: { meeting: code }, programmeId: null, meetingId: meeting.id };
  }

  /** The stored file of the run's report, once the report job made it ready; else its error, for the run and a retry. */
  private async generatedFile(manager: EntityManager, reportId: string): Promise<RunFile> {
    const report = await rowOf(manager, REPORT_FILE, [reportId]);
    if (!report) throw new Error(`report ${reportId} was deleted before it could be sent`);
    if (report.status !== ReportStatus.Ready) throw new Error(`report ${reportId} is ${report.status}${report.error ? `: ${report.error}` : ''}`);
    return {
      fileName: report.file_name, contentType: report.content_type, byteSize: report.byte_size, sha256: report.sha256, rowCount: null, reportId,
    };
  }

  /**
   * A summary (CSV or XLSX) from one consistent snapshot, stored by its checksum. The file is stored
   * under the file lock the report pruning takes, held by the run's transaction until the run names
   * the file, so pruning cannot remove it in between.
   */
  private async summary(runManager: EntityManager, schedule: ScheduleRow, at: Date): Promise<RunFile> {
    const kind = schedule.kind as SummaryKind; // anything else fails in reportTable, naming the kind
    const asOfDay = taipeiDate(at);
    const table = await inSnapshot(this.dataSource.manager, (manager) => reportTable(manager, kind, schedule.programme_id, asOfDay));
    const written = await writeReport(table, schedule.format, at);
    const file = {
      fileName: `${schedule.programme_code}-${REPORT_SLUG[kind]}-${asOfDay}.${written.extension}`,
      contentType: written.contentType,
      byteSize: written.bytes.length,
      sha256: sha256(written.bytes),
      rowCount: table.rows.length,
      reportId: null,
    };
    await rowsOf(runManager, LOCK_FILE, [reportFileLock(file.sha256)]);
    await storeOnce(this.config.storage.STORAGE_DIR, reportFileKey(file.sha256), written.bytes);
    return file;
  }
}
