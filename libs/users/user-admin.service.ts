import { Injectable } from '@nestjs/common';
import type { RequestContext } from '../access/actor.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { fieldProblem } from '../common/validation.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { NotificationLedger, type NotificationToRecord } from '../notifications/ledger.js';
import { AccountTokenPurpose } from './account-token.entity.js';
import { newAccountLink } from './account-links.js';
import { type ManagementScope, managementScopeOf, manages, MINISTRY_ROLES } from './management-scope.js';
import { UserLocale, UserRole } from './user.entity.js';
import {
  END_USER_SESSIONS, INSERT_USER, LOCK_USER, MANAGEABLE_ORGANISATIONS, ORGANISATION_BY_REF, SET_USER_ACTIVE, UPDATE_USER, USER_DETAIL, type UserDetailRow,
} from './users.queries.js';
import type { CreateUserDto, ManagementScopeDto, UpdateUserDto, UserDetailDto } from './users.views.js';

type LockedUser = NonNullable<Awaited<ReturnType<typeof lockUser>>>;

async function lockUser(tx: Tx, id: string) {
  return rowOf(tx.manager, LOCK_USER, [id]);
}

const iso = (at: Date | null) => (at ? new Date(at).toISOString() : null);

/** The audit's picture of an account: never a hash or a token. */
const auditView = (u: { email: string; display_name: string; organisation_id: string | null; roles: string[]; locale: string; is_active: boolean }) => ({
  email: u.email, displayName: u.display_name, organisationId: u.organisation_id, roles: u.roles, locale: u.locale, isActive: u.is_active,
});

/**
 * Account administration: an admin for everyone; a ministry account administrator (部會署窗口) for
 * its organisation and the units under it, giving only ministry roles. An account outside the
 * caller's scope answers 404, as another ministry's data does everywhere. Every change is one
 * unit of work with its audit event; the emails it asks for are recorded in the ledger in the same
 * transaction and queued after the commit.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: NotificationLedger,
  ) {}

  private scope(ctx: RequestContext): ManagementScope {
    const scope = managementScopeOf(ctx.actor);
    if (!scope) throw AppError.forbidden('Only an administrator or a ministry account administrator manages accounts');
    return scope;
  }

  /** What the account screens offer this caller: its organisations and the roles it may give. */
  async managementScope(ctx: RequestContext): Promise<ManagementScopeDto> {
    const scope = this.scope(ctx);
    const rows = await this.uow.run(ctx, (tx) => rowsOf(tx.manager, MANAGEABLE_ORGANISATIONS, [scope.organisationIds]));
    return {
      organisations: rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parent: r.parent_code })),
      grantableRoles: [...scope.grantable],
      mayLeaveOrganisationEmpty: scope.organisationIds === null,
    };
  }

  async detail(ctx: RequestContext, id: string): Promise<UserDetailDto> {
    const scope = this.scope(ctx);
    const row = await this.uow.run(ctx, (tx) => rowOf(tx.manager, USER_DETAIL, [id]));
    if (!row || !manages(scope, row)) throw AppError.notFound('user', id);
    return this.view(row, scope);
  }

  async create(ctx: RequestContext, body: CreateUserDto): Promise<UserDetailDto> {
    const scope = this.scope(ctx);
    const email = body.email.trim().toLowerCase();
    const { id, pending } = await this.write(ctx, async (tx) => {
      const organisationId = await this.organisation(tx, scope, body.organisation ?? null, body.roles);
      this.checkRoles(scope, body.roles, []);
      const inserted = await rowOf(tx.manager, INSERT_USER, [email, body.displayName.trim(), organisationId, body.roles, body.locale ?? UserLocale.ZhTw]);
      if (!inserted) {
        throw new AppError('CONFLICT', `An account with the email ${email} exists already`, { fields: [fieldProblem('email', 'duplicate', 'An account with this email exists already', '已有使用這個電子郵件的帳號')] });
      }
      const after = { email, displayName: body.displayName.trim(), organisationId, roles: body.roles, locale: body.locale ?? UserLocale.ZhTw, isActive: true };
      await tx.audit({ action: 'user.create', entityType: 'user', entityId: inserted.id, after });
      const emails: NotificationToRecord[] = [];
      if (body.invite !== false) emails.push(await this.link(tx, inserted.id, AccountTokenPurpose.Invitation, 'user.invite'));
      return { id: inserted.id, emails };
    });
    await this.ledger.enqueueSends(pending);
    return this.detail(ctx, id);
  }

  async update(ctx: RequestContext, id: string, body: UpdateUserDto): Promise<UserDetailDto> {
    const scope = this.scope(ctx);
    const { pending } = await this.write(ctx, async (tx) => {
      const user = await this.managed(tx, scope, id);
      const roles = body.roles ?? (user.roles as UserRole[]);
      const organisationId = body.organisation === undefined ? user.organisation_id : await this.organisation(tx, scope, body.organisation, roles);
      if (body.roles) this.checkRoles(scope, body.roles, user.roles);
      if (body.organisation === undefined && roles.some((r) => MINISTRY_ROLES.includes(r)) && !organisationId) this.needsOrganisation();
      if (id === ctx.actor.userId && user.roles.includes(UserRole.Admin) && !roles.includes(UserRole.Admin)) {
        throw new AppError('CONFLICT', 'You cannot take the admin role from yourself: ask another administrator');
      }
      const next = { ...user, display_name: body.displayName?.trim() ?? user.display_name, organisation_id: organisationId, roles, locale: body.locale ?? user.locale };
      await execute(tx.manager, UPDATE_USER, [id, next.display_name, next.organisation_id, next.roles, next.locale]);
      // A new organisation or fewer roles take effect at once: the person signs in again with what they have now.
      const narrowed = next.organisation_id !== user.organisation_id || user.roles.some((r) => !roles.includes(r as UserRole));
      if (narrowed) await execute(tx.manager, END_USER_SESSIONS, [id, 'account_changed']);
      await tx.audit({ action: 'user.update', entityType: 'user', entityId: id, before: auditView(user), after: auditView(next) });
      return { id, emails: [] };
    });
    await this.ledger.enqueueSends(pending);
    return this.detail(ctx, id);
  }

  /** Deactivated: every session ends in the same transaction, sign-in is refused, open links stop working. */
  async setActive(ctx: RequestContext, id: string, active: boolean): Promise<UserDetailDto> {
    const scope = this.scope(ctx);
    await this.write(ctx, async (tx) => {
      const user = await this.managed(tx, scope, id);
      if (!active && id === ctx.actor.userId) throw new AppError('CONFLICT', 'You cannot deactivate your own account');
      if (user.is_active !== active) {
        await execute(tx.manager, SET_USER_ACTIVE, [id, active]);
        if (!active) await execute(tx.manager, END_USER_SESSIONS, [id, 'deactivated']);
        await tx.audit({ action: active ? 'user.reactivate' : 'user.deactivate', entityType: 'user', entityId: id, before: { isActive: user.is_active }, after: { isActive: active } });
      }
      return { id, emails: [] };
    });
    return this.detail(ctx, id);
  }

  /**
   * Emails a new one-time link: the invitation while the account has no password yet, else a
   * reset link. The current password keeps working until the new one is set (nobody is locked
   * out by someone asking); setting it ends every session.
   */
  async sendLink(ctx: RequestContext, id: string): Promise<UserDetailDto> {
    const scope = this.scope(ctx);
    const { pending } = await this.write(ctx, async (tx) => {
      const user = await this.managed(tx, scope, id);
      if (!user.is_active) throw new AppError('CONFLICT', 'The account is deactivated: reactivate it first');
      const detail = (await rowOf(tx.manager, USER_DETAIL, [id]))!;
      const purpose = detail.has_password ? AccountTokenPurpose.PasswordReset : AccountTokenPurpose.Invitation;
      return { id, emails: [await this.link(tx, id, purpose, purpose === AccountTokenPurpose.Invitation ? 'user.invite' : 'user.password_reset_sent')] };
    });
    await this.ledger.enqueueSends(pending);
    return this.detail(ctx, id);
  }

  /** A unit of work whose ledger rows are recorded in it; returns the pending notification ids to queue after commit. */
  private async write(ctx: RequestContext, work: (tx: Tx) => Promise<{ id: string; emails: NotificationToRecord[] }>): Promise<{ id: string; pending: string[] }> {
    return this.uow.run(ctx, async (tx) => {
      const { id, emails } = await work(tx);
      return { id, pending: await this.ledger.insert(tx.manager, emails) };
    });
  }

  private async link(tx: Tx, userId: string, purpose: AccountTokenPurpose, action: string): Promise<NotificationToRecord> {
    const { tokenId, email } = await newAccountLink(tx.manager, userId, purpose);
    await tx.audit({ action, entityType: 'user', entityId: userId, after: { purpose, linkId: tokenId } });
    return email;
  }

  private async managed(tx: Tx, scope: ManagementScope, id: string): Promise<LockedUser> {
    const user = await lockUser(tx, id);
    if (!user || !manages(scope, user)) throw AppError.notFound('user', id);
    return user;
  }

  /** The organisation (code or id) the account may be put in by this caller, or null. */
  private async organisation(tx: Tx, scope: ManagementScope, ref: string | null, roles: readonly UserRole[]): Promise<string | null> {
    if (ref === null) {
      if (scope.organisationIds !== null || roles.some((r) => MINISTRY_ROLES.includes(r))) this.needsOrganisation();
      return null;
    }
    const org = await rowOf(tx.manager, ORGANISATION_BY_REF, [ref]);
    if (!org) throw AppError.invalid([fieldProblem('organisation', 'unknownReference', `No organisation has the code or id "${ref}"`, `沒有代碼或編號為「${ref}」的機關`)]);
    if (scope.organisationIds !== null && !scope.organisationIds.includes(org.id)) {
      throw AppError.forbidden('A ministry account administrator manages only the accounts of its own organisation and the units under it');
    }
    return org.id;
  }

  private needsOrganisation(): never {
    throw AppError.invalid([fieldProblem('organisation', 'required', 'Ministry accounts need their organisation', '部會帳號必須指定所屬機關')]);
  }

  /** Roles the caller may not give may not be added or taken away by it either. */
  private checkRoles(scope: ManagementScope, roles: readonly UserRole[], before: readonly string[]): void {
    const changed = [...roles.filter((r) => !before.includes(r)), ...before.filter((r) => !roles.includes(r as UserRole))];
    const refused = changed.filter((r) => !scope.grantable.includes(r as UserRole));
    if (refused.length) throw AppError.forbidden(`You may not give or take the role${refused.length > 1 ? 's' : ''} ${refused.join(', ')}: only ${scope.grantable.join(', ')}`);
  }

  private view(r: UserDetailRow, scope: ManagementScope): UserDetailDto {
    return {
      id: r.id, email: r.email, displayName: r.display_name, organisationId: r.organisation_id, organisationCode: r.organisation_code,
      organisationName: r.organisation_name, roles: r.roles as UserRole[], locale: r.locale as UserLocale, isActive: r.is_active, isDemo: r.is_demo,
      hasPassword: r.has_password, createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!, lastSignInAt: iso(r.last_sign_in_at),
      pendingLink: r.pending_link_purpose && r.pending_link_expires_at ? { purpose: r.pending_link_purpose, expiresAt: iso(r.pending_link_expires_at)! } : null,
      grantableRoles: [...scope.grantable],
    };
  }
}
