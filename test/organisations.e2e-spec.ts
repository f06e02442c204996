import { DataSource } from 'typeorm';
import { bootApi, type Client, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Organisations over HTTP: the administrator creates, renames (the former name kept with its dates)
 * and moves them; cycles and clashing names are refused with a code and leave nothing behind; only
 * the administrator may change them. Organisations made here are test data (代碼 test-…).
 */
let db: TestDatabase;
let api: TestApi;
let ds: DataSource;
const as = {} as Record<DemoUser, Client>;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  for (const user of ['admin', 'coordinator', 'moea-officer', 'viewer'] as const) as[user] = await api.as(user);
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

async function snapshot(): Promise<unknown> {
  return ds.query(`SELECT (SELECT count(*) FROM organisation)::int AS organisations, (SELECT count(*) FROM organisation_name)::int AS names,
                          (SELECT count(*) FROM audit_event)::int AS audit,
                          (SELECT json_agg(json_build_object('code', code, 'name', name, 'parent', parent_id) ORDER BY code) FROM organisation) AS rows`);
}

const auditActions = async (code: string): Promise<string[]> =>
  (await ds.query(`SELECT a.action FROM audit_event a JOIN organisation o ON o.id::text = a.entity_id::text WHERE o.code = $1 ORDER BY a.id`, [code]))
    .map((r: { action: string }) => r.action);

describe('create, rename, move', () => {
  it('creates an organisation under a parent, audited', async () => {
    const res = await as.admin.request('POST', '/api/organisations', { code: 'test-ministry', name: '測試部', fullName: '測試部（測試資料）', kind: 'ministry', parent: 'ey', since: '2020-01-01' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'test-ministry', name: '測試部', kind: 'ministry', parent: 'ey', nameWithHistory: '測試部' });
    expect(res.body.names).toEqual([{ name: '測試部', validFrom: '2020-01-01', validTo: null, source: null, note: null }]);
    const unit = await as.admin.request('POST', '/api/organisations', { code: 'test-unit', name: '測試司', kind: 'unit', parent: 'test-ministry' });
    expect(unit.status).toBe(201);
    expect(await auditActions('test-ministry')).toEqual(['organisation.create']);
  });

  it('renames it from a date: the former name ends the day before and is shown with its dates', async () => {
    const res = await as.admin.request('POST', '/api/organisations/test-ministry/rename', { name: '測試委員會', fullName: '國家測試委員會', effectiveDate: '2022-07-27', source: '測試資料' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('測試委員會');
    expect(res.body.fullName).toBe('國家測試委員會');
    expect(res.body.names).toEqual([
      { name: '測試部', validFrom: '2020-01-01', validTo: '2022-07-26', source: null, note: null },
      { name: '測試委員會', validFrom: '2022-07-27', validTo: null, source: '測試資料', note: null },
    ]);
    expect(res.body.nameWithHistory).toBe('測試委員會（原測試部，至 2022-07-26）');
    expect((await as.viewer.get('/api/organisations/test-ministry')).body.nameWithHistory).toBe('測試委員會（原測試部，至 2022-07-26）');
    expect(await auditActions('test-ministry')).toEqual(['organisation.create', 'organisation.rename']);
  });

  it('renames a seeded organisation whose names have no dates: the former name gets its last day', async () => {
    const res = await as.admin.request('POST', '/api/organisations/moda/rename', { name: '數位發展部（測試更名）', effectiveDate: '2030-01-01' });
    expect(res.status).toBe(200);
    const former = res.body.names.find((n: { name: string }) => n.name === '數位部');
    expect(former.validTo).toBe('2029-12-31');
    expect(res.body.nameWithHistory).toContain('原數位部，至 2029-12-31');
  });

  it('refuses a rename to the current name, a former name, or a date before the current name began', async () => {
    const cases: [unknown, number, string][] = [
      [{ name: '測試委員會', effectiveDate: '2023-01-01' }, 400, 'RENAME_DATE_INVALID'],
      [{ name: '測試部', effectiveDate: '2023-01-01' }, 409, 'ORGANISATION_NAME_TAKEN'],
      [{ name: '測試署', effectiveDate: '2022-07-27' }, 400, 'RENAME_DATE_INVALID'],
      [{ name: '測試署', effectiveDate: '2022-02-30' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const before = await snapshot();
      const res = await as.admin.request('POST', '/api/organisations/test-ministry/rename', body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('moves an organisation under another parent and refuses a cycle with 400 ORGANISATION_CYCLE', async () => {
    const moved = await as.admin.request('POST', '/api/organisations/test-unit/move', { parent: 'moea' });
    expect([moved.status, moved.body.parent]).toEqual([200, 'moea']);
    expect(await auditActions('test-unit')).toEqual(['organisation.create', 'organisation.move']);
    await as.admin.request('POST', '/api/organisations/test-unit/move', { parent: 'test-ministry' });
    for (const parent of ['test-ministry', 'test-unit']) {
      const before = await snapshot();
      const res = await as.admin.request('POST', '/api/organisations/test-ministry/move', { parent });
      expect([res.status, res.body.error.code]).toEqual([400, 'ORGANISATION_CYCLE']);
      expect(await snapshot()).toEqual(before);
    }
    const top = await as.admin.request('POST', '/api/organisations/test-ministry/move', { parent: null });
    expect([top.status, top.body.parent]).toEqual([200, null]);
  });

  it('refuses a name a sibling has, a code in use and an unknown parent', async () => {
    const cases: [unknown, number, string][] = [
      [{ name: '測試司', kind: 'unit', parent: 'test-ministry' }, 409, 'ORGANISATION_NAME_TAKEN'],
      [{ code: 'moea', name: '另一個', kind: 'ministry' }, 409, 'CODE_TAKEN'],
      [{ name: '孤兒', kind: 'unit', parent: 'no-such-org' }, 400, 'VALIDATION_FAILED'],
      [{ name: '種類錯', kind: 'planet' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const before = await snapshot();
      const res = await as.admin.request('POST', '/api/organisations', body);
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      expect(await snapshot()).toEqual(before);
    }
    // The same name under another parent is another organisation's (two 資訊處 may exist).
    expect((await as.admin.request('POST', '/api/organisations', { name: '測試司', kind: 'unit', parent: 'moea' })).status).toBe(201);
  });

  it('lets only the administrator change organisations (403), everyone read them', async () => {
    for (const user of ['coordinator', 'moea-officer', 'viewer'] as const) {
      const before = await snapshot();
      expect((await as[user].request('POST', '/api/organisations', { name: '無權', kind: 'unit' })).status).toBe(403);
      expect((await as[user].request('POST', '/api/organisations/test-unit/rename', { name: '無權', effectiveDate: '2031-01-01' })).status).toBe(403);
      expect((await as[user].request('POST', '/api/organisations/test-unit/move', { parent: null })).status).toBe(403);
      expect(await snapshot()).toEqual(before);
      expect((await as[user].get('/api/organisations')).status).toBe(200);
    }
    expect((await as.admin.request('POST', '/api/organisations/no-such/rename', { name: 'x', effectiveDate: '2031-01-01' })).status).toBe(404);
  });
});
