import { connect, type Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { minimalPdf } from './support/evidence-files.js';

/**
 * URLs with raw UTF-8, as curl and scripts send them (fetch and browsers percent-encode, so these
 * tests write the bytes to a socket): decoded like their percent-encoded form, and every request
 * the parser cannot read still answers in the documented error body with a request id.
 */
let db: TestDatabase;
let server: TestApi;
let token: string;
let port: number;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  port = Number(new URL(server.baseUrl).port);
  token = (await server.as('moea-officer')).token;
});

afterAll(async () => {
  await server?.app.close();
  await db?.drop();
});

interface RawResponse { status: number; headers: Record<string, string>; body: any }

/** One connection; `send` writes a request's bytes as given and reads one response (Content-Length framed). */
function rawConnection(): { send(head: string, body?: Buffer): Promise<RawResponse>; close(): void; closed: Promise<void> } {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffered = Buffer.alloc(0);
  let waiting: (() => void) | null = null;
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiting?.();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const more = () => new Promise<void>((resolve, reject) => {
    waiting = () => { waiting = null; resolve(); };
    socket.once('close', () => reject(new Error(`connection closed; received: ${buffered.toString('utf8')}`)));
  });
  return {
    closed,
    close: () => socket.destroy(),
    async send(head, body) {
      socket.write(Buffer.concat([Buffer.from(head, 'utf8'), body ?? Buffer.alloc(0)]));
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) < 0) await more();
      const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers['content-length']);
      while (buffered.length < end + 4 + length) await more();
      const text = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
      buffered = buffered.subarray(end + 4 + length);
      return { status: Number(statusLine.split(' ')[1]), headers, body: headers['content-type']?.includes('json') ? JSON.parse(text) : text };
    },
  };
}

const get = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n${extra}\r\n`;

it('?q=晶片 sent as raw UTF-8 finds what the percent-encoded query finds', async () => {
  const path = '/api/sub-projects?programme=aap2018&rocYear=108&q=晶片';
  const conn = rawConnection();
  const raw = await conn.send(get(path, 'Connection: close\r\n'));
  conn.close();
  expect(raw.status).toBe(200);
  const encoded = await (await server.as('moea-officer')).get(`/api/sub-projects?programme=aap2018&rocYear=108&q=${encodeURIComponent('晶片')}`);
  expect(raw.body.items.length).toBeGreaterThan(0);
  expect(raw.body.items.every((i: any) => i.name.includes('晶片'))).toBe(true);
  expect(raw.body.items.map((i: any) => i.code)).toEqual(encoded.body.items.map((i: any) => i.code));
});

it('?filename=成果報告.pdf sent raw names the stored evidence file in Chinese', async () => {
  const ds = server.app.get(DataSource);
  await ds.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = 'aap2-sp-12'`);
  const officer = await server.as('moea-officer');
  const draft = await officer.request('POST', '/api/submissions', { subProject: 'aap2-sp-12', period: '2024-Q1' });
  expect(draft.status).toBe(201);
  const file = minimalPdf('成果報告');
  const conn = rawConnection();
  const res = await conn.send(
    `PUT /api/submissions/${draft.body.id}/evidence?filename=成果報告.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${officer.token}\r\n` +
      `Content-Type: application/pdf\r\nContent-Length: ${file.length}\r\nConnection: close\r\n\r\n`,
    file,
  );
  conn.close();
  expect(res.status).toBe(201);
  expect(res.body.evidence).toMatchObject({ filename: '成果報告.pdf', sizeBytes: file.length });
});

it('a raw UTF-8 path segment is decoded too: an unknown code is the usual 404 body', async () => {
  const conn = rawConnection();
  const res = await conn.send(get('/api/sub-projects/晶片', 'X-Request-Id: raw-path-1\r\nConnection: close\r\n'));
  conn.close();
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.body.error).toMatchObject({ status: res.status, requestId: res.headers['x-request-id'] }); // the server's id, not the client's
  expect(res.body.error.requestId).not.toBe('raw-path-1');
  expect(['NOT_FOUND', 'VALIDATION_FAILED']).toContain(res.body.error.code);
});

it('a kept-alive connection: the first request decoded, a later raw one refused in the documented shape with a request id', async () => {
  const conn = rawConnection();
  const first = await conn.send(get('/api/sub-projects?q=晶片&limit=1'));
  expect(first.status).toBe(200);
  const second = await conn.send(get('/api/sub-projects?q=晶片&limit=1'));
  await conn.closed;
  expect(second.status).toBe(400);
  expect(second.headers['x-request-id']).toEqual(expect.any(String));
  expect(second.body).toEqual({
    error: { code: 'VALIDATION_FAILED', status: 400, message: expect.stringMatching(/percent-encode/), requestId: second.headers['x-request-id'] },
  });
});

it('a request the HTTP parser cannot read at all gets the documented error body, not a bare one', async () => {
  const conn = rawConnection();
  const res = await conn.send('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBroken header line\r\n\r\n');
  await conn.closed;
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, requestId: expect.any(String) });
});

it('ordinary requests are untouched: percent-encoded queries, binary bodies on a kept-alive connection', async () => {
  const conn = rawConnection();
  const encoded = await conn.send(get(`/api/sub-projects?q=${encodeURIComponent('晶片')}&limit=1`));
  expect(encoded.status).toBe(200);
  // UTF-8 in a body, even what looks like a request line, stays as it is.
  const body = Buffer.from(JSON.stringify({ email: '晶片@demo.guankao.tw', password: '\nGET /晶片 HTTP/1.1\n' }), 'utf8');
  const login = await conn.send(
    `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    body,
  );
  expect(login.status).toBe(401); // read as the JSON it is: an unknown user
  expect((await conn.send(get('/health', 'Connection: close\r\n'))).status).toBe(200);
  conn.close();
});

it('a connection reset before its first byte leaves the server running', async () => {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.resetAndDestroy();
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
});
