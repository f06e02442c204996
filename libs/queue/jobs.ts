import type { DefaultJobOptions } from 'bullmq';
import type { OutboxTopic } from '../outbox/topics.js';

/**
 * Every queue and job of the system, in one place.
 * Stored in Redis: never rename a queue or job name without a migration plan.
 */
export enum QueueName {
  /** Outbox rows relayed from PostgreSQL: work that follows a committed state change. */
  Events = 'events',
  /** Sweeps: reminders, escalations, digests, the notification reconciler. */
  Sweeps = 'sweeps',
  /** One job per notification ledger row. */
  Email = 'email',
  /** Report schedule runs and schedule registration. */
  Reports = 'reports',
}

export enum JobName {
  OutboxEvent = 'outbox.event',
  ReminderSweep = 'reminder.sweep',
  DigestSweep = 'digest.sweep',
  NotificationSend = 'notification.send',
  ReportScheduleRun = 'report-schedule.run',
  ReportGenerate = 'report.generate',
  GateConditionSweep = 'gate-condition.sweep',
  ReportPrune = 'report.prune',
  /** Re-queues ledger rows left pending without a live send job (lost, failed, never queued). */
  NotificationReconcile = 'notification.reconcile',
}

/** Payloads carry ids (and the day a sweep is for), never entities. */
interface JobPayloads {
  [JobName.OutboxEvent]: { outboxEventId: string; topic: OutboxTopic; aggregateType: string; aggregateId: string };
  /** day: the Taipei date swept (YYYY-MM-DD); absent on cron ticks, which use the tick's date. */
  [JobName.ReminderSweep]: { day?: string };
  /** day: the Taipei date the digest period ends on (exclusive); absent on cron ticks. cadence: weekly (default) or daily (libs/digests). */
  [JobName.DigestSweep]: { day?: string; cadence?: 'daily' | 'weekly' };
  [JobName.NotificationSend]: { notificationId: string };
  /** at: the instant the run is for (ISO); absent on cron ticks, which use the tick's time. */
  [JobName.ReportScheduleRun]: { scheduleId: string; at?: string };
  [JobName.ReportGenerate]: { reportId: string };
  /** day: the Taipei date swept (YYYY-MM-DD); absent on cron ticks, which use the tick's date. */
  [JobName.GateConditionSweep]: { day?: string };
  /** at: the instant retention is counted back from (ISO); absent on cron ticks, which use the clock. */
  [JobName.ReportPrune]: { at?: string };
  [JobName.NotificationReconcile]: Record<string, never>;
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** Which queue carries each job. */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.OutboxEvent]: QueueName.Events,
  [JobName.ReminderSweep]: QueueName.Sweeps,
  [JobName.DigestSweep]: QueueName.Sweeps,
  [JobName.NotificationSend]: QueueName.Email,
  [JobName.ReportScheduleRun]: QueueName.Reports,
  [JobName.ReportGenerate]: QueueName.Reports,
  [JobName.GateConditionSweep]: QueueName.Sweeps,
  [JobName.ReportPrune]: QueueName.Reports,
  [JobName.NotificationReconcile]: QueueName.Sweeps,
};

/**
 * Job ids, one function per job kind: BullMQ ignores an add whose id is already in the queue, so
 * the same work enqueued twice (a relay retry, two sweeps) is one job. Handlers still re-check the
 * database, because a completed job's id is forgotten once it is removed. Sweeps need no id: they
 * are idempotent through the notification ledger.
 */
export const jobId = {
  outboxEvent: (outboxEventId: string) => `outbox-${outboxEventId}`,
  notificationSend: (notificationId: string) => `notification-${notificationId}`,
  reportGenerate: (reportId: string) => `report-${reportId}`,
} as const;

/** Cron ticks, registered from this list at worker start (ids are stable: upserting twice is a no-op). */
export const SCHEDULER_ID = {
  reminderSweep: 'reminder-sweep',
  digestSweep: 'digest-sweep',
  dailyDigestSweep: 'daily-digest-sweep',
  gateConditionSweep: 'gate-condition-sweep',
  reportPrune: 'report-prune',
  notificationReconcile: 'notification-reconcile',
  reportSchedule: (scheduleId: string) => `report-schedule-${scheduleId}`,
} as const;

/** Set once for every job: bounded retries with exponential backoff, bounded history in Redis. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  removeOnFail: { count: 5000, age: 14 * 24 * 3600 },
};
