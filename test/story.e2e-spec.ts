/**
 * The whole story, over HTTP on real PostgreSQL: a coordinator assigns a real 2.0 sub-project to
 * 經濟部; the officer drafts with evidence, the supervisor approves, the coordinator returns it with
 * a comment, the officer revises, the supervisor approves again, the coordinator accepts. Lights
 * and dashboards change on the way, and the audit trail shows every step.
 */
import { DataSource } from 'typeorm';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { minimalPdf } from './support/evidence-files.js';

const SUB_PROJECT = 'aap2-sp-12'; // 經濟部 AI on chip 終端智慧發展計畫(109-112), 表4 and 表6

let db: TestDatabase;
let api: TestApi;
let coordinator: Client;
let officer: Client;
let supervisor: Client;
let moda: Client;
let today: string;
let period: string;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await bootApi(db.url);
  [coordinator, officer, supervisor, moda] = await Promise.all([api.as('coordinator'), api.as('moea-officer'), api.as('moea-supervisor'), api.as('moda-officer')]);
  const [row] = await api.app.get(DataSource).query(`SELECT to_char((now() AT TIME ZONE 'Asia/Taipei')::date, 'YYYY-MM-DD') AS today`);
  today = row.today;
  period = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

/** The last day of the current quarter: a milestone due then is not overdue today. */
function quarterEnd(): string {
  const year = Number(today.slice(0, 4));
  const endMonth = Math.ceil(Number(today.slice(5, 7)) / 3) * 3;
  const last = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  return `${year}-${String(endMonth).padStart(2, '0')}-${last}`;
}

async function lightOf(code: string): Promise<{ colour: string; reasons: string[] }> {
  const res = await coordinator.get(`/api/sub-projects/${code}/lights`);
  expect(res.status).toBe(200);
  const light = res.body.lights.find((l: any) => l.period === period);
  return { colour: light?.colour ?? 'white', reasons: (light?.reasons ?? []).map((r: any) => r.code) };
}

async function portfolioColourOf(code: string): Promise<string> {
  const res = await coordinator.get(`/api/dashboards/portfolio?programme=aap2&period=${period}&ministry=moea&light=${(await lightOf(code)).colour}&limit=200`);
  expect(res.status).toBe(200);
  return res.body.drillDown.items.find((i: any) => i.code === code)?.colour;
}

it('runs from assignment to acceptance, with lights, dashboards and the audit trail following', async () => {
  // 1. The coordinator assigns the sub-project to 經濟部 (數位部 co-organising) and sets a milestone.
  const sp = (await coordinator.get(`/api/sub-projects/${SUB_PROJECT}`)).body;
  expect(sp.lead.name).toBe('經濟部');
  const assigned = await coordinator.request('POST', `/api/sub-projects/${SUB_PROJECT}/assign`, {
    version: sp.version, lead: 'moea', coOrganisers: ['moda'], reason: '納入 AI 行動計畫 2.0 管考，數位部協辦',
  });
  expect(assigned.status).toBe(200);
  const milestone = await coordinator.request('POST', `/api/sub-projects/${SUB_PROJECT}/milestones`, { deliverable: '完成 AI on chip 期末成果報告', dueDate: quarterEnd() });
  expect(milestone.status).toBe(201);

  // 2. The lead acknowledges; 數位部, only co-organising, cannot.
  const current = (await officer.get(`/api/sub-projects/${SUB_PROJECT}`)).body;
  expect((await moda.request('POST', `/api/sub-projects/${SUB_PROJECT}/acknowledge`, { version: current.version })).status).toBe(403);
  const acknowledged = await officer.request('POST', `/api/sub-projects/${SUB_PROJECT}/acknowledge`, { version: current.version });
  expect([acknowledged.status, acknowledged.body.status]).toEqual([200, 'acknowledged']);

  // 3. Nothing reported yet: the light is white.
  expect((await coordinator.request('POST', '/api/lights/recompute', { subProject: SUB_PROJECT, period })).status).toBe(200);
  expect(await lightOf(SUB_PROJECT)).toMatchObject({ colour: 'white', reasons: expect.arrayContaining(['not_reported']) });
  expect(await portfolioColourOf(SUB_PROJECT)).toBe('white');

  // 4. The officer drafts 40 % with evidence; the secretariat cannot see the draft.
  const draft = await officer.request('POST', '/api/submissions', {
    subProject: SUB_PROJECT, milestone: milestone.body.code, progressPercent: '40', narrative: '完成晶片架構設計與模擬驗證',
  });
  expect(draft.status).toBe(201);
  const id = draft.body.id;
  const pdf = minimalPdf('期中報告');
  const evidence = await moda.request('PUT', `/api/submissions/${id}/evidence?filename=${encodeURIComponent('期中報告.pdf')}`, pdf, { 'content-type': 'application/pdf' });
  expect(evidence.status).toBe(201); // a co-organiser may add evidence
  expect((await coordinator.get(`/api/submissions/${id}`)).status).toBe(404);

  // 5. Officer submits, supervisor approves: it reaches the secretariat and waits.
  let version = (await officer.get(`/api/submissions/${id}`)).body.version;
  version = (await officer.request('POST', `/api/submissions/${id}/submit`, { version })).body.version;
  const approved = await supervisor.request('POST', `/api/submissions/${id}/approve`, { version });
  expect([approved.status, approved.body.status]).toEqual([200, 'submitted']);
  const pending = (await coordinator.get('/api/dashboards/pending-reviews')).body;
  expect(pending.items.map((i: any) => [i.submissionId, i.daysWaiting])).toContainEqual([id, 0]);
  // Reported 40 % against 100 % planned by the quarter's end: red, with the reason in words.
  const red = await lightOf(SUB_PROJECT);
  expect(red.colour).toBe('red');
  expect(red.reasons).toContain('schedule_slip');
  expect(await portfolioColourOf(SUB_PROJECT)).toBe('red');

  // 6. The coordinator returns it with a comment (a return without one is refused).
  expect((await coordinator.request('POST', `/api/submissions/${id}/return`, { version: approved.body.version, comment: ' ' })).status).toBe(400);
  const returned = await coordinator.request('POST', `/api/submissions/${id}/return`, { version: approved.body.version, comment: '請補充晶片驗證數據與經費執行說明' });
  expect([returned.status, returned.body.status]).toEqual([200, 'returned']);
  expect((await coordinator.get('/api/dashboards/pending-reviews')).body.items.map((i: any) => i.submissionId)).not.toContain(id);

  // 7. The officer revises to 100 %, the supervisor approves again, the coordinator accepts.
  version = (await officer.request('POST', `/api/submissions/${id}/revise`, { version: returned.body.version })).body.version;
  const edited = await officer.request('PATCH', `/api/submissions/${id}`, { version, progressPercent: '100', narrative: '完成晶片驗證，驗證數據如附件' });
  expect(edited.status).toBe(200);
  const diff = await officer.get(`/api/submissions/${id}/diff?from=2&to=${edited.body.revision}`);
  expect(diff.body.map((c: any) => c.field)).toEqual(expect.arrayContaining(['progressPercent', 'narrative']));
  version = (await officer.request('POST', `/api/submissions/${id}/submit`, { version: edited.body.version })).body.version;
  version = (await supervisor.request('POST', `/api/submissions/${id}/approve`, { version })).body.version;
  const accepted = await coordinator.request('POST', `/api/submissions/${id}/accept`, { version });
  expect([accepted.status, accepted.body.status]).toEqual([200, 'accepted']);
  expect((await coordinator.get(`/api/milestones/${milestone.body.code}`)).body.status).toBe('accepted');

  // 8. The light turned green, and the dashboards agree.
  expect(await lightOf(SUB_PROJECT)).toMatchObject({ colour: 'green' });
  expect(await portfolioColourOf(SUB_PROJECT)).toBe('green');
  const performance = (await coordinator.get(`/api/dashboards/ministry-performance?programme=aap2&year=${today.slice(0, 4)}`)).body;
  const moeaRow = performance.ministries.find((m: any) => m.ministry.code === 'moea');
  expect(moeaRow).toMatchObject({ accepts: 1, returns: 1, returnRate: '50.0' });

  // 9. The audit trail shows every step, with actors and request ids.
  const trail = (await coordinator.get(`/api/audit?entityType=submission&entityId=${id}`)).body;
  expect(trail.map((e: any) => e.action)).toEqual([
    'submission.create', 'submission.add_evidence', 'submission.submit', 'submission.approve', 'submission.return',
    'submission.revise', 'submission.update', 'submission.submit', 'submission.approve', 'submission.accept',
  ]);
  expect(trail.map((e: any) => e.actor.email)).toEqual([
    'moea.officer@demo.guankao.tw', 'moda.officer@demo.guankao.tw', 'moea.officer@demo.guankao.tw', 'moea.supervisor@demo.guankao.tw',
    'coordinator@demo.guankao.tw', 'moea.officer@demo.guankao.tw', 'moea.officer@demo.guankao.tw', 'moea.officer@demo.guankao.tw',
    'moea.supervisor@demo.guankao.tw', 'coordinator@demo.guankao.tw',
  ]);
  expect(trail.find((e: any) => e.action === 'submission.return').after.comment).toBe('請補充晶片驗證數據與經費執行說明');
  expect(trail.every((e: any) => typeof e.requestId === 'string' && e.requestId.length > 0)).toBe(true);
  const spId = (await api.app.get(DataSource).query('SELECT id FROM sub_project WHERE code = $1', [SUB_PROJECT]))[0].id;
  const spTrail = (await coordinator.get(`/api/audit?entityType=sub_project&entityId=${spId}`)).body.map((e: any) => e.action);
  expect(spTrail).toEqual(expect.arrayContaining(['sub_project.reassign', 'sub_project.acknowledge']));

  // 10. Every notification the story calls for is in the outbox, committed with its step.
  const topics = (await api.app.get(DataSource).query(`SELECT topic FROM outbox_event ORDER BY id`)).map((r: any) => r.topic);
  expect(topics).toEqual(expect.arrayContaining([
    'sub_project.assigned', 'sub_project.acknowledged', 'submission.awaiting_supervisor', 'submission.submitted', 'submission.returned', 'submission.accepted',
  ]));
});
