import { DataSource } from 'typeorm';
import { bootApi, type Client, DEMO_PASSWORD, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/**
 * What the web scorecard needs beyond gates.e2e-spec: a reviewer's draft scorecard (any criteria,
 * blanks allowed, theirs alone, cleared on submit) and the list of gate reviews filtered by status,
 * each scoped like the review itself (a ministry outside the sub-project sees nothing, 404 by id).
 */
const GATE1 = 'aap2018-gate-1';

let db: TestDatabase;
let api: TestApi;
let ds: DataSource;
let g: Given;
let flagship: string;
let reviewId: string;
let second: Client;
const as = (user: DemoUser) => api.signedIn(user);

/** A client signed in as a user the demo seed does not have (its password is the demo one). */
async function signIn(email: string): Promise<Client> {
  const res = await api.request('POST', '/api/auth/login', { email, password: DEMO_PASSWORD });
  expect(res.status).toBe(200);
  const token = res.body.accessToken as string;
  return {
    get: (path) => api.request('GET', path, undefined, { authorization: `Bearer ${token}` }),
    request: (method, path, body, headers = {}) => api.request(method, path, body, { authorization: `Bearer ${token}`, ...headers }),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  g = await given(db.url);
  // A flagship sub-project of its own, led by 經濟部 alone: 數位部 takes no part in it.
  const [programme] = await g.sql<{ id: string }>(`SELECT id FROM programme WHERE code = 'aap2018'`);
  flagship = 'aap2018-draft-test';
  await g.subProject({ code: flagship, programmeId: programme.id, lead: 'moea', isFlagship: true, status: 'active', name: '草稿測試旗艦計畫' });
  await g.user({ email: 'second.reviewer@test.guankao.tw', roles: ['reviewer'], displayName: '第二位評審（測試）', organisation: null, password: 'demo' });
  second = await signIn('second.reviewer@test.guankao.tw');
  const reviewers = [await g.userId('reviewer@demo.guankao.tw'), await g.userId('second.reviewer@test.guankao.tw')];
  const scheduled = await (await as('coordinator')).request('POST', '/api/gate-reviews', { subProject: flagship, gate: GATE1, scheduledFor: '2099-02-01', reviewers });
  expect(scheduled.status).toBe(201);
  reviewId = scheduled.body.id;
}, 60_000);

afterAll(async () => {
  await g?.close();
  await api?.app.close();
  await db?.drop();
});

describe('a reviewer\'s draft scorecard', () => {
  let criteria: { code: string; requirement: string }[];

  it('keeps any criteria with blanks, seen by its author alone; the review stays scheduled and the summary ignores it', async () => {
    const reviewer = await as('reviewer');
    criteria = (await reviewer.get(`/api/gate-reviews/${reviewId}`)).body.criteria;
    const mustMeet = criteria.find((c) => c.requirement === 'must_meet')!;
    const shouldMeet = criteria.find((c) => c.requirement === 'should_meet')!;
    const saved = await reviewer.request('PUT', `/api/gate-reviews/${reviewId}/scores/draft`, {
      scores: [{ criterion: mustMeet.code, met: true, comment: '' }, { criterion: shouldMeet.code, score: 6, comment: '初步意見' }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.status).toBe('scheduled');
    expect(saved.body.myDraft.scores).toEqual([
      { criterion: mustMeet.code, met: true, score: null, comment: '' },
      { criterion: shouldMeet.code, met: null, score: 6, comment: '初步意見' },
    ]);
    expect(Date.parse(saved.body.myDraft.savedAt)).not.toBeNaN();
    expect(saved.body.scores).toEqual([]);

    // Nobody else sees it: not the other reviewer, not the secretariat (whose summary counts no scorecard).
    expect((await second.get(`/api/gate-reviews/${reviewId}`)).body.myDraft).toBeNull();
    const full = (await (await as('coordinator')).get(`/api/gate-reviews/${reviewId}`)).body;
    expect(full.myDraft).toBeNull();
    expect(full.scores).toEqual([]);
    expect(full.scoreSummary.reviewersSubmitted).toBe(0);
    const [audit] = await ds.query(`SELECT after FROM audit_event WHERE action = 'gate_review.save_draft' AND entity_id = $1`, [reviewId]);
    expect(audit.after.criteria).toBe(2);
  });

  it('refuses a score on a must-meet criterion, a criterion of another gate, and a reviewer not assigned (404)', async () => {
    const reviewer = await as('reviewer');
    const mustMeet = criteria.find((c) => c.requirement === 'must_meet')!;
    const bad = await reviewer.request('PUT', `/api/gate-reviews/${reviewId}/scores/draft`, {
      scores: [{ criterion: mustMeet.code, score: 5 }, { criterion: 'zz9', met: true }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field)).toEqual(['scores.0.score', 'scores.1.criterion']);

    await g.user({ email: 'third.reviewer@test.guankao.tw', roles: ['reviewer'], displayName: '未指派評審（測試）', organisation: null, password: 'demo' });
    const outsider = await signIn('third.reviewer@test.guankao.tw');
    const hidden = await outsider.request('PUT', `/api/gate-reviews/${reviewId}/scores/draft`, { scores: [] });
    expect(hidden.status).toBe(404);
    expect((await outsider.get(`/api/gate-reviews/${reviewId}`)).status).toBe(404);
  });

  it('is cleared when the reviewer submits the scorecard; once decided a draft is refused (409)', async () => {
    const reviewer = await as('reviewer');
    const full = criteria.map((c) => (c.requirement === 'must_meet' ? { criterion: c.code, met: true, comment: '符合' } : { criterion: c.code, score: 8, comment: '良好' }));
    const submitted = await reviewer.request('PUT', `/api/gate-reviews/${reviewId}/scores`, { scores: full });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('scoring');
    expect(submitted.body.myDraft).toBeNull();
    const [row] = await ds.query(
      `SELECT draft_scores, draft_saved_at FROM gate_reviewer gr JOIN app_user u ON u.id = gr.user_id WHERE gr.review_id = $1 AND u.email = 'reviewer@demo.guankao.tw'`,
      [reviewId],
    );
    expect(row).toEqual({ draft_scores: null, draft_saved_at: null });

    const coordinator = await as('coordinator');
    const decided = await coordinator.request('POST', `/api/gate-reviews/${reviewId}/decision`, { version: submitted.body.version, decision: 'go', reasons: '各項標準均符合' });
    expect(decided.status).toBe(200);
    const late = await second.request('PUT', `/api/gate-reviews/${reviewId}/scores/draft`, { scores: [] });
    expect({ status: late.status, code: late.body.error.code }).toEqual({ status: 409, code: 'INVALID_TRANSITION' });
  });
});

describe('GET /api/gate-reviews?status=', () => {
  it('filters by status within the caller\'s scope; another ministry sees none of them and a bad status is a 400', async () => {
    const coordinator = await as('coordinator');
    const decided = await coordinator.get('/api/gate-reviews?status=decided');
    expect(decided.status).toBe(200);
    expect(decided.body.items.map((r: any) => r.id)).toContain(reviewId);
    expect(decided.body.items.every((r: any) => r.status === 'decided')).toBe(true);
    const scheduled = await coordinator.get('/api/gate-reviews?status=scheduled');
    expect(scheduled.body.items.map((r: any) => r.id)).not.toContain(reviewId);

    const lead = await (await as('moea-officer')).get(`/api/gate-reviews?status=decided&subProject=${flagship}`);
    expect(lead.body.items.map((r: any) => r.id)).toEqual([reviewId]);
    expect(lead.body.items[0].scores).toBeNull();
    const other = await as('moda-officer');
    expect((await other.get('/api/gate-reviews?status=decided')).body.items.map((r: any) => r.id)).not.toContain(reviewId);
    expect((await other.get(`/api/gate-reviews/${reviewId}`)).status).toBe(404);
    expect((await other.get(`/api/gate-reviews?subProject=${flagship}`)).status).toBe(400);

    const bad = await coordinator.get('/api/gate-reviews?status=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('status');
  });
});
