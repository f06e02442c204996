import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, UnrecoverableError } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';
import { User } from '../users/user.entity.js';
import { execute, rowOf, rowsOf, type SqlQuery } from '../database/sql-query.js';
import { isPermanentSmtpError, Mailer } from './mailer.js';
import {
  GATE_CONDITION_STATUS, LOCK_WITH_RECIPIENT, MARK_RECIPIENT_INACTIVE, MARK_SENT, MARK_SKIPPED, MILESTONE_STATUS, RECORD_SEND_ATTEMPT,
} from './notifications.queries.js';
import { Notification, NotificationKind, NotificationStatus } from './notification.entity.js';
import { NotificationRenderers, UnrenderableNotificationError } from './renderer-registry.js';

/** Another sender holds the ledger row: this job is retried (with backoff) and will find it sent, or still pending. */
class NotificationBusyError extends Error {
  constructor(notificationId: string) {
    super(`notification ${notificationId} is being sent by another worker`);
    this.name = 'NotificationBusyError';
  }
}

/** The Message-ID of a notification's email: the same every time, so a receiving system can tell a repeat. */
const notificationMessageId = (notificationId: string) => `<notification-${notificationId}@guankao>`;
const NOTIFICATION_KEY_HEADER = 'X-Guankao-Notification-Key';

const LOCK_NOT_AVAILABLE = '55P03';
/** Reminder kinds, and the state their subject must still be in for the reminder to go out. */
const STILL_OPEN: Partial<Record<NotificationKind, { query: SqlQuery<{ status: string }>; open: string; subject: (n: Notification) => string | null }>> = {
  [NotificationKind.MilestoneDueSoon]: { query: MILESTONE_STATUS, open: 'pending', subject: (n) => n.milestoneId },
  [NotificationKind.MilestoneDueToday]: { query: MILESTONE_STATUS, open: 'pending', subject: (n) => n.milestoneId },
  [NotificationKind.MilestoneOverdue]: { query: MILESTONE_STATUS, open: 'pending', subject: (n) => n.milestoneId },
  [NotificationKind.GateConditionDueSoon]: { query: GATE_CONDITION_STATUS, open: 'open', subject: (n) => n.subjectId },
  [NotificationKind.GateConditionOverdue]: { query: GATE_CONDITION_STATUS, open: 'open', subject: (n) => n.subjectId },
};
const MAX_ERROR_LENGTH = 2000;

type Outcome = 'sent' | 'not-pending' | 'missing' | 'recipient-inactive' | 'skipped';

/**
 * Sends one ledger row's email, at most once.
 *
 * The row is locked (FOR UPDATE NOWAIT) for the whole send and marked sent in the same
 * transaction, so a second job for the same row (a retry, another worker, a re-queue after a crash)
 * either waits its turn and finds it sent, or finds it still pending because nothing was sent. A
 * killed worker's connection closes and PostgreSQL releases its lock with it.
 *
 * The one window for a duplicate: the SMTP server answered 250 (accepted) and the process died, or
 * the database failed, before COMMIT. The row is then still pending and the retry sends again. The
 * email carries the same Message-ID and X-Guankao-Notification-Key both times, so a receiving
 * system can drop the repeat. Nothing closes that window without a two-phase protocol SMTP lacks.
 */
@Injectable()
@HandlesJob(JobName.NotificationSend)
export class NotificationSendHandler implements JobHandler<JobName.NotificationSend> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    private readonly renderers: NotificationRenderers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(data: JobPayload<JobName.NotificationSend>, job: Job<JobPayload<JobName.NotificationSend>>): Promise<Outcome> {
    try {
      return await this.dataSource.transaction((manager) => this.send(manager, data.notificationId));
    } catch (error) {
      if (error instanceof NotificationBusyError) throw error; // nothing happened to this row: just try again later
      const permanent = isPermanentSmtpError(error) || error instanceof UnrenderableNotificationError;
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = `${(error as Error).message ?? String(error)}`.slice(0, MAX_ERROR_LENGTH);
      // The send transaction rolled back: record the attempt on its own.
      await execute(this.dataSource, RECORD_SEND_ATTEMPT, [data.notificationId, message, permanent || lastAttempt]);
      if (permanent) throw new UnrecoverableError(`cannot be sent: ${message}`);
      if (lastAttempt) throw new UnrecoverableError(`gave up after ${job.attemptsMade + 1} attempt(s): ${message}`);
      throw error;
    }
  }

  /** Why a reminder no longer applies (its milestone was submitted, its condition closed …), or null. */
  private async obsoleteReason(manager: EntityManager, notification: Notification): Promise<string | null> {
    const rule = STILL_OPEN[notification.kind];
    const subjectId = rule?.subject(notification);
    if (!rule || !subjectId) return null;
    const row = await rowOf(manager, rule.query, [subjectId]);
    return row && row.status !== rule.open ? `${notification.subjectType ?? 'subject'} ${row.status} before sending` : null;
  }

  /**
   * Locks the ledger row (NOWAIT: another sender holding it means try later) and reads it with its
   * recipient, in one round trip: the send path runs tens of thousands of times per sweep.
   */
  private async lockWithRecipient(manager: EntityManager, notificationId: string): Promise<{ notification: Notification; recipient: User } | null> {
    const rows: Record<string, any>[] = await rowsOf(manager, LOCK_WITH_RECIPIENT, [notificationId])
      .catch((e: { code?: string; driverError?: { code?: string } }) => {
        if ((e.driverError?.code ?? e.code) === LOCK_NOT_AVAILABLE) throw new NotificationBusyError(notificationId);
        throw e;
      });
    const [row] = rows;
    if (!row) return null;
    const notification = manager.create(Notification, {
      id: row.id, key: row.key, kind: row.kind, critical: row.critical, recipientUserId: row.recipient_user_id, milestoneId: row.milestone_id,
      subjectType: row.subject_type, subjectId: row.subject_id, day: row.day, status: row.status, payload: row.payload, attempts: row.attempts,
    });
    const recipient = manager.create(User, { id: row.recipient_user_id, email: row.email, displayName: row.display_name, locale: row.locale, isActive: row.is_active });
    return { notification, recipient };
  }

  private async send(manager: EntityManager, notificationId: string): Promise<Outcome> {
    const locked = await this.lockWithRecipient(manager, notificationId);
    if (!locked) return 'missing';
    const { notification, recipient } = locked;
    // Sent, failed, held for a digest or muted: nothing to do (that is what makes a repeated job harmless).
    if (notification.status !== NotificationStatus.Pending) return 'not-pending';

    // Reminders are about something still open; if it was settled since the sweep, say nothing.
    const obsolete = await this.obsoleteReason(manager, notification);
    if (obsolete) {
      await execute(manager, MARK_SKIPPED, [notification.id, obsolete]);
      return 'skipped';
    }

    if (!recipient.isActive) {
      await execute(manager, MARK_RECIPIENT_INACTIVE, [notification.id]);
      return 'recipient-inactive';
    }

    const email = await this.renderers.for(notification.kind).render({
      notification,
      recipient,
      locale: recipient.locale,
      manager,
      link: (path) => `${this.config.http.publicUrl.replace(/\/+$/, '')}${path}`,
    });
    const messageId = notificationMessageId(notification.id);
    // Marked sent first (uncommitted): once the server accepts, only the COMMIT is left to do, which
    // keeps the window for a duplicate (see above) as short as it can be. A refusal rolls it back.
    await execute(manager, MARK_SENT, [notification.id, messageId]);
    await this.mailer.send({
      to: recipient.email,
      ...email,
      messageId,
      headers: { [NOTIFICATION_KEY_HEADER]: notification.key },
    });
    return 'sent';
  }
}
