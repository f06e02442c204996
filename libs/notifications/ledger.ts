import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { jobId, JobName, JobQueue } from '../queue/index.js';
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
