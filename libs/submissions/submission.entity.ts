import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Milestone } from '../sub-projects/milestone.entity.js';
import { SubProject } from '../sub-projects/sub-project.entity.js';

/** 填報 → 主管核定 → 審核. The transitions are in submission.machine.ts. */
export enum SubmissionStatus {
  Draft = 'draft',
  AwaitingSupervisor = 'awaiting_supervisor',
  Submitted = 'submitted',
  Accepted = 'accepted',
  Returned = 'returned',
}

export interface IndicatorActual {
  indicator: string;
  value: string;
  note?: string | null;
}

/**
 * A ministry's progress report on a milestone or a reporting period (YYYY-Qn). One row per
 * milestone / period; every saved content is kept as a revision.
 */
@Entity('submission')
@Index('UQ_submission_milestone', ['milestoneId'], { unique: true, where: '"milestone_id" IS NOT NULL' })
@Index('UQ_submission_period', ['subProjectId', 'period'], { unique: true, where: '"milestone_id" IS NULL' })
@Check('CHK_submission_target', `"milestone_id" IS NOT NULL OR "period" IS NOT NULL`)
@Check('CHK_submission_period', `"period" IS NULL OR "period" ~ '^[0-9]{4}-Q[1-4]$'`)
@Check('CHK_submission_progress', `"progress_percent" IS NULL OR "progress_percent" BETWEEN 0 AND 100`)
@Check('CHK_submission_budget', `"budget_executed" IS NULL OR "budget_executed" >= 0`)
export class Submission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Column('uuid', { nullable: true })
  milestoneId: string | null;

  @ManyToOne(() => Milestone, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'milestone_id' })
  milestone?: Milestone | null;

  /** Reporting period, e.g. 2024-Q3 (the milestone's quarter when it reports on a milestone). */
  @Column('varchar', { length: 7, nullable: true })
  period: string | null;

  @Index()
  @Column({ type: 'enum', enum: SubmissionStatus, enumName: 'submission_status', default: SubmissionStatus.Draft })
  status: SubmissionStatus;

  /** The latest revision number (submission_revision.revision). */
  @Column('integer', { default: 1 })
  revision: number;

  @Column('numeric', { precision: 5, scale: 2, nullable: true })
  progressPercent: string | null;

  @Column('text', { default: '' })
  narrative: string;

  @Column('jsonb', { default: () => "'[]'" })
  indicatorActuals: IndicatorActual[];

  /** 億元, for budgetYear. */
  @Column('numeric', { precision: 14, scale: 4, nullable: true })
  budgetExecuted: string | null;

  @Column('integer', { nullable: true })
  budgetYear: number | null;

  @Column('uuid')
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** When the supervisor's approval sent it to the secretariat (latest time). */
  @Index()
  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;
}

/** A saved content of a submission; never changed after it is written. */
@Entity('submission_revision')
@Index(['submissionId', 'revision'], { unique: true })
export class SubmissionRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  submissionId: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column('integer')
  revision: number;

  /** { progressPercent, narrative, indicatorActuals, budgetExecuted, budgetYear, evidence: [ids] } */
  @Column('jsonb')
  content: Record<string, unknown>;

  @Column('uuid')
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** The stored review_action enum: its members are used by the database, not by name. @public */
export enum ReviewAction {
  Submit = 'submit',
  Approve = 'approve',
  SendBack = 'send_back',
  Accept = 'accept',
  Return = 'return',
  Revise = 'revise',
}

/** Each step of the review with its comment (a return always has one). */
@Entity('submission_review')
@Index(['submissionId', 'at'])
@Check('CHK_submission_review_comment', `"action" NOT IN ('return', 'send_back') OR length(trim("comment")) > 0`)
export class SubmissionReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  submissionId: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column('integer')
  revision: number;

  @Column({ type: 'enum', enum: ReviewAction, enumName: 'review_action' })
  action: ReviewAction;

  @Column('text', { nullable: true })
  comment: string | null;

  @Column('uuid')
  actorUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

/** An evidence file, stored outside the database (by SHA-256) with its checksum. */
@Entity('evidence_file')
@Check('CHK_evidence_file_size', '"size_bytes" > 0')
export class EvidenceFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  submissionId: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission?: Submission;

  @Column('uuid')
  uploadedBy: string;

  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @Column('text')
  filename: string;

  @Column('text')
  contentType: string;

  @Column('bigint')
  sizeBytes: string;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('text')
  storageKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
