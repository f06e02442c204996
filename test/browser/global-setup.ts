// One fresh database and one API process (serving the built web app from dist/web) for the whole browser run.
// Returns the teardown: stop the API, drop the database, remove the evidence storage.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import pg from 'pg';
// @ts-expect-error plain JavaScript module shared with Jest's global setup
import { serverUrl } from '../global-setup.mjs';
import { freePort } from '../support/free-port';
import { SmtpTestServer } from '../support/smtp';

const root = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(root, 'var/test-artifacts');

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function waitForHealth(url: string, api: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const log = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`The API did not become healthy at ${url} (exit code ${api.exitCode}). Last lines of ${logFile}:\n${log}`);
}

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  for (const built of ['dist/apps/api/src/main.js', 'dist/apps/cli/migrate.js', path.join(process.env.WEB_DIST_DIR ?? 'dist/web', 'index.html')]) {
    try {
      readFileSync(path.resolve(root, built));
    } catch {
      throw new Error(`${built} is missing: run \`npm run build\` first (scripts/test.sh does).`);
    }
  }
  const started = Date.now();
  // Same prefix and name shape as test/global-setup.mjs, so its stale-database cleanup covers this one too.
  const database = `guankao_test_browser_${process.pid}_${started.toString(36)}`;
  await sql(`CREATE DATABASE ${database}`);
  await sql(`COMMENT ON DATABASE ${database} IS '${started}'`);
  const databaseUrl = serverUrl(database) as string;
  const storageDir = mkdtempSync(path.join(tmpdir(), 'guankao-browser-storage-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', SEED_DEMO_USERS: 'true' };
  for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) {
    execFileSync(process.execPath, [step], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  // A real SMTP server for the API's and the worker's mail: each message is saved as <n>.eml in mailDir for the
  // tests (other processes) to read (test/browser/mailbox.ts).
  const smtp = await new SmtpTestServer().start();
  const mailDir = mkdtempSync(path.join(tmpdir(), 'guankao-browser-mail-'));
  let mailCount = 0;
  smtp.onMessage((mail) => writeFileSync(path.join(mailDir, `${String(++mailCount).padStart(5, '0')}.eml`), mail.raw));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Beside the run's output directory (var/test-artifacts/browser-api.log, or <--output>-api.log).
  const logFile = `${config.projects[0]?.outputDir ?? path.join(artifacts, 'browser')}-api.log`;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const serviceEnv: NodeJS.ProcessEnv = { ...env, SMTP_URL: smtp.url, QUEUE_PREFIX: `guankao-browser-${process.pid}`, STORAGE_DIR: storageDir };
  const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: root,
    env: {
      ...serviceEnv,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      LOGIN_MAX_PER_IP: '10000',
      // npm test builds dist/web; WEB_DIST_DIR points elsewhere to test another build.
      WEB_DIST_DIR: process.env.WEB_DIST_DIR ?? 'dist/web',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout!.pipe(log);
  api.stderr!.pipe(log);
  // The real worker (reports, reminders, emails), on the same database, queues, storage and SMTP server.
  const workerLog = createWriteStream(logFile.replace(/-api\.log$/, '-worker.log'));
  const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
    cwd: root,
    env: { ...serviceEnv, PUBLIC_URL: url, WORKER_HEALTH_PORT: '0', LOG_LEVEL: 'log' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const workerReady = new Promise<void>((resolve, reject) => {
    let output = '';
    worker.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Guankao worker ready')) resolve();
    });
    worker.once('exit', (code, signal) => reject(new Error(`The worker exited (${code ?? signal}) before it was ready; see ${logFile.replace(/-api\.log$/, '-worker.log')}`)));
  });
  workerReady.catch(() => undefined); // awaited below; this keeps an early exit during teardown from going unhandled
  worker.stdout!.pipe(workerLog);
  worker.stderr!.pipe(workerLog);

  const stop = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const teardown = async () => {
    await Promise.all([stop(api), stop(worker)]);
    await smtp.stop();
    await sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(storageDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, api, logFile);
    await workerReady;
  } catch (error) {
    await teardown();
    throw error;
  }
  // Workers inherit the environment and load the config again, so they find the API and the database.
  process.env.GUANKAO_BROWSER_URL = url;
  process.env.GUANKAO_BROWSER_DATABASE_URL = databaseUrl;
  process.env.GUANKAO_BROWSER_MAIL_DIR = mailDir;
  // The worker's queues, for a test that enqueues a sweep itself (test/browser/inbox.pw.ts: a reminder sweep for a chosen day).
  process.env.GUANKAO_BROWSER_QUEUE_PREFIX = serviceEnv.QUEUE_PREFIX;
  if (!process.env.CI) console.log(`Browser run: API ${url}, database ${database}, ready in ${Date.now() - started} ms`);
  return teardown;
}
