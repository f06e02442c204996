import { type ChildProcess, spawn } from 'node:child_process';
import { useColours } from '../libs/common/logger.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { freePort } from './support/free-port.js';

/**
 * The built API and worker as production starts them, stdout piped: one summary line each (URL,
 * docs, versions), not Nest's line per module and route, and no colour codes in a pipe.
 */
let db: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await db?.drop();
});

/** Starts `script` and returns its whole output up to the line containing `ready`; then stops it. */
async function outputUntil(script: string, ready: string, env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: db.url, QUEUE_PREFIX: `guankao-test-startup-${process.pid}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  // What it said up to being ready: its shutdown lines (after our SIGTERM) are not start-up output.
  let startup = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s:\n${output}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (!startup && output.includes(ready)) {
          startup = output;
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output}`));
      });
    });
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return startup;
}

const lines = (output: string) => output.split('\n').filter((l) => l.trim() !== '');

it('the API says one line: where it is, its docs and versions; no route list, no colour codes', async () => {
  const port = await freePort();
  const output = await outputUntil('dist/apps/api/src/main.js', 'Guankao API on', { PORT: String(port), LOG_LEVEL: 'log' });
  expect(output).not.toContain('\x1b[');
  expect(output).not.toMatch(/Mapped \{|InstanceLoader|RoutesResolver/);
  expect(lines(output)).toHaveLength(1);
  const url = `http://127.0.0.1:${port}`;
  expect(lines(output)[0]).toContain(`Guankao API on ${url}/ (API ${url}/api, docs ${url}/api/docs, health ${url}/health;`);
  expect(lines(output)[0]).toMatch(/Guankao \d+\.\d+\.\d+, Node\.js v\d+\.\d+\.\d+, NestJS \d+\.\d+\.\d+\)$/);
});

it('LOG_LEVEL=debug brings Nest\'s route lines back (still without colour)', async () => {
  const output = await outputUntil('dist/apps/api/src/main.js', 'Guankao API on', { PORT: String(await freePort()), LOG_LEVEL: 'debug' });
  expect(output).toMatch(/Mapped \{\/api\/sub-projects, GET\} route/);
  expect(output).not.toContain('\x1b[');
});

it('the worker says one line too: ready, its health URL and versions', async () => {
  const output = await outputUntil('dist/apps/worker/src/main.js', 'Guankao worker ready', { WORKER_HEALTH_PORT: '0', LOG_LEVEL: 'log' });
  expect(output).not.toContain('\x1b[');
  expect(lines(output)).toHaveLength(1);
  expect(lines(output)[0]).toMatch(/Guankao worker ready: health http:\/\/127\.0\.0\.1:\d+\/health, .*NestJS \d+/);
});

it('colour only on a terminal, and never with NO_COLOR', () => {
  expect(useColours({ isTTY: true }, {})).toBe(true);
  expect(useColours({ isTTY: false }, {})).toBe(false);
  expect(useColours({}, {})).toBe(false);
  expect(useColours({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
  expect(useColours({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
});
