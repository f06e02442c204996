import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Milestone } from '../sub-projects/milestone.entity.js';
import { User } from '../users/user.entity.js';

/**
 * What a notification is about. Stored: never rename without a migration plan.
 * Critical kinds (escalations) are sent even to recipients who muted non-critical mail.
 */
export enum NotificationKind {
  MilestoneDueSoon = 'milestone.due_soon',
  MilestoneDueToday = 'milestone.due_today',
  MilestoneOverdue = 'milestone.overdue',
  SubProjectAssigned = 'sub_project.assigned',
  SubProjectAcknowledged = 'sub_project.acknowledged',
  SubProjectStatusChanged = 'sub_project.status_changed',
  DueDateChangeRequested = 'due_date_change.requested',
  /** Approved or rejected: the payload's event says which. */
  DueDateChangeDecided = 'due_date_change.decided',
  StatusLightOverridden = 'status_light.overridden',
  StatusLightOverrideRemoved = 'status_light.override_removed',
  SubmissionAwaitingSupervisor = 'submission.awaiting_supervisor',
  /** Approved by the supervisor: now with the secretariat. */
  SubmissionSubmitted = 'submission.submitted',
  SubmissionSentBack = 'submission.sent_back',
  SubmissionAccepted = 'submission.accepted',
  SubmissionReturned = 'submission.returned',
  ResolutionAssigned = 'resolution.assigned',
  ResolutionReleaseRequested = 'resolution.release_requested',
  ResolutionReleased = 'resolution.released',
  ResolutionKept = 'resolution.kept',
  Digest = 'digest',
  ScheduledReport = 'scheduled_report',
  /** libs/gates: a reviewer was assigned to a gate review. */
  GateReviewAssigned = 'gate_review.assigned',
  /** libs/gates: a gate decision's condition was assigned to an organisation. */
  GateConditionAssigned = 'gate_condition.assigned',
  GateReviewDecided = 'gate_review.decided',
  GateConditionClosed = 'gate_condition.closed',
  GateConditionWaived = 'gate_condition.waived',
  GateConditionDueSoon = 'gate_condition.due_soon',
  /** Critical. */
  GateConditionOverdue = 'gate_condition.overdue',
  /** libs/users: an invitation to set the first password (one-time link). Critical: account mail ignores preferences. */
  AccountInvitation = 'account.invitation',
  /** libs/users: a password-reset link. Critical. */
  AccountPasswordReset = 'account.password_reset',
}

/** Which digest a held notification waits for. */
enum DigestCadence {
  Daily = 'daily',
  Weekly = 'weekly',
}

/**
 * pending: to be sent now (a send job is queued) · held: waits for the recipient's digest ·
 * digested: went out inside a digest · muted: the recipient muted non-critical mail ·
 * skipped: no longer true when its turn came (the milestone was submitted or accepted meanwhile) ·
 * sent · failed: every attempt failed (see last_error).
 */
export enum NotificationStatus {
  Pending = 'pending',
  Held = 'held',
  Digested = 'digested',
  Muted = 'muted',
  Skipped = 'skipped',
  Sent = 'sent',
  Failed = 'failed',
}

/**
 * The notification ledger: one row per (subject, kind, recipient, day), made unique by `key`.
 * Whatever runs twice (two sweeps, a retried job, a restarted worker) meets the same row, so each
 * notification is sent at most once and, while it is pending, keeps being retried until it is.
 */
@Entity('notification')
@Index('IDX_notification_failed', ['createdAt'], { where: `"status" = 'failed'` })
@Index('IDX_notification_held', ['recipientUserId', 'createdAt'], { where: `"status" = 'held'` })
@Index('IDX_notification_pending', ['createdAt'], { where: `"status" = 'pending'` })
/** The inbox: a recipient's rows newest first (keyset on created_at, id), and the unread count. */
@Index('IDX_notification_inbox', ['recipientUserId', 'createdAt', 'id'])
@Index('IDX_notification_unread', ['recipientUserId'], { where: `"read_at" IS NULL` })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** e.g. milestone.overdue:<milestone>:<recipient>:2026-11-22 (one function per kind builds it). */
  @Index({ unique: true })
  @Column('varchar', { length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 48 })
  kind: NotificationKind;

  /** Escalations: sent whatever the recipient's preferences. */
  @Column('boolean', { default: false })
  critical: boolean;

  @Index()
  @Column('uuid')
  recipientUserId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_user_id' })
  recipient?: User;

  @Index()
  @Column('uuid', { nullable: true })
  milestoneId: string | null;

  @ManyToOne(() => Milestone, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'milestone_id' })
  milestone?: Milestone | null;

  /** The thing it is about (submission, resolution, schedule run …), when not a milestone. */
  @Column('varchar', { length: 48, nullable: true })
  subjectType: string | null;

  @Column('uuid', { nullable: true })
  subjectId: string | null;

  /** The Taipei date it is for (the sweep's day, the event's day, the digest period's end). */
  @Column('date')
  day: string;

  @Column({ type: 'enum', enum: NotificationStatus, enumName: 'notification_status', default: NotificationStatus.Pending })
  status: NotificationStatus;

  /** What the email needs besides the subject's current state (days before/after due, digest items …): ids and numbers. */
  @Column('jsonb', { default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;

  /** The Message-ID the SMTP server accepted. */
  @Column('varchar', { length: 255, nullable: true })
  messageId: string | null;

  /** The digest notification a held one went out in. */
  @Column('uuid', { nullable: true })
  digestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  sentAt: Date | null;

  /** Held for which digest (the recipient's preference when it was recorded): daily or weekly. */
  @Column('varchar', { length: 8, nullable: true })
  digestCadence: DigestCadence | null;

  /** When the recipient opened it in the inbox (null: unread). Email delivery does not read it. */
  @Column('timestamptz', { nullable: true })
  readAt: Date | null;
}
