import type { AppConfig } from '../../../libs/config/index.js';
import { TIME_ZONE } from '../../../libs/common/clock.js';
import { JobName, type JobPayload, SCHEDULER_ID } from '../../../libs/queue/index.js';
import { DAILY_DIGEST_CRON } from '../../../libs/digests/digest-payload.js';

export interface RecurringJob<N extends JobName = JobName> {
  schedulerId: string;
  name: N;
  data: JobPayload<N>;
  /** A cron pattern read in timeZone, or a fixed interval. */
  repeat: { pattern: string; tz: string } | { every: number };
}

/** The cron ticks registered at worker start (and again whenever Redis lost them). Ticks only enqueue: the work happens in the job. */
export const RECURRING_JOBS = (config: AppConfig): RecurringJob[] => [
  { schedulerId: SCHEDULER_ID.reminderSweep, name: JobName.ReminderSweep, data: {}, repeat: { pattern: config.schedule.REMINDER_CRON, tz: TIME_ZONE } },
  // Gate conditions due soon / overdue: the same daily hour as the milestone reminders.
  { schedulerId: SCHEDULER_ID.gateConditionSweep, name: JobName.GateConditionSweep, data: {}, repeat: { pattern: config.schedule.REMINDER_CRON, tz: TIME_ZONE } },
  { schedulerId: SCHEDULER_ID.digestSweep, name: JobName.DigestSweep, data: {}, repeat: { pattern: config.schedule.DIGEST_CRON, tz: TIME_ZONE } },
  // Daily digests of the kinds a user chose "daily digest" for: after the morning reminder sweep.
  { schedulerId: SCHEDULER_ID.dailyDigestSweep, name: JobName.DigestSweep, data: { cadence: 'daily' }, repeat: { pattern: DAILY_DIGEST_CRON, tz: TIME_ZONE } },
  { schedulerId: SCHEDULER_ID.reportPrune, name: JobName.ReportPrune, data: {}, repeat: { pattern: config.reports.REPORT_PRUNE_CRON, tz: TIME_ZONE } },
  { schedulerId: SCHEDULER_ID.notificationReconcile, name: JobName.NotificationReconcile, data: {}, repeat: { every: config.queue.NOTIFICATION_RECONCILE_INTERVAL_MS } },
];
