import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Milestone } from './milestone.entity.js';

export enum ChangeRequestStatus {
  Pending = 'pending',
  Approved = 'approved',
  Rejected = 'rejected',
}

/** A ministry's request to move a milestone's due date; the coordinator decides with a reason. */
@Entity('due_date_change_request')
@Index(['milestoneId', 'requestedAt'])
@Check('CHK_due_date_change_decision', `"status" = 'pending' OR ("decided_at" IS NOT NULL AND "decided_by" IS NOT NULL)`)
@Check('CHK_due_date_change_reject_reason', `"status" <> 'rejected' OR length(trim("decision_reason")) > 0`)
export class DueDateChangeRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  milestoneId: string;

  @ManyToOne(() => Milestone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'milestone_id' })
  milestone?: Milestone;

  @Column('date')
  previousDueDate: string;

  @Column('date')
  proposedDueDate: string;

  @Column('text')
  reason: string;

  @Index()
  @Column({ type: 'enum', enum: ChangeRequestStatus, enumName: 'change_request_status', default: ChangeRequestStatus.Pending })
  status: ChangeRequestStatus;

  @Column('uuid')
  requestedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @Column('uuid', { nullable: true })
  decidedBy: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt: Date | null;

  @Column('text', { nullable: true })
  decisionReason: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}
