import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { addDays, Clock, daysBetween } from '../common/clock.js';
import { NotificationLedger, notificationKey, type NotificationToRecord } from '../notifications/ledger.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload, sweepDay } from '../queue/index.js';
import { rowsOf } from '../database/sql-query.js';
import { conditionOwnerStaff } from './gate-notifications.js';
import { OPEN_CONDITIONS_DUE_BY } from './gates.queries.js';

/** A condition due within this many days gets its "due soon" reminder. */
const GATE_CONDITION_DUE_SOON_DAYS = 7;

export interface GateConditionSweepResult {
  day: string;
  /** Ledger rows offered (new or already there). */
  offered: number;
  /** Send jobs queued (new pending rows, and pending ones queued again). */
  queued: number;
}

/**
 * The daily sweep of open gate conditions: due within GATE_CONDITION_DUE_SOON_DAYS → due_soon
 * (non-critical), past due → overdue (critical), to the officers and supervisors acting for the
 * owner organisation. Each is keyed by condition, due date and recipient, so it is recorded once
 * however often the sweep runs; a new due date reminds again. The query reads the partial index
 * IDX_gate_condition_open_due.
 */
@Injectable()
@HandlesJob(JobName.GateConditionSweep)
export class GateConditionSweepHandler implements JobHandler<JobName.GateConditionSweep> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly clock: Clock,
  ) {}

  async handle(data: JobPayload<JobName.GateConditionSweep>, job?: Job<JobPayload<JobName.GateConditionSweep>>): Promise<GateConditionSweepResult> {
    return this.sweep(sweepDay(JobName.GateConditionSweep, data, job, this.clock));
  }

  async sweep(day: string): Promise<GateConditionSweepResult> {
    const conditions = await rowsOf(this.dataSource, OPEN_CONDITIONS_DUE_BY, [addDays(day, GATE_CONDITION_DUE_SOON_DAYS)]);
    const staffOf = new Map<string, string[]>();
    const rows: NotificationToRecord[] = [];
    for (const c of conditions) {
      if (!staffOf.has(c.owner_organisation_id)) staffOf.set(c.owner_organisation_id, await conditionOwnerStaff(this.dataSource, c.owner_organisation_id));
      const overdue = c.due_date < day;
      const kind = overdue ? NotificationKind.GateConditionOverdue : NotificationKind.GateConditionDueSoon;
      const payload = overdue ? { daysOverdue: daysBetween(c.due_date, day) } : { daysLeft: daysBetween(day, c.due_date) };
      for (const userId of staffOf.get(c.owner_organisation_id)!) {
        rows.push({
          key: notificationKey.gateCondition(kind, c.id, c.due_date, userId), kind, critical: overdue, recipientUserId: userId,
          subjectType: 'gate_condition', subjectId: c.id, day, payload: { ...payload, dueDate: c.due_date },
        });
      }
    }
    const queued = await this.ledger.record(rows);
    return { day, offered: rows.length, queued };
  }
}
