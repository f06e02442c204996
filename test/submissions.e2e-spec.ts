import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { bootApi, type Client, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { minimalPdf, minimalPng, minimalXlsx } from './support/evidence-files.js';
import { given } from './support/given.js';

/**
 * 填報 → 主管核定 → 審核 over real HTTP: the whole story of a milestone submission, revisions and
 * their diff, evidence files on disk, and every refusal leaving the database as it was.
 */
const MAX_BYTES = 64 * 1024;
const LEAD_SP = 'aap2-sp-12'; // 經濟部 leads; nobody co-organises
const SHARED_SP = 'aap2-sp-13'; // 經濟部 leads; 數位部 is made a co-organiser below
const UNACKNOWLEDGED_SP = 'aap2-sp-14';
const MILESTONE = 'aap2-sp-12-m-test-2024q3';

let db: TestDatabase;
let server: TestApi;
let ds: DataSource;
let storageDir: string;
const savedEnv = { STORAGE_DIR: process.env.STORAGE_DIR, EVIDENCE_MAX_BYTES: process.env.EVIDENCE_MAX_BYTES };
const clients = new Map<DemoUser, Client>();
const as = async (user: DemoUser): Promise<Client> => {
  if (!clients.has(user)) clients.set(user, await server.as(user));
  return clients.get(user)!;
};

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-evidence-'));
  process.env.STORAGE_DIR = storageDir;
  process.env.EVIDENCE_MAX_BYTES = String(MAX_BYTES);
  db = await createTestDatabase();
  server = await bootApi(db.url);
  ds = server.app.get(DataSource);
  // The assignment endpoints are someone else's: set the state they would leave behind.
  await ds.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = ANY($1)`, [[LEAD_SP, SHARED_SP]]);
  const g = await given(db.url);
  await g.milestone(await g.subProjectId(LEAD_SP), { code: MILESTONE, seq: 901, fiscalYear: 2024, due: '2024-08-31', deliverable: 'AI 晶片雛型驗證' });
  await g.coOrganiser(await g.subProjectId(SHARED_SP), 'moda');
  await g.close();
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
  if (storageDir) await rm(storageDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

// ---- files -------------------------------------------------------------------------------------

// Real files: the type checks read the container (libs/submissions/evidence.ts).
const pdf = (text: string) => minimalPdf(text);
const png = () => minimalPng();
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const storedFiles = (): string[] => {
  const root = join(storageDir, 'evidence');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(root, p)).isFile()).sort();
};

const upload = (client: Client, id: string, filename: string, bytes: Buffer, contentType: string) =>
  client.request('PUT', `/api/submissions/${id}/evidence?filename=${encodeURIComponent(filename)}`, bytes, { 'content-type': contentType });

// ---- database state -----------------------------------------------------------------------------

/** Everything a refused request could have changed. */
async function state(submissionId: string | null) {
  const count = async (sql: string, params: unknown[] = []) => Number((await ds.query(sql, params))[0].n);
  const [row] = submissionId ? await ds.query(`SELECT * FROM submission WHERE id = $1`, [submissionId]) : [null];
  return {
    row,
    submissions: await count(`SELECT count(*) AS n FROM submission`),
    revisions: await count(`SELECT count(*) AS n FROM submission_revision`),
    reviews: await count(`SELECT count(*) AS n FROM submission_review`),
    evidence: await count(`SELECT count(*) AS n FROM evidence_file`),
    audit: await count(`SELECT count(*) AS n FROM audit_event`),
    outbox: await count(`SELECT count(*) AS n FROM outbox_event`),
    milestones: await ds.query(`SELECT code, status, version FROM milestone WHERE code = $1`, [MILESTONE]),
    files: storedFiles(),
  };
}

/** The request is refused with this status and code, and nothing changed. */
async function refused(submissionId: string | null, send: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = await state(submissionId);
  const res = await send();
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(await state(submissionId)).toEqual(before);
  return res.body.error as { code: string; message: string; details?: any };
}

const auditActions = async (id: string): Promise<string[]> =>
  (await ds.query(`SELECT action FROM audit_event WHERE entity_type = 'submission' AND entity_id = $1 ORDER BY id`, [id])).map((r: any) => r.action);
const outbox = async (id: string) =>
  ds.query(`SELECT topic, aggregate_type, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY id`, [id]);
const milestoneStatus = async () => (await ds.query(`SELECT status FROM milestone WHERE code = $1`, [MILESTONE]))[0].status;

// ---- the whole story ----------------------------------------------------------------------------

describe('a milestone submission from draft to accepted', () => {
  let id: string;
  let version: number;
  const report = pdf('第3季進度報告');
  const reportName = '第3季進度報告.pdf';
  const photo = png();

  const step = async (user: DemoUser, action: string, body: Record<string, unknown> = {}) => {
    const res = await (await as(user)).request('POST', `/api/submissions/${id}/${action}`, { version, ...body });
    expect({ status: res.status, body: res.status === 200 ? 'ok' : res.body }).toEqual({ status: 200, body: 'ok' });
    version = res.body.version;
    return res.body;
  };

  it('the officer of the lead ministry drafts it: revision 1 with the milestone, its quarter and due date in AD and ROC', async () => {
    const officer = await as('moea-officer');
    const res = await officer.request('POST', '/api/submissions', {
      subProject: LEAD_SP, milestone: MILESTONE, progressPercent: '40', narrative: '完成晶片設計定案',
      indicatorActuals: [{ indicator: 'aap2-kr-1-1', value: '05000.0', note: '培訓人次' }], budgetExecuted: '1.5', budgetYear: 2024,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'draft', version: 1, revision: 1, period: '2024-Q3',
      subProject: { code: LEAD_SP, lead: { code: 'moea' } },
      milestone: { code: MILESTONE, dueDate: { ad: '2024-08-31', roc: '113/08/31' }, status: 'pending' },
      content: {
        progressPercent: '40.00', narrative: '完成晶片設計定案', budgetExecuted: '1.50', budgetYear: { ad: 2024, roc: 113 }, evidence: [],
        indicatorActuals: [{ indicator: 'aap2-kr-1-1', value: '5000', note: '培訓人次' }],
      },
      reviews: [], evidence: [],
    });
    expect(res.body.revisions).toEqual([{ revision: 1, createdAt: expect.any(String), createdBy: { id: expect.any(String), displayName: expect.any(String) } }]);
    id = res.body.id;
    version = res.body.version;
    expect(await auditActions(id)).toEqual(['submission.create']);
  });

  it('evidence is stored outside the database by checksum, once; an upload keeps the version and waits for the next save or submit', async () => {
    const officer = await as('moea-officer');
    const first = await upload(officer, id, reportName, report, 'application/pdf');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      revision: 1, version: 1,
      evidence: { filename: reportName, contentType: 'application/pdf', sizeBytes: report.length, sha256: sha(report), organisation: { code: 'moea' } },
    });
    const digest = sha(report);
    expect(storedFiles()).toEqual([`${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`]);
    expect(readFileSync(join(storageDir, 'evidence', digest.slice(0, 2), digest.slice(2, 4), digest)).equals(report)).toBe(true);
    const [{ storage_key }] = await ds.query(`SELECT storage_key FROM evidence_file WHERE id = $1`, [first.body.evidence.id]);
    expect(storage_key).toBe(`evidence/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`);

    // The same bytes under another name (the supervisor adds it): a second record, one stored copy.
    const copy = await upload(await as('moea-supervisor'), id, 'copy.pdf', report, 'application/pdf; charset=binary');
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ revision: 1, version: 1 });
    expect(storedFiles()).toHaveLength(1);

    const detail = await officer.get(`/api/submissions/${id}`);
    expect(detail.body).toMatchObject({ version: 1, revision: 1, content: { evidence: [] }, evidence: [] });
    expect(detail.body.pendingEvidence.map((e: any) => [e.id, e.filename])).toEqual([[first.body.evidence.id, reportName], [copy.body.evidence.id, 'copy.pdf']]);
    version = detail.body.version;
  });

  it('a draft is the ministry\'s own: the secretariat, reviewers and viewers do not see it', async () => {
    for (const user of ['coordinator', 'admin', 'reviewer', 'viewer'] as const) {
      const client = await as(user);
      expect((await client.get(`/api/submissions/${id}`)).status).toBe(404);
      expect((await client.get(`/api/submissions/${id}/diff?from=1&to=2`)).status).toBe(404);
      expect((await client.get(`/api/submissions?subProject=${LEAD_SP}`)).body.items).toEqual([]);
    }
    const evidenceId = (await (await as('moea-supervisor')).get(`/api/submissions/${id}`)).body.pendingEvidence[0].id;
    expect((await (await as('coordinator')).get(`/api/evidence/${evidenceId}`)).status).toBe(404);
  });

  it('the officer submits to the supervisor, who approves: the secretariat receives it and the milestone is submitted', async () => {
    const submitted = await step('moea-officer', 'submit');
    expect(submitted.status).toBe('awaiting_supervisor');
    // The submit made revision 2, listing the files uploaded since revision 1.
    expect(submitted).toMatchObject({ revision: 2, content: { progressPercent: '40.00' }, pendingEvidence: [] });
    expect(submitted.evidence.map((e: any) => e.filename)).toEqual([reportName, 'copy.pdf']);
    expect((await (await as('coordinator')).get(`/api/submissions/${id}`)).status).toBe(404);

    const approved = await step('moea-supervisor', 'approve');
    expect(approved.status).toBe('submitted');
    expect(approved.submittedAt).toEqual(expect.any(String));
    expect(await milestoneStatus()).toBe('submitted');

    const seen = await (await as('coordinator')).get(`/api/submissions/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'submitted', revision: 2, content: { progressPercent: '40.00' }, pendingEvidence: [] });
    expect(seen.body.reviews.map((r: any) => [r.action, r.revision])).toEqual([['submit', 2], ['approve', 2]]);
    const listed = await (await as('viewer')).get(`/api/submissions?subProject=${LEAD_SP}`);
    expect(listed.body.items.map((i: any) => i.id)).toEqual([id]);
  });

  it('the coordinator returns it with a comment: the milestone goes back to pending', async () => {
    const returned = await step('coordinator', 'return', { comment: '請補充預算執行佐證' });
    expect(returned.status).toBe('returned');
    expect(returned.decidedAt).toEqual(expect.any(String));
    expect(returned.reviews.at(-1)).toMatchObject({ action: 'return', comment: '請補充預算執行佐證', revision: 2 });
    expect(await milestoneStatus()).toBe('pending');
  });

  it('the officer revises: a new draft revision from the last content; the returned revision and its comment stay', async () => {
    const revised = await step('moea-officer', 'revise');
    expect(revised).toMatchObject({ status: 'draft', revision: 3, content: { progressPercent: '40.00' } });
    expect(revised.revisions.map((r: any) => r.revision)).toEqual([1, 2, 3]);
    expect(revised.reviews.map((r: any) => [r.action, r.revision, r.comment])).toEqual([
      ['submit', 2, null], ['approve', 2, null], ['return', 2, '請補充預算執行佐證'], ['revise', 3, null],
    ]);
    const [two, three] = await Promise.all([2, 3].map((n) => ds.query(`SELECT content FROM submission_revision WHERE submission_id = $1 AND revision = $2`, [id, n])));
    expect(three[0].content).toEqual(two[0].content);

    // The secretariat still sees what it received (revision 2); the ministry's work in progress stays private.
    const coordinator = await as('coordinator');
    const seen = await coordinator.get(`/api/submissions/${id}`);
    expect(seen.body).toMatchObject({ status: 'draft', revision: 2 });
    expect(seen.body.revisions.map((r: any) => r.revision)).toEqual([1, 2]);
    expect((await coordinator.get(`/api/submissions/${id}/revisions/3`)).status).toBe(404);
    // Accepting a draft is an invalid transition.
    const error = await refused(id, () => coordinator.request('POST', `/api/submissions/${id}/accept`, { version }), 409, 'INVALID_TRANSITION');
    expect(error.message).toMatch(/accept a submission that is draft/);
  });

  it('the officer edits the draft: each save is a revision; evidence can be dropped and added', async () => {
    const officer = await as('moea-officer');
    const current = (await officer.get(`/api/submissions/${id}`)).body;
    const [report] = current.content.evidence;
    expect(current.content.evidence).toHaveLength(2);
    const saved = await officer.request('PATCH', `/api/submissions/${id}`, {
      version, progressPercent: '75.5', narrative: '完成晶片設計定案並送樣測試', budgetExecuted: '2.25', evidence: [report],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ revision: 4, content: { progressPercent: '75.50', budgetExecuted: '2.25', evidence: [report] } });
    expect(saved.body.evidence.map((e: any) => e.id)).toEqual([report]);
    version = saved.body.version;

    const unchanged = await officer.request('PATCH', `/api/submissions/${id}`, { version, progressPercent: '75.50' });
    expect(unchanged.body).toMatchObject({ revision: 4, version }); // the same content makes no revision

    const added = await upload(officer, id, '測試照片.png', photo, 'image/png');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ revision: 4, version });
    // The next save lists it, even one that changes nothing else.
    const withPhoto = await officer.request('PATCH', `/api/submissions/${id}`, { version });
    expect(withPhoto.body).toMatchObject({ revision: 5, content: { evidence: [report, added.body.evidence.id] }, pendingEvidence: [] });
    version = withPhoto.body.version;
  });

  it('the diff between two revisions names every changed field; evidence is compared by name and checksum', async () => {
    const officer = await as('moea-officer');
    const diff = await officer.get(`/api/submissions/${id}/diff?from=2&to=5`);
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual([
      { field: 'progressPercent', from: '40.00', to: '75.50' },
      { field: 'narrative', from: '完成晶片設計定案', to: '完成晶片設計定案並送樣測試' },
      { field: 'budgetExecuted', from: '1.50', to: '2.25' },
      {
        field: 'evidence',
        from: [{ filename: reportName, sha256: sha(report) }, { filename: 'copy.pdf', sha256: sha(report) }],
        to: [{ filename: reportName, sha256: sha(report) }, { filename: '測試照片.png', sha256: sha(photo) }],
        added: [{ filename: '測試照片.png', sha256: sha(photo) }],
        removed: [{ filename: 'copy.pdf', sha256: sha(report) }],
      },
    ]);
    expect((await officer.get(`/api/submissions/${id}/diff?from=2&to=3`)).body).toEqual([]);
    const one = await officer.get(`/api/submissions/${id}/revisions/1`);
    expect(one.body).toMatchObject({ revision: 1, content: { progressPercent: '40.00', evidence: [] }, evidence: [] });
    expect((await officer.get(`/api/submissions/${id}/revisions/6`)).status).toBe(404);
    expect((await officer.get(`/api/submissions/${id}/diff?from=1&to=x`)).body.error.details.fields[0].field).toBe('to');
  });

  it('resubmitted and approved, the coordinator accepts it: the milestone is accepted', async () => {
    await step('moea-officer', 'submit');
    await step('moea-supervisor', 'approve');
    expect(await milestoneStatus()).toBe('submitted');
    const coordinator = await as('coordinator');
    const seen = await coordinator.get(`/api/submissions/${id}`);
    expect(seen.body).toMatchObject({ status: 'submitted', revision: 5, content: { progressPercent: '75.50' } });
    expect((await coordinator.get(`/api/submissions/${id}/diff?from=2&to=5`)).body.map((c: any) => c.field))
      .toEqual(['progressPercent', 'narrative', 'budgetExecuted', 'evidence']);

    const accepted = await step('coordinator', 'accept');
    expect(accepted.status).toBe('accepted');
    expect(await milestoneStatus()).toBe('accepted');
    const [row] = await ds.query(`SELECT status, revision, progress_percent::text AS p, budget_executed::text AS b, submitted_at, decided_at FROM submission WHERE id = $1`, [id]);
    expect(row).toMatchObject({ status: 'accepted', revision: 5, p: '75.50', b: '2.2500' });
    expect(row.decided_at.getTime()).toBeGreaterThanOrEqual(row.submitted_at.getTime());
  });

  it('every step is in the audit trail and every notification in the outbox, with ids and the comment of the step', async () => {
    expect(await auditActions(id)).toEqual([
      'submission.create', 'submission.add_evidence', 'submission.add_evidence',
      'submission.submit', 'submission.approve', 'submission.return', 'submission.revise',
      'submission.update', 'submission.add_evidence', 'submission.update', 'submission.submit', 'submission.approve', 'submission.accept',
    ]);
    const trail = await (await as('coordinator')).get(`/api/audit?entityType=submission&entityId=${id}`);
    expect(trail.status).toBe(200);
    expect(trail.body.find((e: any) => e.action === 'submission.return')).toMatchObject({
      before: { status: 'submitted', revision: 2 }, after: { status: 'returned', revision: 2, comment: '請補充預算執行佐證' },
      actor: { email: 'coordinator@demo.guankao.tw' }, requestId: expect.any(String),
    });
    expect(trail.body.find((e: any) => e.action === 'submission.revise')).toMatchObject({ before: { status: 'returned', revision: 2 }, after: { status: 'draft', revision: 3 } });

    const [{ sub_project_id, milestone_id }] = await ds.query(`SELECT sub_project_id, milestone_id FROM submission WHERE id = $1`, [id]);
    const events = await outbox(id);
    expect(events.map((e: any) => e.topic)).toEqual([
      'submission.awaiting_supervisor', 'submission.submitted', 'submission.returned',
      'submission.awaiting_supervisor', 'submission.submitted', 'submission.accepted',
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ aggregate_type: 'submission', payload: { submissionId: id, subProjectId: sub_project_id, milestoneId: milestone_id } });
      expect(Object.keys(e.payload).sort()).toEqual(['comment', 'milestoneId', 'subProjectId', 'submissionId']);
    }
    // The comment as written at the step: the return's email says it without reading "the latest" review.
    expect(events.map((e: any) => e.payload.comment)).toEqual([null, null, '請補充預算執行佐證', null, null, null]);
    const milestoneTrail = await ds.query(`SELECT after->>'status' AS status FROM audit_event WHERE entity_type = 'milestone' AND entity_id = $1 ORDER BY id`, [milestone_id]);
    expect(milestoneTrail.map((r: any) => r.status)).toEqual(['submitted', 'pending', 'submitted', 'accepted']);
  });

  it('downloads round-trip: the bytes, the checksum as ETag, the type, and a Chinese file name', async () => {
    const officer = await as('moea-officer');
    const evidence = (await officer.get(`/api/submissions/${id}`)).body.evidence;
    const file = evidence.find((e: any) => e.filename === reportName);
    for (const user of ['moea-officer', 'coordinator', 'viewer'] as const) {
      const client = await as(user);
      const res = await fetch(`${server.baseUrl}/api/evidence/${file.id}`, { headers: { authorization: `Bearer ${(client as any).token}` } });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(report)).toBe(true);
      expect(res.headers.get('etag')).toBe(`"${sha(bytes)}"`);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const disposition = res.headers.get('content-disposition')!;
      expect(disposition).toMatch(/^attachment; /);
      const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)![1];
      expect(decodeURIComponent(encoded)).toBe(reportName);
    }
    // The file dropped in revision 4 stays readable to the ministry and to the secretariat (it was in revision 2).
    const copy = (await officer.get(`/api/submissions/${id}/revisions/2`)).body.evidence.find((e: any) => e.filename === 'copy.pdf');
    expect((await (await as('coordinator')).get(`/api/evidence/${copy.id}`)).status).toBe(200);
  });
});

// ---- refusals ----------------------------------------------------------------------------------

describe('refusals change nothing', () => {
  let periodId: string;
  let sharedId: string;

  const current = async (submissionId: string) => (await ds.query(`SELECT version FROM submission WHERE id = $1`, [submissionId]))[0].version as number;

  beforeAll(async () => {
    const officer = await as('moea-officer');
    const created = await officer.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q2', progressPercent: '20' });
    expect(created.status).toBe(201);
    periodId = created.body.id;
    const shared = await officer.request('POST', '/api/submissions', { subProject: SHARED_SP, period: '2024-Q2', narrative: '協辦部會參與' });
    expect(shared.status).toBe(201);
    sharedId = shared.body.id;
  });

  it('drafting: a second submission for the same milestone or period is a conflict naming the first', async () => {
    const officer = await as('moea-officer');
    const error = await refused(null, () => officer.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q2' }), 409, 'CONFLICT');
    expect(error.details.existingId).toBe(periodId);
    const milestoneSubmission = (await ds.query(`SELECT s.id FROM submission s JOIN milestone m ON m.id = s.milestone_id WHERE m.code = $1`, [MILESTONE]))[0].id;
    const again = await refused(null, () => officer.request('POST', '/api/submissions', { subProject: LEAD_SP, milestone: MILESTONE }), 409, 'CONFLICT');
    expect(again.details.existingId).toBe(milestoneSubmission);
  });

  it('drafting: an assignment not yet acknowledged, malformed figures, foreign references', async () => {
    const officer = await as('moea-officer');
    const notYet = await refused(null, () => officer.request('POST', '/api/submissions', { subProject: UNACKNOWLEDGED_SP, period: '2024-Q1' }), 409, 'INVALID_TRANSITION');
    expect(notYet.message).toMatch(/acknowledge/);
    const fields = async (body: unknown) =>
      (await refused(null, () => officer.request('POST', '/api/submissions', body), 400, 'VALIDATION_FAILED')).details.fields.map((f: any) => f.field);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', milestone: MILESTONE })).toEqual(['milestone', 'period']);
    expect(await fields({ subProject: LEAD_SP })).toEqual(['milestone', 'period']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q5' })).toEqual(['period']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', progressPercent: '100.5' })).toEqual(['progressPercent']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', progressPercent: 50 })).toEqual(['progressPercent']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', budgetExecuted: '-1', budgetYear: 2024 })).toEqual(['budgetExecuted']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', budgetExecuted: '1' })).toEqual(['budgetYear']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', indicatorActuals: [{ indicator: 'aap2018-kr-1-1', value: '1' }] })).toEqual(['indicatorActuals.0.indicator']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', indicatorActuals: [{ indicator: 'aap2-kr-1-1', value: 'many' }] })).toEqual(['indicatorActuals.0.value']);
    expect(await fields({ subProject: LEAD_SP, milestone: 'aap2018-rm-1-01-107' })).toEqual(['milestone']);
    expect(await fields({ subProject: 'aap2-sp-99', period: '2024-Q1' })).toEqual(['subProject']);
    expect(await fields({ subProject: LEAD_SP, period: '2024-Q1', status: 'accepted' })).toEqual(['status']);
  });

  it('a stale version is a 409, never a silent overwrite', async () => {
    const officer = await as('moea-officer');
    const version = await current(periodId);
    expect((await officer.request('PATCH', `/api/submissions/${periodId}`, { version, narrative: '第一版' })).status).toBe(200);
    const error = await refused(periodId, () => officer.request('PATCH', `/api/submissions/${periodId}`, { version, narrative: '覆蓋' }), 409, 'STALE_VERSION');
    expect(error.details).toEqual({ expected: version, actual: version + 1 });
    await refused(periodId, () => officer.request('POST', `/api/submissions/${periodId}/submit`, { version }), 409, 'STALE_VERSION');
    await refused(periodId, () => officer.request('PATCH', `/api/submissions/${periodId}`, { narrative: 'no version' }), 400, 'VALIDATION_FAILED');
    await refused(periodId, () => officer.request('PATCH', `/api/submissions/${periodId}`, { version: version + 1, status: 'accepted' }), 400, 'VALIDATION_FAILED');
  });

  it('invalid transitions are 409: submit twice, approve twice, edit or add evidence once submitted, revise what was not returned', async () => {
    const officer = await as('moea-officer');
    const supervisor = await as('moea-supervisor');
    const coordinator = await as('coordinator');
    await refused(periodId, () => supervisor.request('POST', `/api/submissions/${periodId}/approve`, { version: 1 }), 409, 'STALE_VERSION');
    await refused(periodId, async () => officer.request('POST', `/api/submissions/${periodId}/revise`, { version: await current(periodId) }), 409, 'INVALID_TRANSITION');
    await refused(periodId, async () => supervisor.request('POST', `/api/submissions/${periodId}/approve`, { version: await current(periodId) }), 409, 'INVALID_TRANSITION');

    expect((await officer.request('POST', `/api/submissions/${periodId}/submit`, { version: await current(periodId) })).status).toBe(200);
    await refused(periodId, async () => officer.request('POST', `/api/submissions/${periodId}/submit`, { version: await current(periodId) }), 409, 'INVALID_TRANSITION');
    await refused(periodId, async () => officer.request('PATCH', `/api/submissions/${periodId}`, { version: await current(periodId), narrative: 'x' }), 409, 'INVALID_TRANSITION');
    // The supervisor sends it back: a comment is required.
    await refused(periodId, async () => supervisor.request('POST', `/api/submissions/${periodId}/send-back`, { version: await current(periodId) }), 400, 'VALIDATION_FAILED');
    const back = await supervisor.request('POST', `/api/submissions/${periodId}/send-back`, { version: await current(periodId), comment: '數字請再確認' });
    expect(back.body).toMatchObject({ status: 'draft', reviews: [{ action: 'submit' }, { action: 'send_back', comment: '數字請再確認' }] });
    const [{ n: sentBack }] = await ds.query(`SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1 AND topic = 'submission.sent_back'`, [periodId]);
    expect(sentBack).toBe(1);

    expect((await officer.request('POST', `/api/submissions/${periodId}/submit`, { version: await current(periodId) })).status).toBe(200);
    expect((await supervisor.request('POST', `/api/submissions/${periodId}/approve`, { version: await current(periodId) })).status).toBe(200);
    await refused(periodId, async () => supervisor.request('POST', `/api/submissions/${periodId}/approve`, { version: await current(periodId) }), 409, 'INVALID_TRANSITION');
    await refused(periodId, async () => upload(officer, periodId, 'late.pdf', pdf('late'), 'application/pdf'), 409, 'INVALID_TRANSITION');
    await refused(periodId, async () => officer.request('POST', `/api/submissions/${periodId}/revise`, { version: await current(periodId) }), 409, 'INVALID_TRANSITION');
    // Only the secretariat accepts or returns.
    await refused(periodId, async () => officer.request('POST', `/api/submissions/${periodId}/accept`, { version: await current(periodId) }), 403, 'FORBIDDEN');
    await refused(periodId, async () => supervisor.request('POST', `/api/submissions/${periodId}/return`, { version: await current(periodId), comment: 'x' }), 403, 'FORBIDDEN');
    await refused(periodId, async () => coordinator.request('POST', `/api/submissions/${periodId}/accept`, { version: (await current(periodId)) - 1 }), 409, 'STALE_VERSION');
  });

  it('a return needs a comment that says something', async () => {
    const coordinator = await as('coordinator');
    for (const body of [{}, { comment: '' }, { comment: '   ' }]) {
      const error = await refused(periodId, async () => coordinator.request('POST', `/api/submissions/${periodId}/return`, { version: await current(periodId), ...body }), 400, 'VALIDATION_FAILED');
      expect(error.details.fields.map((f: any) => f.field)).toEqual(['comment']);
    }
    const accepted = await coordinator.request('POST', `/api/submissions/${periodId}/accept`, { version: await current(periodId) });
    expect(accepted.body.status).toBe('accepted');
    await refused(periodId, async () => coordinator.request('POST', `/api/submissions/${periodId}/return`, { version: await current(periodId), comment: '太遲' }), 409, 'INVALID_TRANSITION');
    await refused(periodId, async () => coordinator.request('POST', `/api/submissions/${periodId}/accept`, { version: await current(periodId) }), 409, 'INVALID_TRANSITION');
  });

  it('another ministry gets 404 for everything about a 經濟部 submission, as for an unknown one, and cannot list or draft by its codes', async () => {
    const moda = await as('moda-officer');
    const modaSupervisor = await as('moda-supervisor');
    const milestoneSubmission = (await ds.query(`SELECT s.id FROM submission s JOIN milestone m ON m.id = s.milestone_id WHERE m.code = $1`, [MILESTONE]))[0].id;
    const [evidence] = await ds.query(`SELECT id FROM evidence_file WHERE submission_id = $1 LIMIT 1`, [milestoneSubmission]);
    for (const path of [`/api/submissions/${periodId}`, `/api/submissions/${periodId}/revisions/1`, `/api/submissions/${periodId}/diff?from=1&to=2`, `/api/evidence/${evidence.id}`]) {
      expect({ path, status: (await moda.get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await moda.get(`/api/submissions?subProject=${LEAD_SP}`)).body.error.details.fields[0]).toMatchObject({ field: 'subProject', codes: ['unknownReference'] });
    const draft = (await (await as('moea-officer')).request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2024-Q4' })).body;
    const version = draft.version;
    await refused(draft.id, () => moda.request('PATCH', `/api/submissions/${draft.id}`, { version, narrative: '越權' }), 404, 'NOT_FOUND');
    await refused(draft.id, () => moda.request('POST', `/api/submissions/${draft.id}/submit`, { version }), 404, 'NOT_FOUND');
    await refused(draft.id, () => upload(moda, draft.id, 'x.pdf', pdf('x'), 'application/pdf'), 404, 'NOT_FOUND');
    await refused(null, () => moda.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2023-Q4' }), 400, 'VALIDATION_FAILED');
    expect((await (await as('moea-officer')).request('POST', `/api/submissions/${draft.id}/submit`, { version })).status).toBe(200);
    await refused(draft.id, () => modaSupervisor.request('POST', `/api/submissions/${draft.id}/approve`, { version: version + 1 }), 404, 'NOT_FOUND');
    await refused(draft.id, () => modaSupervisor.request('POST', `/api/submissions/${draft.id}/send-back`, { version: version + 1, comment: 'x' }), 404, 'NOT_FOUND');
    // A missing submission is 404 for everyone.
    expect((await moda.get('/api/submissions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await moda.get('/api/submissions/not-a-uuid')).body.error.details.fields[0].field).toBe('id');
  });

  it('a co-organiser reads and adds evidence, but only the lead drafts, edits and submits', async () => {
    const moda = await as('moda-officer');
    const seen = await moda.get(`/api/submissions/${sharedId}`);
    expect(seen.status).toBe(200);
    expect((await moda.get(`/api/submissions?subProject=${SHARED_SP}`)).body.items.map((i: any) => i.id)).toEqual([sharedId]);
    const added = await upload(moda, sharedId, '數位部協辦資料.csv', Buffer.from('項目,數量\n資料集,3\n', 'utf8'), 'text/csv; charset=utf-8');
    expect(added.status).toBe(201);
    expect(added.body.evidence.organisation.code).toBe('moda');
    const version = added.body.version;
    const denied = await refused(sharedId, () => moda.request('POST', `/api/submissions/${sharedId}/submit`, { version }), 403, 'FORBIDDEN');
    expect(denied.message).toMatch(/Only the lead organisation/);
    await refused(sharedId, () => moda.request('PATCH', `/api/submissions/${sharedId}`, { version, narrative: '改寫' }), 403, 'FORBIDDEN');
    await refused(null, () => moda.request('POST', '/api/submissions', { subProject: SHARED_SP, period: '2024-Q3' }), 403, 'FORBIDDEN');
    // The secretariat sees none of it while it is a draft.
    for (const user of ['coordinator', 'reviewer', 'viewer'] as const) {
      expect((await (await as(user)).get(`/api/submissions/${sharedId}`)).status).toBe(404);
      expect((await (await as(user)).get(`/api/evidence/${added.body.evidence.id}`)).status).toBe(404);
    }
    await refused(sharedId, () => as('coordinator').then((c) => c.request('POST', `/api/submissions/${sharedId}/accept`, { version })), 404, 'NOT_FOUND');
    await refused(sharedId, () => as('reviewer').then((c) => c.request('POST', `/api/submissions/${sharedId}/accept`, { version })), 403, 'FORBIDDEN');
  });

  it('evidence: too big, a type not on the list, bytes that are not the declared type, an empty body', async () => {
    const officer = await as('moea-officer');
    const put = (bytes: Buffer, type: string, name = 'f.pdf') => () => upload(officer, sharedId, name, bytes, type);
    const tooBig = await refused(sharedId, put(Buffer.concat([pdf('big'), Buffer.alloc(MAX_BYTES)]), 'application/pdf'), 413, 'PAYLOAD_TOO_LARGE');
    expect(tooBig.message).toContain(String(MAX_BYTES));
    const exact = Buffer.concat([pdf('exact'), Buffer.alloc(MAX_BYTES - pdf('exact').length, 0x20)]);
    expect(exact.length).toBe(MAX_BYTES);

    const zip = await refused(sharedId, put(Buffer.from('PK\x03\x04zip', 'latin1'), 'application/zip', 'a.zip'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(zip.message).toMatch(/application\/zip.*not accepted/);
    await refused(sharedId, put(Buffer.from('hello'), 'text/plain', 'a.txt'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(sharedId, put(Buffer.from('{"a":1}'), 'application/json', 'a.json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const mismatch = await refused(sharedId, put(png(), 'application/pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(mismatch.message).toBe('The file is declared as application/pdf but its content is not PDF');
    await refused(sharedId, put(pdf('not an image'), 'image/jpeg', 'a.jpg'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(sharedId, put(Buffer.from([0x61, 0x2c, 0xff, 0xfe, 0x0a]), 'text/csv', 'a.csv'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(sharedId, put(Buffer.from('a,b\0c'), 'text/csv', 'a.csv'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(sharedId, put(pdf('docx?'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(sharedId, put(Buffer.alloc(0), 'application/pdf'), 400, 'VALIDATION_FAILED');
    await refused(sharedId, put(pdf('x'), 'application/pdf', '../etc/passwd'), 400, 'VALIDATION_FAILED');
    await refused(sharedId, () => officer.request('PUT', `/api/submissions/${sharedId}/evidence`, pdf('x'), { 'content-type': 'application/pdf' }), 400, 'VALIDATION_FAILED');

    // Sent without a length (chunked), a body over the limit is cut off by the parser: 413 all the same.
    const chunked = await refused(sharedId, async () => {
      const oversized = Buffer.concat([pdf('chunked'), Buffer.alloc(MAX_BYTES)]);
      const body = new ReadableStream({ start(c) { c.enqueue(oversized.subarray(0, 1000)); c.enqueue(oversized.subarray(1000)); c.close(); } });
      const res = await fetch(`${server.baseUrl}/api/submissions/${sharedId}/evidence?filename=big.pdf`, {
        method: 'PUT', body, duplex: 'half', headers: { authorization: `Bearer ${(officer as any).token}`, 'content-type': 'application/pdf' },
      } as RequestInit);
      return { status: res.status, body: await res.json() };
    }, 413, 'PAYLOAD_TOO_LARGE');
    expect(chunked.message).toMatch(/too large/);

    // At the limit, and an xlsx, are accepted.
    expect((await put(exact, 'application/pdf', 'exact.pdf')()).status).toBe(201);
    expect((await put(await minimalXlsx('預算'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '預算.xlsx')()).status).toBe(201);
  });

  it('a stale version given with an upload is refused', async () => {
    const officer = await as('moea-officer');
    const seen = await current(sharedId);
    expect((await officer.request('PATCH', `/api/submissions/${sharedId}`, { version: seen, narrative: '另一分頁已儲存' })).status).toBe(200);
    await refused(sharedId, () => officer.request('PUT', `/api/submissions/${sharedId}/evidence?filename=a.pdf&version=${seen}`, pdf('a'), { 'content-type': 'application/pdf' }), 409, 'STALE_VERSION');
  });

  it('lists are keyset-paginated and filtered within scope', async () => {
    const officer = await as('moea-officer');
    const all = await officer.get('/api/submissions?limit=200');
    expect(all.body.items.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await officer.get(`/api/submissions?limit=1${after ? `&after=${after}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((i: any) => i.id));
      after = page.body.nextCursor;
    } while (after);
    expect(seen).toEqual(all.body.items.map((i: any) => i.id));
    const accepted = await officer.get(`/api/submissions?status=accepted&subProject=${LEAD_SP}`);
    expect(accepted.body.items.every((i: any) => i.status === 'accepted')).toBe(true);
    expect(accepted.body.items).toHaveLength(2);
    const byMilestone = await officer.get(`/api/submissions?milestone=${MILESTONE}`);
    expect(byMilestone.body.items.map((i: any) => i.milestone.code)).toEqual([MILESTONE]);
    expect((await officer.get('/api/submissions?milestone=nope')).body.error.details.fields[0].field).toBe('milestone');
    expect((await officer.get('/api/submissions?after=garbage')).status).toBe(400);
    expect((await server.get('/api/submissions')).status).toBe(401);
  });
});

// ---- evidence beside an open form --------------------------------------------------------------

describe('uploading evidence does not invalidate the version of an open form', () => {
  it('draft v1, three uploads, then the save with version 1 and the submit succeed; the revision and the diff list the files', async () => {
    const officer = await as('moea-officer');
    const created = await officer.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2025-Q1', progressPercent: '10' });
    expect(created.body).toMatchObject({ status: 'draft', version: 1, revision: 1 });
    const id = created.body.id as string;

    const files = [
      ['成果報告.pdf', pdf('成果報告'), 'application/pdf'],
      ['經費明細.csv', Buffer.from('項目,金額\n人事費,1.5\n', 'utf8'), 'text/csv'],
      ['現場照片.png', png(), 'image/png'],
    ] as const;
    const uploaded: string[] = [];
    for (const [name, bytes, type] of files) {
      const res = await upload(officer, id, name, bytes, type);
      expect({ status: res.status, revision: res.body.revision, version: res.body.version }).toEqual({ status: 201, revision: 1, version: 1 });
      uploaded.push(res.body.evidence.id);
    }
    const open = (await officer.get(`/api/submissions/${id}`)).body;
    expect(open).toMatchObject({ version: 1, revision: 1, content: { evidence: [] } });
    expect(open.pendingEvidence.map((e: any) => e.id)).toEqual(uploaded);

    // Two saves of the same version still race: one wins, the other is told its copy is stale.
    const saves = await Promise.all(['第一季完成需求訪談', '另一分頁的版本'].map((narrative) =>
      officer.request('PATCH', `/api/submissions/${id}`, { version: 1, narrative })));
    expect(saves.map((r) => r.status).sort()).toEqual([200, 409]);
    const saved = saves.find((r) => r.status === 200)!.body;
    expect(saves.find((r) => r.status === 409)!.body.error).toMatchObject({ code: 'STALE_VERSION', details: { expected: 1, actual: 2 } });
    expect(saved).toMatchObject({ version: 2, revision: 2, content: { progressPercent: '10.00', evidence: uploaded }, pendingEvidence: [] });

    const submitted = await officer.request('POST', `/api/submissions/${id}/submit`, { version: saved.version });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'awaiting_supervisor', revision: 2 });

    const revision = (await officer.get(`/api/submissions/${id}/revisions/2`)).body;
    expect(revision.content.evidence).toEqual(uploaded);
    expect(revision.evidence.map((e: any) => e.filename)).toEqual(files.map(([name]) => name));
    const diff = (await officer.get(`/api/submissions/${id}/diff?from=1&to=2`)).body;
    expect(diff.find((c: any) => c.field === 'evidence')).toEqual({
      field: 'evidence', from: [], removed: [],
      to: files.map(([filename, bytes]) => ({ filename, sha256: sha(bytes) })),
      added: files.map(([filename, bytes]) => ({ filename, sha256: sha(bytes) })),
    });
  });

  it('a file uploaded after the last save goes into the revision the submit makes', async () => {
    const officer = await as('moea-officer');
    const created = (await officer.request('POST', '/api/submissions', { subProject: LEAD_SP, period: '2025-Q2', progressPercent: '20' })).body;
    const file = await upload(officer, created.id, '補充資料.pdf', pdf('補充'), 'application/pdf');
    const submitted = await officer.request('POST', `/api/submissions/${created.id}/submit`, { version: created.version });
    expect(submitted.body).toMatchObject({ status: 'awaiting_supervisor', revision: 2, content: { evidence: [file.body.evidence.id] }, pendingEvidence: [] });
    expect(submitted.body.reviews).toMatchObject([{ action: 'submit', revision: 2 }]);
  });
});
