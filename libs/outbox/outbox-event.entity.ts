import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work that must follow a committed change (an email when a submission is returned …), recorded
 * in the same transaction. The relay (jobs issue) moves unpublished rows to the queue.
 */
@Entity('outbox_event')
@Index('IDX_outbox_event_unpublished', ['id'], { where: '"published_at" IS NULL' })
export class OutboxEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** An OutboxTopic (libs/outbox/topics.ts). Stored: never rename without a migration plan. */
  @Column('varchar', { length: 64 })
  topic: string;

  @Column('varchar', { length: 64 })
  aggregateType: string;

  @Column('uuid')
  aggregateId: string;

  /** Ids, and what the emails must say as it was at the step (libs/outbox/topics.ts), never whole entities. */
  @Column('jsonb', { default: () => "'{}'" })
  payload: Record<string, unknown>;

  /** Who took the step (null for the system): their own step does not email them. */
  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;

  @Column('integer', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  lastError: string | null;
}
