import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { HandlesJob, jobId, type JobHandler, JobName, JobQueue, QueueName } from '../queue/index.js';
import { NotificationKind } from './notification.entity.js';

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
    const rows: { id: string }[] = await manager.query(
      `WITH incoming AS (
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::boolean[], $4::uuid[], $5::uuid[], $6::varchar[], $7::uuid[], $8::date[], $9::jsonb[])
           AS t(key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload)
       ), inserted AS (
         INSERT INTO notification (key, kind, critical, recipient_user_id, milestone_id, subject_type, subject_id, day, payload, status)
         SELECT i.key, i.kind, i.critical, i.recipient_user_id, i.milestone_id, i.subject_type, i.subject_id, i.day, i.payload,
                (CASE WHEN i.critical THEN 'pending'
                      WHEN u.mute_non_critical THEN 'muted'
                      WHEN u.notification_delivery = 'digest' AND i.kind <> $10 THEN 'held'
                      ELSE 'pending' END)::notification_status
           FROM incoming i JOIN app_user u ON u.id = i.recipient_user_id AND u.is_active
         ON CONFLICT (key) DO NOTHING
         RETURNING id, status
       )
       SELECT id FROM inserted WHERE status = 'pending'
       UNION
       -- Keys already in the ledger, looked up one by one through the unique index: the cost
       -- follows the batch, not the backlog of pending rows.
       SELECT n.id FROM incoming i CROSS JOIN LATERAL (SELECT id, status FROM notification WHERE key = i.key) n
        WHERE n.status = 'pending'`,
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
      const rows: { id: string; created_key: string; overdue: boolean }[] = await this.dataSource.query(
        `SELECT id, created_at::text AS created_key, created_at < now() - make_interval(hours => $3::int) AS overdue
           FROM notification
          WHERE status = 'pending' AND created_at < now() - make_interval(secs => $2::int)
            ${after ? 'AND (created_at, id) > ($4::timestamptz, $5::uuid)' : ''}
          ORDER BY created_at, id LIMIT $1`,
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
      await this.dataSource
        .query(`UPDATE notification SET last_error = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids, message])
        .catch(() => undefined);
      throw e;
    }
  }

  private async giveUp(ids: string[]): Promise<number> {
    const hours = this.config.queue.NOTIFICATION_GIVE_UP_HOURS;
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH given_up AS (
         UPDATE notification
            SET status = 'failed',
                last_error = left('not sent within ' || $2::text || ' h of being recorded, and no send job was left in the queue'
                                  || coalesce(' (last error: ' || last_error || ')', ''), 2000)
          WHERE id = ANY($1::uuid[]) AND status = 'pending'
          RETURNING id)
       SELECT count(*)::int AS n FROM given_up`,
      [ids, String(hours)],
    );
    return n;
  }
}
