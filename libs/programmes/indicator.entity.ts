import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { Axis } from './axis.entity.js';
import { Programme } from './programme.entity.js';

/** How a target compares: 約 600 (approx), >8000 (gt), 達 500 (gte) … */
export enum TargetComparator {
  Eq = 'eq',
  Approx = 'approx',
  Gt = 'gt',
  Gte = 'gte',
  Lt = 'lt',
  Lte = 'lte',
}

/** 關鍵成果 / 指標: of a programme, an axis or a sub-project. */
@Entity('indicator')
@Check('CHK_indicator_owner', '"axis_id" IS NULL OR "sub_project_id" IS NULL')
export class Indicator {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Index()
  @Column('uuid')
  programmeId: string;

  @ManyToOne(() => Programme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Index()
  @Column('uuid', { nullable: true })
  axisId: string | null;

  @ManyToOne(() => Axis, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'axis_id' })
  axis?: Axis | null;

  @Index()
  @Column('uuid', { nullable: true })
  subProjectId: string | null;

  // Named, not imported: programmes sit below sub-projects, which import them (the relation only gives the foreign key).
  @ManyToOne('SubProject', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: { id: string } | null;

  @Column('integer')
  seq: number;

  /** The key result as printed. */
  @Column('text')
  text: string;

  @Column('text', { nullable: true })
  unit: string | null;
}

@Entity('indicator_organisation')
export class IndicatorOrganisation {
  @PrimaryColumn('uuid')
  indicatorId: string;

  @ManyToOne(() => Indicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id' })
  indicator?: Indicator;

  @Index()
  @PrimaryColumn('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;
}

/** A target, usually per year; `value` is exact, `comparator` says how the document qualified it. */
@Entity('indicator_target')
@Index(['indicatorId', 'year'], { unique: true })
@Check('CHK_indicator_target_year', '"year" IS NULL OR "year" BETWEEN 1900 AND 2200')
export class IndicatorTarget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  indicatorId: string;

  @ManyToOne(() => Indicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id' })
  indicator?: Indicator;

  /** AD year; null when the document gives the target for the whole period without a year. */
  @Column('integer', { nullable: true })
  year: number | null;

  @Column('numeric', { precision: 20, scale: 4, nullable: true })
  value: string | null;

  @Column({ type: 'enum', enum: TargetComparator, enumName: 'target_comparator', default: TargetComparator.Eq })
  comparator: TargetComparator;

  @Column('text', { nullable: true })
  note: string | null;
}
