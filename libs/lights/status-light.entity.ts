import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SubProject } from '../sub-projects/sub-project.entity.js';

/** 燈號. White: nothing reported (or not started). */
export enum LightColour {
  Green = 'green',
  Yellow = 'yellow',
  Red = 'red',
  White = 'white',
}

export interface LightReason {
  /** stable code, e.g. schedule_slip, overdue_milestones, low_budget_execution, not_reported */
  code: string;
  /** the reason in words, zh-TW */
  zh: string;
  en: string;
}

/**
 * The light of a sub-project for a reporting period (YYYY-Qn), computed by the programme's rules
 * and stored with its reasons. A coordinator's override is kept beside the computed light.
 */
@Entity('status_light')
@Index(['subProjectId', 'period'], { unique: true })
@Check('CHK_status_light_period', `"period" ~ '^[0-9]{4}-Q[1-4]$'`)
@Check('CHK_status_light_override', `"override_colour" IS NULL OR (length(trim("override_justification")) > 0 AND "overridden_by" IS NOT NULL)`)
export class StatusLight {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Index()
  @Column('varchar', { length: 7 })
  period: string;

  @Column({ type: 'enum', enum: LightColour, enumName: 'light_colour' })
  computedColour: LightColour;

  @Column('jsonb', { default: () => "'[]'" })
  reasons: LightReason[];

  /** The figures the rules looked at (planned and reported progress, overdue count, execution rate). */
  @Column('jsonb', { default: () => "'{}'" })
  inputs: Record<string, unknown>;

  @Column('timestamptz')
  computedAt: Date;

  @Column({ type: 'enum', enum: LightColour, enumName: 'light_colour', nullable: true })
  overrideColour: LightColour | null;

  @Column('text', { nullable: true })
  overrideJustification: string | null;

  @Column('uuid', { nullable: true })
  overriddenBy: string | null;

  @Column('timestamptz', { nullable: true })
  overriddenAt: Date | null;
}
