import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EVENT_ROUTES, ROUTED_TOPICS } from '../libs/notifications/event-routes.js';
import { OutboxTopic } from '../libs/outbox/topics.js';
import { JobName } from '../libs/queue/index.js';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { type ReceivedMail, SmtpTestServer } from './support/smtp.js';
import { bootWorker, dropQueues, settled, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/**
 * Who is told what (README), end to end: every routed outbox topic is produced over HTTP by the
 * people who take the step, and the real SMTP server shows who received which email (the kind is
 * read from each email's X-Guankao-Notification-Key). Then every event is handled twice more: no
 * email is sent twice.
 */
const PUBLIC_URL = 'https://guankao.example.tw';
const SP = 'aap2-sp-12'; // 經濟部 leads
const FLAGSHIP = 'aap2018-div-2-01'; // stage-gate reviews
const MEETING = 'sngroup-2024-01-24';

let db: TestDatabase;
let smtp: SmtpTestServer;
let worker: TestWorker;
let api: TestApi;
let ds: DataSource;
let storageDir: string;
const prefix = uniqueQueuePrefix();
const savedPublicUrl = process.env.PUBLIC_URL;
const as = (user: DemoUser): Promise<Client> => api.signedIn(user);
const userOf = new Map<string, DemoUser>(Object.entries(DEMO_EMAIL).map(([user, email]) => [email, user as DemoUser]));
/** The topics walked so far, with the emails each produced. */
const walked = new Map<OutboxTopic, ReceivedMail[]>();
const kindOf = (mail: ReceivedMail) => mail.headers['x-guankao-notification-key'].split(':')[0];

async function ok(res: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const r = await res;
  expect({ status: r.status, error: r.status === status ? undefined : r.body }).toEqual({ status, error: undefined });
  return r.body;
}

async function bootTheWorker(): Promise<void> {
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, env: { PUBLIC_URL, STORAGE_DIR: storageDir } });
}

/** Everything relayed, handled and sent. */
const quiet = () => settled(worker, { pendingNotifications: 'true' });

/**
 * Takes a step and checks that exactly these people were emailed, each about the topic's kind:
 * `expected` lists [topic, person] once per email.
 */
async function told<T>(expected: [OutboxTopic, DemoUser][], act: () => Promise<T>): Promise<{ result: T; mails: ReceivedMail[] }> {
  const before = smtp.received.length;
  const result = await act();
  await eventually(`${expected.length} emails`, () => smtp.received.length - before >= expected.length);
  await quiet();
  const mails = smtp.received.slice(before);
  const got = mails.map((m) => [kindOf(m), userOf.get(m.to[0]) ?? m.to[0]].join(' → ')).sort();
  expect(got).toEqual(expected.map(([topic, user]) => [EVENT_ROUTES[topic]!.kind, user].join(' → ')).sort());
  for (const [topic] of expected) walked.set(topic, [...(walked.get(topic) ?? []), ...mails.filter((m) => kindOf(m) === EVENT_ROUTES[topic]!.kind)]);
  return { result, mails };
}

const only = (mails: ReceivedMail[], user: DemoUser) => mails.filter((m) => m.to[0] === DEMO_EMAIL[user]);

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await new SmtpTestServer().start();
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-events-'));
  await bootTheWorker();
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  // 經濟部's supervisor reads English; everyone else zh-TW.
  await ds.query(`UPDATE app_user SET locale = 'en' WHERE email = $1`, [DEMO_EMAIL['moea-supervisor']]);
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await worker?.close();
  await smtp?.stop();
  await db?.drop();
  await dropQueues(prefix);
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
  delete process.env.STORAGE_DIR;
  if (savedPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = savedPublicUrl;
});

describe('a sub-project\'s story tells the people whose turn it is, and nobody about their own step', () => {
  let milestone: string;
  let submissionId: string;
  let version: number;
  const step = async (user: DemoUser, action: string, body: Record<string, unknown> = {}) => {
    const res = await ok((await as(user)).request('POST', `/api/submissions/${submissionId}/${action}`, { version, ...body }));
    version = res.version;
  };

  it('reassigned to 經濟部 with 數位部 co-organising → 經濟部\'s officers and supervisors, 數位部\'s officers; acknowledged → the coordinator who assigned it', async () => {
    const sp = await ok((await as('coordinator')).get(`/api/sub-projects/${SP}`));
    const { mails } = await told(
      [[OutboxTopic.SubProjectAssigned, 'moea-officer'], [OutboxTopic.SubProjectAssigned, 'moea-supervisor'], [OutboxTopic.SubProjectAssigned, 'moda-officer']],
      async () => ok((await as('coordinator')).request('POST', `/api/sub-projects/${SP}/assign`, { version: sp.version, lead: 'moea', coOrganisers: ['moda'], reason: '數位部協辦資料治理' })),
    );
    const [zh] = only(mails, 'moda-officer');
    expect(zh.subject).toBe(`【管考】細部計畫已改派：${sp.name}`);
    expect(zh.text).toContain('數位部協辦');
    expect(zh.text).toContain('> 數位部協辦資料治理');
    expect(zh.text).toContain(`${PUBLIC_URL}/sub-projects/${SP}`);
    expect(only(mails, 'moea-supervisor')[0].subject).toBe(`[Guankao] Sub-project reassigned: ${sp.name}`);

    const current = await ok((await as('moea-officer')).get(`/api/sub-projects/${SP}`));
    const { mails: ack } = await told([[OutboxTopic.SubProjectAcknowledged, 'coordinator']], async () =>
      ok((await as('moea-officer')).request('POST', `/api/sub-projects/${SP}/acknowledge`, { version: current.version })));
    expect(ack[0].subject).toBe(`【管考】主辦機關已確認接受指派：${sp.name}`);
  });

  it('a due-date change requested → the secretariat; approved, and another rejected → 經濟部\'s officers and supervisors, with the dates and reasons it was decided with', async () => {
    milestone = (await ok((await as('coordinator')).request('POST', `/api/sub-projects/${SP}/milestones`, { deliverable: '資料治理期中報告', dueDate: '2099-03-31' }), 201)).code;
    const { result: request, mails } = await told([[OutboxTopic.DueDateChangeRequested, 'coordinator']], async () =>
      ok((await as('moea-officer')).request('POST', `/api/milestones/${milestone}/due-date-changes`, { proposedDueDate: '2099-06-30', reason: '資料蒐集延後' }), 201));
    expect(mails[0].subject).toBe('【管考】展延申請：' + mails[0].subject.split('：')[1]);
    expect(mails[0].text).toContain('民國 188 年 6 月 30 日（2099-06-30）');
    expect(mails[0].text).toContain('> 資料蒐集延後');
    expect(mails[0].text).toContain(`${PUBLIC_URL}/due-date-changes/${request.id}`);

    const { mails: approved } = await told(
      [[OutboxTopic.DueDateChangeDecided, 'moea-officer'], [OutboxTopic.DueDateChangeDecided, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `/api/due-date-changes/${request.id}/approve`, { version: 1 })),
    );
    expect(only(approved, 'moea-officer')[0].subject).toMatch(/^【管考】展延申請已核准：/);
    expect(only(approved, 'moea-supervisor')[0].text).toContain('from 31 Mar 2099 (ROC 188/03/31) to 30 Jun 2099 (ROC 188/06/30)');

    const again = await ok((await as('moea-officer')).request('POST', `/api/milestones/${milestone}/due-date-changes`, { proposedDueDate: '2099-09-30', reason: '再延' }), 201);
    await quiet();
    const { mails: rejected } = await told(
      [[OutboxTopic.DueDateChangeDecided, 'moea-officer'], [OutboxTopic.DueDateChangeDecided, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `/api/due-date-changes/${again.id}/reject`, { version: 1, reason: '請依核定期程辦理' })),
    );
    expect(only(rejected, 'moea-officer')[0].subject).toMatch(/^【管考】展延申請已駁回：/);
    expect(only(rejected, 'moea-officer')[0].text).toContain('> 請依核定期程辦理');
  });

  it('submitted → the supervisor; sent back → the officer, with the supervisor\'s comment; approved → the secretariat and the officer who wrote it', async () => {
    const created = await ok((await as('moea-officer')).request('POST', '/api/submissions', { subProject: SP, milestone, progressPercent: '40' }), 201);
    submissionId = created.id;
    version = created.version;
    const { mails } = await told([[OutboxTopic.SubmissionAwaitingSupervisor, 'moea-supervisor']], () => step('moea-officer', 'submit'));
    expect(mails[0].subject).toBe('[Guankao] Awaiting your approval: ' + mails[0].subject.split(': ').slice(1).join(': '));
    const { mails: sentBack } = await told([[OutboxTopic.SubmissionSentBack, 'moea-officer']], () => step('moea-supervisor', 'send-back', { comment: '請補上進度佐證' }));
    expect(sentBack[0].subject).toMatch(/^【管考】填報資料已退回承辦：.+ 資料治理期中報告$/);
    expect(sentBack[0].text).toContain('主管意見：\n> 請補上進度佐證');
    expect(sentBack[0].text).toContain(`${PUBLIC_URL}/submissions/${submissionId}`);
    await told([[OutboxTopic.SubmissionAwaitingSupervisor, 'moea-supervisor']], () => step('moea-officer', 'submit'));
    const { mails: approved } = await told(
      [[OutboxTopic.SubmissionApproved, 'coordinator'], [OutboxTopic.SubmissionApproved, 'moea-officer']],
      () => step('moea-supervisor', 'approve'),
    );
    expect(only(approved, 'coordinator')[0].subject).toMatch(/^【管考】待審查：/);
  });

  it('returned twice while the worker is down: each email quotes the comment its return was made with, not the latest', async () => {
    await worker.close();
    await step('coordinator', 'return', { comment: '第一次意見：請補充資料來源' });
    await step('moea-officer', 'revise');
    await step('moea-officer', 'submit');
    await step('moea-supervisor', 'approve');
    await step('coordinator', 'return', { comment: '第二次意見：數據仍不一致' });
    const { mails } = await told(
      [
        [OutboxTopic.SubmissionReturned, 'moea-officer'], [OutboxTopic.SubmissionReturned, 'moea-officer'],
        [OutboxTopic.SubmissionAwaitingSupervisor, 'moea-supervisor'],
        [OutboxTopic.SubmissionApproved, 'coordinator'], [OutboxTopic.SubmissionApproved, 'moea-officer'],
      ],
      bootTheWorker,
    );
    const returns = mails.filter((m) => kindOf(m) === 'submission.returned').map((m) => m.text);
    expect(returns.filter((t) => t.includes('> 第一次意見：請補充資料來源') && !t.includes('第二次意見'))).toHaveLength(1);
    expect(returns.filter((t) => t.includes('> 第二次意見：數據仍不一致') && !t.includes('第一次意見'))).toHaveLength(1);
  });

  it('accepted → the officer who wrote it; the sub-project activated → 經濟部\'s officers and supervisors', async () => {
    await step('moea-officer', 'revise');
    await told([[OutboxTopic.SubmissionAwaitingSupervisor, 'moea-supervisor']], () => step('moea-officer', 'submit'));
    await told([[OutboxTopic.SubmissionApproved, 'coordinator'], [OutboxTopic.SubmissionApproved, 'moea-officer']], () => step('moea-supervisor', 'approve'));
    const { mails } = await told([[OutboxTopic.SubmissionAccepted, 'moea-officer']], () => step('coordinator', 'accept'));
    expect(mails[0].subject).toMatch(/^【管考】填報資料已審核通過：/);

    const sp = await ok((await as('coordinator')).get(`/api/sub-projects/${SP}`));
    const { mails: activated } = await told(
      [[OutboxTopic.SubProjectStatusChanged, 'moea-officer'], [OutboxTopic.SubProjectStatusChanged, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `/api/sub-projects/${SP}/activate`, { version: sp.version })),
    );
    expect(only(activated, 'moea-officer')[0].subject).toBe(`【管考】細部計畫已開始執行：${sp.name}`);
  });

  it('its light overridden, then the override removed → 經濟部\'s officers and supervisors, with the colour and justification given', async () => {
    const period = '2024-Q1';
    const { mails } = await told(
      [[OutboxTopic.StatusLightOverridden, 'moea-officer'], [OutboxTopic.StatusLightOverridden, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `/api/sub-projects/${SP}/lights/${period}/override`, { colour: 'red', justification: '實地查核發現進度不實' })),
    );
    expect(only(mails, 'moea-officer')[0].subject).toMatch(new RegExp(`^【管考】燈號已人工調整：.+ ${period}$`));
    expect(only(mails, 'moea-officer')[0].text).toContain('紅燈');
    expect(only(mails, 'moea-officer')[0].text).toContain('> 實地查核發現進度不實');
    expect(only(mails, 'moea-supervisor')[0].text).toContain('to red by hand');
    await told(
      [[OutboxTopic.StatusLightOverrideRemoved, 'moea-officer'], [OutboxTopic.StatusLightOverrideRemoved, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('DELETE', `/api/sub-projects/${SP}/lights/${period}/override`)),
    );
  });
});

describe('a meeting resolution\'s tracking', () => {
  it('assigned → 經濟部; release asked → the secretariat; kept, then released → 經濟部, with the secretariat\'s comment', async () => {
    const { result: resolution } = await told(
      [[OutboxTopic.ResolutionAssigned, 'moea-officer'], [OutboxTopic.ResolutionAssigned, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `/api/meetings/${MEETING}/resolutions`, { text: '請經濟部報告資料治理成果。', organisations: ['moea'] }), 201),
    );
    const path = `/api/resolutions/${resolution.code}`;
    await told([[OutboxTopic.ResolutionReleaseRequested, 'coordinator']], async () =>
      ok((await as('moea-officer')).request('POST', `${path}/follow-ups`, { text: '已完成報告。', requestRelease: true, version: 1 }), 201));
    const { mails: kept } = await told(
      [[OutboxTopic.ResolutionKept, 'moea-officer'], [OutboxTopic.ResolutionKept, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `${path}/assignments/moea/keep`, { version: 2, comment: '請補充成效指標' })),
    );
    expect(only(kept, 'moea-officer')[0].subject).toBe(`【管考】續予列管：${resolution.code}`);
    expect(only(kept, 'moea-officer')[0].text).toContain('> 請補充成效指標');
    await told([[OutboxTopic.ResolutionReleaseRequested, 'coordinator']], async () =>
      ok((await as('moea-officer')).request('POST', `${path}/follow-ups`, { text: '已補充成效指標。', requestRelease: true, version: 3 }), 201));
    const { mails: released } = await told(
      [[OutboxTopic.ResolutionReleased, 'moea-officer'], [OutboxTopic.ResolutionReleased, 'moea-supervisor']],
      async () => ok((await as('coordinator')).request('POST', `${path}/assignments/moea/release`, { version: 4, comment: '同意解除列管' })),
    );
    expect(only(released, 'moea-supervisor')[0].subject).toBe(`[Guankao] Released from tracking: ${resolution.code}`);
    expect(only(released, 'moea-officer')[0].text).toContain(`${PUBLIC_URL}/resolutions/${resolution.code}`);
  });
});

describe('a stage-gate review', () => {
  it('scheduled → the reviewer; decided → the lead (數位部); conditions assigned → their owner (經濟部); closed → the owner\'s others and the secretariat; waived → the owner', async () => {
    const sp = await ok((await as('coordinator')).get(`/api/sub-projects/${FLAGSHIP}`));
    await told([[OutboxTopic.SubProjectAssigned, 'moda-officer'], [OutboxTopic.SubProjectAssigned, 'moda-supervisor']], async () =>
      ok((await as('coordinator')).request('POST', `/api/sub-projects/${FLAGSHIP}/assign`, { version: sp.version, lead: 'moda', reason: '改由數位部主辦' })));
    const [{ id: reviewerId }] = await ds.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO_EMAIL.reviewer]);
    const { result: review } = await told([[OutboxTopic.GateReviewScheduled, 'reviewer']], async () =>
      ok((await as('coordinator')).request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: 'aap2018-gate-1', scheduledFor: '2099-01-10', reviewers: [reviewerId] }), 201));
    const scores = review.criteria.map((c: { code: string; requirement: string }) =>
      c.requirement === 'must_meet' ? { criterion: c.code, met: true, comment: '符合' } : { criterion: c.code, score: 8, comment: '良好' });
    await ok((await as('reviewer')).request('PUT', `/api/gate-reviews/${review.id}/scores`, { scores }));
    const scored = await ok((await as('coordinator')).get(`/api/gate-reviews/${review.id}`));
    const { result: decided, mails } = await told(
      [
        [OutboxTopic.GateReviewDecided, 'moda-officer'], [OutboxTopic.GateReviewDecided, 'moda-supervisor'],
        [OutboxTopic.GateConditionAssigned, 'moea-officer'], [OutboxTopic.GateConditionAssigned, 'moea-supervisor'],
        [OutboxTopic.GateConditionAssigned, 'moea-officer'], [OutboxTopic.GateConditionAssigned, 'moea-supervisor'],
      ],
      async () => ok((await as('coordinator')).request('POST', `/api/gate-reviews/${review.id}/decision`, {
        version: scored.version, decision: 'go_with_conditions', reasons: '大致符合，附帶條件。',
        conditions: [{ text: '提出人力投入承諾書', owner: 'moea', dueDate: '2099-03-31' }, { text: '補充市場分析', owner: 'moea', dueDate: '2099-04-30' }],
      })),
    );
    const decision = mails.find((m) => kindOf(m) === 'gate_review.decided' && m.to[0] === DEMO_EMAIL['moda-officer'])!;
    expect(decision.subject).toMatch(/^【管考】關卡審查結果：.+ 第 1 關「有條件通過」$/);
    expect(decision.text).toContain('> 大致符合，附帶條件。');
    expect(decision.text).toContain(`${PUBLIC_URL}/gate-reviews/${review.id}`);

    const [c1, c2] = decided.conditions;
    const { mails: closed } = await told([[OutboxTopic.GateConditionClosed, 'moea-supervisor'], [OutboxTopic.GateConditionClosed, 'coordinator']], async () =>
      ok((await as('moea-officer')).request('POST', `/api/gate-conditions/${c1.id}/close`, { version: c1.version, note: '已提出承諾書' })));
    expect(only(closed, 'coordinator')[0].subject).toMatch(/^【管考】附帶條件已結案：.+ 第 1 關 #1$/);
    expect(only(closed, 'coordinator')[0].text).toContain('> 已提出承諾書');
    const { mails: waived } = await told([[OutboxTopic.GateConditionWaived, 'moea-officer'], [OutboxTopic.GateConditionWaived, 'moea-supervisor']], async () =>
      ok((await as('coordinator')).request('POST', `/api/gate-conditions/${c2.id}/waive`, { version: c2.version, note: '併入第 2 關審查' })));
    expect(only(waived, 'moea-supervisor')[0].subject).toMatch(/^\[Guankao\] Gate condition waived: .+ gate 1 #2$/);
    expect(only(waived, 'moea-officer')[0].text).toContain('> 併入第 2 關審查');
  });
});

describe('every routed topic, once per recipient', () => {
  it('the walk above emailed someone for every topic in the routing table', () => {
    expect(ROUTED_TOPICS.filter((t) => !walked.get(t)?.length)).toEqual([]);
  });

  it('handling every event twice more, by two workers side by side, sends nothing more: each ledger key was emailed once', async () => {
    const sent = smtp.received.length;
    const events: { id: string; topic: OutboxTopic; aggregate_type: string; aggregate_id: string }[] = await ds.query(`SELECT id, topic, aggregate_type, aggregate_id FROM outbox_event ORDER BY id`);
    const second = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, env: { PUBLIC_URL, STORAGE_DIR: storageDir } });
    try {
      for (let round = 0; round < 2; round++) {
        for (const e of events) {
          await worker.jobs.add(JobName.OutboxEvent, { outboxEventId: String(e.id), topic: e.topic, aggregateType: e.aggregate_type, aggregateId: e.aggregate_id });
        }
      }
      await quiet();
    } finally {
      await second.close();
    }
    expect(smtp.received.length).toBe(sent);
    const perKey = new Map<string, number>();
    for (const m of smtp.received) perKey.set(m.headers['x-guankao-notification-key'], (perKey.get(m.headers['x-guankao-notification-key']) ?? 0) + 1);
    expect([...perKey].filter(([, n]) => n !== 1)).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notification WHERE status = 'sent'`);
    expect(perKey.size).toBe(n);
  });
});
