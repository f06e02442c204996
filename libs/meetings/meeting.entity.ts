import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

export enum MeetingKind {
  Meeting = 'meeting',
  PreMeeting = 'pre_meeting',
  Advisory = 'advisory',
  Working = 'working',
}

@Entity('meeting')
@Check('CHK_meeting_dates', '"held_until" IS NULL OR "held_until" >= "held_on"')
export class Meeting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  /** The body that holds it (e.g. 行政院智慧國家推動小組). */
  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'body_id' })
  body?: Organisation;

  @Column('text')
  name: string;

  @Column({ type: 'enum', enum: MeetingKind, enumName: 'meeting_kind' })
  kind: MeetingKind;

  @Index()
  @Column('date')
  heldOn: string;

  @Column('date', { nullable: true })
  heldUntil: string | null;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  /** Further content as the document gives it (conclusions, reports presented, participants). */
  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;

  @Column('text', { nullable: true })
  source: string | null;
}

/** Per-organisation tracking state of a resolution (列管). */
export enum TrackingStatus {
  Tracking = 'tracking',
  ReleaseRequested = 'release_requested',
  Released = 'released',
}

/** 會議決議: a decision of a meeting, tracked per assigned organisation. */
@Entity('resolution')
@Index(['meetingId', 'seq'], { unique: true })
export class Resolution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;

  @Column('integer')
  seq: number;

  @Column('text')
  text: string;

  @Index()
  @Column('date', { nullable: true })
  dueDate: string | null;

  @Column('text', { nullable: true })
  source: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** A resolution assigned to one organisation, with that organisation's tracking status. */
@Entity('resolution_assignment')
export class ResolutionAssignment {
  @PrimaryColumn('uuid')
  resolutionId: string;

  @ManyToOne(() => Resolution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'resolution_id' })
  resolution?: Resolution;

  @Index()
  @PrimaryColumn('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Index()
  @Column({ type: 'enum', enum: TrackingStatus, enumName: 'tracking_status', default: TrackingStatus.Tracking })
  status: TrackingStatus;

  /** Why this organisation was assigned (the documents do not always say). */
  @Column('text', { nullable: true })
  note: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}

/** 辦理情形: an organisation's follow-up report on a resolution. */
@Entity('resolution_follow_up')
export class ResolutionFollowUp {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Index()
  @Column('uuid')
  resolutionId: string;

  @ManyToOne(() => Resolution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'resolution_id' })
  resolution?: Resolution;

  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column('date')
  reportedOn: string;

  /** Who reported it in the application (null for follow-ups loaded from the documents). */
  @Column('uuid', { nullable: true })
  reportedBy: string | null;

  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text', { nullable: true })
  source: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Progress figures a ministry reported to the group (e.g. 58 AI solutions). Verbatim. */
@Entity('reported_progress')
export class ReportedProgress {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Index()
  @Column('uuid', { nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation | null;

  @Column('uuid', { nullable: true })
  meetingId: string | null;

  @ManyToOne(() => Meeting, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting | null;

  @Column('text')
  text: string;

  /** [{ label, value (exact string), unit }] as printed. */
  @Column('jsonb', { default: () => "'[]'" })
  figures: { label: string; value: string; unit: string | null }[];

  @Column('text', { nullable: true })
  source: string | null;
}

export enum TrackingDecisionKind {
  ReleaseRequested = 'release_requested',
  Released = 'released',
  Kept = 'kept',
}

/** The history of an assignment's tracking: requests for release and the secretariat's decisions. */
@Entity('resolution_tracking_decision')
@Index(['resolutionId', 'organisationId', 'at'])
@Check('CHK_tracking_decision_comment', `"decision" <> 'kept' OR length(trim("comment")) > 0`)
export class ResolutionTrackingDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  resolutionId: string;

  @ManyToOne(() => Resolution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'resolution_id' })
  resolution?: Resolution;

  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column({ type: 'enum', enum: TrackingDecisionKind, enumName: 'tracking_decision_kind' })
  decision: TrackingDecisionKind;

  @Column('text', { nullable: true })
  comment: string | null;

  /** The meeting at which the secretariat decided, if any. */
  @Column('uuid', { nullable: true })
  meetingId: string | null;

  @Column('uuid')
  actorUserId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
