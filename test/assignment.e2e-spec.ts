import { DataSource } from 'typeorm';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi, type TestResponse } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Assignment of sub-projects and milestones, and due-date change requests, over HTTP: the
 * secretariat creates and assigns, the lead ministry acknowledges, reassignment keeps history,
 * due dates move only through approved requests; every refusal leaves the database as it was.
 */
let db: TestDatabase;
let api: TestApi;
let ds: DataSource;
const as = {} as Record<DemoUser, Client>;
const userId = {} as Record<DemoUser, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  for (const user of ['coordinator', 'admin', 'moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor', 'viewer'] as const) {
    as[user] = await api.as(user);
    [{ id: userId[user] }] = await ds.query('SELECT id FROM app_user WHERE email = $1', [DEMO_EMAIL[user]]);
  }
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

async function orgId(code: string): Promise<string> {
  const [row] = await ds.query('SELECT id FROM organisation WHERE code = $1', [code]);
  return row.id;
}

async function subProjectId(code: string): Promise<string> {
  const [row] = await ds.query('SELECT id FROM sub_project WHERE code = $1', [code]);
  return row.id;
}

/** Everything a refused call could have touched for one sub-project, plus the audit and outbox sizes. */
async function snapshot(code: string): Promise<unknown> {
  const [counts] = await ds.query(
    `SELECT (SELECT count(*) FROM audit_event)::int AS audit, (SELECT count(*) FROM outbox_event)::int AS outbox,
            (SELECT count(*) FROM sub_project)::int AS sub_projects, (SELECT count(*) FROM milestone)::int AS milestones,
            (SELECT count(*) FROM sub_project_assignment)::int AS assignments, (SELECT count(*) FROM due_date_change_request)::int AS change_requests`,
  );
  const [subProject] = await ds.query('SELECT * FROM sub_project WHERE code = $1', [code]);
  const id = subProject?.id ?? null;
  const [coOrganisers, axes, assignments, milestones, changeRequests] = await Promise.all([
    ds.query('SELECT * FROM sub_project_co_organiser WHERE sub_project_id = $1 ORDER BY seq', [id]),
    ds.query('SELECT * FROM sub_project_axis WHERE sub_project_id = $1 ORDER BY axis_id', [id]),
    ds.query('SELECT * FROM sub_project_assignment WHERE sub_project_id = $1 ORDER BY assigned_at, id', [id]),
    ds.query('SELECT * FROM milestone WHERE sub_project_id = $1 ORDER BY seq', [id]),
    ds.query('SELECT r.* FROM due_date_change_request r JOIN milestone m ON m.id = r.milestone_id WHERE m.sub_project_id = $1 ORDER BY r.requested_at, r.id', [id]),
  ]);
  return { counts, subProject, coOrganisers, axes, assignments, milestones, changeRequests };
}

/** Makes a call that must be refused, and checks that nothing changed for the sub-project, nor in audit and outbox. */
async function refused(code: string, call: () => Promise<TestResponse>, status: number, errorCode: string): Promise<TestResponse> {
  const before = await snapshot(code);
  const res = await call();
  expect([res.status, res.body?.error?.code]).toEqual([status, errorCode]);
  expect(await snapshot(code)).toEqual(before);
  return res;
}

const fields = (res: TestResponse): string[] => (res.body.error.details?.fields ?? []).map((f: { field: string }) => f.field);

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await ds.query('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id', [entityId]);
  return rows.map((r: { action: string }) => r.action);
}

describe('the story: create, add milestones, assign, acknowledge, move a due date, reassign', () => {
  let code: string;
  let spId: string;
  let m1: string;
  let m1Id: string;

  it('a coordinator creates a 2.0 sub-project in draft, with a generated code', async () => {
    const res = await as.coordinator.request('POST', '/api/sub-projects', {
      programme: 'aap2', name: '生成式 AI 晶片設計人才培育', axes: ['aap2-axis-2', 'aap2-axis-1'], startYear: 2025, endYear: 2026,
      measures: '開設晶片設計課程', fullTermTarget: '培育 500 人',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'aap2-sp-32', status: 'draft', version: 1, lead: null, coOrganisers: [], kind: 'detailed', isFlagship: false,
      programme: { code: 'aap2' }, period: { start: { ad: 2025, roc: 114 }, end: { ad: 2026, roc: 115 } },
      measures: '開設晶片設計課程', fullTermTarget: '培育 500 人', milestones: [],
    });
    expect(res.body.axes.map((a: { code: string }) => a.code)).toEqual(['aap2-axis-1', 'aap2-axis-2']);
    code = res.body.code;
    spId = await subProjectId(code);
    expect((await as.coordinator.get(`/api/sub-projects?programme=aap2&status=draft`)).body.items.map((i: { code: string }) => i.code)).toContain(code);
  });

  it('a coordinator edits it; a stale version is refused', async () => {
    const res = await as.coordinator.request('PATCH', `/api/sub-projects/${code}`, { version: 1, name: '生成式 AI 晶片設計人才培育計畫', isFlagship: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '生成式 AI 晶片設計人才培育計畫', isFlagship: true, version: 2 });
    await refused(code, () => as.coordinator.request('PATCH', `/api/sub-projects/${code}`, { version: 1, name: 'lost update' }), 409, 'STALE_VERSION');
    const backwards = await refused(code, () => as.coordinator.request('PATCH', `/api/sub-projects/${code}`, { version: 2, endYear: 2024 }), 400, 'VALIDATION_FAILED');
    expect(fields(backwards)).toEqual(['endYear']);
  });

  it('a coordinator adds milestones, numbered after the sub-project, with dates in AD and ROC', async () => {
    const first = await as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: '完成課程規劃', dueDate: '2025-12-31' });
    const second = await as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: '培訓 500 人次', dueDate: '2026-12-31', fiscalYear: 2026 });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body).toMatchObject({
      code: `${code}-m1`, seq: 1, status: 'pending', version: 1, fiscalYear: { ad: 2025, roc: 114 },
      dueDate: { ad: '2025-12-31', roc: '114/12/31' }, subProject: { code }, pendingChangeRequest: null,
    });
    expect(second.body).toMatchObject({ code: `${code}-m2`, seq: 2 });
    m1 = first.body.code;
    [{ id: m1Id }] = await ds.query('SELECT id FROM milestone WHERE code = $1', [m1]);
    const detail = await as.coordinator.get(`/api/sub-projects/${code}`);
    expect(detail.body.milestones.map((m: { code: string }) => m.code)).toEqual([`${code}-m1`, `${code}-m2`]);
  });

  it('a milestone\'s deliverable can be edited, its due date cannot (422)', async () => {
    const edited = await as.coordinator.request('PATCH', `/api/milestones/${m1}`, { version: 1, deliverable: '完成課程規劃與師資' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ deliverable: '完成課程規劃與師資', version: 2, dueDate: { ad: '2025-12-31' } });
    const res = await refused(code, () => as.coordinator.request('PATCH', `/api/milestones/${m1}`, { version: 2, dueDate: '2026-06-30' }), 422, 'UNPROCESSABLE');
    expect(res.body.error.message).toMatch(/change request/);
  });

  it('no ministry sees the draft: it answers as an unknown code', async () => {
    expect((await as['moea-officer'].get(`/api/sub-projects/${code}`)).status).toBe(404);
    expect((await as['moea-officer'].get(`/api/milestones/${m1}`)).status).toBe(404);
  });

  it('a coordinator assigns it to 經濟部 with 數位部 as co-organiser', async () => {
    const res = await as.coordinator.request('POST', `/api/sub-projects/${code}/assign`, { version: 2, lead: 'moea', coOrganisers: ['moda'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'assigned', version: 3, lead: { code: 'moea', name: '經濟部' }, coOrganisers: [{ code: 'moda', name: '數位部' }] });
    const rows = await ds.query('SELECT lead_organisation_id, co_organiser_ids, assigned_by, ended_at, acknowledged_at FROM sub_project_assignment WHERE sub_project_id = $1', [spId]);
    expect(rows).toEqual([{ lead_organisation_id: await orgId('moea'), co_organiser_ids: [await orgId('moda')], assigned_by: userId.coordinator, ended_at: null, acknowledged_at: null }]);
    const [audit] = await ds.query(`SELECT before, after, actor_user_id, request_id FROM audit_event WHERE entity_id = $1 AND action = 'sub_project.assign'`, [spId]);
    expect(audit.before).toMatchObject({ status: 'draft', lead: null, coOrganisers: [] });
    expect(audit.after).toMatchObject({ status: 'assigned', lead: 'moea', coOrganisers: ['moda'] });
    expect(audit.actor_user_id).toBe(userId.coordinator);
    expect(audit.request_id).toBeTruthy();
    const outbox = await ds.query(`SELECT payload FROM outbox_event WHERE topic = 'sub_project.assigned' AND aggregate_id = $1`, [spId]);
    expect(outbox).toEqual([{ payload: expect.objectContaining({ subProjectId: spId, organisationId: await orgId('moea') }) }]);
  });

  it('both ministries now read it; the co-organiser (數位部) cannot acknowledge', async () => {
    expect((await as['moea-officer'].get(`/api/sub-projects/${code}`)).status).toBe(200);
    expect((await as['moda-officer'].get(`/api/sub-projects/${code}`)).status).toBe(200);
    await refused(code, () => as['moda-officer'].request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 3 }), 403, 'FORBIDDEN');
    await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 3 }), 403, 'FORBIDDEN');
  });

  it('the 經濟部 officer acknowledges; a second acknowledgement is an invalid transition', async () => {
    await refused(code, () => as['moea-officer'].request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 2 }), 409, 'STALE_VERSION');
    const res = await as['moea-officer'].request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 3 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'acknowledged', version: 4 });
    const [row] = await ds.query('SELECT acknowledged_by, acknowledged_at FROM sub_project_assignment WHERE sub_project_id = $1 AND ended_at IS NULL', [spId]);
    expect(row.acknowledged_by).toBe(userId['moea-officer']);
    expect(row.acknowledged_at).toBeInstanceOf(Date);
    const outbox = await ds.query(`SELECT payload FROM outbox_event WHERE topic = 'sub_project.acknowledged' AND aggregate_id = $1`, [spId]);
    expect(outbox).toHaveLength(1);
    const twice = await refused(code, () => as['moea-officer'].request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 4 }), 409, 'INVALID_TRANSITION');
    expect(twice.body.error.details).toMatchObject({ transition: 'acknowledge', from: 'acknowledged' });
  });

  it('the lead asks to move a milestone\'s due date; the coordinator rejects it, with a reason', async () => {
    const request = await as['moea-officer'].request('POST', `/api/milestones/${m1}/due-date-changes`, { proposedDueDate: '2026-03-31', reason: '師資招募延後' });
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({
      milestone: m1, status: 'pending', previousDueDate: { ad: '2025-12-31', roc: '114/12/31' }, proposedDueDate: { ad: '2026-03-31', roc: '115/03/31' },
      reason: '師資招募延後', requestedBy: { email: DEMO_EMAIL['moea-officer'] }, decidedAt: null, version: 1,
    });
    const milestone = await as['moea-officer'].get(`/api/milestones/${m1}`);
    expect(milestone.body.pendingChangeRequest).toMatchObject({ id: request.body.id, status: 'pending' });

    const second = await refused(code, () => as['moea-supervisor'].request('POST', `/api/milestones/${m1}/due-date-changes`, { proposedDueDate: '2026-06-30', reason: '再延' }), 409, 'CONFLICT');
    expect(second.body.error.message).toMatch(/already has a due-date change request/);

    const noReason = await refused(code, () => as.coordinator.request('POST', `/api/due-date-changes/${request.body.id}/reject`, { version: 1 }), 400, 'VALIDATION_FAILED');
    expect(fields(noReason)).toEqual(['reason']);
    await refused(code, () => as.coordinator.request('POST', `/api/due-date-changes/${request.body.id}/reject`, { version: 1, reason: '   ' }), 400, 'VALIDATION_FAILED');

    const rejected = await as.coordinator.request('POST', `/api/due-date-changes/${request.body.id}/reject`, { version: 1, reason: '請依原訂期程辦理' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: '請依原訂期程辦理', decidedBy: { email: DEMO_EMAIL.coordinator }, version: 2 });
    const after = await as.coordinator.get(`/api/milestones/${m1}`);
    expect(after.body).toMatchObject({ dueDate: { ad: '2025-12-31' }, version: 2, pendingChangeRequest: null });
    await refused(code, () => as.coordinator.request('POST', `/api/due-date-changes/${request.body.id}/approve`, { version: 2 }), 409, 'INVALID_TRANSITION');
  });

  it('a new request is approved: the milestone takes the date, and keeps both requests', async () => {
    const request = await as['moea-supervisor'].request('POST', `/api/milestones/${m1}/due-date-changes`, { proposedDueDate: '2026-01-31', reason: '改為一個月後' });
    expect(request.status).toBe(201);
    await refused(code, () => as.coordinator.request('POST', `/api/due-date-changes/${request.body.id}/approve`, { version: 7 }), 409, 'STALE_VERSION');
    const approved = await as.coordinator.request('POST', `/api/due-date-changes/${request.body.id}/approve`, { version: 1 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', previousDueDate: { ad: '2025-12-31' }, proposedDueDate: { ad: '2026-01-31' }, decisionReason: null });

    const milestone = await as['moea-officer'].get(`/api/milestones/${m1}`);
    expect(milestone.body).toMatchObject({ dueDate: { ad: '2026-01-31', roc: '115/01/31' }, version: 3, pendingChangeRequest: null });
    const history = await as['moda-officer'].get(`/api/milestones/${m1}/due-date-changes`); // the co-organiser reads it too
    expect(history.status).toBe(200);
    expect(history.body.map((r: { status: string; proposedDueDate: { ad: string } }) => [r.status, r.proposedDueDate.ad])).toEqual([
      ['approved', '2026-01-31'], ['rejected', '2026-03-31'],
    ]);
    const [audit] = await ds.query(`SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'milestone.due_date'`, [m1Id]);
    expect(audit).toEqual({ before: { dueDate: '2025-12-31', version: 2 }, after: { dueDate: '2026-01-31', version: 3, changeRequestId: request.body.id } });
    const topics = await ds.query(`SELECT topic FROM outbox_event WHERE payload->>'milestoneId' = $1 ORDER BY id`, [m1Id]);
    expect(topics.map((t: { topic: string }) => t.topic)).toEqual(['due_date_change.requested', 'due_date_change.decided', 'due_date_change.requested', 'due_date_change.decided']);
  });

  it('reassignment needs a reason, and keeps the history: two rows, the first ended', async () => {
    const noReason = await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/assign`, { version: 4, lead: 'moda' }), 400, 'VALIDATION_FAILED');
    expect(fields(noReason)).toEqual(['reason']);
    const res = await as.coordinator.request('POST', `/api/sub-projects/${code}/assign`, { version: 4, lead: 'moda', reason: '業務移撥數位部' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'assigned', version: 5, lead: { code: 'moda' }, coOrganisers: [] });

    const history = await as['moda-officer'].get(`/api/sub-projects/${code}/assignments`);
    expect(history.status).toBe(200);
    expect(history.body).toHaveLength(2);
    const [now, before] = history.body;
    expect(now).toMatchObject({ current: true, lead: { code: 'moda' }, coOrganisers: [], reason: '業務移撥數位部', endedAt: null, acknowledgedAt: null, assignedBy: { email: DEMO_EMAIL.coordinator } });
    expect(before).toMatchObject({ current: false, lead: { code: 'moea' }, coOrganisers: [{ code: 'moda', name: '數位部' }], acknowledgedBy: { email: DEMO_EMAIL['moea-officer'] } });
    expect(before.endedAt).toEqual(expect.any(String));
    expect(before.acknowledgedAt).toEqual(expect.any(String));

    const [audit] = await ds.query(`SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'sub_project.reassign'`, [spId]);
    expect(audit.before).toMatchObject({ status: 'acknowledged', lead: 'moea', coOrganisers: ['moda'] });
    expect(audit.after).toMatchObject({ status: 'assigned', lead: 'moda', coOrganisers: [], reason: '業務移撥數位部' });
    // 經濟部 is no longer involved
    expect((await as['moea-officer'].get(`/api/sub-projects/${code}`)).status).toBe(404);
    expect((await as['moea-officer'].get(`/api/sub-projects/${code}/assignments`)).status).toBe(404);
    await refused(code, () => as['moea-officer'].request('POST', `/api/milestones/${m1}/due-date-changes`, { proposedDueDate: '2026-02-28', reason: 'x' }), 404, 'NOT_FOUND');
  });

  it('the audit trail shows each step, and coordinators can read it', async () => {
    expect(await auditActions(spId)).toEqual(['sub_project.create', 'sub_project.update', 'sub_project.assign', 'sub_project.acknowledge', 'sub_project.reassign']);
    expect(await auditActions(m1Id)).toEqual([
      'milestone.create', 'milestone.update', 'milestone.due_date_change.request', 'milestone.due_date_change.reject',
      'milestone.due_date_change.request', 'milestone.due_date_change.approve', 'milestone.due_date',
    ]);
    const trail = await as.coordinator.get(`/api/audit?entityType=sub_project&entityId=${spId}`);
    expect(trail.body.map((e: { action: string }) => e.action)).toEqual(await auditActions(spId));
    expect(trail.body[2].actor).toMatchObject({ email: DEMO_EMAIL.coordinator });
  });
});

describe('a sub-project loaded from the plan, already assigned', () => {
  const code = 'aap2-sp-12'; // 經濟部's AI on chip

  it('shows the plan\'s assignment before any workflow step, without writing it', async () => {
    const res = await as['moea-supervisor'].get(`/api/sub-projects/${code}/assignments`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([expect.objectContaining({ id: null, current: true, lead: { code: 'moea', name: '經濟部' }, assignedBy: null, endedAt: null })]);
    expect(await ds.query('SELECT 1 FROM sub_project_assignment WHERE sub_project_id = $1', [await subProjectId(code)])).toEqual([]);
    expect((await as['moda-supervisor'].get(`/api/sub-projects/${code}/assignments`)).status).toBe(404);
  });

  it('another ministry cannot acknowledge it; the 經濟部 supervisor does, which records the initial assignment', async () => {
    await refused(code, () => as['moda-supervisor'].request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 1 }), 404, 'NOT_FOUND');
    const res = await as['moea-supervisor'].request('POST', `/api/sub-projects/${code}/acknowledge`, { version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'acknowledged', version: 2, lead: { code: 'moea' } });
    const rows = await ds.query('SELECT assigned_by, acknowledged_by, ended_at FROM sub_project_assignment WHERE sub_project_id = $1', [await subProjectId(code)]);
    expect(rows).toEqual([{ assigned_by: null, acknowledged_by: userId['moea-supervisor'], ended_at: null }]);
    const history = await as['moea-officer'].get(`/api/sub-projects/${code}/assignments`);
    expect(history.body).toEqual([expect.objectContaining({ id: expect.any(String), assignedBy: null, acknowledgedBy: expect.objectContaining({ email: DEMO_EMAIL['moea-supervisor'] }) })]);
  });

  it('runs through activate, suspend, resume and close; suspend and close need a reason', async () => {
    const go = (transition: string, body: object) => as.admin.request('POST', `/api/sub-projects/${code}/${transition}`, body);
    expect((await go('activate', { version: 2 })).body).toMatchObject({ status: 'active', version: 3 });
    const noReason = await refused(code, () => go('suspend', { version: 3 }), 400, 'VALIDATION_FAILED');
    expect(fields(noReason)).toEqual(['reason']);
    expect((await go('suspend', { version: 3, reason: '預算凍結' })).body).toMatchObject({ status: 'suspended', version: 4 });
    await refused(code, () => go('activate', { version: 4 }), 409, 'INVALID_TRANSITION');
    expect((await go('resume', { version: 4 })).body).toMatchObject({ status: 'active', version: 5 });
    await refused(code, () => go('close', { version: 5, reason: '' }), 400, 'VALIDATION_FAILED');
    expect((await go('close', { version: 5, reason: '計畫期程結束' })).body).toMatchObject({ status: 'closed', version: 6 });
    // closed is final
    await refused(code, () => go('resume', { version: 6 }), 409, 'INVALID_TRANSITION');
    await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/assign`, { version: 6, lead: 'moda', reason: 'x' }), 409, 'INVALID_TRANSITION');
    await refused(code, () => as.coordinator.request('PATCH', `/api/sub-projects/${code}`, { version: 6, name: 'x' }), 409, 'CONFLICT');
    await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: 'x', dueDate: '2026-01-01' }), 409, 'CONFLICT');
    const id = await subProjectId(code);
    expect(await auditActions(id)).toEqual(['sub_project.acknowledge', 'sub_project.activate', 'sub_project.suspend', 'sub_project.resume', 'sub_project.close']);
    const [suspend] = await ds.query(`SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'sub_project.suspend'`, [id]);
    expect(suspend.after).toMatchObject({ status: 'suspended', reason: '預算凍結' });
  });

  it('reassigning a plan sub-project keeps the plan\'s assignment as the first row', async () => {
    const other = 'aap2-sp-13'; // 經濟部
    const res = await as.coordinator.request('POST', `/api/sub-projects/${other}/assign`, { version: 1, lead: 'nstc', coOrganisers: ['moea'], reason: '改由國科會主辦' });
    expect(res.status).toBe(200);
    const history = (await as['moea-officer'].get(`/api/sub-projects/${other}/assignments`)).body;
    expect(history.map((a: { lead: { code: string }; current: boolean; assignedBy: unknown }) => [a.lead.code, a.current, a.assignedBy === null])).toEqual([
      ['nstc', true, false], ['moea', false, true],
    ]);
  });
});

describe('refusals change nothing', () => {
  const code = 'aap2-sp-14'; // 經濟部, assigned, version 1

  it('a stale version', async () => {
    await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/assign`, { version: 9, lead: 'moda', reason: 'x' }), 409, 'STALE_VERSION');
  });

  it('invalid transitions: activate a draft, activate an assigned sub-project, suspend a draft', async () => {
    const draft = await as.coordinator.request('POST', '/api/sub-projects', { programme: 'aap2', name: '草案', axes: ['aap2-axis-3'] });
    expect(draft.status).toBe(201);
    const res = await refused(draft.body.code, () => as.coordinator.request('POST', `/api/sub-projects/${draft.body.code}/activate`, { version: 1 }), 409, 'INVALID_TRANSITION');
    expect(res.body.error.message).toMatch(/draft/);
    await refused(draft.body.code, () => as.coordinator.request('POST', `/api/sub-projects/${draft.body.code}/suspend`, { version: 1, reason: 'x' }), 409, 'INVALID_TRANSITION');
    await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/activate`, { version: 1 }), 409, 'INVALID_TRANSITION');
    // no ministry can acknowledge a draft either (it has no lead, so no ministry may know it: 404)
    await refused(draft.body.code, () => as['moea-officer'].request('POST', `/api/sub-projects/${draft.body.code}/acknowledge`, { version: 1 }), 404, 'NOT_FOUND');
  });

  it('malformed assignments name the field: unknown organisation, the lead as co-organiser, a bad list', async () => {
    const assign = (body: object) => () => as.coordinator.request('POST', `/api/sub-projects/${code}/assign`, { version: 1, reason: 'x', ...body });
    expect(fields(await refused(code, assign({ lead: 'no-such-ministry' }), 400, 'VALIDATION_FAILED'))).toEqual(['lead']);
    expect(fields(await refused(code, assign({ lead: 'moda', coOrganisers: ['moe', 'no-such-ministry'] }), 400, 'VALIDATION_FAILED'))).toEqual(['coOrganisers']);
    expect(fields(await refused(code, assign({ lead: 'moda', coOrganisers: ['moda'] }), 400, 'VALIDATION_FAILED'))).toEqual(['coOrganisers']);
    expect(fields(await refused(code, assign({ lead: 'moda', coOrganisers: 'moe' }), 400, 'VALIDATION_FAILED'))).toEqual(['coOrganisers']);
    expect(fields(await refused(code, assign({ lead: 'Not A Code!' }), 400, 'VALIDATION_FAILED'))).toEqual(['lead']);
    expect(fields(await refused(code, assign({ lead: 'moda', version: 'one' }), 400, 'VALIDATION_FAILED'))).toEqual(['version']);
    expect(fields(await refused(code, assign({ lead: 'moda', colour: 'red' }), 400, 'VALIDATION_FAILED'))).toEqual(['colour']);
    // reassigning to the same lead and co-organisers changes nothing, so it is refused
    await refused(code, assign({ lead: 'moea' }), 409, 'CONFLICT');
  });

  it('malformed creations name the field, and a taken code is a conflict', async () => {
    const create = (body: object) => () => as.coordinator.request('POST', '/api/sub-projects', { programme: 'aap2', name: '新計畫', axes: ['aap2-axis-1'], ...body });
    const none = 'aap2-sp-99';
    expect(fields(await refused(none, create({ programme: 'nope' }), 400, 'VALIDATION_FAILED'))).toEqual(['programme']);
    expect(fields(await refused(none, create({ axes: ['aap2018-axis-1'] }), 400, 'VALIDATION_FAILED'))).toEqual(['axes']);
    expect(fields(await refused(none, create({ axes: [] }), 400, 'VALIDATION_FAILED'))).toEqual(['axes']);
    expect(fields(await refused(none, create({ startYear: 2026, endYear: 2025 }), 400, 'VALIDATION_FAILED'))).toEqual(['endYear']);
    expect(fields(await refused(none, create({ name: ' ' }), 400, 'VALIDATION_FAILED'))).toEqual(['name']);
    expect(fields(await refused(none, create({ code: 'AAP2 SP' }), 400, 'VALIDATION_FAILED'))).toEqual(['code']);
    await refused(code, create({ code }), 409, 'CONFLICT');
    const given = await as.coordinator.request('POST', '/api/sub-projects', { programme: 'aap2', name: '自訂代碼', axes: ['aap2-axis-1'], code: 'aap2-custom-1' });
    expect([given.status, given.body.code]).toEqual([201, 'aap2-custom-1']);
  });

  it('malformed milestones and due-date requests name the field', async () => {
    expect(fields(await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: 'x', dueDate: '2025-02-30' }), 400, 'VALIDATION_FAILED'))).toEqual(['dueDate']);
    expect(fields(await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: 'x', dueDate: '31/12/2025' }), 400, 'VALIDATION_FAILED'))).toEqual(['dueDate']);
    expect(fields(await refused(code, () => as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { dueDate: '2025-12-31' }), 400, 'VALIDATION_FAILED'))).toEqual(['deliverable']);
    const created = await as.coordinator.request('POST', `/api/sub-projects/${code}/milestones`, { deliverable: '完成原型', dueDate: '2025-06-30' });
    expect(created.status).toBe(201);
    const milestone = created.body.code;
    const ask = (body: object, who: DemoUser = 'moea-officer') => () => as[who].request('POST', `/api/milestones/${milestone}/due-date-changes`, body);
    expect(fields(await refused(code, ask({ proposedDueDate: '2025-13-01', reason: 'x' }), 400, 'VALIDATION_FAILED'))).toEqual(['proposedDueDate']);
    expect(fields(await refused(code, ask({ proposedDueDate: '2025-09-30' }), 400, 'VALIDATION_FAILED'))).toEqual(['reason']);
    expect(fields(await refused(code, ask({ proposedDueDate: '2025-06-30', reason: '同日' }), 400, 'VALIDATION_FAILED'))).toEqual(['proposedDueDate']);
    // wrong organisation, and a role that does not request
    await refused(code, ask({ proposedDueDate: '2025-09-30', reason: 'x' }, 'moda-officer'), 404, 'NOT_FOUND');
    await refused(code, ask({ proposedDueDate: '2025-09-30', reason: 'x' }, 'coordinator'), 403, 'FORBIDDEN');
    expect((await as['moda-officer'].get(`/api/milestones/${milestone}`)).status).toBe(404);
    expect((await as['moda-officer'].get(`/api/milestones/${milestone}/due-date-changes`)).status).toBe(404);
    expect((await as.viewer.get(`/api/milestones/${milestone}`)).status).toBe(200);
    // a stale milestone edit, an accepted milestone
    await refused(code, () => as.coordinator.request('PATCH', `/api/milestones/${milestone}`, { version: 5, deliverable: 'y' }), 409, 'STALE_VERSION');
    await ds.query(`UPDATE milestone SET status = 'accepted' WHERE code = $1`, [milestone]);
    const accepted = await refused(code, ask({ proposedDueDate: '2025-09-30', reason: 'x' }), 409, 'CONFLICT');
    expect(accepted.body.error.message).toMatch(/accepted/);
  });

  it('missing things are 404, a malformed id is 400', async () => {
    expect((await as.coordinator.get('/api/milestones/no-such-milestone')).status).toBe(404);
    expect((await as.coordinator.get('/api/sub-projects/aap2-sp-99/assignments')).status).toBe(404);
    await refused(code, () => as.coordinator.request('POST', '/api/due-date-changes/00000000-0000-4000-8000-000000000000/approve', { version: 1 }), 404, 'NOT_FOUND');
    const bad = await refused(code, () => as.coordinator.request('POST', '/api/due-date-changes/not-a-uuid/approve', { version: 1 }), 400, 'VALIDATION_FAILED');
    expect(fields(bad)).toEqual(['id']);
    await refused(code, () => as.coordinator.request('POST', '/api/sub-projects/aap2-sp-99/assign', { version: 1, lead: 'moea' }), 404, 'NOT_FOUND');
  });

  it('roles: a ministry cannot assign, a viewer cannot create', async () => {
    await refused(code, () => as['moea-supervisor'].request('POST', `/api/sub-projects/${code}/assign`, { version: 1, lead: 'moda', reason: 'x' }), 403, 'FORBIDDEN');
    await refused(code, () => as.viewer.request('POST', '/api/sub-projects', { programme: 'aap2', name: 'x', axes: ['aap2-axis-1'] }), 403, 'FORBIDDEN');
  });
});
