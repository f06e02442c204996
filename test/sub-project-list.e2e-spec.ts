import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/**
 * The sub-project list as the web app uses it: each item's light for a period (the current quarter
 * by default), the `light` filter, Chinese text search, keyset pages; and what the detail adds for the
 * screen (category names of the marks, indicator actuals, the current period).
 */
let db: TestDatabase;
let server: TestApi;
let coordinator: Client;
let moda: Client;
let g: Given;
let current: string;

const PAST = '2024-Q3';

function quarterOf(isoDate: string): string {
  return `${isoDate.slice(0, 4)}-Q${Math.ceil(Number(isoDate.slice(5, 7)) / 3)}`;
}

const codes = (body: { items: { code: string }[] }) => body.items.map((i) => i.code);

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  coordinator = await server.as('coordinator');
  moda = await server.as('moda-officer');
  g = await given(db.url);
  current = quarterOf(await g.today());

  const programme = await g.programme('lst');
  const sp = (code: string, lead = 'moea', name?: string) => g.subProject({ code, programmeId: programme, lead, name });
  const green = await sp('lst-green', 'moea', '半導體晶片設計人才培育');
  const red = await sp('lst-red');
  const overridden = await sp('lst-overridden', 'moda');
  await sp('lst-none', 'moea', 'AI 晶片應用推廣');
  await g.light(green, current, 'green');
  await g.light(red, current, 'red');
  await g.light(red, PAST, 'green');
  await g.light(overridden, current, 'red', { colour: 'yellow', justification: '已追加預算，下季可望回升' });
});

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

describe('lights in the sub-project list', () => {
  it('carries each item\'s light for the current quarter, with the override flag, and says which period', async () => {
    const res = await coordinator.get('/api/sub-projects?programme=lst');
    expect(res.status).toBe(200);
    expect(res.body.period).toBe(current);
    const byCode = Object.fromEntries(res.body.items.map((i: any) => [i.code, i.light]));
    expect(byCode).toEqual({
      'lst-green': { period: current, colour: 'green', overridden: false },
      'lst-none': null,
      'lst-overridden': { period: current, colour: 'yellow', overridden: true },
      'lst-red': { period: current, colour: 'red', overridden: false },
    });
  });

  it('filters by the light shown: the override counts, not the computed colour; none finds those without a light', async () => {
    const light = async (colour: string) => codes((await coordinator.get(`/api/sub-projects?programme=lst&light=${colour}`)).body);
    expect(await light('red')).toEqual(['lst-red']);
    expect(await light('yellow')).toEqual(['lst-overridden']);
    expect(await light('green')).toEqual(['lst-green']);
    expect(await light('white')).toEqual([]);
    expect(await light('none')).toEqual(['lst-none']);
  });

  it('reads another period when asked', async () => {
    const res = await coordinator.get(`/api/sub-projects?programme=lst&light=green&period=${PAST}`);
    expect(res.status).toBe(200);
    expect(res.body.period).toBe(PAST);
    expect(codes(res.body)).toEqual(['lst-red']);
    expect(res.body.items[0].light).toEqual({ period: PAST, colour: 'green', overridden: false });
  });

  it('keeps pages by code with the light filter, with no item twice or missing', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const res: any = await coordinator.get(`/api/sub-projects?programme=lst&light=none&limit=1${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...codes(res.body));
      after = res.body.nextCursor;
    } while (after);
    expect(seen).toEqual(['lst-none']);

    const pages: string[] = [];
    after = null;
    do {
      const res: any = await coordinator.get(`/api/sub-projects?programme=lst&limit=3${after ? `&after=${after}` : ''}`);
      pages.push(...codes(res.body));
      after = res.body.nextCursor;
    } while (after);
    expect(pages).toEqual(['lst-green', 'lst-none', 'lst-overridden', 'lst-red']);
  });

  it('stays within the caller\'s scope: moda sees only what moda takes part in, light filter or not', async () => {
    const res = await moda.get('/api/sub-projects?programme=lst');
    expect(codes(res.body)).toEqual(['lst-overridden']);
    const red = await moda.get('/api/sub-projects?programme=lst&light=red');
    expect(codes(red.body)).toEqual([]);
  });

  it('refuses a light or period it does not know, naming the field', async () => {
    const colour = await coordinator.get('/api/sub-projects?light=blue');
    expect(colour.status).toBe(400);
    expect(colour.body.error.code).toBe('VALIDATION_FAILED');
    expect(colour.body.error.details.fields[0].field).toBe('light');
    const period = await coordinator.get('/api/sub-projects?period=2024-Q5');
    expect(period.status).toBe(400);
    expect(period.body.error.details.fields[0].field).toBe('period');
    expect(period.body.error.requestId).toEqual(expect.any(String));
  });
});

describe('Chinese text search', () => {
  it('finds names by Chinese text, percent-encoded or raw UTF-8, combined with other filters', async () => {
    const encoded = await coordinator.get(`/api/sub-projects?programme=lst&q=${encodeURIComponent('晶片')}`);
    expect(encoded.status).toBe(200);
    expect(codes(encoded.body)).toEqual(['lst-green', 'lst-none']);
    const withLight = await coordinator.get(`/api/sub-projects?programme=lst&q=${encodeURIComponent('晶片')}&light=green`);
    expect(codes(withLight.body)).toEqual(['lst-green']);
    const raw = await fetch(`${server.baseUrl}/api/sub-projects?programme=lst&q=晶片`, { headers: { authorization: `Bearer ${(coordinator as any).token}` } });
    expect(raw.status).toBe(200);
    expect(codes(await raw.json())).toEqual(['lst-green', 'lst-none']);
  });
});

describe('what the detail screen reads', () => {
  it('gives the current period and the light for it, mark category names and the latest accepted indicator actual', async () => {
    const [sp] = await g.sql<{ id: string; programme_id: string }>(`SELECT id, programme_id FROM sub_project WHERE code = 'aap2-sp-01'`);
    const [indicator] = await g.sql<{ code: string }>(
      `INSERT INTO indicator (code, programme_id, sub_project_id, seq, text, unit) VALUES ('lst-kr-1', $1, $2, 1, '培育晶片設計人才', '人') RETURNING code`,
      [sp.programme_id, sp.id],
    );
    await g.sql(`INSERT INTO indicator (code, programme_id, sub_project_id, seq, text) VALUES ('lst-kr-2', $1, $2, 2, '未填報的指標')`, [sp.programme_id, sp.id]);
    const older = await g.submission({ subProjectId: sp.id, period: '2024-Q2', status: 'accepted', decidedAt: '2024-07-10T02:00:00Z' });
    const newer = await g.submission({ subProjectId: sp.id, period: '2024-Q3', status: 'accepted', decidedAt: '2024-10-10T02:00:00Z' });
    const draft = await g.submission({ subProjectId: sp.id, period: '2024-Q4', status: 'draft' });
    const set = (id: string, value: string) =>
      g.sql('UPDATE submission SET indicator_actuals = $2 WHERE id = $1', [id, JSON.stringify([{ indicator: indicator.code, value, note: null }])]);
    await set(older, '100');
    await set(newer, '250');
    await set(draft, '999');

    const res = await coordinator.get('/api/sub-projects/aap2-sp-01');
    expect(res.status).toBe(200);
    expect(res.body.currentPeriod).toBe(current);
    expect(res.body.callerPart).toBeNull();
    const moeaOfficer = await server.as('moea-officer');
    expect((await moeaOfficer.get('/api/sub-projects/lst-green')).body.callerPart).toBe('lead');
    expect((await moda.get('/api/sub-projects/lst-overridden')).body.callerPart).toBe('lead');
    await g.coOrganiser(await g.subProjectId('lst-green'), 'moda');
    expect((await moda.get('/api/sub-projects/lst-green')).body.callerPart).toBe('co_organiser');
    expect(res.body).toHaveProperty('light');
    const marks = res.body.axisLinks.flatMap((a: any) => a.marks);
    expect(marks.length).toBeGreaterThan(0);
    for (const m of marks) expect(m).toEqual({ category: expect.any(String), categoryName: expect.any(String), mark: expect.stringMatching(/^(main|involved)$/), symbol: expect.stringMatching(/^[√△]$/) });
    const actuals = Object.fromEntries(res.body.indicators.map((i: any) => [i.code, i.actual]));
    expect(actuals).toEqual({
      'lst-kr-1': { value: '250', note: null, period: '2024-Q3', acceptedAt: '2024-10-10T02:00:00.000Z' },
      'lst-kr-2': null,
    });
  });
});
