import { UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock.js';
import { JobName } from './jobs.js';
import { sweepDay, tickTime } from './tick.js';

const clock = new (class extends Clock {
  override now() {
    return new Date('2026-03-01T20:00:00Z'); // 2026-03-02 04:00 in Taipei
  }
})();

describe('sweepDay', () => {
  it('takes the job\'s day when given, and refuses one that is not a date', () => {
    expect(sweepDay(JobName.ReminderSweep, { day: '2026-01-05' }, undefined, clock)).toBe('2026-01-05');
    expect(() => sweepDay(JobName.ReminderSweep, { day: '2026-02-29' }, undefined, clock)).toThrow(UnrecoverableError);
    expect(() => sweepDay(JobName.ReminderSweep, { day: '05/01/2026' }, undefined, clock)).toThrow(/YYYY-MM-DD/);
  });

  it('takes the Taipei date of the cron tick a scheduler job was made for, even when processed later', () => {
    // Tick at 08:00 Taipei on 2026-02-27 (00:00Z), processed days later after an outage.
    const job = { repeatJobKey: 'reminder-sweep', opts: { prevMillis: Date.parse('2026-02-27T00:00:00Z') } };
    expect(sweepDay(JobName.ReminderSweep, {}, job, clock)).toBe('2026-02-27');
    // 23:30Z is already the next day in Taipei.
    expect(sweepDay(JobName.ReminderSweep, {}, { repeatJobKey: 'reminder-sweep', opts: { prevMillis: Date.parse('2026-02-27T23:30:00Z') } }, clock)).toBe('2026-02-28');
  });

  it('falls back to today on the clock in Taipei', () => {
    expect(sweepDay(JobName.ReminderSweep, {}, { opts: {} }, clock)).toBe('2026-03-02');
    expect(sweepDay(JobName.ReminderSweep, {}, { opts: { prevMillis: 1 } }, clock)).toBe('2026-03-02'); // not a scheduler job
  });
});

describe('tickTime', () => {
  it('is the tick of a scheduler job, and null for any other job', () => {
    const at = Date.parse('2026-02-27T00:00:00Z');
    expect(tickTime({ repeatJobKey: 'report-schedule-x', opts: { prevMillis: at } })?.getTime()).toBe(at);
    expect(tickTime({ opts: { prevMillis: at } })).toBeNull();
    expect(tickTime(undefined)).toBeNull();
  });
});
