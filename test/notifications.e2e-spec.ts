import { DataSource } from 'typeorm';
import { NotificationLedger, notificationKey, type NotificationToRecord } from '../libs/notifications/ledger.js';
import { NotificationKind } from '../libs/notifications/notification.entity.js';
import { OutboxTopic } from '../libs/outbox/topics.js';
import { JobName, QueueName } from '../libs/queue/index.js';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { given } from './support/given.js';
import { type ReceivedMail, SmtpTestServer } from './support/smtp.js';
import { finished } from './support/sweeps.js';
import { bootWorker, dropQueues, settled as workerSettled, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/**
 * Email end to end: workflow events over HTTP → outbox relay → events job → ledger → send job →
 * a real SMTP server over TCP; preferences; SMTP failures, retries and the admin's failed list.
 */
const PUBLIC_URL = 'https://guankao.example.tw';
const MOEA_SP = 'aap2-sp-12'; // 經濟部 leads
const MODA_SP = 'aap2-sp-05'; // 數位部 leads
const MOEA_MILESTONE = 'aap2-sp-12-m-mail-2024q3';
const MODA_MILESTONE = 'aap2-sp-05-m-mail-2024q2';

let db: TestDatabase;
let smtp: SmtpTestServer;
let worker: TestWorker;
let api: TestApi;
let ds: DataSource;
let ledger: NotificationLedger;
const prefix = uniqueQueuePrefix();
const savedPublicUrl = process.env.PUBLIC_URL;
const as = (user: DemoUser): Promise<Client> => api.signedIn(user);
const userId = async (user: DemoUser): Promise<string> => (await ds.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO_EMAIL[user]]))[0].id;
const milestoneId = async (code: string): Promise<string> => (await ds.query(`SELECT id FROM milestone WHERE code = $1`, [code]))[0].id;
const ledgerRow = async (key: string) =>
  (await ds.query(`SELECT id, key, kind, status, attempts, last_error, message_id FROM notification WHERE key = $1`, [key]))[0];

/** Once every pending row is settled and the worker has nothing left to do, nothing more arrives. */
const settled = () => workerSettled(worker, { pendingNotifications: 'TRUE' });

const byKey = (mails: ReceivedMail[]) => {
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(m.headers['x-guankao-notification-key'], (counts.get(m.headers['x-guankao-notification-key']) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await new SmtpTestServer().start();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, env: { PUBLIC_URL } });
  api = await bootApi(db.url); // after the worker: same queue prefix and public URL
  ds = api.app.get(DataSource);
  ledger = worker.app.get(NotificationLedger);
  await ds.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = ANY($1)`, [[MOEA_SP, MODA_SP]]);
  const g = await given(db.url);
  await g.milestone(await g.subProjectId(MOEA_SP), { code: MOEA_MILESTONE, seq: 901, fiscalYear: 2024, due: '2024-08-31', deliverable: 'AI 晶片雛型驗證' });
  await g.milestone(await g.subProjectId(MODA_SP), { code: MODA_MILESTONE, seq: 902, fiscalYear: 2024, due: '2024-06-30', deliverable: '數位韌性演練報告' });
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

describe('a workflow event becomes one email per recipient, in their language', () => {
  let submissionId: string;
  let version: number;
  const step = async (user: DemoUser, action: string, body: Record<string, unknown> = {}) => {
    const res = await (await as(user)).request('POST', `/api/submissions/${submissionId}/${action}`, { version, ...body });
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    version = res.body.version;
  };

  it('submit → supervisor (en), approve → coordinator and the officer who wrote it, return → officer: four emails, one per ledger key', async () => {
    await ds.query(`UPDATE app_user SET locale = 'en' WHERE email = $1`, [DEMO_EMAIL['moea-supervisor']]);
    const created = await (await as('moea-officer')).request('POST', '/api/submissions', { subProject: MOEA_SP, milestone: MOEA_MILESTONE, progressPercent: '40' });
    expect(created.status).toBe(201);
    submissionId = created.body.id;
    version = created.body.version;
    await step('moea-officer', 'submit');
    await step('moea-supervisor', 'approve');
    await step('coordinator', 'return', { comment: '請補充晶片驗證報告 <附件>' });

    await smtp.waitFor(4);
    await settled();
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([DEMO_EMAIL.coordinator, DEMO_EMAIL['moea-officer'], DEMO_EMAIL['moea-officer'], DEMO_EMAIL['moea-supervisor']].sort());
    const rows = await ds.query(`SELECT key, kind, status, attempts, message_id FROM notification ORDER BY kind`);
    expect(rows.map((r: any) => [r.kind, r.status, r.attempts])).toEqual([
      ['submission.awaiting_supervisor', 'sent', 1],
      ['submission.returned', 'sent', 1],
      ['submission.submitted', 'sent', 1],
      ['submission.submitted', 'sent', 1],
    ]);
    expect([...byKey(smtp.received)].sort()).toEqual(rows.map((r: any) => [r.key, 1]).sort());
  });

  it('the officer\'s email (zh-TW): the sub-project, the milestone, its due date in ROC and AD, the comment, what to do and the link', async () => {
    const [{ name }] = await ds.query(`SELECT name FROM sub_project WHERE code = $1`, [MOEA_SP]);
    const mail = smtp.received.find((m) => m.to[0] === DEMO_EMAIL['moea-officer'] && m.headers['x-guankao-notification-key'].startsWith('submission.returned:'))!;
    const row = await ledgerRow(mail.headers['x-guankao-notification-key']);
    expect(row.kind).toBe('submission.returned');
    expect(mail.messageId).toBe(`<notification-${row.id}@guankao>`);
    expect(row.message_id).toBe(mail.messageId);
    expect(mail.subject).toBe(`【管考】填報資料已退回：${name} AI 晶片雛型驗證`);
    const link = `${PUBLIC_URL}/submissions/${submissionId}`;
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(name);
      expect(part).toContain(MOEA_SP);
      expect(part).toContain(`AI 晶片雛型驗證（${MOEA_MILESTONE}）`);
      expect(part).toContain('民國 113 年 8 月 31 日（2024-08-31）');
      expect(part).toContain('經濟部');
      expect(part).toContain('請依審查意見修正後，重新提送主管核定。');
      expect(part).toContain(link);
    }
    expect(mail.text).toContain('> 請補充晶片驗證報告 <附件>');
    expect(mail.html).toContain('請補充晶片驗證報告 &lt;附件&gt;');
    expect(mail.html).toContain(`<a href="${link}">`);
  });

  it('the supervisor reads English (names stay as the roadmap writes them); the coordinator is asked to review', async () => {
    const en = smtp.received.find((m) => m.to[0] === DEMO_EMAIL['moea-supervisor'])!;
    expect(en.subject).toMatch(/^\[Guankao\] Awaiting your approval: .+ AI 晶片雛型驗證$/);
    expect(en.text).toContain('Due date: 31 Aug 2024 (ROC 113/08/31)');
    expect(en.text).toContain('Please review it, then approve it');
    expect(en.html).toContain('31 Aug 2024 (ROC 113/08/31)');
    expect(en.html).toContain('<html lang="en">');

    const zh = smtp.received.find((m) => m.to[0] === DEMO_EMAIL.coordinator)!;
    expect(zh.subject).toMatch(/^【管考】待審查：/);
    expect(zh.text).toContain('經濟部已將細部計畫');
    expect(zh.text).toContain('請審查填報內容及佐證資料，接受或附意見退回。');
  });
});

describe('a release request and an assignment reach the people who act on them', () => {
  it('a ministry asks for release (解除列管) → the coordinators, with the resolution, the follow-up and the link', async () => {
    smtp.clear();
    const code = 'sngroup-3-r1'; // seeded, assigned to 經濟部 and 數位部
    const ask = await (await as('moea-officer')).request('POST', `/api/resolutions/${code}/follow-ups`, { text: '已完成 AI 導入輔導，申請解除列管。', requestRelease: true, version: 1 });
    expect(ask.status).toBe(201);
    await smtp.waitFor(1);
    await settled();
    expect(smtp.received.map((m) => m.to[0])).toEqual([DEMO_EMAIL.coordinator]);
    const [mail] = smtp.received;
    expect(mail.subject).toBe(`【管考】申請解除列管：經濟部 ${code}`);
    expect(mail.text).toContain('> 已完成 AI 導入輔導，申請解除列管。');
    expect(mail.text).toContain('智慧國家推動小組第3次會議，民國 112 年 6 月 30 日（2023-06-30）');
    expect(mail.text).toContain(`${PUBLIC_URL}/resolutions/${code}`);
  });

  it('a sub-project assigned to 數位部 → its officers and supervisors, once each even if the event is handled twice', async () => {
    smtp.clear();
    const [{ id: spId, name }] = await ds.query(`SELECT id, name FROM sub_project WHERE code = $1`, [MODA_SP]);
    const [{ id: modaId }] = await ds.query(`SELECT id FROM organisation WHERE code = 'moda'`);
    // As libs/sub-projects/assignment.service.ts records it (the assign endpoint's own tests are elsewhere).
    const [{ id: eventId }] = await ds.query(
      `INSERT INTO outbox_event (topic, aggregate_type, aggregate_id, payload) VALUES ('sub_project.assigned', 'sub_project', $1, $2) RETURNING id`,
      [spId, JSON.stringify({ subProjectId: spId, organisationId: modaId, assignmentId: spId })],
    );
    await smtp.waitFor(2);
    await settled();
    // The events job again for the same row (a retry): the ledger keys are the same, nothing more is sent.
    const again = await worker.jobs.add(JobName.OutboxEvent, { outboxEventId: String(eventId), topic: OutboxTopic.SubProjectAssigned, aggregateType: 'sub_project', aggregateId: spId });
    await finished(worker.jobs.queue(QueueName.Events), again.id!);
    await settled();
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([DEMO_EMAIL['moda-officer'], DEMO_EMAIL['moda-supervisor']].sort());
    expect(smtp.received[0].subject).toBe(`【管考】細部計畫已指派：${name}`);
    expect(smtp.received[0].text).toContain(`${PUBLIC_URL}/sub-projects/${MODA_SP}`);
    expect(smtp.received[0].text).toContain('請於管考系統確認接受指派');
  });
});

describe('preferences', () => {
  let assigned: (user: DemoUser) => Promise<NotificationToRecord>;
  beforeAll(async () => {
    smtp.clear();
    const [{ id: spId }] = await ds.query(`SELECT id FROM sub_project WHERE code = $1`, [MODA_SP]);
    assigned = async (user) => ({
      key: notificationKey.event(NotificationKind.SubProjectAssigned, '999001', await userId(user)), kind: NotificationKind.SubProjectAssigned,
      critical: false, recipientUserId: await userId(user), subjectType: 'sub_project', subjectId: spId, day: '2024-06-01',
    });
  });

  it('each user reads and sets their own, over HTTP, audited; escalations cannot be muted', async () => {
    const officer = await as('moda-officer');
    expect((await officer.get('/api/me/notification-preferences')).body).toEqual({
      delivery: 'immediate', muteNonCritical: false, escalationsCanBeMuted: false, note: expect.stringMatching(/cannot be muted/), kinds: expect.any(Array),
    });
    const muted = await officer.request('PUT', '/api/me/notification-preferences', { delivery: 'immediate', muteNonCritical: true });
    expect(muted.status).toBe(200);
    expect(muted.body).toMatchObject({ delivery: 'immediate', muteNonCritical: true, escalationsCanBeMuted: false });
    expect((await (await as('moda-supervisor')).request('PUT', '/api/me/notification-preferences', { delivery: 'digest', muteNonCritical: false })).status).toBe(200);
    // Only the caller's own row changed.
    expect((await (await as('moea-officer')).get('/api/me/notification-preferences')).body).toMatchObject({ delivery: 'immediate', muteNonCritical: false });
    const audit = await ds.query(`SELECT before, after FROM audit_event WHERE action = 'user.notification_preferences' AND entity_id = $1`, [await userId('moda-officer')]);
    expect(audit).toEqual([{ before: { delivery: 'immediate', muteNonCritical: false }, after: { delivery: 'immediate', muteNonCritical: true } }]);

    const bad = await officer.request('PUT', '/api/me/notification-preferences', { delivery: 'weekly', muteNonCritical: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['delivery', 'muteNonCritical']);
    expect((await api.request('GET', '/api/me/notification-preferences')).status).toBe(401);
  });

  it('a muted user gets no non-critical mail, a digest user has it held, and an escalation reaches the muted user', async () => {
    const officerId = await userId('moda-officer');
    const escalation: NotificationToRecord = {
      key: notificationKey.milestone(NotificationKind.MilestoneOverdue, await milestoneId(MODA_MILESTONE), officerId, '2024-07-03'),
      kind: NotificationKind.MilestoneOverdue, critical: true, recipientUserId: officerId, milestoneId: await milestoneId(MODA_MILESTONE),
      subjectType: 'milestone', subjectId: await milestoneId(MODA_MILESTONE), day: '2024-07-03', payload: { daysOverdue: 3, level: 'ministry_officer' },
    };
    const queued = await ledger.record([await assigned('moda-officer'), await assigned('moda-supervisor'), escalation]);
    expect(queued).toBe(1);
    await smtp.waitFor(1);
    await settled();
    expect((await ledgerRow((await assigned('moda-officer')).key)).status).toBe('muted');
    expect((await ledgerRow((await assigned('moda-supervisor')).key)).status).toBe('held');
    expect((await ledgerRow(escalation.key)).status).toBe('sent');

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to).toEqual([DEMO_EMAIL['moda-officer']]);
    expect(mail.subject).toBe('【管考】逾期通報：查核點已逾期 3 日：數位韌性演練報告');
    expect(mail.text).toContain('逾期日數：3 日');
    expect(mail.text).toContain('通報對象：主辦機關承辦人');
    expect(mail.text).toContain('民國 113 年 6 月 30 日（2024-06-30）');
    expect(mail.text).toContain(`${PUBLIC_URL}/milestones/${MODA_MILESTONE}`);
  });

  it('a reminder whose milestone was submitted before its turn came is skipped, not sent', async () => {
    const officerId = await userId('moda-officer');
    const milestone = await milestoneId(MODA_MILESTONE);
    await ds.query(`UPDATE milestone SET status = 'submitted' WHERE id = $1`, [milestone]);
    try {
      const escalation: NotificationToRecord = {
        key: notificationKey.milestone(NotificationKind.MilestoneOverdue, milestone, officerId, '2024-07-07'),
        kind: NotificationKind.MilestoneOverdue, critical: true, recipientUserId: officerId, milestoneId: milestone,
        subjectType: 'milestone', subjectId: milestone, day: '2024-07-07', payload: { daysOverdue: 7, level: 'ministry_officer' },
      };
      const before = smtp.received.length;
      expect(await ledger.record([escalation])).toBe(1);
      await eventually('the reminder is settled', async () => (await ledgerRow(escalation.key)).status !== 'pending');
      expect(await ledgerRow(escalation.key)).toMatchObject({ status: 'skipped', last_error: 'milestone submitted before sending' });
      expect(smtp.received.length).toBe(before);
    } finally {
      await ds.query(`UPDATE milestone SET status = 'pending' WHERE id = $1`, [milestone]);
    }
  });
});

describe('SMTP failures', () => {
  const dueSoon = async (day: string, daysBefore: number): Promise<NotificationToRecord> => {
    const recipient = await userId('moea-officer');
    const milestone = await milestoneId(MOEA_MILESTONE);
    return {
      key: notificationKey.milestone(NotificationKind.MilestoneDueSoon, milestone, recipient, day), kind: NotificationKind.MilestoneDueSoon, critical: false,
      recipientUserId: recipient, milestoneId: milestone, subjectType: 'milestone', subjectId: milestone, day, payload: { daysBefore },
    };
  };

  it('a transient refusal (451) is retried with backoff: exactly one email per ledger key, each attempt recorded', async () => {
    smtp.clear();
    smtp.failNext(2);
    const rows = [await dueSoon('2024-08-17', 14), await dueSoon('2024-08-24', 7), await dueSoon('2024-08-30', 1)];
    expect(await ledger.record(rows)).toBe(3);
    await smtp.waitFor(3);
    await settled();
    expect([...byKey(smtp.received)].sort()).toEqual(rows.map((r) => [r.key, 1]).sort());
    const ledgerRows = await Promise.all(rows.map((r) => ledgerRow(r.key)));
    expect(ledgerRows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(ledgerRows.map((r) => r.attempts).sort()).toEqual([1, 2, 2]);
    expect(smtp.received.find((m) => m.headers['x-guankao-notification-key'] === rows[1].key)!.subject).toBe('【管考】查核點將於 7 日後到期：AI 晶片雛型驗證');
  });

  it('a permanent refusal (550) fails at once, shows in the admin\'s failed list, and a retry sends it once', async () => {
    smtp.clear();
    smtp.failNext(1, 550, 'Mailbox unavailable');
    const recipient = await userId('moea-officer');
    const milestone = await milestoneId(MOEA_MILESTONE);
    const row: NotificationToRecord = {
      key: notificationKey.milestone(NotificationKind.MilestoneDueToday, milestone, recipient, '2024-08-31'), kind: NotificationKind.MilestoneDueToday,
      critical: false, recipientUserId: recipient, milestoneId: milestone, subjectType: 'milestone', subjectId: milestone, day: '2024-08-31',
    };
    await ledger.record([row]);
    await eventually('the row failed', async () => (await ledgerRow(row.key)).status === 'failed');
    const failed = await ledgerRow(row.key);
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/550/);
    expect(failed.last_error).toMatch(/Mailbox unavailable/);
    expect(smtp.received).toHaveLength(0);

    const admin = await as('admin');
    const list = await admin.get('/api/admin/notifications/failed?limit=10');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      items: [{
        id: failed.id, kind: 'milestone.due_today', key: row.key, recipientEmail: DEMO_EMAIL['moea-officer'], attempts: 1,
        lastError: failed.last_error, createdAt: expect.any(String),
      }],
      nextCursor: null,
    });
    for (const user of ['coordinator', 'moea-officer', 'moea-supervisor', 'moda-officer'] as const) {
      expect((await (await as(user)).get('/api/admin/notifications/failed')).status).toBe(403);
      expect((await (await as(user)).request('POST', `/api/admin/notifications/${failed.id}/retry`)).status).toBe(403);
    }
    expect((await admin.request('POST', '/api/admin/notifications/00000000-0000-4000-8000-000000000000/retry')).status).toBe(404);
    expect((await admin.request('POST', '/api/admin/notifications/not-a-uuid/retry')).status).toBe(400);
    expect((await ledgerRow(row.key)).status).toBe('failed'); // refusals changed nothing

    const retried = await admin.request('POST', `/api/admin/notifications/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ id: failed.id, status: 'pending', attempts: 1 });
    await smtp.waitFor(1);
    await settled();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].subject).toBe('【管考】查核點今日到期：AI 晶片雛型驗證');
    expect(await ledgerRow(row.key)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect((await admin.get('/api/admin/notifications/failed')).body.items).toEqual([]);

    const again = await admin.request('POST', `/api/admin/notifications/${failed.id}/retry`);
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });
    expect(await ds.query(`SELECT action FROM audit_event WHERE entity_type = 'notification' AND entity_id = $1`, [failed.id])).toEqual([{ action: 'notification.retry' }]);
  });
});
