import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity.js';

/** What a one-time link lets its holder do. Stored: never rename without a migration plan. */
export enum AccountTokenPurpose {
  /** Set the first password of an invited account. */
  Invitation = 'invitation',
  /** Set a new password (asked by the user, or sent by an administrator). */
  PasswordReset = 'password_reset',
}

/**
 * A one-time link (invitation or password reset). Only the SHA-256 of the token is stored, and only
 * once the email carrying it is written (the renderer makes the token inside the send transaction),
 * so neither the ledger nor this table ever holds a usable token. Single use: `used_at`.
 */
@Entity('account_token')
@Check('CHK_account_token_purpose', `"purpose" IN ('invitation', 'password_reset')`)
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column('varchar', { length: 32 })
  purpose: AccountTokenPurpose;

  /** Null until the email is written. */
  @Index({ unique: true })
  @Column('char', { length: 64, nullable: true })
  tokenHash: string | null;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
