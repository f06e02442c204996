import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/** Stored: never rename without a migration plan. */
export enum ReportKind {
  /** A gate review's packet: the sub-project, its milestones and submissions, indicators, budget, open conditions, the criteria. */
  GatePacket = 'gate_packet',
  /** Lights by axis and ministry, overdue milestones, pending reviews, on-time rates. */
  ProgrammeStatus = 'programme_status',
  /** Per axis × year × existing/new; reproduces 表8 for the 2018 plan. */
  Budget = 'budget',
  /** A meeting's resolutions, their organisations, follow-ups and tracking status. */
  ResolutionTracking = 'resolution_tracking',
  /** One organisation's sub-projects in a programme (its lights, overdue milestones, pending reviews): what a ministry may ask about itself. */
  OrganisationStatus = 'organisation_status',
}

export enum ReportFormat {
  Pdf = 'pdf',
  Xlsx = 'xlsx',
}

/** queued → running → ready | failed (a failed one can be requested again). */
export enum ReportStatus {
  Queued = 'queued',
  Running = 'running',
  Ready = 'ready',
  Failed = 'failed',
}

/**
 * A generated report: what was asked (kind, format, parameters, as-of), and the stored file. The
 * as-of instant is fixed at request time; the job reads the database in one snapshot and stamps the
 * file with it, so the same as-of gives the same content.
 */
@Entity('report')
@Index('IDX_report_ready_finished', ['finishedAt'], { where: `"status" = 'ready'` })
@Check('CHK_report_sha256', `"sha256" IS NULL OR "sha256" ~ '^[0-9a-f]{64}$'`)
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 48 })
  kind: ReportKind;

  @Column({ type: 'varchar', length: 8 })
  format: ReportFormat;

  /** Kind-specific ids and options (programme code, sub-project code, gate review id, meeting code …). */
  @Column('jsonb', { default: () => "'{}'" })
  parameters: Record<string, unknown>;

  @Column('timestamptz')
  asOf: Date;

  @Column({ type: 'enum', enum: ReportStatus, enumName: 'report_status', default: ReportStatus.Queued })
  status: ReportStatus;

  /** What the report is about, for organisation scoping of reads (null: programme-wide or meeting). */
  @Index()
  @Column('uuid', { nullable: true })
  programmeId: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  subProjectId: string | null;

  @Column('uuid', { nullable: true })
  meetingId: string | null;

  @Column('text', { nullable: true })
  fileName: string | null;

  @Column('varchar', { length: 128, nullable: true })
  contentType: string | null;

  @Column('integer', { nullable: true })
  byteSize: number | null;

  /** The stored file is STORAGE_DIR/reports/<sha256>. */
  @Column('char', { length: 64, nullable: true })
  sha256: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('uuid', { nullable: true })
  requestedByUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by_user_id' })
  requestedBy?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  startedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
