import { DataSource } from 'typeorm';
import { bootApi, type Client, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Programme setup over HTTP: a programme made from nothing (axes, categories, focus areas with their
 * organisations, key results with exact yearly targets), and 複製計畫 of a seeded programme: structure and
 * sub-projects carried over as drafts with nothing of the source's progress, the source untouched, all
 * or nothing. Programmes made here are test data (代碼 test-…).
 */
let db: TestDatabase;
let api: TestApi;
let ds: DataSource;
const as = {} as Record<DemoUser, Client>;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  for (const user of ['admin', 'coordinator', 'moea-officer', 'moda-officer', 'viewer'] as const) as[user] = await api.as(user);
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

/** Everything of one programme, row by row, without generated ids: a copy must leave its source exactly so. */
async function programmeDump(code: string): Promise<unknown> {
  const [{ id }] = await ds.query('SELECT id FROM programme WHERE code = $1', [code]);
  const q = (sql: string) => ds.query(sql, [id]);
  return {
    programme: await q('SELECT * FROM programme WHERE id = $1'),
    axes: await q('SELECT * FROM axis WHERE programme_id = $1 ORDER BY code'),
    categories: await q('SELECT c.* FROM axis_category c JOIN axis a ON a.id = c.axis_id WHERE a.programme_id = $1 ORDER BY c.code'),
    focusAreas: await q('SELECT f.* FROM focus_area f JOIN axis a ON a.id = f.axis_id WHERE a.programme_id = $1 ORDER BY f.code'),
    subProjects: await q('SELECT * FROM sub_project WHERE programme_id = $1 ORDER BY code'),
    milestones: await q('SELECT m.* FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.programme_id = $1 ORDER BY m.code'),
    indicators: await q('SELECT * FROM indicator WHERE programme_id = $1 ORDER BY code'),
    targets: await q('SELECT t.* FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id WHERE i.programme_id = $1 ORDER BY t.id'),
    submissions: await q('SELECT s.id FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id WHERE sp.programme_id = $1 ORDER BY s.id'),
    lights: await q('SELECT l.id FROM status_light l JOIN sub_project sp ON sp.id = l.sub_project_id WHERE sp.programme_id = $1 ORDER BY l.id'),
    assignments: await q('SELECT a.* FROM sub_project_assignment a JOIN sub_project sp ON sp.id = a.sub_project_id WHERE sp.programme_id = $1 ORDER BY a.id'),
  };
}

/** Row counts of every table a setup call writes, and of the audit trail. */
async function counts(): Promise<Record<string, number>> {
  const tables = ['programme', 'axis', 'axis_category', 'focus_area', 'focus_area_organisation', 'sub_project', 'sub_project_co_organiser', 'sub_project_axis',
    'sub_project_category_mark', 'indicator', 'indicator_organisation', 'indicator_target', 'milestone', 'audit_event'];
  const [row] = await ds.query(`SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::int AS ${t}`).join(', ')}`);
  return row;
}

describe('a programme set up from nothing', () => {
  it('is created with parent, period and oversight body, setting up', async () => {
    const res = await as.coordinator.request('POST', '/api/programme-setup/programmes', {
      code: 'test-prog', name: '測試行動計畫（測試資料）', parent: 'digi-plus', overseer: 'moda', startYear: 2027, endYear: 2030,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'test-prog', status: 'setting_up', parent: 'digi-plus', overseer: 'moda', startYear: 2027, endYear: 2030, axes: [], indicators: [], subProjects: [] });
    const [{ action }] = await ds.query(`SELECT action FROM audit_event WHERE action LIKE 'programme.%' ORDER BY id DESC LIMIT 1`);
    expect(action).toBe('programme.create');
  });

  it('gets an axis, a category column, a focus area with its organisations, and key results with exact yearly targets', async () => {
    const axis = await as.coordinator.request('POST', '/api/programme-setup/programmes/test-prog/axes', { name: '測試主軸一', goal: '測試目標' });
    expect(axis.status).toBe(201);
    const axisCode = axis.body.axes[0].code;
    expect(axisCode).toBe('test-prog-axis-1');
    expect((await as.coordinator.request('POST', `/api/programme-setup/axes/${axisCode}/categories`, { name: '研發' })).status).toBe(201);
    const fa = await as.coordinator.request('POST', `/api/programme-setup/axes/${axisCode}/focus-areas`, { name: '測試重點工作', organisations: ['moea', 'moda'] });
    expect(fa.status).toBe(201);
    expect(fa.body.axes[0]).toMatchObject({
      name: '測試主軸一', goal: '測試目標', categories: [{ name: '研發', seq: 1 }],
      focusAreas: [{ name: '測試重點工作', organisations: ['moea', 'moda'], responsibleText: '經濟部、數位部' }],
    });
    const targets = [
      { year: 2027, value: '12345678901.23' },
      { year: 2028, value: '-0.0001', comparator: 'gte' },
      { year: 2029, value: '9999999999999999.9999', comparator: 'approx', note: '約' },
      { year: null, value: '600' },
    ];
    const kr = await as.coordinator.request('POST', '/api/programme-setup/programmes/test-prog/indicators', { axis: axisCode, text: '測試關鍵成果', unit: '元', targets });
    expect(kr.status).toBe(201);
    expect(kr.body.indicators).toEqual([{
      code: 'test-prog-kr-1', axis: axisCode, seq: 1, text: '測試關鍵成果', unit: '元',
      targets: [
        { year: 2027, value: '12345678901.23', comparator: 'eq', note: null },
        { year: 2028, value: '-0.0001', comparator: 'gte', note: null },
        { year: 2029, value: '9999999999999999.9999', comparator: 'approx', note: '約' },
        { year: null, value: '600', comparator: 'eq', note: null },
      ],
    }]);
    const [stored] = await ds.query(`SELECT value::text FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id WHERE i.code = 'test-prog-kr-1' AND t.year = 2027`);
    expect(stored.value).toBe('12345678901.2300');
  });

  it('refuses floats, bad decimals and two targets in one year, writing nothing', async () => {
    for (const targets of [[{ year: 2027, value: 1.5 }], [{ year: 2027, value: '1e5' }], [{ year: 2027, value: '1.23456' }], [{ year: 2027, value: '1' }, { year: 2027, value: '2' }]]) {
      const before = await counts();
      const res = await as.coordinator.request('POST', '/api/programme-setup/programmes/test-prog/indicators', { text: '錯誤', targets });
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(await counts()).toEqual(before);
    }
  });

  it('edits the programme, an axis and a key result while it is set up', async () => {
    const p = await as.coordinator.request('PATCH', '/api/programme-setup/programmes/test-prog', { endYear: 2031, overseer: null });
    expect([p.status, p.body.endYear, p.body.overseer]).toEqual([200, 2031, null]);
    const a = await as.coordinator.request('PATCH', '/api/programme-setup/axes/test-prog-axis-1', { name: '測試主軸（改）' });
    expect(a.body.axes[0].name).toBe('測試主軸（改）');
    const k = await as.coordinator.request('PATCH', '/api/programme-setup/indicators/test-prog-kr-1', { targets: [{ year: 2030, value: '0.5' }] });
    expect(k.body.indicators[0].targets).toEqual([{ year: 2030, value: '0.5', comparator: 'eq', note: null }]);
    const bad = await as.coordinator.request('PATCH', '/api/programme-setup/programmes/test-prog', { startYear: 2032 });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses a code or a name in use', async () => {
    const before = await counts();
    const code = await as.coordinator.request('POST', '/api/programme-setup/programmes', { code: 'aap2', name: '另一個測試', startYear: 2027 });
    expect([code.status, code.body.error.code]).toEqual([409, 'CODE_TAKEN']);
    const name = await as.coordinator.request('POST', '/api/programme-setup/programmes', { name: '臺灣 AI 行動計畫', startYear: 2027 });
    expect([name.status, name.body.error.code]).toEqual([409, 'PROGRAMME_NAME_TAKEN']);
    expect(await counts()).toEqual(before);
  });

  it('never edits a seeded programme: 409 PROGRAMME_NOT_SETTING_UP, nothing changed', async () => {
    const before = await programmeDump('aap2');
    const [axis] = await ds.query(`SELECT a.code FROM axis a JOIN programme p ON p.id = a.programme_id WHERE p.code = 'aap2' ORDER BY seq LIMIT 1`);
    for (const [method, path, body] of [
      ['PATCH', '/api/programme-setup/programmes/aap2', { name: '改名' }],
      ['POST', '/api/programme-setup/programmes/aap2/axes', { name: '新主軸' }],
      ['PATCH', `/api/programme-setup/axes/${axis.code}`, { name: '改名' }],
      ['POST', `/api/programme-setup/axes/${axis.code}/categories`, { name: '新欄' }],
    ] as const) {
      const res = await as.coordinator.request(method, path, body);
      expect([res.status, res.body.error.code]).toEqual([409, 'PROGRAMME_NOT_SETTING_UP']);
    }
    expect(await programmeDump('aap2')).toEqual(before);
  });
});

describe('複製計畫: copying a seeded programme', () => {
  let sourceBefore: unknown;
  let source: { axes: number; subProjects: number; milestones: number };

  beforeAll(async () => {
    sourceBefore = await programmeDump('aap2018');
    [source] = await ds.query(`SELECT (SELECT count(*) FROM axis WHERE programme_id = p.id)::int AS axes,
        (SELECT count(*) FROM sub_project WHERE programme_id = p.id)::int AS "subProjects",
        (SELECT count(*) FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.programme_id = p.id)::int AS milestones
      FROM programme p WHERE code = 'aap2018'`);
    expect(source.subProjects).toBeGreaterThan(0);
    expect(source.milestones).toBeGreaterThan(0);
  });

  it('carries the structure and the sub-projects over as drafts, with no progress, and leaves the source as it was', async () => {
    const res = await as.coordinator.request('POST', '/api/programme-setup/programmes/aap2018/copy', { code: 'test-copy', name: '臺灣 AI 行動計畫（測試複製）', startYear: 2027, endYear: 2030 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'test-copy', status: 'setting_up', copiedFrom: 'aap2018', parent: 'digi-plus', startYear: 2027 });
    expect(res.body.notes[0]).toMatch(/^推定（非文件所載）.*\+9 年/);
    expect(res.body.axes).toHaveLength(source.axes);
    expect(res.body.subProjects).toHaveLength(source.subProjects);
    expect(new Set(res.body.subProjects.map((s: { status: string }) => s.status))).toEqual(new Set(['draft']));
    expect(res.body.subProjects.every((s: { code: string }) => s.code.startsWith('test-copy-'))).toBe(true);

    const copy = (await programmeDump('test-copy')) as Record<string, unknown[]>;
    expect(copy.milestones).toHaveLength(source.milestones);
    expect(copy.submissions).toEqual([]);
    expect(copy.lights).toEqual([]);
    expect(copy.assignments).toEqual([]);
    expect(copy.targets).toEqual([]);
    expect(new Set(copy.milestones.map((m: any) => m.status))).toEqual(new Set(['pending']));
    // Each milestone's due date moved by the 9 years between the programmes' first years.
    const [moved] = await ds.query(`SELECT count(*)::int AS n FROM milestone m JOIN milestone o ON 'test-copy' || substr(o.code, length('aap2018') + 1) = m.code
       WHERE m.due_date = (o.due_date + interval '9 years')::date AND m.fiscal_year = o.fiscal_year + 9`);
    expect(moved.n).toBe(source.milestones);
    expect(await programmeDump('aap2018')).toEqual(sourceBefore);
    const [audit] = await ds.query(`SELECT after FROM audit_event WHERE action = 'programme.copy' ORDER BY id DESC LIMIT 1`);
    expect(audit.after).toMatchObject({ copiedFrom: 'aap2018', yearOffset: 9, copied: { subProjects: source.subProjects, milestones: source.milestones } });
  });

  it('copies one year: the sub-projects running that year and that year\'s milestones only', async () => {
    const res = await as.coordinator.request('POST', '/api/programme-setup/programmes/aap2018/copy', { code: 'test-year', name: '測試單年度複製', startYear: 2027, fromYear: 2019 });
    expect(res.status).toBe(201);
    const years = await ds.query(`SELECT DISTINCT m.fiscal_year FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id JOIN programme p ON p.id = sp.programme_id WHERE p.code = 'test-year'`);
    expect(years).toEqual([{ fiscal_year: 2027 }]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id JOIN programme p ON p.id = sp.programme_id
       WHERE p.code = 'aap2018' AND COALESCE(m.fiscal_year, extract(year FROM m.due_date)::int) = 2019`);
    const [{ copied }] = await ds.query(`SELECT count(*)::int AS copied FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id JOIN programme p ON p.id = sp.programme_id WHERE p.code = 'test-year'`);
    expect(copied).toBe(n);
    expect(await programmeDump('aap2018')).toEqual(sourceBefore);
  });

  it('is all or nothing: a code clash half-way through (a sub-project) leaves nothing behind', async () => {
    // Test data: a sub-project already holding the code the copy of aap2018's first sub-project would take.
    const [first] = await ds.query(`SELECT sp.code FROM sub_project sp JOIN programme p ON p.id = sp.programme_id WHERE p.code = 'aap2018' ORDER BY sp.code LIMIT 1`);
    const clash = `test-clash${first.code.slice('aap2018'.length)}`;
    await ds.query(`INSERT INTO sub_project (code, programme_id, kind, name) SELECT $1, id, 'measure', '測試撞號' FROM programme WHERE code = 'test-prog'`, [clash]);
    const before = await counts();
    const res = await as.coordinator.request('POST', '/api/programme-setup/programmes/aap2018/copy', { code: 'test-clash', name: '測試撞號複製', startYear: 2027 });
    expect([res.status, res.body.error.code]).toEqual([409, 'CODE_TAKEN']);
    expect(await counts()).toEqual(before);
    expect(await ds.query(`SELECT code FROM programme WHERE code = 'test-clash'`)).toEqual([]);
    const name = await as.coordinator.request('POST', '/api/programme-setup/programmes/aap2018/copy', { code: 'test-other', name: '臺灣 AI 行動計畫（測試複製）', startYear: 2027 });
    expect([name.status, name.body.error.code]).toEqual([409, 'PROGRAMME_NAME_TAKEN']);
    expect(await counts()).toEqual(before);
    expect(await programmeDump('aap2018')).toEqual(sourceBefore);
  });

  it('refuses ministries and viewers (403), and a ministry sees no other ministry\'s draft copies (404)', async () => {
    const before = await counts();
    for (const user of ['moea-officer', 'moda-officer', 'viewer'] as const) {
      expect((await as[user].request('POST', '/api/programme-setup/programmes', { name: '無權', startYear: 2027 })).status).toBe(403);
      expect((await as[user].request('POST', '/api/programme-setup/programmes/aap2018/copy', { code: 'test-no', name: '無權', startYear: 2027 })).status).toBe(403);
      expect((await as[user].get('/api/programme-setup/programmes')).status).toBe(403);
      expect((await as[user].get('/api/programme-setup/programmes/test-copy')).status).toBe(403);
    }
    expect(await counts()).toEqual(before);
    const [moeaDraft] = await ds.query(`SELECT sp.code FROM sub_project sp JOIN programme p ON p.id = sp.programme_id JOIN organisation o ON o.id = sp.lead_organisation_id
       WHERE p.code = 'test-copy' AND o.code = 'moea' AND NOT EXISTS (SELECT 1 FROM sub_project_co_organiser c JOIN organisation co ON co.id = c.organisation_id WHERE c.sub_project_id = sp.id AND co.code = 'moda') LIMIT 1`);
    expect(moeaDraft).toBeDefined();
    expect((await as['moda-officer'].get(`/api/sub-projects/${moeaDraft.code}`)).status).toBe(404);
    expect((await as['moea-officer'].get(`/api/sub-projects/${moeaDraft.code}`)).status).toBe(200);
  });

  it('finishes setting up: the copy is in use and no longer edited here', async () => {
    const res = await as.admin.request('POST', '/api/programme-setup/programmes/test-year/finish');
    expect([res.status, res.body.status]).toEqual([200, 'active']);
    const again = await as.admin.request('POST', '/api/programme-setup/programmes/test-year/axes', { name: '太晚' });
    expect([again.status, again.body.error.code]).toEqual([409, 'PROGRAMME_NOT_SETTING_UP']);
  });
});
