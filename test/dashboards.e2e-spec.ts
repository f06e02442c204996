import { Clock } from '../libs/common/clock.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/**
 * The JSON dashboards over HTTP, on data written with SQL: portfolio counts and drill-down,
 * overdue milestones with keyset pagination, pending reviews with days waiting, and per-ministry
 * on-time and return rates; each narrowed to the caller's organisation.
 */
let db: TestDatabase;
let server: TestApi;
let coordinator: Client;
let g: Given;

const PERIOD = '2025-Q4';

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  coordinator = await server.as('coordinator');
  g = await given(db.url);

  // Portfolio, overdue milestones and pending reviews: programme "dash".
  const dash = await g.programme('dash');
  const axis1 = await g.axis(dash, 'dash-axis-1', 1, '人才');
  const axis2 = await g.axis(dash, 'dash-axis-2', 2, '產業');
  const sp = (code: string, lead: string | null, axes: string[]) => g.subProject({ code, programmeId: dash, lead, axes });
  const moea1 = await sp('d-moea-1', 'moea', [axis1]);
  const moea2 = await sp('d-moea-2', 'moea', [axis1, axis2]);
  const moea3 = await sp('d-moea-3', 'moea', [axis2]);
  const moea4 = await sp('d-moea-4', 'moea', []);
  const moda1 = await sp('d-moda-1', 'moda', [axis1]);
  const moda2 = await sp('d-moda-2', 'moda', [axis2]);
  const idb1 = await sp('d-idb-1', 'moea-idb', [axis2]);
  await sp('d-none', null, [axis1]);
  await g.light(moea1, PERIOD, 'red');
  await g.light(moea2, PERIOD, 'yellow');
  await g.light(moea3, PERIOD, 'green', { colour: 'yellow', justification: '主要設備延遲交貨' });
  await g.light(moda1, PERIOD, 'red');
  await g.light(moda2, PERIOD, 'green');
  await g.light(moda2, '2025-Q3', 'red'); // another period: not counted
  await g.light(idb1, PERIOD, 'red');
  // d-moea-4 and d-none have no light for the period: white.

  await g.milestone(moea1, { code: 'dash-m1', seq: 1, due: '2025-01-10' });
  await g.milestone(moea1, { code: 'dash-m2', seq: 2, due: '2025-03-01', status: 'accepted' });
  await g.milestone(moea1, { code: 'dash-m3', seq: 3, due: '2099-12-31' });
  await g.milestone(moda1, { code: 'dash-m4', seq: 1, due: '2025-02-01', status: 'submitted' });
  await g.milestone(moea2, { code: 'dash-m5', seq: 1, due: '2025-01-10' });
  await g.milestone(idb1, { code: 'dash-m6', seq: 1, due: '2024-12-31' });
  await g.milestone(moea4, { code: 'dash-m7', seq: 1, due: '2025-01-20' });

  const ago = async (days: number) => (await g.sql(`SELECT (now() - make_interval(days => $1))::text AS t`, [days]))[0].t;
  await g.submission({ subProjectId: moea1, period: '2025-Q1', status: 'submitted', progress: '10', submittedAt: await ago(10) });
  await g.submission({ subProjectId: moda1, period: '2025-Q2', status: 'submitted', progress: '10', submittedAt: await ago(4) });
  await g.submission({ subProjectId: moea2, period: '2025-Q3', status: 'submitted', progress: '10', submittedAt: await ago(1) });
  await g.submission({ subProjectId: moea3, period: '2025-Q3', status: 'accepted', progress: '10', submittedAt: await ago(30) });
  await g.submission({ subProjectId: moea4, period: '2025-Q3', status: 'draft', progress: '10' });

  // Ministry performance: programme "perf", year 2025.
  const perf = await g.programme('perf');
  const pMoea = await g.subProject({ code: 'p-moea', programmeId: perf, lead: 'moea' });
  const pModa = await g.subProject({ code: 'p-moda', programmeId: perf, lead: 'moda' });
  await g.subProject({ code: 'p-nstc', programmeId: perf, lead: 'nstc' });
  const milestoneSubmission = async (
    spId: string, code: string, seq: number, due: string, submittedAt: string | null, status: 'submitted' | 'accepted' | 'returned',
    reviews: [Parameters<Given['review']>[1], string][],
  ) => {
    const m = await g.milestone(spId, { code, seq, due, status: status === 'accepted' ? 'accepted' : 'submitted' });
    const s = await g.submission({ subProjectId: spId, milestoneId: m, status, progress: '50', submittedAt });
    for (const [action, at] of reviews) await g.review(s, action, at);
  };
  await milestoneSubmission(pMoea, 'pm-1', 1, '2025-03-31', '2025-03-20T02:00:00Z', 'accepted', [['approve', '2025-03-20T02:00:00Z'], ['accept', '2025-03-25T02:00:00Z']]);
  await milestoneSubmission(pMoea, 'pm-2', 2, '2025-06-30', '2025-07-05T02:00:00Z', 'accepted', [['approve', '2025-07-05T02:00:00Z'], ['accept', '2025-07-10T02:00:00Z']]);
  // First reached the secretariat on time, returned, resubmitted late: on time (submitted_at keeps the latest).
  await milestoneSubmission(pMoea, 'pm-3', 3, '2025-09-30', '2025-10-10T02:00:00Z', 'submitted', [
    ['approve', '2025-09-29T02:00:00Z'], ['return', '2025-10-01T02:00:00Z'], ['revise', '2025-10-05T02:00:00Z'], ['approve', '2025-10-10T02:00:00Z'],
  ]);
  await g.milestone(pMoea, { code: 'pm-4', seq: 4, due: '2025-12-31' }); // never submitted
  // 2025-05-31T16:30Z is 06-01 00:30 in Taipei: late.
  await milestoneSubmission(pMoea, 'pm-6', 6, '2025-05-31', '2025-05-31T16:30:00Z', 'submitted', [['approve', '2025-05-31T16:30:00Z']]);
  // Outside the window: neither its milestone nor its return counts.
  await milestoneSubmission(pMoea, 'pm-5', 5, '2024-06-30', '2024-06-20T02:00:00Z', 'returned', [['approve', '2024-06-20T02:00:00Z'], ['return', '2024-07-01T02:00:00Z']]);
  // 2025-04-30T15:00Z is 23:00 in Taipei on the due date: on time.
  await milestoneSubmission(pModa, 'pmd-1', 1, '2025-04-30', '2025-04-30T15:00:00Z', 'accepted', [['approve', '2025-04-30T15:00:00Z'], ['accept', '2025-05-02T02:00:00Z']]);
});

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

const fieldsOf = (body: any): string[] => body.error.details.fields.map((f: any) => f.field);
const counts = (red: number, yellow: number, green: number, white: number) => ({ red, yellow, green, white });

describe('portfolio', () => {
  it('counts lights (override, else computed; none ⇒ white) overall, per axis and per lead ministry', async () => {
    const res = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ programme: { code: 'dash' }, period: PERIOD, total: 8, counts: counts(3, 2, 1, 2), drillDown: null });
    expect(res.body.byAxis).toEqual([
      { axis: { code: 'dash-axis-1', name: '人才' }, total: 4, counts: counts(2, 1, 0, 1) },
      { axis: { code: 'dash-axis-2', name: '產業' }, total: 4, counts: counts(1, 2, 1, 0) },
    ]);
    expect(res.body.byMinistry).toEqual([
      { ministry: { code: 'moda', name: '數位部' }, total: 2, counts: counts(1, 0, 1, 0) },
      { ministry: { code: 'moea', name: '經濟部' }, total: 4, counts: counts(1, 2, 0, 1) },
      { ministry: { code: 'moea-idb', name: '工業局' }, total: 1, counts: counts(1, 0, 0, 0) },
      { ministry: null, total: 1, counts: counts(0, 0, 0, 1) },
    ]);
  });

  it('filters by ministry (its units included) and by axis', async () => {
    const moea = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&ministry=moea`);
    expect(moea.body).toMatchObject({ total: 5, counts: counts(2, 2, 0, 1) });
    const axis = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&axis=dash-axis-1`);
    expect(axis.body).toMatchObject({ total: 4, counts: counts(2, 1, 0, 1) });
    expect(axis.body.byAxis.map((a: any) => a.axis.code)).toEqual(['dash-axis-1']);
    const earlier = await coordinator.get('/api/dashboards/portfolio?programme=dash&period=2025-Q3');
    expect(earlier.body).toMatchObject({ total: 8, counts: counts(1, 0, 0, 7) });
  });

  it('drills down to the sub-projects showing a light, with reasons and overrides, page by page', async () => {
    const first = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&light=red&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.drillDown.items.map((i: any) => i.code)).toEqual(['d-idb-1', 'd-moda-1']);
    expect(first.body.drillDown.items[0]).toEqual({
      code: 'd-idb-1', name: '細部計畫 d-idb-1', lead: { code: 'moea-idb', name: '工業局' }, colour: 'red', computedColour: 'red', overridden: null,
      reasons: [{ code: 'test', zh: '測試燈號 red', en: 'test light red' }],
    });
    const second = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&light=red&limit=2&after=${first.body.drillDown.nextCursor}`);
    expect(second.body.drillDown).toMatchObject({ light: 'red', items: [{ code: 'd-moea-1' }], nextCursor: null });

    const yellow = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&light=yellow`);
    expect(yellow.body.drillDown.items.map((i: any) => [i.code, i.colour, i.computedColour, i.overridden])).toEqual([
      ['d-moea-2', 'yellow', 'yellow', null],
      ['d-moea-3', 'yellow', 'green', { colour: 'yellow', justification: '主要設備延遲交貨' }],
    ]);
    const white = await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&light=white`);
    expect(white.body.drillDown.items).toEqual([
      expect.objectContaining({ code: 'd-moea-4', computedColour: null, reasons: [expect.objectContaining({ code: 'not_computed' })] }),
      expect.objectContaining({ code: 'd-none', lead: null }),
    ]);
  });

  it('shows a ministry only its own organisation\'s sub-projects', async () => {
    const moda = await (await server.as('moda-officer')).get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}&light=red`);
    expect(moda.body).toMatchObject({ total: 2, counts: counts(1, 0, 1, 0) });
    // The answer says whose figures it counts, so the page can say so.
    expect(moda.body.scope).toEqual({ all: false, organisations: [{ code: 'moda', name: '數位部' }] });
    expect(moda.body.byMinistry.map((m: any) => m.ministry.code)).toEqual(['moda']);
    expect(moda.body.drillDown.items.map((i: any) => i.code)).toEqual(['d-moda-1']);
    const moea = await (await server.as('moea-supervisor')).get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}`);
    expect(moea.body.byMinistry.map((m: any) => m.ministry.code)).toEqual(['moea', 'moea-idb']);
    expect(moea.body.total).toBe(5);
    // Its own organisation, not each unit under it.
    expect(moea.body.scope).toEqual({ all: false, organisations: [{ code: 'moea', name: '經濟部' }] });
    expect((await coordinator.get(`/api/dashboards/portfolio?programme=dash&period=${PERIOD}`)).body.scope).toEqual({ all: true, organisations: [] });
  });

  it('defaults to the current quarter, and names a malformed or unknown filter', async () => {
    const today = await g.today();
    const res = await coordinator.get('/api/dashboards/portfolio?programme=dash');
    expect(res.body.period).toBe(`${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`);
    const cases: [string, string][] = [
      ['programme=no-such', 'programme'], ['axis=no-such', 'axis'], ['ministry=no-such', 'ministry'], ['period=2025-Q9', 'period'],
      ['period=2025Q4', 'period'], ['light=blue', 'light'], ['light=red&after=garbage', 'after'], ['limit=0', 'limit'], ['colour=red', 'colour'],
    ];
    for (const [q, field] of cases) {
      const bad = await coordinator.get(`/api/dashboards/portfolio?${q}`);
      expect([bad.status, q]).toEqual([400, q]);
      expect(fieldsOf(bad.body)).toContain(field);
    }
    expect((await server.get('/api/dashboards/portfolio')).status).toBe(401);
  });
});

describe('overdue milestones', () => {
  it('lists milestones past due and not accepted, oldest first, with days overdue, page by page', async () => {
    const [{ d1, d2, d3 }] = await g.sql(`SELECT (now() AT TIME ZONE 'Asia/Taipei')::date - date '2024-12-31' AS d1,
                                                 (now() AT TIME ZONE 'Asia/Taipei')::date - date '2025-01-10' AS d2,
                                                 (now() AT TIME ZONE 'Asia/Taipei')::date - date '2025-02-01' AS d3`);
    const seen: any[] = [];
    let after: string | null = null;
    do {
      const res: any = await coordinator.get(`/api/dashboards/overdue-milestones?programme=dash&limit=2${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      after = res.body.nextCursor;
    } while (after);
    expect(seen.map((i) => [i.milestone.code, i.daysOverdue])).toEqual([
      ['dash-m6', d1], ['dash-m1', d2], ['dash-m5', d2], ['dash-m7', d2 - 10], ['dash-m4', d3],
    ]);
    expect(seen[0]).toMatchObject({
      milestone: { code: 'dash-m6', dueDate: { ad: '2024-12-31', roc: '113/12/31' }, status: 'pending' },
      subProject: { code: 'd-idb-1', lead: { code: 'moea-idb', name: '工業局' } }, programme: { code: 'dash' },
    });
  });

  it('narrows to a ministry, and to the caller\'s organisation', async () => {
    const moea = await coordinator.get('/api/dashboards/overdue-milestones?programme=dash&ministry=moea');
    expect(moea.body.items.map((i: any) => i.milestone.code)).toEqual(['dash-m6', 'dash-m1', 'dash-m5', 'dash-m7']);
    const moda = await (await server.as('moda-officer')).get('/api/dashboards/overdue-milestones?programme=dash');
    expect(moda.body.items.map((i: any) => i.milestone.code)).toEqual(['dash-m4']);
    const seeded = await (await server.as('moda-officer')).get('/api/dashboards/overdue-milestones?limit=200');
    expect(seeded.body.items.every((i: any) => i.subProject.lead?.code === 'moda')).toBe(true);
    for (const q of ['after=garbage', 'limit=201', 'ministry=no-such']) {
      expect((await coordinator.get(`/api/dashboards/overdue-milestones?${q}`)).status).toBe(400);
    }
  });

  it('counts overdue as of the clock the API was given, not the database\'s now()', async () => {
    const clock = server.app.get(Clock);
    const real = clock.now;
    clock.now = () => new Date('2025-01-15T04:00:00Z'); // 2025-01-15 in Taipei
    try {
      const res = await coordinator.get('/api/dashboards/overdue-milestones?programme=dash');
      expect(res.body.asOf).toBe('2025-01-15');
      // Due 2024-12-31 and 2025-01-10 only; dash-m7 (01-20) and dash-m4 (02-01) are not due yet on that day.
      expect(res.body.items.map((i: any) => [i.milestone.code, i.daysOverdue])).toEqual([['dash-m6', 15], ['dash-m1', 5], ['dash-m5', 5]]);
    } finally {
      clock.now = real;
    }
  });
});

describe('pending reviews', () => {
  it('lists what waits for the secretariat, oldest first, with days waiting, the count, median and maximum', async () => {
    const res = await coordinator.get('/api/dashboards/pending-reviews?programme=dash&limit=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 3, medianDaysWaiting: '4.0', maxDaysWaiting: 10 });
    expect(res.body.items.map((i: any) => [i.subProject.code, i.period, i.daysWaiting])).toEqual([['d-moea-1', '2025-Q1', 10], ['d-moda-1', '2025-Q2', 4]]);
    const next = await coordinator.get(`/api/dashboards/pending-reviews?programme=dash&limit=2&after=${res.body.nextCursor}`);
    expect(next.body.items.map((i: any) => [i.subProject.code, i.daysWaiting])).toEqual([['d-moea-2', 1]]);
    expect(next.body.nextCursor).toBeNull();

    const everything = await (await server.as('viewer')).get('/api/dashboards/pending-reviews');
    expect(everything.status).toBe(200);
    expect(everything.body.count).toBe(5); // with perf's pm-3 and pm-6, waiting since 2025
    expect(everything.body.items[0].milestone).toMatchObject({ code: 'pm-6', dueDate: { ad: '2025-05-31' } });
  });

  it('is for the secretariat and viewers only', async () => {
    for (const user of ['moea-officer', 'moea-supervisor', 'reviewer'] as const) {
      expect((await (await server.as(user)).get('/api/dashboards/pending-reviews')).status).toBe(403);
    }
  });
});

describe('ministry performance', () => {
  it('gives each lead ministry its on-time and return rates, with the counts behind them', async () => {
    const res = await coordinator.get('/api/dashboards/ministry-performance?programme=perf&year=2025');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ programme: { code: 'perf' }, year: { ad: 2025, roc: 114 }, window: { from: '2025-01-01', to: '2025-12-31' } });
    expect(res.body.ministries).toEqual([
      { ministry: { code: 'moda', name: '數位部' }, milestonesDue: 1, onTime: 1, late: 0, notSubmitted: 0, onTimeRate: '100.0', accepts: 1, returns: 0, returnRate: '0.0' },
      { ministry: { code: 'moea', name: '經濟部' }, milestonesDue: 5, onTime: 2, late: 2, notSubmitted: 1, onTimeRate: '40.0', accepts: 2, returns: 1, returnRate: '33.3' },
      { ministry: { code: 'nstc', name: '國科會' }, milestonesDue: 0, onTime: 0, late: 0, notSubmitted: 0, onTimeRate: null, accepts: 0, returns: 0, returnRate: null },
    ]);
    const earlier = await coordinator.get('/api/dashboards/ministry-performance?programme=perf&year=2024');
    expect(earlier.body.ministries.find((m: any) => m.ministry.code === 'moea')).toMatchObject({ milestonesDue: 1, onTime: 1, returns: 1, accepts: 0, returnRate: '100.0' });
  });

  it('shows a ministry its own row only, and names a malformed filter', async () => {
    const moea = await (await server.as('moea-officer')).get('/api/dashboards/ministry-performance?programme=perf&year=2025');
    expect(moea.body.ministries.map((m: any) => m.ministry.code)).toEqual(['moea']);
    const moda = await (await server.as('moda-supervisor')).get('/api/dashboards/ministry-performance?programme=perf&year=2025');
    expect(moda.body.ministries.map((m: any) => m.ministry.code)).toEqual(['moda']);
    for (const [q, field] of [['year=twenty', 'year'], ['year=1800', 'year'], ['programme=no-such', 'programme']]) {
      const bad = await coordinator.get(`/api/dashboards/ministry-performance?${q}`);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toContain(field);
    }
  });

  it('defaults to the current year, counting up to today', async () => {
    const today = await g.today();
    const res = await coordinator.get('/api/dashboards/ministry-performance?programme=perf');
    expect(res.body.year.ad).toBe(Number(today.slice(0, 4)));
    expect(res.body.window).toEqual({ from: `${today.slice(0, 4)}-01-01`, to: today });
  });
});
