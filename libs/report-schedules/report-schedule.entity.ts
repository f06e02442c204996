import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Programme } from '../programmes/programme.entity.js';
import { User } from '../users/user.entity.js';

/**
 * Outbox topic of every change to a schedule; the worker then (un)registers its cron tick.
 * Stored in the outbox and in Redis: never rename without a migration plan.
 */
export const REPORT_SCHEDULE_CHANGED = 'report_schedule.changed';

/** Stored: never rename without a migration plan. */
export enum ScheduledReportKind {
  /** One row per sub-project: lead, status, light, milestones due / overdue / accepted. */
  ProgrammeSummary = 'programme_summary',
  /** Every overdue milestone of the programme. */
  OverdueMilestones = 'overdue_milestones',
}

export enum ScheduledReportFormat {
  Csv = 'csv',
  Xlsx = 'xlsx',
}

export enum ReportRunStatus {
  Running = 'running',
  Sent = 'sent',
  Failed = 'failed',
}

/** A report emailed on a cron schedule (Asia/Taipei) to chosen users. */
@Entity('report_schedule')
export class ReportSchedule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Index()
  @Column('uuid')
  programmeId: string;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Column({ type: 'varchar', length: 48 })
  kind: ScheduledReportKind;

  @Column({ type: 'varchar', length: 8 })
  format: ScheduledReportFormat;

  /** Five-field cron, read in Asia/Taipei. */
  @Column('varchar', { length: 120 })
  cron: string;

  @Column('uuid', { array: true })
  recipientUserIds: string[];

  /** Kind-specific options (ids and flags only). */
  @Column('jsonb', { default: () => "'{}'" })
  parameters: Record<string, unknown>;

  @Column('boolean', { default: true })
  isActive: boolean;

  @Column('uuid', { nullable: true })
  createdByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by_user_id' })
  createdBy?: User | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One run of a schedule, for one tick: generated once, whatever retries or workers do. */
@Entity('report_schedule_run')
@Unique('UQ_report_schedule_run_tick', ['scheduleId', 'scheduledFor'])
@Check('CHK_report_schedule_run_sha256', `"sha256" IS NULL OR "sha256" ~ '^[0-9a-f]{64}$'`)
export class ReportScheduleRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  scheduleId: string;

  @ManyToOne(() => ReportSchedule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'schedule_id' })
  schedule?: ReportSchedule;

  /** The cron tick this run is for. */
  @Column('timestamptz')
  scheduledFor: Date;

  @Column({ type: 'enum', enum: ReportRunStatus, enumName: 'report_run_status', default: ReportRunStatus.Running })
  status: ReportRunStatus;

  @Column('text', { nullable: true })
  fileName: string | null;

  @Column('varchar', { length: 128, nullable: true })
  contentType: string | null;

  @Column('integer', { nullable: true })
  byteSize: number | null;

  /** The stored file is STORAGE_DIR/reports/<sha256>. */
  @Column('char', { length: 64, nullable: true })
  sha256: string | null;

  @Column('integer', { nullable: true })
  rowCount: number | null;

  @Column('integer', { default: 0 })
  recipientCount: number;

  @Column('text', { nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  startedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
