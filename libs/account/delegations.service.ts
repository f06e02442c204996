import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, isSecretariat, type RequestContext } from '../access/actor.js';
import type { ActingForLookup } from '../access/session-lookup.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { Clock, daysBetween } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import type { UserRole } from '../users/user.entity.js';
import {
  ACTING_FOR, DELEGATE_CANDIDATES, DELEGATION, type DelegationRow, END_DELEGATION, INSERT_DELEGATION, LOCK_DELEGATION, LOCK_PERSON,
  MY_DELEGATIONS, ORGANISATION_DELEGATIONS, OVERLAPPING_DELEGATIONS, PERSON,
} from './account.queries.js';
import type { CandidateDto, CreateDelegationDto, DelegationDto, MyDelegationsDto } from './account.views.js';

/** A delegation lasts at most a year: longer is a change of post, not a stand-in. */
const MAX_DAYS = 366;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function statusOf(row: DelegationRow, today: string): DelegationDto['status'] {
  if (row.ended_at) return 'ended';
  if (row.ends_on < today) return 'expired';
  return row.starts_on > today ? 'upcoming' : 'active';
}

/**
 * 職務代理: a user names a colleague of the same organisation holding the same roles to act for
 * them from one Taipei date to another (inclusive). While it lasts the delegate may send
 * X-Acting-For: <delegator id> and the AccessGuard makes the delegator the actor (actFor below);
 * the audit trail records the delegate beside them.
 */
@Injectable()
export class DelegationsService implements ActingForLookup {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The delegator as the actor for this request, checked against today's delegations on every request. */
  async actFor(delegate: Actor, delegatorUserId: string): Promise<Actor> {
    const refuse = () => new AppError('DELEGATION_NOT_ACTIVE', 'You are not acting for this user today: no active delegation names you', { userId: delegatorUserId });
    if (!UUID.test(delegatorUserId)) throw refuse();
    const row = await rowOf(this.dataSource, ACTING_FOR, [delegatorUserId, delegate.userId, this.clock.today()]);
    if (!row) throw refuse();
    return {
      userId: row.id, sessionId: delegate.sessionId, email: row.email, displayName: row.display_name, roles: row.roles as UserRole[],
      locale: row.locale, organisationId: row.organisation_id, organisationIds: row.organisation_ids,
      actingUserId: delegate.userId, actingDisplayName: delegate.displayName,
    };
  }

  async candidates(actor: Actor): Promise<CandidateDto[]> {
    const rows = await rowsOf(this.dataSource, DELEGATE_CANDIDATES, [actor.userId]);
    return rows.map((r) => ({ userId: r.id, displayName: r.display_name, email: r.email }));
  }

  async mine(actor: Actor): Promise<MyDelegationsDto> {
    const today = this.clock.today();
    const rows = (await rowsOf(this.dataSource, MY_DELEGATIONS, [actor.userId])).map((r) => this.dto(r, today));
    const received = rows.filter((d) => d.delegate.userId === actor.userId);
    return {
      given: rows.filter((d) => d.delegator.userId === actor.userId),
      received,
      canActFor: received.filter((d) => d.status === 'active').map((d) => d.delegator),
    };
  }

  /** The secretariat reads any organisation's; everyone else their own organisation's (and its units'). */
  async list(actor: Actor, organisationId: string | undefined): Promise<DelegationDto[]> {
    const today = this.clock.today();
    let ids: string[];
    if (isSecretariat(actor) && organisationId) ids = [organisationId];
    else if (organisationId && !actor.organisationIds.includes(organisationId)) throw AppError.notFound('organisation', organisationId);
    else ids = organisationId ? [organisationId] : actor.organisationIds;
    return (await rowsOf(this.dataSource, ORGANISATION_DELEGATIONS, [ids])).map((r) => this.dto(r, today));
  }

  async get(actor: Actor, id: string): Promise<DelegationDto> {
    const row = await rowOf(this.dataSource, DELEGATION, [id]);
    if (!row || !this.visible(actor, row)) throw AppError.notFound('delegation', id);
    return this.dto(row, this.clock.today());
  }

  async create(ctx: RequestContext, input: CreateDelegationDto): Promise<DelegationDto> {
    const me = ctx.actor;
    const today = this.clock.today();
    for (const field of ['startsOn', 'endsOn'] as const) {
      if (!isRealDate(input[field])) throw AppError.invalid([{ field, problems: [`${field} is not a calendar date`], codes: ['invalid'] }]);
    }
    if (input.endsOn < input.startsOn || input.endsOn < today || daysBetween(input.startsOn, input.endsOn) + 1 > MAX_DAYS) {
      throw new AppError('DELEGATION_DATES_INVALID', `The period must not end before it starts nor before today (${today}), and lasts at most ${MAX_DAYS} days`,
        { startsOn: input.startsOn, endsOn: input.endsOn, today });
    }
    if (input.delegateUserId === me.userId) throw new AppError('DELEGATE_IS_SELF', 'You cannot name yourself as your acting delegate');

    const id = await this.uow.run(ctx, async (tx) => {
      await rowOf(tx.manager, LOCK_PERSON, [me.userId]);
      const delegator = (await rowOf(tx.manager, PERSON, [me.userId]))!;
      const delegate = await rowOf(tx.manager, PERSON, [input.delegateUserId]);
      if (!delegate) throw AppError.notFound('user', input.delegateUserId);
      if (delegate.organisation_id !== delegator.organisation_id) {
        throw new AppError('DELEGATE_OTHER_ORGANISATION', 'The acting delegate must belong to your own organisation');
      }
      if (!delegator.roles.every((r) => delegate.roles.includes(r))) {
        throw new AppError('DELEGATE_DIFFERENT_ROLE', `The acting delegate must hold your roles: ${delegator.roles.join(', ')}`, { roles: delegator.roles });
      }
      if (!delegate.is_active) throw new AppError('DELEGATE_INACTIVE', 'This colleague\'s account is deactivated');
      // One stand-in at a time, and not someone who is away themselves then (nor a circle of two).
      const start = input.startsOn < today ? today : input.startsOn;
      const overlapping = await rowsOf(tx.manager, OVERLAPPING_DELEGATIONS, [[me.userId, delegate.id], start, input.endsOn, today]);
      if (overlapping.length > 0) {
        const mineOverlap = overlapping.some((o) => o.delegator_user_id === me.userId);
        throw new AppError('DELEGATION_OVERLAPS', mineOverlap
          ? 'You already named an acting delegate for part of this period: end or shorten that one first'
          : 'This colleague has named their own acting delegate for part of this period', { delegations: overlapping.map((o) => o.id) });
      }
      const created = (await rowOf(tx.manager, INSERT_DELEGATION, [
        me.userId, delegate.id, delegator.organisation_id, start, input.endsOn, input.reason?.trim() || null,
      ]))!;
      await tx.audit({
        action: 'delegation.create', entityType: 'delegation', entityId: created.id,
        after: { delegatorUserId: me.userId, delegateUserId: delegate.id, startsOn: start, endsOn: input.endsOn, reason: input.reason?.trim() || null },
      });
      return created.id;
    });
    return this.get(me, id);
  }

  /** Ends a delegation early (from now): the delegator, the delegate, or an admin may. */
  async end(ctx: RequestContext, id: string): Promise<DelegationDto> {
    const today = this.clock.today();
    await this.uow.run(ctx, async (tx) => {
      const row = await rowOf(tx.manager, LOCK_DELEGATION, [id]);
      if (!row || !this.visible(ctx.actor, row)) throw AppError.notFound('delegation', id);
      const party = [row.delegator_user_id, row.delegate_user_id].includes(ctx.actor.userId);
      if (!party && !ctx.actor.roles.includes('admin' as UserRole)) throw AppError.forbidden('Only its two people or an administrator may end a delegation');
      const status = statusOf(row, today);
      if (status === 'ended' || status === 'expired') throw new AppError('DELEGATION_ENDED', `This delegation has already ${status === 'ended' ? 'been ended' : 'expired'}`);
      await execute(tx.manager, END_DELEGATION, [id, ctx.actor.userId]);
      await tx.audit({ action: 'delegation.end', entityType: 'delegation', entityId: id, before: { status }, after: { status: 'ended' } });
    });
    return this.get(ctx.actor, id);
  }

  private visible(actor: Actor, row: DelegationRow): boolean {
    return row.delegator_user_id === actor.userId || row.delegate_user_id === actor.userId || isSecretariat(actor)
      || (row.organisation_id !== null && actor.organisationIds.includes(row.organisation_id));
  }

  private dto(r: DelegationRow, today: string): DelegationDto {
    return {
      id: r.id,
      delegator: { userId: r.delegator_user_id, displayName: r.delegator_name, email: r.delegator_email },
      delegate: { userId: r.delegate_user_id, displayName: r.delegate_name, email: r.delegate_email },
      organisationId: r.organisation_id, startsOn: r.starts_on, endsOn: r.ends_on, reason: r.reason,
      createdAt: r.created_at.toISOString(), endedAt: r.ended_at?.toISOString() ?? null, status: statusOf(r, today),
    };
  }
}
