import { DataSource } from 'typeorm';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Meeting resolution tracking (會議決議列管) over HTTP: the seeded 2023 resolution sngroup-3-r1 goes
 * through follow-ups, a release request, release for one ministry, 繼續列管 for the other, and
 * carries over to later meetings until released. Refusals change nothing.
 */
let db: TestDatabase;
let server: TestApi;
let ds: DataSource;
let coordinator: Client;
let modaOfficer: Client;
let moeaOfficer: Client;
let moeaSupervisor: Client;
let viewer: Client;
let reviewer: Client;
let today: string;
let inAMonth: string;
let orgId: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  ds = server.app.get(DataSource);
  [coordinator, modaOfficer, moeaOfficer, moeaSupervisor, viewer, reviewer] = await Promise.all(
    (['coordinator', 'moda-officer', 'moea-officer', 'moea-supervisor', 'viewer', 'reviewer'] as const).map((u) => server.as(u)),
  );
  [{ today, in_a_month: inAMonth }] = await ds.query(
    `SELECT to_char((now() AT TIME ZONE 'Asia/Taipei')::date, 'YYYY-MM-DD') AS today,
            to_char((now() AT TIME ZONE 'Asia/Taipei')::date + 30, 'YYYY-MM-DD') AS in_a_month`,
  );
  const orgs: { id: string; code: string }[] = await ds.query(`SELECT id, code FROM organisation WHERE code IN ('moda', 'moea', 'nstc-sto')`);
  orgId = Object.fromEntries(orgs.map((o) => [o.code, o.id]));
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

const R1 = '/api/resolutions/sngroup-3-r1';
const rocOf = (iso: string) => `${Number(iso.slice(0, 4)) - 1911}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
const assignment = (body: any, org: string) => body.assignments.find((a: any) => a.organisation.code === org);
const agendaItem = (body: any, code: string) => body.agenda.find((i: any) => i.code === code);
const orgsOf = (item: any) => item.assignments.map((a: any) => a.organisation.code);

/** Everything a refusal must leave alone, for one resolution. */
async function snapshot(resolutionCode: string) {
  const [assignments, [counts]] = await Promise.all([
    ds.query(
      `SELECT o.code, a.status, a.version FROM resolution_assignment a JOIN resolution r ON r.id = a.resolution_id
         JOIN organisation o ON o.id = a.organisation_id WHERE r.code = $1 ORDER BY o.code`, [resolutionCode]),
    ds.query(
      `SELECT (SELECT count(*) FROM resolution_tracking_decision d JOIN resolution r ON r.id = d.resolution_id WHERE r.code = $1)::int AS decisions,
              (SELECT count(*) FROM resolution_follow_up f JOIN resolution r ON r.id = f.resolution_id WHERE r.code = $1)::int AS follow_ups,
              (SELECT count(*) FROM resolution)::int AS resolutions,
              (SELECT count(*) FROM meeting)::int AS meetings,
              (SELECT count(*) FROM audit_event)::int AS audit,
              (SELECT count(*) FROM outbox_event)::int AS outbox`, [resolutionCode]),
  ]);
  return { assignments, ...counts };
}

async function expectRefusedUnchanged(resolutionCode: string, call: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = await snapshot(resolutionCode);
  const res = await call();
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(await snapshot(resolutionCode)).toEqual(before);
  return res;
}

async function outboxSince(id: number) {
  return ds.query(`SELECT topic, aggregate_type, payload FROM outbox_event WHERE id > $1 ORDER BY id`, [id]);
}
async function lastOutboxId(): Promise<number> {
  const [{ id }] = await ds.query(`SELECT COALESCE(max(id), 0)::int AS id FROM outbox_event`);
  return id;
}
async function auditActionsSince(id: number): Promise<string[]> {
  return (await ds.query(`SELECT action FROM audit_event WHERE id > $1 ORDER BY id`, [id])).map((r: any) => r.action);
}
async function lastAuditId(): Promise<number> {
  const [{ id }] = await ds.query(`SELECT COALESCE(max(id), 0)::int AS id FROM audit_event`);
  return id;
}

describe('the 2023 resolution sngroup-3-r1 through 列管', () => {
  let r1Id: string;

  it('starts tracked for 數位部 and 經濟部, with the follow-up of 112/11/30 from the document', async () => {
    const res = await coordinator.get(R1);
    expect(res.status).toBe(200);
    r1Id = (await ds.query(`SELECT id FROM resolution WHERE code = 'sngroup-3-r1'`))[0].id;
    expect(res.body).toMatchObject({
      code: 'sngroup-3-r1', seq: 1, dueDate: null,
      meeting: { code: 'sngroup-3', heldOn: { ad: '2023-06-30', roc: '112/06/30' } },
    });
    expect(res.body.text).toContain('請數位部及經濟部多協助媒合軟體業者及中小企業');
    expect(res.body.assignments.map((a: any) => [a.organisation.code, a.organisation.name, a.status, a.version, a.lastDecision, a.history]))
      .toEqual([['moda', '數位部', 'tracking', 1, null, []], ['moea', '經濟部', 'tracking', 1, null, []]]);
    expect(res.body.followUps).toEqual([expect.objectContaining({
      code: 'sngroup-3-r1-fu-1', organisation: null, reportedOn: { ad: '2023-11-30', roc: '112/11/30' }, reportedBy: null,
    })]);
    expect(res.body.followUps[0].note).toContain('經濟部、數位部、國科會科技辦');

    const meetings = await coordinator.get('/api/meetings');
    expect(meetings.status).toBe(200);
    expect(meetings.body.map((m: any) => m.code)).toEqual(['sngroup-3', 'sngroup-4-pre', 'ey-tech-advisory-2023', 'sngroup-2024-01-24']);
    expect(meetings.body[0]).toEqual({
      code: 'sngroup-3', name: '智慧國家推動小組第3次會議', kind: 'meeting', body: { code: 'sngroup', name: '行政院智慧國家推動小組' },
      heldOn: { ad: '2023-06-30', roc: '112/06/30' }, heldUntil: null, resolutionCount: 2, openItemCount: 5,
    });
    expect(meetings.body[2]).toMatchObject({ kind: 'advisory', heldUntil: { ad: '2023-12-15', roc: '112/12/15' }, resolutionCount: 0 });
  });

  it('the 數位部 officer reports a follow-up and asks for release', async () => {
    const audit = await lastAuditId();
    const outbox = await lastOutboxId();
    const res = await modaOfficer.request('POST', `${R1}/follow-ups`, { text: '已辦理 AI 應用媒合說明會 3 場，媒合軟體業者與中小企業 42 家。', requestRelease: true, version: 1 });
    expect(res.status).toBe(201);
    expect(assignment(res.body, 'moda')).toMatchObject({ status: 'release_requested', version: 2, lastDecision: { decision: 'release_requested', comment: null, meeting: null } });
    expect(assignment(res.body, 'moda').history.map((d: any) => d.decision)).toEqual(['release_requested']);
    expect(assignment(res.body, 'moea')).toMatchObject({ status: 'tracking', version: 1 });
    const [displayName] = (await ds.query(`SELECT display_name FROM app_user WHERE email = 'moda.officer@demo.guankao.tw'`)).map((u: any) => u.display_name);
    expect(res.body.followUps.at(-1)).toEqual({
      code: 'sngroup-3-r1-fu-2', organisation: { code: 'moda', name: '數位部' }, reportedOn: { ad: today, roc: rocOf(today) },
      text: '已辦理 AI 應用媒合說明會 3 場，媒合軟體業者與中小企業 42 家。', note: null, reportedBy: displayName, source: null,
    });
    expect(await auditActionsSince(audit)).toEqual(['resolution.follow_up', 'resolution.request_release']);
    expect(await outboxSince(outbox)).toEqual([
      { topic: 'resolution.release_requested', aggregate_type: 'resolution', payload: { resolutionId: r1Id, organisationId: orgId.moda } },
    ]);
  });

  it('the 經濟部 officer only reports a follow-up: still tracked, nothing to notify', async () => {
    const outbox = await lastOutboxId();
    const res = await moeaOfficer.request('POST', `${R1}/follow-ups`, { text: '經濟部已協助中小企業導入 AI 解決方案。' });
    expect(res.status).toBe(201);
    expect(assignment(res.body, 'moea')).toMatchObject({ status: 'tracking', version: 1, lastDecision: null, history: [] });
    expect(res.body.followUps.at(-1)).toMatchObject({ code: 'sngroup-3-r1-fu-3', organisation: { code: 'moea' }, reportedOn: { ad: today } });
    expect(await outboxSince(outbox)).toEqual([]);
  });

  it('the coordinator releases 數位部 (解除列管) at the 會前會; the item stays tracked for 經濟部', async () => {
    const audit = await lastAuditId();
    const outbox = await lastOutboxId();
    const res = await coordinator.request('POST', `${R1}/assignments/moda/release`, { version: 2, comment: '已完成媒合，同意解除列管。', meeting: 'sngroup-4-pre' });
    expect(res.status).toBe(200);
    const moda = assignment(res.body, 'moda');
    expect(moda).toMatchObject({ status: 'released', version: 3 });
    expect(moda.history.map((d: any) => [d.decision, d.comment, d.meeting?.code ?? null])).toEqual([
      ['release_requested', null, null],
      ['released', '已完成媒合，同意解除列管。', 'sngroup-4-pre'],
    ]);
    expect(moda.history[1].meeting.heldOn).toEqual({ ad: '2023-12-08', roc: '112/12/08' });
    expect(moda.history[1].by).toEqual(expect.any(String));
    expect(assignment(res.body, 'moea')).toMatchObject({ status: 'tracking', version: 1 });
    expect(await auditActionsSince(audit)).toEqual(['resolution.release']);
    const [event] = await ds.query(`SELECT before, after FROM audit_event WHERE id > $1`, [audit]);
    expect(event.before).toEqual({ organisation: 'moda', status: 'release_requested', version: 2 });
    expect(event.after).toMatchObject({ organisation: 'moda', status: 'released', version: 3 });
    expect(await outboxSince(outbox)).toEqual([
      { topic: 'resolution.released', aggregate_type: 'resolution', payload: { resolutionId: r1Id, organisationId: orgId.moda, comment: '已完成媒合，同意解除列管。' } },
    ]);
  });

  it('經濟部 asks for release and the coordinator keeps it (繼續列管) with a comment', async () => {
    const ask = await moeaSupervisor.request('POST', `${R1}/follow-ups`, { text: '已完成 AI 導入輔導，申請解除列管。', requestRelease: true, version: 1 });
    expect(ask.status).toBe(201);
    expect(assignment(ask.body, 'moea')).toMatchObject({ status: 'release_requested', version: 2 });

    const outbox = await lastOutboxId();
    const res = await coordinator.request('POST', `${R1}/assignments/moea/keep`, {
      version: 2, comment: '繼續列管：請補充 AI 研發及應用人才培育之辦理情形。', meeting: 'sngroup-2024-01-24',
    });
    expect(res.status).toBe(200);
    const moea = assignment(res.body, 'moea');
    expect(moea).toMatchObject({
      status: 'tracking', version: 3,
      lastDecision: { decision: 'kept', comment: '繼續列管：請補充 AI 研發及應用人才培育之辦理情形。', meeting: { code: 'sngroup-2024-01-24' } },
    });
    expect(moea.history.map((d: any) => d.decision)).toEqual(['release_requested', 'kept']);
    expect(await outboxSince(outbox)).toEqual([
      { topic: 'resolution.kept', aggregate_type: 'resolution', payload: { resolutionId: r1Id, organisationId: orgId.moea, comment: '繼續列管：請補充 AI 研發及應用人才培育之辦理情形。' } },
    ]);
  });

  it('carries over to the next meetings of the group for 經濟部 only, and not to another body\'s meeting', async () => {
    const jan = await coordinator.get('/api/meetings/sngroup-2024-01-24');
    expect(jan.status).toBe(200);
    expect(jan.body).toMatchObject({ code: 'sngroup-2024-01-24', heldOn: { ad: '2024-01-24', roc: '113/01/24' }, resolutionCount: 0 });
    const r1 = agendaItem(jan.body, 'sngroup-3-r1');
    expect(r1).toMatchObject({ carriedOver: true, meeting: { code: 'sngroup-3', heldOn: { ad: '2023-06-30', roc: '112/06/30' } } });
    expect(orgsOf(r1)).toEqual(['moea']);
    expect(r1.assignments[0].lastDecision).toMatchObject({ decision: 'kept' });
    expect(r1.followUps.map((f: any) => f.code)).toEqual(['sngroup-3-r1-fu-1', 'sngroup-3-r1-fu-2', 'sngroup-3-r1-fu-3', 'sngroup-3-r1-fu-4']);
    expect(orgsOf(agendaItem(jan.body, 'sngroup-3-r2'))).toEqual(['moda', 'moea', 'nstc-sto']);

    // Released for 數位部 at the 會前會: on that meeting's agenda (decided there), not after it.
    const pre = await coordinator.get('/api/meetings/sngroup-4-pre');
    expect(orgsOf(agendaItem(pre.body, 'sngroup-3-r1'))).toEqual(['moda', 'moea']);
    // A meeting's own resolutions are not carried over to itself.
    const own = await coordinator.get('/api/meetings/sngroup-3');
    expect(own.body.agenda.map((i: any) => [i.code, i.carriedOver, orgsOf(i).length])).toEqual([['sngroup-3-r1', false, 2], ['sngroup-3-r2', false, 3]]);
    const advisory = await coordinator.get('/api/meetings/ey-tech-advisory-2023');
    expect(advisory.body.agenda).toEqual([]);
  });

  it('once released for 經濟部 too, it no longer carries over to a later meeting', async () => {
    const created = await coordinator.request('POST', '/api/meetings', { body: 'sngroup', name: '智慧國家推動小組第5次會議', kind: 'meeting', heldOn: inAMonth });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: `sngroup-${inAMonth}`, kind: 'meeting', body: { code: 'sngroup' }, heldOn: { ad: inAMonth, roc: rocOf(inAMonth) }, resolutionCount: 0 });
    const next = `/api/meetings/sngroup-${inAMonth}`;
    expect(orgsOf(agendaItem((await coordinator.get(next)).body, 'sngroup-3-r1'))).toEqual(['moea']);

    const res = await coordinator.request('POST', `${R1}/assignments/moea/release`, { version: 3 });
    expect(res.status).toBe(200);
    expect(assignment(res.body, 'moea')).toMatchObject({ status: 'released', version: 4, lastDecision: { decision: 'released', comment: null, meeting: null } });

    const later = await coordinator.get(next);
    expect(agendaItem(later.body, 'sngroup-3-r1')).toBeUndefined();
    expect(orgsOf(agendaItem(later.body, 'sngroup-3-r2'))).toEqual(['moda', 'moea', 'nstc-sto']);
    // The January 2024 meeting was held while it was still open for 經濟部: its agenda does not change.
    expect(orgsOf(agendaItem((await coordinator.get('/api/meetings/sngroup-2024-01-24')).body, 'sngroup-3-r1'))).toEqual(['moea']);

    const sngroup3 = (await coordinator.get('/api/meetings')).body.find((m: any) => m.code === 'sngroup-3');
    expect(sngroup3).toMatchObject({ resolutionCount: 2, openItemCount: 3 });
  });

  it('a second meeting of the group on the same day gets a numbered code', async () => {
    const again = await coordinator.request('POST', '/api/meetings', { body: 'sngroup', name: '智慧國家推動小組臨時會議', kind: 'working', heldOn: inAMonth, heldUntil: inAMonth });
    expect(again.status).toBe(201);
    expect(again.body.code).toBe(`sngroup-${inAMonth}-2`);
  });
});

describe('organisation scope', () => {
  const code = 'sngroup-2024-01-24-r1';

  it('the coordinator adds a resolution for 經濟部 only; it is tracked and 經濟部 is notified', async () => {
    const outbox = await lastOutboxId();
    const res = await coordinator.request('POST', '/api/meetings/sngroup-2024-01-24/resolutions', {
      text: '請經濟部於下次會議報告 AI 產業推動成果。', dueDate: '2024-06-30', organisations: ['moea'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code, seq: 1, version: 1, dueDate: { ad: '2024-06-30', roc: '113/06/30' }, meeting: { code: 'sngroup-2024-01-24' } });
    expect(res.body.assignments.map((a: any) => [a.organisation.code, a.status, a.version])).toEqual([['moea', 'tracking', 1]]);
    const [{ id }] = await ds.query(`SELECT id FROM resolution WHERE code = $1`, [code]);
    expect(await outboxSince(outbox)).toEqual([{ topic: 'resolution.assigned', aggregate_type: 'resolution', payload: { resolutionId: id, organisationId: orgId.moea } }]);
    const second = await coordinator.request('POST', '/api/meetings/sngroup-2024-01-24/resolutions', { text: '請數位部及國科會研議。', organisations: ['moda', 'nstc-sto'] });
    expect(second.body).toMatchObject({ code: 'sngroup-2024-01-24-r2', seq: 2, dueDate: null });
  });

  it('another ministry gets 404 on it, as on an unknown one, and does not see it on the agenda; the assigned one, viewers and reviewers do', async () => {
    expect((await modaOfficer.get(`/api/resolutions/${code}`)).status).toBe(404);
    expect((await modaOfficer.get('/api/resolutions/sngroup-9-r9')).status).toBe(404);
    expect((await moeaOfficer.get(`/api/resolutions/${code}`)).status).toBe(200);
    expect((await moeaOfficer.get('/api/resolutions/sngroup-2024-01-24-r2')).status).toBe(404);

    const agendaCodes = async (client: Client) => (await client.get('/api/meetings/sngroup-2024-01-24')).body.agenda.map((i: any) => i.code);
    expect(await agendaCodes(modaOfficer)).toEqual(['sngroup-3-r1', 'sngroup-3-r2', 'sngroup-2024-01-24-r2']);
    expect(await agendaCodes(moeaOfficer)).toEqual(['sngroup-3-r1', 'sngroup-3-r2', code]);
    for (const client of [viewer, reviewer, coordinator]) {
      expect(await agendaCodes(client)).toEqual(['sngroup-3-r1', 'sngroup-3-r2', code, 'sngroup-2024-01-24-r2']);
    }
    const counts = async (client: Client) => (await client.get('/api/meetings')).body.find((m: any) => m.code === 'sngroup-2024-01-24');
    expect(await counts(moeaOfficer)).toMatchObject({ resolutionCount: 1, openItemCount: 1 });
    expect(await counts(viewer)).toMatchObject({ resolutionCount: 2, openItemCount: 3 });
  });

  it('another ministry cannot report on it, nor may the secretariat report for a ministry', async () => {
    await expectRefusedUnchanged(code, () => modaOfficer.request('POST', `/api/resolutions/${code}/follow-ups`, { text: '數位部報告' }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(code, () => modaOfficer.request('POST', `/api/resolutions/${code}/follow-ups`, { text: '數位部報告', organisation: 'moea' }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(code, () => coordinator.request('POST', `/api/resolutions/${code}/follow-ups`, { text: '代填' }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(code, () => moeaOfficer.request('POST', `/api/resolutions/${code}/assignments/moea/release`, { version: 1 }), 403, 'FORBIDDEN');
    await expectRefusedUnchanged(code, () => moeaOfficer.request('POST', '/api/meetings', { body: 'sngroup', name: 'x', kind: 'meeting', heldOn: '2024-05-01' }), 403, 'FORBIDDEN');
  });
});

describe('refusals change nothing', () => {
  const code = 'sngroup-2024-01-24-r1';
  const path = `/api/resolutions/${code}`;

  it('keep without a comment → 400 naming comment', async () => {
    await moeaOfficer.request('POST', `${path}/follow-ups`, { text: '已完成報告準備，申請解除列管。', requestRelease: true, version: 1 });
    for (const body of [{ version: 2 }, { version: 2, comment: '   ' }, { version: 2, comment: 42 }]) {
      const res = await expectRefusedUnchanged(code, () => coordinator.request('POST', `${path}/assignments/moea/keep`, body), 400, 'VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: any) => f.field)).toEqual(['comment']);
    }
  });

  it('a stale version → 409 STALE_VERSION', async () => {
    const res = await expectRefusedUnchanged(code, () => coordinator.request('POST', `${path}/assignments/moea/release`, { version: 1 }), 409, 'STALE_VERSION');
    expect(res.body.error.details).toMatchObject({ expected: 1, actual: 2 });
    await expectRefusedUnchanged(code, () => coordinator.request('POST', `${path}/assignments/moea/keep`, { version: 1, comment: '繼續列管' }), 409, 'STALE_VERSION');
    // The follow-up is not recorded either when its release request is refused.
    await expectRefusedUnchanged('sngroup-2024-01-24-r2', async () => {
      const moda = await modaOfficer.request('POST', '/api/resolutions/sngroup-2024-01-24-r2/follow-ups', { text: '已研議', requestRelease: true, version: 7 });
      return moda;
    }, 409, 'STALE_VERSION');
  });

  it('an invalid transition → 409 INVALID_TRANSITION: asking twice, keeping what nobody asked for, releasing the released', async () => {
    await expectRefusedUnchanged(code, () => moeaOfficer.request('POST', `${path}/follow-ups`, { text: '再次申請', requestRelease: true, version: 2 }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged('sngroup-2024-01-24-r2', () => coordinator.request('POST', '/api/resolutions/sngroup-2024-01-24-r2/assignments/moda/keep', { version: 1, comment: '繼續列管' }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged('sngroup-3-r1', () => coordinator.request('POST', `${R1}/assignments/moda/release`, { version: 3 }), 409, 'INVALID_TRANSITION');
    await expectRefusedUnchanged('sngroup-3-r1', () => coordinator.request('POST', `${R1}/assignments/moea/keep`, { version: 4, comment: '繼續列管' }), 409, 'INVALID_TRANSITION');
    // A released item takes no more follow-ups.
    await expectRefusedUnchanged('sngroup-3-r1', () => modaOfficer.request('POST', `${R1}/follow-ups`, { text: '補充說明' }), 409, 'CONFLICT');
  });

  it('malformed bodies → 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      [`${path}/follow-ups`, 'moea', { text: '申請', requestRelease: true }, 'version'],
      [`${path}/follow-ups`, 'moea', { text: '' }, 'text'],
      [`${path}/follow-ups`, 'moea', { text: '報告', status: 'released' }, 'status'],
      [`${path}/follow-ups`, 'moea', { text: '報告', organisation: 'moda' }, 'organisation'],
      [`${path}/assignments/moea/release`, 'coordinator', { version: 2, meeting: 'ey-tech-advisory-2023' }, 'meeting'],
      [`${path}/assignments/moea/release`, 'coordinator', { version: 2, meeting: 'sngroup-3' }, 'meeting'],
      [`${path}/assignments/moea/release`, 'coordinator', { version: 2, meeting: `sngroup-${inAMonth}` }, 'meeting'],
      [`${path}/assignments/moea/release`, 'coordinator', { version: 2, meeting: 'no-such-meeting' }, 'meeting'],
      [`${path}/assignments/moea/release`, 'coordinator', { version: '2' }, 'version'],
      ['/api/meetings/sngroup-2024-01-24/resolutions', 'coordinator', { text: '決議', organisations: [] }, 'organisations'],
      ['/api/meetings/sngroup-2024-01-24/resolutions', 'coordinator', { text: '決議', organisations: ['moea', 'no-such-org'] }, 'organisations'],
      ['/api/meetings/sngroup-2024-01-24/resolutions', 'coordinator', { text: '決議', organisations: ['moea', 'moea'] }, 'organisations'],
      ['/api/meetings/sngroup-2024-01-24/resolutions', 'coordinator', { text: '決議', organisations: ['moea'], dueDate: '2023-02-30' }, 'dueDate'],
      ['/api/meetings/sngroup-2024-01-24/resolutions', 'coordinator', { text: '決議', organisations: ['moea'], dueDate: '2023-12-31' }, 'dueDate'],
      ['/api/meetings', 'coordinator', { body: 'no-such-body', name: '會議', kind: 'meeting', heldOn: '2024-05-01' }, 'body'],
      ['/api/meetings', 'coordinator', { body: 'sngroup', name: '會議', kind: 'party', heldOn: '2024-05-01' }, 'kind'],
      ['/api/meetings', 'coordinator', { body: 'sngroup', name: '會議', kind: 'meeting', heldOn: '2024-05-01', heldUntil: '2024-04-30' }, 'heldUntil'],
    ];
    for (const [url, who, body, field] of cases) {
      const client = who === 'moea' ? moeaOfficer : coordinator;
      const res = await expectRefusedUnchanged(code, () => client.request('POST', url, body), 400, 'VALIDATION_FAILED');
      expect({ url, field: res.body.error.details.fields.map((f: any) => f.field) }).toEqual({ url, field: [field] });
    }
  });

  it('missing things → 404', async () => {
    await expectRefusedUnchanged(code, () => coordinator.request('POST', `${path}/assignments/moda/release`, { version: 1 }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(code, () => coordinator.request('POST', '/api/resolutions/sngroup-9-r9/assignments/moea/release', { version: 1 }), 404, 'NOT_FOUND');
    await expectRefusedUnchanged(code, () => coordinator.request('POST', '/api/meetings/no-such-meeting/resolutions', { text: '決議', organisations: ['moea'] }), 404, 'NOT_FOUND');
    expect((await coordinator.get('/api/meetings/no-such-meeting')).status).toBe(404);
  });

  it('after all that, the keep with a comment still works from where it was', async () => {
    const res = await coordinator.request('POST', `${path}/assignments/moea/keep`, { version: 2, comment: '請於下次會議報告成果' });
    expect(res.status).toBe(200);
    expect(res.body.assignments[0]).toMatchObject({ status: 'tracking', version: 3 });
    expect(res.body.followUps).toHaveLength(1);
  });
});
