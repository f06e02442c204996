import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { Axis, AxisCategory } from '../programmes/axis.entity.js';
import { CategoryMark } from '../programmes/category-mark.js';
import { Programme } from '../programmes/programme.entity.js';

/** Where a sub-project comes from in its programme's document. */
export enum SubProjectKind {
  /** 細部計畫 of the 2.0 plan (表3–表8). */
  Detailed = 'detailed',
  /** A 分工表 row of the 2018 plan (附件 2-x). */
  Division = 'division',
  /** A 推動路程 row of the 2018 plan (附件 1-x): a ministry's yearly milestones. */
  Roadmap = 'roadmap',
  /** A measure of a smaller programme. */
  Measure = 'measure',
}

export enum SubProjectContinuity {
  Existing = 'existing',
  Continuing = 'continuing',
  New = 'new',
}

/** Sub-project workflow states (the transitions come with the workflow issue). */
export enum SubProjectStatus {
  Draft = 'draft',
  Assigned = 'assigned',
  Acknowledged = 'acknowledged',
  Active = 'active',
  Suspended = 'suspended',
  Closed = 'closed',
}

/** 細部計畫 / 推動計畫: the unit of oversight. */
@Entity('sub_project')
@Check('CHK_sub_project_years', '("start_year" IS NULL OR "start_year" BETWEEN 1900 AND 2200) AND ("end_year" IS NULL OR "end_year" BETWEEN 1900 AND 2200) AND ("start_year" IS NULL OR "end_year" IS NULL OR "end_year" >= "start_year")')
@Index('IDX_sub_project_name_trgm', { synchronize: false })
export class SubProject {
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

  @Column({ type: 'enum', enum: SubProjectKind, enumName: 'sub_project_kind' })
  kind: SubProjectKind;

  @Column('text')
  name: string;

  /** The whole cell as printed, when it differs from `name` (e.g. with the period). */
  @Column('text', { nullable: true })
  nameAsPrinted: string | null;

  /** 推動重點 of a roadmap row. */
  @Column('text', { nullable: true })
  focus: string | null;

  /** 主辦. */
  @Index()
  @Column('uuid', { nullable: true })
  leadOrganisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'lead_organisation_id' })
  leadOrganisation?: Organisation | null;

  /** The lead cell verbatim (keeps 科技部 where the organisation is now 國科會). */
  @Column('text', { nullable: true })
  leadText: string | null;

  @Column('text', { nullable: true })
  coOrganisersText: string | null;

  @Column('text', { nullable: true })
  periodText: string | null;

  @Column('integer', { nullable: true })
  startYear: number | null;

  @Column('integer', { nullable: true })
  endYear: number | null;

  @Column({ type: 'enum', enum: SubProjectContinuity, enumName: 'sub_project_continuity', nullable: true })
  continuity: SubProjectContinuity | null;

  /** Flagship sub-projects go through stage gates. */
  @Index()
  @Column('boolean', { default: false })
  isFlagship: boolean;

  @Index()
  @Column({ type: 'enum', enum: SubProjectStatus, enumName: 'sub_project_status', default: SubProjectStatus.Draft })
  status: SubProjectStatus;

  /** 辦理措施. */
  @Column('text', { nullable: true })
  measures: string | null;

  /** 全程目標 / 終點目標. */
  @Column('text', { nullable: true })
  fullTermTarget: string | null;

  /** 備註. */
  @Column('text', { nullable: true })
  remarks: string | null;

  /** Our note on how the row was read (never a figure). */
  @Column('text', { nullable: true })
  note: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 協辦: the co-organisers of a sub-project. */
@Entity('sub_project_co_organiser')
export class SubProjectCoOrganiser {
  @PrimaryColumn('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Index()
  @PrimaryColumn('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column('integer')
  seq: number;
}

/** A sub-project belongs to one or more axes (a table it is listed in). */
@Entity('sub_project_axis')
export class SubProjectAxis {
  @PrimaryColumn('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Index()
  @PrimaryColumn('uuid')
  axisId: string;

  @ManyToOne(() => Axis, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'axis_id' })
  axis?: Axis;

  @Column('text', { nullable: true })
  source: string | null;
}

/** √ / △ of a sub-project in one category column of its axis table. */
@Entity('sub_project_category_mark')
export class SubProjectCategoryMark {
  @PrimaryColumn('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Index()
  @PrimaryColumn('uuid')
  categoryId: string;

  @ManyToOne(() => AxisCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: AxisCategory;

  @Column({ type: 'enum', enum: CategoryMark, enumName: 'category_mark' })
  mark: CategoryMark;
}
