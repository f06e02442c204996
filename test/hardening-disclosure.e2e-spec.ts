import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi, type TestResponse } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/**
 * Disclosure (issue 11): what a caller may not know exists answers as if it did not exist. Each
 * feature has its own describe block with its own database and API.
 */

describe('the audit route: a history is as visible as its entity (libs/audit)', () => {
  const SP = 'aap2-sp-12'; // 經濟部 leads
  let db: TestDatabase;
  let api: TestApi;
  let submissionId: string;
  let moeaOfficer: Client;
  let coordinator: Client;

  const history = (client: Client, id: string) => client.get(`/api/audit?entityType=submission&entityId=${id}`);
  const actions = (res: TestResponse) => (res.body as { action: string; after: { revision?: number } | null }[]).map((e) => `${e.action}@${e.after?.revision ?? '-'}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await bootApi(db.url);
    await api.app.get(DataSource).query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = $1`, [SP]);
    moeaOfficer = await api.as('moea-officer');
    coordinator = await api.as('coordinator');
    const draft = await moeaOfficer.request('POST', '/api/submissions', { subProject: SP, period: '2024-Q4', narrative: '經濟部尚未送出的草稿' });
    expect(draft.status).toBe(201);
    submissionId = draft.body.id;
  });

  afterAll(async () => {
    await api?.app.close();
    await db?.drop();
  });

  it('answers the secretariat 404 for a draft\'s history, as the draft itself and an unknown id do', async () => {
    const draft = await coordinator.get(`/api/submissions/${submissionId}`);
    const audit = await history(coordinator, submissionId);
    const unknownId = randomUUID();
    const unknown = await history(coordinator, unknownId);
    expect([draft.status, audit.status, unknown.status]).toEqual([404, 404, 404]);
    expect(audit.body.error.code).toBe('NOT_FOUND');
    expect(audit.body.error.message.replace(submissionId, '<id>')).toBe(unknown.body.error.message.replace(unknownId, '<id>'));
    expect(JSON.stringify(audit.body)).not.toContain('經濟部');
  });

  it('shows the secretariat what it received, never the ministry\'s later drafts', async () => {
    const moeaSupervisor = await api.as('moea-supervisor');
    const step = async (client: Client, path: string, body: Record<string, unknown> = {}) => {
      const current = await moeaOfficer.get(`/api/submissions/${submissionId}`);
      const res = await client.request(path.startsWith('PATCH ') ? 'PATCH' : 'POST', `/api/submissions/${submissionId}${path.replace(/^PATCH /, '')}`, { version: current.body.version, ...body });
      expect([path, res.status]).toEqual([path, 200]);
    };
    await step(moeaOfficer, '/submit');
    await step(moeaSupervisor, '/approve');
    await step(coordinator, '/return', { comment: '請補充說明' });
    await step(moeaOfficer, '/revise');
    await step(moeaOfficer, 'PATCH ', { narrative: '經濟部修改中的第二版草稿' });

    const seen = await history(coordinator, submissionId);
    expect(seen.status).toBe(200);
    expect(actions(seen)).toEqual(['submission.create@1', 'submission.submit@1', 'submission.approve@1', 'submission.return@1']);
    expect(JSON.stringify(seen.body)).not.toContain('第二版');
    const admin = await history(await api.as('admin'), submissionId);
    expect(actions(admin)).toEqual(actions(seen)); // admins read as the secretariat does
    // The draft's events are still there, for those who may read the draft.
    const [{ n }] = await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [submissionId]);
    expect(n).toBe(6);
  });
});
