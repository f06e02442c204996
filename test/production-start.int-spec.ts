import { type ChildProcess, spawn } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';
import { freePort } from './support/free-port.js';

/**
 * With NODE_ENV=production the built API and worker refuse to start while the database has demo
 * accounts, or an account whose password is still the demo password; the log line names what to do.
 */
let db: TestDatabase;
let dataSource: DataSource;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase(); // migrated, seeded with the demo users
  dataSource = await openDataSource(db.url);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await dataSource?.destroy();
  await db?.drop();
});

/** Starts the built script in production; resolves with its exit code and output, or with 'ready' once it says `ready` (then stops it). */
async function start(script: string, ready: string): Promise<{ outcome: number | 'ready'; output: string }> {
  const child = spawn(process.execPath, [script], {
    env: {
      PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: db.url, QUEUE_PREFIX: `guankao-test-production-${process.pid}`,
      PORT: String(await freePort()), WORKER_HEALTH_PORT: '0', LOG_LEVEL: 'log', PUBLIC_URL: 'https://guankao.example.tw',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} neither started nor exited within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.once('exit', () => resolve({ outcome: 'ready', output }));
        child.kill('SIGTERM');
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ outcome: code ?? -1, output });
    });
  });
}

const REFUSAL = 'Refusing to start with NODE_ENV=production';

it('the API and the worker refuse to start while demo accounts exist, naming them and what to do', async () => {
  expect((await dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE is_demo`))[0].n).toBeGreaterThan(0);
  for (const [script, ready] of [['dist/apps/api/src/main.js', 'Guankao API on'], ['dist/apps/worker/src/main.js', 'Guankao worker ready']]) {
    const { outcome, output } = await start(script, ready);
    expect([script, outcome]).toEqual([script, expect.any(Number)]);
    expect(outcome).not.toBe(0);
    expect(output).toContain(REFUSAL);
    expect(output).toContain('admin@demo.guankao.tw');
    expect(output).toContain('DELETE FROM app_user WHERE is_demo');
  }
}, 150_000);

it('refuses an account that still has the demo password, then starts once it is gone', async () => {
  // The demo admin made an ordinary account, its demo password kept: still refused.
  await dataSource.query(`UPDATE app_user SET is_demo = false WHERE email = 'admin@demo.guankao.tw'`);
  await dataSource.query(`DELETE FROM app_user WHERE is_demo`);
  const kept = await start('dist/apps/api/src/main.js', 'Guankao API on');
  expect(kept.outcome).not.toBe('ready');
  expect(kept.outcome).not.toBe(0);
  expect(kept.output).toContain('1 account(s) with the demo password: admin@demo.guankao.tw');

  await dataSource.query(`DELETE FROM app_user WHERE email = 'admin@demo.guankao.tw'`);
  const clean = await start('dist/apps/api/src/main.js', 'Guankao API on');
  expect(clean.output).not.toContain(REFUSAL);
  expect(clean.outcome).toBe('ready');
}, 150_000);
