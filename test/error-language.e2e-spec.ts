import { request as httpRequest } from 'node:http';
import { bootApi, DEMO_EMAIL, DEMO_PASSWORD, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { preferredLanguage } from '../libs/common/validation-messages.js';

/**
 * Error messages in the language the request prefers (zh-TW or English), with stable codes on every
 * field problem whatever the language: the web app shows the sentence, a client matches the code.
 */
let db: TestDatabase;
let server: TestApi;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  token = (await server.as('coordinator')).token; // the demo coordinator's locale is zh-TW
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

async function send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const ZH = { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' };
const EN = { 'accept-language': 'en-GB,en;q=0.9' };

describe('validation errors', () => {
  const path = '/api/sub-projects?limit=500&bogus=1&programme=AAP2';

  it('in English: the sentences as before, and a code per problem', async () => {
    const res = await send('GET', path, EN);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-language')).toBe('en');
    expect(res.body.error).toEqual({
      code: 'VALIDATION_FAILED', status: 400, message: 'Invalid input: bogus, programme, limit', requestId: expect.any(String),
      details: {
        fields: [
          { field: 'bogus', problems: ['property bogus should not exist'], codes: ['whitelistValidation'] },
          { field: 'programme', problems: [expect.stringMatching(/^programme must be a code/)], codes: ['matches'] },
          { field: 'limit', problems: ['limit must be at most 200'], codes: ['max'] },
        ],
      },
    });
  });

  it('in zh-TW: the same fields and codes, the sentences and the message in Chinese with the constraint\'s figures', async () => {
    const res = await send('GET', path, ZH);
    expect(res.headers.get('content-language')).toBe('zh-TW');
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED', status: 400, message: '輸入有誤：bogus、programme、limit',
      details: {
        fields: [
          { field: 'bogus', problems: ['「bogus」不是這裡可用的欄位'], codes: ['whitelistValidation'] },
          { field: 'programme', problems: ['「programme」必須是代碼：小寫英文字母、數字與「-」，最多 64 字元'], codes: ['matches'] },
          { field: 'limit', problems: ['「limit」不可大於 200'], codes: ['max'] },
        ],
      },
    });
  });

  it('formats of the submission fields, nested fields, and a service\'s own check (code `invalid`)', async () => {
    const body = { subProject: 'aap2-sp-12', period: '2024-Q5', progressPercent: '100.5', indicatorActuals: [{ indicator: 'aap2-kr-1-1', value: 'many' }] };
    const officer = (await server.as('moea-officer')).token;
    const zh = await send('POST', '/api/submissions', { ...ZH, authorization: `Bearer ${officer}` }, body);
    const byField = Object.fromEntries(zh.body.error.details.fields.map((f: any) => [f.field, f]));
    expect(byField.period).toEqual({ field: 'period', problems: ['「period」必須是季別，格式 YYYY-Qn，例如 2024-Q3'], codes: ['matches'] });
    expect(byField.progressPercent.problems).toEqual(['「progressPercent」必須是 0 到 100 的數字（字串），最多 2 位小數，例如 "45.5"']);
    expect(byField['indicatorActuals.0.value']).toMatchObject({ problems: ['「indicatorActuals.0.value」必須是以字串表示的數字，例如 "8123" 或 "12.5"'], codes: ['matches'] });

    const comment = await send('POST', '/api/submissions/00000000-0000-4000-8000-000000000000/return', ZH, { version: 1, comment: 'x'.repeat(5001) });
    expect(comment.body.error.details.fields).toEqual([{ field: 'comment', problems: ['「comment」不可超過 5000 字'], codes: ['maxLength'] }]);
    const version = await send('POST', '/api/submissions/00000000-0000-4000-8000-000000000000/return', ZH, { version: 'one' });
    expect(version.body.error.details.fields[0]).toMatchObject({ field: 'version', codes: ['isInt'], problems: ['「version」必須是整數'] });

    // Rules the services check against the data have codes and sentences of their own.
    const missing = { subProject: 'aap2-sp-99', period: '2024-Q1' };
    const en = await send('POST', '/api/submissions', { ...EN, authorization: `Bearer ${officer}` }, missing);
    expect(en.body.error.details.fields).toEqual([{ field: 'subProject', problems: ['sub-project "aap2-sp-99" does not exist'], codes: ['unknownReference'] }]);
    const zhMissing = await send('POST', '/api/submissions', { ...ZH, authorization: `Bearer ${officer}` }, missing);
    expect(zhMissing.body.error.details.fields).toEqual([{ field: 'subProject', problems: ['細部計畫「aap2-sp-99」不存在'], codes: ['unknownReference'] }]);
    const both = await send('POST', '/api/submissions', { ...ZH, authorization: `Bearer ${officer}` }, { subProject: 'aap2-sp-12' });
    expect(both.body.error.details.fields.map((f: any) => [f.field, f.codes])).toEqual([['milestone', ['exactlyOne']], ['period', ['exactlyOne']]]);
    // Where a service gives no code (other features, for now): its English sentence, code `invalid`.
    const other = await send('POST', '/api/reports', ZH, { kind: 'budget', format: 'pdf' });
    expect(other.body.error.details.fields).toEqual([{ field: 'programme', problems: [expect.any(String)], codes: ['invalid'] }]);
  });
});

describe('the errors a person meets', () => {
  it('409 STALE_VERSION says what to do, in each language', async () => {
    const en = await send('PATCH', '/api/sub-projects/aap2-sp-12', EN, { version: 99, name: '新名稱' });
    expect(en.body.error).toMatchObject({ code: 'STALE_VERSION', status: 409, message: expect.stringMatching(/changed since version 99 .*reload/), details: { expected: 99 } });
    const zh = await send('PATCH', '/api/sub-projects/aap2-sp-12', ZH, { version: 99, name: '新名稱' });
    expect(zh.body.error).toMatchObject({
      code: 'STALE_VERSION', status: 409, details: { expected: 99, actual: en.body.error.details.actual },
      message: `資料已被他人修改（您看到的是第 99 版，目前是第 ${en.body.error.details.actual} 版）：請重新載入，再套用您的修改`,
    });
  });

  it('404 names the thing, in each language', async () => {
    const en = await send('GET', '/api/sub-projects/aap2-sp-999', EN);
    expect(en.body.error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'sub-project "aap2-sp-999" was not found' });
    const zh = await send('GET', '/api/sub-projects/aap2-sp-999', ZH);
    expect(zh.body.error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: '找不到細部計畫「aap2-sp-999」：可能已被刪除，或網址有誤', requestId: expect.any(String) });
    const route = await send('GET', '/api/no-such-route', ZH);
    expect(route.body.error).toMatchObject({ code: 'NOT_FOUND', message: '找不到這個網址' });
  });

  it('401 in zh-TW for a request without a token', async () => {
    const res = await fetch(`${server.baseUrl}/api/sub-projects`, { headers: ZH });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/^請先登入/) });
  });
});

describe('which language', () => {
  it('without Accept-Language an API client reads English, even as a zh-TW user', async () => {
    const body = await new Promise<any>((resolve, reject) => {
      const { port } = new URL(server.baseUrl);
      httpRequest({ host: '127.0.0.1', port, path: '/api/sub-projects?limit=0', headers: { authorization: `Bearer ${token}` } }, (res) => {
        expect(res.headers['accept-language']).toBeUndefined();
        let text = '';
        res.on('data', (d) => (text += d)).on('end', () => resolve(JSON.parse(text)));
      }).on('error', reject).end();
    });
    expect(body.error).toMatchObject({ message: 'Invalid input: limit', details: { fields: [{ field: 'limit', codes: ['min'] }] } });
  });

  it('a browser session without a zh or en preference reads its user\'s locale', async () => {
    const signIn = await fetch(`${server.baseUrl}/api/auth/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_EMAIL.coordinator, password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const read = async (headers: Record<string, string>) =>
      (await (await fetch(`${server.baseUrl}/api/sub-projects?limit=0`, { headers: { cookie, ...headers } })).json()).error.message;
    expect(await read({})).toBe('輸入有誤：limit'); // fetch sends "accept-language: *"
    expect(await read(EN)).toBe('Invalid input: limit');
  });

  it('Accept-Language is read by q-value', () => {
    expect(preferredLanguage('en;q=0.5, zh-TW;q=0.8')).toBe('zh-TW');
    expect(preferredLanguage('zh;q=0.1, en')).toBe('en');
    expect(preferredLanguage('zh-Hant-TW')).toBe('zh-TW');
    expect(preferredLanguage('fr-FR, de;q=0.9, *;q=0.5')).toBe('en');
    expect(preferredLanguage('fr-FR', 'zh-TW')).toBe('zh-TW');
    expect(preferredLanguage('zh-TW;q=0, en;q=0.2')).toBe('en');
    expect(preferredLanguage(undefined)).toBe('en');
  });
});
