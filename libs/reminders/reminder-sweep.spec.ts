import { NotificationKind } from '../notifications/notification.entity.js';
import { UserRole } from '../users/user.entity.js';
import { DEFAULT_REMINDER_POLICY, effectiveReminderPolicy, type ReminderPolicy } from './reminder-policy.js';
import { rulesByDueDate } from './reminder-sweep.handler.js';

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
