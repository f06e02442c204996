/**
 * Milestone reminders and escalation: the real worker (BullMQ on Redis, PostgreSQL) sweeps chosen
 * days, and the notification ledger says who is told what on which day; the reminder policy is
 * set over HTTP. Send jobs are counted in the Email queue, which these tests keep paused; the test
 * at the end lets them run and reads the emails at a real SMTP server.
 */
import { addDays } from '../libs/common/clock.js';
import { formatDate } from '../libs/notifications/rendering.js';
import { JobName, QueueName } from '../libs/queue/index.js';
import type { SweepResult } from '../libs/reminders/reminder-sweep.handler.js';
import type { UserLocale } from '../libs/users/user.entity.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';
import { SmtpTestServer } from './support/smtp.js';
import { emailJobIds, expectOneEmailPerLedgerKey, finished, ledger, type LedgerRow } from './support/sweeps.js';
import { bootWorker, dropQueues, FakeClock, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

const D = '2030-06-14'; // default policy milestones are due on D
const E = '2030-10-15'; // custom policy milestones are due on E

let db: TestDatabase;
let api: TestApi;
let worker: TestWorker;
let smtp: SmtpTestServer;
let g: Given;
let coordinator: Client;
const prefix = uniqueQueuePrefix();
const clock = new FakeClock(new Date('2030-01-01T00:00:00Z'));

/** Who acts for each lead organisation (the demo users plus the ones added below). */
const MOEA_OFFICERS = ['ey.officer@test.tw', 'moea.digest@test.tw', 'moea.en@test.tw', 'moea.muted@test.tw', 'moea.officer@demo.guankao.tw'];
const OFFICERS: Record<string, string[]> = {
  moea: MOEA_OFFICERS,
  moda: ['ey.officer@test.tw', 'moda.officer@demo.guankao.tw'],
  // 技術處 is under 經濟部: its own officer and every officer acting for 經濟部 (not the other way round).
  'moea-doit': ['doit.officer@test.tw', ...MOEA_OFFICERS],
};
const SUPERVISORS: Record<string, string[]> = {
  moea: ['moea.supervisor@demo.guankao.tw'],
  moda: ['moda.supervisor@demo.guankao.tw'],
  'moea-doit': ['moea.supervisor@demo.guankao.tw'],
};
const COORDINATORS = ['coord.en@test.tw', 'coordinator@demo.guankao.tw'];

/** The ledger status a notification gets from its recipient's preferences. */
function statusFor(email: string, critical: boolean): string {
  if (critical) return 'pending';
  if (email === 'moea.muted@test.tw') return 'muted';
  if (email === 'moea.digest@test.tw') return 'held';
  return 'pending';
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  smtp = await new SmtpTestServer().start();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, clock });
  // Sending is another handler's: keep the send jobs waiting where they can be counted.
  await worker.jobs.queue(QueueName.Email).pause();
  g = await given(db.url);
  coordinator = await api.as('coordinator');

  const users = [
    { email: 'moea.en@test.tw', organisation: 'moea', roles: ['ministry_officer'], locale: 'en' },
    { email: 'moea.muted@test.tw', organisation: 'moea', roles: ['ministry_officer'], muteNonCritical: true },
    { email: 'moea.digest@test.tw', organisation: 'moea', roles: ['ministry_officer'], notificationDelivery: 'digest' },
    { email: 'moea.gone@test.tw', organisation: 'moea', roles: ['ministry_officer'], isActive: false },
    { email: 'doit.officer@test.tw', organisation: 'moea-doit', roles: ['ministry_officer'] },
    { email: 'ey.officer@test.tw', organisation: 'ey', roles: ['ministry_officer'] },
    { email: 'coord.en@test.tw', organisation: 'sngroup-secretariat', roles: ['coordinator'], locale: 'en', muteNonCritical: true },
  ] as const;
  for (const user of users) await g.user(user);

  // Default policy: programme rmt, milestones due on D.
  const rmt = await g.programme('rmt');
  const sp = async (code: string, lead: string, status: string) => {
    const id = await g.subProject({ code, programmeId: rmt, lead });
    await g.sql(`UPDATE sub_project SET status = $2 WHERE id = $1`, [id, status]);
    return id;
  };
  const moea = await sp('rmt-moea', 'moea', 'assigned');
  await g.milestone(moea, { code: 'rmt-moea-due', seq: 1, due: D });
  await g.milestone(moea, { code: 'rmt-moea-accepted', seq: 2, due: D, status: 'accepted' });
  await g.milestone(moea, { code: 'rmt-moea-submitted', seq: 3, due: D, status: 'submitted' });
  await g.milestone(moea, { code: 'rmt-moea-clock', seq: 4, due: '2030-09-02' });
  await g.milestone(await sp('rmt-moda', 'moda', 'acknowledged'), { code: 'rmt-moda-due', seq: 1, due: D });
  await g.milestone(await sp('rmt-doit', 'moea-doit', 'active'), { code: 'rmt-doit-due', seq: 1, due: D });
  await g.milestone(await sp('rmt-suspended', 'moea', 'suspended'), { code: 'rmt-suspended-due', seq: 1, due: D });
  await g.milestone(await sp('rmt-closed', 'moea', 'closed'), { code: 'rmt-closed-due', seq: 1, due: D });
  await g.milestone(await sp('rmt-draft', 'moea', 'draft'), { code: 'rmt-draft-due', seq: 1, due: D });
});

afterAll(async () => {
  await worker?.close();
  await api?.app.close();
  await smtp?.stop();
  await g?.close();
  await dropQueues(prefix);
  await db?.drop();
});

async function sweep(data: { day?: string }): Promise<SweepResult> {
  const job = await worker.jobs.add(JobName.ReminderSweep, data);
  return finished<SweepResult>(worker.jobs.queue(QueueName.Sweeps), job.id!);
}

const shape = (rows: LedgerRow[]) => rows.map((r) => ({ milestone: r.milestone, kind: r.kind, email: r.email, status: r.status, critical: r.critical, payload: r.payload }));
const byKey = <T extends { milestone: string; kind: string; email: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.milestone} ${a.kind} ${a.email}`.localeCompare(`${b.milestone} ${b.kind} ${b.email}`));

/** Every notification a sweep on `day` must leave for the default-policy milestones due on D. */
function expectedOn(day: string) {
  const offset = (Date.parse(D) - Date.parse(day)) / 86_400_000;
  const due = { 'rmt-moea-due': 'moea', 'rmt-moda-due': 'moda', 'rmt-doit-due': 'moea-doit' } as const;
  const rows: ReturnType<typeof shape> = [];
  for (const [milestone, org] of Object.entries(due)) {
    const add = (kind: string, emails: string[], critical: boolean, payload: Record<string, unknown>) => {
      for (const email of emails) rows.push({ milestone, kind, email, status: statusFor(email, critical), critical, payload });
    };
    if ([14, 7, 1].includes(offset)) add('milestone.due_soon', OFFICERS[org], false, { daysBefore: offset, dueDate: D });
    if (offset === 0) add('milestone.due_today', OFFICERS[org], false, { daysBefore: 0, dueDate: D });
    if (offset === -1) add('milestone.overdue', OFFICERS[org], true, { daysOverdue: 1, level: 'ministry_officer', dueDate: D });
    if (offset === -3) add('milestone.overdue', SUPERVISORS[org], true, { daysOverdue: 3, level: 'ministry_supervisor', dueDate: D });
    if (offset === -7) add('milestone.overdue', COORDINATORS, true, { daysOverdue: 7, level: 'coordinator', dueDate: D });
  }
  return byKey(rows);
}

describe('the sweep, day by day, with the default policy', () => {
  const days = [-15, -14, -13, -8, -7, -6, -2, -1, 0, 1, 2, 3, 4, 6, 7, 8, 30].map((n) => addDays(D, n));

  it.each(days)('on %s tells the right people, and only about what is still pending on a live sub-project', async (day) => {
    const result = await sweep({ day });
    expect(result.day).toBe(day);
    const rows = await ledger(g, 'n.day = $1', [day]);
    expect(byKey(shape(rows))).toEqual(expectedOn(day));
    for (const r of rows) {
      expect(r.key).toBe(`${r.kind}:${r.milestone_id}:${(await g.sql('SELECT id FROM app_user WHERE email = $1', [r.email]))[0].id}:${day}`);
      expect(r.subject_type).toBe('milestone');
    }
    // One send job per pending row, so far, under its fixed id; held and muted rows have none.
    const pending = await ledger(g, `n.status = 'pending'`);
    expect(await emailJobIds(worker.jobs.queue(QueueName.Email))).toEqual(pending.map((r) => `notification-${r.id}`).sort());
  });

  it('tells nobody on the days in between, and never the inactive user or another ministry', async () => {
    const all = await ledger(g);
    expect([...new Set(all.map((r) => r.day))].sort()).toEqual([-14, -7, -1, 0, 1, 3, 7].map((n) => addDays(D, n)));
    expect(all.filter((r) => r.email === 'moea.gone@test.tw')).toEqual([]);
    expect(all.filter((r) => r.milestone === 'rmt-moea-due' && /moda|doit/.test(r.email))).toEqual([]);
    expect(all.filter((r) => r.milestone === 'rmt-moda-due' && /moea/.test(r.email))).toEqual([]);
    expect(all.filter((r) => !['rmt-moea-due', 'rmt-moda-due', 'rmt-doit-due'].includes(r.milestone))).toEqual([]);
  });

  it('changes nothing when a day is swept again, and queues only what is still pending', async () => {
    const before = await ledger(g);
    const jobs = await emailJobIds(worker.jobs.queue(QueueName.Email));
    const again = await sweep({ day: D });
    expect(again.notifications).toBe(expectedOn(D).length);
    // The ledger re-queues pending rows (a crash may have lost their jobs); their fixed ids make that a no-op here.
    expect(again.queued).toBe(expectedOn(D).filter((r) => r.status === 'pending').length);
    expect(await ledger(g)).toEqual(before);
    expect(await emailJobIds(worker.jobs.queue(QueueName.Email))).toEqual(jobs);
  });

  it('on a cron tick without a day, sweeps the clock\'s Taipei date', async () => {
    clock.set('2030-08-31T16:30:00Z'); // 2030-09-01 00:30 in Taipei
    const result = await sweep({});
    expect(result.day).toBe('2030-09-01');
    expect(shape(await ledger(g, 'n.day = $1', ['2030-09-01'])).map((r) => [r.milestone, r.kind, r.email])).toEqual(
      OFFICERS.moea.map((email) => ['rmt-moea-clock', 'milestone.due_soon', email]),
    );
  });

  it('refuses a malformed day without retrying', async () => {
    const job = await worker.jobs.add(JobName.ReminderSweep, { day: '2030-02-30' });
    await expect(finished(worker.jobs.queue(QueueName.Sweeps), job.id!)).rejects.toThrow(/day must be a date written YYYY-MM-DD/);
    expect((await worker.jobs.queue(QueueName.Sweeps).getJob(job.id!))!.attemptsMade).toBe(1);
  });
});

describe('a programme\'s own policy, set over HTTP, and its child programme inheriting it', () => {
  beforeAll(async () => {
    const rmc = await g.programme('rmc');
    const child = await g.programme('rmc-child');
    await g.sql('UPDATE programme SET parent_id = $1 WHERE id = $2', [rmc, child]);
    await g.milestone(await g.subProject({ code: 'rmc-moea', programmeId: rmc, lead: 'moea' }), { code: 'rmc-moea-due', seq: 1, due: E });
    await g.milestone(await g.subProject({ code: 'rmc-child-moda', programmeId: child, lead: 'moda' }), { code: 'rmc-child-moda-due', seq: 1, due: E });
    const put = await coordinator.request('PUT', '/api/programmes/rmc/reminder-policy', {
      beforeDueDays: [3], escalation: [{ afterDays: 2, role: 'ministry_supervisor' }, { afterDays: 5, role: 'coordinator' }],
    });
    expect(put.status).toBe(200);
  });

  type Who = 'officers' | 'supervisors' | 'coordinators';
  const cases: [number, string | null, Who | null][] = [
    [-14, null, null], [-7, null, null], [-3, 'milestone.due_soon', 'officers'], [-1, null, null], [0, null, null], [1, null, null],
    [2, 'milestone.overdue', 'supervisors'], [3, null, null], [5, 'milestone.overdue', 'coordinators'], [7, null, null],
  ];

  it.each(cases)('on E %i follows it: %s to %s', async (offset, kind, who) => {
    const day = addDays(E, offset);
    await sweep({ day });
    const rows = await ledger(g, 'n.day = $1', [day]);
    const recipients = (org: 'moea' | 'moda') => (who === 'officers' ? OFFICERS[org] : who === 'supervisors' ? SUPERVISORS[org] : who === 'coordinators' ? COORDINATORS : []);
    expect(rows.map((r) => [r.milestone, r.kind, r.email])).toEqual([
      ...recipients('moda').map((email) => ['rmc-child-moda-due', kind, email]),
      ...recipients('moea').map((email) => ['rmc-moea-due', kind, email]),
    ]);
    if (kind === 'milestone.overdue') expect(rows.every((r) => r.critical && r.payload.daysOverdue === offset)).toBe(true);
    if (kind === 'milestone.due_soon') expect(rows.every((r) => !r.critical && r.payload.daysBefore === 3)).toBe(true);
  });
});

describe('the reminder policy API', () => {
  const path = '/api/programmes/rmapi/reminder-policy';
  const fields = (body: any): string[] => (body?.error?.details?.fields ?? []).map((f: { field: string }) => f.field);
  const auditRows = () =>
    g.sql(`SELECT a.before, a.after, u.email FROM audit_event a JOIN programme p ON p.id = a.entity_id JOIN app_user u ON u.id = a.actor_user_id
            WHERE a.action = 'programme.reminder_policy' AND p.code = 'rmapi' ORDER BY a.at, a.id`);

  beforeAll(async () => {
    const parent = await g.programme('rmapi-parent');
    const id = await g.programme('rmapi');
    await g.sql('UPDATE programme SET parent_id = $1 WHERE id = $2', [parent, id]);
  });

  it('shows the defaults to anyone signed in, and 404 for an unknown programme', async () => {
    const res = await (await api.as('moda-officer')).get(path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      programme: { code: 'rmapi', name: '測試方案 rmapi' },
      policy: {
        beforeDueDays: [14, 7, 1, 0],
        escalation: [{ afterDays: 1, role: 'ministry_officer' }, { afterDays: 3, role: 'ministry_supervisor' }, { afterDays: 7, role: 'coordinator' }],
      },
      source: 'default',
      definedOn: null,
      defaults: res.body.policy,
    });
    expect((await coordinator.get('/api/programmes/no-such/reminder-policy')).status).toBe(404);
  });

  it('refuses an invalid policy naming the field, and changes nothing', async () => {
    const before = await g.snapshot();
    const ok = { beforeDueDays: [7], escalation: [{ afterDays: 1, role: 'ministry_officer' }] };
    const cases: [unknown, string[]][] = [
      [{ ...ok, beforeDueDays: [7, 7] }, ['beforeDueDays[1]']],
      [{ ...ok, beforeDueDays: [-1, 1.5, 366, '3', null] }, ['beforeDueDays[0]', 'beforeDueDays[1]', 'beforeDueDays[2]', 'beforeDueDays[3]', 'beforeDueDays[4]']],
      [{ ...ok, beforeDueDays: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }, ['beforeDueDays']],
      [{ ...ok, beforeDueDays: '14,7' }, ['beforeDueDays']],
      [{ beforeDueDays: [7] }, ['escalation']],
      [{ ...ok, escalation: [{ afterDays: 3, role: 'ministry_officer' }, { afterDays: 3, role: 'coordinator' }] }, ['escalation[1].afterDays']],
      [{ ...ok, escalation: [{ afterDays: 5, role: 'ministry_officer' }, { afterDays: 2, role: 'coordinator' }] }, ['escalation[1].afterDays']],
      [{ ...ok, escalation: [{ afterDays: 0, role: 'ministry_officer' }] }, ['escalation[0].afterDays']],
      [{ ...ok, escalation: [{ afterDays: 366, role: 'ministry_officer' }] }, ['escalation[0].afterDays']],
      [{ ...ok, escalation: [{ afterDays: 1, role: 'admin' }] }, ['escalation[0].role']],
      [{ ...ok, escalation: [{ afterDays: 1 }] }, ['escalation[0].role']],
      [{ ...ok, escalation: [{ afterDays: 1, role: 'coordinator', to: 'x@y.z' }] }, ['escalation[0].to']],
      [{ ...ok, escalation: ['coordinator'] }, ['escalation[0]']],
      [{ ...ok, escalation: Array.from({ length: 11 }, (_, i) => ({ afterDays: i + 1, role: 'coordinator' })) }, ['escalation']],
      [{ ...ok, weekends: false }, ['weekends']],
    ];
    for (const [body, expected] of cases) {
      const res = await coordinator.request('PUT', path, body);
      expect([res.status, body]).toEqual([400, body]);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(fields(res.body)).toEqual(expected);
    }
    expect(await g.snapshot()).toEqual(before);
    expect((await g.sql(`SELECT reminder_policy FROM programme WHERE code = 'rmapi'`))[0].reminder_policy).toBeNull();
  });

  it('lets only coordinators change it', async () => {
    const body = { beforeDueDays: [7], escalation: [] };
    for (const user of ['moea-officer', 'moea-supervisor', 'admin', 'viewer', 'reviewer'] as const) {
      const client = await api.as(user);
      expect([user, (await client.request('PUT', path, body)).status]).toEqual([user, 403]);
      expect([user, (await client.request('DELETE', path)).status]).toEqual([user, 403]);
    }
    expect(await auditRows()).toEqual([]);
    expect((await coordinator.request('PUT', '/api/programmes/no-such/reminder-policy', body)).status).toBe(404);
  });

  it('sets, inherits, removes — each change audited with before and after, an unchanged one not', async () => {
    const policy = { beforeDueDays: [1, 30, 0], escalation: [{ afterDays: 2, role: 'ministry_supervisor' }, { afterDays: 10, role: 'coordinator' }] };
    const normalised = { ...policy, beforeDueDays: [30, 1, 0] };
    const put = await coordinator.request('PUT', path, policy);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ policy: normalised, source: 'own', definedOn: 'rmapi' });
    expect((await api.as('moea-officer').then((c) => c.get(path))).body).toMatchObject({ policy: normalised, source: 'own' });
    expect(await auditRows()).toEqual([{ before: { reminderPolicy: null }, after: { reminderPolicy: normalised }, email: 'coordinator@demo.guankao.tw' }]);

    expect((await coordinator.request('PUT', path, policy)).status).toBe(200);
    expect(await auditRows()).toHaveLength(1); // nothing changed, nothing recorded

    // The parent's own policy reaches the child once the child has none of its own.
    const parentPolicy = { beforeDueDays: [5], escalation: [] };
    expect((await coordinator.request('PUT', '/api/programmes/rmapi-parent/reminder-policy', parentPolicy)).status).toBe(200);
    const removed = await coordinator.request('DELETE', path);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ policy: parentPolicy, source: 'inherited', definedOn: 'rmapi-parent' });
    expect((await auditRows())[1]).toEqual({ before: { reminderPolicy: normalised }, after: { reminderPolicy: null }, email: 'coordinator@demo.guankao.tw' });

    expect((await coordinator.request('DELETE', '/api/programmes/rmapi-parent/reminder-policy')).status).toBe(200);
    expect((await coordinator.get(path)).body).toMatchObject({ source: 'default', definedOn: null });
    expect((await coordinator.request('DELETE', path)).status).toBe(200);
    expect(await auditRows()).toHaveLength(2);
  });
});

// ------------------------------------------------------------------------------------------------
// Sends the reminders of one day and checks one email per ledger key, in each recipient's language,
// with the due date in ROC and AD.
describe('emails at the SMTP server', () => {
  it('sends one email per pending ledger key, in the recipient\'s language', async () => {
    smtp.clear();
    await worker.jobs.queue(QueueName.Email).resume();
    // Everything the sweeps above left pending: one email each, nothing for held or muted rows.
    const rows = await expectOneEmailPerLedgerKey(g, smtp);
    expect(rows.length).toBeGreaterThan(50);
    for (const row of rows) {
      const mail = smtp.received.find((m) => m.messageId.replace(/^<|>$/g, '') === row.message_id!.replace(/^<|>$/g, ''))!;
      const due = formatDate(String(row.payload.dueDate), row.locale as UserLocale);
      expect([row.key, mail.text.includes(due), mail.html.includes(due)]).toEqual([row.key, true, true]);
    }
  });
});
