import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';
import { SubProject } from './sub-project.entity.js';

/** One assignment of a sub-project (lead + co-organisers); reassignment ends it and starts another. */
@Entity('sub_project_assignment')
@Index(['subProjectId', 'assignedAt'])
export class SubProjectAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  subProjectId: string;

  @ManyToOne(() => SubProject, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sub_project_id' })
  subProject?: SubProject;

  @Column('uuid')
  leadOrganisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_organisation_id' })
  leadOrganisation?: Organisation;

  @Column('uuid', { array: true, default: () => "'{}'" })
  coOrganiserIds: string[];

  @Column('uuid', { nullable: true })
  assignedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  assignedAt: Date;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt: Date | null;

  @Column('uuid', { nullable: true })
  acknowledgedBy: string | null;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;
}
