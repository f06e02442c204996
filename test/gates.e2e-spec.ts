import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { OutboxTopic } from '../libs/outbox/topics.js';
import { JobName, QueueName } from '../libs/queue/index.js';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { type ReceivedMail, SmtpTestServer } from './support/smtp.js';
import { finished } from './support/sweeps.js';
import { bootWorker, dropQueues, settled as workerSettled, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/**
 * Stage-gate reviews over HTTP on the seeded flagship sub-project (AI 領航推動計畫: 科會辦 leads,
 * 經濟部 co-organises), with the real worker sending reviewers' and condition owners' emails.
 */
const FLAGSHIP = 'aap2018-div-2-01';
const GATE = (n: number) => `aap2018-gate-${n}`;
const PUBLIC_URL = 'https://guankao.example.tw';
const DUE_1 = '2099-03-31';
const DUE_2 = '2099-04-30';

let db: TestDatabase;
let smtp: SmtpTestServer;
let worker: TestWorker;
let api: TestApi;
let ds: DataSource;
let storageDir: string;
const prefix = uniqueQueuePrefix();
const savedPublicUrl = process.env.PUBLIC_URL;
const as = (user: DemoUser): Promise<Client> => api.signedIn(user);
const userId = async (user: DemoUser): Promise<string> => (await ds.query(`SELECT id FROM app_user WHERE email = $1`, [DEMO_EMAIL[user]]))[0].id;

/** Every pending notification sent, the outbox relayed, no job waiting or running: nothing more arrives after this. */
function settled(): Promise<void> {
  return workerSettled(worker, { pendingNotifications: 'TRUE' });
}

const mailsTo = (email: string) => smtp.received.filter((m: ReceivedMail) => m.to.includes(email));

/** A scorecard for every criterion: must-meet met unless listed, should-meet scored. */
function scorecard(criteria: { code: string; requirement: string }[], notMet: string[] = [], score = 7) {
  return criteria.map((c) =>
    c.requirement === 'must_meet' ? { criterion: c.code, met: !notMet.includes(c.code), comment: `${c.code} 審查意見` } : { criterion: c.code, score, comment: `${c.code} 評分理由` });
}

/** A user the demo seed does not have: a reviewer of some organisation (or none). */
async function reviewerOf(key: string, organisation: string | null): Promise<string> {
  const [row] = await ds.query(
    `INSERT INTO app_user (email, display_name, organisation_id, roles, locale)
     VALUES ($1, $2, (SELECT id FROM organisation WHERE code = $3), '{reviewer}', 'zh-TW') RETURNING id`,
    [`${key}@test.guankao.tw`, `評審 ${key}`, organisation],
  );
  return row.id;
}

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await new SmtpTestServer().start();
  // The worker generates each review's packet (test/gate-packet.e2e-spec.ts reads them): keep the files out of the tree.
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-gates-'));
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url, env: { PUBLIC_URL, STORAGE_DIR: storageDir } });
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  // The demo reviewer reads English; 經濟部's supervisor too (its officer reads zh-TW).
  await ds.query(`UPDATE app_user SET locale = 'en' WHERE email = ANY($1)`, [[DEMO_EMAIL.reviewer, DEMO_EMAIL['moea-supervisor']]]);
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await worker?.close();
  await smtp?.stop();
  await db?.drop();
  await dropQueues(prefix);
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
  delete process.env.STORAGE_DIR; // bootWorker set it for this file only
  if (savedPublicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = savedPublicUrl;
});

describe('gate templates', () => {
  it('the 2018 plan\'s six gates, in order, with criteria quoting the plan and the scale stated as Guankao\'s default', async () => {
    const res = await (await as('moea-officer')).get('/api/programmes/aap2018/gate-templates');
    expect(res.status).toBe(200);
    expect(res.body.gates.map((g: any) => [g.seq, g.name])).toEqual([
      [1, '遴選與啟動'], [2, '技術驗證（里程碑檢視）'], [3, '商業模式驗證'], [4, '技術/市場發展與驗證'], [5, '結案審查'], [6, '計畫結束後追蹤'],
    ]);
    expect(res.body.scale).toMatchObject({ min: 0, max: 10, note: expect.stringMatching(/Guankao's defaults, not from the plan/) });
    const gate3 = res.body.gates[2];
    expect(gate3.sourceText).toContain('管考機制則將包括關卡 (stage gate) 訂定、商業模式驗證、技術/市場發展與驗證和計畫結束後追蹤等。');
    expect(gate3.criteria[0]).toMatchObject({ code: 'c1', requirement: 'must_meet', weight: '0', source: '003 參、二' });
    expect(gate3.criteria[0].sourceText).toContain('商業模式分析（包括技術出海口、國內/國際落點、社會實踐等）');
    expect(res.body.gates.every((g: any) => g.criteria.some((c: any) => c.requirement === 'should_meet' && Number(c.weight) > 0))).toBe(true);
    expect((await (await as('coordinator')).get('/api/programmes/no-such/gate-templates')).status).toBe(404);
  });

  it('a coordinator replaces a gate\'s criteria (a new revision, audited); bad input names the criterion', async () => {
    const coordinator = await as('coordinator');
    const before = (await coordinator.get('/api/programmes/aap2018/gate-templates')).body.gates[5];
    const bad = await coordinator.request('PUT', `/api/gate-templates/${GATE(6)}/criteria`, {
      version: before.version,
      criteria: [{ code: 'c1', text: '追蹤資料', requirement: 'should_meet', weight: '0' }, { code: 'c1', text: '重複', requirement: 'must_meet', weight: '2' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['criteria.0.weight', 'criteria.1.code', 'criteria.1.weight']);
    const criteria = [
      { code: 'c1', text: '計畫團隊已提供結束後之追蹤資料。', requirement: 'must_meet', weight: '0' },
      { code: 'c2', text: '商業化產值之持續實現。', requirement: 'should_meet', weight: '5', guidance: '對照全程目標 2' },
    ];
    const ok = await coordinator.request('PUT', `/api/gate-templates/${GATE(6)}/criteria`, { version: before.version, criteria });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ criteriaRevision: 2, version: before.version + 1 });
    expect(ok.body.criteria.map((c: any) => [c.code, c.weight])).toEqual([['c1', '0'], ['c2', '5']]);
    const stale = await coordinator.request('PUT', `/api/gate-templates/${GATE(6)}/criteria`, { version: before.version, criteria });
    expect({ status: stale.status, code: stale.body.error.code }).toEqual({ status: 409, code: 'STALE_VERSION' });
    const [audit] = await ds.query(`SELECT before, after FROM audit_event WHERE action = 'gate_template.replace_criteria'`);
    expect(audit.before.criteriaRevision).toBe(1);
    expect(audit.after.criteriaRevision).toBe(2);
    // The seeded revision stays (a decided review may point at it).
    expect((await ds.query(`SELECT count(*)::int AS n FROM gate_criterion c JOIN gate_template t ON t.id = c.template_id WHERE t.code = $1`, [GATE(6)]))[0].n).toBe(6);
  });
});

describe('a full gate review over HTTP', () => {
  let review1: any;
  let review2: any;
  let conditions: any[];

  it('a coordinator schedules gate 1 with a reviewer: the packet report is queued in the same transaction, outbox and audit rows', async () => {
    const res = await (await as('coordinator')).request('POST', '/api/gate-reviews', {
      subProject: FLAGSHIP, gate: GATE(1), scheduledFor: '2099-01-10', reviewers: [await userId('reviewer')],
    });
    expect(res.status).toBe(201);
    review1 = res.body;
    expect(review1).toMatchObject({
      status: 'scheduled', subProject: { code: FLAGSHIP, name: 'AI 領航推動計畫' }, gate: { code: GATE(1), seq: 1 },
      scheduledFor: { ad: '2099-01-10', roc: '188/01/10' }, packet: { status: 'queued' }, reviewerCount: 1, decision: null,
    });
    expect(review1.criteria).toHaveLength(7);
    const [report] = await ds.query(`SELECT kind, format, parameters, status, sub_project_id FROM report WHERE id = $1`, [review1.packet.reportId]);
    const [sp] = await ds.query(`SELECT id FROM sub_project WHERE code = $1`, [FLAGSHIP]);
    expect(report).toEqual({ kind: 'gate_packet', format: 'pdf', parameters: { gateReview: review1.id }, status: 'queued', sub_project_id: sp.id });
    const outbox = await ds.query(`SELECT topic, payload FROM outbox_event WHERE aggregate_id = ANY($1) ORDER BY id`, [[review1.id, review1.packet.reportId]]);
    expect(outbox).toEqual([
      { topic: 'report.requested', payload: { reportId: review1.packet.reportId } },
      { topic: 'gate_review.scheduled', payload: { gateReviewId: review1.id, subProjectId: sp.id, reviewerUserIds: [await userId('reviewer')] } },
    ]);
    expect((await ds.query(`SELECT action FROM audit_event WHERE entity_id = ANY($1) ORDER BY at, id`, [[review1.id, review1.packet.reportId]])).map((a: any) => a.action))
      .toEqual(['report.request', 'gate_review.schedule']);
  });

  it('the reviewer is told once, in English, with the gate, the date (ROC and AD) and the link', async () => {
    await smtp.waitFor(1);
    await settled();
    const mails = mailsTo(DEMO_EMAIL.reviewer);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('[Guankao] Gate review: AI 領航推動計畫, gate 1');
    expect(mails[0].text).toContain('Review date: 10 Jan 2099 (ROC 188/01/10)');
    expect(mails[0].text).toContain(`${PUBLIC_URL}/gate-reviews/${review1.id}`);
    expect(mails[0].text).toContain('Gate 1: 遴選與啟動');
    // The events job again for the same row: same ledger key, no second email.
    const [event] = await ds.query(`SELECT id FROM outbox_event WHERE topic = 'gate_review.scheduled' AND aggregate_id = $1`, [review1.id]);
    await worker.jobs.add(JobName.OutboxEvent, { outboxEventId: String(event.id), topic: OutboxTopic.GateReviewScheduled, aggregateType: 'gate_review', aggregateId: review1.id });
    await settled();
    expect(mailsTo(DEMO_EMAIL.reviewer)).toHaveLength(1);
  });

  it('gate 2 cannot be scheduled before gate 1 is passed', async () => {
    const res = await (await as('coordinator')).request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(2), scheduledFor: '2099-02-10', reviewers: [await userId('reviewer')] });
    expect({ status: res.status, code: res.body.error.code, previous: res.body.error.details.previousGate }).toEqual({ status: 409, code: 'GATE_ORDER', previous: GATE(1) });
  });

  it('a scorecard must cover every criterion with a comment; problems name the criteria', async () => {
    const reviewer = await as('reviewer');
    const partial = scorecard(review1.criteria).slice(0, 5);
    partial[0] = { criterion: 'c1', score: 5, comment: ' ' } as any;
    partial[4] = { criterion: 'c9', score: 5, comment: 'x' };
    const res = await reviewer.request('PUT', `/api/gate-reviews/${review1.id}/scores`, { scores: partial });
    expect(res.status).toBe(400);
    const fields = Object.fromEntries(res.body.error.details.fields.map((f: any) => [f.field, f.problems.join(' ')]));
    expect(Object.keys(fields).sort()).toEqual(['scores', 'scores.0.comment', 'scores.0.met', 'scores.4.criterion']);
    expect(fields.scores).toMatch(/missing: c5, c6, c7/);
    expect(fields['scores.0.met']).toMatch(/"c1" is must-meet/);
    expect(fields['scores.4.criterion']).toMatch(/"c9" is not a criterion of gate aap2018-gate-1/);
    const outOfRange = await reviewer.request('PUT', `/api/gate-reviews/${review1.id}/scores`, { scores: [{ criterion: 'c4', score: 11, comment: 'x' }] });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details.fields[0].field).toBe('scores.0.score');
    expect((await ds.query(`SELECT count(*)::int AS n FROM gate_score`))[0].n).toBe(0);
  });

  it('the reviewer scores (must-meet c2 not met): scoring starts; only assigned reviewers and the secretariat see the scores', async () => {
    const res = await (await as('reviewer')).request('PUT', `/api/gate-reviews/${review1.id}/scores`, { scores: scorecard(review1.criteria, ['c2']) });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('scoring');
    expect(res.body.scores).toHaveLength(7);
    expect(res.body.scoreSummary).toBeNull(); // reviewers see the summary once decided

    const coordinatorView = (await (await as('coordinator')).get(`/api/gate-reviews/${review1.id}`)).body;
    expect(coordinatorView.scoreSummary).toMatchObject({ weightedScore: '7.00', mustMeetFailures: ['c2'], reviewersAssigned: 1, reviewersSubmitted: 1 });
    const ministry = await (await as('moea-officer')).get(`/api/gate-reviews/${review1.id}`);
    expect(ministry.status).toBe(200);
    expect(ministry.body).toMatchObject({ status: 'scoring', reviewers: null, reviewerCount: 1, scores: null, scoreSummary: null });
    expect((await (await as('moda-officer')).get(`/api/gate-reviews/${review1.id}`)).status).toBe(404);
    review1 = coordinatorView;
  });

  it('the decision: stale version 409, plain go refused for a failed must-meet, conditions required and checked', async () => {
    const coordinator = await as('coordinator');
    const decide = (body: Record<string, unknown>) => coordinator.request('POST', `/api/gate-reviews/${review1.id}/decision`, { version: review1.version, ...body });
    const stale = await decide({ version: review1.version - 1, decision: 'go', reasons: '通過' });
    expect({ status: stale.status, code: stale.body.error.code }).toEqual({ status: 409, code: 'STALE_VERSION' });
    const go = await decide({ decision: 'go', reasons: '通過' });
    expect({ status: go.status, code: go.body.error.code, failures: go.body.error.details.mustMeetFailures }).toEqual({ status: 409, code: 'MUST_MEET_FAILED', failures: ['c2'] });
    const missing = await decide({ decision: 'go_with_conditions', reasons: ' ' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['conditions', 'reasons']);
    const badCondition = await decide({ decision: 'go_with_conditions', reasons: '有條件通過', conditions: [{ text: '補件', owner: 'no-such-org', dueDate: '2000-01-01' }] });
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['conditions.0.dueDate', 'conditions.0.owner']);
    const wrongShape = await decide({ decision: 'maybe', reasons: 'x', conditions: [{ text: '', owner: 'moea', dueDate: '2099-13-01' }] });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['conditions.0.dueDate', 'conditions.0.text', 'decision']);
    expect((await ds.query(`SELECT status FROM gate_review WHERE id = $1`, [review1.id]))[0].status).toBe('scoring');
  });

  it('go with two conditions owned by 經濟部: recorded with the score summary, audited, the owner\'s staff told in their language', async () => {
    smtp.clear();
    const res = await (await as('coordinator')).request('POST', `/api/gate-reviews/${review1.id}/decision`, {
      version: review1.version, decision: 'go_with_conditions', reasons: '計畫總監投入時間待確認，其餘符合。',
      conditions: [
        { text: '提出計畫總監 50% 以上時間投入之承諾書', owner: 'moea', dueDate: DUE_1 },
        { text: '補充商品化目標之市場分析', owner: 'moea', dueDate: DUE_2 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'decided', decision: 'go_with_conditions', decisionReasons: '計畫總監投入時間待確認，其餘符合。' });
    expect(res.body.scoreSummary).toMatchObject({ weightedScore: '7.00', weightedPercent: '70.00', mustMeetFailures: ['c2'] });
    conditions = res.body.conditions;
    expect(conditions.map((c: any) => [c.seq, c.status, c.owner.code, c.dueDate.ad])).toEqual([[1, 'open', 'moea', DUE_1], [2, 'open', 'moea', DUE_2]]);
    const [stored] = await ds.query(`SELECT score_summary, decided_by FROM gate_review WHERE id = $1`, [review1.id]);
    expect(stored.score_summary.mustMeetFailures).toEqual(['c2']);
    expect(stored.decided_by).toBe(await userId('coordinator'));

    await smtp.waitFor(4);
    await settled();
    expect(mailsTo(DEMO_EMAIL['moea-officer'])).toHaveLength(2);
    expect(mailsTo(DEMO_EMAIL['moea-supervisor'])).toHaveLength(2);
    expect(smtp.received).toHaveLength(4);
    const zh = mailsTo(DEMO_EMAIL['moea-officer']).find((m) => m.text.includes('承諾書'))!;
    expect(zh.subject).toBe('【管考】關卡審查附帶條件：AI 領航推動計畫 第 1 關');
    expect(zh.text).toContain('民國 188 年 3 月 31 日（2099-03-31）');
    expect(zh.text).toContain(`${PUBLIC_URL}/gate-reviews/${review1.id}`);
    const en = mailsTo(DEMO_EMAIL['moea-supervisor'])[0];
    expect(en.subject).toMatch(/^\[Guankao\] Gate condition assigned: AI 領航推動計畫, gate 1$/);
  });

  it('the ministry sees the decision, the recorded summary and the conditions, never individual scores or reviewers', async () => {
    const officer = await as('moea-officer');
    const detail = (await officer.get(`/api/gate-reviews/${review1.id}`)).body;
    expect(detail).toMatchObject({ decision: 'go_with_conditions', reviewers: null, scores: null, scoreSummary: { weightedScore: '7.00' } });
    expect(detail.conditions).toHaveLength(2);
    expect((await officer.get(`/api/gate-conditions?subProject=${FLAGSHIP}`)).body.items).toHaveLength(2);
    expect((await officer.get(`/api/gate-reviews?subProject=${FLAGSHIP}`)).body.items.map((r: any) => r.id)).toEqual([review1.id]);
    const moda = await as('moda-officer');
    expect((await moda.get(`/api/gate-conditions?subProject=${FLAGSHIP}`)).status).toBe(400);
    expect((await moda.get(`/api/gate-reviews?subProject=${FLAGSHIP}`)).status).toBe(400);
    expect((await moda.get('/api/gate-reviews')).body.items).toEqual([]);
    expect((await moda.get('/api/gate-conditions')).body.items).toEqual([]);
    // After the decision the reviewer sees the summary.
    expect((await (await as('reviewer')).get(`/api/gate-reviews/${review1.id}`)).body.scoreSummary).toMatchObject({ weightedScore: '7.00' });
  });

  it('reminders: due soon once (non-critical), overdue once (critical), however often the daily sweep runs', async () => {
    smtp.clear();
    const sweep = async (day: string) => {
      const job = await worker.jobs.add(JobName.GateConditionSweep, { day });
      await finished(worker.jobs.queue(QueueName.Sweeps), job.id!);
      await settled();
    };
    await sweep('2099-03-28'); // condition 1 due in 3 days; condition 2 in 33 days: not yet
    await sweep('2099-03-28');
    await sweep('2099-03-29');
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([DEMO_EMAIL['moea-officer'], DEMO_EMAIL['moea-supervisor']].sort());
    expect(mailsTo(DEMO_EMAIL['moea-officer'])[0].subject).toBe('【管考】附帶條件將於 3 日後到期：AI 領航推動計畫 第 1 關');
    expect(mailsTo(DEMO_EMAIL['moea-officer'])[0].text).toContain('> 提出計畫總監 50% 以上時間投入之承諾書');
    smtp.clear();
    await sweep('2099-04-02');
    await sweep('2099-04-03');
    expect(smtp.received).toHaveLength(2);
    expect(mailsTo(DEMO_EMAIL['moea-supervisor'])[0].subject).toBe('[Guankao] Escalation: gate condition 2 days overdue: AI 領航推動計畫, gate 1');
    expect(mailsTo(DEMO_EMAIL['moea-supervisor'])[0].text).toContain('Due date: 31 Mar 2099 (ROC 188/03/31)');
    const ledger = await ds.query(`SELECT kind, critical, count(*)::int AS n FROM notification WHERE kind LIKE 'gate_condition.%' GROUP BY kind, critical ORDER BY kind`);
    expect(ledger).toEqual([
      { kind: 'gate_condition.assigned', critical: false, n: 4 },
      { kind: 'gate_condition.due_soon', critical: false, n: 2 },
      { kind: 'gate_condition.overdue', critical: true, n: 2 },
    ]);
  });

  it('the next gate can be scheduled but not decided while gate 1\'s conditions are open (409 OPEN_CONDITIONS listing them)', async () => {
    const coordinator = await as('coordinator');
    const scheduled = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(2), scheduledFor: '2099-05-10', reviewers: [await userId('reviewer')] });
    expect(scheduled.status).toBe(201);
    const scored = await (await as('reviewer')).request('PUT', `/api/gate-reviews/${scheduled.body.id}/scores`, { scores: scorecard(scheduled.body.criteria, [], 8) });
    expect(scored.status).toBe(200);
    review2 = scored.body;
    // Criteria cannot change under a review in scoring.
    const gate2 = (await coordinator.get('/api/programmes/aap2018/gate-templates')).body.gates[1];
    const replace = await coordinator.request('PUT', `/api/gate-templates/${GATE(2)}/criteria`, { version: gate2.version, criteria: [{ code: 'c1', text: 'x', requirement: 'must_meet', weight: '0' }] });
    expect({ status: replace.status, code: replace.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });

    const blocked = await coordinator.request('POST', `/api/gate-reviews/${review2.id}/decision`, { version: review2.version, decision: 'go', reasons: '技術驗證通過' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('OPEN_CONDITIONS');
    expect(blocked.body.error.details.conditions.map((c: any) => [c.id, c.gate, c.seq, c.owner])).toEqual([
      [conditions[0].id, GATE(1), 1, 'moea'], [conditions[1].id, GATE(1), 2, 'moea'],
    ]);
  });

  it('the owner closes one with a note, the secretariat waives the other with a reason; then gate 2 is decided', async () => {
    const officer = await as('moea-officer');
    const coordinator = await as('coordinator');
    const [c1, c2] = conditions;
    expect((await (await as('moda-officer')).request('POST', `/api/gate-conditions/${c1.id}/close`, { version: c1.version, note: '已完成' })).status).toBe(404);
    expect((await officer.request('POST', `/api/gate-conditions/${c2.id}/waive`, { version: c2.version, note: '不需要' })).status).toBe(403);
    const noNote = await officer.request('POST', `/api/gate-conditions/${c1.id}/close`, { version: c1.version, note: '  ' });
    expect({ status: noNote.status, field: noNote.body.error.details.fields[0].field }).toEqual({ status: 400, field: 'note' });
    const stale = await officer.request('POST', `/api/gate-conditions/${c1.id}/close`, { version: c1.version + 5, note: '已提出承諾書' });
    expect({ status: stale.status, code: stale.body.error.code }).toEqual({ status: 409, code: 'STALE_VERSION' });
    const closed = await officer.request('POST', `/api/gate-conditions/${c1.id}/close`, { version: c1.version, note: '已提出承諾書（附件）' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', note: '已提出承諾書（附件）', resolvedBy: { id: await userId('moea-officer') }, version: c1.version + 1 });
    const again = await officer.request('POST', `/api/gate-conditions/${c1.id}/close`, { version: closed.body.version, note: '再次' });
    expect({ status: again.status, code: again.body.error.code }).toEqual({ status: 409, code: 'INVALID_TRANSITION' });

    const stillBlocked = await coordinator.request('POST', `/api/gate-reviews/${review2.id}/decision`, { version: review2.version, decision: 'go', reasons: '技術驗證通過' });
    expect(stillBlocked.body.error.details.conditions.map((c: any) => c.id)).toEqual([c2.id]);

    const waived = await coordinator.request('POST', `/api/gate-conditions/${c2.id}/waive`, { version: c2.version, note: '市場分析已併入第 3 關審查' });
    expect(waived.body).toMatchObject({ status: 'waived', note: '市場分析已併入第 3 關審查' });
    const decided = await coordinator.request('POST', `/api/gate-reviews/${review2.id}/decision`, { version: review2.version, decision: 'go', reasons: '技術驗證通過' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'go', scoreSummary: { weightedScore: '8.00', mustMeetFailures: [] } });
    const afterDecision = await (await as('reviewer')).request('PUT', `/api/gate-reviews/${review2.id}/scores`, { scores: scorecard(review2.criteria) });
    expect({ status: afterDecision.status, code: afterDecision.body.error.code }).toEqual({ status: 409, code: 'INVALID_TRANSITION' });
  });

  it('every step is in the audit trail', async () => {
    const rows = await ds.query(
      `SELECT action FROM audit_event WHERE entity_type IN ('gate_review', 'gate_condition') AND (entity_id = ANY($1) OR entity_id = ANY($2)) ORDER BY at, id`,
      [[review1.id, review2.id], conditions.map((c) => c.id)],
    );
    expect(rows.map((r: any) => r.action)).toEqual([
      'gate_review.schedule', 'gate_review.score', 'gate_review.decide', 'gate_condition.create', 'gate_condition.create',
      'gate_review.schedule', 'gate_review.score', 'gate_condition.close', 'gate_condition.waive', 'gate_review.decide',
    ]);
  });
});

describe('refusals', () => {
  it('a reviewer whose organisation is the lead\'s parent, or a unit of a co-organiser, is refused as a conflict of interest, named', async () => {
    const coordinator = await as('coordinator');
    const nstc = await reviewerOf('nstc-reviewer', 'nstc'); // 國科會, above the lead 國科會科技辦公室
    const doit = await reviewerOf('doit-reviewer', 'moea-doit'); // 技術處, a unit of the co-organiser 經濟部
    const neutral = await reviewerOf('ey-reviewer', 'ey'); // 行政院 stands over every ministry: not a conflict
    const before = (await ds.query(`SELECT count(*)::int AS n FROM gate_review`))[0].n;
    const res = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(3), scheduledFor: '2099-06-10', reviewers: [neutral, nstc, doit] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT_OF_INTEREST');
    expect(res.body.error.message).toContain('評審 nstc-reviewer (國科會)');
    expect(res.body.error.details.reviewers.map((r: any) => r.id).sort()).toEqual([nstc, doit].sort());
    expect((await ds.query(`SELECT count(*)::int AS n FROM gate_review`))[0].n).toBe(before);

    // The 行政院 reviewer alone is fine; the demo reviewer, not assigned, cannot read that review (404: it does not exist for them).
    const ok = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(3), scheduledFor: '2099-06-10', reviewers: [neutral] });
    expect(ok.status).toBe(201);
    const notAssigned = await (await as('reviewer')).get(`/api/gate-reviews/${ok.body.id}`);
    expect(notAssigned.status).toBe(404);
    expect((await (await as('reviewer')).get(`/api/gate-reviews?subProject=${FLAGSHIP}`)).body.items.map((r: any) => r.gate.code)).toEqual([GATE(1), GATE(2)]);
    const twice = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(3), scheduledFor: '2099-06-11', reviewers: [neutral] });
    expect({ status: twice.status, code: twice.body.error.code }).toEqual({ status: 409, code: 'CONFLICT' });
  });

  it('a sub-project that is not flagship is refused; bad input names the fields; only reviewers may review', async () => {
    const coordinator = await as('coordinator');
    const reviewer = await userId('reviewer');
    const notFlagship = await coordinator.request('POST', '/api/gate-reviews', { subProject: 'aap2-sp-12', gate: GATE(1), scheduledFor: '2099-01-10', reviewers: [reviewer] });
    expect({ status: notFlagship.status, code: notFlagship.body.error.code }).toEqual({ status: 422, code: 'NOT_FLAGSHIP' });
    const empty = await coordinator.request('POST', '/api/gate-reviews', {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields.map((f: any) => f.field).sort()).toEqual(['gate', 'reviewers', 'scheduledFor', 'subProject']);
    const wrong = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: 'aap2-gate-1', scheduledFor: '2000-01-01', reviewers: [await userId('viewer')] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields.map((f: any) => f.field)).toEqual(['scheduledFor']);
    const notReviewer = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(4), scheduledFor: '2099-01-10', reviewers: [await userId('viewer')] });
    expect(notReviewer.status).toBe(400);
    expect(notReviewer.body.error.details.fields[0]).toMatchObject({ field: 'reviewers', problems: [expect.stringMatching(/does not have the reviewer role/)] });
    expect((await (await as('moea-officer')).request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(4), scheduledFor: '2099-01-10', reviewers: [reviewer] })).status).toBe(403);
  });

  it('after stop, no further gate is scheduled; recycle re-runs the same gate', async () => {
    const coordinator = await as('coordinator');
    const [gate3] = (await coordinator.get(`/api/gate-reviews?subProject=${FLAGSHIP}`)).body.items.filter((r: any) => r.gate.code === GATE(3));
    const [neutral] = (await ds.query(`SELECT id FROM app_user WHERE email = 'ey-reviewer@test.guankao.tw'`)).map((r: any) => r.id);
    // The ey reviewer has no password: record a scorecard as it would be, then decide recycle.
    await ds.query(`UPDATE gate_review SET status = 'scoring' WHERE id = $1`, [gate3.id]);
    const recycled = await coordinator.request('POST', `/api/gate-reviews/${gate3.id}/decision`, { version: gate3.version, decision: 'recycle', reasons: '商業模式需重新分析' });
    expect(recycled.status).toBe(200);
    const again = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(3), scheduledFor: '2099-08-10', reviewers: [neutral] });
    expect(again.status).toBe(201);
    const gate4 = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(4), scheduledFor: '2099-08-10', reviewers: [neutral] });
    expect({ status: gate4.status, code: gate4.body.error.code }).toEqual({ status: 409, code: 'GATE_ORDER' });
    await ds.query(`UPDATE gate_review SET status = 'scoring' WHERE id = $1`, [again.body.id]);
    const stopped = await coordinator.request('POST', `/api/gate-reviews/${again.body.id}/decision`, { version: again.body.version, decision: 'stop', reasons: '市場不存在' });
    expect(stopped.status).toBe(200);
    const after = await coordinator.request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: GATE(3), scheduledFor: '2099-09-10', reviewers: [neutral] });
    expect({ status: after.status, code: after.body.error.code }).toEqual({ status: 409, code: 'GATE_ORDER' });
    expect(after.body.error.message).toMatch(/was stopped at gate aap2018-gate-3/);
  });
});
