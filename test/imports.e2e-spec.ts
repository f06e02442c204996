import ExcelJS from 'exceljs';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';
import { ImportsService } from '../libs/imports/imports.service.js';
import {
  big5, csvText, encryptedWorkbook, exceljsWorkbook, libreOfficeConvert, type RawCell, rawXlsx, type Row, zipBomb,
} from './fixtures/imports/files.js';

/**
 * Import from spreadsheets over HTTP: template, upload → preview → confirm, idempotent by key, every bad
 * file refused with its reason and nothing written, confirm all or nothing, only the coordinator imports.
 */
let db: TestDatabase;
let server: TestApi;
let coordinator: Client;
let officer: Client;
let g: Given;

const SP_HEADER = ['計畫代碼', '計畫名稱', '所屬方案', '主辦機關', '協辦機關', '主軸', '範疇標記', '起始年度', '結束年度', '計畫性質', '旗艦計畫'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function upload(kind: string, fileName: string, bytes: Buffer, client: Client = coordinator, contentType = 'application/octet-stream') {
  return client.request('POST', `/api/imports/${kind}/preview?fileName=${encodeURIComponent(fileName)}`, new Uint8Array(bytes), { 'content-type': contentType });
}
const rowsOf = async (id: string, filter = 'all') => (await coordinator.get(`/api/imports/sessions/${id}/rows?filter=${filter}&limit=500`)).body;
const confirm = (id: string) => coordinator.request('POST', `/api/imports/sessions/${id}/confirm`);

/** What an import may change: the rows of every table it writes. */
async function domainState() {
  return {
    subProjects: await g.sql(`SELECT code, name, programme_id, lead_organisation_id, start_year, end_year, continuity, is_flagship, version, updated_at FROM sub_project ORDER BY code`),
    coOrganisers: await g.sql(`SELECT sub_project_id, organisation_id, seq FROM sub_project_co_organiser ORDER BY 1, 2`),
    axes: await g.sql(`SELECT sub_project_id, axis_id FROM sub_project_axis ORDER BY 1, 2`),
    marks: await g.sql(`SELECT sub_project_id, category_id, mark FROM sub_project_category_mark ORDER BY 1, 2`),
    milestones: await g.sql(`SELECT code, seq, due_date::text, deliverable, version, updated_at FROM milestone ORDER BY code`),
    budget: await g.sql(`SELECT code, allocated::text, executed::text FROM budget_line ORDER BY code`),
    targets: await g.sql(`SELECT indicator_id, year, value::text, comparator, note FROM indicator_target ORDER BY 1, 2`),
  };
}

const SP_ROWS: Row[] = [
  SP_HEADER,
  ['imp-sp-01', '匯入測試計畫甲', 'aap2', '國科會', '數位部、經濟部', '1、3', 'aap2-axis-1-cat-1 √、aap2-axis-3-cat-3 △', '112', '115', '新增', '否'],
  ['imp-sp-02', '匯入測試計畫乙', 'aap2', '數位部', null, '2', null, 2024, 2026, '延續', '是'],
];

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  coordinator = await server.as('coordinator');
  officer = await server.as('moea-officer');
  g = await given(db.url);
});

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

describe('the template', () => {
  it('is an XLSX per kind with the zh-TW columns and an instructions sheet', async () => {
    const res = await fetch(`${server.baseUrl}/api/imports/sub-projects/template`, { headers: { authorization: `Bearer ${(await server.signedIn('coordinator')).token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['細部計畫', '說明']);
    expect((workbook.worksheets[0].getRow(1).values as unknown[]).slice(1, 5)).toEqual(['計畫代碼', '計畫名稱', '所屬方案', '主辦機關']);
    const help = JSON.stringify(workbook.worksheets[1].getSheetValues());
    expect(help).toContain('115/12/31');
    expect(help).toContain('2026-12-31');
  });
});

describe('sub-projects from an exceljs workbook', () => {
  let firstSession: string;

  it('previews every row as created, with nothing written yet', async () => {
    const before = await domainState();
    const res = await upload('sub-projects', '細部計畫.xlsx', await exceljsWorkbook('細部計畫', SP_ROWS));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'sub-projects', format: 'xlsx', sheetName: '細部計畫', status: 'previewed', summary: { rows: 2, create: 2, errors: 0 } });
    firstSession = res.body.id;
    const page = await rowsOf(firstSession);
    expect(page.items.map((r: any) => [r.row, r.key, r.action])).toEqual([[2, 'imp-sp-01', 'create'], [3, 'imp-sp-02', 'create']]);
    expect(await domainState()).toEqual(before);
  });

  it('confirms in one go, audited once with the counts', async () => {
    const res = await confirm(firstSession);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const [sp] = await g.sql(`SELECT sp.name, sp.start_year, sp.end_year, sp.continuity, sp.status, o.name AS lead,
        (SELECT array_agg(c.name ORDER BY co.seq) FROM sub_project_co_organiser co JOIN organisation c ON c.id = co.organisation_id WHERE co.sub_project_id = sp.id) AS co,
        (SELECT array_agg(a.code ORDER BY a.code) FROM sub_project_axis x JOIN axis a ON a.id = x.axis_id WHERE x.sub_project_id = sp.id) AS axes,
        (SELECT array_agg(c.code || ' ' || m.mark ORDER BY c.code) FROM sub_project_category_mark m JOIN axis_category c ON c.id = m.category_id WHERE m.sub_project_id = sp.id) AS marks
      FROM sub_project sp JOIN organisation o ON o.id = sp.lead_organisation_id WHERE sp.code = 'imp-sp-01'`);
    expect(sp).toEqual({
      name: '匯入測試計畫甲', start_year: 2023, end_year: 2026, continuity: 'new', status: 'draft', lead: '國科會', co: ['數位部', '經濟部'],
      axes: ['aap2-axis-1', 'aap2-axis-3'], marks: ['aap2-axis-1-cat-1 main', 'aap2-axis-3-cat-3 involved'],
    });
    const audit = await g.sql(`SELECT action, after FROM audit_event WHERE entity_type = 'import_session' AND entity_id = $1`, [firstSession]);
    expect(audit).toEqual([{ action: 'import.confirm', after: expect.objectContaining({ kind: 'sub-projects', created: 2, updated: 0, unchanged: 0, rows: 2 }) }]);
    expect((await confirm(firstSession)).body.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'alreadyConfirmed' } });
  });

  it('a second import of the same file: every row unchanged, and confirm changes nothing', async () => {
    const before = await domainState();
    const res = await upload('sub-projects', '細部計畫.xlsx', await exceljsWorkbook('細部計畫', SP_ROWS));
    expect(res.body.summary).toMatchObject({ rows: 2, create: 0, update: 0, unchanged: 2 });
    expect((await confirm(res.body.id)).body).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await domainState()).toEqual(before);
  });

  it('shows a change as old → new', async () => {
    const rows = SP_ROWS.map((r) => [...r]);
    rows[1][1] = '匯入測試計畫甲（修正）';
    rows[1][4] = '數位部';
    const res = await upload('sub-projects', 'changed.xlsx', await exceljsWorkbook('細部計畫', rows));
    expect(res.body.summary).toMatchObject({ update: 1, unchanged: 1 });
    const page = await rowsOf(res.body.id, 'update');
    expect(page.items[0].changes).toEqual([
      { field: 'name', old: '匯入測試計畫甲', new: '匯入測試計畫甲（修正）' },
      { field: 'coOrganisers', old: '數位部、經濟部', new: '數位部' },
    ]);
  });
});

describe('problems, each with its row, column, value and code', () => {
  it('reports twenty kinds of bad rows, and confirm is refused while any is left', async () => {
    await g.subProject({ code: 'imp-active', programmeId: (await g.sql(`SELECT id FROM programme WHERE code = 'aap2'`))[0].id, lead: 'moea', status: 'active' });
    const ok = (code: string): RawCell[] => [code, '測試', 'aap2', '國科會', null, '1', null, '112', '115', null, null];
    const rows: RawCell[][] = [
      SP_HEADER,
      ['imp-bad-01', null, 'aap2', '國科會', null, null, null, null, null, null, null], // 2 required name
      ['計畫 一', '測試', 'aap2', '國科會', null, null, null, null, null, null, null], // 3 badCode
      ['x'.repeat(65), '測試', 'aap2', '國科會', null, null, null, null, null, null, null], // 4 tooLong
      ['imp-bad-05', '測試', 'no-such-programme', '國科會', null, null, null, null, null, null, null], // 5 unknownProgramme
      ['imp-bad-06', '測試', 'aap2', '經濟部技術處', null, null, null, null, null, null, null], // 6 unknownOrganisation (lead)
      ['imp-bad-07', '測試', 'aap2', '國科會', '數位部、不存在的部', null, null, null, null, null, null], // 7 unknownOrganisation (co-organiser)
      ['imp-bad-08', '測試', 'aap2', '國科會', null, '9', null, null, null, null, null], // 8 unknownAxis
      ['imp-bad-09', '測試', 'aap2', '國科會', null, '1', '沒有這個範疇 √', null, null, null, null], // 9 unknownCategory
      ['imp-bad-10', '測試', 'aap2', '國科會', null, '1', 'aap2-axis-3-cat-3 √', null, null, null, null], // 10 categoryNotInAxes
      ['imp-bad-11', '測試', 'aap2', '國科會', null, '1', 'aap2-axis-1-cat-1 ?', null, null, null, null], // 11 badMark
      ['imp-bad-12', '測試', 'aap2', '國科會', null, null, null, 'abc', null, null, null], // 12 badYear
      ['imp-bad-13', '測試', 'aap2', '國科會', null, null, null, '115', '112', null, null], // 13 endBeforeStart
      ['imp-bad-14', '測試', 'aap2', '國科會', null, null, null, null, null, '其他', null], // 14 badChoice
      ['imp-bad-15', '測試', 'aap2', '國科會', null, null, null, null, null, null, '也許'], // 15 badBoolean
      ok('imp-bad-16'), // 16 fine …
      ok('imp-bad-16'), // 17 … duplicateKey
      ['imp-bad-18', '測試', 'aap2', '國科會', null, null, null, { e: '#N/A' }, null, null, null], // 18 errorCell
      ['imp-bad-19', '測試', 'aap2', '國科會', null, '1', 'aap2-axis-1-cat-1 √、aap2-axis-1-cat-1 △', null, null, null, null], // 19 duplicateMark
      ['imp-active', '測試', 'aap2', '數位部', null, null, null, null, null, null, null], // 20 leadChangeNeedsReassignment
      ['imp-bad-21', { f: 'CONCATENATE("測","試")', v: '測試', t: 'str' }, 'aap2', '科技部', null, null, null, null, null, null, null], // 21 warnings only
    ];
    const before = await domainState();
    const res = await upload('sub-projects', 'bad.xlsx', await rawXlsx(rows));
    expect(res.status).toBe(201);
    const page = await rowsOf(res.body.id, 'problems');
    const found = page.items.flatMap((r: any) => r.problems.map((p: any) => [p.row, p.column, p.code, p.severity]));
    expect(found).toEqual([
      [2, 'B', 'required', 'error'],
      [3, 'A', 'badCode', 'error'],
      [4, 'A', 'tooLong', 'error'],
      [5, 'C', 'unknownProgramme', 'error'],
      [6, 'D', 'unknownOrganisation', 'error'],
      [7, 'E', 'unknownOrganisation', 'error'],
      [8, 'F', 'unknownAxis', 'error'],
      [9, 'G', 'unknownCategory', 'error'],
      [10, 'G', 'categoryNotInAxes', 'error'],
      [11, 'G', 'badMark', 'error'],
      [12, 'H', 'badYear', 'error'],
      [13, 'I', 'endBeforeStart', 'error'],
      [14, 'J', 'badChoice', 'error'],
      [15, 'K', 'badBoolean', 'error'],
      [17, 'A', 'duplicateKey', 'error'],
      [18, 'H', 'errorCell', 'error'],
      [19, 'G', 'duplicateMark', 'error'],
      [20, 'D', 'leadChangeNeedsReassignment', 'error'],
      [21, 'B', 'formulaCachedValue', 'warning'],
      [21, 'D', 'formerOrganisationName', 'warning'],
    ]);
    const problem = (row: number) => page.items.find((r: any) => r.row === row).problems[0];
    expect(problem(6)).toMatchObject({ value: '經濟部技術處', params: { suggestions: expect.arrayContaining([{ name: '技術處', matched: '經濟部技術處' }]) } });
    expect(problem(17).params).toEqual({ firstRow: 16 });
    expect(problem(21)).toMatchObject({ value: '測試' });
    expect(page.items.find((r: any) => r.row === 21).action).toBe('create');
    expect(res.body.summary).toMatchObject({ rows: 20, invalid: 18, create: 2, errors: 18, warnings: 2 });
    const refused = await confirm(res.body.id);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toMatchObject({ reason: 'hasProblems' });
    expect(await domainState()).toEqual(before);
  });
});

describe('formats', () => {
  const MS_HEADER = ['計畫代碼', '查核點代碼', '序號', '年度', '預定完成日期', '查核點內容'];

  it('reads a Big5 CSV (as Excel in Taiwan saves it) and a UTF-8 CSV with a BOM the same way', async () => {
    const rows = [SP_HEADER, ['imp-csv-01', '大數據測試計畫', 'aap2', '數位部', '國科會', '2', null, '113', '115', '既有', '否']];
    const big5Res = await upload('sub-projects', 'big5.csv', big5(csvText(rows)));
    expect(big5Res.status).toBe(201);
    expect(big5Res.body).toMatchObject({ format: 'csv', encoding: 'big5', summary: { create: 1, errors: 0 } });
    const bomRes = await upload('sub-projects', 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(rows), 'utf8')]));
    expect(bomRes.body).toMatchObject({ format: 'csv', encoding: 'utf-8-bom', summary: { create: 1, errors: 0 } });
    const plain = await upload('sub-projects', 'plain.csv', Buffer.from(csvText(rows), 'utf8'));
    expect(plain.body).toMatchObject({ encoding: 'utf-8' });
    const records = async (id: string) => (await g.sql(`SELECT record FROM import_session_row WHERE session_id = $1`, [id]))[0].record;
    expect(await records(big5Res.body.id)).toEqual(await records(bomRes.body.id));
    expect((await records(big5Res.body.id)).name).toBe('大數據測試計畫');
  });

  it('reads ROC and AD dates, and date cells, all to the same day', async () => {
    await g.subProject({ code: 'imp-ms', programmeId: (await g.sql(`SELECT id FROM programme WHERE code = 'aap2'`))[0].id });
    const forms: Row[] = ['115/12/31', '115.12.31', '1151231', '2026-12-31', '2026/12/31', '民國115年12月31日', new Date(Date.UTC(2026, 11, 31))]
      .map((d, i) => ['imp-ms', null, i + 1, '115', d, `查核點 ${i + 1}`]);
    const res = await upload('milestones', 'dates.xlsx', await exceljsWorkbook('查核點', [MS_HEADER, ...forms, ['imp-ms', null, 9, '115', '115/02/30', '不存在的日期']]));
    expect(res.body.summary).toMatchObject({ create: 7, invalid: 1 });
    const page = await rowsOf(res.body.id);
    const records = await g.sql(`SELECT record->>'dueDate' AS due FROM import_session_row WHERE session_id = $1 AND action = 'create'`, [res.body.id]);
    expect(new Set(records.map((r) => r.due))).toEqual(new Set(['2026-12-31']));
    expect(page.items.at(-1).problems[0]).toMatchObject({ column: 'E', code: 'badDate', value: '115/02/30' });
  });

  it('keeps amounts exact: a cell\'s digits as the file writes them, never a double', async () => {
    await g.subProject({ code: 'imp-budget', programmeId: (await g.sql(`SELECT id FROM programme WHERE code = 'aap2'`))[0].id });
    const header: RawCell[] = ['計畫代碼', '年度', '預算類別', '核定數（億元）', '執行數（億元）'];
    const res = await upload('budget-lines', 'budget.xlsx', await rawXlsx([
      header,
      ['imp-budget', { n: '115' }, '既有', { n: '12345678.1234' }, { n: '0.30000000000000004' }],
      ['imp-budget', '116', '新增', '1,234.5', null],
      ['imp-budget', '117', '既有', '1.23456', null],
      ['imp-budget', '118', '既有', '-1', null],
      ['imp-budget', '119', '既有', '12345678901', null],
      ['imp-budget', '120', '既有', '一億', null],
    ], { sheetName: '預算' }));
    const page = await rowsOf(res.body.id);
    expect(page.items.map((r: any) => r.problems.map((p: any) => p.code))).toEqual([[], [], ['tooManyDecimals'], ['negativeAmount'], ['amountTooLarge'], ['badDecimal']]);
    const fixed = await upload('budget-lines', 'budget.xlsx', await rawXlsx([header,
      ['imp-budget', { n: '115' }, '既有', { n: '12345678.1234' }, { n: '0.30000000000000004' }], ['imp-budget', '116', '新增', '1,234.5', null]], { sheetName: '預算' }));
    expect((await confirm(fixed.body.id)).body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await g.sql(`SELECT fiscal_year, kind, allocated::text, executed::text FROM budget_line WHERE code LIKE 'aap2:imp-budget:%' ORDER BY fiscal_year`)).toEqual([
      { fiscal_year: 2026, kind: 'existing', allocated: '12345678.1234', executed: '0.3000' },
      { fiscal_year: 2027, kind: 'new', allocated: '1234.5000', executed: null },
    ]);
  });

  it('reads workbooks LibreOffice wrote (ODS and XLSX, converted from a CSV in the set-up)', async () => {
    const csv = Buffer.from(csvText([SP_HEADER, ['imp-lo-01', 'LibreOffice 測試計畫', 'aap2', '國科會', '數位部', '1', 'aap2-axis-1-cat-1 √', '112', '115', '既有', '否']]), 'utf8');
    const ods = libreOfficeConvert(csv, 'lo.csv', 'ods');
    const xlsx = libreOfficeConvert(csv, 'lo.csv', 'xlsx');
    const odsRes = await upload('sub-projects', 'lo.ods', ods);
    expect(odsRes.status).toBe(201);
    expect(odsRes.body).toMatchObject({ format: 'ods', summary: { create: 1, errors: 0 } });
    const xlsxRes = await upload('sub-projects', 'lo.xlsx', xlsx);
    expect(xlsxRes.body).toMatchObject({ format: 'xlsx', summary: { create: 1, errors: 0 } });
    const records = async (id: string) => (await g.sql(`SELECT record FROM import_session_row WHERE session_id = $1`, [id]))[0].record;
    expect(await records(odsRes.body.id)).toEqual(await records(xlsxRes.body.id));
    expect(await records(odsRes.body.id)).toMatchObject({ code: 'imp-lo-01', name: 'LibreOffice 測試計畫', startYear: 2023, endYear: 2026, coOrganisers: ['數位部'] });
  }, 180_000);
});

describe('bad files: a 4xx naming the reason, and nothing written', () => {
  const sessions = () => g.sql(`SELECT count(*)::int AS n FROM import_session`).then((r) => r[0].n);
  const refusals: [string, string, () => Promise<Buffer>, number, string][] = [
    ['a type not accepted', 'list.txt', async () => Buffer.from('計畫代碼\n'), 415, 'fileType'],
    ['a PDF named .xlsx', 'list.xlsx', async () => Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1'), 415, 'contentMismatch'],
    ['an XLSX named .csv', 'list.csv', () => exceljsWorkbook('細部計畫', SP_ROWS), 415, 'contentMismatch'],
    ['an XLSX named .ods', 'list.ods', () => exceljsWorkbook('細部計畫', SP_ROWS), 415, 'contentMismatch'],
    ['a macro-enabled name', 'list.xlsm', () => exceljsWorkbook('細部計畫', SP_ROWS), 415, 'macro'],
    ['a workbook carrying vbaProject.bin', 'list.xlsx', () => rawXlsx([SP_HEADER], { extra: [{ name: 'xl/vbaProject.bin', data: Buffer.alloc(64, 1) }] }), 415, 'macro'],
    ['a macro-enabled workbook named .xlsx', 'list.xlsx', () => rawXlsx([SP_HEADER], { macro: true }), 415, 'macro'],
    ['an encrypted workbook', 'list.xlsx', async () => encryptedWorkbook(), 415, 'encrypted'],
    ['a ZIP bomb', 'list.xlsx', () => zipBomb(300 * 1024 * 1024), 413, 'zipBomb'],
    ['a ZIP bomb lying about its size', 'list.xlsx', () => zipBomb(64 * 1024 * 1024, 1000), 413, 'zipBomb'],
    ['an empty sheet', 'list.xlsx', () => rawXlsx([]), 422, 'emptySheet'],
    ['an empty CSV', 'list.csv', async () => Buffer.from('\r\n\r\n'), 422, 'emptySheet'],
    ['a header without data', 'list.xlsx', () => rawXlsx([SP_HEADER]), 422, 'noDataRows'],
    ['a sheet without the required columns', 'list.csv', async () => Buffer.from('名稱,備註\n甲,乙\n'), 422, 'missingColumns'],
    ['10,001 columns', 'list.xlsx', () => rawXlsx([[...SP_HEADER, ...Array.from({ length: 10_001 - SP_HEADER.length }, (_, i) => `c${i}`)]]), 422, 'tooManyColumns'],
    ['10,001 columns of CSV', 'list.csv', async () => Buffer.from(`${'x,'.repeat(10_001)}\n`), 422, 'tooManyColumns'],
  ];

  it.each(refusals)('%s', async (_what, fileName, file, status, reason) => {
    const before = await sessions();
    const res = await upload('sub-projects', fileName, await file());
    expect(res.status).toBe(status);
    expect(res.body.error.details.reason).toBe(reason);
    expect(await sessions()).toBe(before);
  }, 60_000);

  it('refuses a file over 20 MB while it streams in', async () => {
    const before = await sessions();
    const big = Buffer.alloc(21 * 1024 * 1024, 0x41);
    const res = await upload('sub-projects', 'big.csv', big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { reason: 'fileSize' } });
    expect(await sessions()).toBe(before);
  });

  it('stops inflating a bomb at once: the reader never inflates beyond what the entry declared', async () => {
    const stats = { inflatedBytes: 0 };
    const { readSpreadsheet } = await import('../libs/imports/reading/read-spreadsheet.js');
    const { DEFAULT_READ_LIMITS } = await import('../libs/imports/reading/limits.js');
    const rss = process.memoryUsage().rss;
    await expect(readSpreadsheet(await zipBomb(64 * 1024 * 1024, 1000), 'bomb.xlsx', DEFAULT_READ_LIMITS, () => undefined, stats)).rejects.toMatchObject({ reason: 'zipBomb' });
    expect(stats.inflatedBytes).toBeLessThan(64 * 1024); // the entry's declared 1000 bytes and at most one inflate chunk, of 64 MB
    const honest = { inflatedBytes: 0 };
    await expect(readSpreadsheet(await zipBomb(300 * 1024 * 1024), 'bomb.xlsx', DEFAULT_READ_LIMITS, () => undefined, honest)).rejects.toMatchObject({ reason: 'zipBomb' });
    expect(honest.inflatedBytes).toBe(0);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);
});

describe('confirm', () => {
  it('writes all or nothing: a failure in the middle of the writes leaves nothing', async () => {
    const rows = [SP_HEADER, ['imp-aon-01', '全有全無甲', 'aap2', '國科會', '數位部', '1', null, null, null, null, null], ['imp-aon-02', '全有全無乙', 'aap2', '數位部', null, '2', null, null, null, null, null]];
    const res = await upload('sub-projects', 'aon.xlsx', await exceljsWorkbook('細部計畫', rows));
    const before = await domainState();
    const audits = await g.sql(`SELECT count(*)::int AS n FROM audit_event`);
    const service = server.app.get(ImportsService);
    let sawWrites = 0;
    service.afterApply = async (db) => {
      sawWrites = (await db.query(`SELECT count(*)::int AS n FROM sub_project WHERE code LIKE 'imp-aon-%'`))[0].n;
      throw new Error('injected failure after the writes');
    };
    try {
      expect((await confirm(res.body.id)).status).toBe(500);
    } finally {
      service.afterApply = null;
    }
    expect(sawWrites).toBe(2);
    expect(await domainState()).toEqual(before);
    expect(await g.sql(`SELECT count(*)::int AS n FROM audit_event`)).toEqual(audits);
    expect((await coordinator.get(`/api/imports/sessions/${res.body.id}`)).body.status).toBe('previewed');
    expect((await confirm(res.body.id)).body).toEqual({ created: 2, updated: 0, unchanged: 0 });
  });

  it('numbers a sub-project\'s milestones in file order across the planning batches, however the file interleaves them', async () => {
    // 3 × 500 rows, interleaved: the service plans about 1,000 rows per call, so a sub-project's rows would straddle
    // two calls if the batches were cut by row count; each call would then number its rows from 1 again.
    const aap2 = (await g.sql(`SELECT id FROM programme WHERE code = 'aap2'`))[0].id;
    const codes = ['imp-big-a', 'imp-big-b', 'imp-big-c'];
    for (const code of codes) await g.subProject({ code, programmeId: aap2 });
    const rows: (string | number | null)[][] = [['計畫代碼', '查核點代碼', '年度', '預定完成日期', '查核點內容']];
    for (let i = 1; i <= 500; i++) for (const code of codes) rows.push([code, `${code}-m${i}`, '115', '115/12/31', `第 ${i} 項`]);
    const res = await upload('milestones', 'many.csv', Buffer.from(csvText(rows)));
    expect(res.body.summary).toMatchObject({ rows: 1500, create: 1500, invalid: 0 });
    expect((await confirm(res.body.id)).body).toEqual({ created: 1500, updated: 0, unchanged: 0 });
    const stored = await g.sql(
      `SELECT sp.code AS sp, m.code, m.seq FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.code = ANY($1) ORDER BY sp.code, m.seq`, [codes],
    );
    for (const code of codes) {
      expect(stored.filter((m) => m.sp === code).map((m) => [m.code, m.seq])).toEqual(Array.from({ length: 500 }, (_, i) => [`${code}-m${i + 1}`, i + 1]));
    }
  });

  it('is refused when the database changed since the preview', async () => {
    const rows = [SP_HEADER, ['imp-stale-01', '過期預覽', 'aap2', '國科會', null, null, null, null, null, null, null]];
    const res = await upload('sub-projects', 'stale.xlsx', await exceljsWorkbook('細部計畫', rows));
    await g.subProject({ code: 'imp-stale-01', programmeId: (await g.sql(`SELECT id FROM programme WHERE code = 'aap2'`))[0].id, lead: 'nstc', name: '別人先建立的' });
    const refused = await confirm(res.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'changedSincePreview', rows: [{ row: 2, key: 'imp-stale-01', was: 'create', now: 'update' }] });
    expect((await g.sql(`SELECT name FROM sub_project WHERE code = 'imp-stale-01'`))[0].name).toBe('別人先建立的');
  });
});

describe('who may import', () => {
  it('a ministry officer cannot (403), nor read a coordinator\'s session', async () => {
    const file = await exceljsWorkbook('細部計畫', SP_ROWS);
    const res = await upload('sub-projects', 'x.xlsx', file, officer);
    expect(res.status).toBe(403);
    const mine = await upload('sub-projects', 'x.xlsx', file);
    expect((await officer.get(`/api/imports/sessions/${mine.body.id}`)).status).toBe(403);
    expect((await officer.request('POST', `/api/imports/sessions/${mine.body.id}/confirm`)).status).toBe(403);
    expect((await officer.get('/api/imports/sub-projects/template')).status).toBe(403);
  });

  it('another secretariat user does not see my session (404)', async () => {
    const admin = await server.as('admin');
    const mine = await upload('sub-projects', 'x.xlsx', await exceljsWorkbook('細部計畫', SP_ROWS));
    expect((await admin.get(`/api/imports/sessions/${mine.body.id}`)).status).toBe(404);
    expect((await admin.request('POST', `/api/imports/sessions/${mine.body.id}/confirm`)).status).toBe(404);
  });
});
