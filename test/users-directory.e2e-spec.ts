import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { given, type Given } from './support/given.js';

/** GET /api/users: the directory behind every user picker, scoped by who asks. */
let db: TestDatabase;
let server: TestApi;
let g: Given;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  g = await given(db.url);
  // Test data: a few users of each ministry, one of them deactivated, and a unit's user under 經濟部.
  for (let i = 1; i <= 5; i++) await g.user({ email: `dir.moea.${i}@example.test`, organisation: 'moea', roles: ['ministry_officer'], displayName: `目錄測試 經濟部 ${i}` });
  await g.user({ email: 'dir.moea.gone@example.test', organisation: 'moea', roles: ['ministry_officer'], displayName: '目錄測試 經濟部 離職', isActive: false });
  await g.user({ email: 'dir.moda.1@example.test', organisation: 'moda', roles: ['ministry_supervisor'], displayName: '目錄測試 數位部 1' });
  const [unit] = await g.sql<{ code: string }>(`SELECT c.code FROM organisation c JOIN organisation p ON p.id = c.parent_id WHERE p.code = 'moea' ORDER BY c.code LIMIT 1`);
  await g.user({ email: 'dir.unit.1@example.test', organisation: unit.code, roles: ['ministry_officer'], displayName: '目錄測試 經濟部所屬 1' });
});

afterAll(async () => {
  await g?.close();
  await server?.app.close();
  await db?.drop();
});

const names = (body: { items: { displayName: string }[] }) => body.items.map((u) => u.displayName);

it('searches names and emails case-insensitively, and pages by keyset without repeats', async () => {
  const coordinator = await server.signedIn('coordinator');
  const byEmail = await coordinator.get('/api/users?q=DIR.MOEA.3@');
  expect(byEmail.status).toBe(200);
  expect(byEmail.body.items).toEqual([expect.objectContaining({ displayName: '目錄測試 經濟部 3', email: 'dir.moea.3@example.test', organisationName: '經濟部', isActive: true, roles: ['ministry_officer'] })]);

  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: { displayName: string }[]; nextCursor: string | null } } =
      await coordinator.get(`/api/users?q=${encodeURIComponent('目錄測試')}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...names(res.body));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(seen).toHaveLength(8);
  expect(new Set(seen).size).toBe(8);
  expect([...seen].sort()).toEqual(seen.slice().sort());
  // A literal % is text, not a wildcard.
  expect((await coordinator.get('/api/users?q=%25')).body.items).toEqual([]);
});

it('filters by role, organisation (with its units) and active', async () => {
  const admin = await server.signedIn('admin');
  const moea = await admin.get(`/api/users?q=${encodeURIComponent('目錄測試')}&organisation=moea&active=true`);
  expect(names(moea.body).sort()).toEqual(['目錄測試 經濟部 1', '目錄測試 經濟部 2', '目錄測試 經濟部 3', '目錄測試 經濟部 4', '目錄測試 經濟部 5', '目錄測試 經濟部所屬 1'].sort());
  const supervisors = await admin.get(`/api/users?q=${encodeURIComponent('目錄測試')}&role=ministry_supervisor`);
  expect(names(supervisors.body)).toEqual(['目錄測試 數位部 1']);
  const gone = await admin.get(`/api/users?q=${encodeURIComponent('目錄測試')}&active=false`);
  expect(gone.body.items).toEqual([expect.objectContaining({ displayName: '目錄測試 經濟部 離職', isActive: false })]);
  expect((await admin.get('/api/users?organisation=no-such-org')).status).toBe(400);
  expect((await admin.get('/api/users?role=emperor')).status).toBe(400);
  expect((await admin.get('/api/users?cursor=bm9wZQ')).status).toBe(400);
});

it('shows a ministry only its own organisation\'s and units\' users; reviewers see names without emails', async () => {
  const moea = await server.signedIn('moea-officer');
  const mine = await moea.get(`/api/users?q=${encodeURIComponent('目錄測試')}`);
  expect(mine.status).toBe(200);
  expect(names(mine.body)).toContain('目錄測試 經濟部所屬 1');
  expect(names(mine.body)).not.toContain('目錄測試 數位部 1');
  expect((await moea.get('/api/users?q=dir.moda.1')).body.items).toEqual([]);
  expect((await moea.get('/api/users?organisation=moda')).body.items).toEqual([]);

  const reviewer = await server.signedIn('reviewer');
  const all = await reviewer.get(`/api/users?q=${encodeURIComponent('目錄測試')}`);
  expect(names(all.body)).toContain('目錄測試 數位部 1');
  expect(all.body.items.every((u: { email: string | null }) => u.email === null)).toBe(true);
  // Emails are not searchable for them either: the directory cannot test whether an address has an account.
  expect((await reviewer.get('/api/users?q=dir.moda.1@example.test')).body.items).toEqual([]);
});
