import { defineQuery } from '../database/sql-query.js';
import type { NotificationKind } from '../notifications/notification.entity.js';
import { ORGANISATION_CLOSURE } from '../notifications/recipients.js';
import { type EscalationRole, programmePolicyChainsSql, type ReminderPolicy } from './reminder-policy.js';

type PolicyChain = { code: string; reminderPolicy: unknown }[];

/** Every programme with its chain of stored policies (programmes are few: the sweep reads them all). */
export const POLICY_CHAINS = defineQuery<{ id: string; code: string; chain: PolicyChain }>(
  'reminders.policy-chains', programmePolicyChainsSql(), { id: true, code: true, chain: true },
);

/** $1 programme code */
export const PROGRAMME_POLICY_CHAIN = defineQuery<{ code: string; name: string; chain: PolicyChain }>(
  'reminders.programme-policy-chain',
  `SELECT c.code, p.name, c.chain FROM (${programmePolicyChainsSql('p.code = $1')}) c JOIN programme p ON p.id = c.id`,
  { code: true, name: true, chain: true },
);

/** $1 programme code */
export const LOCK_PROGRAMME_POLICY = defineQuery<{ id: string; code: string; name: string; reminder_policy: ReminderPolicy | null }>(
  'reminders.lock-programme-policy', 'SELECT id, code, name, reminder_policy FROM programme WHERE code = $1 FOR UPDATE',
  { id: true, code: true, name: true, reminder_policy: true },
);

/** Compared as jsonb (key order is jsonb's own): an unchanged policy writes nothing, and returns no row. $1 programme id, $2 policy */
export const SET_PROGRAMME_POLICY = defineQuery<{ id: string }>(
  'reminders.set-programme-policy',
  `WITH changed AS (
     UPDATE programme SET reminder_policy = $2::jsonb, updated_at = now() WHERE id = $1 AND reminder_policy IS DISTINCT FROM $2::jsonb RETURNING id
   ) SELECT id FROM changed`,
  { id: true },
);

/**
 * One batch, one query: the next open milestones due on $1 after code $2 (a range scan of
 * IDX_milestone_open_due (due_date, code) WHERE status <> 'accepted'), matched to the rules of
 * their programme, with every recipient resolved set-based (officers/supervisors acting for the
 * lead organisation through the organisation closure; coordinators: all active ones).
 * Every scanned milestone comes back at least once (recipient columns null when nothing applies)
 * so that the caller knows where the batch ended.
 */
const REMINDER_BATCH_TEXT = `
  WITH RECURSIVE ${ORGANISATION_CLOSURE},
  batch AS (
    SELECT m.id, m.code, m.sub_project_id, m.status
      FROM milestone m
     WHERE m.due_date = $1 AND m.status <> 'accepted' AND m.code > $2
     ORDER BY m.code
     LIMIT $3
  ),
  rule AS (
    SELECT * FROM unnest($4::uuid[], $5::varchar[], $6::int[], $7::user_role[]) AS r(programme_id, kind, days, role)
  ),
  due AS (
    SELECT b.id, sp.lead_organisation_id, r.kind, r.days, r.role
      FROM batch b
      JOIN sub_project sp ON sp.id = b.sub_project_id
      JOIN rule r ON r.programme_id = sp.programme_id
     WHERE b.status = 'pending'
       AND sp.status = ANY($8::sub_project_status[])
       AND sp.lead_organisation_id IS NOT NULL
  ),
  recipient AS (
    SELECT d.id, d.kind, d.days, d.role, u.id AS user_id
      FROM due d
      JOIN organisation_closure c ON c.organisation_id = d.lead_organisation_id
      JOIN app_user u ON u.organisation_id = c.acting_organisation_id
     WHERE d.role <> 'coordinator' AND u.is_active AND d.role = ANY(u.roles)
    UNION
    SELECT d.id, d.kind, d.days, d.role, u.id
      FROM due d
      JOIN app_user u ON u.is_active AND 'coordinator' = ANY(u.roles)
     WHERE d.role = 'coordinator'
  )
  SELECT b.code, r.id AS milestone_id, r.kind, r.days, r.role, r.user_id
    FROM batch b LEFT JOIN recipient r ON r.id = b.id
   ORDER BY b.code`;

export interface BatchRow {
  code: string;
  milestone_id: string | null;
  kind: NotificationKind | null;
  days: number | null;
  role: EscalationRole | null;
  user_id: string | null;
}


/** $1 due date, $2 after code, $3 batch size, $4–$7 the rules (programme, kind, days, role), $8 live sub-project statuses */
export const REMINDER_BATCH = defineQuery<BatchRow>(
  'reminders.batch', REMINDER_BATCH_TEXT, { code: true, milestone_id: true, kind: true, days: true, role: true, user_id: true },
);
