import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { Programme } from '../programmes/programme.entity.js';
import { Report } from '../reports/report.entity.js';
import { SubProject } from '../sub-projects/sub-project.entity.js';
import { User } from '../users/user.entity.js';

/** Stored: never rename without a migration plan. */
export enum GateRequirement {
  /** Pass/fail (Cooper's knock-out criteria): each reviewer says met or not met. */
  MustMeet = 'must_meet',
  /** Scored 0–10 by each reviewer and weighted into the review's score. */
  ShouldMeet = 'should_meet',
}

/** scheduled → scoring → decided: the transitions are in gate-review.machine.ts. */
export enum GateReviewStatus {
  Scheduled = 'scheduled',
  Scoring = 'scoring',
  Decided = 'decided',
}

/** Cooper's Go / Kill / Hold / Recycle, with "go with conditions" (UK Gateway's recommendations followed up). */
export enum GateDecision {
  Go = 'go',
  GoWithConditions = 'go_with_conditions',
  Hold = 'hold',
  Recycle = 'recycle',
  Stop = 'stop',
}

export enum GateConditionStatus {
  Open = 'open',
  Closed = 'closed',
  Waived = 'waived',
}

/** The should-meet scale: whole numbers 0 (not at all) … 10 (fully). Guankao's default, not the plan's. */
export const SCORE_MIN = 0;
export const SCORE_MAX = 10;

/**
 * A gate of a programme's stage-gate regime (關卡), in order (`seq`). Its criteria are versioned by
 * `criteriaRevision`: replacing them adds a new revision and keeps the old rows, which decided
 * reviews still point at.
 */
@Entity('gate_template')
@Index('UQ_gate_template_seq', ['programmeId', 'seq'], { unique: true })
@Check('CHK_gate_template_seq', '"seq" > 0')
export class GateTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable code; for seeded rows the seed key. */
  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('uuid')
  programmeId: string;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Column('integer')
  seq: number;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  nameEn: string | null;

  /** What the gate decides. */
  @Column('text')
  purpose: string;

  /** Where in the source document the gate comes from, e.g. "003 參、二". */
  @Column('text', { nullable: true })
  source: string | null;

  /** The document's words the gate rests on, verbatim. */
  @Column('text', { nullable: true })
  sourceText: string | null;

  /** Our note (e.g. that weights and the scale are Guankao's defaults). */
  @Column('text', { nullable: true })
  note: string | null;

  /** The criteria in force (gate_criterion.revision). */
  @Column('integer', { default: 1 })
  criteriaRevision: number;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** One criterion of a gate, in one revision of the gate's criteria (rows are never changed once written). */
@Entity('gate_criterion')
@Index('UQ_gate_criterion_code', ['templateId', 'revision', 'code'], { unique: true })
@Index('UQ_gate_criterion_seq', ['templateId', 'revision', 'seq'], { unique: true })
@Check('CHK_gate_criterion_weight', `"weight" >= 0 AND ("requirement" = 'must_meet' OR "weight" > 0)`)
@Check('CHK_gate_criterion_text', `length(trim("text")) > 0`)
export class GateCriterion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  templateId: string;

  @ManyToOne(() => GateTemplate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'template_id' })
  template?: GateTemplate;

  @Column('integer')
  revision: number;

  /** Short code within the gate, e.g. "c1". */
  @Column('varchar', { length: 32 })
  code: string;

  @Column('integer')
  seq: number;

  @Column('text')
  text: string;

  @Column({ type: 'enum', enum: GateRequirement, enumName: 'gate_requirement' })
  requirement: GateRequirement;

  /** Relative weight of a should-meet criterion in the weighted score (must-meet: 0, pass/fail). */
  @Column('numeric', { precision: 6, scale: 2 })
  weight: string;

  @Column('text', { nullable: true })
  guidance: string | null;

  /** Where in the source document the quoted words are, e.g. "003 參、二". */
  @Column('text', { nullable: true })
  source: string | null;

  /** The document's words the criterion quotes, verbatim. */
  @Column('text', { nullable: true })
  sourceText: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A gate review of a flagship sub-project: scheduled, scored by its reviewers, decided by the secretariat. */
@Entity('gate_review')
@Index('UQ_gate_review_open', ['subProjectId', 'templateId'], { unique: true, where: `"status" <> 'decided'` })
@Index(['subProjectId', 'templateId'])
@Check('CHK_gate_review_decided', `("status" = 'decided') = ("decision" IS NOT NULL)`)
@Check('CHK_gate_review_decision', `"decision" IS NULL OR (length(trim("decision_reasons")) > 0 AND "decided_by" IS NOT NULL AND "decided_at" IS NOT NULL)`)
export class GateReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Index()
  @Column('uuid')
  templateId: string;

  @ManyToOne(() => GateTemplate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'template_id' })
  template?: GateTemplate;

  /** The revision of the gate's criteria this review is scored on (follows the template until scoring starts). */
  @Column('integer')
  criteriaRevision: number;

  @Index()
  @Column({ type: 'enum', enum: GateReviewStatus, enumName: 'gate_review_status', default: GateReviewStatus.Scheduled })
  status: GateReviewStatus;

  /** The date of the review meeting. */
  @Column('date')
  scheduledFor: string;

  /** The review packet (a report job generates it; its status shows whether it is ready). */
  @Column('uuid', { nullable: true })
  packetReportId: string | null;

  @ManyToOne(() => Report, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'packet_report_id' })
  packetReport?: Report | null;

  @Column({ type: 'enum', enum: GateDecision, enumName: 'gate_decision', nullable: true })
  decision: GateDecision | null;

  @Column('text', { nullable: true })
  decisionReasons: string | null;

  /** The weighted score and must-meet failures as they stood at the decision. */
  @Column('jsonb', { nullable: true })
  scoreSummary: Record<string, unknown> | null;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'decided_by' })
  decider?: User | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('uuid')
  createdBy: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A reviewer assigned to a gate review. */
@Entity('gate_reviewer')
export class GateReviewer {
  @PrimaryColumn('uuid')
  reviewId: string;

  @ManyToOne(() => GateReview, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: GateReview;

  @Index()
  @PrimaryColumn('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  assignedAt: Date;

  /** When the reviewer last saved a complete scorecard. */
  @Column('timestamptz', { nullable: true })
  scoresSubmittedAt: Date | null;

  /** The reviewer's unfinished scorecard (any criteria, blanks allowed), seen by them alone; cleared when they submit. */
  @Column('jsonb', { nullable: true })
  draftScores: unknown[] | null;

  @Column('timestamptz', { nullable: true })
  draftSavedAt: Date | null;
}

/** A reviewer's verdict on one criterion: met / not met (must-meet) or a score 0–10 (should-meet), always with a comment. */
@Entity('gate_score')
@Index('UQ_gate_score', ['reviewId', 'criterionId', 'reviewerUserId'], { unique: true })
@Check('CHK_gate_score_kind', `("met" IS NULL) <> ("score" IS NULL)`)
@Check('CHK_gate_score_range', `"score" IS NULL OR "score" BETWEEN ${SCORE_MIN} AND ${SCORE_MAX}`)
@Check('CHK_gate_score_comment', `length(trim("comment")) > 0`)
export class GateScore {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  reviewId: string;

  @ManyToOne(() => GateReview, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: GateReview;

  @Index()
  @Column('uuid')
  criterionId: string;

  @ManyToOne(() => GateCriterion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id' })
  criterion?: GateCriterion;

  @Column('uuid')
  reviewerUserId: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewer_user_id' })
  reviewer?: User;

  @Column('boolean', { nullable: true })
  met: boolean | null;

  @Column('smallint', { nullable: true })
  score: number | null;

  @Column('text')
  comment: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A condition of a "go with conditions" decision: tracked until closed or waived. */
@Entity('gate_condition')
@Index('UQ_gate_condition_seq', ['reviewId', 'seq'], { unique: true })
@Index('IDX_gate_condition_open_due', ['dueDate'], { where: `"status" = 'open'` })
@Check('CHK_gate_condition_text', `length(trim("text")) > 0`)
@Check('CHK_gate_condition_resolved', `"status" = 'open' OR (length(trim("resolution_note")) > 0 AND "resolved_by" IS NOT NULL AND "resolved_at" IS NOT NULL)`)
export class GateCondition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  reviewId: string;

  @ManyToOne(() => GateReview, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: GateReview;

  @Column('integer')
  seq: number;

  @Column('text')
  text: string;

  @Index()
  @Column('uuid')
  ownerOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id' })
  ownerOrganisation?: Organisation;

  @Column('date')
  dueDate: string;

  @Column({ type: 'enum', enum: GateConditionStatus, enumName: 'gate_condition_status', default: GateConditionStatus.Open })
  status: GateConditionStatus;

  /** The closing note, or the reason for the waiver. */
  @Column('text', { nullable: true })
  resolutionNote: string | null;

  @Column('uuid', { nullable: true })
  resolvedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'resolved_by' })
  resolver?: User | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
