import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseString } from '@fast-csv/parse';
import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { given, type Given } from './support/given.js';

/**
 * Exports of the lists (issue 12): CSV with BOM, XLSX and ODS, streamed page by page through the same
 * queries as the screens, so the same filters and scoping; read back with parsers the project did not
 * write (fast-csv, exceljs, LibreOffice).
 */
let db: TestDatabase;
let server: TestApi;
let g: Given;
let work: string;
const tokens: Record<string, string> = {};

async function download(user: string, pathAndQuery: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${server.baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${tokens[user]}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function csvRows(bytes: Buffer): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const rows: string[][] = [];
    parseString(bytes.toString('utf8').replace(/^\uFEFF/, ''))
      .on('data', (row: string[]) => rows.push(row))
      .on('error', reject)
      .on('end', () => resolve(rows));
  });
}

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  const sheet = workbook.worksheets[0];
  sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => {
    const value = row.getCell(i + 1).value;
    return value === null || value === undefined ? '' : String(value);
  })));
  return rows;
}

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  g = await given(db.url);
  work = mkdtempSync(path.join(tmpdir(), 'guankao-exports-'));
  for (const user of ['coordinator', 'moda-officer', 'moea-officer'] as const) tokens[user] = (await server.signedIn(user)).token;
  await g.user({ email: 'english.coordinator@test.guankao.tw', roles: ['coordinator'], locale: 'en', password: 'demo' });
  const english = await server.request('POST', '/api/auth/login', { email: 'english.coordinator@test.guankao.tw', password: 'guankao-demo' });
  tokens.english = english.body.accessToken;

  const programme = await g.programme('exp');
  const moea = await g.subProject({ code: 'exp-moea', programmeId: programme, lead: 'moea', name: '半導體晶片設計，「人才」培育' });
  const moda = await g.subProject({ code: 'exp-moda', programmeId: programme, lead: 'moda', name: '=HYPERLINK("http://evil.example","點我")' });
  await g.milestone(moea, { code: 'exp-moea-m1', seq: 1, due: '2020-03-31', deliverable: '完成第一階段' });
  await g.milestone(moda, { code: 'exp-moda-m1', seq: 1, due: '2020-06-30', deliverable: '數位部查核點' });
  // More milestones than one page (1,000) of the export, so the stream crosses page boundaries.
  await g.sql(
    `INSERT INTO milestone (code, sub_project_id, seq, due_date, deliverable, status)
     SELECT 'exp-moea-bulk-' || n, $1, n + 1, DATE '2030-01-01' + n, '批次查核點 ' || n, 'pending' FROM generate_series(1, 1204) AS n`,
    [moea],
  );

  const [secretariat] = await g.sql<{ id: string }>(`SELECT id FROM organisation WHERE kind <> 'ministry' ORDER BY code LIMIT 1`);
  const [meeting] = await g.sql<{ id: string }>(
    `INSERT INTO meeting (code, body_id, name, kind, held_on) VALUES ('exp-meeting', $1, '匯出測試會議', 'meeting', '2026-03-01') RETURNING id`, [secretariat.id],
  );
  const [resolution] = await g.sql<{ id: string }>(
    `INSERT INTO resolution (code, meeting_id, seq, text) VALUES ('exp-res-1', $1, 1, '請經濟部及數位發展部共同辦理') RETURNING id`, [meeting.id],
  );
  for (const org of ['moea', 'moda']) {
    await g.sql(`INSERT INTO resolution_assignment (resolution_id, organisation_id) SELECT $1, id FROM organisation WHERE code = $2`, [resolution.id, org]);
    await g.sql(
      `INSERT INTO resolution_follow_up (code, resolution_id, organisation_id, reported_on, text) SELECT $1, $2, id, '2026-04-01', $3 FROM organisation WHERE code = $4`,
      [`exp-fu-${org}`, resolution.id, `${org} 的辦理情形`, org],
    );
  }
});

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

describe('exports of lists', () => {
  it('writes the sub-project list as CSV that Excel reads as UTF-8 (BOM), with zh-TW headings and formulas neutralised', async () => {
    const res = await download('coordinator', '/api/exports/sub-projects?programme=exp&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('細部計畫_')}`);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = await csvRows(res.bytes);
    expect(rows[0].slice(0, 3)).toEqual(['計畫編號', '細部計畫名稱', '行動計畫']);
    const byCode = Object.fromEntries(rows.slice(1).map((r) => [r[0], r]));
    expect(Object.keys(byCode).sort()).toEqual(['exp-moda', 'exp-moea']);
    expect(byCode['exp-moea'][1]).toBe('半導體晶片設計，「人才」培育');
    expect(byCode['exp-moda'][1]).toBe(`'=HYPERLINK("http://evil.example","點我")`);
    expect(byCode['exp-moea'][4]).toBe('經濟部');
  });

  it('gives a ministry only what its screens show: its own sub-projects, milestones and resolution rows', async () => {
    const subProjects = await csvRows((await download('moda-officer', '/api/exports/sub-projects?programme=exp&format=csv')).bytes);
    expect(subProjects.slice(1).map((r) => r[0])).toEqual(['exp-moda']);
    const milestones = await csvRows((await download('moda-officer', '/api/exports/milestones?programme=exp&format=csv')).bytes);
    expect(milestones.slice(1).map((r) => r[4])).toEqual(['exp-moda-m1']);
    const resolutions = await csvRows((await download('moda-officer', '/api/exports/resolution-tracking?meeting=exp-meeting&format=csv')).bytes);
    expect(resolutions.slice(1).map((r) => [r[6], r[9]])).toEqual([['數位部', 'moda 的辦理情形']]);
    const all = await csvRows((await download('coordinator', '/api/exports/resolution-tracking?meeting=exp-meeting&format=csv')).bytes);
    expect(all.slice(1).map((r) => r[9]).sort()).toEqual(['moda 的辦理情形', 'moea 的辦理情形']);
    // Another ministry's sub-project is unknown to it, as on the screens.
    expect((await download('moda-officer', '/api/exports/milestones?subProject=exp-moea&format=csv')).status).toBe(400);
  });

  it('streams every page in order (more rows than one page) with ROC and AD dates', async () => {
    const rows = await csvRows((await download('coordinator', '/api/exports/milestones?subProject=exp-moea&format=csv')).bytes);
    expect(rows).toHaveLength(1 + 1205);
    expect(rows.slice(1).map((r) => Number(r[5]))).toEqual(Array.from({ length: 1205 }, (_, i) => i + 1));
    expect(rows[1].slice(8, 10)).toEqual(['109/03/31', '2020-03-31']);
    expect(rows[1][11]).toBe('是'); // overdue: due in 2020 and not accepted
  });

  it('writes the same rows as XLSX and as ODS, which exceljs and LibreOffice open', async () => {
    const csv = await csvRows((await download('coordinator', '/api/exports/milestones?programme=exp&format=csv')).bytes);
    const xlsx = await download('coordinator', '/api/exports/milestones?programme=exp&format=xlsx');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // Spreadsheet text cells are never formulas, so only the CSV needs the apostrophe.
    const verbatim = csv.map((row) => row.map((cell) => (cell.startsWith("'=") ? cell.slice(1) : cell)));
    expect(await xlsxRows(xlsx.bytes)).toEqual(verbatim);

    const ods = await download('coordinator', '/api/exports/milestones?programme=exp&format=ods');
    expect(ods.status).toBe(200);
    expect(ods.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.spreadsheet');
    expect(ods.bytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
    // LibreOffice opens both and reads the same cells.
    writeFileSync(path.join(work, 'from-ods.ods'), ods.bytes);
    writeFileSync(path.join(work, 'from-xlsx.xlsx'), xlsx.bytes);
    execFileSync('soffice', [
      `-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', work,
      path.join(work, 'from-ods.ods'), path.join(work, 'from-xlsx.xlsx'),
    ], { stdio: 'ignore', timeout: 120_000 });
    expect(await csvRows(readFileSync(path.join(work, 'from-ods.csv')))).toEqual(verbatim);
    expect(await csvRows(readFileSync(path.join(work, 'from-xlsx.csv')))).toEqual(verbatim);
  }, 150_000);

  it('heads the columns in the caller\'s language', async () => {
    const rows = await csvRows((await download('english', '/api/exports/overdue-milestones?programme=exp&format=csv')).bytes);
    expect(rows[0]).toEqual(['Programme', 'Sub-project code', 'Sub-project', 'Milestone code', 'Deliverable', 'Due (ROC)', 'Due (AD)', 'Days overdue', 'Status']);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['exp-moea-m1', 'exp-moda-m1']);
    // The web app's language wins when it names one (a download link cannot send Accept-Language).
    const chinese = await csvRows((await download('english', '/api/exports/overdue-milestones?programme=exp&format=csv&lang=zh-TW')).bytes);
    expect(chinese[0][0]).toBe('行動計畫');
    expect(chinese[1][8]).toBe('未填報');
  });

  it('gives its database connection back when the client goes away mid-download', async () => {
    const [{ id }] = await g.sql<{ id: string }>(`SELECT id FROM sub_project WHERE code = 'exp-moea'`);
    await g.sql(
      `INSERT INTO milestone (code, sub_project_id, seq, due_date, deliverable, status)
       SELECT 'exp-moea-many-' || n, $1, 10000 + n, DATE '2031-01-01', repeat('長的查核點內容', 20), 'pending' FROM generate_series(1, 30000) AS n`, [id],
    );
    const cursors = async () => (await g.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'FETCH % FROM rows_cursor'`,
    ))[0].n;
    const abort = new AbortController();
    const res = await fetch(`${server.baseUrl}/api/exports/milestones?subProject=exp-moea&format=csv`, { headers: { authorization: `Bearer ${tokens.coordinator}` }, signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read();
    // The export waits for the client with its cursor open…
    await eventually('the export\'s cursor, open', cursors, { until: (n) => n === 1 });
    abort.abort();
    // …and closes it once the client is gone.
    await eventually('the export\'s cursor, closed', cursors, { until: (n) => n === 0 });
    await g.sql(`DELETE FROM milestone WHERE code LIKE 'exp-moea-many-%'`);
  });

  it('refuses a bad format or an unknown filter with a 400 naming it, before any file starts', async () => {
    const format = await server.request('GET', '/api/exports/sub-projects?format=pdf', undefined, { authorization: `Bearer ${tokens.coordinator}` });
    expect(format.status).toBe(400);
    expect(format.body.error.details.fields).toEqual([expect.objectContaining({ field: 'format', problems: ['format must be one of csv, xlsx, ods'] })]);
    const programme = await server.request('GET', '/api/exports/milestones?programme=nope&format=csv', undefined, { authorization: `Bearer ${tokens.coordinator}` });
    expect(programme.status).toBe(400);
    expect(programme.body.error.details.fields).toEqual([expect.objectContaining({ field: 'programme', problems: ['programme "nope" does not exist'] })]);
    const anonymous = await server.get('/api/exports/sub-projects?format=csv');
    expect(anonymous.status).toBe(401);
  });
});
