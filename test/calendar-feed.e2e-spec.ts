import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { addDays } from '../libs/common/clock.js';
import { dateView } from '../libs/common/roc.js';
import { bootApi, type Client, DEMO_EMAIL, type DemoUser, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given } from './support/given.js';

/**
 * The private calendar feed over HTTP, parsed with ical.js (a library the project did not write):
 * events with ROC dates in their titles, scoped like the owner's own screens, 404 for a wrong or
 * revoked token, a new token replacing the old.
 */
const MOEA_SP = 'aap2-sp-12'; // 經濟部 leads
const MODA_SP = 'aap2-sp-05'; // 數位部 leads
const FLAGSHIP = 'aap2018-div-2-01'; // 科會辦 leads, 經濟部 co-organises; 數位部 has no part
let db: TestDatabase;
let api: TestApi;
let ds: DataSource;
const as = (user: DemoUser): Promise<Client> => api.signedIn(user);
let today: string;
const day = (n: number) => addDays(today, n);
const roc = (iso: string) => dateView(iso).roc;

interface FeedEvent { uid: string; summary: string; start: string; isDate: boolean; end: string; url: string | null; description: string }

/** GETs a feed URL and parses it with ical.js. */
async function fetchFeed(url: string): Promise<{ status: number; type: string | null; raw: string; name?: string; events: FeedEvent[] }> {
  const res = await fetch(url.replace(/^https?:\/\/[^/]+/, api.baseUrl));
  const raw = await res.text();
  if (res.status !== 200) return { status: res.status, type: res.headers.get('content-type'), raw, events: [] };
  const calendar = new ICAL.Component(ICAL.parse(raw));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid, summary: e.summary, start: e.startDate.toString(), isDate: e.startDate.isDate, end: e.endDate.toString(),
      url: (v.getFirstPropertyValue('url') as string | null) ?? null, description: e.description,
    };
  });
  return { status: res.status, type: res.headers.get('content-type'), raw, name: calendar.getFirstPropertyValue('x-wr-calname') as string, events };
}

const turnOn = async (user: DemoUser): Promise<string> => {
  const res = await (await as(user)).request('POST', '/api/me/calendar-feed');
  expect(res.status).toBe(201);
  return res.body.url;
};

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.PUBLIC_URL = 'https://guankao.example.tw';
  api = await bootApi(db.url);
  ds = api.app.get(DataSource);
  const g = await given(db.url);
  today = await g.today();
  await g.milestone(await g.subProjectId(MOEA_SP), { code: 'cal-moea-m1', seq: 921, fiscalYear: 2026, due: day(30), deliverable: '經濟部行事曆查核點, 含逗號; 分號' });
  await g.milestone(await g.subProjectId(MODA_SP), { code: 'cal-moda-m1', seq: 922, fiscalYear: 2026, due: day(31), deliverable: '數位部行事曆查核點' });
  await g.milestone(await g.subProjectId(MOEA_SP), { code: 'cal-moea-done', seq: 923, fiscalYear: 2026, due: day(32), deliverable: '已通過的查核點', status: 'accepted' });
  const reviewerId = await g.userId(DEMO_EMAIL.reviewer);
  const scheduled = await (await as('coordinator')).request('POST', '/api/gate-reviews', { subProject: FLAGSHIP, gate: 'aap2018-gate-1', scheduledFor: day(20), reviewers: [reviewerId] });
  expect(scheduled.status).toBe(201);
  await g.sql(`INSERT INTO gate_condition (review_id, seq, text, owner_organisation_id, due_date) SELECT $1, 1, '補送風險評估報告', id, $2 FROM organisation WHERE code = 'moea'`, [scheduled.body.id, day(40)]);
  // A meeting with a resolution tracked for 經濟部 only.
  const [{ id: meetingId }] = await g.sql(
    `INSERT INTO meeting (code, body_id, name, kind, held_on) SELECT 'cal-meeting-1', body_id, '行事曆測試委員會議', kind, $1 FROM meeting LIMIT 1 RETURNING id`, [day(10)],
  );
  const [{ id: resolutionId }] = await g.sql(`INSERT INTO resolution (code, meeting_id, seq, text) VALUES ('cal-meeting-1-r1', $1, 1, '請經濟部辦理') RETURNING id`, [meetingId]);
  await g.sql(`INSERT INTO resolution_assignment (resolution_id, organisation_id) SELECT $1, id FROM organisation WHERE code = 'moea'`, [resolutionId]);
  await g.close();
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
});

describe('the calendar feed', () => {
  it('is off until turned on; the URL is shown once, and only the token\'s sha256 is stored', async () => {
    expect((await (await as('moea-officer')).get('/api/me/calendar-feed')).body).toEqual({ enabled: false, createdAt: null, lastFetchedAt: null });
    const url = await turnOn('moea-officer');
    expect(url).toMatch(/^https:\/\/guankao\.example\.tw\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const status = (await (await as('moea-officer')).get('/api/me/calendar-feed')).body;
    expect(status).toMatchObject({ enabled: true, lastFetchedAt: null });
    expect(status.url).toBeUndefined();
    const token = url.split('/').pop()!.replace('.ics', '');
    const [{ token_hash }] = await ds.query(`SELECT token_hash FROM calendar_feed`);
    expect(token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await ds.query(`SELECT * FROM calendar_feed`))).not.toContain(token);
  });

  it('a ministry officer\'s feed: their milestones, gate reviews, conditions and meetings with ROC dates in the titles; never another ministry\'s', async () => {
    const url = await turnOn('moea-officer');
    const feed = await fetchFeed(url);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    expect(feed.raw.split('\r\n').every((line) => Buffer.byteLength(line, 'utf8') <= 75)).toBe(true);
    expect(feed.name).toMatch(/^管考行事曆/);
    const byTitle = (text: string) => feed.events.find((e) => e.summary.includes(text));
    const milestone = byTitle('經濟部行事曆查核點')!;
    expect(milestone).toMatchObject({
      summary: `${roc(day(30))} 查核點到期：經濟部行事曆查核點, 含逗號; 分號（cal-moea-m1）`, start: day(30), end: day(31), isDate: true,
      url: 'https://guankao.example.tw/milestones/cal-moea-m1',
    });
    expect(milestone.uid).toMatch(/^milestone-[0-9a-f-]{36}@guankao$/);
    expect(byTitle('關卡審查')).toMatchObject({ start: day(20), isDate: true });
    expect(byTitle('關卡審查')!.summary.startsWith(`${roc(day(20))} 關卡審查：`)).toBe(true);
    expect(byTitle('附帶條件到期')!.summary).toBe(`${roc(day(40))} 附帶條件到期：補送風險評估報告`);
    expect(byTitle('會議')!.summary).toBe(`${roc(day(10))} 會議：行事曆測試委員會議`);
    expect(byTitle('數位部行事曆查核點')).toBeUndefined();
    expect(byTitle('已通過的查核點')).toBeUndefined();
    // The same item keeps its UID from one fetch to the next.
    expect((await fetchFeed(url)).events.map((e) => e.uid).sort()).toEqual(feed.events.map((e) => e.uid).sort());
    expect((await (await as('moea-officer')).get('/api/me/calendar-feed')).body.lastFetchedAt).not.toBeNull();
  });

  it('數位部\'s officer sees 數位部\'s milestone and none of 經濟部\'s gate review, condition or meeting', async () => {
    const feed = await fetchFeed(await turnOn('moda-officer'));
    const titles = feed.events.map((e) => e.summary);
    expect(titles.some((t) => t.includes('數位部行事曆查核點'))).toBe(true);
    expect(titles.filter((t) => /經濟部行事曆查核點|關卡審查|附帶條件|行事曆測試委員會議/.test(t))).toEqual([]);
  });

  it('the coordinator sees both ministries; the reviewer only the review assigned to them, in English when that is their language', async () => {
    const coordinator = (await fetchFeed(await turnOn('coordinator'))).events.map((e) => e.summary);
    expect(coordinator.some((t) => t.includes('經濟部行事曆查核點')) && coordinator.some((t) => t.includes('數位部行事曆查核點'))).toBe(true);
    await ds.query(`UPDATE app_user SET locale = 'en' WHERE email = $1`, [DEMO_EMAIL.reviewer]);
    const reviewer = (await fetchFeed(await turnOn('reviewer'))).events.map((e) => e.summary);
    expect(reviewer.filter((t) => t.includes('Gate review'))).toEqual([expect.stringMatching(new RegExp(`^ROC ${roc(day(20))} Gate review: `))]);
  });

  it('a new URL replaces the old one (404), revoking ends it (404); wrong and malformed tokens are 404 alike', async () => {
    const old = await turnOn('moda-supervisor');
    expect((await fetchFeed(old)).status).toBe(200);
    const fresh = await turnOn('moda-supervisor');
    expect([(await fetchFeed(old)).status, (await fetchFeed(fresh)).status]).toEqual([404, 200]);
    const revoked = await (await as('moda-supervisor')).request('DELETE', '/api/me/calendar-feed');
    expect(revoked.body).toEqual({ enabled: false, createdAt: null, lastFetchedAt: null });
    expect((await fetchFeed(fresh)).status).toBe(404);
    const wrong = await fetch(`${api.baseUrl}/api/calendar/${'A'.repeat(43)}.ics`);
    const malformed = await fetch(`${api.baseUrl}/api/calendar/nonsense`);
    expect([wrong.status, malformed.status]).toEqual([404, 404]);
    const audit = await ds.query(`SELECT action FROM audit_event WHERE action LIKE 'calendar_feed.%' AND entity_id = (SELECT id FROM app_user WHERE email = $1) ORDER BY at`, [DEMO_EMAIL['moda-supervisor']]);
    expect(audit.map((a: any) => a.action)).toEqual(['calendar_feed.created', 'calendar_feed.replaced', 'calendar_feed.revoked']);
  });

  it('an inactive user\'s feed answers 404', async () => {
    const url = await turnOn('viewer');
    await ds.query(`UPDATE app_user SET is_active = false WHERE email = $1`, [DEMO_EMAIL.viewer]);
    expect((await fetchFeed(url)).status).toBe(404);
  });
});
