// Programme status report over 10,000 sub-projects (issue 5): time and peak memory of the real
// generation job (snapshot, generator, hashed temp file, store) for PDF and XLSX.
//   npm run build && node bench/reports-programme.mjs [--sub-projects=10000] [--keep]
// Builds a throwaway database (guankao_bench_reports, dropped at the end unless --keep) with the
// real migrations and seed, then generates the load with set-based SQL. Each format is generated
// in a child process of its own, under /usr/bin/time -v when present (its peak RSS), while the
// child samples process.memoryUsage().rss every 20 ms.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao');
const dbName = 'guankao_bench_reports';
const benchUrl = new URL(server);
benchUrl.pathname = `/${dbName}`;

if (arg('child')) {
  await child(arg('child'));
} else {
  await parent();
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: new URL('/postgres', server).toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function parent() {
  const subProjects = Number(arg('sub-projects', '10000'));
  const keep = process.argv.includes('--keep');
  let t = performance.now();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  const env = { ...process.env, DATABASE_URL: benchUrl.toString(), LOG_LEVEL: 'warn', SEED_DEMO_USERS: 'true' };
  for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) execFileSync(process.execPath, [step], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`database migrated and seeded: ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const db = new pg.Client({ connectionString: benchUrl.toString() });
  await db.connect();
  const counts = await generate(db, subProjects);
  await db.query('ANALYZE');
  await db.end();
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s:`, counts);

  const storage = mkdtempSync(join(tmpdir(), 'guankao-bench-reports-'));
  try {
    for (const format of ['pdf', 'xlsx']) {
      const args = [process.argv[1], `--child=${format}`];
      const timed = existsSync('/usr/bin/time');
      const run = spawnSync(timed ? '/usr/bin/time' : process.execPath, timed ? ['-v', process.execPath, ...args] : args, {
        env: { ...env, STORAGE_DIR: storage }, encoding: 'utf8',
      });
      if (run.status !== 0) throw Object.assign(new Error(`${format} run failed`), { stdout: run.stdout, stderr: run.stderr });
      const time = (label) => run.stderr.split('\n').find((l) => l.includes(label))?.trim();
      console.log(run.stdout.trim());
      if (timed) console.log(`  /usr/bin/time: ${time('Maximum resident set size')}; ${time('Elapsed (wall clock)')}`);
    }
  } catch (e) {
    console.error(e.stdout ?? '', e.stderr ?? e);
    process.exitCode = 1;
  } finally {
    rmSync(storage, { recursive: true, force: true });
    if (!keep) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/** 10k sub-projects over 8 axes and the seeded ministries, 4 milestones each, lights, pending submissions. */
async function generate(db, n) {
  await db.query('BEGIN');
  const [{ id: programme }] = (await db.query(`INSERT INTO programme (code, name, start_year, light_rules) VALUES ('bench10k', '效能測試方案', 2023, '{}') RETURNING id`)).rows;
  await db.query(`INSERT INTO axis (code, programme_id, seq, name) SELECT 'bench10k-axis-' || i, $1, i, '主軸 ' || i FROM generate_series(1, 8) i`, [programme]);
  const today = (await db.query(`SELECT to_char((now() AT TIME ZONE 'Asia/Taipei')::date, 'YYYY-MM-DD') AS d`)).rows[0].d;
  const period = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
  await db.query(
    `WITH orgs AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k, count(*) OVER () AS n FROM organisation WHERE kind = 'ministry')
     INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, start_year, end_year, status)
     SELECT 'bench10k-sp-' || lpad(i::text, 5, '0'), $1, 'detailed', '效能測試細部計畫第 ' || i || ' 號：人工智慧應用推動',
            (SELECT id FROM orgs WHERE k = i % n), 2023, 2027, 'active'
       FROM generate_series(1, $2::int) i, (SELECT count(*) AS n FROM orgs) c`,
    [programme, n],
  );
  await db.query(
    `INSERT INTO sub_project_axis (sub_project_id, axis_id)
     SELECT sp.id, a.id FROM sub_project sp JOIN axis a ON a.programme_id = sp.programme_id
      WHERE sp.programme_id = $1 AND (a.seq = 1 + (substr(sp.code, 13)::int % 8) OR a.seq = 1 + (substr(sp.code, 13)::int * 3 % 8))`,
    [programme],
  );
  // Four milestones per sub-project: two long past (one accepted), one this year, one next year.
  await db.query(
    `INSERT INTO milestone (code, sub_project_id, seq, due_date, deliverable, status)
     SELECT sp.code || '-m' || s, sp.id, s,
            CASE s WHEN 1 THEN date '2024-03-31' WHEN 2 THEN date '2025-06-30' WHEN 3 THEN make_date(extract(year FROM now())::int, 1, 15) ELSE date '2027-12-31' END,
            '第 ' || s || ' 季查核點交付報告', CASE WHEN s = 1 OR (s = 3 AND substr(sp.code, 13)::int % 3 = 0) THEN 'accepted' ELSE 'pending' END::milestone_status
       FROM sub_project sp, generate_series(1, 4) s WHERE sp.programme_id = $1`,
    [programme],
  );
  const [{ id: coordinator }] = (await db.query(`SELECT id FROM app_user WHERE 'coordinator' = ANY(roles) ORDER BY email LIMIT 1`)).rows;
  // This year's milestone of every third sub-project reached the secretariat on time; every tenth has a submission waiting.
  await db.query(
    `INSERT INTO submission (sub_project_id, milestone_id, period, status, created_by, submitted_at, decided_at)
     SELECT m.sub_project_id, m.id, NULL, 'accepted', $2, m.due_date - 3, m.due_date + 5 FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
      WHERE sp.programme_id = $1 AND m.seq = 3 AND m.status = 'accepted'`,
    [programme, coordinator],
  );
  await db.query(
    `INSERT INTO submission (sub_project_id, milestone_id, period, status, created_by, submitted_at)
     SELECT sp.id, NULL, $3, 'submitted', $2, now() - (substr(sp.code, 13)::int % 40) * interval '1 day' FROM sub_project sp
      WHERE sp.programme_id = $1 AND substr(sp.code, 13)::int % 10 = 0`,
    [programme, coordinator, period],
  );
  await db.query(
    `INSERT INTO status_light (sub_project_id, period, computed_colour, reasons, inputs, computed_at)
     SELECT sp.id, $2, (ARRAY['green', 'green', 'green', 'yellow', 'red'])[1 + substr(sp.code, 13)::int % 5]::light_colour,
            '[{"code": "bench", "zh": "進度落後預定 12 個百分點，經費執行率 61%", "en": "bench"}]', '{}', now()
       FROM sub_project sp WHERE sp.programme_id = $1`,
    [programme, period],
  );
  await db.query('COMMIT');
  const [c] = (await db.query(
    `SELECT (SELECT count(*) FROM sub_project WHERE programme_id = $1)::int AS sub_projects,
            (SELECT count(*) FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id WHERE sp.programme_id = $1)::int AS milestones,
            (SELECT count(*) FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id WHERE sp.programme_id = $1 AND s.status = 'submitted')::int AS pending`,
    [programme],
  )).rows;
  return { ...c, period };
}

/** One generation through the real job handler, with its rss sampled. */
async function child(format) {
  const { DataSource } = await import('typeorm');
  const { loadConfig } = await import('../dist/libs/config/config.js');
  const { dataSourceOptions } = await import('../dist/libs/database/index.js');
  const { DashboardsService } = await import('../dist/libs/dashboards/dashboards.service.js');
  const { ProgrammeStatusGenerator } = await import('../dist/libs/reports/programme-status/programme-status.generator.js');
  const { ReportGenerateHandler } = await import('../dist/libs/reports/report-generate.handler.js');

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.database)).initialize();
  const generator = new ProgrammeStatusGenerator(new DashboardsService(dataSource));
  const handler = new ReportGenerateHandler(dataSource, { get: () => generator }, config);
  const [{ id }] = await dataSource.query(
    `INSERT INTO report (kind, format, parameters, as_of, programme_id) SELECT 'programme_status', $1, '{"programme":"bench10k"}', now(), id FROM programme WHERE code = 'bench10k' RETURNING id`,
    [format],
  );
  const before = process.memoryUsage().rss;
  const t = performance.now();
  const outcome = await handler.handle({ reportId: id });
  const seconds = (performance.now() - t) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const [report] = await dataSource.query('SELECT status, byte_size, error FROM report WHERE id = $1', [id]);
  await dataSource.destroy();
  if (outcome !== 'generated') throw new Error(`${format}: ${outcome} ${report.error}`);
  const mib = (b) => (b / 2 ** 20).toFixed(0);
  console.log(`${format}: ${seconds.toFixed(1)} s, ${(report.byte_size / 2 ** 20).toFixed(1)} MiB file; rss before ${mib(before)} MiB, sampled peak ${mib(peak)} MiB`);
}
