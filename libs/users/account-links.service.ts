import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, RequestContext } from '../access/actor.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { hashPassword, passwordProblem, PASSWORD_MIN_LENGTH, type PasswordProblem } from '../auth/passwords.js';
import { sha256 } from '../auth/tokens.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { execute, rowOf } from '../database/sql-query.js';
import { NotificationLedger } from '../notifications/ledger.js';
import { AccountTokenPurpose } from './account-token.entity.js';
import { newAccountLink } from './account-links.js';
import type { UserRole } from './user.entity.js';
import {
  END_USER_SESSIONS, LOCK_TOKEN_BY_HASH, MARK_TOKEN_USED, RECORD_RESET_REQUEST, RESET_REQUESTS, RETIRE_OPEN_TOKENS, SET_PASSWORD_HASH, TOKEN_BY_HASH,
  type TokenRow, USER_BY_EMAIL,
} from './users.queries.js';
import type { LinkStateDto } from './users.views.js';

/** Reset requests per window: from one address, and for one email (whoever asks). Beyond: 429, the same whether the email has an account or not. */
export const RESET_WINDOW_SECONDS = 900;
export const RESET_MAX_PER_ADDRESS = 10;
export const RESET_MAX_PER_EMAIL = 3;

const PASSWORD_MESSAGE: Record<PasswordProblem, string> = {
  PASSWORD_TOO_SHORT: `The password needs at least ${PASSWORD_MIN_LENGTH} characters`,
  PASSWORD_TOO_LONG: 'The password is too long (at most 256 characters)',
  PASSWORD_TOO_COMMON: 'This password is too common (it is in the list of common passwords): choose another',
  PASSWORD_CONTAINS_EMAIL: 'The password may not contain the name part of your email address',
};

/** A request made by whoever holds a link: the account it is for acts (for the audit trail). */
function asAccount(row: Pick<TokenRow, 'user_id' | 'email' | 'display_name' | 'roles' | 'locale' | 'organisation_id'>, requestId: string): RequestContext {
  const actor: Actor = {
    userId: row.user_id, sessionId: '', email: row.email, displayName: row.display_name, roles: row.roles as UserRole[], locale: row.locale,
    organisationId: row.organisation_id, organisationIds: [],
  };
  return { actor, requestId };
}

/**
 * The public side of one-time links: what a link is for (the set-password page asks before the
 * person types), setting the password with it (once), and asking for a reset link by email.
 */
@Injectable()
export class AccountLinksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly ledger: NotificationLedger,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async state(token: string): Promise<LinkStateDto> {
    const row = usable(await rowOf(this.dataSource, TOKEN_BY_HASH, [sha256(token)]));
    return { purpose: row.purpose, email: row.email, displayName: row.display_name, expiresAt: new Date(row.expires_at).toISOString(), minLength: PASSWORD_MIN_LENGTH };
  }

  /**
   * Sets the password once: the link is used up, every other open link of the account retired,
   * and every session of the account ends (after a reset, whoever had the old password is out).
   */
  async setPassword(token: string, password: string, requestId: string): Promise<{ email: string }> {
    const hash = sha256(token);
    const first = usable(await rowOf(this.dataSource, TOKEN_BY_HASH, [hash]));
    // The configured demo password too: production refuses to start while an account has it.
    const problem = passwordProblem(password, { email: first.email }) ?? (password === this.config.seed.DEMO_PASSWORD ? 'PASSWORD_TOO_COMMON' : null);
    if (problem) throw new AppError(problem, PASSWORD_MESSAGE[problem], { fields: [{ field: 'password', problems: [PASSWORD_MESSAGE[problem]], codes: [problem] }] });
    // Hashed before the row is locked: argon2 takes tens of milliseconds.
    const passwordHash = await hashPassword(password);
    return this.uow.run(asAccount(first, requestId), async (tx) => {
      const row = usable(await rowOf(tx.manager, LOCK_TOKEN_BY_HASH, [hash]));
      await execute(tx.manager, SET_PASSWORD_HASH, [row.user_id, passwordHash]);
      await execute(tx.manager, MARK_TOKEN_USED, [row.id]);
      await execute(tx.manager, RETIRE_OPEN_TOKENS, [row.user_id]);
      await execute(tx.manager, END_USER_SESSIONS, [row.user_id, 'password_set']);
      await tx.audit({ action: row.purpose === AccountTokenPurpose.Invitation ? 'user.invitation_accept' : 'user.password_reset', entityType: 'user', entityId: row.user_id, after: { linkId: row.id } });
      return { email: row.email };
    });
  }

  /** Emails a reset link when the address has an active account; answers the same either way. */
  async requestReset(rawEmail: string, ip: string | null, requestId: string): Promise<void> {
    const email = rawEmail.trim().toLowerCase();
    const counts = (await rowOf(this.dataSource, RESET_REQUESTS, [ip, email, RESET_WINDOW_SECONDS]))!;
    if (counts.from_address >= RESET_MAX_PER_ADDRESS || counts.for_email >= RESET_MAX_PER_EMAIL) {
      throw new AppError('RATE_LIMITED', 'Too many password reset requests: try again in 15 minutes', { retryAfterSeconds: RESET_WINDOW_SECONDS });
    }
    const user = await rowOf(this.dataSource, USER_BY_EMAIL, [email]);
    await execute(this.dataSource, RECORD_RESET_REQUEST, [email.slice(0, 254), user?.id ?? null, ip]);
    if (!user || !user.is_active) return;
    const ctx = asAccount({ ...user, user_id: user.id }, requestId);
    const pending = await this.uow.run(ctx, async (tx) => {
      const { tokenId, email: mail } = await newAccountLink(tx.manager, user.id, AccountTokenPurpose.PasswordReset);
      await tx.audit({ action: 'user.password_reset_request', entityType: 'user', entityId: user.id, after: { purpose: AccountTokenPurpose.PasswordReset, linkId: tokenId, ip } });
      return this.ledger.insert(tx.manager, [mail]);
    });
    await this.ledger.enqueueSends(pending);
  }
}

/** The row of a link that still works, or the reason it does not (a deactivated account's links do not work). */
function usable(row: TokenRow | undefined): TokenRow {
  if (!row || !row.is_active) throw new AppError('LINK_INVALID', 'This link is not valid: ask for a new one');
  if (row.used) throw new AppError('LINK_USED', 'This link was used already, or a newer one was sent: sign in, or ask for a new link');
  if (row.expired) throw new AppError('LINK_EXPIRED', 'This link has expired: ask for a new one');
  return row;
}
