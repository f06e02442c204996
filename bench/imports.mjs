// Import from spreadsheets (issue 12): 10,000 sub-projects, then 100,000 milestones of them, from XLSX
// workbooks written by exceljs; preview and confirm timed, peak memory sampled. The workbooks are written by a child
// process, so that the measured process holds what a server would: its modules, the uploaded bytes and the import.
//   npm run build && node --expose-gc bench/imports.mjs [--sub-projects=10000 --milestones-per=10]
// Makes and drops its own database (guankao_imports_bench) on DATABASE_URL's server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../dist/libs/config/config.js';
import { dataSourceOptions } from '../dist/libs/database/index.js';
import { UnitOfWork } from '../dist/libs/audit/unit-of-work.js';
import { ImportsService } from '../dist/libs/imports/imports.service.js';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const SUB_PROJECTS = arg('sub-projects', 10_000);
const MILESTONES_PER = arg('milestones-per', 10);

const MINISTRIES = ['國科會', '數位部', '經濟部', '教育部', '勞動部', '衛福部', '交通部', '金管會', '國發會', '農業部'];
const spCode = (i) => `bench-imp-${String(i).padStart(5, '0')}`;

// The child: writes both workbooks into the directory it is given and exits.
const writeTo = process.argv.find((a) => a.startsWith('--write-files='))?.split('=')[1];
if (writeTo) {
  const { default: ExcelJS } = await import('exceljs');
  async function workbook(sheetName, header, rows) {
    const out = new PassThrough();
    const chunks = [];
    out.on('data', (c) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = wb.addWorksheet(sheetName);
    sheet.addRow(header).commit();
    for (const r of rows()) sheet.addRow(r).commit();
    await sheet.commit();
    await wb.commit();
    return Buffer.concat(chunks);
  }
  const spFile = await workbook('細部計畫', ['計畫代碼', '計畫名稱', '所屬方案', '主辦機關', '協辦機關', '主軸', '起始年度', '結束年度'], function* () {
    for (let i = 1; i <= SUB_PROJECTS; i++) {
      yield [spCode(i), `效能測試計畫 ${i}`, 'aap2', MINISTRIES[i % MINISTRIES.length], MINISTRIES[(i + 3) % MINISTRIES.length], String(1 + (i % 5)), '112', '115'];
    }
  });
  const msFile = await workbook('查核點', ['計畫代碼', '序號', '年度', '預定完成日期', '查核點內容'], function* () {
    for (let i = 1; i <= SUB_PROJECTS; i++) {
      for (let s = 1; s <= MILESTONES_PER; s++) {
        const year = 112 + (s % 4);
        yield [spCode(i), s, String(year), `${year}/${String(1 + (s % 12)).padStart(2, '0')}/28`, `第 ${s} 項查核點：完成階段成果報告`];
      }
    }
  });
  writeFileSync(join(writeTo, 'sub-projects.xlsx'), spFile);
  writeFileSync(join(writeTo, 'milestones.xlsx'), msFile);
  process.exit(0);
}

const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao');
const name = 'guankao_imports_bench';
const admin = new URL(server); admin.pathname = '/postgres';
const url = new URL(server); url.pathname = `/${name}`;

async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

/** Peak resident memory, sampled every 20 ms. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  return { stop() { clearInterval(timer); return Math.max(peak, process.memoryUsage().rss); } };
}

console.log(`database ${name}: migrate + seed`);
await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await adminQuery(`CREATE DATABASE ${name}`);
const env = { ...process.env, DATABASE_URL: url.toString(), MIGRATION_DATABASE_URL: url.toString(), NODE_ENV: 'test', SEED_DEMO_USERS: 'true' };
for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) execFileSync(process.execPath, [step], { env, stdio: ['ignore', 'ignore', 'inherit'] });

process.env.DATABASE_URL = url.toString();
const config = loadConfig();
const dataSource = await new DataSource(dataSourceOptions(config.database)).initialize();
const imports = new ImportsService(dataSource, new UnitOfWork(dataSource));
const [user] = await dataSource.query(`SELECT id, email, display_name FROM app_user WHERE email = 'coordinator@demo.guankao.tw'`);
const actor = { userId: user.id, sessionId: 'bench', email: user.email, displayName: user.display_name, roles: ['coordinator'], locale: 'zh-TW', organisationId: null, organisationIds: [] };
const ctx = { actor, requestId: 'bench-imports' };

const filesDir = mkdtempSync(join(tmpdir(), 'guankao-imports-bench-'));
execFileSync(process.execPath, [fileURLToPath(import.meta.url), `--write-files=${filesDir}`, `--sub-projects=${SUB_PROJECTS}`, `--milestones-per=${MILESTONES_PER}`], { stdio: 'inherit' });
const spFile = readFileSync(join(filesDir, 'sub-projects.xlsx'));
const msFile = readFileSync(join(filesDir, 'milestones.xlsx'));
rmSync(filesDir, { recursive: true });
console.log(`files: sub-projects ${(spFile.length / 2 ** 20).toFixed(1)} MiB, milestones ${(msFile.length / 2 ** 20).toFixed(1)} MiB`);

global.gc?.();
const base = process.memoryUsage().rss;
const results = [];
async function step(label, work) {
  global.gc?.();
  const sampler = rssSampler();
  const t = performance.now();
  const value = await work();
  const ms = performance.now() - t;
  const peak = sampler.stop();
  // The sampler cannot run while the step computes synchronously; the kernel's high-water mark (never lowered, so it
  // is the highest of this and every earlier step) catches what it misses.
  const highWater = process.resourceUsage().maxRSS * 1024;
  results.push({ label, ms, peakMiB: peak / 2 ** 20, highWaterMiB: highWater / 2 ** 20 });
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s, peak rss ${(peak / 2 ** 20).toFixed(0)} MiB (high-water mark so far ${(highWater / 2 ** 20).toFixed(0)} MiB)`);
  return value;
}

const sp = await step(`preview ${SUB_PROJECTS} sub-projects`, () => imports.preview('sub-projects', 'sub-projects.xlsx', spFile, actor));
if (sp.summary.create !== SUB_PROJECTS) throw new Error(`expected ${SUB_PROJECTS} to create: ${JSON.stringify(sp.summary)}`);
await step(`confirm ${SUB_PROJECTS} sub-projects`, () => imports.confirm(sp.id, ctx));
const ms = await step(`preview ${SUB_PROJECTS * MILESTONES_PER} milestones`, () => imports.preview('milestones', 'milestones.xlsx', msFile, actor));
if (ms.summary.create !== SUB_PROJECTS * MILESTONES_PER) throw new Error(`expected every milestone to create: ${JSON.stringify(ms.summary)}`);
await step(`confirm ${SUB_PROJECTS * MILESTONES_PER} milestones`, () => imports.confirm(ms.id, ctx));
const again = await step(`preview ${SUB_PROJECTS * MILESTONES_PER} milestones again (all unchanged)`, () => imports.preview('milestones', 'milestones.xlsx', msFile, actor));
if (again.summary.unchanged !== SUB_PROJECTS * MILESTONES_PER) throw new Error(`expected every milestone unchanged: ${JSON.stringify(again.summary)}`);
await step(`confirm again (changes nothing)`, () => imports.confirm(again.id, ctx));

console.log(`\nrss before the imports ${(base / 2 ** 20).toFixed(0)} MiB (process with both files in memory)`);
console.log('| step | time | peak rss sampled | high-water mark so far |\n| --- | ---: | ---: | ---: |');
for (const r of results) console.log(`| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${r.peakMiB.toFixed(0)} MiB | ${r.highWaterMiB.toFixed(0)} MiB |`);
await dataSource.destroy();
await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
