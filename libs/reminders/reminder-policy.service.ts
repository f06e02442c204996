import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import {
  DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, programmePolicyChainsSql, type ReminderPolicy, validateReminderPolicy,
} from './reminder-policy.js';
import type { ReminderPolicyDto } from './reminder-policy.views.js';

interface ProgrammeRow {
  id: string;
  code: string;
  name: string;
  reminder_policy: ReminderPolicy | null;
}

/** Reads and sets programmes' reminder policies (libs/reminders/reminder-policy.ts). */
@Injectable()
export class ReminderPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async policyOf(code: string, manager: EntityManager = this.dataSource.manager): Promise<ReminderPolicyDto> {
    const [p]: { code: string; name: string; chain: { code: string; reminderPolicy: unknown }[] }[] = await manager.query(
      `SELECT c.code, p.name, c.chain FROM (${programmePolicyChainsSql('p.code = $1')}) c JOIN programme p ON p.id = c.id`,
      [code],
    );
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
      const [p]: ProgrammeRow[] = await tx.query('SELECT id, code, name, reminder_policy FROM programme WHERE code = $1 FOR UPDATE', [code]);
      if (!p) throw AppError.notFound('programme', code);
      // Compared as jsonb (key order is jsonb's own): an unchanged policy writes nothing.
      const changed: unknown[] = await tx.query(
        `WITH changed AS (
           UPDATE programme SET reminder_policy = $2::jsonb, updated_at = now() WHERE id = $1 AND reminder_policy IS DISTINCT FROM $2::jsonb RETURNING id
         ) SELECT id FROM changed`,
        [p.id, policy === null ? null : JSON.stringify(policy)],
      );
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
