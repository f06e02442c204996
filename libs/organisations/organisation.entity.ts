import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, UpdateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum OrganisationKind {
  Ministry = 'ministry',
  Agency = 'agency',
  Unit = 'unit',
  Office = 'office',
  Body = 'body',
}

/** 部會 / 機關: a ministry, one of its agencies or units, an office, or a committee. */
@Entity('organisation')
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable code; for seeded rows the seed key. */
  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  code: string;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  /** The current name, as the documents write it (e.g. 國科會). */
  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  fullName: string | null;

  @Column('text', { nullable: true })
  nameEn: string | null;

  @Index()
  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Organisation | null;

  @OneToMany(() => OrganisationName, (n) => n.organisation)
  names?: OrganisationName[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Every name a body has had (科技部 → 國科會), with the dates the documents give. */
@Entity('organisation_name')
@Index(['organisationId', 'name'], { unique: true })
@Check('CHK_organisation_name_dates', '"valid_to" IS NULL OR "valid_from" IS NULL OR "valid_to" >= "valid_from"')
export class OrganisationName {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organisationId: string;

  @ManyToOne(() => Organisation, (o) => o.names, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Organisation;

  @Column('text')
  name: string;

  @Column('date', { nullable: true })
  validFrom: string | null;

  @Column('date', { nullable: true })
  validTo: string | null;

  @Column('text', { nullable: true })
  source: string | null;

  @Column('text', { nullable: true })
  note: string | null;
}
