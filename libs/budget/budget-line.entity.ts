import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Axis } from '../programmes/axis.entity.js';
import { Programme } from '../programmes/programme.entity.js';
import { SubProject } from '../sub-projects/sub-project.entity.js';

/** 既有 (existing) or 新增 (new) budget. */
export enum BudgetKind {
  Existing = 'existing',
  New = 'new',
}

/**
 * One year's budget of a programme axis or a sub-project, in 億元 (100 million NTD), exact.
 */
@Entity('budget_line')
@Index(['programmeId', 'fiscalYear'])
@Check('CHK_budget_line_year', '"fiscal_year" BETWEEN 1900 AND 2200')
@Check('CHK_budget_line_amounts', '"allocated" >= 0 AND ("executed" IS NULL OR "executed" >= 0)')
export class BudgetLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `<programme>:<axis or sub-project>:<year>:<kind>` for seeded lines. */
  @Index({ unique: true })
  @Column('varchar', { length: 160 })
  code: string;

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

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject | null;

  @Column('integer')
  fiscalYear: number;

  @Column({ type: 'enum', enum: BudgetKind, enumName: 'budget_kind' })
  kind: BudgetKind;

  /** 億元 */
  @Column('numeric', { precision: 14, scale: 4 })
  allocated: string;

  /** 億元; null until reported. */
  @Column('numeric', { precision: 14, scale: 4, nullable: true })
  executed: string | null;

  @Column('text', { nullable: true })
  source: string | null;
}

/**
 * A total cell as the document prints it (e.g. 表8's 合計 row), kept to check the sums of the
 * lines against the document and to show totals a programme gives without a yearly split.
 */
@Entity('budget_printed_total')
@Check('CHK_budget_printed_total_amount', '"amount" >= 0')
export class BudgetPrintedTotal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `<programme>:<row>:<column>:<year or all>:<kind>` */
  @Index({ unique: true })
  @Column('varchar', { length: 200 })
  code: string;

  @Index()
  @Column('uuid')
  programmeId: string;

  @ManyToOne(() => Programme, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  /** The row as printed: an axis name, 既有預算, 新增預算 or 合計. */
  @Column('text')
  rowLabel: string;

  @Index()
  @Column('uuid', { nullable: true })
  axisId: string | null;

  @ManyToOne(() => Axis, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'axis_id' })
  axis?: Axis | null;

  /** `year`, `合計` or `預算總額`: which column of the table. */
  @Column('text')
  column: string;

  /** AD year; null for a whole-period column. */
  @Column('integer', { nullable: true })
  fiscalYear: number | null;

  /** `existing`, `new` or `all`. */
  @Column('varchar', { length: 16 })
  kind: string;

  @Column('numeric', { precision: 14, scale: 4 })
  amount: string;

  @Column('text', { nullable: true })
  unit: string | null;

  @Column('text', { nullable: true })
  text: string | null;

  @Column('text', { nullable: true })
  source: string | null;
}
