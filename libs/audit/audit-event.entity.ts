import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An append-only record of a state change, written in the same transaction as the change.
 * A database trigger refuses UPDATE and DELETE on this table (see the migration), and the
 * application's role has no UPDATE, DELETE or TRUNCATE on it. At commit a trigger chains each row
 * to the one before (hash = sha256(prev_hash || content)): `npm run audit:verify` checks the chain.
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

  /** The X-Request-Id the client sent: untrusted, for correlating with the client's own logs only. */
  @Column('text', { nullable: true })
  clientRequestId: string | null;

  /**
   * The person who acted when it differs from actorUserId: a delegate acting for the actor (職務代理).
   * Part of the hash like every later column (migration HashEveryAuditColumn).
   */
  @Column('uuid', { nullable: true })
  actingUserId: string | null;

  /** Position in the hash chain (commit order, 1, 2, 3 …); set by the sealing trigger at commit. */
  @Index('UQ_audit_event_chain_seq', { unique: true })
  @Column('bigint', { nullable: true })
  chainSeq: string | null;

  @Column('char', { length: 64, nullable: true })
  prevHash: string | null;

  @Column('char', { length: 64, nullable: true })
  hash: string | null;
}
