import { type Job, UnrecoverableError } from 'bullmq';
import { type Clock, taipeiDate } from '../common/clock.js';
import { isIsoDate } from '../common/iso-date.js';

type ScheduledJob = Pick<Job, 'opts' | 'repeatJobKey'>;

/**
 * The instant a cron tick stands for: BullMQ sets opts.prevMillis of a job scheduler's job to its
 * tick time, so a tick processed late (after a restart, past midnight) still counts as its own.
 * Null for a job no scheduler made.
 */
export function tickTime(job: ScheduledJob | undefined): Date | null {
  const tick = job?.repeatJobKey ? job.opts.prevMillis : undefined;
  return typeof tick === 'number' && tick > 0 ? new Date(tick) : null;
}

/**
 * The Taipei day a sweep job is for: the job's own `day`, else its cron tick's date, else today on
 * the clock. A malformed `day` fails for good (retrying cannot fix it).
 */
export function sweepDay(jobName: string, data: { day?: string }, job: ScheduledJob | undefined, clock: Clock): string {
  if (data.day !== undefined) {
    if (!isIsoDate(data.day)) throw new UnrecoverableError(`${jobName}: day must be a date written YYYY-MM-DD, got ${JSON.stringify(data.day)}`);
    return data.day;
  }
  const tick = tickTime(job);
  return tick ? taipeiDate(tick) : clock.today();
}
