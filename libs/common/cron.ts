import { CronExpressionParser } from 'cron-parser';
import { TIME_ZONE } from './clock.js';

/** Why a cron expression is unusable, or null when BullMQ's parser accepts it (five fields, Taipei time). */
export function cronProblem(expression: string): string | null {
  if (!/^\S+(\s+\S+){4}$/.test(expression.trim())) return 'must have five fields: minute hour day-of-month month day-of-week';
  try {
    CronExpressionParser.parse(expression, { tz: TIME_ZONE });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The next time a cron expression fires after `from`, in Taipei time. */
export function nextCronTime(expression: string, from: Date): Date {
  return CronExpressionParser.parse(expression, { tz: TIME_ZONE, currentDate: from }).next().toDate();
}
