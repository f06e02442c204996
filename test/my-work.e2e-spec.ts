import { Clock } from '../libs/common/clock.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/**
 * 我的待辦 over HTTP on the seeded plans: the workflows are driven through the API (acknowledge,
 * milestones, submissions through review, due-date requests, a release request), and each role's
 * GET /api/me/work lists what it must act on — another ministry's items never.
 */
let db: TestDatabase;
let server: TestApi;
let g: Given;
let coordinator: Client;
let moeaOfficer: Client;
let moeaSupervisor: Client;
let modaOfficer: Client;
let modaSupervisor: Client;

const MOEA_SP = 'aap2-sp-12'; // 經濟部 leads it
const MODA_SP = 'aap2-sp-05'; // 數位部 leads it

let today: string;
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const work = async (client: Client) => {
  const res = await client.get('/api/me/work');
  expect(res.status).toBe(200);
  return res.body;
};

const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
  const r = await res;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
};

// Made in beforeAll, read by the tests.
const made = {} as {
  soon: string; later: string; overdue: string; draftId: string; reviewedId: string; changeId: string; modaChangeId: string;
};

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  g = await given(db.url);
  [coordinator, moeaOfficer, moeaSupervisor, modaOfficer, modaSupervisor] = await Promise.all([
    server.as('coordinator'), server.as('moea-officer'), server.as('moea-supervisor'), server.as('moda-officer'), server.as('moda-supervisor'),
  ]);
  today = await g.today();

  // 經濟部 acknowledges one assignment; three milestones: due in 5 days, in 30 days, 3 days ago.
  const sp = await ok(moeaOfficer.get(`/api/sub-projects/${MOEA_SP}`));
  await ok(moeaOfficer.request('POST', `/api/sub-projects/${MOEA_SP}/acknowledge`, { version: sp.version }));
  const milestone = async (code: string, days: number) =>
    (await ok(coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: `待辦測試 ${days}`, dueDate: addDays(today, days) }), 201)).code as string;
  made.soon = await milestone(MOEA_SP, 5);
  made.later = await milestone(MOEA_SP, 30);
  made.overdue = await milestone(MOEA_SP, -3);

  // A draft on the milestone due soon; the overdue one goes through the supervisor and is returned.
  made.draftId = (await ok(moeaOfficer.request('POST', '/api/submissions', { subProject: MOEA_SP, milestone: made.soon, progressPercent: '10', narrative: '草稿' }), 201)).id;
  let s = await ok(moeaOfficer.request('POST', '/api/submissions', { subProject: MOEA_SP, milestone: made.overdue, progressPercent: '60', narrative: '進度說明' }), 201);
  made.reviewedId = s.id;
  s = await ok(moeaOfficer.request('POST', `/api/submissions/${s.id}/submit`, { version: s.version }));

  // A due-date request on the later milestone; 數位部 asks for one on its own milestone.
  made.changeId = (await ok(moeaOfficer.request('POST', `/api/milestones/${made.later}/due-date-changes`, { proposedDueDate: addDays(today, 60), reason: '設備延遲交貨' }), 201)).id;
  const modaMilestone = await milestone(MODA_SP, 10);
  made.modaChangeId = (await ok(modaOfficer.request('POST', `/api/milestones/${modaMilestone}/due-date-changes`, { proposedDueDate: addDays(today, 40), reason: '數位部原因' }), 201)).id;
}, 60_000);

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

it('lists the officer\'s assignments to acknowledge: its own organisation\'s, at most 50, with the total', async () => {
  // The seed assigns 50 to 經濟部 (one acknowledged above); three more take it past the cap.
  const [{ id: programmeId }] = await g.sql<{ id: string }>(`SELECT id FROM programme WHERE code = 'aap2'`);
  for (const code of ['mw-extra-1', 'mw-extra-2', 'mw-extra-3']) await g.subProject({ code, programmeId, lead: 'moea' });
  const [moea, moda] = await Promise.all([work(moeaOfficer), work(modaOfficer)]);
  const [{ n }] = await g.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM sub_project sp JOIN organisation o ON o.id = sp.lead_organisation_id
      WHERE sp.status = 'assigned' AND (o.code = 'moea' OR o.parent_id = (SELECT id FROM organisation WHERE code = 'moea'))`,
  );
  expect(n).toBe(52);
  expect(moea.officer.assignments.total).toBe(n);
  expect(moea.officer.assignments.items).toHaveLength(50);
  expect(moea.officer.assignments.items.map((i: any) => i.code)).not.toContain(MOEA_SP); // acknowledged
  expect(moda.officer.assignments.items.map((i: any) => i.code)).toContain(MODA_SP);
  expect(moda.officer.assignments.items.every((i: any) => i.lead.code === 'moda')).toBe(true);
  expect(moea.actingFor.map((o: any) => o.code)).toContain('moea');
  expect(moda.actingFor.map((o: any) => o.code)).toEqual(['moda']);
});

it('lists milestones overdue or due within 14 days, earliest first, with days left and the submission started', async () => {
  const { officer } = await work(moeaOfficer);
  const items = officer.milestones.items;
  expect(items.map((m: any) => m.code)).toEqual([made.overdue, made.soon]); // not the one due in 30 days
  expect(items[0]).toMatchObject({ daysLeft: -3, overdue: true, dueDate: { ad: addDays(today, -3) }, subProject: { code: MOEA_SP, lead: { code: 'moea' } } });
  expect(items[0].submission).toEqual({ id: made.reviewedId, status: 'awaiting_supervisor' });
  expect(items[1]).toMatchObject({ daysLeft: 5, overdue: false, submission: { id: made.draftId, status: 'draft' }, pendingChangeRequestId: null });
  expect(officer.milestones.total).toBe(2);
});

it('lists the officer\'s drafts; the supervisor\'s drafts awaiting approval', async () => {
  const [officer, supervisor, modaSup] = await Promise.all([work(moeaOfficer), work(moeaSupervisor), work(modaSupervisor)]);
  expect(officer.officer.drafts.items.map((s: any) => s.id)).toEqual([made.draftId]);
  expect(officer.officer.drafts.items[0]).toMatchObject({ status: 'draft', milestone: { code: made.soon }, subProject: { code: MOEA_SP } });
  expect(officer.supervisor).toBeNull();
  expect(supervisor.officer).toBeNull();
  expect(supervisor.supervisor.awaitingApproval.items.map((s: any) => s.id)).toEqual([made.reviewedId]);
  expect(supervisor.counts).toMatchObject({ awaitingApproval: 1, total: 1 });
  expect(modaSup.supervisor.awaitingApproval).toEqual({ total: 0, items: [] });
});

it('shows pending due-date requests to the officer and the coordinator; another ministry sees none of them', async () => {
  const [moea, moda, coord] = await Promise.all([work(moeaOfficer), work(modaOfficer), work(coordinator)]);
  expect(moea.officer.dueDateChanges.items.map((r: any) => r.id)).toEqual([made.changeId]);
  expect(moea.officer.dueDateChanges.items[0]).toMatchObject({
    status: 'pending', milestone: { code: made.later }, proposedDueDate: { ad: addDays(today, 60) }, reason: '設備延遲交貨',
    requestedBy: { email: 'moea.officer@demo.guankao.tw' }, decidedAt: null,
  });
  expect(moda.officer.dueDateChanges.items.map((r: any) => r.id)).toEqual([made.modaChangeId]);
  expect(coord.secretariat.dueDateChanges.items.map((r: any) => r.id)).toEqual([made.changeId, made.modaChangeId]);
  expect(coord.officer).toBeNull();
});

it('GET /api/due-date-changes/{id}: the request for its organisation and the secretariat, 404 for another ministry as when unknown', async () => {
  const mine = await ok(moeaOfficer.get(`/api/due-date-changes/${made.changeId}`));
  expect(mine).toMatchObject({ id: made.changeId, milestone: made.later, status: 'pending', reason: '設備延遲交貨', proposedDueDate: { ad: addDays(today, 60) } });
  expect((await coordinator.get(`/api/due-date-changes/${made.changeId}`)).status).toBe(200);
  const other = await modaOfficer.get(`/api/due-date-changes/${made.changeId}`);
  expect(other.status).toBe(404);
  expect(other.body.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  expect(other.body.error.requestId).toBeTruthy();
  expect((await coordinator.get('/api/due-date-changes/00000000-0000-4000-8000-000000000000')).body.error).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  expect((await coordinator.get('/api/due-date-changes/not-a-uuid')).status).toBe(400);
});

describe('after the secretariat acts', () => {
  beforeAll(async () => {
    let s = await ok(moeaSupervisor.get(`/api/submissions/${made.reviewedId}`));
    s = await ok(moeaSupervisor.request('POST', `/api/submissions/${s.id}/approve`, { version: s.version }));
    const waiting = await work(coordinator);
    expect(waiting.secretariat.pendingReviews.items.map((i: any) => i.id)).toContain(made.reviewedId);
    expect(waiting.secretariat.pendingReviews.items.find((i: any) => i.id === made.reviewedId).daysWaiting).toBe(0);
    await ok(coordinator.request('POST', `/api/submissions/${s.id}/return`, { version: s.version, comment: '請補充佐證資料與預算執行數' }));

    const change = await ok(coordinator.get(`/api/due-date-changes/${made.changeId}`));
    await ok(coordinator.request('POST', `/api/due-date-changes/${made.changeId}/reject`, { version: change.version, reason: '請先完成採購程序' }));

    const resolution = await ok(moeaOfficer.get('/api/resolutions/sngroup-3-r1'));
    const own = resolution.assignments.find((a: any) => a.organisation.code === 'moea');
    await ok(moeaOfficer.request('POST', '/api/resolutions/sngroup-3-r1/follow-ups', { text: '已完成辦理', requestRelease: true, version: own.version }), 201);
  }, 30_000);

  it('the officer sees the returned submission with the reviewer\'s comment, and the decision with its reason', async () => {
    const { officer, counts } = await work(moeaOfficer);
    expect(officer.returned.items).toHaveLength(1);
    expect(officer.returned.items[0]).toMatchObject({
      id: made.reviewedId, status: 'returned',
      returnComment: { comment: '請補充佐證資料與預算執行數', by: { email: 'coordinator@demo.guankao.tw' } },
    });
    expect(Date.parse(officer.returned.items[0].returnComment.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(officer.dueDateChanges.items[0]).toMatchObject({
      id: made.changeId, status: 'rejected', decisionReason: '請先完成採購程序', decidedBy: { email: 'coordinator@demo.guankao.tw' },
    });
    expect(counts.returned).toBe(1);
  });

  it('the coordinator no longer sees the decided request nor the returned submission, and sees the release request', async () => {
    const { secretariat } = await work(coordinator);
    expect(secretariat.dueDateChanges.items.map((r: any) => r.id)).toEqual([made.modaChangeId]);
    expect(secretariat.pendingReviews.items.map((i: any) => i.id)).not.toContain(made.reviewedId);
    expect(secretariat.releaseRequests.items).toEqual([
      expect.objectContaining({ code: 'sngroup-3-r1', organisation: { code: 'moea', name: '經濟部' }, latestFollowUp: '已完成辦理', version: 2 }),
    ]);
    expect(Date.parse(secretariat.releaseRequests.items[0].requestedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a 數位部 officer and supervisor see none of 經濟部\'s items', async () => {
    for (const body of [await work(modaOfficer), await work(modaSupervisor)]) {
      const text = JSON.stringify(body);
      for (const id of [made.draftId, made.reviewedId, made.changeId, made.soon, made.overdue, MOEA_SP]) expect(text).not.toContain(id);
      expect(text).not.toContain('"code":"moea"');
    }
  });

  it('counts match the groups, and the total is what the caller must act on', async () => {
    for (const client of [moeaOfficer, moeaSupervisor, modaOfficer, coordinator]) {
      const { counts, officer, supervisor, secretariat } = await work(client);
      expect(counts).toEqual({
        assignments: officer?.assignments.total ?? 0, drafts: officer?.drafts.total ?? 0, returned: officer?.returned.total ?? 0,
        milestones: officer?.milestones.total ?? 0, dueDateChanges: officer?.dueDateChanges.total ?? 0,
        awaitingApproval: supervisor?.awaitingApproval.total ?? 0, pendingReviews: secretariat?.pendingReviews.total ?? 0,
        pendingDueDateChanges: secretariat?.dueDateChanges.total ?? 0, releaseRequests: secretariat?.releaseRequests.total ?? 0,
        total: counts.total,
      });
      const { dueDateChanges, total, ...acted } = counts;
      expect(total).toBe(Object.values(acted as Record<string, number>).reduce((a, b) => a + b, 0));
    }
    const coord = await work(coordinator);
    expect(coord.counts).toMatchObject({ pendingDueDateChanges: 1, releaseRequests: 1, assignments: 0 });
  });
});

it('a reviewer or viewer has no groups', async () => {
  const body = await work(await server.as('viewer'));
  expect(body).toMatchObject({ officer: null, supervisor: null, secretariat: null, counts: { total: 0 } });
  expect(body.asOf).toBe(today);
});

it('counts days as of the clock the API was given, not the database\'s now()', async () => {
  const clock = server.app.get(Clock);
  const real = clock.now;
  clock.now = () => new Date('2031-03-01T04:00:00Z');
  try {
    expect((await work(await server.as('viewer'))).asOf).toBe('2031-03-01');
  } finally {
    clock.now = real;
  }
});

it('refuses anonymous callers with the error shape', async () => {
  const res = await server.get('/api/me/work');
  expect(res.status).toBe(401);
  expect(res.body.error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
});
