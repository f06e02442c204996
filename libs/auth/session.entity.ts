import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity.js';

/** `bearer`: an API client holding both tokens; `browser`: the cookie of POST /api/auth/session, whose expiry slides. */
export type SessionKind = 'bearer' | 'browser';

/**
 * A signed-in session. Access and refresh tokens are opaque random strings; only their SHA-256
 * is stored, so a database leak reveals no usable token. Revoking the row ends both at once.
 */
@Entity('user_session')
@Check('CHK_user_session_kind', `"kind" IN ('bearer', 'browser')`)
export class UserSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index({ unique: true })
  @Column('char', { length: 64 })
  accessTokenHash: string;

  @Column('timestamptz')
  accessExpiresAt: Date;

  @Column('char', { length: 64 })
  refreshTokenHash: string;

  /** For browser sessions, the absolute end: sliding never extends the access expiry past it. */
  @Column('timestamptz')
  refreshExpiresAt: Date;

  @Column('text', { default: 'bearer' })
  kind: SessionKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  revokedAt: Date | null;

  /** logout, refresh_reuse (a rotated refresh token came back), … */
  @Column('text', { nullable: true })
  revokedReason: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('text', { nullable: true })
  userAgent: string | null;
}

/**
 * A refresh token the session already rotated away from (its SHA-256). Only such a token coming
 * back is a replay that ends the session; a token never issued is just refused.
 */
@Entity('used_refresh_token')
export class UsedRefreshToken {
  @PrimaryColumn('char', { length: 64 })
  tokenHash: string;

  @Index()
  @Column('uuid')
  sessionId: string;

  @ManyToOne(() => UserSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: UserSession;

  @CreateDateColumn({ type: 'timestamptz' })
  usedAt: Date;
}

/** Every sign-in attempt, failed ones included: the sign-in limits count the real password failures among these. */
@Entity('login_attempt')
@Index(['email', 'at'])
@Index(['ip', 'at'])
export class LoginAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('varchar', { length: 254 })
  email: string;

  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('boolean')
  succeeded: boolean;

  /** bad_password, unknown_user, inactive (failures, counted by the limits); rate_limited (refused unchecked, not counted) */
  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
