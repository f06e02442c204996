/**
 * The gate-review packet end to end on the seeded flagship aap2018-div-2-01 (AI 領航推動計畫: 科會辦
 * leads, 經濟部 co-organises): a coordinator schedules a gate review over HTTP, the real worker
 * generates the packet from the outbox, and the people allowed to read it download it; real
 * readers (pdftotext, exceljs) check it against the database. Then the review runs to its decision
 * and the next gate's packet carries the condition left open.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ReportGenerateHandler } from '../libs/reports/report-generate.handler.js';
import { bootApi, type Client, DEMO_EMAIL, DEMO_PASSWORD, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { given, type Given } from './support/given.js';
import { SmtpTestServer } from './support/smtp.js';
import { bootWorker, dropQueues, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

const FLAGSHIP = 'aap2018-div-2-01';
const GATE = (n: number) => `aap2018-gate-${n}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const M = (n: number) => `${FLAGSHIP}-m${n}`;
const DELIVERABLES = ['完成 AI 領航計畫推動審議管考機制規劃', '公開遴選計畫推動團隊並完成簽約', '旗艦企業主導建立產業鏈'];

let db: TestDatabase;
let g: Given;
let api: TestApi;
let worker: TestWorker;
let smtp: SmtpTestServer;
let storageDir: string;
const prefix = uniqueQueuePrefix();
const tokens = new Map<string, string>();
const clients = new Map<DemoUser, Client>();
const as = async (user: DemoUser): Promise<Client> => {
  if (!clients.has(user)) {
    const client = await api.as(user);
    clients.set(user, client);
    tokens.set(user, client.token);
  }
  return clients.get(user)!;
};
const userId = (email: string): Promise<string> => g.userId(email);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A request with a bearer token, bytes kept (the test client reads bodies as text). */
async function fetchAs(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; bytes: Buffer; json: any }> {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, json: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(bytes.toString('utf8')) : null };
}

const download = async (user: string, reportId: string) => fetchAs(await tokenOf(user), 'GET', `/api/reports/${reportId}/file`);
async function tokenOf(user: string): Promise<string> {
  if (!tokens.has(user)) await as(user as DemoUser);
  return tokens.get(user)!;
}

async function pdftotext(bytes: Buffer): Promise<string> {
  const file = join(storageDir, `read-${sha256(bytes)}.pdf`);
  await writeFile(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}
/** Text without any whitespace: table cells wrap, so a long text is checked with its breaks removed. */
const squeezed = (s: string) => s.replace(/\s+/g, '');

/**
 * Whether a long cell text is in the extracted text: its first characters together, the rest in
 * order close behind (pdftotext interleaves a wrapped cell's lines with the next columns' lines).
 */
function hasCellText(text: string, cell: string): boolean {
  const wanted = squeezed(cell);
  const inOrderFrom = (start: number): boolean => {
    let at = start;
    const end = start + wanted.length * 3;
    for (const ch of wanted) {
      at = text.indexOf(ch, at);
      if (at < 0 || at > end) return false;
      at++;
    }
    return true;
  };
  for (let at = text.indexOf(wanted.slice(0, 8)); at >= 0; at = text.indexOf(wanted.slice(0, 8), at + 1)) {
    if (inOrderFrom(at)) return true;
  }
  return false;
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** The data rows of a sheet written by XlsxReport (below the title, subtitle, as-of, blank and header rows), up to the first blank row. */
function sheetRows(sheet: ExcelJS.Worksheet, firstDataRow = 6): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = firstDataRow; r <= sheet.rowCount; r++) {
    const values = (sheet.getRow(r).values as unknown[]).slice(1);
    if (!values.length) break;
    rows.push(Array.from(values, (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ?? null)));
  }
  return rows;
}

/** The packet's report once the worker has finished it (via the gate review, which shows its status). */
async function readyPacket(reviewId: string): Promise<{ review: any; report: any }> {
  const coordinator = await as('coordinator');
  const review = await eventually(`the packet of ${reviewId}`, () => coordinator.get(`/api/gate-reviews/${reviewId}`), { until: (r) => ['ready', 'failed'].includes(r.body.packet?.status) });
  const report = (await coordinator.get(`/api/reports/${review.body.packet.reportId}`)).body;
  expect(report.error).toBeNull();
  expect(review.body.packet.status).toBe('ready');
  return { review: review.body, report };
}

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-packet-'));
  process.env.STORAGE_DIR = storageDir; // the API reads files from where the worker stores them
  db = await createTestDatabase();
  g = await given(db.url);

  // What the ministries reported on the flagship (the seed has its row only): three milestones,
  // submissions and the secretariat's reviews, an indicator with targets, two years of budget.
  const sp = await g.subProjectId(FLAGSHIP);
  const m1 = await g.milestone(sp, { code: M(1), seq: 1, due: '2019-06-30', status: 'accepted', deliverable: DELIVERABLES[0], fiscalYear: 2019 });
  const m2 = await g.milestone(sp, { code: M(2), seq: 2, due: '2020-06-30', status: 'submitted', deliverable: DELIVERABLES[1], fiscalYear: 2020 });
  const m3 = await g.milestone(sp, { code: M(3), seq: 3, due: '2099-12-31', deliverable: DELIVERABLES[2], fiscalYear: 2099 });
  const s1 = await g.submission({ subProjectId: sp, milestoneId: m1, status: 'accepted', progress: '100', submittedAt: '2019-06-28T02:00:00Z', decidedAt: '2019-07-20T02:00:00Z' });
  await g.review(s1, 'return', '2019-07-05T02:00:00Z', '請補充審議委員名單');
  await g.review(s1, 'accept', '2019-07-20T02:00:00Z', '資料完整，准予驗收');
  await g.submission({ subProjectId: sp, milestoneId: m2, status: 'submitted', progress: '60', submittedAt: '2020-06-29T02:00:00Z' });
  await g.submission({ subProjectId: sp, milestoneId: m3, status: 'draft', progress: '10' });
  const s4 = await g.submission({ subProjectId: sp, period: '2020-Q4', status: 'accepted', progress: '55', budgetExecuted: '1.2', budgetYear: 2020, decidedAt: '2021-01-15T02:00:00Z' });
  await g.review(s4, 'accept', '2021-01-15T02:00:00Z', '預算執行符合進度');
  const [{ id: programme }] = await g.sql(`SELECT programme_id AS id FROM sub_project WHERE id = $1`, [sp]);
  const [{ id: k1 }] = await g.sql(
    `INSERT INTO indicator (code, programme_id, sub_project_id, seq, text, unit) VALUES ($1, $2, $3, 1, '推動技術創新及建立產業鏈計畫', '件') RETURNING id`,
    [`${FLAGSHIP}-k1`, programme, sp],
  );
  await g.sql(`INSERT INTO indicator_target (indicator_id, year, value, comparator) VALUES ($1, 2019, 4, 'gte'), ($1, 2021, 12, 'gte')`, [k1]);
  await g.sql(`UPDATE submission SET indicator_actuals = $2 WHERE id = $1`, [s1, JSON.stringify([{ indicator: `${FLAGSHIP}-k1`, value: '5' }])]);
  await g.budget(sp, { year: 2019, allocated: '2.5' });
  await g.budget(sp, { year: 2020, allocated: '3', kind: 'new' });
  await g.sql(`UPDATE budget_line SET executed = 2.1 WHERE sub_project_id = $1 AND fiscal_year = 2019`, [sp]);

  // A second reviewer, of no ministry, who signs in like the demo reviewer: never assigned here.
  await g.user({ email: 'other.reviewer@test.guankao.tw', displayName: '評審乙', roles: ['reviewer'], password: 'demo' });

  smtp = await new SmtpTestServer().start();
  worker = await bootWorker({ databaseUrl: db.url, queuePrefix: prefix, smtpUrl: smtp.url });
  api = await bootApi(db.url);
  const login = await api.request('POST', '/api/auth/login', { email: 'other.reviewer@test.guankao.tw', password: DEMO_PASSWORD });
  expect(login.status).toBe(200);
  tokens.set('other-reviewer', login.body.accessToken);
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await worker?.close();
  await smtp?.stop();
  await g?.close();
  await db?.drop();
  await dropQueues(prefix);
  await rm(storageDir, { recursive: true, force: true });
  delete process.env.STORAGE_DIR;
});

describe('the packet of a gate review', () => {
  let review1: any;
  let packet1: any;
  let pdfText: string;

  it('scheduling a review queues the packet; the worker generates it and the review shows it ready', async () => {
    const res = await (await as('coordinator')).request('POST', '/api/gate-reviews', {
      subProject: FLAGSHIP, gate: GATE(1), scheduledFor: '2099-01-10', reviewers: [await userId(DEMO_EMAIL.reviewer)],
    });
    expect(res.status).toBe(201);
    expect(res.body.packet.status).toBe('queued');
    const { review, report } = await readyPacket(res.body.id);
    review1 = review;
    packet1 = report;
    expect(report).toMatchObject({ kind: 'gate_packet', format: 'pdf', status: 'ready', parameters: { gateReview: review1.id } });
    expect(report.file.name).toMatch(new RegExp(`^階段審查資料_${FLAGSHIP}_${GATE(1)}_\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
  });

  it('the coordinator downloads the PDF: pdftotext finds the sub-project, the gate, its parties, milestones, reviews, figures and every criterion', async () => {
    const file = await download('coordinator', packet1.id);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(sha256(file.bytes)).toBe(packet1.file.sha256);
    pdfText = await pdftotext(file.bytes);
    const text = squeezed(pdfText);
    for (const expected of [
      'AI領航推動計畫', '第1關「遴選與啟動」階段審查資料', FLAGSHIP, '民國107–110年（2018–2021）', '是（適用階段審查）', '188/01/10',
      '主辦nstc-sto國科會科技辦公室', '協辦moea經濟部', '主辦「科會辦」', // lead and co-organiser, and the cells as printed
      ...DELIVERABLES.map(squeezed), M(1), '108/06/30', '2019-06-30', '已驗收', '請補充審議委員名單', '資料完整，准予驗收', '已提報待審', '進度60%', '填報中（未送出）',
      '預算執行符合進度', '推動技術創新及建立產業鏈計畫', '110年（2021）：≥12件', '5件', '2.50', '2.10', '84.0%', '1.20', '40.0%', '5.50',
      '前次關卡無附帶條件', '評分條件（0–10分）', '權重與評分尺度為本系統預設值',
    ]) {
      expect(text).toContain(expected);
    }
    // The draft's progress stays inside the ministry; so do the reviewers' names.
    expect(text).not.toContain('進度10%');
    const reviewer = (await g.sql(`SELECT display_name FROM app_user WHERE email = $1`, [DEMO_EMAIL.reviewer]))[0].display_name;
    expect(text).not.toContain(squeezed(reviewer));
    const criteria = await g.sql(
      `SELECT c.text FROM gate_criterion c JOIN gate_review r ON r.template_id = c.template_id AND r.criteria_revision = c.revision WHERE r.id = $1 ORDER BY c.seq`,
      [review1.id],
    );
    expect(criteria).toHaveLength(review1.criteria.length);
    for (const c of criteria) expect({ criterion: c.text, found: hasCellText(text, c.text) }).toEqual({ criterion: c.text, found: true });
  });

  it('the assigned reviewer reads and downloads it (and sees it in their list); an unassigned reviewer and another ministry get 403', async () => {
    const mine = await download('reviewer', packet1.id);
    expect(mine.status).toBe(200);
    expect(sha256(mine.bytes)).toBe(packet1.file.sha256);
    expect((await (await as('reviewer')).get('/api/reports')).body.items.map((r: any) => r.id)).toEqual([packet1.id]);

    const other = await tokenOf('other-reviewer');
    expect((await fetchAs(other, 'GET', `/api/reports/${packet1.id}`)).status).toBe(403);
    expect((await fetchAs(other, 'GET', `/api/reports/${packet1.id}/file`)).status).toBe(403);
    expect((await fetchAs(other, 'GET', '/api/reports')).json.items).toEqual([]);
    expect((await fetchAs(other, 'POST', '/api/reports', { kind: 'gate_packet', format: 'xlsx', gateReview: review1.id })).status).toBe(403);

    const moda = await download('moda-officer', packet1.id);
    expect(moda.status).toBe(403);
    expect(moda.json.error.message).toContain('another organisation');
    expect((await fetchAs(await tokenOf('moda-officer'), 'POST', '/api/reports', { kind: 'gate_packet', format: 'pdf', gateReview: review1.id })).status).toBe(403);
  });

  it('經濟部 co-organises the flagship: its officer reads the packet; viewers read it too', async () => {
    expect((await download('moea-officer', packet1.id)).status).toBe(200);
    expect((await download('viewer', packet1.id)).status).toBe(200);
  });

  it('the XLSX (requested by the assigned reviewer) holds the milestones, budget and criteria as in the database, with blank score columns', async () => {
    const reviewer = await as('reviewer');
    const res = await reviewer.request('POST', '/api/reports', { kind: 'gate_packet', format: 'xlsx', gateReview: review1.id });
    expect(res.status).toBe(202);
    const report = await eventually('the xlsx packet', () => reviewer.get(`/api/reports/${res.body.id}`), { until: (r) => ['ready', 'failed'].includes(r.body.status) });
    expect(report.body).toMatchObject({ status: 'ready', error: null, file: { contentType: XLSX } });
    expect(report.body.file.name).toMatch(/\.xlsx$/);
    const file = await download('reviewer', res.body.id);
    expect(file.status).toBe(200);
    const book = await workbook(file.bytes);
    expect(book.worksheets.map((s) => s.name)).toEqual(['概要', '主協辦機關', '查核點', '定期填報', '績效指標', '預算執行', '前次附帶條件', '評分表']);

    const milestones = await g.sql(
      `SELECT m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.code = $1 ORDER BY m.due_date, m.seq`,
      [FLAGSHIP],
    );
    const milestoneRows = sheetRows(book.getWorksheet('查核點')!);
    expect(milestoneRows.map((r) => r.slice(0, 3))).toEqual(milestones.map((m) => [m.code, m.deliverable, m.due]));
    expect(milestoneRows[0][5]).toBe('108/07/05 退回：請補充審議委員名單\n108/07/20 驗收：資料完整，准予驗收');

    const criteria = await g.sql(
      `SELECT c.code, c.text, c.requirement, c.weight::float AS weight, c.guidance FROM gate_criterion c
         JOIN gate_review r ON r.template_id = c.template_id AND r.criteria_revision = c.revision WHERE r.id = $1 ORDER BY c.seq`,
      [review1.id],
    );
    const criteriaRows = sheetRows(book.getWorksheet('評分表')!);
    expect(criteriaRows.map((r) => [r[0], r[1], r[3]])).toEqual(criteria.map((c) => [c.code, c.text, c.requirement === 'must_meet' ? '—' : String(c.weight)]));
    expect(criteriaRows.map((r) => r[2])).toEqual(criteria.map((c) => (c.requirement === 'must_meet' ? '必要條件（符合／不符合）' : '評分條件（0–10 分）')));
    expect(criteriaRows.map((r) => [r[5] ?? null, r[6] ?? null])).toEqual(criteria.map(() => [null, null]));

    // Amounts are numbers in the workbook: allocated and executed per year, then the total.
    expect(sheetRows(book.getWorksheet('預算執行')!)).toEqual([
      ['108 年（2019）', 2.5, null, 2.5, 2.1, null, '84.0%'],
      ['109 年（2020）', null, 3, 3, null, 1.2, '40.0%'],
      ['合計', null, null, 5.5], // the empty cells after it are not written
    ]);
  });

  it('gives the same bytes for the same as-of', async () => {
    const again = { id: await g.reportCopy(packet1.id) };
    expect(await worker.app.get(ReportGenerateHandler).handle({ reportId: again.id })).toBe('generated');
    const [row] = await g.sql('SELECT status, sha256, byte_size, file_name FROM report WHERE id = $1', [again.id]);
    expect(row).toEqual({ status: 'ready', sha256: packet1.file.sha256, byte_size: packet1.file.byteSize, file_name: packet1.file.name });
  });

  it('the review runs to "go with conditions"; the next gate\'s packet lists the condition still open', async () => {
    const reviewer = await as('reviewer');
    const scores = review1.criteria.map((c: any) => (c.requirement === 'must_meet' ? { criterion: c.code, met: true, comment: '符合' } : { criterion: c.code, score: 8, comment: '良好' }));
    const scored = await reviewer.request('PUT', `/api/gate-reviews/${review1.id}/scores`, { scores });
    expect(scored.status).toBe(200);
    const coordinator = await as('coordinator');
    const decided = await coordinator.request('POST', `/api/gate-reviews/${review1.id}/decision`, {
      version: scored.body.version, decision: 'go_with_conditions', reasons: '符合啟動條件，惟須補強商業模式',
      conditions: [{ text: '於三個月內提出商業模式分析報告', owner: 'moea', dueDate: '2099-03-31' }],
    });
    expect(decided.status).toBe(200);

    const next = await coordinator.request('POST', '/api/gate-reviews', {
      subProject: FLAGSHIP, gate: GATE(2), scheduledFor: '2099-02-10', reviewers: [await userId(DEMO_EMAIL.reviewer)],
    });
    expect(next.status).toBe(201);
    const { report } = await readyPacket(next.body.id);
    const text = squeezed(await pdftotext((await download('coordinator', report.id)).bytes));
    expect(text).toContain('第2關「技術驗證（里程碑檢視）」');
    for (const expected of ['第1關遴選與啟動（有條件通過）', '於三個月內提出商業模式分析報告', '經濟部', '188/03/31', '未結案', '共1項，未結案1項']) expect(text).toContain(expected);
    // The same reviewer is assigned to gate 2: both packets are theirs, nothing else.
    const listed = (await reviewer.get('/api/reports')).body.items.map((r: any) => r.id);
    expect(listed).toEqual(expect.arrayContaining([packet1.id, report.id]));
    expect((await fetchAs(await tokenOf('other-reviewer'), 'GET', `/api/reports/${report.id}/file`)).status).toBe(403);
  });
});
