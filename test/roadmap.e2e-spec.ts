import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/**
 * GET /api/roadmap over HTTP on data written with SQL: the sub-project list's filters and scope, each sub-project's
 * milestones by due date with status, overdue and a pending due-date change; and the programme tree's key-result actuals,
 * narrowed to the caller's organisation like everything else.
 */
let db: TestDatabase;
let server: TestApi;
let coordinator: Client;
let g: Given;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  coordinator = await server.as('coordinator');
  g = await given(db.url);

  const road = await g.programme('road');
  const axis = await g.axis(road, 'road-axis-1', 1, '人才');
  const moea = await g.subProject({ code: 'road-moea-1', programmeId: road, lead: 'moea', axes: [axis], name: '晶片人才培育' });
  const shared = await g.subProject({ code: 'road-moea-2', programmeId: road, lead: 'moea', coOrganisers: ['moda'], name: '資料治理' });
  const moda = await g.subProject({ code: 'road-moda-1', programmeId: road, lead: 'moda', axes: [axis], name: '數位韌性' });
  await g.subProject({ code: 'road-nstc-1', programmeId: road, lead: 'nstc', name: '研究平台' });

  await g.milestone(moea, { code: 'road-m2', seq: 2, due: '2099-06-30', fiscalYear: 2099 });
  const overdue = await g.milestone(moea, { code: 'road-m1', seq: 1, due: '2025-01-10' });
  await g.milestone(moea, { code: 'road-m3', seq: 3, due: '2024-12-31', status: 'accepted' });
  await g.milestone(moda, { code: 'road-m4', seq: 1, due: '2025-03-31', status: 'submitted' });
  const [user] = await g.sql<{ id: string }>(`SELECT id FROM app_user ORDER BY email LIMIT 1`);
  await g.sql(
    `INSERT INTO due_date_change_request (milestone_id, previous_due_date, proposed_due_date, reason, status, requested_by)
     VALUES ($1, '2025-01-10', '2025-06-30', '設備延遲', 'pending', $2)`,
    [overdue, user.id],
  );

  // A programme key result, reported by two sub-projects in 2025 (the later report of the same year counts).
  const [indicator] = await g.sql<{ id: string }>(
    `INSERT INTO indicator (code, programme_id, seq, text, unit) VALUES ('road-kr-1', $1, 1, '每年培訓 AI 人才', '人次') RETURNING id`, [road],
  );
  await g.sql(`INSERT INTO indicator_target (indicator_id, year, value, comparator) VALUES ($1, 2025, 100, 'gt')`, [indicator.id]);
  const actual = async (spId: string, period: string, value: string) => {
    const s = await g.submission({ subProjectId: spId, period, status: 'accepted', progress: '50' });
    await g.sql(`UPDATE submission SET indicator_actuals = $2 WHERE id = $1`, [s, JSON.stringify([{ indicator: 'road-kr-1', value, note: null }])]);
  };
  await actual(moea, '2025-Q1', '5');
  await actual(moea, '2025-Q2', '20');
  await actual(moda, '2025-Q2', '12.5');
  await actual(shared, '2024-Q4', '7');
});

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

const codes = (body: any): string[] => body.items.map((i: any) => i.code);

describe('roadmap', () => {
  it('lists the sub-projects with their milestones by due date, overdue and pending change requests in the answer', async () => {
    const res = await coordinator.get('/api/roadmap?programme=road');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ programme: { code: 'road' }, programmePeriod: { start: { ad: 2020, roc: 109 } }, nextCursor: null });
    expect(codes(res.body)).toEqual(['road-moda-1', 'road-moea-1', 'road-moea-2', 'road-nstc-1']);
    const moea = res.body.items.find((i: any) => i.code === 'road-moea-1');
    expect(moea.lead).toEqual({ code: 'moea', name: '經濟部' });
    expect(moea.milestones.map((m: any) => [m.code, m.status, m.overdue])).toEqual([
      ['road-m3', 'accepted', false], ['road-m1', 'pending', true], ['road-m2', 'pending', false],
    ]);
    expect(moea.milestones[1]).toMatchObject({ dueDate: { ad: '2025-01-10', roc: '114/01/10' }, pendingChange: { proposedDueDate: { ad: '2025-06-30', roc: '114/06/30' } } });
    expect(moea.milestones[2]).toMatchObject({ fiscalYear: { ad: 2099, roc: 188 }, pendingChange: null });
    expect(res.body.items.find((i: any) => i.code === 'road-nstc-1').milestones).toEqual([]);
  });

  it('filters like the sub-project list, and pages by code', async () => {
    expect(codes((await coordinator.get('/api/roadmap?programme=road&axis=road-axis-1')).body)).toEqual(['road-moda-1', 'road-moea-1']);
    expect(codes((await coordinator.get('/api/roadmap?programme=road&ministry=moda&role=co_organiser')).body)).toEqual(['road-moea-2']);
    expect(codes((await coordinator.get(`/api/roadmap?programme=road&q=${encodeURIComponent('晶片')}`)).body)).toEqual(['road-moea-1']);
    const first = await coordinator.get('/api/roadmap?programme=road&limit=3');
    expect(codes(first.body)).toHaveLength(3);
    const second = await coordinator.get(`/api/roadmap?programme=road&limit=3&after=${first.body.nextCursor}`);
    expect(codes(second.body)).toEqual(['road-nstc-1']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('shows a ministry only what its organisation leads or co-organises', async () => {
    const moda = await (await server.as('moda-officer')).get('/api/roadmap?programme=road');
    expect(codes(moda.body)).toEqual(['road-moda-1', 'road-moea-2']);
    // Another ministry's sub-project is not found by any filter.
    const other = await (await server.as('moda-officer')).get(`/api/roadmap?programme=road&q=${encodeURIComponent('晶片')}`);
    expect(codes(other.body)).toEqual([]);
  });

  it('names a malformed or unknown filter', async () => {
    const unknown = await coordinator.get('/api/roadmap?programme=nope&axis=nope-axis');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields.map((f: any) => f.field)).toEqual(['programme', 'axis']);
    const limit = await coordinator.get('/api/roadmap?limit=501');
    expect(limit.status).toBe(400);
    expect(limit.body.error.details.fields.map((f: any) => f.field)).toEqual(['limit']);
    expect((await server.get('/api/roadmap')).status).toBe(401);
  });
});

describe('programme key results', () => {
  it('give each year\'s actuals: each sub-project\'s latest accepted value summed, scoped to the caller', async () => {
    const all = await coordinator.get('/api/programmes/road');
    expect(all.status).toBe(200);
    expect(all.body.keyResults).toEqual([
      expect.objectContaining({
        code: 'road-kr-1', unit: '人次',
        actuals: [{ year: { ad: 2024, roc: 113 }, value: '7', subProjects: 1 }, { year: { ad: 2025, roc: 114 }, value: '32.5', subProjects: 2 }],
      }),
    ]);
    const moda = await (await server.as('moda-officer')).get('/api/programmes/road');
    expect(moda.body.keyResults[0].actuals).toEqual([{ year: { ad: 2024, roc: 113 }, value: '7', subProjects: 1 }, { year: { ad: 2025, roc: 114 }, value: '12.5', subProjects: 1 }]);
    expect((await coordinator.get('/api/programmes/nope')).status).toBe(404);
  });
});
