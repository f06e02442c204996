import { CreateDateColumn, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/**
 * A user's private calendar feed: at most one live token per user. Only the token's SHA-256 is
 * kept, so the URL is shown once, when it is made; revoking deletes the row, a new one replaces it.
 */
@Entity('calendar_feed')
export class CalendarFeed {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Hex SHA-256 of the token in the URL. */
  @Index({ unique: true })
  @Column('varchar', { length: 64 })
  tokenHash: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The last time a calendar client fetched it (at most once a minute is recorded). */
  @Column('timestamptz', { nullable: true })
  lastFetchedAt: Date | null;
}
