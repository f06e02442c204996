import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { addDays, Clock } from '../common/clock.js';
import { notificationKey, NotificationLedger, type NotificationToRecord } from '../notifications/ledger.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload, sweepDay } from '../queue/index.js';
import { SubProjectStatus } from '../sub-projects/sub-project.entity.js';
import { rowsOf } from '../database/sql-query.js';
import { effectiveReminderPolicy, type EscalationRole, type ReminderPolicy } from './reminder-policy.js';
import { type BatchRow, POLICY_CHAINS, REMINDER_BATCH } from './reminder.queries.js';

/**
 * Sub-projects whose milestones are reminded: a lead organisation has been assigned and the work
 * is on (assigned, acknowledged, active). Not draft (no lead yet, nobody to remind), not suspended
 * (the secretariat paused it: its dates are on hold) and not closed (nothing more is expected).
 * An assigned one counts although not yet acknowledged: its dates run from the assignment.
 * @public (bench/reminders.mjs reads it from dist/)
 */
export const LIVE_SUB_PROJECT_STATUSES: readonly SubProjectStatus[] = [SubProjectStatus.Assigned, SubProjectStatus.Acknowledged, SubProjectStatus.Active];

/** Milestones read per query: bounds memory whatever is due (50k due = 25 batches). */
const SWEEP_BATCH_SIZE = 2000;

/** What one programme's policy does to milestones due on one date, seen from the sweep day. */
interface Rule {
  programmeId: string;
  dueDate: string;
  kind: NotificationKind;
  /** Days before the due date (reminders) or after it (escalations). */
  days: number;
  role: EscalationRole;
}

export interface SweepResult {
  day: string;
  /** Distinct due dates looked up (each an index range scan). */
  dueDates: number;
  /** Open milestones read on those dates (including ones that matched no rule or had nobody to notify). */
  milestonesScanned: number;
  /** Notifications offered to the ledger (already recorded ones included). */
  notifications: number;
  /** Send jobs queued (new pending rows and pending ones left by an earlier run). */
  queued: number;
}

/** The rules of every programme for one sweep day, grouped by the due date they look at. */
export function rulesByDueDate(day: string, policies: { programmeId: string; policy: ReminderPolicy }[]): Map<string, Rule[]> {
  const byDate = new Map<string, Rule[]>();
  const add = (rule: Rule) => {
    const list = byDate.get(rule.dueDate);
    if (list) list.push(rule);
    else byDate.set(rule.dueDate, [rule]);
  };
  for (const { programmeId, policy } of policies) {
    for (const d of policy.beforeDueDays) {
      const kind = d === 0 ? NotificationKind.MilestoneDueToday : NotificationKind.MilestoneDueSoon;
      add({ programmeId, dueDate: addDays(day, d), kind, days: d, role: 'ministry_officer' as EscalationRole });
    }
    for (const step of policy.escalation) {
      add({ programmeId, dueDate: addDays(day, -step.afterDays), kind: NotificationKind.MilestoneOverdue, days: step.afterDays, role: step.role });
    }
  }
  return new Map([...byDate].sort(([a], [b]) => a.localeCompare(b)));
}

/** The batch statement's text (bench/reminders.mjs explains it). @public */
export const REMINDER_BATCH_SQL = REMINDER_BATCH.text;

/**
 * The daily reminder and escalation sweep (cron REMINDER_CRON, Asia/Taipei). For the sweep day it
 * records, per milestone still pending (nothing submitted) of a live sub-project:
 * - reminders (milestone.due_soon / milestone.due_today) to the lead organisation's officers on
 *   each of the programme's beforeDueDays;
 * - escalations (milestone.overdue, critical: never muted) to each step's role after the due date.
 * Everything goes through the notification ledger under key (kind, milestone, recipient, day):
 * a second sweep of the same day, two workers, a retry or a restarted worker meet the same rows,
 * and the ledger re-queues whatever is still pending.
 */
@Injectable()
@HandlesJob(JobName.ReminderSweep)
export class ReminderSweepHandler implements JobHandler<JobName.ReminderSweep> {
  private readonly logger = new Logger('reminders');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly clock: Clock,
  ) {}

  async handle(data: JobPayload<JobName.ReminderSweep>, job?: Job<JobPayload<JobName.ReminderSweep>>): Promise<SweepResult> {
    const result = await this.sweep(sweepDay(JobName.ReminderSweep, data, job, this.clock));
    this.logger.log(
      `reminder sweep ${result.day}: ${result.milestonesScanned} open milestone(s) on ${result.dueDates} due date(s), ${result.notifications} notification(s), ${result.queued} send job(s) queued`,
    );
    return result;
  }

  async sweep(day: string, batchSize = SWEEP_BATCH_SIZE): Promise<SweepResult> {
    const chains = await rowsOf(this.dataSource, POLICY_CHAINS);
    const rules = rulesByDueDate(day, chains.map((p) => ({ programmeId: p.id, policy: effectiveReminderPolicy(p.chain).policy })));
    const result: SweepResult = { day, dueDates: rules.size, milestonesScanned: 0, notifications: 0, queued: 0 };
    // While one batch's send jobs go to Redis, the next batch is read and recorded in PostgreSQL:
    // at most one enqueue in flight, so memory stays at two batches whatever is due.
    let sending: Promise<number> = Promise.resolve(0);
    for (const [dueDate, dateRules] of rules) {
      let after = '';
      for (;;) {
        const rows = await rowsOf(this.dataSource, REMINDER_BATCH, [
          dueDate, after, batchSize,
          dateRules.map((r) => r.programmeId), dateRules.map((r) => r.kind), dateRules.map((r) => r.days), dateRules.map((r) => r.role),
          LIVE_SUB_PROJECT_STATUSES,
        ]);
        if (rows.length === 0) break;
        const notifications = rows.filter((r) => r.user_id !== null).map((r) => toNotification(r, day, dueDate));
        // Committed before its send jobs are queued: a crash in between leaves pending rows, which the next run re-queues.
        const pendingIds = await this.dataSource.transaction((manager) => this.ledger.insert(manager, notifications));
        result.queued += await sending;
        sending = this.ledger.enqueueSends(pendingIds).then(() => pendingIds.length);
        sending.catch(() => undefined); // handled by the await above (or below); never an unhandled rejection meanwhile
        result.notifications += notifications.length;
        const scanned = new Set(rows.map((r) => r.code)).size;
        result.milestonesScanned += scanned;
        if (scanned < batchSize) break;
        after = rows[rows.length - 1].code;
      }
    }
    result.queued += await sending;
    return result;
  }
}

function toNotification(row: BatchRow, day: string, dueDate: string): NotificationToRecord {
  const kind = row.kind!;
  const overdue = kind === NotificationKind.MilestoneOverdue;
  return {
    key: notificationKey.milestone(kind, row.milestone_id!, row.user_id!, day),
    kind,
    critical: overdue,
    recipientUserId: row.user_id!,
    milestoneId: row.milestone_id,
    subjectType: 'milestone',
    subjectId: row.milestone_id,
    day,
    payload: overdue ? { daysOverdue: row.days, level: row.role, dueDate } : { daysBefore: row.days, dueDate },
  };
}

