import { UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { UserRole } from '../users/user.entity.js';
import { DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, type ReminderPolicy } from './reminder-policy.js';
import { rulesByDueDate, sweepDay } from './reminder-sweep.handler.js';

const clock = new (class extends Clock {
  override now() {
    return new Date('2026-03-01T20:00:00Z'); // 2026-03-02 04:00 in Taipei
  }
})();

describe('sweepDay', () => {
  it('takes the job\'s day when given, and refuses one that is not a date', () => {
    expect(sweepDay({ day: '2026-01-05' }, undefined, clock)).toBe('2026-01-05');
    expect(() => sweepDay({ day: '2026-02-29' }, undefined, clock)).toThrow(UnrecoverableError);
    expect(() => sweepDay({ day: '05/01/2026' }, undefined, clock)).toThrow(/YYYY-MM-DD/);
  });

  it('takes the Taipei date of the cron tick a scheduler job was made for, even when processed later', () => {
    // Tick at 08:00 Taipei on 2026-02-27 (00:00Z), processed days later after an outage.
    const job = { repeatJobKey: 'reminder-sweep', opts: { prevMillis: Date.parse('2026-02-27T00:00:00Z') } };
    expect(sweepDay({}, job, clock)).toBe('2026-02-27');
    // 23:30Z is already the next day in Taipei.
    expect(sweepDay({}, { repeatJobKey: 'reminder-sweep', opts: { prevMillis: Date.parse('2026-02-27T23:30:00Z') } }, clock)).toBe('2026-02-28');
  });

  it('falls back to today on the clock in Taipei', () => {
    expect(sweepDay({}, { opts: {} }, clock)).toBe('2026-03-02');
    expect(sweepDay({}, { opts: { prevMillis: 1 } }, clock)).toBe('2026-03-02'); // not a scheduler job
  });
});

describe('rulesByDueDate', () => {
  it('looks at exactly the due dates the policies name, each with its kind, days and role', () => {
    const rules = rulesByDueDate('2026-03-10', [{ programmeId: 'p', policy: DEFAULT_REMINDER_POLICY }]);
    expect([...rules.keys()]).toEqual(['2026-03-03', '2026-03-07', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-17', '2026-03-24']);
    expect(rules.get('2026-03-24')).toEqual([{ programmeId: 'p', dueDate: '2026-03-24', kind: NotificationKind.MilestoneDueSoon, days: 14, role: 'ministry_officer' }]);
    expect(rules.get('2026-03-10')![0].kind).toBe(NotificationKind.MilestoneDueToday);
    expect(rules.get('2026-03-07')).toEqual([{ programmeId: 'p', dueDate: '2026-03-07', kind: NotificationKind.MilestoneOverdue, days: 3, role: 'ministry_supervisor' }]);
  });

  it('shares a due date between programmes whose policies meet on it', () => {
    const own: ReminderPolicy = { beforeDueDays: [1], escalation: [{ afterDays: 7, role: UserRole.MinistryOfficer }] };
    const rules = rulesByDueDate('2026-03-10', [{ programmeId: 'a', policy: DEFAULT_REMINDER_POLICY }, { programmeId: 'b', policy: own }]);
    expect(rules.size).toBe(7);
    expect(rules.get('2026-03-03')!.map((r) => [r.programmeId, r.role])).toEqual([['a', 'coordinator'], ['b', 'ministry_officer']]);
  });
});

describe('effectiveReminderPolicy', () => {
  it('takes the nearest valid policy up the chain, else the defaults', () => {
    const own = { beforeDueDays: [3], escalation: [] };
    expect(effectiveReminderPolicy([{ code: 'a', reminderPolicy: own }])).toEqual({ policy: own, source: 'own', from: 'a' });
    expect(effectiveReminderPolicy([{ code: 'a', reminderPolicy: null }, { code: 'p', reminderPolicy: own }])).toEqual({ policy: own, source: 'inherited', from: 'p' });
    // A stored policy written outside the API and invalid is passed over.
    expect(effectiveReminderPolicy([{ code: 'a', reminderPolicy: { beforeDueDays: [-3] } }])).toEqual({ policy: DEFAULT_REMINDER_POLICY, source: 'default', from: null });
  });
});
