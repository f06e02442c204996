import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

/** Whether a programme is still being set up by the secretariat (its structure editable) or in use. */
export enum ProgrammeStatus {
  SettingUp = 'setting_up',
  Active = 'active',
}

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

  /** Seeded programmes are active; one created or copied in 計畫設定 is setting up until the secretariat finishes it. */
  @Column({ type: 'enum', enum: ProgrammeStatus, enumName: 'programme_status', default: ProgrammeStatus.Active })
  status: ProgrammeStatus;

  /** The programme this one was copied from (複製計畫), if any. */
  @Column('uuid', { nullable: true })
  copiedFromId: string | null;

  @ManyToOne(() => Programme, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'copied_from_id' })
  copiedFrom?: Programme | null;

  /** Structural notes on the source (e.g. how roadmap due dates were derived). */
  @Column('text', { array: true, default: () => "'{}'" })
  notes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
