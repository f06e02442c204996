/**
 * Scheduled report emails: coordinators manage schedules over HTTP (audited, told to the worker
 * through the outbox); the worker keeps one BullMQ job scheduler per active schedule and each run
 * generates the report once per tick from one snapshot, stores it and records one ledger row per
 * recipient. Mail is checked by rendering the rows and over real SMTP. The kinds of libs/reports
 * (programme_status, budget, resolution_tracking) are generated as `report` rows through the report
 * job's handler and read back with pdftotext and exceljs.
 */
import { parseString } from '@fast-csv/parse';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Notification } from '../libs/notifications/notification.entity.js';
import { JobName, QueueName, SCHEDULER_ID } from '../libs/queue/index.js';
import { ReportScheduleRunHandler } from '../libs/report-schedules/report-schedule-run.handler.js';
import { ScheduledReportRenderer } from '../libs/report-schedules/scheduled-report.renderer.js';
import { User, UserLocale } from '../libs/users/user.entity.js';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { eventually } from './support/eventually.js';
import { given, type Given } from './support/given.js';
import { SmtpTestServer } from './support/smtp.js';
import { TABLE_8 } from './support/table8.js';
import { finished } from './support/sweeps.js';
import { bootWorker, dropQueues, FakeClock, settled, type TestWorker, uniqueQueuePrefix } from './support/worker.js';

/** Sunday 2026-11-22 08:00 Taipei. */
const TICK = new Date('2026-11-22T00:00:00Z');

let db: TestDatabase;
let g: Given;
let api: TestApi;
let coordinator: Client;
let storageDir: string;
const prefixes: string[] = [];
const user: Record<string, string> = {};

async function boot(clock = new FakeClock(TICK)): Promise<TestWorker> {
  const queuePrefix = uniqueQueuePrefix();
  prefixes.push(queuePrefix);
  return bootWorker({ databaseUrl: db.url, queuePrefix, clock, env: { STORAGE_DIR: storageDir } });
}

function scheduleBody(overrides: Record<string, unknown> = {}) {
  return { name: '每週計畫摘要', programme: 'rs', kind: 'programme_summary', format: 'xlsx', cron: '0 8 * * 1', recipientUserIds: [user.coordinator, user.viewer], ...overrides };
}

beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'guankao-reports-'));
  db = await createTestDatabase();
  g = await given(db.url);
  for (const [key, email] of Object.entries({
    coordinator: 'coordinator@demo.guankao.tw', viewer: 'viewer@demo.guankao.tw', moeaOfficer: 'moea.officer@demo.guankao.tw', reviewer: 'reviewer@demo.guankao.tw',
  })) user[key] = (await g.sql('SELECT id FROM app_user WHERE email = $1', [email]))[0].id;

  // A programme of our own: three sub-projects, one with a name CSV must quote.
  const programme = await g.programme('rs');
  const a = await g.subProject({ code: 'rs-a', programmeId: programme, lead: 'moea', name: 'AI 人才培育, "進階" 計畫' });
  const b = await g.subProject({ code: 'rs-b', programmeId: programme, lead: 'moda', name: '數位韌性\n第二期' });
  await g.subProject({ code: 'rs-c', programmeId: programme, lead: null, name: '尚未分派' });
  await g.milestone(a, { code: 'rs-a-1', seq: 1, due: '2026-06-30', status: 'accepted' });
  await g.milestone(a, { code: 'rs-a-2', seq: 2, due: '2026-09-30' });
  await g.milestone(a, { code: 'rs-a-3', seq: 3, due: '2026-11-21', status: 'submitted' });
  await g.milestone(a, { code: 'rs-a-4', seq: 4, due: '2026-11-22' }); // due on the report's day: not overdue yet
  await g.milestone(b, { code: 'rs-b-1', seq: 1, due: '2026-03-31' });
  await g.light(a, '2026-Q3', 'yellow');
  await g.light(a, '2026-Q4', 'red');
  await g.light(b, '2026-Q4', 'red', { colour: 'yellow', justification: '已提改善計畫' });
  await g.light(b, '2027-Q1', 'green'); // a later period than the report's: not current

  api = await bootApi(db.url);
  coordinator = await api.as('coordinator');
}, 120_000);

afterAll(async () => {
  await api?.app.close();
  await g?.close();
  await db?.drop();
  for (const prefix of prefixes) await dropQueues(prefix);
  await rm(storageDir, { recursive: true, force: true });
  delete process.env.STORAGE_DIR; // bootWorker set it for this file only
});

describe('the report schedule API', () => {
  it('lets a coordinator create, read, change and delete a schedule, auditing each change and telling the worker through the outbox', async () => {
    const created = await coordinator.request('POST', '/api/report-schedules', scheduleBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '每週計畫摘要', programme: { code: 'rs' }, kind: 'programme_summary', format: 'xlsx', cron: '0 8 * * 1', timeZone: 'Asia/Taipei', isActive: true, version: 1,
      recipients: [expect.objectContaining({ id: user.coordinator, isActive: true }), expect.objectContaining({ id: user.viewer })],
    });
    expect(new Date(created.body.nextRunAt).getUTCDay()).toBe(1); // Monday 08:00 Taipei is Monday 00:00 UTC
    expect(new Date(created.body.nextRunAt).getUTCHours()).toBe(0);
    const id = created.body.id;

    expect((await coordinator.get(`/api/report-schedules/${id}`)).body).toEqual(created.body);
    expect((await coordinator.get('/api/report-schedules')).body.map((s: { id: string }) => s.id)).toContain(id);

    const changed = await coordinator.request('PATCH', `/api/report-schedules/${id}`, { version: 1, cron: '30 7 * * *', format: 'csv' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ cron: '30 7 * * *', format: 'csv', version: 2, name: '每週計畫摘要' });
    const stale = await coordinator.request('PATCH', `/api/report-schedules/${id}`, { version: 1, isActive: false });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STALE_VERSION');
    const off = await coordinator.request('PATCH', `/api/report-schedules/${id}`, { version: 2, isActive: false });
    expect(off.body).toMatchObject({ isActive: false, nextRunAt: null, version: 3 });

    expect((await coordinator.get(`/api/report-schedules/${id}/runs`)).body).toEqual([]);
    expect((await coordinator.request('DELETE', `/api/report-schedules/${id}`)).status).toBe(204);
    expect((await coordinator.get(`/api/report-schedules/${id}`)).status).toBe(404);
    expect((await coordinator.get(`/api/report-schedules/${id}/runs`)).status).toBe(404);

    const audit = await g.sql(`SELECT action, before, after FROM audit_event WHERE entity_type = 'report_schedule' AND entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a) => a.action)).toEqual(['report_schedule.create', 'report_schedule.update', 'report_schedule.update', 'report_schedule.delete']);
    expect(audit[1].before).toMatchObject({ cron: '0 8 * * 1', version: 1 });
    expect(audit[1].after).toMatchObject({ cron: '30 7 * * *', version: 2 });
    const outbox = await g.sql(`SELECT topic, aggregate_type, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY id`, [id]);
    expect(outbox).toEqual(Array(4).fill({ topic: 'report_schedule.changed', aggregate_type: 'report_schedule', payload: { reportScheduleId: id } }));
  });

  it('refuses ministry users, viewers, reviewers and admins', async () => {
    for (const who of ['moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor', 'viewer', 'reviewer', 'admin'] as const) {
      const client = await api.as(who);
      expect([who, (await client.get('/api/report-schedules')).status]).toEqual([who, 403]);
      expect([who, (await client.request('POST', '/api/report-schedules', scheduleBody())).status]).toEqual([who, 403]);
    }
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const counts = async () => (await g.sql(`SELECT (SELECT count(*) FROM report_schedule) AS schedules, (SELECT count(*) FROM outbox_event) AS outbox,
                                                    (SELECT count(*) FROM audit_event) AS audit`))[0];
    const before = await counts();
    const problems = async (body: unknown) => {
      const res = await coordinator.request('POST', '/api/report-schedules', body);
      expect(res.status).toBe(400);
      return Object.fromEntries((res.body.error.details.fields as { field: string; problems: string[] }[]).map((f) => [f.field, f.problems.join(' ')]));
    };
    expect(await problems(scheduleBody({ cron: 'every monday' }))).toEqual({ cron: expect.stringMatching(/five-field cron/) });
    expect(await problems(scheduleBody({ cron: '0 25 * * *' }))).toEqual({ cron: expect.stringMatching(/cron/) });
    expect(await problems(scheduleBody({ programme: 'no-such' }))).toEqual({ programme: 'programme "no-such" does not exist' });
    const ghost = randomUUID();
    expect(await problems(scheduleBody({ recipientUserIds: [user.coordinator, ghost] }))).toEqual({ recipientUserIds: expect.stringContaining(ghost) });
    expect(await problems(scheduleBody({ recipientUserIds: [user.moeaOfficer] }))).toEqual({
      recipientUserIds: expect.stringMatching(new RegExp(`${user.moeaOfficer}.*only their own organisation`)),
    });
    expect(await problems(scheduleBody({ recipientUserIds: [] }))).toEqual({ recipientUserIds: 'recipientUserIds must name at least one user' });
    expect(await problems(scheduleBody({ recipientUserIds: ['me'] }))).toEqual({ recipientUserIds: expect.stringMatching(/uuid/) });
    expect(await problems(scheduleBody({ kind: 'pdf_packet' }))).toEqual({ kind: expect.stringMatching(/programme_summary, overdue_milestones/) });
    expect(await problems(scheduleBody({ format: 'docx' }))).toEqual({ format: 'format must be one of csv, xlsx, pdf' });
    // Each kind in its own formats: the summaries as tables, the generated reports as PDF or XLSX.
    expect(await problems(scheduleBody({ format: 'pdf' }))).toEqual({ format: 'a programme_summary report is sent as csv or xlsx, not pdf' });
    expect(await problems(scheduleBody({ kind: 'budget', format: 'csv' }))).toEqual({ format: 'a budget report is sent as pdf or xlsx, not csv' });
    expect(await problems(scheduleBody({ kind: 'gate_packet', format: 'pdf' }))).toEqual({ kind: expect.stringMatching(/programme_status, budget, resolution_tracking$/) });
    // resolution_tracking needs an existing meeting; no other kind takes one.
    expect(await problems(scheduleBody({ kind: 'resolution_tracking', format: 'pdf' }))).toEqual({ meeting: expect.stringMatching(/needs meeting/) });
    expect(await problems(scheduleBody({ kind: 'resolution_tracking', format: 'pdf', meeting: 'no-such-meeting' }))).toEqual({
      meeting: 'meeting "no-such-meeting" does not exist',
    });
    expect(await problems(scheduleBody({ kind: 'programme_status', format: 'pdf', meeting: 'sngroup-3' }))).toEqual({
      meeting: 'meeting does not apply to a programme_status report (only resolution_tracking takes one)',
    });
    expect(Object.keys(await problems(scheduleBody({ kind: 'budget', format: 'csv', programme: 'no-such' }))).sort()).toEqual(['format', 'programme']);
    expect(await problems({ ...scheduleBody(), name: '  ' })).toEqual({ name: 'name must not be empty' });
    expect(await problems({ ...scheduleBody(), extra: 1 })).toHaveProperty('extra');
    // Several problems at once are named together.
    expect(Object.keys(await problems(scheduleBody({ cron: 'x', programme: 'no-such' }))).sort()).toEqual(['cron', 'programme']);

    await g.sql(`UPDATE app_user SET is_active = false WHERE id = $1`, [user.reviewer]);
    expect(await problems(scheduleBody({ recipientUserIds: [user.reviewer] }))).toEqual({ recipientUserIds: expect.stringContaining(user.reviewer) });
    await g.sql(`UPDATE app_user SET is_active = true WHERE id = $1`, [user.reviewer]);

    expect((await coordinator.get('/api/report-schedules/not-a-uuid')).status).toBe(400);
    expect(await counts()).toEqual(before);
    const created = (await coordinator.request('POST', '/api/report-schedules', scheduleBody())).body;
    const patch = await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 1, cron: '61 * * * *' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.details.fields[0].field).toBe('cron');
    expect((await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { cron: '0 9 * * *' })).status).toBe(400); // version is required
    // A kind whose formats exclude the schedule's (csv), or one that needs a meeting: named, nothing changed.
    const toCsv = await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 1, format: 'csv' });
    expect(toCsv.status).toBe(200);
    const budgetCsv = await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 2, kind: 'budget' });
    expect(budgetCsv.status).toBe(400);
    expect(budgetCsv.body.error.details.fields).toEqual([{ field: 'format', problems: ['a budget report is sent as pdf or xlsx, not csv'], codes: ['invalid'] }]);
    const tracking = await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 2, kind: 'resolution_tracking', format: 'pdf' });
    expect(tracking.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['meeting']);
    // With the meeting it is accepted; changing the kind again drops the meeting that no longer applies.
    const withMeeting = await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 2, kind: 'resolution_tracking', format: 'pdf', meeting: 'sngroup-3' });
    expect(withMeeting.body).toMatchObject({ kind: 'resolution_tracking', format: 'pdf', meeting: 'sngroup-3', version: 3 });
    const back = await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 3, kind: 'budget' });
    expect(back.body).toMatchObject({ kind: 'budget', format: 'pdf', meeting: null, version: 4 });
    await coordinator.request('DELETE', `/api/report-schedules/${created.id}`);
  });
});

describe('registering schedules with BullMQ', () => {
  it('follows each change through the outbox: registered while active, re-registered on a new cron, removed when off or deleted', async () => {
    const worker = await boot();
    try {
      const reports = worker.jobs.queue(QueueName.Reports);
      const created = (await coordinator.request('POST', '/api/report-schedules', scheduleBody())).body;
      const key = SCHEDULER_ID.reportSchedule(created.id);
      const registered = await eventually('the scheduler', () => reports.getJobScheduler(key), { until: (s) => s !== undefined });
      expect(registered).toMatchObject({ key, pattern: '0 8 * * 1', tz: 'Asia/Taipei', name: JobName.ReportScheduleRun });
      expect(registered!.template?.data).toEqual({ scheduleId: created.id });

      await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 1, cron: '15 9 1 * *' });
      await eventually('the new cron', () => reports.getJobScheduler(key), { until: (s) => s?.pattern === '15 9 1 * *' });
      await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 2, isActive: false });
      await eventually('removal when inactive', () => reports.getJobScheduler(key), { until: (s) => s === undefined });
      await coordinator.request('PATCH', `/api/report-schedules/${created.id}`, { version: 3, isActive: true });
      await eventually('registration when active again', () => reports.getJobScheduler(key), { until: (s) => s !== undefined });
      await coordinator.request('DELETE', `/api/report-schedules/${created.id}`);
      await eventually('removal on delete', () => reports.getJobScheduler(key), { until: (s) => s === undefined });
    } finally {
      await worker.close();
    }
  });

  it('registers each active schedule exactly once when several workers start at the same moment, and drops stale ones', async () => {
    const ids: string[] = [];
    for (const [name, active] of [['甲', true], ['乙', true], ['丙', false]] as const) {
      const res = await coordinator.request('POST', '/api/report-schedules', scheduleBody({ name, isActive: active }));
      ids.push(res.body.id);
    }
    const queuePrefix = uniqueQueuePrefix();
    prefixes.push(queuePrefix);
    // A scheduler left from a schedule deleted while no worker ran.
    const first = await bootWorker({ databaseUrl: db.url, queuePrefix, env: { STORAGE_DIR: storageDir } });
    const stale = SCHEDULER_ID.reportSchedule(randomUUID());
    await first.jobs.queue(QueueName.Reports).upsertJobScheduler(stale, { pattern: '0 8 * * *', tz: 'Asia/Taipei' }, { name: JobName.ReportScheduleRun, data: { scheduleId: 'gone' } });
    await first.close();

    const workers = await Promise.all([1, 2, 3].map(() => bootWorker({ databaseUrl: db.url, queuePrefix, env: { STORAGE_DIR: storageDir } })));
    try {
      const reports = workers[0].jobs.queue(QueueName.Reports);
      const schedulers = await reports.getJobSchedulers(0, -1);
      const active = await g.sql(`SELECT id FROM report_schedule WHERE is_active`);
      const expected = active.map((s) => SCHEDULER_ID.reportSchedule(s.id)).sort();
      expect(expected).toEqual(expect.arrayContaining([SCHEDULER_ID.reportSchedule(ids[0]), SCHEDULER_ID.reportSchedule(ids[1])]));
      expect(expected).not.toContain(SCHEDULER_ID.reportSchedule(ids[2]));
      // The queue also carries the report retention tick (report-prune): only the schedules' are counted.
      expect(schedulers.map((s) => s.key).filter((k) => k.startsWith(SCHEDULER_ID.reportSchedule(''))).sort()).toEqual(expected);
      // One upcoming tick per schedule, not one per worker.
      const delayed = await reports.getDelayed();
      expect(delayed.filter((j) => j.name === JobName.ReportScheduleRun).map((j) => j.data.scheduleId).sort()).toEqual(active.map((s) => s.id).sort());
      expect(delayed.every((j) => j.name === JobName.ReportScheduleRun || j.name === JobName.ReportPrune)).toBe(true);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      for (const id of ids) await coordinator.request('DELETE', `/api/report-schedules/${id}`);
    }
  });
});

describe('a run', () => {
  let worker: TestWorker;
  let runner: ReportScheduleRunHandler;
  let scheduleId: string;

  beforeAll(async () => {
    worker = await boot();
    runner = worker.app.get(ReportScheduleRunHandler);
    // The viewer takes non-critical mail as a digest and the coordinator muted it: a report they were sent is still sent now.
    await g.sql(`UPDATE app_user SET notification_delivery = 'digest' WHERE id = $1`, [user.viewer]);
    await g.sql(`UPDATE app_user SET mute_non_critical = true WHERE id = $1`, [user.coordinator]);
    scheduleId = (await coordinator.request('POST', '/api/report-schedules', scheduleBody())).body.id;
  });

  afterAll(async () => {
    await g.sql(`UPDATE app_user SET notification_delivery = 'immediate', mute_non_critical = false WHERE id = ANY($1)`, [[user.viewer, user.coordinator]]);
    await worker?.close();
  });

  const runsOf = (id: string) => g.sql(`SELECT * FROM report_schedule_run WHERE schedule_id = $1 ORDER BY scheduled_for`, [id]);
  const mailOf = (runId: string) => g.sql(`SELECT * FROM notification WHERE subject_type = 'report_schedule_run' AND subject_id = $1 ORDER BY recipient_user_id`, [runId]);

  it('generates the XLSX summary once for the tick, stores it and records one critical notification per recipient', async () => {
    const outcome = await runner.handle({ scheduleId }, { repeatJobKey: `report-schedule-${scheduleId}`, opts: { prevMillis: TICK.getTime() } } as never);
    expect(outcome).toMatchObject({ status: 'sent', alreadySent: false });
    const [run] = await runsOf(scheduleId);
    expect(run).toMatchObject({
      status: 'sent', file_name: 'rs-programme-summary-2026-11-22.xlsx', content_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      row_count: 3, recipient_count: 2, error: null,
    });
    expect(new Date(run.scheduled_for).toISOString()).toBe(TICK.toISOString());
    const bytes = await readFile(join(storageDir, 'reports', run.sha256));
    expect(bytes.length).toBe(run.byte_size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(run.sha256);

    const mail = await mailOf(run.id);
    expect(mail.map((n) => n.recipient_user_id).sort()).toEqual([user.coordinator, user.viewer].sort());
    for (const n of mail) {
      expect(n).toMatchObject({ kind: 'scheduled_report', critical: true, status: 'pending', key: `scheduled_report:${run.id}:${n.recipient_user_id}`, payload: { scheduleId, runId: run.id } });
    }

    // Reopened, the workbook says what the database says.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const sheet = workbook.worksheets[0];
    const rows = sheet.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]).toEqual(['細部計畫代碼 Code', '細部計畫名稱 Sub-project', '主辦機關 Lead', '狀態 Status', '燈號 Light', '燈號期別 Light period', '查核點數 Milestones', '逾期 Overdue', '已驗收 Accepted']);
    const figures = await g.sql(
      `SELECT sp.code, sp.name, o.name AS lead, sp.status::text,
              (SELECT count(*)::int FROM milestone m WHERE m.sub_project_id = sp.id) AS total,
              (SELECT count(*)::int FROM milestone m WHERE m.sub_project_id = sp.id AND m.status <> 'accepted' AND m.due_date < '2026-11-22') AS overdue,
              (SELECT count(*)::int FROM milestone m WHERE m.sub_project_id = sp.id AND m.status = 'accepted') AS accepted
         FROM sub_project sp JOIN programme p ON p.id = sp.programme_id LEFT JOIN organisation o ON o.id = sp.lead_organisation_id
        WHERE p.code = 'rs' ORDER BY sp.code`,
    );
    const light: Record<string, [string, string] | [undefined, undefined]> = { 'rs-a': ['red', '2026-Q4'], 'rs-b': ['yellow', '2026-Q4'], 'rs-c': [undefined, undefined] };
    expect(rows.slice(1).map((r) => [...r, ...Array(9 - r.length).fill(undefined)])).toEqual(
      figures.map((f) => [f.code, f.name, f.lead ?? undefined, f.status, ...light[f.code], f.total, f.overdue, f.accepted]),
    );
    expect(rows[1].slice(6)).toEqual([4, 2, 1]); // rs-a: 4 milestones, 2 overdue (due before the 22nd, not accepted), 1 accepted
  });

  it('does nothing twice for the same tick: a retry finds the run sent', async () => {
    const before = await g.sql(`SELECT count(*)::int AS n FROM notification`);
    const again = await runner.run(scheduleId, TICK);
    expect(again).toMatchObject({ status: 'sent', alreadySent: true });
    expect(await runsOf(scheduleId)).toHaveLength(1);
    expect(await g.sql(`SELECT count(*)::int AS n FROM notification`)).toEqual(before);
    // Two workers on the same tick at once: one run, one notification per recipient.
    const tick = new Date('2026-11-29T00:00:00Z');
    const both = await Promise.all([runner.run(scheduleId, tick), runner.run(scheduleId, tick)]);
    expect(both.map((o) => (o as { alreadySent: boolean }).alreadySent).sort()).toEqual([false, true]);
    const runs = await runsOf(scheduleId);
    expect(runs).toHaveLength(2);
    expect(await mailOf(runs[1].id)).toHaveLength(2);
  });

  it('writes CSV as UTF-8 with a BOM and RFC 4180 quoting, listing the overdue milestones with AD and ROC dates', async () => {
    await g.sql(`UPDATE report_schedule SET kind = 'overdue_milestones', format = 'csv' WHERE id = $1`, [scheduleId]);
    const tick = new Date('2026-12-06T00:00:00Z');
    await runner.run(scheduleId, tick);
    const run = (await runsOf(scheduleId)).at(-1);
    expect(run).toMatchObject({ status: 'sent', file_name: 'rs-overdue-milestones-2026-12-06.csv', content_type: 'text/csv; charset=utf-8', row_count: 4 });
    const bytes = await readFile(join(storageDir, 'reports', run.sha256));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = await new Promise<string[][]>((resolve, reject) => {
      const out: string[][] = [];
      parseString(bytes.toString('utf8').slice(1)).on('data', (r: string[]) => out.push(r)).on('end', () => resolve(out)).on('error', reject);
    });
    expect(rows).toEqual([
      ['細部計畫代碼 Code', '細部計畫名稱 Sub-project', '主辦機關 Lead', '查核點代碼 Milestone', '交付項目 Deliverable', '到期日 Due (AD)', '到期日（民國）Due (ROC)', '逾期日數 Days overdue'],
      ['rs-b', '數位韌性\n第二期', '數位部', 'rs-b-1', '查核點 rs-b-1', '2026-03-31', '115/03/31', '250'],
      ['rs-a', 'AI 人才培育, "進階" 計畫', '經濟部', 'rs-a-2', '查核點 rs-a-2', '2026-09-30', '115/09/30', '67'],
      ['rs-a', 'AI 人才培育, "進階" 計畫', '經濟部', 'rs-a-3', '查核點 rs-a-3', '2026-11-21', '115/11/21', '15'],
      ['rs-a', 'AI 人才培育, "進階" 計畫', '經濟部', 'rs-a-4', '查核點 rs-a-4', '2026-11-22', '115/11/22', '14'],
    ]);
    expect(bytes.toString('utf8')).toContain('"AI 人才培育, ""進階"" 計畫"');
  });

  it('records a failure with its error and rethrows for a retry; the retry reuses the run', async () => {
    await g.sql(`UPDATE report_schedule SET kind = 'bogus' WHERE id = $1`, [scheduleId]);
    const tick = new Date('2026-12-13T00:00:00Z');
    await expect(runner.run(scheduleId, tick)).rejects.toThrow(/unknown report kind "bogus"/);
    const failed = (await runsOf(scheduleId)).at(-1);
    expect(failed).toMatchObject({ status: 'failed', error: 'unknown report kind "bogus"', sha256: null });
    expect(await mailOf(failed.id)).toEqual([]);

    await g.sql(`UPDATE report_schedule SET kind = 'programme_summary', format = 'xlsx' WHERE id = $1`, [scheduleId]);
    await runner.run(scheduleId, tick);
    const retried = (await runsOf(scheduleId)).at(-1);
    expect(retried).toMatchObject({ id: failed.id, status: 'sent', error: null });
    expect(await mailOf(failed.id)).toHaveLength(2);
  });

  it('finishes a run a crashed attempt left running, and skips inactive or deleted schedules', async () => {
    const tick = new Date('2026-12-20T00:00:00Z');
    const [left] = await g.sql(`INSERT INTO report_schedule_run (schedule_id, scheduled_for) VALUES ($1, $2) RETURNING id, status`, [scheduleId, tick]);
    expect(left.status).toBe('running');
    await runner.handle({ scheduleId, at: tick.toISOString() });
    expect((await runsOf(scheduleId)).at(-1)).toMatchObject({ id: left.id, status: 'sent' });

    await g.sql(`UPDATE report_schedule SET is_active = false WHERE id = $1`, [scheduleId]);
    expect(await runner.run(scheduleId, new Date('2026-12-27T00:00:00Z'))).toEqual({ status: 'skipped', reason: 'schedule inactive' });
    expect(await runner.run(randomUUID(), TICK)).toEqual({ status: 'skipped', reason: 'schedule deleted' });
    await g.sql(`UPDATE report_schedule SET is_active = true WHERE id = $1`, [scheduleId]);
  });

  it('writes the email naming the schedule, programme and as-of time, with the stored file attached', async () => {
    const [run] = await runsOf(scheduleId);
    const manager = worker.app.get(DataSource).manager;
    const renderer = worker.app.get(ScheduledReportRenderer);
    for (const [recipientId, locale] of [[user.coordinator, UserLocale.ZhTw], [user.viewer, UserLocale.En]] as const) {
      const notification = await manager.findOneByOrFail(Notification, { subjectId: run.id, recipientUserId: recipientId });
      const recipient = await manager.findOneByOrFail(User, { id: recipientId });
      const email = await renderer.render({ notification, recipient, locale, manager, link: (p) => `https://guankao.example.tw${p}` });
      const stored = await readFile(join(storageDir, 'reports', run.sha256));
      expect(email.attachments).toEqual([{ filename: 'rs-programme-summary-2026-11-22.xlsx', content: stored, contentType: run.content_type }]);
      if (locale === UserLocale.ZhTw) {
        expect(email.subject).toBe('【管考】定期報表：每週計畫摘要（測試方案 rs，截至 2026-11-22）');
        expect(email.text).toContain('資料時間：民國 115 年 11 月 22 日（2026-11-22） 08:00（臺北時間）');
        expect(email.text).toContain('報表：計畫執行摘要');
      } else {
        expect(email.subject).toBe('[Guankao] Scheduled report: 每週計畫摘要 (測試方案 rs, as of 2026-11-22)');
        expect(email.text).toContain('As of: 22 Nov 2026 (ROC 115/11/22) 08:00 (Taipei time)');
        expect(email.html).toContain('https://guankao.example.tw/sub-projects?programme=rs');
      }
      expect(email.text).toContain('rs-programme-summary-2026-11-22.xlsx');
    }
  });
});

describe('scheduled report delivery over SMTP', () => {
  it('emails the report to each recipient with the file attached, once', async () => {
    const smtp = await new SmtpTestServer().start();
    const queuePrefix = uniqueQueuePrefix();
    prefixes.push(queuePrefix);
    const worker = await bootWorker({ databaseUrl: db.url, queuePrefix, smtpUrl: smtp.url, clock: new FakeClock(TICK), env: { STORAGE_DIR: storageDir } });
    try {
      const created = (await coordinator.request('POST', '/api/report-schedules', scheduleBody({ name: 'SMTP 測試', recipientUserIds: [user.viewer] }))).body;
      await worker.jobs.add(JobName.ReportScheduleRun, { scheduleId: created.id, at: TICK.toISOString() });
      const [mail] = await smtp.waitFor(1);
      expect(mail.to).toEqual(['viewer@demo.guankao.tw']);
      expect(mail.subject).toContain('SMTP 測試');
      expect(mail.attachments).toHaveLength(1);
      expect(mail.attachments[0].filename).toBe('rs-programme-summary-2026-11-22.xlsx');
      const [run] = await g.sql(`SELECT sha256 FROM report_schedule_run WHERE schedule_id = $1`, [created.id]);
      expect(createHash('sha256').update(mail.attachments[0].content).digest('hex')).toBe(run.sha256);
      const again = await worker.jobs.add(JobName.ReportScheduleRun, { scheduleId: created.id, at: TICK.toISOString() });
      await finished(worker.jobs.queue(QueueName.Reports), again.id!);
      await settled(worker);
      expect(smtp.received).toHaveLength(1);
    } finally {
      await worker.close();
      await smtp.stop();
    }
  });
});

describe('scheduled generated reports (libs/reports kinds)', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  let smtp: SmtpTestServer;
  let worker: TestWorker;

  beforeAll(async () => {
    smtp = await new SmtpTestServer().start();
    const queuePrefix = uniqueQueuePrefix();
    prefixes.push(queuePrefix);
    worker = await bootWorker({ databaseUrl: db.url, queuePrefix, smtpUrl: smtp.url, clock: new FakeClock(TICK), env: { STORAGE_DIR: storageDir } });
  });

  afterAll(async () => {
    await worker?.close();
    await smtp?.stop();
  });

  async function pdftotext(bytes: Buffer): Promise<string> {
    const file = join(storageDir, `read-${createHash('sha256').update(bytes).digest('hex')}.pdf`);
    await writeFile(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  }

  /** Creates the schedule, runs its tick through the queue and returns the one email it sends, with the run and its report. */
  async function emailed(body: Record<string, unknown>) {
    const created = await coordinator.request('POST', '/api/report-schedules', scheduleBody({ recipientUserIds: [user.viewer], ...body }));
    expect(created.status).toBe(201);
    const before = smtp.received.length;
    await worker.jobs.add(JobName.ReportScheduleRun, { scheduleId: created.body.id, at: TICK.toISOString() });
    const mail = (await smtp.waitFor(before + 1))[before];
    const [run] = await g.sql(`SELECT * FROM report_schedule_run WHERE schedule_id = $1`, [created.body.id]);
    const [report] = await g.sql(`SELECT * FROM report WHERE id = $1`, [run.report_id]);
    return { schedule: created.body, mail, run, report };
  }

  it('emails a programme_status PDF generated as a report as of the tick: pdftotext reads its Chinese title and the database\'s figures', async () => {
    const { schedule, mail, run, report } = await emailed({ name: '每週執行狀況', kind: 'programme_status', format: 'pdf' });
    expect(mail.to).toEqual(['viewer@demo.guankao.tw']);
    expect(mail.subject).toContain('每週執行狀況');
    expect(mail.text).toContain('報表：計畫執行狀況報告');
    expect(mail.text).not.toContain('筆數'); // a sectioned report has no single row count
    expect(mail.attachments).toHaveLength(1);
    const [attachment] = mail.attachments;
    expect(attachment.filename).toBe('計畫執行狀況報告_rs_2026-11-22.pdf');
    expect(attachment.mimeType).toBe('application/pdf');

    // One report row, made by the report job's code: as of the tick, requested by the schedule's author, its file attached.
    expect(report).toMatchObject({
      kind: 'programme_status', format: 'pdf', status: 'ready', parameters: { programme: 'rs' }, requested_by_user_id: user.coordinator,
      file_name: '計畫執行狀況報告_rs_2026-11-22.pdf', content_type: 'application/pdf', sha256: run.sha256,
    });
    expect(new Date(report.as_of).toISOString()).toBe(TICK.toISOString());
    expect(run).toMatchObject({ status: 'sent', file_name: report.file_name, content_type: 'application/pdf', byte_size: report.byte_size, row_count: null });
    expect(createHash('sha256').update(attachment.content).digest('hex')).toBe(report.sha256);
    const runs = (await coordinator.get(`/api/report-schedules/${schedule.id}/runs`)).body;
    expect(runs).toEqual([expect.objectContaining({ reportId: report.id, fileName: report.file_name })]);
    expect((await coordinator.get(`/api/reports/${report.id}`)).body).toMatchObject({ status: 'ready', file: { sha256: report.sha256 } });

    const text = await pdftotext(attachment.content);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('測試方案rs計畫執行狀況報告');
    expect(flat).toContain('資料截至民國115年11月22日08:00');
    const [{ overdue }] = await g.sql(
      `SELECT count(*)::int AS overdue FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id JOIN programme p ON p.id = sp.programme_id
        WHERE p.code = 'rs' AND m.status <> 'accepted' AND m.due_date < '2026-11-22'`,
    );
    expect(overdue).toBe(3);
    expect(flat).toContain(`尚未驗收之查核點，共${overdue}項。`);
    for (const code of ['rs-a-2', 'rs-a-3', 'rs-b-1']) expect(text).toContain(code);

    // The same tick again: the run is sent, so no second report, file or email.
    const reports = await g.sql(`SELECT count(*)::int AS n FROM report`);
    await worker.app.get(ReportScheduleRunHandler).run(schedule.id, TICK);
    expect(await g.sql(`SELECT count(*)::int AS n FROM report`)).toEqual(reports);
    await settled(worker);
    expect(smtp.received.filter((m) => m.subject.includes('每週執行狀況'))).toHaveLength(1);
  }, 60_000);

  it('emails the budget report of aap2018 as XLSX whose cells equal 表8', async () => {
    const { mail, report } = await emailed({ name: '預算月報', programme: 'aap2018', kind: 'budget', format: 'xlsx' });
    const [attachment] = mail.attachments;
    expect(attachment.filename).toBe('預算報表_aap2018_2026-11-22.xlsx');
    expect(attachment.mimeType).toBe(XLSX);
    expect(report).toMatchObject({ kind: 'budget', format: 'xlsx', status: 'ready', parameters: { programme: 'aap2018' } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(attachment.content as never);
    const sheet = book.getWorksheet('預算')!;
    for (const [label, figures] of TABLE_8) {
      let r = 7;
      while (sheet.getCell(r, 1).value !== label) r++;
      expect([label, figures.map((_, i) => sheet.getCell(r, i + 2).value)]).toEqual([label, figures.map(Number)]);
    }
  }, 60_000);

  it('generates a meeting\'s resolution tracking report named by the schedule\'s meeting, and records a failure the report job reports', async () => {
    const runner = worker.app.get(ReportScheduleRunHandler);
    const created = (await coordinator.request('POST', '/api/report-schedules', scheduleBody({
      name: '決議追蹤', kind: 'resolution_tracking', format: 'xlsx', meeting: 'sngroup-3', recipientUserIds: [user.coordinator],
    }))).body;
    expect(created).toMatchObject({ kind: 'resolution_tracking', format: 'xlsx', meeting: 'sngroup-3' });
    const tick = new Date('2026-12-01T00:00:00Z');
    expect(await runner.run(created.id, tick)).toMatchObject({ status: 'sent', alreadySent: false });
    const [run] = await g.sql(`SELECT * FROM report_schedule_run WHERE schedule_id = $1`, [created.id]);
    const [report] = await g.sql(`SELECT r.*, m.code AS meeting FROM report r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = $1`, [run.report_id]);
    expect(report).toMatchObject({ kind: 'resolution_tracking', status: 'ready', meeting: 'sngroup-3', parameters: { meeting: 'sngroup-3' }, programme_id: null });
    expect(run).toMatchObject({ status: 'sent', file_name: '決議事項追蹤表_sngroup-3_2026-12-01.xlsx', content_type: XLSX, sha256: report.sha256 });

    // A generator failure no retry can fix (the format, changed behind the API's back): the report and the run say why, no mail.
    await g.sql(`UPDATE report_schedule SET kind = 'budget', format = 'csv' WHERE id = $1`, [created.id]);
    const failing = new Date('2026-12-08T00:00:00Z');
    await expect(runner.run(created.id, failing)).rejects.toThrow(/is failed: report kind "budget" is not generated as csv/);
    const [failed] = await g.sql(`SELECT * FROM report_schedule_run WHERE schedule_id = $1 AND scheduled_for = $2`, [created.id, failing]);
    expect(failed).toMatchObject({ status: 'failed', sha256: null, error: expect.stringMatching(/not generated as csv/) });
    expect(await g.sql(`SELECT 1 FROM notification WHERE subject_id = $1`, [failed.id])).toEqual([]);
    // Fixed, the retry reuses the run and its report row (generated again, since it failed).
    await g.sql(`UPDATE report_schedule SET format = 'xlsx' WHERE id = $1`, [created.id]);
    await g.sql(`UPDATE report SET format = 'xlsx' WHERE id = $1`, [failed.report_id]);
    await runner.run(created.id, failing);
    const [retried] = await g.sql(`SELECT * FROM report_schedule_run WHERE id = $1`, [failed.id]);
    expect(retried).toMatchObject({ status: 'sent', report_id: failed.report_id, error: null });
    expect((await g.sql(`SELECT status FROM report WHERE id = $1`, [failed.report_id]))[0].status).toBe('ready');
  }, 60_000);
});
