import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi, type TestResponse } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Disclosure (issue 11): what a caller may not know exists answers as if it did not exist. Each
 * feature has its own describe block with its own database and API.
 */

/** The status, code and message of an answer, with the id the caller asked for replaced, to compare a hidden thing with a missing one. */
const shape = (res: TestResponse, askedFor: string) => ({
  status: res.status, code: res.body?.error?.code, message: String(res.body?.error?.message ?? '').replaceAll(askedFor, '<id>'),
});

describe('submissions, evidence and gate reviews: another organisation\'s answer as unknown ones do (libs/submissions, libs/gates)', () => {
  const LEAD_SP = 'aap2-sp-12'; // 經濟部 leads; nobody co-organises
  const MILESTONE = 'aap2-sp-12-m-disclosure';
  const FLAGSHIP = 'aap2018-div-2-01'; // 科會辦 leads, 經濟部 co-organises; 數位部 has no part
  let db: TestDatabase;
  let api: TestApi;
  let ds: DataSource;
  const as = (user: DemoUser): Promise<Client> => api.signedIn(user);
  let submissionId: string;
  let evidenceId: string;
  let gateReviewId: string;
  let gateConditionId: string;


  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootApi(db.url);
    ds = api.app.get(DataSource);
    await ds.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = $1`, [LEAD_SP]);
    await ds.query(
      `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable)
       SELECT $1, id, 902, 2024, '2024-09-30', '揭露測試查核點' FROM sub_project WHERE code = $2`,
      [MILESTONE, LEAD_SP],
    );
    const draft = await (await as('moea-officer')).request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q3', narrative: '經濟部的草稿' });
    expect(draft.status).toBe(201);
    submissionId = draft.body.id;
    // A file of the draft (its bytes are never read: every refusal comes first).
    [{ id: evidenceId }] = await ds.query(
      `INSERT INTO evidence_file (submission_id, uploaded_by, organisation_id, filename, content_type, size_bytes, sha256, storage_key)
       SELECT $1, u.id, u.organisation_id, '佐證.pdf', 'application/pdf', 4, repeat('a', 64), 'evidence/aa/aa/x' FROM app_user u WHERE u.email = $2
       RETURNING id`,
      [submissionId, DEMO_EMAIL['moea-officer']],
    );
    // A gate review whose reviewer is not the demo reviewer, with a condition 經濟部 owns.
    const [{ id: reviewerId }] = await ds.query(
      `INSERT INTO app_user (email, display_name, roles, locale) VALUES ('assigned.reviewer@test.guankao.tw', '指派評審', '{reviewer}', 'zh-TW') RETURNING id`,
    );
    const scheduled = await (await as('coordinator')).request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: 'aap2018-gate-1', scheduledFor: '2099-01-15', reviewers: [reviewerId] });
    expect(scheduled.status).toBe(201);
    gateReviewId = scheduled.body.id;
    [{ id: gateConditionId }] = await ds.query(
      `INSERT INTO gate_condition (review_id, seq, text, owner_organisation_id, due_date) SELECT $1, 1, '補件', id, '2099-06-30' FROM organisation WHERE code = 'moea' RETURNING id`,
      [gateReviewId],
    );
  }, 60_000);

  afterAll(async () => {
    await api?.app.close();
    await db?.drop();
  });

  it('another ministry\'s submission is 404 on every route, exactly as an unknown id, and no answer names it', async () => {
    const moda = await as('moda-officer');
    const modaSupervisor = await as('moda-supervisor');
    const unknown = randomUUID();
    const calls: [string, (id: string) => Promise<TestResponse>][] = [
      ['GET', (id) => moda.get(`/api/submissions/${id}`)],
      ['GET revision', (id) => moda.get(`/api/submissions/${id}/revisions/1`)],
      ['GET diff', (id) => moda.get(`/api/submissions/${id}/diff?from=1&to=1`)],
      ['PATCH', (id) => moda.request('PATCH', `/api/submissions/${id}`, { version: 1, narrative: '越權' })],
      ['submit', (id) => moda.request('POST', `/api/submissions/${id}/submit`, { version: 1 })],
      ['revise', (id) => moda.request('POST', `/api/submissions/${id}/revise`, { version: 1 })],
      ['approve', (id) => modaSupervisor.request('POST', `/api/submissions/${id}/approve`, { version: 1 })],
      ['send back', (id) => modaSupervisor.request('POST', `/api/submissions/${id}/send-back`, { version: 1, comment: '越權' })],
      ['upload', (id) => moda.request('PUT', `/api/submissions/${id}/evidence?filename=x.pdf`, Buffer.from('%PDF-1.7\n'), { 'content-type': 'application/pdf' })],
    ];
    for (const [what, call] of calls) {
      const hidden = shape(await call(submissionId), submissionId);
      expect({ what, ...hidden }).toEqual({ what, ...shape(await call(unknown), unknown) });
      expect({ what, status: hidden.status }).toEqual({ what, status: 404 });
    }
  });

  it('an evidence file the caller may not read is 404 as an unknown file, naming neither it nor its submission', async () => {
    const unknown = randomUUID();
    for (const user of ['moda-officer', 'coordinator', 'viewer'] as const) { // the secretariat and viewers: the draft was never sent
      const client = await as(user);
      const res = await client.get(`/api/evidence/${evidenceId}`);
      expect({ user, ...shape(res, evidenceId) }).toEqual({ user, ...shape(await client.get(`/api/evidence/${unknown}`), unknown) });
      expect({ user, status: res.status }).toEqual({ user, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(submissionId);
    }
  });

  it('drafting for, or listing by, another ministry\'s sub-project or milestone answers as for an unknown code', async () => {
    const moda = await as('moda-officer');
    const drafting = async (code: string) => shape(await moda.request('POST', '/api/submissions', { subProject: code, period: '2023-Q4' }), code);
    expect(await drafting(LEAD_SP)).toEqual(await drafting('no-such-sub-project'));
    expect((await drafting(LEAD_SP)).status).toBe(400);
    for (const [field, code] of [['subProject', LEAD_SP], ['milestone', MILESTONE]] as const) {
      const listing = async (value: string) => shape(await moda.get(`/api/submissions?${field}=${encodeURIComponent(value)}`), value);
      expect({ field, ...(await listing(code)) }).toEqual({ field, ...(await listing('no-such-code')) });
      expect((await listing(code)).status).toBe(400);
    }
    // Its own organisation's codes still list.
    expect((await (await as('moea-officer')).get(`/api/submissions?subProject=${LEAD_SP}`)).body.items.map((s: { id: string }) => s.id)).toEqual([submissionId]);
  });

  it('a gate review is 404 to another ministry and to a reviewer not assigned to it, as an unknown review', async () => {
    const unknown = randomUUID();
    for (const user of ['moda-officer', 'reviewer'] as const) {
      const client = await as(user);
      const hidden = await client.get(`/api/gate-reviews/${gateReviewId}`);
      expect({ user, ...shape(hidden, gateReviewId) }).toEqual({ user, ...shape(await client.get(`/api/gate-reviews/${unknown}`), unknown) });
      expect({ user, status: hidden.status }).toEqual({ user, status: 404 });
    }
    const reviewer = await as('reviewer');
    const scoring = async (id: string) => shape(await reviewer.request('PUT', `/api/gate-reviews/${id}/scores`, { scores: [] }), id);
    expect(await scoring(gateReviewId)).toEqual(await scoring(unknown));
    expect((await scoring(gateReviewId)).status).toBe(404);
    // The co-organiser still reads it.
    expect((await (await as('moea-officer')).get(`/api/gate-reviews/${gateReviewId}`)).status).toBe(200);
  });

  it('another ministry\'s gate condition and sub-project code answer as unknown ones', async () => {
    const moda = await as('moda-officer');
    const unknown = randomUUID();
    const closing = async (id: string) => shape(await moda.request('POST', `/api/gate-conditions/${id}/close`, { version: 1, note: '越權' }), id);
    expect(await closing(gateConditionId)).toEqual(await closing(unknown));
    expect((await closing(gateConditionId)).status).toBe(404);
    for (const list of ['gate-reviews', 'gate-conditions']) {
      const listing = async (code: string) => shape(await moda.get(`/api/${list}?subProject=${code}`), code);
      expect({ list, ...(await listing(FLAGSHIP)) }).toEqual({ list, ...(await listing('no-such-sub-project')) });
      expect({ list, status: (await listing(FLAGSHIP)).status }).toEqual({ list, status: 400 });
    }
  });
});

describe('the audit route: a history is as visible as its entity (libs/audit)', () => {
  const SP = 'aap2-sp-12'; // 經濟部 leads
  let db: TestDatabase;
  let api: TestApi;
  let submissionId: string;
  let moeaOfficer: Client;
  let coordinator: Client;

  const history = (client: Client, id: string) => client.get(`/api/audit?entityType=submission&entityId=${id}`);
  const actions = (res: TestResponse) => (res.body as { action: string; after: { revision?: number } | null }[]).map((e) => `${e.action}@${e.after?.revision ?? '-'}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootApi(db.url);
    await api.app.get(DataSource).query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = $1`, [SP]);
    moeaOfficer = await api.as('moea-officer');
    coordinator = await api.as('coordinator');
    const draft = await moeaOfficer.request('POST', '/api/submissions', { subProject: SP, period: '2024-Q4', narrative: '經濟部尚未送出的草稿' });
    expect(draft.status).toBe(201);
    submissionId = draft.body.id;
  });

  afterAll(async () => {
    await api?.app.close();
    await db?.drop();
  });

  it('answers the secretariat 404 for a draft\'s history, as the draft itself and an unknown id do', async () => {
    const draft = await coordinator.get(`/api/submissions/${submissionId}`);
    const audit = await history(coordinator, submissionId);
    const unknownId = randomUUID();
    const unknown = await history(coordinator, unknownId);
    expect([draft.status, audit.status, unknown.status]).toEqual([404, 404, 404]);
    expect(audit.body.error.code).toBe('NOT_FOUND');
    expect(audit.body.error.message.replace(submissionId, '<id>')).toBe(unknown.body.error.message.replace(unknownId, '<id>'));
    expect(JSON.stringify(audit.body)).not.toContain('經濟部');
  });

  it('shows the secretariat what it received, never the ministry\'s later drafts', async () => {
    const moeaSupervisor = await api.as('moea-supervisor');
    const step = async (client: Client, path: string, body: Record<string, unknown> = {}) => {
      const current = await moeaOfficer.get(`/api/submissions/${submissionId}`);
      const res = await client.request(path.startsWith('PATCH ') ? 'PATCH' : 'POST', `/api/submissions/${submissionId}${path.replace(/^PATCH /, '')}`, { version: current.body.version, ...body });
      expect([path, res.status]).toEqual([path, 200]);
    };
    await step(moeaOfficer, '/submit');
    await step(moeaSupervisor, '/approve');
    await step(coordinator, '/return', { comment: '請補充說明' });
    await step(moeaOfficer, '/revise');
    await step(moeaOfficer, 'PATCH ', { narrative: '經濟部修改中的第二版草稿' });

    const seen = await history(coordinator, submissionId);
    expect(seen.status).toBe(200);
    expect(actions(seen)).toEqual(['submission.create@1', 'submission.submit@1', 'submission.approve@1', 'submission.return@1']);
    expect(JSON.stringify(seen.body)).not.toContain('第二版');
    const admin = await history(await api.as('admin'), submissionId);
    expect(actions(admin)).toEqual(actions(seen)); // admins read as the secretariat does
    // The draft's events are still there, for those who may read the draft.
    const [{ n }] = await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [submissionId]);
    expect(n).toBe(6);
  });
});

describe('sub-projects, milestones, due-date changes and co-assigned resolutions (libs/sub-projects, libs/meetings)', () => {
  const MOEA_SP = 'aap2-sp-12'; // 經濟部 leads; nobody co-organises
  const R1 = 'sngroup-3-r1'; // assigned to 數位部 and 經濟部
  let db: TestDatabase;
  let api: TestApi;
  let ds: DataSource;
  let milestone: string;
  let changeId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootApi(db.url);
    ds = api.app.get(DataSource);
    [{ code: milestone }] = await ds.query(
      `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable)
       SELECT $1, id, 903, 2024, '2024-09-30', '揭露測試查核點' FROM sub_project WHERE code = $2 RETURNING code`,
      [`${MOEA_SP}-m-disclosure-h3`, MOEA_SP],
    );
    const requested = await (await api.as('moea-officer')).request('POST', `/api/milestones/${milestone}/due-date-changes`, { proposedDueDate: '2099-06-30', reason: '揭露測試' });
    expect(requested.status).toBe(201);
    changeId = requested.body.id;
    expect((await (await api.as('moea-officer')).request('POST', `/api/resolutions/${R1}/follow-ups`, { text: '經濟部的辦理情形：不給數位部看' })).status).toBe(201);
  });

  afterAll(async () => {
    await api?.app.close();
    await db?.drop();
  });

  it('another ministry\'s sub-project, milestone, due-date change and resolution answer exactly as unknown ones', async () => {
    const moda = await api.as('moda-officer');
    const unknownId = randomUUID();
    const pairs: [string, string, string, (key: string) => Promise<TestResponse>][] = [
      ['sub-project', MOEA_SP, 'no-such-sub-project', (c) => moda.get(`/api/sub-projects/${c}`)],
      ['assignments', MOEA_SP, 'no-such-sub-project', (c) => moda.get(`/api/sub-projects/${c}/assignments`)],
      ['lights', MOEA_SP, 'no-such-sub-project', (c) => moda.get(`/api/sub-projects/${c}/lights`)],
      ['milestone', milestone, 'no-such-milestone', (c) => moda.get(`/api/milestones/${c}`)],
      ['due-date changes', milestone, 'no-such-milestone', (c) => moda.get(`/api/milestones/${c}/due-date-changes`)],
      ['request a change', milestone, 'no-such-milestone', (c) => moda.request('POST', `/api/milestones/${c}/due-date-changes`, { proposedDueDate: '2099-07-31', reason: 'x' })],
      ['due-date change', changeId, unknownId, (c) => moda.get(`/api/due-date-changes/${c}`)],
      ['resolution', 'sngroup-2024-01-24-r1', 'sngroup-9-r9', (c) => moda.get(`/api/resolutions/${c}`)],
    ];
    const moeaOnly = await (await api.as('coordinator')).request('POST', '/api/meetings/sngroup-2024-01-24/resolutions', { text: '請經濟部報告。', organisations: ['moea'] });
    expect(moeaOnly.body.code).toBe('sngroup-2024-01-24-r1');
    pairs.push(['follow-up', moeaOnly.body.code, 'sngroup-9-r9', (c) => moda.request('POST', `/api/resolutions/${c}/follow-ups`, { text: '數位部越權' })]);
    for (const [what, hidden, unknown, call] of pairs) {
      const answer = shape(await call(hidden), hidden);
      expect({ what, ...answer }).toEqual({ what, ...shape(await call(unknown), unknown) });
      expect({ what, status: answer.status }).toEqual({ what, status: 404 });
    }
  });

  it('a co-assigned ministry reads neither another ministry\'s follow-up nor its officer\'s name, in the resolution, the meeting or the carried-over agenda', async () => {
    const moda = await api.as('moda-officer');
    const [{ display_name: moeaOfficerName }] = await ds.query(`SELECT display_name FROM app_user WHERE email = $1`, [DEMO_EMAIL['moea-officer']]);
    const reads = [`/api/resolutions/${R1}`, '/api/meetings/sngroup-3', '/api/meetings/sngroup-2024-01-24'];
    for (const path of reads) {
      const res = await moda.get(path);
      expect([path, res.status]).toEqual([path, 200]);
      const text = JSON.stringify(res.body);
      expect({ path, shows: text.includes('不給數位部看') }).toEqual({ path, shows: false });
      expect({ path, shows: text.includes(moeaOfficerName) }).toEqual({ path, shows: false });
    }
    // Its own assignment and the follow-up from the documents are still there; 經濟部's assignment only as organisation and status.
    const detail = (await moda.get(`/api/resolutions/${R1}`)).body;
    expect(detail.followUps.map((f: { code: string }) => f.code)).toEqual(['sngroup-3-r1-fu-1']);
    expect(detail.assignments.map((a: any) => [a.organisation.code, a.status])).toEqual([['moda', 'tracking'], ['moea', 'tracking']]);
    // The secretariat and 經濟部 itself read it.
    for (const user of ['coordinator', 'moea-officer'] as const) {
      const res = await (await api.as(user)).get(`/api/resolutions/${R1}`);
      expect({ user, shows: JSON.stringify(res.body).includes('不給數位部看') }).toEqual({ user, shows: true });
    }
  });
});
