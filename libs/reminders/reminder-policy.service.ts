import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import {
  DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, type ReminderPolicy, validateReminderPolicy,
} from './reminder-policy.js';
import type { ReminderPolicyDto } from './reminder-policy.views.js';
import { LOCK_PROGRAMME_POLICY, PROGRAMME_POLICY_CHAIN, SET_PROGRAMME_POLICY } from './reminder.queries.js';

/** Reads and sets programmes' reminder policies (libs/reminders/reminder-policy.ts). */
@Injectable()
export class ReminderPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async policyOf(code: string, manager: EntityManager = this.dataSource.manager): Promise<ReminderPolicyDto> {
    const p = await rowOf(manager, PROGRAMME_POLICY_CHAIN, [code]);
    if (!p) throw AppError.notFound('programme', code);
    const effective = effectiveReminderPolicy(p.chain);
    return {
      programme: { code: p.code, name: p.name },
      policy: effective.policy,
      source: effective.source,
      definedOn: effective.from,
      defaults: structuredClone(DEFAULT_REMINDER_POLICY) as ReminderPolicy,
    };
  }

  /** Sets the programme's own policy (audited as programme.reminder_policy with before/after); an unchanged policy writes nothing. */
  async put(ctx: RequestContext, code: string, input: unknown): Promise<ReminderPolicyDto> {
    const policy = validateReminderPolicy(input);
    return this.setOwn(ctx, code, policy);
  }

  /** Removes the programme's own policy: it inherits its parent's again, else the defaults. */
  async remove(ctx: RequestContext, code: string): Promise<ReminderPolicyDto> {
    return this.setOwn(ctx, code, null);
  }

  private setOwn(ctx: RequestContext, code: string, policy: ReminderPolicy | null): Promise<ReminderPolicyDto> {
    return this.uow.run(ctx, async (tx) => {
      const p = await rowOf(tx, LOCK_PROGRAMME_POLICY, [code]);
      if (!p) throw AppError.notFound('programme', code);
      // Compared as jsonb (key order is jsonb's own): an unchanged policy writes nothing.
      const changed = await rowsOf(tx, SET_PROGRAMME_POLICY, [p.id, policy === null ? null : JSON.stringify(policy)]);
      if (changed.length) {
        await tx.audit({
          action: 'programme.reminder_policy', entityType: 'programme', entityId: p.id,
          before: { reminderPolicy: p.reminder_policy }, after: { reminderPolicy: policy },
        });
      }
      return this.policyOf(code, tx.manager);
    });
  }
}
