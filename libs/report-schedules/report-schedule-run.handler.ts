import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Clock, taipeiDate } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { NotificationLedger, notificationKey } from '../notifications/ledger.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';
import { sha256, storeOnce } from '../submissions/evidence.js';
import { ReportRunStatus, type ScheduledReportFormat, type ScheduledReportKind } from './report-schedule.entity.js';
import { REPORT_SLUG, reportTable } from './report-rows.js';
import { writeReport } from './report-writers.js';

/** Where a run's file is stored, under STORAGE_DIR: content-addressed. */
export const reportStorageKey = (sha: string) => `reports/${sha}`;

/** The subject of a scheduled report's ledger rows. */
export const REPORT_RUN_SUBJECT = 'report_schedule_run';

interface ScheduleRow {
  id: string; name: string; programme_id: string; programme_code: string; kind: ScheduledReportKind; format: ScheduledReportFormat;
  recipient_user_ids: string[]; is_active: boolean;
}

export type RunOutcome =
  | { status: 'skipped'; reason: 'schedule deleted' | 'schedule inactive' }
  | { status: 'sent'; runId: string; alreadySent: boolean; queued: number };

/**
 * One run of a report schedule, for one cron tick: generated from one snapshot, stored, and handed
 * to the mail queue as one ledger row per recipient. The run row (unique per schedule and tick) is
 * locked while it is worked on; a retry or a second worker meets it and either finishes what a
 * crashed attempt left 'running' or 'failed', or finds it 'sent' and only re-queues unsent mail.
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
  ) {}

  async handle(data: JobPayload<JobName.ReportScheduleRun>, job?: Job<JobPayload<JobName.ReportScheduleRun>>): Promise<RunOutcome> {
    // The tick: given, else the scheduler's own tick time (a late run keeps its tick), else now.
    const tick = job?.opts?.prevMillis;
    const at = data.at !== undefined ? new Date(data.at) : typeof tick === 'number' && tick > 0 ? new Date(tick) : this.clock.now();
    if (Number.isNaN(at.getTime())) throw new Error(`report-schedule.run: at must be an ISO instant (got "${data.at}")`);
    return this.run(data.scheduleId, at);
  }

  async run(scheduleId: string, at: Date): Promise<RunOutcome> {
    const [schedule]: ScheduleRow[] = await this.dataSource.query(
      `SELECT s.id, s.name, s.programme_id, p.code AS programme_code, s.kind, s.format, s.recipient_user_ids::text[] AS recipient_user_ids, s.is_active
         FROM report_schedule s JOIN programme p ON p.id = s.programme_id WHERE s.id = $1`,
      [scheduleId],
    );
    if (!schedule) return { status: 'skipped', reason: 'schedule deleted' };
    if (!schedule.is_active) return { status: 'skipped', reason: 'schedule inactive' }; // a tick queued before it was switched off

    await this.dataSource.query(
      `INSERT INTO report_schedule_run (schedule_id, scheduled_for) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT "UQ_report_schedule_run_tick" DO NOTHING`,
      [scheduleId, at],
    );
    try {
      const outcome = await this.dataSource.transaction(async (manager) => {
        const [run]: Record<string, any>[] = await manager.query(
          'SELECT id, status FROM report_schedule_run WHERE schedule_id = $1 AND scheduled_for = $2 FOR UPDATE',
          [scheduleId, at],
        );
        const keys = schedule.recipient_user_ids.map((userId) => notificationKey.scheduledReport(run.id, userId));
        if (run.status === ReportRunStatus.Sent) {
          // Done before: only mail still pending is queued again (a crash between commit and enqueue).
          const pending: { id: string }[] = await manager.query(`SELECT id FROM notification WHERE key = ANY($1) AND status = 'pending'`, [keys]);
          return { runId: run.id as string, alreadySent: true, pending: pending.map((p) => p.id) };
        }
        // 'running' (this attempt, or one that crashed) or 'failed' (an earlier attempt): do it now.
        const file = await this.generate(schedule, at);
        await storeOnce(this.config.storage.STORAGE_DIR, reportStorageKey(file.sha256), file.bytes);
        const recipients: { id: string }[] = await manager.query('SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND is_active', [schedule.recipient_user_ids]);
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
        await manager.query(
          `UPDATE report_schedule_run SET status = 'sent', file_name = $2, content_type = $3, byte_size = $4, sha256 = $5, row_count = $6,
                  recipient_count = $7, error = NULL, finished_at = now()
            WHERE id = $1`,
          [run.id, file.fileName, file.contentType, file.bytes.length, file.sha256, file.rowCount, recipients.length],
        );
        return { runId: run.id as string, alreadySent: false, pending };
      });
      await this.ledger.enqueueSends(outcome.pending);
      return { status: 'sent', runId: outcome.runId, alreadySent: outcome.alreadySent, queued: outcome.pending.length };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.dataSource.query(
        `UPDATE report_schedule_run SET status = 'failed', error = $3, finished_at = now() WHERE schedule_id = $1 AND scheduled_for = $2 AND status <> 'sent'`,
        [scheduleId, at, message.slice(0, 4000)],
      );
      this.logger.warn(`report schedule ${scheduleId} at ${at.toISOString()} failed: ${message}`);
      throw e; // BullMQ retries with backoff
    }
  }

  /** The report from one consistent snapshot: a read-only REPEATABLE READ transaction. */
  private async generate(schedule: ScheduleRow, at: Date): Promise<{ bytes: Buffer; contentType: string; fileName: string; sha256: string; rowCount: number }> {
    const asOfDay = taipeiDate(at);
    const table = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return reportTable(manager, schedule.kind, schedule.programme_id, asOfDay);
    });
    const written = await writeReport(table, schedule.format, at);
    return {
      bytes: written.bytes,
      contentType: written.contentType,
      fileName: `${schedule.programme_code}-${REPORT_SLUG[schedule.kind]}-${asOfDay}.${written.extension}`,
      sha256: sha256(written.bytes),
      rowCount: table.rows.length,
    };
  }
}
