import type { AppConfig } from '../../../libs/config/index.js';
import { TIME_ZONE } from '../../../libs/common/clock.js';
import { JobName, type JobPayload, SCHEDULER_ID } from '../../../libs/queue/index.js';

export interface RecurringJob<N extends JobName = JobName> {
  schedulerId: string;
  name: N;
  data: JobPayload<N>;
  cron: string;
  timeZone: string;
}

/** The cron ticks registered at worker start. Ticks only enqueue: the work happens in the job. */
export const RECURRING_JOBS = (config: AppConfig): RecurringJob[] => [
  { schedulerId: SCHEDULER_ID.reminderSweep, name: JobName.ReminderSweep, data: {}, cron: config.schedule.REMINDER_CRON, timeZone: TIME_ZONE },
  // Gate conditions due soon / overdue: the same daily hour as the milestone reminders.
  { schedulerId: SCHEDULER_ID.gateConditionSweep, name: JobName.GateConditionSweep, data: {}, cron: config.schedule.REMINDER_CRON, timeZone: TIME_ZONE },
  { schedulerId: SCHEDULER_ID.digestSweep, name: JobName.DigestSweep, data: {}, cron: config.schedule.DIGEST_CRON, timeZone: TIME_ZONE },
  { schedulerId: SCHEDULER_ID.reportPrune, name: JobName.ReportPrune, data: {}, cron: config.reports.REPORT_PRUNE_CRON, timeZone: TIME_ZONE },
];
