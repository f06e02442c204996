import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/**
 * Status lights over HTTP: each rule with its colour and words, a programme's own thresholds,
 * overrides, scope, and refusals that change nothing. Submissions are written with SQL (another
 * workflow owns them); 2024-Q3 is in the past, so "today" never moves the results.
 */
let db: TestDatabase;
let server: TestApi;
let coordinator: Client;
let g: Given;

const PERIOD = '2024-Q3';

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  coordinator = await server.as('coordinator');
  g = await given(db.url);

  const lt = await g.programme('lt');
  const sp = (code: string, o: { startYear?: number; endYear?: number } = {}) => g.subProject({ code, programmeId: lt, ...o });
  const fourMilestones = async (id: string, prefix: string) => {
    // Two of four due by 2024-09-30 (both accepted): planned 50 %.
    await g.milestone(id, { code: `${prefix}-m1`, seq: 1, due: '2023-12-31', status: 'accepted' });
    await g.milestone(id, { code: `${prefix}-m2`, seq: 2, due: '2024-06-30', status: 'accepted' });
    await g.milestone(id, { code: `${prefix}-m3`, seq: 3, due: '2025-06-30' });
    await g.milestone(id, { code: `${prefix}-m4`, seq: 4, due: '2026-12-31' });
  };

  const slipYellow = await sp('lt-slip-yellow');
  await fourMilestones(slipYellow, 'lt-sy');
  await g.submission({ subProjectId: slipYellow, period: PERIOD, status: 'accepted', progress: '37.50' });

  const slipRed = await sp('lt-slip-red');
  await fourMilestones(slipRed, 'lt-sr');
  await g.submission({ subProjectId: slipRed, period: PERIOD, status: 'accepted', progress: '25' });

  const overdueYellow = await sp('lt-overdue-yellow');
  await g.milestone(overdueYellow, { code: 'lt-oy-m1', seq: 1, due: '2024-09-15' });
  await g.milestone(overdueYellow, { code: 'lt-oy-m2', seq: 2, due: '2026-12-31' });
  await g.submission({ subProjectId: overdueYellow, period: PERIOD, status: 'accepted', progress: '50' });

  const overdueRed = await sp('lt-overdue-red');
  await g.milestone(overdueRed, { code: 'lt-or-m1', seq: 1, due: '2024-08-01' });
  await g.milestone(overdueRed, { code: 'lt-or-m2', seq: 2, due: '2026-12-31' });
  await g.submission({ subProjectId: overdueRed, period: PERIOD, status: 'accepted', progress: '50' });

  // 2024–2025 without milestones: planned at 2024-09-30 = 274 / 731 days = 37.5 %.
  const budgetRed = await sp('lt-budget-red', { startYear: 2024, endYear: 2025 });
  await g.budget(budgetRed, { year: 2024, allocated: '2.0000' });
  await g.submission({ subProjectId: budgetRed, period: PERIOD, status: 'accepted', progress: '40', budgetExecuted: '0.9000', budgetYear: 2024 });

  const budgetYellow = await sp('lt-budget-yellow', { startYear: 2024, endYear: 2025 });
  await g.budget(budgetYellow, { year: 2024, allocated: '1.5000', kind: 'existing' });
  await g.budget(budgetYellow, { year: 2024, allocated: '0.5000', kind: 'new' });
  await g.submission({ subProjectId: budgetYellow, period: PERIOD, status: 'accepted', progress: '40', budgetExecuted: '1.5000', budgetYear: 2024 });

  const budgetEarly = await sp('lt-budget-early', { startYear: 2024, endYear: 2025 });
  await g.budget(budgetEarly, { year: 2024, allocated: '2.0000' });
  await g.submission({ subProjectId: budgetEarly, period: '2024-Q2', status: 'accepted', progress: '20', budgetExecuted: '0.9000', budgetYear: 2024 });

  const unreported = await sp('lt-white-unreported');
  await g.submission({ subProjectId: unreported, period: '2024-Q2', status: 'accepted', progress: '40' });
  await g.submission({ subProjectId: unreported, period: PERIOD, status: 'draft', progress: '10' }); // never reached the secretariat

  await sp('lt-not-started', { startYear: 2025, endYear: 2026 });

  // 2023–2026 without milestones: planned at 2024-09-30 = 639 / 1461 days = 43.7 %.
  const green = await sp('lt-green');
  await g.submission({ subProjectId: green, period: PERIOD, status: 'accepted', progress: '45' });

  const unaccepted = await sp('lt-unaccepted');
  await fourMilestones(unaccepted, 'lt-ua');
  await g.submission({ subProjectId: unaccepted, period: PERIOD, status: 'returned', progress: '20' });

  // Returned and being revised (a draft again): it did reach the secretariat, so the period is reported.
  const revised = await sp('lt-revised');
  await g.submission({ subProjectId: revised, period: PERIOD, status: 'draft', progress: '45', submittedAt: '2024-09-20T02:00:00Z' });

  // Reported through a milestone due in the period (no period submission).
  const byMilestone = await sp('lt-milestone-report');
  const m1 = await g.milestone(byMilestone, { code: 'lt-mr-m1', seq: 1, due: '2024-08-15', status: 'accepted' });
  await g.milestone(byMilestone, { code: 'lt-mr-m2', seq: 2, due: '2025-12-31' });
  await g.submission({ subProjectId: byMilestone, milestoneId: m1, status: 'accepted', progress: '50' });
});

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

const lightOf = async (code: string, period = PERIOD, as: Client = coordinator) => {
  const res = await as.get(`/api/sub-projects/${code}/lights`);
  expect(res.status).toBe(200);
  return res.body.lights.find((l: any) => l.period === period);
};
const recompute = (body: Record<string, unknown>, as: Client = coordinator) => as.request('POST', '/api/lights/recompute', body);
const auditCount = async (action: string) => Number((await g.sql('SELECT count(*) AS n FROM audit_event WHERE action = $1', [action]))[0].n);
const fieldsOf = (body: any): string[] => body.error.details.fields.map((f: any) => f.field);

describe('computing the lights of a programme', () => {
  it('recomputes every sub-project and counts the colours; one audit event per changed light', async () => {
    const res = await recompute({ programme: 'lt', period: PERIOD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      programme: 'lt', subProject: null, period: PERIOD, total: 13, changed: 13, overridden: 0,
      counts: { green: 3, yellow: 3, red: 4, white: 3 },
    });
    expect(await auditCount('status_light.recompute')).toBe(13);
    expect(await g.sql(`SELECT count(*)::int AS n FROM status_light WHERE period = $1`, [PERIOD])).toEqual([{ n: 13 }]);

    const again = await recompute({ programme: 'lt', period: PERIOD });
    expect(again.body).toMatchObject({ total: 13, changed: 0 });
    expect(await auditCount('status_light.recompute')).toBe(13);
  });

  it('schedule slip: yellow from 10 pp, red from 20 pp, with the figures in both languages', async () => {
    const yellow = await lightOf('lt-slip-yellow');
    expect(yellow).toMatchObject({ colour: 'yellow', computedColour: 'yellow', overridden: null });
    expect(yellow.reasons).toEqual([{
      code: 'schedule_slip',
      zh: '進度落後 12.5 個百分點（預定 50%，實際 37.5%），達 10 個百分點即黃燈',
      en: 'Behind schedule by 12.5 pp (planned 50%, reported 37.5%); 10 pp or more is yellow',
    }]);
    expect(yellow.inputs).toMatchObject({
      planned: { percent: '50', basis: 'milestones', milestonesDue: 2, milestonesTotal: 4 }, progress: { percent: '37.5', status: 'accepted', period: PERIOD }, slipPp: '12.5',
    });

    const red = await lightOf('lt-slip-red');
    expect(red.colour).toBe('red');
    expect(red.reasons).toEqual([{
      code: 'schedule_slip', zh: '進度落後 25 個百分點（預定 50%，實際 25%），達 20 個百分點即紅燈', en: 'Behind schedule by 25 pp (planned 50%, reported 25%); 20 pp or more is red',
    }]);
  });

  it('uses an unaccepted figure only when nothing was accepted, and says so', async () => {
    const light = await lightOf('lt-unaccepted');
    expect(light.colour).toBe('red');
    expect(light.reasons[0].zh).toBe('進度落後 30 個百分點（預定 50%，實際 20%），達 20 個百分點即紅燈；實際進度取自 2024-Q3 尚未審定之填報');
    expect(light.reasons[0].en).toContain('the reported figure is from a 2024-Q3 submission not yet accepted');
  });

  it('overdue milestones: any is yellow, one more than 30 days overdue is red (counted to the period end)', async () => {
    const yellow = await lightOf('lt-overdue-yellow');
    expect(yellow).toMatchObject({ colour: 'yellow', reasons: [{ code: 'overdue_milestones', zh: '1 個查核點逾期未審定（最久逾期 15 天）', en: '1 milestone overdue and not accepted (the oldest by 15 days)' }] });
    expect(yellow.inputs.overdue).toEqual({ count: 1, oldestDays: 15, milestones: ['lt-oy-m1'] });
    const red = await lightOf('lt-overdue-red');
    expect(red).toMatchObject({ colour: 'red', reasons: [{ code: 'overdue_milestones', zh: '1 個查核點逾期未審定（最久逾期 60 天，超過 30 天即紅燈）' }] });
  });

  it('budget execution: below 50 % red, below 80 % yellow, from Q3 on', async () => {
    const red = await lightOf('lt-budget-red');
    expect(red.colour).toBe('red');
    expect(red.reasons).toEqual([{
      code: 'low_budget_execution',
      zh: '2024 年（民國 113 年）預算執行率 45.0%（執行 0.90 億元／分配 2.00 億元），低於 50%',
      en: 'Budget execution rate for 2024 is 45.0% (executed 0.90 of 2.00 億元 allocated), below 50%',
    }]);
    expect(red.inputs.planned).toMatchObject({ percent: '37.5', basis: 'elapsed' });
    const yellow = await lightOf('lt-budget-yellow');
    expect(yellow).toMatchObject({ colour: 'yellow', reasons: [{ code: 'low_budget_execution', zh: expect.stringContaining('執行率 75.0%（執行 1.50 億元／分配 2.00 億元），低於 80%') }] });

    // The same 45 % in Q2 means little yet: green.
    const q2 = await recompute({ subProject: 'lt-budget-early', period: '2024-Q2' });
    expect(q2.body).toMatchObject({ total: 1, counts: { green: 1, yellow: 0, red: 0, white: 0 } });
    const early = await lightOf('lt-budget-early', '2024-Q2');
    expect(early.reasons[0].code).toBe('on_track');
    expect(early.inputs.budget).toMatchObject({ ratePercent: '45.0', applies: false });
  });

  it('white when nothing reached the secretariat for the period (drafts do not count), listing what the other rules found', async () => {
    const unreported = await lightOf('lt-white-unreported');
    expect(unreported).toMatchObject({ colour: 'white', reasons: [{ code: 'not_reported', zh: '2024-Q3 未填報：沒有送達秘書室的填報', en: 'Nothing reported for 2024-Q3: no submission reached the secretariat' }] });
    const early = await lightOf('lt-budget-early');
    expect(early.colour).toBe('white');
    // Its last report (Q2: 20 %) is now 17.5 pp behind plan, and its 45 % execution counts from Q3.
    expect(early.reasons.map((r: any) => r.code)).toEqual(['not_reported', 'schedule_slip', 'low_budget_execution']);
    expect(early.reasons[1].zh).toBe('進度落後 17.5 個百分點（預定 37.5%，實際 20%），達 10 個百分點即黃燈');
  });

  it('white when the sub-project has not started', async () => {
    expect(await lightOf('lt-not-started')).toMatchObject({
      colour: 'white', reasons: [{ code: 'not_started', zh: '計畫尚未開始（民國 114 年起）', en: 'Not started yet (starts in 2025)' }],
    });
  });

  it('green otherwise, saying why', async () => {
    expect(await lightOf('lt-green')).toMatchObject({
      colour: 'green', reasons: [{ code: 'on_track', zh: '進度正常，各項規則均未觸發（預定 43.7%，實際 45%）', en: 'On track: no rule fired (planned 43.7%, reported 45%)' }],
    });
    // A returned submission being revised still reached the secretariat; its draft figure is not used.
    expect(await lightOf('lt-revised')).toMatchObject({ colour: 'green', inputs: { reported: true, progress: null }, reasons: [{ en: 'On track: no rule fired' }] });
    // Reported through a milestone due in the period.
    expect(await lightOf('lt-milestone-report')).toMatchObject({ colour: 'green', inputs: { reported: true, planned: { percent: '50' }, progress: { percent: '50', period: PERIOD } } });
  });

  it('defaults to the current quarter in Asia/Taipei', async () => {
    const today = await g.today();
    const current = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
    const res = await recompute({ subProject: 'lt-green' });
    expect(res.status).toBe(200);
    expect(res.body.period).toBe(current);
    expect((await lightOf('lt-green', current)).colour).toBe('white'); // nothing reported this quarter
  });

  it('refuses bad requests and changes nothing', async () => {
    const before = await g.snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'programme'],
      [{ period: PERIOD }, 'programme'],
      [{ programme: 'no-such-programme', period: PERIOD }, 'programme'],
      [{ subProject: 'no-such-sub-project', period: PERIOD }, 'subProject'],
      [{ programme: 'lt', subProject: 'aap2-sp-12', period: PERIOD }, 'subProject'],
      [{ programme: 'lt', period: '2024Q3' }, 'period'],
      [{ programme: 'lt', period: '2024-Q5' }, 'period'],
      [{ programme: 'lt', period: '2099-Q1' }, 'period'],
      [{ programme: 'lt', period: PERIOD, colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const res = await recompute(body);
      expect([res.status, body]).toEqual([400, body]);
      expect(fieldsOf(res.body)).toContain(field);
    }
    const ministry = await recompute({ programme: 'lt', period: PERIOD }, await server.as('moea-supervisor'));
    expect(ministry.status).toBe(403);
    expect(await g.snapshot()).toEqual(before);
  });
});

describe('a programme\'s own thresholds', () => {
  it('shows the defaults, and which the programme overrides', async () => {
    const res = await (await server.as('moda-officer')).get('/api/programmes/lt/light-rules');
    expect(res.status).toBe(200);
    expect(res.body.rules).toEqual({ slipYellowPp: 10, slipRedPp: 20, overdueRedDays: 30, budgetYellowBelowPct: 80, budgetRedBelowPct: 50, budgetFromQuarter: 3 });
    expect(res.body.overridden).toEqual([]);
    expect(res.body.keys.find((k: any) => k.key === 'slipRedPp')).toMatchObject({ value: 20, default: 20, overridden: false, integer: false });
    expect((await coordinator.get('/api/programmes/no-such/light-rules')).status).toBe(404);
  });

  it('refuses invalid rules naming the key, and changes nothing', async () => {
    const before = await g.snapshot();
    const cases: [unknown, string][] = [
      [{ rules: { slipYellowPp: 25 } }, 'rules.slipYellowPp'],
      [{ rules: { slipYellowPp: 30, slipRedPp: 20 } }, 'rules.slipRedPp'],
      [{ rules: { budgetRedBelowPct: 90 } }, 'rules.budgetRedBelowPct'],
      [{ rules: { overdueRedDays: 'thirty' } }, 'rules.overdueRedDays'],
      [{ rules: { overdueRedDays: 2.5 } }, 'rules.overdueRedDays'],
      [{ rules: { budgetFromQuarter: 0 } }, 'rules.budgetFromQuarter'],
      [{ rules: { slipYellowPp: -1 } }, 'rules.slipYellowPp'],
      [{ rules: { greenAbovePct: 90 } }, 'rules.greenAbovePct'],
      [{ rules: 'strict' }, 'rules'],
      [{}, 'rules'],
      [{ rules: {}, version: 3 }, 'version'],
    ];
    for (const [body, field] of cases) {
      const res = await coordinator.request('PUT', '/api/programmes/lt/light-rules', body);
      expect([res.status, body]).toEqual([400, body]);
      expect(fieldsOf(res.body)).toContain(field);
    }
    const officer = await (await server.as('moea-officer')).request('PUT', '/api/programmes/lt/light-rules', { rules: { slipYellowPp: 15 } });
    expect(officer.status).toBe(403);
    expect((await coordinator.request('PUT', '/api/programmes/no-such/light-rules', { rules: {} })).status).toBe(404);
    expect(await g.snapshot()).toEqual(before);
  });

  it('changes the result once set, audited; an empty set restores the defaults', async () => {
    const put = await coordinator.request('PUT', '/api/programmes/lt/light-rules', { rules: { slipYellowPp: 15, slipRedPp: 30, overdueRedDays: 90, budgetFromQuarter: 4 } });
    expect(put.status).toBe(200);
    expect(put.body.overridden).toEqual(['slipYellowPp', 'slipRedPp', 'overdueRedDays', 'budgetFromQuarter']);
    expect(put.body.rules).toMatchObject({ slipYellowPp: 15, slipRedPp: 30, overdueRedDays: 90, budgetYellowBelowPct: 80, budgetFromQuarter: 4 });
    const [audit] = await g.sql(`SELECT a.before, a.after FROM audit_event a JOIN programme p ON p.id = a.entity_id WHERE a.action = 'programme.light_rules' AND p.code = 'lt'`);
    expect(audit).toEqual({ before: { lightRules: {} }, after: { lightRules: { slipYellowPp: 15, slipRedPp: 30, overdueRedDays: 90, budgetFromQuarter: 4 } } });

    const res = await recompute({ programme: 'lt', period: PERIOD });
    expect(res.body.counts).toEqual({ green: 6, yellow: 3, red: 1, white: 3 });
    expect((await lightOf('lt-slip-yellow')).colour).toBe('green');
    expect((await lightOf('lt-slip-red')).reasons[0].zh).toBe('進度落後 25 個百分點（預定 50%，實際 25%），達 15 個百分點即黃燈');
    expect((await lightOf('lt-overdue-red')).colour).toBe('yellow');
    expect((await lightOf('lt-budget-red')).colour).toBe('green');
    expect((await lightOf('lt-unaccepted')).colour).toBe('red');

    const reset = await coordinator.request('PUT', '/api/programmes/lt/light-rules', { rules: {} });
    expect(reset.body.overridden).toEqual([]);
    expect(await auditCount('programme.light_rules')).toBe(2);
    expect((await coordinator.request('PUT', '/api/programmes/lt/light-rules', { rules: {} })).status).toBe(200);
    expect(await auditCount('programme.light_rules')).toBe(2); // nothing changed, nothing recorded
    expect((await recompute({ programme: 'lt', period: PERIOD })).body.counts).toEqual({ green: 3, yellow: 3, red: 4, white: 3 });
  });
});

describe('overrides', () => {
  const path = `/api/sub-projects/lt-slip-yellow/lights/${PERIOD}/override`;

  it('refuses an override without a justification, a bad colour or period, or from a ministry, and changes nothing', async () => {
    const before = await g.snapshot();
    const cases: [string, unknown, string][] = [
      [path, { colour: 'green' }, 'justification'],
      [path, { colour: 'green', justification: '   ' }, 'justification'],
      [path, { colour: 'green', justification: 42 }, 'justification'],
      [path, { colour: 'blue', justification: '理由' }, 'colour'],
      [path, { justification: '理由' }, 'colour'],
      ['/api/sub-projects/lt-slip-yellow/lights/2024-Q5/override', { colour: 'green', justification: '理由' }, 'period'],
      ['/api/sub-projects/lt-slip-yellow/lights/2024Q3/override', { colour: 'green', justification: '理由' }, 'period'],
      ['/api/sub-projects/lt-slip-yellow/lights/2099-Q1/override', { colour: 'green', justification: '理由' }, 'period'],
    ];
    for (const [url, body, field] of cases) {
      const res = await coordinator.request('POST', url, body);
      expect([res.status, body]).toEqual([400, body]);
      expect(fieldsOf(res.body)).toContain(field);
    }
    expect((await (await server.as('moea-supervisor')).request('POST', path, { colour: 'green', justification: '理由' })).status).toBe(403);
    expect((await coordinator.request('POST', `/api/sub-projects/no-such/lights/${PERIOD}/override`, { colour: 'green', justification: '理由' })).status).toBe(404);
    expect((await coordinator.request('DELETE', path)).status).toBe(404); // nothing to remove yet
    expect(await g.snapshot()).toEqual(before);
  });

  it('shows as an override beside the computed light, survives a recompute, and can be removed; each step audited', async () => {
    const auditBefore = await auditCount('status_light.override');
    const res = await coordinator.request('POST', path, { colour: 'green', justification: '  已於 10 月追加人力，進度可望於下季補上  ' });
    expect(res.status).toBe(200);
    expect(res.body.light).toMatchObject({
      period: PERIOD, colour: 'green', computedColour: 'yellow', reasons: [{ code: 'schedule_slip' }],
      overridden: { colour: 'green', justification: '已於 10 月追加人力，進度可望於下季補上', by: { email: 'coordinator@demo.guankao.tw' } },
    });
    expect(await auditCount('status_light.override')).toBe(auditBefore + 1);
    const [outbox] = await g.sql(`SELECT payload FROM outbox_event WHERE topic = 'status_light.overridden'`);
    expect(outbox.payload).toEqual({ statusLightId: expect.any(String), subProjectId: expect.any(String), period: PERIOD, colour: 'green', justification: '已於 10 月追加人力，進度可望於下季補上' });

    const after = await recompute({ subProject: 'lt-slip-yellow', period: PERIOD });
    expect(after.body).toMatchObject({ counts: { yellow: 1 }, overridden: 1 });
    const shown = await lightOf('lt-slip-yellow', PERIOD, await server.as('moea-officer'));
    expect(shown).toMatchObject({ colour: 'green', computedColour: 'yellow', overridden: { colour: 'green' } });

    const removed = await coordinator.request('DELETE', path);
    expect(removed.status).toBe(200);
    expect(removed.body.light).toMatchObject({ colour: 'yellow', computedColour: 'yellow', overridden: null });
    expect(await auditCount('status_light.override_removed')).toBe(1);
    const snapshot = await g.snapshot();
    expect((await coordinator.request('DELETE', path)).status).toBe(404);
    expect(await g.snapshot()).toEqual(snapshot);
  });

  it('computes the light first when the period has none, so the computed light is never replaced', async () => {
    const res = await coordinator.request('POST', '/api/sub-projects/lt-green/lights/2024-Q1/override', { colour: 'red', justification: '實地查核發現進度不實' });
    expect(res.status).toBe(200);
    expect(res.body.light).toMatchObject({ colour: 'red', computedColour: 'white', reasons: [{ code: 'not_reported' }], overridden: { colour: 'red' } });
    const [row] = await g.sql(`SELECT l.computed_colour, l.override_colour FROM status_light l JOIN sub_project sp ON sp.id = l.sub_project_id WHERE sp.code = 'lt-green' AND l.period = '2024-Q1'`);
    expect(row).toEqual({ computed_colour: 'white', override_colour: 'red' });
  });
});

describe('scope', () => {
  it('a ministry reads its own sub-projects\' lights; another organisation\'s is 404, as a missing one', async () => {
    const moda = await server.as('moda-officer');
    const before = await g.snapshot();
    expect((await moda.get('/api/sub-projects/lt-slip-yellow/lights')).status).toBe(404);
    expect((await moda.get('/api/sub-projects/aap2-sp-12/lights')).status).toBe(404);
    expect((await moda.get('/api/sub-projects/no-such/lights')).status).toBe(404);
    expect(await g.snapshot()).toEqual(before);
    const moea = await (await server.as('moea-officer')).get('/api/sub-projects/lt-slip-yellow/lights');
    expect(moea.status).toBe(200);
    expect(moea.body.subProject).toEqual({ code: 'lt-slip-yellow', name: '細部計畫 lt-slip-yellow', lead: { code: 'moea', name: '經濟部' } });
    expect((await moda.get('/api/sub-projects/aap2-sp-05/lights')).body).toMatchObject({ subProject: { code: 'aap2-sp-05' }, lights: [] });
  });
});
