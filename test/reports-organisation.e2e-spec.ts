/**
 * Issue 13's report additions, end to end over HTTP with the real worker: a ministry's report about
 * its own organisation's sub-projects (scoped like its dashboards), the per-user limit on reports
 * waiting (429 with Retry-After), tagged PDFs whose tables read in order with each light's word, and
 * the schedule form's cron preview in Asia/Taipei.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { given, type Given } from './support/given.js';
import { bootWorker, dropQueues, FakeClock, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

let db: TestDatabase;
let g: Given;
let api: TestApi;
let worker: TestWorker;
let storageDir: string;
let queuePrefix: string;
const as: Record<string, Client & { token: string }> = {};

type Report = { id: string; status: string; kind: string; parameters: Record<string, unknown>; file: { name: string; contentType: string } | null; error: string | null };

async function generated(client: Client, body: Record<string, unknown>): Promise<Report> {
  const res = await client.request('POST', '/api/reports', body);
  expect(res.status).toBe(202);
  const report = await eventually(`report ${res.body.id}`, () => client.get(`/api/reports/${res.body.id}`), { until: (r) => ['ready', 'failed'].includes(r.body.status) });
  expect(report.body.error).toBeNull();
  expect(report.body.status).toBe('ready');
  return report.body;
}

async function download(id: string, user: string): Promise<{ status: number; bytes: Buffer; disposition: string | null }> {
  const res = await fetch(`${api.baseUrl}/api/reports/${id}/file`, { headers: { authorization: `Bearer ${as[user].token}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), disposition: res.headers.get('content-disposition') };
}

async function pdfFile(bytes: Buffer): Promise<string> {
  const file = join(storageDir, `read-${createHash('sha256').update(bytes).digest('hex')}.pdf`);
  await writeFile(file, bytes);
  return file;
}

/** poppler: the text as laid out, the document info, and the structure tree with its text (what a screen reader follows). */
const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pdfinfo = (file: string, ...args: string[]) => execFileSync('pdfinfo', [...args, file], { encoding: 'utf8' });

/** The structure tree's cells, row by row: each TR's TH/TD texts, in the tree's order. */
function structRows(structText: string): string[][] {
  const rows: string[][] = [];
  let cell: string[] | null = null;
  for (const line of structText.split('\n')) {
    const tag = /^\s*(TR|TH|TD|Table|H1|H2|P|Document)\b/.exec(line)?.[1];
    if (tag === 'TR') rows.push([]);
    else if (tag === 'TH' || tag === 'TD') {
      cell = [];
      rows.at(-1)?.push('');
    } else if (tag) cell = null;
    else if (cell && rows.length) {
      const text = /^\s*"(.*)"\s*$/.exec(line)?.[1];
      if (text !== undefined) rows.at(-1)![rows.at(-1)!.length - 1] += text;
    }
  }
  return rows;
}

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-reports-org-'));
  process.env.STORAGE_DIR = storageDir;
  db = await createTestDatabase();
  g = await given(db.url);

  const op = await g.programme('op');
  const axis = await g.axis(op, 'op-axis-1', 1, '測試主軸');
  // moea leads op-a (red) and op-c (green), co-organises op-b (moda's, yellow); moda alone leads op-d (red).
  const a = await g.subProject({ code: 'op-a', programmeId: op, lead: 'moea', axes: [axis], name: '測試經濟部紅燈計畫' });
  const b = await g.subProject({ code: 'op-b', programmeId: op, lead: 'moda', coOrganisers: ['moea'], axes: [axis], name: '測試數位部協辦計畫' });
  const c = await g.subProject({ code: 'op-c', programmeId: op, lead: 'moea', axes: [axis], name: '測試經濟部綠燈計畫' });
  const d = await g.subProject({ code: 'op-d', programmeId: op, lead: 'moda', axes: [axis], name: '測試數位部獨辦計畫' });
  await g.milestone(a, { code: 'op-a-1', seq: 1, due: '2020-03-31' });
  await g.milestone(d, { code: 'op-d-1', seq: 1, due: '2020-03-31' });
  await g.light(a, '2024-Q3', 'red');
  await g.light(b, '2024-Q3', 'yellow');
  await g.light(c, '2024-Q3', 'green');
  await g.light(d, '2024-Q3', 'red');

  api = await bootApi(db.url);
  for (const user of ['coordinator', 'viewer', 'moea-officer', 'moda-officer', 'reviewer'] as const) as[user] = await api.as(user);
  queuePrefix = uniqueQueuePrefix();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix, clock: new FakeClock(new Date()), env: { STORAGE_DIR: storageDir } });
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await api?.app.close();
  await g?.close();
  await db?.drop();
  if (queuePrefix) await dropQueues(queuePrefix);
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
  delete process.env.STORAGE_DIR;
});

describe('organisation status report (a ministry about its own sub-projects)', () => {
  let moea: Report;
  let file: string;

  beforeAll(async () => {
    moea = await generated(as['moea-officer'], { kind: 'organisation_status', format: 'pdf', programme: 'op', period: '2024-Q3' });
    file = await pdfFile((await download(moea.id, 'moea-officer')).bytes);
  }, 60_000);

  it('is about the officer\'s own organisation when none is named, with a Chinese file name', async () => {
    expect(moea.parameters).toMatchObject({ programme: 'op', organisation: 'moea', period: '2024-Q3' });
    expect(moea.file!.name).toMatch(/^機關細部計畫執行狀況報告_moea_op_\d{4}-\d{2}-\d{2}\.pdf$/);
    const { disposition } = await download(moea.id, 'moea-officer');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition!)![1])).toBe(moea.file!.name);
  });

  it('lists the sub-projects moea leads or co-organises, and nothing of moda\'s own', () => {
    const text = pdftotext(file);
    expect(text.replace(/\s+/g, '')).toContain('經濟部機關細部計畫執行狀況報告');
    for (const code of ['op-a', 'op-b', 'op-c', 'op-a-1']) expect(text).toContain(code);
    expect(text).not.toContain('op-d');
    expect(text).not.toContain('測試數位部獨辦計畫');
  });

  it('XLSX: the same rows, each light as its word on its colour', async () => {
    const report = await generated(as['moea-officer'], { kind: 'organisation_status', format: 'xlsx', programme: 'op', period: '2024-Q3' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download(report.id, 'moea-officer')).bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('細部計畫')!;
    const rows: { light: unknown; code: unknown; fill: unknown }[] = [];
    sheet.eachRow((row, n) => {
      if (n > 5 && typeof row.getCell(2).value === 'string' && String(row.getCell(2).value).startsWith('op-')) {
        rows.push({ light: row.getCell(1).value, code: row.getCell(2).value, fill: (row.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb });
      }
    });
    expect(rows).toEqual([
      { light: '紅燈', code: 'op-a', fill: 'FFC92A2A' },
      { light: '黃燈', code: 'op-b', fill: 'FFFFD43B' },
      { light: '綠燈', code: 'op-c', fill: 'FF237032' },
    ]);
  }, 60_000);

  it('is refused for another organisation, and another ministry neither reads nor lists it', async () => {
    const other = await as['moea-officer'].request('POST', '/api/reports', { kind: 'organisation_status', format: 'pdf', programme: 'op', organisation: 'moda' });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('its own organisation');
    expect((await as['moda-officer'].get(`/api/reports/${moea.id}`)).status).toBe(403);
    expect((await download(moea.id, 'moda-officer')).status).toBe(403);
    expect((await as['moda-officer'].get('/api/reports?limit=200')).body.items.map((r: Report) => r.id)).not.toContain(moea.id);
    expect((await as['moea-officer'].get('/api/reports?limit=200')).body.items.map((r: Report) => r.id)).toContain(moea.id);
    expect((await as.reviewer.request('POST', '/api/reports', { kind: 'organisation_status', format: 'pdf', programme: 'op', organisation: 'moea' })).status).toBe(403);
  });

  it('moda\'s own report has moda\'s sub-projects and not moea\'s own', async () => {
    const moda = await generated(as['moda-officer'], { kind: 'organisation_status', format: 'pdf', programme: 'op', period: '2024-Q3' });
    const text = pdftotext(await pdfFile((await download(moda.id, 'moda-officer')).bytes));
    for (const code of ['op-b', 'op-d']) expect(text).toContain(code);
    for (const code of ['op-a', 'op-c']) expect(text).not.toMatch(new RegExp(`${code}\\b`));
  }, 60_000);

  it('the secretariat names the organisation (400 without one, 404 for an unknown code)', async () => {
    const missing = await as.coordinator.request('POST', '/api/reports', { kind: 'organisation_status', format: 'pdf', programme: 'op' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['organisation']);
    expect((await as.coordinator.request('POST', '/api/reports', { kind: 'organisation_status', format: 'pdf', programme: 'op', organisation: 'no-such-org' })).status).toBe(404);
    expect((await as.coordinator.request('POST', '/api/reports', { kind: 'budget', format: 'pdf', programme: 'op', organisation: 'moea' })).status).toBe(400);
  });

  it('GET /api/reports/kinds says who may request what, with each kind\'s parameters', async () => {
    const kinds = (await as['moea-officer'].get('/api/reports/kinds')).body as { kind: string; mayRequest: boolean; parameters: { name: string; required: boolean }[] }[];
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k]));
    expect(byKind.organisation_status).toMatchObject({ mayRequest: true, parameters: [{ name: 'programme', required: true }, { name: 'organisation', required: false }, { name: 'period', required: false }] });
    expect(byKind.programme_status.mayRequest).toBe(false);
    const coordinator = (await as.coordinator.get('/api/reports/kinds')).body as { kind: string; mayRequest: boolean; parameters: { name: string; required: boolean }[] }[];
    expect(coordinator.every((k) => k.mayRequest)).toBe(true);
    expect(coordinator.find((k) => k.kind === 'organisation_status')!.parameters[1]).toEqual({ name: 'organisation', required: true });
  });

  it('is a tagged PDF whose structure reads each table row by row, the lights by their words', () => {
    expect(pdfinfo(file)).toMatch(/^Tagged:\s+yes$/m);
    const rows = structRows(pdfinfo(file, '-struct-text'));
    // The count table's header, then the list: each row's light word before its code, red → yellow → green.
    expect(rows).toContainEqual(['主辦機關', '綠燈', '黃燈', '紅燈', '白燈（未評）', '合計']);
    const list = rows.filter((r) => /^op-[a-d]$/.test(r[1] ?? ''));
    expect(list.map((r) => [r[0], r[1]])).toEqual([['紅燈', 'op-a'], ['黃燈', 'op-b'], ['綠燈', 'op-c']]);
    // And pdftotext, which follows the page, reads each word on the row of its sub-project.
    const lines = pdftotext(file).split('\n');
    expect(lines.find((l) => l.includes('op-a') && l.includes('測試經濟部紅燈計畫'))).toMatch(/紅燈\s+op-a/);
    expect(lines.find((l) => l.includes('op-b') && l.includes('測試數位部協辦計畫'))).toMatch(/黃燈\s+op-b/);
  });
});

describe('programme status PDF', () => {
  it('is tagged, and its red and yellow list reads each light\'s word in its row', async () => {
    const report = await generated(as.coordinator, { kind: 'programme_status', format: 'pdf', programme: 'op', period: '2024-Q3' });
    const file = await pdfFile((await download(report.id, 'coordinator')).bytes);
    expect(pdfinfo(file)).toMatch(/^Tagged:\s+yes$/m);
    const info = pdfinfo(file, '-struct-text');
    expect(info).toMatch(/^\s*H1\b/m);
    const flagged = structRows(info).filter((r) => /^op-[a-d]$/.test(r[1] ?? '')).map((r) => [r[0], r[1]]);
    expect(flagged).toEqual([['紅燈', 'op-a'], ['紅燈', 'op-d'], ['黃燈', 'op-b']]);
  }, 60_000);
});

describe('the per-user limit on reports waiting', () => {
  it('answers 429 TOO_MANY_PENDING_REPORTS with Retry-After once 3 are queued or running, and accepts again when one is done', async () => {
    const viewer = await g.userId('viewer@demo.guankao.tw');
    // Three of the viewer's reports still waiting (rows as the API writes them; the worker is not told).
    const waiting: string[] = [];
    for (const status of ['queued', 'queued', 'running'] as const) {
      const id = await g.report({ kind: 'budget', programme: 'op', parameters: { programme: 'op' }, status });
      await g.sql('UPDATE report SET requested_by_user_id = $2 WHERE id = $1', [id, viewer]);
      waiting.push(id);
    }
    const before = Number((await g.sql('SELECT count(*) AS n FROM report'))[0].n);
    const refused = await as.viewer.request('POST', '/api/reports', { kind: 'budget', format: 'pdf', programme: 'op' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body.error).toMatchObject({ code: 'TOO_MANY_PENDING_REPORTS', details: { limit: 3, pending: 3 } });
    expect(Number((await g.sql('SELECT count(*) AS n FROM report'))[0].n)).toBe(before);
    // Another user is not held up by the viewer's queue.
    expect((await as.coordinator.request('POST', '/api/reports', { kind: 'budget', format: 'xlsx', programme: 'op' })).status).toBe(202);

    await g.sql(`UPDATE report SET status = 'failed', finished_at = now() WHERE id = $1`, [waiting[0]]);
    const accepted = await as.viewer.request('POST', '/api/reports', { kind: 'budget', format: 'pdf', programme: 'op' });
    expect(accepted.status).toBe(202);
    await g.sql('DELETE FROM report WHERE id = ANY($1)', [waiting]);
  }, 60_000);

  it('lets only the limit through when many are asked at once', async () => {
    const supervisor = 'moea-supervisor';
    as[supervisor] = await api.as(supervisor);
    await worker.close(); // nothing finishes meanwhile
    const answers = await Promise.all(Array.from({ length: 6 }, () =>
      as[supervisor].request('POST', '/api/reports', { kind: 'organisation_status', format: 'xlsx', programme: 'op' })));
    expect(answers.map((a) => a.status).sort()).toEqual([202, 202, 202, 429, 429, 429]);
  }, 60_000);
});

describe('schedule cron preview', () => {
  it('gives the next three runs in Asia/Taipei as the worker reads the cron', async () => {
    const res = await as.coordinator.get(`/api/report-schedules/preview?cron=${encodeURIComponent('0 8 * * 1')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cron: '0 8 * * 1', timeZone: 'Asia/Taipei' });
    expect(res.body.nextRuns).toHaveLength(3);
    let previous = Date.now();
    for (const run of res.body.nextRuns as { at: string; date: string; time: string }[]) {
      const at = new Date(run.at);
      expect(at.getTime()).toBeGreaterThan(previous);
      previous = at.getTime();
      // 08:00 in Taipei is 00:00 UTC, on a Monday there.
      expect(run.at).toMatch(/T00:00:00\.000Z$/);
      expect(run.time).toBe('08:00');
      expect(new Date(`${run.date}T00:00:00Z`).getUTCDay()).toBe(1);
    }
    const monthly = (await as.coordinator.get(`/api/report-schedules/preview?cron=${encodeURIComponent('30 9 1 * *')}`)).body;
    expect(monthly.nextRuns.map((r: { date: string; time: string }) => [r.date.slice(8), r.time])).toEqual([['01', '09:30'], ['01', '09:30'], ['01', '09:30']]);
  });

  it('names the problem of a bad cron, and is the secretariat\'s', async () => {
    const bad = await as.coordinator.get(`/api/report-schedules/preview?cron=${encodeURIComponent('0 8 * *')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]).toMatchObject({ field: 'cron' });
    expect((await as['moea-officer'].get(`/api/report-schedules/preview?cron=${encodeURIComponent('0 8 * * 1')}`)).status).toBe(403);
  });
});
