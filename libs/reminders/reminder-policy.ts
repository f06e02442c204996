/**
 * When milestones are reminded and escalated. This file is the one place the policy and its
 * defaults are written down; the README quotes it. Each programme may have its own
 * (programme.reminder_policy, PUT /api/programmes/{code}/reminder-policy); one without its own
 * inherits its nearest ancestor's, else the defaults.
 *
 * - beforeDueDays: a reminder to the lead organisation's officers this many days before the due
 *   date (0 = on the due day), while nothing has been submitted for the milestone.
 * - escalation: this many days after the due date, still nothing submitted, a critical
 *   (unmutable) notice to that role of the lead organisation (coordinators: all of them).
 */
import { AppError, type FieldProblem } from '../common/errors.js';
import { UserRole } from '../users/user.entity.js';

export const ESCALATION_ROLES = [UserRole.MinistryOfficer, UserRole.MinistrySupervisor, UserRole.Coordinator] as const;
export type EscalationRole = (typeof ESCALATION_ROLES)[number];

interface EscalationStep {
  afterDays: number;
  role: EscalationRole;
}

export interface ReminderPolicy {
  beforeDueDays: number[];
  escalation: EscalationStep[];
}

export const DEFAULT_REMINDER_POLICY: Readonly<ReminderPolicy> = Object.freeze({
  beforeDueDays: [14, 7, 1, 0],
  escalation: [
    { afterDays: 1, role: UserRole.MinistryOfficer },
    { afterDays: 3, role: UserRole.MinistrySupervisor },
    { afterDays: 7, role: UserRole.Coordinator },
  ],
} as ReminderPolicy);

const MAX_BEFORE_DUE_DAYS = 10;
const MAX_ESCALATION_STEPS = 10;
const MAX_DAYS = 365;

const isWholeDays = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= MAX_DAYS;

/**
 * Checks a policy (PUT body): both lists present, whole days in range, reminder days unique,
 * escalation days strictly increasing, known roles, bounded lengths. Problems name the field
 * (`beforeDueDays[2]`, `escalation[1].role` …). Returns it normalised: reminder days descending.
 */
export function validateReminderPolicy(input: unknown): ReminderPolicy {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw AppError.invalid([{ field: 'policy', problems: ['the policy must be an object { beforeDueDays: number[], escalation: { afterDays, role }[] }'] }]);
  }
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problems: [problem] });
  for (const key of Object.keys(input)) {
    if (key !== 'beforeDueDays' && key !== 'escalation') add(key, `${key} is not part of a reminder policy; it has beforeDueDays and escalation`);
  }
  const { beforeDueDays, escalation } = input as Record<string, unknown>;

  if (!Array.isArray(beforeDueDays)) {
    add('beforeDueDays', 'beforeDueDays must be a list of days before the due date, e.g. [14, 7, 1, 0] (an empty list sends no reminders)');
  } else if (beforeDueDays.length > MAX_BEFORE_DUE_DAYS) {
    add('beforeDueDays', `beforeDueDays may have at most ${MAX_BEFORE_DUE_DAYS} days (got ${beforeDueDays.length})`);
  } else {
    const seen = new Set<number>();
    beforeDueDays.forEach((d, i) => {
      if (!isWholeDays(d, 0)) add(`beforeDueDays[${i}]`, `must be a whole number of days from 0 (the due day) to ${MAX_DAYS}`);
      else if (seen.has(d)) add(`beforeDueDays[${i}]`, `${d} appears more than once`);
      else seen.add(d);
    });
  }

  if (!Array.isArray(escalation)) {
    add('escalation', 'escalation must be a list of steps, e.g. [{ "afterDays": 1, "role": "ministry_officer" }] (an empty list escalates nothing)');
  } else if (escalation.length > MAX_ESCALATION_STEPS) {
    add('escalation', `escalation may have at most ${MAX_ESCALATION_STEPS} steps (got ${escalation.length})`);
  } else {
    let previous = 0;
    escalation.forEach((step: unknown, i) => {
      const field = `escalation[${i}]`;
      if (typeof step !== 'object' || step === null || Array.isArray(step)) {
        add(field, 'each step must be an object { afterDays, role }');
        return;
      }
      const { afterDays, role, ...rest } = step as Record<string, unknown>;
      for (const key of Object.keys(rest)) add(`${field}.${key}`, `${key} is not part of an escalation step; a step has afterDays and role`);
      if (!isWholeDays(afterDays, 1)) add(`${field}.afterDays`, `must be a whole number of days after the due date, from 1 to ${MAX_DAYS}`);
      else if (afterDays <= previous) add(`${field}.afterDays`, `must be greater than the previous step's (${previous}): steps go in order of days`);
      if (isWholeDays(afterDays, 1)) previous = Math.max(previous, afterDays);
      if (!ESCALATION_ROLES.includes(role as EscalationRole)) add(`${field}.role`, `must be one of ${ESCALATION_ROLES.join(', ')}`);
    });
  }

  if (problems.length) throw AppError.invalid(problems);
  return {
    beforeDueDays: [...(beforeDueDays as number[])].sort((a, b) => b - a),
    escalation: (escalation as EscalationStep[]).map(({ afterDays, role }) => ({ afterDays, role })),
  };
}

/** A stored policy, or null when there is none or it is invalid (written outside the API): then the inherited one or the defaults apply. */
function storedReminderPolicy(stored: unknown): ReminderPolicy | null {
  if (stored === null || stored === undefined) return null;
  try {
    return validateReminderPolicy(stored);
  } catch {
    return null;
  }
}

export type ReminderPolicySource = 'own' | 'inherited' | 'default';

export interface EffectiveReminderPolicy {
  policy: ReminderPolicy;
  source: ReminderPolicySource;
  /** The programme whose policy it is (own or inherited); null for the defaults. */
  from: string | null;
}

/**
 * The policy a programme runs with, from its own chain: `chain[0]` is the programme, then its
 * parent, its parent's parent … The first valid stored policy wins.
 */
export function effectiveReminderPolicy(chain: { code: string; reminderPolicy: unknown }[]): EffectiveReminderPolicy {
  for (const [i, p] of chain.entries()) {
    const policy = storedReminderPolicy(p.reminderPolicy);
    if (policy) return { policy, source: i === 0 ? 'own' : 'inherited', from: p.code };
  }
  return { policy: structuredClone(DEFAULT_REMINDER_POLICY) as ReminderPolicy, source: 'default', from: null };
}

/**
 * SQL: programmes with the chain of stored policies above them, nearest first, as
 * (id, code, chain: [{ code, reminderPolicy }]). `where` filters the programmes (alias p).
 * Programmes are few (tens), so the sweep reads them all.
 */
export function programmePolicyChainsSql(where = 'true'): string {
  return `WITH RECURSIVE up(programme_id, depth, ancestor_id) AS (
      SELECT id, 0, id FROM programme
      UNION ALL
      SELECT up.programme_id, up.depth + 1, p.parent_id FROM up JOIN programme p ON p.id = up.ancestor_id
       WHERE p.parent_id IS NOT NULL AND up.depth < 20
    )
    SELECT p.id, p.code,
           json_agg(json_build_object('code', a.code, 'reminderPolicy', a.reminder_policy) ORDER BY up.depth) AS chain
      FROM up JOIN programme p ON p.id = up.programme_id JOIN programme a ON a.id = up.ancestor_id
     WHERE ${where}
     GROUP BY p.id, p.code`;
}
