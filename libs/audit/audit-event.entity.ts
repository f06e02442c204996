import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An append-only record of a state change, written in the same transaction as the change.
 * A database trigger refuses UPDATE and DELETE on this table (see the migration).
 */
@Entity('audit_event')
@Index(['entityType', 'entityId', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Index()
  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('uuid', { nullable: true })
  actorOrganisationId: string | null;

  /** e.g. submission.return, sub_project.assign */
  @Column('varchar', { length: 64 })
  action: string;

  @Column('varchar', { length: 64 })
  entityType: string;

  @Column('uuid')
  entityId: string;

  @Column('jsonb', { nullable: true })
  before: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after: Record<string, unknown> | null;

  @Column('text', { nullable: true })
  requestId: string | null;
}
