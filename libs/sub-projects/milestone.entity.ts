import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, VersionColumn, PrimaryGeneratedColumn } from 'typeorm';
import { SubProject } from './sub-project.entity.js';

/** Stored milestone states; "overdue" and "due soon" are computed from the due date. */
export enum MilestoneStatus {
  Pending = 'pending',
  Submitted = 'submitted',
  Accepted = 'accepted',
}

/** 查核點: a dated deliverable of a sub-project. */
@Entity('milestone')
@Index(['subProjectId', 'seq'], { unique: true })
@Index(['subProjectId', 'dueDate'])
/** Reminder sweeps and overdue lists look up open milestones by due date: cost follows what is due, not the table. */
@Index('IDX_milestone_open_due', ['dueDate', 'code'], { where: `"status" <> 'accepted'` })
@Check('CHK_milestone_year', '"fiscal_year" IS NULL OR "fiscal_year" BETWEEN 1900 AND 2200')
export class Milestone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Column('integer')
  seq: number;

  /** AD year the milestone belongs to (the roadmap's ROC year column). */
  @Column('integer', { nullable: true })
  fiscalYear: number | null;

  @Index()
  @Column('date')
  dueDate: string;

  @Column('text')
  deliverable: string;

  @Column({ type: 'enum', enum: MilestoneStatus, enumName: 'milestone_status', default: MilestoneStatus.Pending })
  status: MilestoneStatus;

  @Column('text', { nullable: true })
  source: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
