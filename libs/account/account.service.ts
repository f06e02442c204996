import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor, RequestContext } from '../access/actor.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { hashPassword, passwordProblem, verifyPassword } from '../auth/passwords.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { execute } from '../database/sql-query.js';
import {
  LIVE_SESSIONS, LOCK_PASSWORD, PROFILE, type ProfileRow, REVOKE_OTHER_SESSIONS, REVOKE_OWN_SESSION, SET_PASSWORD, UPDATE_PROFILE,
} from './account.queries.js';
import type { MySessionDto, PasswordChangedDto, ProfileDto, UpdateProfileDto } from './account.views.js';

const profileOf = (row: ProfileRow): ProfileDto => ({
  userId: row.id, email: row.email, displayName: row.display_name, locale: row.locale, roles: row.roles,
  organisationId: row.organisation_id, organisationName: row.organisation_name,
});

/**
 * My account: profile, password, sessions. Every method is the signed-in person's own (the routes
 * are @AsMyself: a delegate acting for someone still changes only their own account).
 */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
  ) {}

  async profile(actor: Actor): Promise<ProfileDto> {
    const row = await rowOf(this.dataSource, PROFILE, [actor.userId]);
    if (!row) throw AppError.notFound('user', actor.userId);
    return profileOf(row);
  }

  async updateProfile(ctx: RequestContext, change: UpdateProfileDto): Promise<ProfileDto> {
    const userId = ctx.actor.userId;
    return this.uow.run(ctx, async (tx) => {
      const before = (await rowOf(tx.manager, PROFILE, [userId]))!;
      const displayName = change.displayName?.trim() ?? before.display_name;
      if (!displayName) throw AppError.invalid([{ field: 'displayName', problems: ['displayName must not be empty'], codes: ['required'] }]);
      const locale = change.locale ?? before.locale;
      if (displayName !== before.display_name || locale !== before.locale) {
        await execute(tx.manager, UPDATE_PROFILE, [userId, displayName, locale]);
        await tx.audit({
          action: 'user.update_profile', entityType: 'user', entityId: userId,
          before: { displayName: before.display_name, locale: before.locale }, after: { displayName, locale },
        });
      }
      return profileOf((await rowOf(tx.manager, PROFILE, [userId]))!);
    });
  }

  /** The current password first; then the policy; then every other session of the person ends (this one stays). */
  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<PasswordChangedDto> {
    const { userId, sessionId } = ctx.actor;
    return this.uow.run(ctx, async (tx) => {
      const user = await rowOf(tx.manager, LOCK_PASSWORD, [userId]);
      if (!user?.password_hash || !(await verifyPassword(user.password_hash, currentPassword))) {
        throw new AppError('WRONG_CURRENT_PASSWORD', 'The current password is not correct');
      }
      const problem = passwordProblem(newPassword, { email: user.email });
      if (problem) throw new AppError(problem, PASSWORD_MESSAGES[problem]);
      await execute(tx.manager, SET_PASSWORD, [userId, await hashPassword(newPassword)]);
      const ended = await rowsOf(tx.manager, REVOKE_OTHER_SESSIONS, [userId, sessionId, 'password_change']);
      await tx.audit({ action: 'user.change_password', entityType: 'user', entityId: userId, after: { endedSessions: ended.length } });
      return { endedSessions: ended.length };
    });
  }

  async sessions(actor: Actor): Promise<MySessionDto[]> {
    const { BROWSER_SESSION_IDLE_SECONDS, ACCESS_TOKEN_TTL_SECONDS } = this.config.auth;
    const rows = await rowsOf(this.dataSource, LIVE_SESSIONS, [actor.userId, BROWSER_SESSION_IDLE_SECONDS, ACCESS_TOKEN_TTL_SECONDS]);
    return rows.map((r) => ({
      id: r.id, kind: r.kind, createdAt: r.created_at.toISOString(), lastUsedAt: r.last_used_at.toISOString(), ip: r.ip, userAgent: r.user_agent,
      current: r.id === actor.sessionId,
    }));
  }

  /** Ends one of my sessions at once (its next request answers 401); another person's session is not found. */
  async endSession(ctx: RequestContext, sessionId: string): Promise<void> {
    await this.uow.run(ctx, async (tx) => {
      const ended = await rowOf(tx.manager, REVOKE_OWN_SESSION, [ctx.actor.userId, sessionId, 'signed_out_from_account']);
      if (!ended) throw AppError.notFound('session', sessionId);
      await tx.audit({ action: 'user_session.revoke', entityType: 'user_session', entityId: sessionId, after: { reason: 'signed_out_from_account' } });
    });
  }

  async endOtherSessions(ctx: RequestContext): Promise<{ ended: number }> {
    return this.uow.run(ctx, async (tx) => {
      const ended = await rowsOf(tx.manager, REVOKE_OTHER_SESSIONS, [ctx.actor.userId, ctx.actor.sessionId, 'signed_out_from_account']);
      await tx.audit({ action: 'user.end_other_sessions', entityType: 'user', entityId: ctx.actor.userId, after: { endedSessions: ended.length } });
      return { ended: ended.length };
    });
  }
}

const PASSWORD_MESSAGES = {
  PASSWORD_TOO_SHORT: 'The new password needs at least 12 characters',
  PASSWORD_TOO_LONG: 'The new password is too long (at most 256 characters)',
  PASSWORD_TOO_COMMON: 'The new password is in the list of common passwords: choose another',
  PASSWORD_CONTAINS_EMAIL: 'The new password may not contain the name part of your email address',
} as const;
