// Gate-review packet for a sub-project with 100 milestones (issue 5): time and size of the PDF through
// the worker's code path (ReportGenerateHandler: snapshot, GatePacketGenerator, hashed temp file, store).
//   npm run build && node bench/gate-packet.mjs [--runs=20] [--milestones=100] [--format=pdf|xlsx] [--keep]
// Builds a throwaway database (guankao_bench_packet, dropped at the end unless --keep) with the real
// migrations and seed, adds a flagship sub-project of aap2018 with the load, a decided gate 1 (with
// conditions) and a scheduled gate 2 whose packet is generated --runs times (after one warm-up).
// Writes the last file to bench/results/packet.<format> (ignored by git); look at its first page with
//   pdftoppm -f 1 -l 1 -png -r 80 bench/results/packet.pdf bench/results/page
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const runs = Number(arg('runs', '20'));
const milestones = Number(arg('milestones', '100'));
const format = arg('format', 'pdf');
const keep = process.argv.includes('--keep');
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao');
const dbName = 'guankao_bench_packet';
const benchUrl = new URL(server);
benchUrl.pathname = `/${dbName}`;
const SP = 'bench-packet-sp';

async function admin(sql) {
  const client = new pg.Client({ connectionString: new URL('/postgres', server).toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin(`CREATE DATABASE ${dbName}`);
const storage = mkdtempSync(join(tmpdir(), 'guankao-bench-packet-'));
process.env.DATABASE_URL = benchUrl.toString();
process.env.STORAGE_DIR = storage;
process.env.LOG_LEVEL ??= 'warn';
process.env.SEED_DEMO_USERS = 'true'; // the bench signs in as demo users
try {
  let t = performance.now();
  for (const step of ['dist/apps/cli/migrate.js', 'dist/apps/cli/seed.js']) execFileSync(process.execPath, [step], { env: process.env, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`database migrated and seeded: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const db = new pg.Client({ connectionString: benchUrl.toString() });
  await db.connect();
  t = performance.now();
  const { reviewId, counts } = await generate(db).finally(() => db.end());
  console.log(`generated in ${((performance.now() - t) / 1000).toFixed(1)} s:`, counts);
  await measure(reviewId);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  rmSync(storage, { recursive: true, force: true });
  if (!keep) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}

/**
 * A flagship sub-project of aap2018 (lead moea, co-organisers moda and nstc-sto) with `milestones`
 * milestones over 2019–2027; 80 % have a submission (accepted, returned, submitted, draft), and
 * most reviewed ones a return and an accept with comments; quarterly submissions with budget
 * figures; 6 indicators with yearly targets and actuals; 4 years of budget; gate 1 decided with 3
 * conditions (2 still open); gate 2 scheduled, the packet's subject.
 */
async function generate(db) {
  await db.query('BEGIN');
  const one = async (sql, params) => (await db.query(sql, params)).rows[0];
  const { id: programme } = await one(`SELECT id FROM programme WHERE code = 'aap2018'`);
  const { id: coordinator } = await one(`SELECT id FROM app_user WHERE 'coordinator' = ANY(roles) ORDER BY email LIMIT 1`);
  const { id: reviewer } = await one(`SELECT id FROM app_user WHERE 'reviewer' = ANY(roles) ORDER BY email LIMIT 1`);
  const { id: sp } = await one(
    `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, lead_text, co_organisers_text, start_year, end_year, period_text, is_flagship, status,
                              measures, full_term_target)
     VALUES ($1, $2, 'division', '效能測試旗艦計畫：智慧製造與產業 AI 化推動', (SELECT id FROM organisation WHERE code = 'moea'), '經濟部', '數位部、科會辦',
             2019, 2027, '2019 - 2027', true, 'active',
             'a. 建立智慧製造示範場域； b. 推動產業 AI 化，輔導中小企業導入 AI 解決方案； c. 培育 AI 應用人才。',
             '1. 建立示範場域 20 處以上。 2. 輔導 500 家企業導入 AI。 3. 帶動投資 50 億元。') RETURNING id`,
    [SP, programme],
  );
  await db.query(
    `INSERT INTO sub_project_co_organiser (sub_project_id, organisation_id, seq) SELECT $1, id, row_number() OVER (ORDER BY code) FROM organisation WHERE code IN ('moda', 'nstc-sto')`,
    [sp],
  );
  await db.query(
    `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status)
     SELECT $2 || '-m' || lpad(i::text, 3, '0'), $1, i, extract(year FROM d)::int, d,
            '第 ' || i || ' 項查核點：完成智慧製造示範場域之建置與驗證報告，並提交推動小組審查（含期中成果、經費執行與後續規劃）',
            CASE WHEN i % 10 < 5 THEN 'accepted' WHEN i % 10 < 8 THEN 'submitted' ELSE 'pending' END::milestone_status
       FROM generate_series(1, $3::int) i, LATERAL (SELECT (date '2019-03-31' + (i * 30))::date AS d) x`,
    [sp, SP, milestones],
  );
  // Submissions for 80 % of the milestones, in the status their milestone implies (drafts for some pending ones).
  await db.query(
    `INSERT INTO submission (sub_project_id, milestone_id, status, progress_percent, narrative, created_by, submitted_at, decided_at, indicator_actuals)
     SELECT $1, m.id,
            CASE WHEN m.status = 'accepted' THEN 'accepted' WHEN m.seq % 10 = 7 THEN 'returned' WHEN m.status = 'submitted' THEN 'submitted' ELSE 'draft' END::submission_status,
            least(100, m.seq), '本期完成示範場域建置，並辦理驗證。', $2,
            CASE WHEN m.status <> 'pending' THEN m.due_date - 2 END, CASE WHEN m.status = 'accepted' OR m.seq % 10 = 7 THEN m.due_date + 10 END,
            CASE WHEN m.status = 'accepted' THEN json_build_array(json_build_object('indicator', $3 || '-k' || (1 + m.seq % 6), 'value', (m.seq * 3)::text))::jsonb ELSE '[]'::jsonb END
       FROM milestone m WHERE m.sub_project_id = $1 AND m.seq % 10 <> 9`,
    [sp, coordinator, SP],
  );
  await db.query(
    `INSERT INTO submission_review (submission_id, revision, action, comment, actor_user_id, at)
     SELECT s.id, 1, 'return'::review_action, '請補充驗證場域之量化成果與佐證資料，並說明經費執行落後原因。', $2::uuid, s.decided_at - interval '5 days'
       FROM submission s WHERE s.sub_project_id = $1 AND s.status IN ('accepted', 'returned')
     UNION ALL
     SELECT s.id, 2, 'accept'::review_action, '補充資料完整，准予驗收。', $2, s.decided_at FROM submission s WHERE s.sub_project_id = $1 AND s.status = 'accepted'`,
    [sp, coordinator],
  );
  await db.query(
    `INSERT INTO submission (sub_project_id, period, status, progress_percent, budget_executed, budget_year, created_by, submitted_at, decided_at)
     SELECT $1, y || '-Q' || q, 'accepted', least(100, (y - 2019) * 12 + q * 3), (y - 2018) * 0.3 + q * 0.1, y, $2,
            make_date(y, q * 3, 28), make_date(y, q * 3, 28) + 10
       FROM generate_series(2019, 2026) y, generate_series(1, 4) q`,
    [sp, coordinator],
  );
  for (let k = 1; k <= 6; k++) {
    const { id } = await one(
      `INSERT INTO indicator (code, programme_id, sub_project_id, seq, text, unit) VALUES ($1, $2, $3, $4, $5, '件') RETURNING id`,
      [`${SP}-k${k}`, programme, sp, k, `關鍵績效指標 ${k}：輔導企業導入 AI 解決方案之件數`],
    );
    await db.query(`INSERT INTO indicator_target (indicator_id, year, value, comparator) SELECT $1, y, (y - 2018) * 25, 'gte' FROM generate_series(2019, 2027) y`, [id]);
  }
  await db.query(
    `INSERT INTO budget_line (code, programme_id, sub_project_id, fiscal_year, kind, allocated, executed)
     SELECT 'bench:' || $3 || ':' || y || ':' || k, $2, $1, y, k::budget_kind, 1.5 + (y - 2019) * 0.25, CASE WHEN y < 2026 THEN 1.2 + (y - 2019) * 0.2 END
       FROM generate_series(2019, 2027) y, unnest(ARRAY['existing', 'new']) k`,
    [sp, programme, SP],
  );
  const gate = async (seq) => one(`SELECT id, criteria_revision FROM gate_template WHERE code = $1`, [`aap2018-gate-${seq}`]);
  const g1 = await gate(1);
  const { id: r1 } = await one(
    `INSERT INTO gate_review (sub_project_id, template_id, criteria_revision, status, scheduled_for, decision, decision_reasons, decided_by, decided_at, created_by)
     VALUES ($1, $2, $3, 'decided', '2019-01-15', 'go_with_conditions', '符合啟動條件，惟商業模式須補強。', $4, '2019-01-20', $4) RETURNING id`,
    [sp, g1.id, g1.criteria_revision, coordinator],
  );
  await db.query(
    `INSERT INTO gate_condition (review_id, seq, text, owner_organisation_id, due_date, status, resolution_note, resolved_by, resolved_at)
     SELECT $1, i, '附帶條件 ' || i || '：於期限內提出商業模式分析報告及市場驗證計畫，並經推動小組確認。', (SELECT id FROM organisation WHERE code = 'moea'), date '2099-06-30',
            CASE WHEN i = 1 THEN 'closed' ELSE 'open' END::gate_condition_status, CASE WHEN i = 1 THEN '已提送報告並經確認。' END, CASE WHEN i = 1 THEN $2::uuid END, CASE WHEN i = 1 THEN now() END
       FROM generate_series(1, 3) i`,
    [r1, coordinator],
  );
  const g2 = await gate(2);
  const { id: r2 } = await one(
    `INSERT INTO gate_review (sub_project_id, template_id, criteria_revision, status, scheduled_for, created_by) VALUES ($1, $2, $3, 'scheduled', '2099-01-10', $4) RETURNING id`,
    [sp, g2.id, g2.criteria_revision, coordinator],
  );
  await db.query(`INSERT INTO gate_reviewer (review_id, user_id) VALUES ($1, $2)`, [r2, reviewer]);
  await db.query('COMMIT');
  await db.query('ANALYZE');
  const counts = (await db.query(
    `SELECT (SELECT count(*) FROM milestone WHERE sub_project_id = $1)::int AS milestones,
            (SELECT count(*) FROM submission WHERE sub_project_id = $1 AND milestone_id IS NOT NULL)::int AS milestone_submissions,
            (SELECT count(*) FROM submission WHERE sub_project_id = $1 AND milestone_id IS NULL)::int AS period_submissions,
            (SELECT count(*) FROM submission_review sr JOIN submission s ON s.id = sr.submission_id WHERE s.sub_project_id = $1)::int AS reviews`,
    [sp],
  )).rows[0];
  return { reviewId: r2, counts };
}

/** --runs generations of the packet through the real job handler (after one warm-up), one report row each, the same as-of. */
async function measure(reviewId) {
  const { DataSource } = await import('typeorm');
  const { loadConfig } = await import('../dist/libs/config/config.js');
  const { dataSourceOptions } = await import('../dist/libs/database/index.js');
  const { GatePacketGenerator } = await import('../dist/libs/gates/gate-packet/gate-packet.generator.js');
  const { ReportGenerateHandler } = await import('../dist/libs/reports/report-generate.handler.js');
  const { loadReportFont } = await import('../dist/libs/reports/pdf/font.js');
  const { reportFilePath } = await import('../dist/libs/reports/report-storage.js');

  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config.database)).initialize();
  let t = performance.now();
  loadReportFont(config.reports); // once per worker process
  console.log(`font open: ${(performance.now() - t).toFixed(0)} ms (once per process, not counted below)`);
  const generator = new GatePacketGenerator();
  const handler = new ReportGenerateHandler(dataSource, { get: () => generator }, config);
  const asOf = new Date();
  const times = [];
  const hashes = new Set();
  let last;
  for (let i = 0; i <= runs; i++) {
    const [{ id }] = await dataSource.query(
      `INSERT INTO report (kind, format, parameters, as_of, programme_id, sub_project_id)
       SELECT 'gate_packet', $2, json_build_object('gateReview', r.id), $3, sp.programme_id, sp.id FROM gate_review r JOIN sub_project sp ON sp.id = r.sub_project_id WHERE r.id = $1 RETURNING id`,
      [reviewId, format, asOf],
    );
    t = performance.now();
    const outcome = await handler.handle({ reportId: id });
    const ms = performance.now() - t;
    if (outcome !== 'generated') throw new Error(`run ${i}: ${outcome}`);
    [last] = await dataSource.query('SELECT byte_size, sha256, file_name FROM report WHERE id = $1', [id]);
    hashes.add(last.sha256);
    if (i > 0) times.push(ms); // run 0 warms up (JIT, first glyphs)
  }
  mkdirSync('bench/results', { recursive: true });
  copyFileSync(reportFilePath(config.storage.STORAGE_DIR, last.sha256), `bench/results/packet.${format}`);
  await dataSource.destroy();
  const s = [...times].sort((a, b) => a - b);
  const pct = (p) => s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)];
  const kib = (last.byte_size / 1024).toFixed(0);
  console.log(`${format} packet, ${milestones} milestones, ${runs} runs: p50 ${pct(0.5).toFixed(0)} ms, p95 ${pct(0.95).toFixed(0)} ms, max ${s.at(-1).toFixed(0)} ms; file ${kib} KiB (${last.file_name}); ${hashes.size === 1 ? 'same sha256 every run' : `${hashes.size} different files!`}`);
  console.log(`targets: p95 <= 1000 ms ${pct(0.95) <= 1000 ? 'met' : 'MISSED'}; file <= 300 KiB ${last.byte_size <= 300 * 1024 ? 'met' : 'MISSED'}. File: bench/results/packet.${format}`);
  if (hashes.size !== 1) process.exitCode = 1;
}
