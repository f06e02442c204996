import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { Programme } from './programme.entity.js';

/** 主軸: one of a programme's main lines of action. */
@Entity('axis')
@Index(['programmeId', 'seq'], { unique: true })
export class Axis {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('uuid')
  programmeId: string;

  @ManyToOne(() => Programme, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Column('integer')
  seq: number;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  goal: string | null;

  @Column('text', { nullable: true })
  description: string | null;
}

/** A column of an axis's sub-project table that carries the √ (main) / △ (involved) marks. */
@Entity('axis_category')
@Index(['axisId', 'seq'], { unique: true })
export class AxisCategory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('uuid')
  axisId: string;

  @ManyToOne(() => Axis, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'axis_id' })
  axis?: Axis;

  @Column('integer')
  seq: number;

  @Column('text')
  name: string;
}

/** 子項 / 重點工作: a line within an axis, with its responsible organisations. */
@Entity('focus_area')
@Index(['axisId', 'seq'], { unique: true })
export class FocusArea {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column('uuid')
  axisId: string;

  @ManyToOne(() => Axis, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'axis_id' })
  axis?: Axis;

  @Column('integer')
  seq: number;

  @Column('text')
  name: string;

  /** The responsible-organisations cell verbatim (it may qualify them, e.g. 製造業：經濟部). */
  @Column('text', { nullable: true })
  responsibleText: string | null;

  @Column('text', { nullable: true })
  source: string | null;
}

@Entity('focus_area_organisation')
export class FocusAreaOrganisation {
  @PrimaryColumn('uuid')
  focusAreaId: string;

  @ManyToOne(() => FocusArea, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'focus_area_id' })
  focusArea?: FocusArea;

  @Index()
  @PrimaryColumn('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column('integer')
  seq: number;

  @Column('text', { nullable: true })
  note: string | null;
}
