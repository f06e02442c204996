import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** The read API over real HTTP: filters, keyset pagination, errors, the global guard, health and OpenAPI. */
let db: TestDatabase;
let server: TestApi;
let api: Client;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  api = await server.as('coordinator');
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

const codes = (body: { items: { code: string }[] }) => body.items.map((i) => i.code);

describe('sub-project list filters', () => {
  it('filters by programme and axis', async () => {
    const res = await api.get('/api/sub-projects?programme=aap2&axis=aap2-axis-5');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => i.name)).toEqual(['智慧農業躍升普及', '淨零排放-產業淨零碳排推動計畫 -冶金及熔煉業轉型分項'].map((n) => expect.stringContaining(n.split(' ')[0])));
  });

  it('filters by ministry as lead, as co-organiser, or either', async () => {
    const lead = await api.get('/api/sub-projects?programme=aap2018&ministry=moea&role=lead&kind=division&limit=200');
    const co = await api.get('/api/sub-projects?programme=aap2018&ministry=moea&role=co_organiser&limit=200');
    const any = await api.get('/api/sub-projects?programme=aap2018&ministry=moea&kind=division&limit=200');
    expect(lead.body.items.every((i: any) => i.lead.code.startsWith('moea'))).toBe(true);
    expect(co.body.items.length).toBeGreaterThan(0);
    expect(co.body.items.every((i: any) => i.coOrganisers.some((o: any) => o.code === 'moea'))).toBe(true);
    expect(co.body.items.some((i: any) => i.name.startsWith('AI 領航推動計畫'))).toBe(true);
    const expected = new Set([...codes(lead.body), ...codes(co.body).filter((c) => c.includes('-div-'))]);
    expect(new Set(codes(any.body))).toEqual(expected);
  });

  it('filters by year, in AD or ROC', async () => {
    const ad = await api.get('/api/sub-projects?programme=aap2&year=2026&limit=200');
    const roc = await api.get('/api/sub-projects?programme=aap2&rocYear=115&limit=200');
    expect(codes(roc.body)).toEqual(codes(ad.body));
    expect(ad.body.items.length).toBeGreaterThan(0);
    for (const item of ad.body.items) {
      expect(item.period.start.ad).toBeLessThanOrEqual(2026);
      if (item.period.end) expect(item.period.end.ad).toBeGreaterThanOrEqual(2026);
    }
    // 109-112 (AI on chip) ended before 2026
    expect(ad.body.items.some((i: any) => i.name.startsWith('AI on chip'))).toBe(false);
  });

  it('filters by status, kind, flagship and name text (LIKE wildcards are literal)', async () => {
    const assigned = await api.get('/api/sub-projects?status=assigned&limit=1');
    expect(assigned.body.items[0].status).toBe('assigned');
    const drafts = await api.get('/api/sub-projects?status=draft&limit=200');
    expect(drafts.body.items.every((i: any) => i.lead === null)).toBe(true);
    const chips = await api.get(`/api/sub-projects?programme=aap2&q=${encodeURIComponent('晶片')}`);
    expect(chips.body.items.length).toBeGreaterThanOrEqual(4);
    expect(chips.body.items.every((i: any) => i.name.includes('晶片'))).toBe(true);
    const percent = await api.get('/api/sub-projects?q=%25');
    expect(percent.body.items).toEqual([]);
  });
});

describe('keyset pagination', () => {
  it('walks every sub-project exactly once, in code order', async () => {
    const all = await api.get('/api/sub-projects?limit=200');
    expect(all.body.nextCursor).toBeNull();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res: any = await api.get(`/api/sub-projects?limit=7${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...codes(res.body));
      after = res.body.nextCursor;
      pages++;
    } while (after);
    expect(seen).toEqual(codes(all.body));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(seen.length / 7));
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await api.get('/api/sub-projects?after=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].field).toBe('after');
  });
});

describe('errors', () => {
  it.each([
    ['limit=0', 'limit', /at least 1/],
    ['limit=500', 'limit', /at most 200/],
    ['limit=ten', 'limit', /whole number/],
    ['year=twenty', 'year', /AD year/],
    ['status=finished', 'status', /one of draft/],
    ['role=boss', 'role', /one of lead/],
    ['flagship=maybe', 'flagship', /true or false/],
    ['programme=AAP2', 'programme', /lower-case/],
    ['programme=aap3', 'programme', /does not exist/],
    ['ministry=no-such-ministry', 'ministry', /does not exist/],
    ['colour=red', 'colour', /should not exist/],
    ['year=2024&rocYear=112', 'rocYear', /give one of them/],
  ])('%s is a 400 naming %s', async (query, field, message) => {
    const res = await api.get(`/api/sub-projects?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const problem = res.body.error.details.fields.find((f: any) => f.field === field);
    expect(problem.problems.join(' ')).toMatch(message);
    expect(res.body.error.requestId).toEqual(expect.any(String));
  });

  it('a missing sub-project or programme is a 404 naming it', async () => {
    const sp = await api.get('/api/sub-projects/aap2-sp-99');
    expect([sp.status, sp.body.error.code, sp.body.error.message]).toEqual([404, 'NOT_FOUND', 'sub-project "aap2-sp-99" was not found']);
    const p = await api.get('/api/programmes/nope/budget-summary');
    expect(p.status).toBe(404);
  });

  it('a method the API does not serve is a 404 in the one error format', async () => {
    const res = await api.request('POST', '/api/programmes', { code: 'x' });
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers with its own request id (also the x-request-id header), never one the caller chose', async () => {
    const res = await fetch(`${server.baseUrl}/api/sub-projects/nope-nope`, { headers: { 'x-request-id': 'trace-123' } });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await res.json()).error.requestId).toBe(id);
  });
});

describe('sub-project detail', () => {
  it('shows milestones, marks, budget and discrepancies with ROC and AD', async () => {
    const res = await api.get('/api/sub-projects/aap2-sp-01');
    expect(res.status).toBe(200);
    expect(res.body.axisLinks.map((a: any) => [a.code, a.source, a.marks.map((m: any) => m.symbol).join('')])).toEqual([
      ['aap2-axis-1', '001 表3', '√'],
      ['aap2-axis-2', '001 表4', '√'],
      ['aap2-axis-3', '001 表5', '√√'],
      ['aap2-axis-4', '001 表6', '√√√'],
    ]);
    const roadmap = await api.get('/api/sub-projects/aap2018-rm-1-01');
    expect(roadmap.body.milestones[0]).toMatchObject({ fiscalYear: { ad: 2018, roc: 107 }, dueDate: { ad: '2018-12-31', roc: '107/12/31' }, status: 'pending', overdue: true });
  });
});

describe('operations', () => {
  it('/health reports PostgreSQL and Redis', async () => {
    const res = await server.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', checks: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('serves OpenAPI as JSON and the docs page, covering every route', async () => {
    const json = await server.get('/api/docs/json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining([
      '/api/organisations', '/api/programmes', '/api/programmes/{code}', '/api/programmes/{code}/budget-summary',
      '/api/sub-projects', '/api/sub-projects/{code}', '/health', '/api/auth/login',
    ]));
    const params = json.body.paths['/api/sub-projects'].get.parameters.map((p: any) => p.name).sort();
    expect(params).toEqual(['after', 'axis', 'flagship', 'kind', 'light', 'limit', 'ministry', 'period', 'programme', 'q', 'rocYear', 'role', 'status', 'year']);
    const page = await server.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/html/);
  });
});
