import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { HandlesJob, jobId, type JobHandler, JobName, JobQueue, QueueName } from '../queue/index.js';
import { execute, rowsOf } from '../database/sql-query.js';
import { NotificationKind } from './notification.entity.js';
import { GIVE_UP, INSERT_NOTIFICATIONS, NOTE_NOT_QUEUED, PENDING_TO_RECONCILE } from './notifications.queries.js';

export interface NotificationToRecord {
  key: string;
  kind: NotificationKind;
  /** Sent whatever the recipient's preferences (escalations, reports a coordinator scheduled). */
  critical: boolean;
  recipientUserId: string;
  milestoneId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Taipei date, YYYY-MM-DD. */
  day: string;
  payload?: Record<string, unknown>;
}

/** Ledger keys, one builder per kind: the same notification always gets the same key. */
export const notificationKey = {
  milestone: (kind: NotificationKind, milestoneId: string, recipientUserId: string, day: string) => `${kind}:${milestoneId}:${recipientUserId}:${day}`,
  event: (kind: NotificationKind, outboxEventId: string, recipientUserId: string) => `${kind}:event-${outboxEventId}:${recipientUserId}`,
  digest: (recipientUserId: string, day: string) => `${NotificationKind.Digest}:${recipientUserId}:${day}`,
  dailyDigest: (recipientUserId: string, day: string) => `${NotificationKind.Digest}:daily:${recipientUserId}:${day}`,
  scheduledReport: (runId: string, recipientUserId: string) => `${NotificationKind.ScheduledReport}:${runId}:${recipientUserId}`,
  /** Once per condition, due date and recipient: a moved due date reminds again. */
  gateCondition: (kind: NotificationKind, conditionId: string, dueDate: string, recipientUserId: string) => `${kind}:${conditionId}:${dueDate}:${recipientUserId}`,
} as const;

const INSERT_CHUNK = 5000;

/**
 * Records notifications in the ledger and queues the ones to send now. A key already in the ledger
 * is left as it is (that is what makes a second sweep or a retried job harmless), but if it is
 * still pending its send job is queued again, so a crash between commit and enqueue loses nothing.
 */
@Injectable()
export class NotificationLedger {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  /** Records and queues; returns how many send jobs were queued. */
  async record(notifications: NotificationToRecord[]): Promise<number> {
    let queued = 0;
    for (let i = 0; i < notifications.length; i += INSERT_CHUNK) {
      const chunk = notifications.slice(i, i + INSERT_CHUNK);
      const pendingIds = await this.dataSource.transaction((manager) => this.insert(manager, chunk));
      await this.enqueueSends(pendingIds);
      queued += pendingIds.length;
    }
    return queued;
  }

  /**
   * Inserts within the caller's transaction and returns the ids still pending for these keys
   * (new or not); the caller queues them with enqueueSends after commit.
   */
  async insert(manager: EntityManager, notifications: NotificationToRecord[]): Promise<string[]> {
    if (notifications.length === 0) return [];
    const column = <T>(pick: (n: NotificationToRecord) => T) => notifications.map(pick);
    const rows = await rowsOf(manager, INSERT_NOTIFICATIONS,
      [
        column((n) => n.key),
        column((n) => n.kind),
        column((n) => n.critical),
        column((n) => n.recipientUserId),
        column((n) => n.milestoneId ?? null),
        column((n) => n.subjectType ?? null),
        column((n) => n.subjectId ?? null),
        column((n) => n.day),
        column((n) => JSON.stringify(n.payload ?? {})),
        NotificationKind.Digest,
      ],
    );
    return rows.map((r) => r.id);
  }

  async enqueueSends(notificationIds: string[]): Promise<void> {
    if (notificationIds.length === 0) return;
    await this.jobs.addBulk(
      notificationIds.map((id) => ({ name: JobName.NotificationSend, data: { notificationId: id }, opts: { jobId: jobId.notificationSend(id) } })),
    );
  }
}

/** How many stale pending rows one reconcile looks at per round trip, and at most per run. */
const RECONCILE_CHUNK = 1000;
const RECONCILE_MAX_ROWS = 50_000;
/** Send-job states in which the job will still run: the row is on its way. */
const LIVE_JOB_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
/** Prefix of last_error on a row the reconciler could not queue. */
const NOT_QUEUED = 'not queued';

export interface ReconcileResult {
  /** Stale pending rows looked at. */
  checked: number;
  /** Rows whose send job was gone, finished or failed, queued again under their own job id. */
  requeued: number;
  /** Rows pending past NOTIFICATION_GIVE_UP_HOURS without a live job, marked failed. */
  gaveUp: number;
}

/**
 * A periodic job that finds ledger rows still pending NOTIFICATION_RECONCILE_AFTER_SECONDS after
 * they were recorded and have no live send job (the add failed, a broken queue, a Redis that lost
 * its jobs, a job that ran out of attempts without settling its row) and queues them again under
 * their own job id, so a row that is queued already is left alone and nothing is sent twice (the
 * send job re-checks the row). A row still not sent NOTIFICATION_GIVE_UP_HOURS after it was
 * recorded is marked failed with the reason, for the admin's failed list, instead of going out late.
 */
@Injectable()
@HandlesJob(JobName.NotificationReconcile)
export class NotificationReconciler implements JobHandler<JobName.NotificationReconcile> {
  private readonly logger = new Logger('notifications');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(): Promise<ReconcileResult> {
    const result: ReconcileResult = { checked: 0, requeued: 0, gaveUp: 0 };
    let after: [string, string] | null = null;
    while (result.checked < RECONCILE_MAX_ROWS) {
      const rows: { id: string; created_key: string; overdue: boolean }[] = await rowsOf(
        this.dataSource,
        PENDING_TO_RECONCILE(after !== null),
        [RECONCILE_CHUNK, this.config.queue.NOTIFICATION_RECONCILE_AFTER_SECONDS, this.config.queue.NOTIFICATION_GIVE_UP_HOURS, ...(after ?? [])],
      );
      if (rows.length === 0) break;
      result.checked += rows.length;
      const last = rows[rows.length - 1];
      after = [last.created_key, last.id];

      const email = this.jobs.queue(QueueName.Email);
      const states = await Promise.all(rows.map((r) => email.getJobState(jobId.notificationSend(r.id))));
      const lost = rows.filter((_, i) => !LIVE_JOB_STATES.has(states[i]));
      const overdue = lost.filter((r) => r.overdue).map((r) => r.id);
      if (overdue.length) result.gaveUp += await this.giveUp(overdue);
      const again = lost.filter((r) => !r.overdue).map((r) => r.id);
      if (again.length) {
        await this.requeue(again, states.filter((state, i) => !LIVE_JOB_STATES.has(state) && !rows[i].overdue));
        result.requeued += again.length;
      }
    }
    if (result.requeued || result.gaveUp) {
      this.logger.warn(`reconciled pending notifications: ${result.requeued} queued again, ${result.gaveUp} given up as failed (of ${result.checked} checked)`);
    }
    return result;
  }

  /** A finished or failed job keeps its id in Redis and would swallow the add: it goes first. */
  private async requeue(ids: string[], states: string[]): Promise<void> {
    try {
      const email = this.jobs.queue(QueueName.Email);
      await Promise.all(ids.map((id, i) => (states[i] === 'unknown' ? undefined : email.remove(jobId.notificationSend(id)))));
      await this.ledger.enqueueSends(ids);
    } catch (e) {
      const message = `${NOT_QUEUED}: ${(e as Error).message}`.slice(0, 1000);
      await execute(this.dataSource, NOTE_NOT_QUEUED, [ids, message]).catch(() => undefined);
      throw e;
    }
  }

  private async giveUp(ids: string[]): Promise<number> {
    const hours = this.config.queue.NOTIFICATION_GIVE_UP_HOURS;
    const [{ n }] = await rowsOf(this.dataSource, GIVE_UP, [ids, String(hours)]);
    return n;
  }
}
