import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DigestSweepHandler } from '../libs/digests/digest-sweep.handler.js';
import { NotificationLedger, notificationKey, type NotificationToRecord } from '../libs/notifications/ledger.js';
import { NotificationKind } from '../libs/notifications/notification.entity.js';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given } from './support/given.js';
import { SmtpTestServer } from './support/smtp.js';
import { bootWorker, dropQueues, settled as workerSettled, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/**
 * The inbox (GET /api/me/notifications …) and per-kind notification preferences over HTTP, with
 * the real ledger, digest sweep, worker and SMTP server: "off" means no email (the inbox still
 * shows it), a daily or weekly digest holds it for that digest, escalations cannot be turned off.
 */
const PUBLIC_URL = 'https://guankao.example.tw';
const MOEA_SP = 'aap2-sp-12'; // 經濟部 leads
const MODA_SP = 'aap2-sp-05'; // 數位部 leads
const MOEA_MILESTONE = 'aap2-sp-12-m-inbox';
const MODA_MILESTONE = 'aap2-sp-05-m-inbox';
const DAY = '2026-11-23';

let db: TestDatabase;
let smtp: SmtpTestServer;
let worker: TestWorker;
let api: TestApi;
let ds: DataSource;
let ledger: NotificationLedger;
const prefix = uniqueQueuePrefix();
const savedPublicUrl = process.env.PUBLIC_URL;
const as = (user: DemoUser): Promise<Client> => api.signedIn(user);
const ids: Record<string, string> = {};
const settled = () => workerSettled(worker, { pendingNotifications: 'TRUE' });

/** A ledger row for a milestone reminder of `kind`, as the reminder sweep writes it. */
const reminder = (kind: NotificationKind, milestoneId: string, userId: string, payload: Record<string, unknown>): NotificationToRecord => ({
  key: notificationKey.milestone(kind, milestoneId, userId, DAY), kind, critical: kind === NotificationKind.MilestoneOverdue, recipientUserId: userId,
  milestoneId, subjectType: 'milestone', subjectId: milestoneId, day: DAY, payload,
});
const event = (kind: NotificationKind, subjectType: string, subjectId: string, userId: string): NotificationToRecord => ({
  key: notificationKey.event(kind, randomUUID(), userId), kind, critical: false, recipientUserId: userId, subjectType, subjectId, day: DAY, payload: {},
});
const statusOf = async (key: string) => (await ds.query(`SELECT status, digest_cadence FROM notification WHERE key = $1`, [key]))[0];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await new SmtpTestServer().start();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, env: { PUBLIC_URL } });
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  ledger = worker.app.get(NotificationLedger);
  const g = await given(db.url);
  ids.moeaMilestone = await g.milestone(await g.subProjectId(MOEA_SP), { code: MOEA_MILESTONE, seq: 911, fiscalYear: 2026, due: '2026-12-31', deliverable: '收件匣測試查核點' });
  ids.modaMilestone = await g.milestone(await g.subProjectId(MODA_SP), { code: MODA_MILESTONE, seq: 912, fiscalYear: 2026, due: '2026-12-31', deliverable: '數位部收件匣查核點' });
  ids.moeaOfficer = await g.userId(DEMO_EMAIL['moea-officer']);
  ids.modaOfficer = await g.userId(DEMO_EMAIL['moda-officer']);
  [{ id: ids.resolution }] = await g.sql(`SELECT id FROM resolution WHERE code = 'sngroup-3-r1'`);
  await g.close();
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await worker?.close();
  await smtp?.stop();
  await db?.drop();
  await dropQueues(prefix);
  if (savedPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = savedPublicUrl;
});

describe('notification preferences per kind', () => {
  const put = async (user: DemoUser, kinds: { kind: string; delivery: string }[], defaults = { delivery: 'immediate', muteNonCritical: false }) =>
    (await as(user)).request('PUT', '/api/me/notification-preferences', { ...defaults, kinds });

  it('lists every kind with what applies; escalations and scheduled reports say in words that they are always sent', async () => {
    const res = await (await as('moea-officer')).get('/api/me/notification-preferences');
    expect(res.status).toBe(200);
    const byKind = Object.fromEntries(res.body.kinds.map((k: any) => [k.kind, k]));
    expect(Object.keys(byKind).sort()).toEqual(Object.values(NotificationKind).sort());
    expect(byKind['milestone.overdue']).toMatchObject({ alwaysSent: 'escalation', options: ['immediate'], effective: 'immediate', delivery: null, label: '查核點逾期' });
    expect(byKind['milestone.overdue'].alwaysSentNote).toMatch(/cannot be turned off/);
    expect(byKind['scheduled_report'].alwaysSent).toBe('scheduled');
    expect(byKind['milestone.due_soon']).toMatchObject({ alwaysSent: null, options: ['immediate', 'daily_digest', 'weekly_digest', 'off'], effective: 'immediate' });
    expect(byKind.digest.options).toEqual(['immediate', 'off']);
    const en = await (await as('moea-officer')).request('GET', '/api/me/notification-preferences', undefined, { 'accept-language': 'en' });
    expect(en.body.kinds.find((k: any) => k.kind === 'milestone.overdue').label).toBe('Milestone overdue');
  });

  it('refuses to turn off or hold an escalation (400 NOTIFICATION_ALWAYS_SENT), a digest in a digest and an unknown kind (400 DELIVERY_NOT_OFFERED); nothing changes', async () => {
    for (const delivery of ['off', 'weekly_digest']) {
      const res = await put('moea-officer', [{ kind: 'milestone.overdue', delivery }]);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'NOTIFICATION_ALWAYS_SENT' });
    }
    expect((await put('moea-officer', [{ kind: 'gate_condition.overdue', delivery: 'off' }])).body.error.code).toBe('NOTIFICATION_ALWAYS_SENT');
    expect((await put('moea-officer', [{ kind: 'digest', delivery: 'daily_digest' }])).body.error.code).toBe('DELIVERY_NOT_OFFERED');
    expect((await put('moea-officer', [{ kind: 'no.such_kind', delivery: 'off' }])).body.error.code).toBe('DELIVERY_NOT_OFFERED');
    const bad = await put('moea-officer', [{ kind: 'milestone.due_soon', delivery: 'sometimes' }]);
    expect({ status: bad.status, code: bad.body.error.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    // A refused request changes nothing, even its valid entries.
    await put('moea-officer', [{ kind: 'milestone.due_soon', delivery: 'off' }, { kind: 'milestone.overdue', delivery: 'off' }]);
    expect((await ds.query(`SELECT count(*)::int AS n FROM notification_preference`))[0].n).toBe(0);
  });

  it('stores the settings, audits the change, and "default" removes one', async () => {
    const res = await put('moea-officer', [
      { kind: 'milestone.due_soon', delivery: 'off' },
      { kind: 'submission.returned', delivery: 'daily_digest' },
      { kind: 'resolution.assigned', delivery: 'weekly_digest' },
      { kind: 'resolution.kept', delivery: 'off' },
    ]);
    expect(res.status).toBe(200);
    const byKind = Object.fromEntries(res.body.kinds.map((k: any) => [k.kind, k]));
    expect([byKind['milestone.due_soon'].effective, byKind['submission.returned'].effective, byKind['resolution.assigned'].effective]).toEqual(['off', 'daily_digest', 'weekly_digest']);
    const again = await put('moea-officer', [{ kind: 'resolution.kept', delivery: 'default' }]);
    expect(again.body.kinds.find((k: any) => k.kind === 'resolution.kept')).toMatchObject({ delivery: null, effective: 'immediate' });
    const audit = await ds.query(`SELECT after FROM audit_event WHERE action = 'user.notification_preferences' AND entity_id = $1 ORDER BY at`, [ids.moeaOfficer]);
    expect(audit.map((a: any) => a.after.kinds)).toEqual([
      { 'milestone.due_soon': 'off', 'submission.returned': 'daily_digest', 'resolution.assigned': 'weekly_digest', 'resolution.kept': 'off' },
      { 'resolution.kept': 'default' },
    ]);
  });

  it('the old fields keep their meaning for kinds without a setting: weekly digest for "digest", off for muteNonCritical', async () => {
    const res = await (await as('moda-officer')).request('PUT', '/api/me/notification-preferences', { delivery: 'digest', muteNonCritical: false });
    expect(res.status).toBe(200);
    const byKind = Object.fromEntries(res.body.kinds.map((k: any) => [k.kind, k]));
    expect([byKind['milestone.due_soon'].effective, byKind['milestone.overdue'].effective, byKind.digest.effective]).toEqual(['weekly_digest', 'immediate', 'immediate']);
    await (await as('moda-officer')).request('PUT', '/api/me/notification-preferences', { delivery: 'immediate', muteNonCritical: false });
  });

  it('the ledger applies them: off → no email (muted), digests hold, escalations and unset kinds are emailed at once', async () => {
    smtp.clear();
    const rows = [
      reminder(NotificationKind.MilestoneDueSoon, ids.moeaMilestone, ids.moeaOfficer, { daysBefore: 7, dueDate: '2026-12-31' }),
      reminder(NotificationKind.MilestoneOverdue, ids.moeaMilestone, ids.moeaOfficer, { daysOverdue: 1, level: 'ministry_officer', dueDate: '2026-12-31' }),
      reminder(NotificationKind.MilestoneDueToday, ids.moeaMilestone, ids.moeaOfficer, { daysBefore: 0, dueDate: '2026-12-31' }),
      event(NotificationKind.SubmissionReturned, 'submission', randomUUID(), ids.moeaOfficer),
      event(NotificationKind.ResolutionAssigned, 'resolution', ids.resolution, ids.moeaOfficer),
    ];
    await ledger.record(rows);
    await smtp.waitFor(2);
    await settled();
    expect(await Promise.all(rows.map((r) => statusOf(r.key)))).toEqual([
      { status: 'muted', digest_cadence: null },
      { status: 'sent', digest_cadence: null },
      { status: 'sent', digest_cadence: null },
      { status: 'held', digest_cadence: 'daily' },
      { status: 'held', digest_cadence: 'weekly' },
    ]);
    expect(smtp.received.map((m) => m.subject).sort()).toEqual([
      '【管考】查核點今日到期：收件匣測試查核點',
      '【管考】逾期通報：查核點已逾期 1 日：收件匣測試查核點',
    ]);
    ids.dailyHeld = (await ds.query(`SELECT id FROM notification WHERE key = $1`, [rows[3].key]))[0].id;
    ids.weeklyHeld = (await ds.query(`SELECT id FROM notification WHERE key = $1`, [rows[4].key]))[0].id;
  });

  it('the daily digest carries only what was held for it, the weekly one the rest; each once', async () => {
    smtp.clear();
    const sweeper = worker.app.get(DigestSweepHandler);
    const daily = await sweeper.sweep(DAY, 'daily');
    expect(daily).toMatchObject({ recorded: 1 });
    // Run again: nothing is held for it any more, so nothing new is recorded or sent.
    expect(await sweeper.sweep(DAY, 'daily')).toMatchObject({ recorded: 0 });
    const [dailyRow] = await ds.query(`SELECT id, payload FROM notification WHERE key = $1`, [notificationKey.dailyDigest(ids.moeaOfficer, DAY)]);
    expect(dailyRow.payload).toMatchObject({ cadence: 'daily', sections: {}, held: { ids: [ids.dailyHeld], total: 1 } });
    await sweeper.sweep(DAY, 'weekly');
    const [weeklyRow] = await ds.query(`SELECT payload FROM notification WHERE key = $1`, [notificationKey.digest(ids.moeaOfficer, DAY)]);
    expect(weeklyRow.payload).toMatchObject({ cadence: 'weekly', held: { ids: [ids.weeklyHeld], total: 1 } });
    expect(await ds.query(`SELECT status FROM notification WHERE id = ANY($1) ORDER BY status`, [[ids.dailyHeld, ids.weeklyHeld]])).toEqual([{ status: 'digested' }, { status: 'digested' }]);
    await settled();
    const mine = smtp.received.filter((m) => m.to.includes(DEMO_EMAIL['moea-officer'])).map((m) => m.subject).sort();
    expect(mine).toEqual(['【管考】每日摘要 2026-11-22：1 項', expect.stringMatching(/^【管考】每週摘要 2026-11-16 至 2026-11-22：\d+ 項$/)]);
  });
});

describe('the inbox: my own notifications', () => {
  let all: any[];

  it('lists every row the ledger holds for me, newest first, with a title in my language, the email\'s fate and a link', async () => {
    await ledger.record([reminder(NotificationKind.MilestoneDueSoon, ids.modaMilestone, ids.modaOfficer, { daysBefore: 14, dueDate: '2026-12-31' })]);
    const res = await (await as('moea-officer')).get('/api/me/notifications?limit=200');
    expect(res.status).toBe(200);
    all = res.body.items;
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE recipient_user_id = $1`, [ids.moeaOfficer]);
    expect(all.length).toBe(n);
    expect(all.length).toBeGreaterThanOrEqual(7);
    const times = all.map((i) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const dueSoon = all.find((i) => i.kind === 'milestone.due_soon');
    expect(dueSoon).toMatchObject({
      title: `查核點即將到期：收件匣測試查核點（${MOEA_MILESTONE}）`, link: `/milestones/${MOEA_MILESTONE}`, emailStatus: 'muted', readAt: null, group: 'reminders',
    });
    expect(dueSoon.summary).toContain('民國 115 年 12 月 31 日（2026-12-31）');
    expect(all.find((i) => i.kind === 'milestone.overdue')).toMatchObject({ critical: true, emailStatus: 'sent', group: 'escalations' });
    expect(all.find((i) => i.kind === 'resolution.assigned')).toMatchObject({ link: '/resolutions/sngroup-3-r1', emailStatus: 'digested' });
    expect(all.filter((i) => i.kind === 'digest').map((i) => i.title).sort()).toEqual(['摘要：每日摘要', '摘要：每週摘要']);
    const en = await (await as('moea-officer')).request('GET', '/api/me/notifications?kind=milestone.due_soon', undefined, { 'accept-language': 'en' });
    expect(en.body.items[0].title).toBe(`Milestone due soon: 收件匣測試查核點 (${MOEA_MILESTONE})`);
    expect(res.body.unread).toBe(all.length);
  });

  it('never shows another user\'s rows: 數位部\'s officer sees only their own, and 經濟部\'s are not among them', async () => {
    const moda = (await (await as('moda-officer')).get('/api/me/notifications?limit=200')).body.items;
    expect(moda.map((i: any) => i.title)).toEqual([`查核點即將到期：數位部收件匣查核點（${MODA_MILESTONE}）`]);
    expect(all.some((i) => i.title.includes(MODA_MILESTONE))).toBe(false);
  });

  it('pages by keyset: every row once, in order, whatever the page size', async () => {
    const client = await as('moea-officer');
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await client.get(`/api/me/notifications?limit=2${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((i: any) => i.id));
      after = res.body.nextCursor;
    } while (after);
    expect(seen).toEqual(all.map((i) => i.id));
    expect((await client.get('/api/me/notifications?after=not-a-cursor')).status).toBe(400);
  });

  it('filters by kind and unread; counts unread; mark read is idempotent; another user\'s id is 404 as an unknown one', async () => {
    const me = await as('moea-officer');
    const moda = await as('moda-officer');
    const target = all.find((i) => i.kind === 'milestone.overdue');
    const kinds = (await me.get('/api/me/notifications?kind=milestone.overdue')).body.items;
    expect(kinds.map((i: any) => i.id)).toEqual([target.id]);

    const first = await me.request('POST', `/api/me/notifications/${target.id}/read`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: target.id, unread: all.length - 1 });
    const second = await me.request('POST', `/api/me/notifications/${target.id}/read`);
    expect(second.body).toEqual(first.body);
    expect((await me.get('/api/me/notifications/unread-count')).body).toEqual({ unread: all.length - 1 });
    const unread = (await me.get('/api/me/notifications?unread=true&limit=200')).body.items.map((i: any) => i.id);
    expect(unread).toEqual(all.map((i) => i.id).filter((id) => id !== target.id));

    const other = all.find((i) => i.kind === 'milestone.due_today');
    const theirs = await moda.request('POST', `/api/me/notifications/${other.id}/read`);
    const unknown = await moda.request('POST', `/api/me/notifications/${randomUUID()}/read`);
    expect([theirs.status, theirs.body.error.code, unknown.status]).toEqual([404, 'NOT_FOUND', 404]);
    expect((await ds.query(`SELECT read_at FROM notification WHERE id = $1`, [other.id]))[0].read_at).toBeNull();
    expect((await me.request('POST', '/api/me/notifications/not-a-uuid/read')).status).toBe(400);
  });

  it('mark all read: only mine, of the kind asked or all, and again changes nothing', async () => {
    const me = await as('moea-officer');
    const digests = await me.request('POST', '/api/me/notifications/read-all', { kind: 'digest' });
    expect(digests.body).toEqual({ marked: 2, unread: all.length - 3 });
    const rest = await me.request('POST', '/api/me/notifications/read-all', {});
    expect(rest.body).toEqual({ marked: all.length - 3, unread: 0 });
    expect((await me.request('POST', '/api/me/notifications/read-all', {})).body).toEqual({ marked: 0, unread: 0 });
    expect((await (await as('moda-officer')).get('/api/me/notifications/unread-count')).body).toEqual({ unread: 1 });
  });

  it('needs a signed-in user', async () => {
    expect((await api.get('/api/me/notifications')).status).toBe(401);
    expect((await api.get('/api/me/notifications/unread-count')).status).toBe(401);
  });
});
