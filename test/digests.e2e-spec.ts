/**
 * Weekly digests: the sweep records one ledger row per recipient and period with the items fixed
 * in its payload (per role: coordinators and ministry users), none when there is nothing to say,
 * digests held notifications, and never records twice. The send job belongs to another branch, so
 * the email is checked by rendering the recorded row; the SMTP test runs once both are merged.
 */
import { DataSource } from 'typeorm';
import { DigestSweepHandler } from '../libs/digests/digest-sweep.handler.js';
import { DigestRenderer } from '../libs/digests/digest.renderer.js';
import type { DigestPayload } from '../libs/digests/digest-payload.js';
import { sweepDay } from '../libs/queue/tick.js';
import { Clock } from '../libs/common/clock.js';
import { Notification } from '../libs/notifications/notification.entity.js';
import { User, UserLocale } from '../libs/users/user.entity.js';
import { JobName, QueueName } from '../libs/queue/index.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';
import { SmtpTestServer } from './support/smtp.js';
import { finished } from './support/sweeps.js';
import { bootWorker, dropQueues, FakeClock, settled, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/** Monday: the digest covers Monday 2030-02-25 to Sunday 2030-03-03. */
const DAY = '2030-03-04';
const EMAIL = {
  coordinator: 'coordinator@demo.guankao.tw',
  moeaOfficer: 'moea.officer@demo.guankao.tw',
  moeaSupervisor: 'moea.supervisor@demo.guankao.tw',
  modaOfficer: 'moda.officer@demo.guankao.tw',
  modaSupervisor: 'moda.supervisor@demo.guankao.tw',
} as const;

let db: TestDatabase;
let g: Given;
let worker: TestWorker;
let prefix: string;
let sweeper: DigestSweepHandler;
const users = {} as Record<keyof typeof EMAIL, string>;
const ids: Record<string, string> = {};

async function digestRows(day = DAY): Promise<{ id: string; recipient_user_id: string; status: string; payload: DigestPayload; critical: boolean }[]> {
  return g.sql(`SELECT id, recipient_user_id, status, payload, critical FROM notification WHERE kind = 'digest' AND day = $1 ORDER BY recipient_user_id`, [day]);
}

async function digestOf(user: keyof typeof EMAIL, day = DAY) {
  return (await digestRows(day)).find((r) => r.recipient_user_id === users[user]);
}

beforeAll(async () => {
  db = await createTestDatabase();
  g = await given(db.url);
  prefix = uniqueQueuePrefix();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, clock: new FakeClock(new Date(`${DAY}T00:00:00Z`)) });
  sweeper = worker.app.get(DigestSweepHandler);
  for (const [k, email] of Object.entries(EMAIL)) users[k as keyof typeof EMAIL] = await g.userId(email);

  // A clean slate: the seeded milestones are settled, nothing waits for review or release.
  await g.sql(`UPDATE milestone SET status = 'accepted'`);
  await g.sql(`UPDATE submission SET status = 'accepted' WHERE status = 'submitted'`);
  await g.sql(`UPDATE resolution_assignment SET status = 'tracking' WHERE status = 'release_requested'`);

  const programme = await g.programme('dg');
  const spA = await g.subProject({ code: 'dg-a', programmeId: programme, lead: 'moea', name: '經濟部計畫 A' });
  const spUnit = await g.subProject({ code: 'dg-unit', programmeId: programme, lead: 'moea-idb', name: '工業局計畫' });
  const spB = await g.subProject({ code: 'dg-b', programmeId: programme, lead: 'moda', name: '數位部計畫 B' });
  Object.assign(ids, {
    newlyOverdueA: await g.milestone(spA, { code: 'dg-a-1', seq: 1, due: '2030-02-27' }),
    dueSoonA: await g.milestone(spA, { code: 'dg-a-2', seq: 2, due: '2030-03-10' }),
    laterA: await g.milestone(spA, { code: 'dg-a-3', seq: 3, due: '2030-03-18' }), // day + 14: outside "next 14 days"
    oldOverdueA: await g.milestone(spA, { code: 'dg-a-4', seq: 4, due: '2030-02-20' }),
    acceptedA: await g.milestone(spA, { code: 'dg-a-5', seq: 5, due: '2030-02-28', status: 'accepted' }),
    lastDayA: await g.milestone(spA, { code: 'dg-a-6', seq: 6, due: '2030-03-03', status: 'submitted' }),
    dueTodayUnit: await g.milestone(spUnit, { code: 'dg-u-1', seq: 1, due: DAY }),
    newlyOverdueB: await g.milestone(spB, { code: 'dg-b-1', seq: 1, due: '2030-03-01', status: 'submitted' }),
  });
  ids.awaitingA = await g.submission({ subProjectId: spA, milestoneId: ids.lastDayA, status: 'submitted', submittedAt: '2030-03-02T02:00:00Z' });
  ids.returnedB = await g.submission({ subProjectId: spB, period: '2030-Q1', status: 'returned', decidedAt: '2030-02-26T02:00:00Z' });
  await g.review(ids.returnedB, 'return', '2030-02-26T02:00:00Z', '請補充 KPI 佐證');
  ids.returnedEarlier = await g.submission({ subProjectId: spA, period: '2029-Q4', status: 'returned' });
  await g.review(ids.returnedEarlier, 'return', '2030-02-24T15:59:00Z'); // 23:59 Taipei the day before the period

  // Lights: turned red in the period; red since before it; turned red but overridden green.
  ids.lightRed = await g.light(spA, '2030-Q1', 'red');
  ids.lightOldRed = await g.light(spB, '2030-Q1', 'red');
  ids.lightOverridden = await g.light(spUnit, '2030-Q1', 'red', { colour: 'green', justification: '已協調' });
  const audit = (entity: string, at: string, before: unknown, after: unknown) =>
    g.sql(`INSERT INTO audit_event (action, entity_type, entity_id, before, after, at) VALUES ('status_light.recompute', 'status_light', $1, $2, $3, $4)`, [
      entity, before === null ? null : JSON.stringify(before), JSON.stringify(after), at,
    ]);
  await audit(ids.lightRed, '2030-02-28T03:00:00Z', { computedColour: 'yellow' }, { computedColour: 'red' });
  await audit(ids.lightOldRed, '2030-02-20T03:00:00Z', null, { computedColour: 'red' });
  await audit(ids.lightOldRed, '2030-02-28T03:00:00Z', { computedColour: 'red' }, { computedColour: 'red' }); // recomputed, still red: not new
  await audit(ids.lightOverridden, '2030-02-28T03:00:00Z', { computedColour: 'green' }, { computedColour: 'red' });

  // A release request waiting for the secretariat.
  const [assignment] = await g.sql(`SELECT resolution_id, organisation_id FROM resolution_assignment ORDER BY resolution_id, organisation_id LIMIT 1`);
  await g.sql(`UPDATE resolution_assignment SET status = 'release_requested' WHERE resolution_id = $1 AND organisation_id = $2`, [assignment.resolution_id, assignment.organisation_id]);
  ids.releaseRequest = `${assignment.resolution_id}/${assignment.organisation_id}`;

  // The moea officer takes non-critical mail as a digest and has two held notifications; the moda supervisor muted it.
  await g.sql(`UPDATE app_user SET notification_delivery = 'digest' WHERE id = $1`, [users.moeaOfficer]);
  await g.sql(`UPDATE app_user SET mute_non_critical = true WHERE id = $1`, [users.modaSupervisor]);
  for (const [i, m] of [ids.dueSoonA, ids.dueTodayUnit].entries()) {
    const [row] = await g.sql(
      `INSERT INTO notification (key, kind, recipient_user_id, milestone_id, day, status) VALUES ($1, 'milestone.due_soon', $2, $3, '2030-02-26', 'held') RETURNING id`,
      [`test-held-${i}`, users.moeaOfficer, m],
    );
    ids[`held${i}`] = row.id;
  }
  // A ministry user whose organisation leads nothing.
  await g.user({ email: 'idle@test.tw', displayName: '閒置 承辦', organisation: 'moe', roles: ['ministry_officer'] });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await g?.close();
  await db?.drop();
  await dropQueues(prefix);
});

describe('the digest sweep', () => {
  it('records one digest per recipient with what each role should hear about, and none when there is nothing to say', async () => {
    const result = await sweeper.sweep(DAY);
    expect(result).toEqual({ day: DAY, recorded: 5, alreadyRecorded: 0, empty: 1 });
    const rows = await digestRows();
    expect(rows.map((r) => r.recipient_user_id).sort()).toEqual(Object.values(users).sort()); // not the viewer, reviewer, admin, nor the idle officer

    const coordinator = (await digestOf('coordinator'))!;
    expect(['pending', 'sent']).toContain(coordinator.status); // to be sent (the worker may already have)
    expect(coordinator.critical).toBe(false);
    expect(coordinator.payload).toEqual({
      cadence: 'weekly',
      periodStart: '2030-02-25',
      periodEnd: DAY,
      sections: {
        newRedLights: { ids: [ids.lightRed], total: 1 },
        newlyOverdue: { ids: [ids.newlyOverdueA, ids.newlyOverdueB, ids.lastDayA], total: 3 },
        awaitingReview: { ids: [ids.awaitingA], total: 1 },
        releaseRequests: { ids: [ids.releaseRequest], total: 1 },
      },
      held: { ids: [], total: 0 },
    });

    // 經濟部 acts for its units: 工業局's milestone due today is "due soon" for its officer and supervisor.
    const moea = (await digestOf('moeaOfficer'))!;
    expect(moea.payload.sections).toEqual({
      dueSoon: { ids: [ids.dueTodayUnit, ids.dueSoonA], total: 2 },
      overdue: { ids: [ids.oldOverdueA, ids.newlyOverdueA, ids.lastDayA], total: 3 },
      returned: { ids: [], total: 0 },
    });
    expect(moea.payload.held).toEqual({ ids: [ids.held0, ids.held1], total: 2 });
    expect((await digestOf('moeaSupervisor'))!.payload.sections).toEqual(moea.payload.sections);
    expect((await digestOf('moeaSupervisor'))!.payload.held.total).toBe(0);

    const moda = (await digestOf('modaOfficer'))!;
    expect(moda.payload.sections).toEqual({
      dueSoon: { ids: [], total: 0 },
      overdue: { ids: [ids.newlyOverdueB], total: 1 },
      returned: { ids: [ids.returnedB], total: 1 },
    });
    // Digests are not critical: the ledger keeps a muted recipient's row muted (never sent).
    expect((await digestOf('modaSupervisor'))!.status).toBe('muted');
  });

  it('marks the held notifications as digested by that digest, in the same transaction', async () => {
    const moea = (await digestOf('moeaOfficer'))!;
    const held = await g.sql(`SELECT id, status, digest_id FROM notification WHERE id = ANY($1) ORDER BY key`, [[ids.held0, ids.held1]]);
    expect(held).toEqual([
      { id: ids.held0, status: 'digested', digest_id: moea.id },
      { id: ids.held1, status: 'digested', digest_id: moea.id },
    ]);
  });

  it('records nothing again for the same period, even when the items changed since', async () => {
    // The worker may be sending them meanwhile: compare what was recorded, not the send status.
    const recorded = async () => (await digestRows()).map(({ status: _sending, ...row }) => row);
    const before = await recorded();
    await g.sql(`UPDATE milestone SET status = 'accepted' WHERE id = $1`, [ids.dueSoonA]);
    const again = await sweeper.sweep(DAY);
    expect(again).toEqual({ day: DAY, recorded: 0, alreadyRecorded: 5, empty: 1 });
    expect(await recorded()).toEqual(before);
    await g.sql(`UPDATE milestone SET status = 'pending' WHERE id = $1`, [ids.dueSoonA]);
  });

  it('records each recipient once when two sweeps of the same day run at the same time', async () => {
    const day = '2030-03-11';
    const [a, b] = await Promise.all([sweeper.sweep(day), sweeper.sweep(day)]);
    expect(a.recorded + b.recorded).toBe(5);
    expect(a.alreadyRecorded + b.alreadyRecorded).toBe(5);
    const rows = await digestRows(day);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.recipient_user_id)).size).toBe(5);
    // The next week's period: the light turned red before it, the returned submission too.
    expect((await digestOf('coordinator', day))!.payload.sections.newRedLights).toEqual({ ids: [], total: 0 });
    expect((await digestOf('modaOfficer', day))!.payload.sections.returned).toEqual({ ids: [], total: 0 });
  });

  it('runs as a queued job: a cron tick covers the week of its own tick time, given or not', async () => {
    const clock = new FakeClock(new Date('2030-04-01T00:00:00Z'));
    // BullMQ sets prevMillis on a scheduler's job to its tick: Monday 08:00 Taipei is Monday 00:00 UTC.
    const tick = (iso: string) => ({ repeatJobKey: 'digest-sweep', opts: { prevMillis: Date.parse(iso) } });
    expect(sweepDay(JobName.DigestSweep, {}, tick('2030-03-18T00:00:00Z'), clock)).toBe('2030-03-18');
    // 00:30 Taipei on Tuesday is still Monday in UTC: the Taipei date counts.
    expect(sweepDay(JobName.DigestSweep, {}, tick('2030-03-18T16:30:00Z'), clock)).toBe('2030-03-19');
    expect(sweepDay(JobName.DigestSweep, {}, { opts: {} }, clock)).toBe('2030-04-01');
    expect(sweepDay(JobName.DigestSweep, { day: '2030-03-25' }, tick('2030-03-18T00:00:00Z'), clock)).toBe('2030-03-25');
    expect(() => sweepDay(JobName.DigestSweep, { day: '25/03/2030' }, undefined, new Clock())).toThrow(/day must be a date/);

    const job = await worker.jobs.add(JobName.DigestSweep, { day: '2030-03-25' });
    await finished(worker.jobs.queue(QueueName.Sweeps), job.id!);
    expect(await digestRows('2030-03-25')).toHaveLength(5);
  });
});

describe('the digest email', () => {
  async function render(user: keyof typeof EMAIL, locale: UserLocale) {
    const manager = worker.app.get(DataSource).manager;
    const notification = await manager.findOneByOrFail(Notification, { id: (await digestOf(user))!.id });
    const recipient = await manager.findOneByOrFail(User, { id: users[user] });
    return worker.app.get(DigestRenderer).render({
      notification, recipient, locale, manager, link: (path) => `https://guankao.example.tw${path}`,
    });
  }

  it('shows a coordinator each section with its items, ROC and AD dates and links, in zh-TW', async () => {
    const email = await render('coordinator', UserLocale.ZhTw);
    expect(email.subject).toBe('【管考】每週摘要 2030-02-25 至 2030-03-03：6 項');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('本期新增紅燈（1）');
      expect(part).toContain('dg-a 經濟部計畫 A（2030-Q1 紅燈）');
      expect(part).toContain('本期新增逾期查核點（3）');
      expect(part).toContain('dg-a-1 查核點 dg-a-1');
      expect(part).toContain('民國 119 年 2 月 27 日（2030-02-27），已逾期 5 日');
      expect(part).toContain('待審核填報（1）');
      expect(part).toContain('待決定之解除列管申請（1）');
      expect(part).toContain('https://guankao.example.tw/milestones/dg-a-1');
      expect(part).toContain('https://guankao.example.tw/sub-projects/dg-a');
      expect(part).toContain(`https://guankao.example.tw/submissions/${ids.awaitingA}`);
      expect(part).not.toContain('dg-b 數位部計畫 B（2030-Q1'); // red before the period
    }
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.text).toContain('請勿直接回覆');
  });

  it('shows a ministry user their due, overdue and returned items and the notifications it digested, in English', async () => {
    const moea = await render('moeaOfficer', UserLocale.En);
    expect(moea.subject).toBe('[Guankao] Weekly digest 2030-02-25 to 2030-03-03: 7 items');
    expect(moea.text).toContain('Milestones due in the next 14 days (2)');
    expect(moea.text).toContain('due 4 Mar 2030 (ROC 119/03/04), today');
    expect(moea.text).toContain('Overdue milestones (3)');
    expect(moea.text).toContain('due 20 Feb 2030 (ROC 119/02/20), 12 days overdue');
    expect(moea.text).toContain('Notifications held for this digest (2)');
    expect(moea.text).toContain('Milestone due soon: dg-u-1');
    expect(moea.text).not.toContain('Submissions returned');

    const moda = await render('modaOfficer', UserLocale.ZhTw);
    expect(moda.text).toContain('本期退回補正之填報（1）');
    expect(moda.text).toContain('審核意見：請補充 KPI 佐證');
    expect(moda.html).toContain('退回於 民國 119 年 2 月 26 日（2030-02-26）');
  });

  it('escapes what users wrote', async () => {
    await g.review(ids.returnedB, 'return', '2030-02-27T02:00:00Z', '<b>補件</b>');
    const moda = await render('modaOfficer', UserLocale.ZhTw);
    expect(moda.html).toContain('&lt;b&gt;補件&lt;/b&gt;');
    expect(moda.html).not.toContain('<b>補件</b>');
  });
});

describe('digest delivery over SMTP', () => {
  it('delivers the digest with its sections to each recipient, once', async () => {
    const smtp = await new SmtpTestServer().start();
    const database = await createTestDatabase();
    const queuePrefix = uniqueQueuePrefix();
    const w = await bootWorker({ databaseUrl: database.url, queuePrefix, smtpUrl: smtp.url, clock: new FakeClock(new Date(`${DAY}T00:00:00Z`)) });
    try {
      const g2 = await given(database.url);
      const programme = await g2.programme('dgx');
      const sp = await g2.subProject({ code: 'dgx-a', programmeId: programme, lead: 'moea' });
      await g2.milestone(sp, { code: 'dgx-a-1', seq: 1, due: '2030-02-27' });
      await g2.close();
      await w.app.get(DigestSweepHandler).sweep(DAY);
      const [coordinatorId] = await w.app.get(DataSource).query(`SELECT id FROM app_user WHERE email = $1`, [EMAIL.coordinator]);
      const expected = Number((await w.app.get(DataSource).query(`SELECT count(*) AS n FROM notification WHERE kind = 'digest' AND status = 'pending'`))[0].n);
      const mails = await smtp.waitFor(expected);
      const coordinatorMail = mails.find((m) => m.to.includes(EMAIL.coordinator))!;
      expect(coordinatorId).toBeDefined();
      expect(coordinatorMail.subject).toContain('每週摘要');
      expect(coordinatorMail.text).toContain('本期新增逾期查核點');
      expect(coordinatorMail.html).toContain('dgx-a-1');
      await w.app.get(DigestSweepHandler).sweep(DAY);
      await settled(w);
      expect(smtp.received).toHaveLength(expected);
    } finally {
      await w.close();
      await smtp.stop();
      await database.drop();
      await dropQueues(queuePrefix);
    }
  });
});
