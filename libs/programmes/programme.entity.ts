import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

/** 方案 / 行動計畫: e.g. 智慧國家方案 (parent) → 臺灣 AI 行動計畫 2.0. */
@Entity('programme')
@Check('CHK_programme_years', '"start_year" BETWEEN 1900 AND 2200 AND ("end_year" IS NULL OR "end_year" >= "start_year")')
export class Programme {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  nameEn: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => Programme, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Programme | null;

  /** The oversight body (e.g. 行政院智慧國家推動小組執行秘書室). */
  @Index()
  @Column('uuid', { nullable: true })
  overseerId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'overseer_id' })
  overseer?: Organisation | null;

  /** AD years. */
  @Column('integer')
  startYear: number;

  @Column('integer', { nullable: true })
  endYear: number | null;

  /** The period as the document writes it. */
  @Column('text', { nullable: true })
  periodText: string | null;

  @Column('text', { nullable: true })
  approvedText: string | null;

  @Column('text', { nullable: true })
  sourceDocument: string | null;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('text', { nullable: true })
  oversightText: string | null;

  /** Status-light thresholds for this programme; missing keys take the defaults (libs/lights). */
  @Column('jsonb', { default: () => "'{}'" })
  lightRules: Record<string, number>;

  /** Reminder days and escalation chain (libs/reminders/reminder-policy.ts); null: the defaults. */
  @Column('jsonb', { nullable: true })
  reminderPolicy: Record<string, unknown> | null;

  /** Structural notes on the source (e.g. how roadmap due dates were derived). */
  @Column('text', { array: true, default: () => "'{}'" })
  notes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
