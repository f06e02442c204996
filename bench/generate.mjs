#!/usr/bin/env node
/**
 * Issue 3 benchmark, step 1: a synthetic load in its own database.
 *
 *   node bench/generate.mjs [--sub-projects=100000] [--ministries=30] [--keep]
 *
 * Drops and re-creates the bench database (its name must contain "bench"; default guankao_bench),
 * runs the real migrations and seed (plans + demo users), then bulk-generates with set-based SQL:
 * ministries with an officer and a supervisor each, sub-projects of aap2 linked to its axes,
 * 10 milestones each over 2023–2026, budget lines, submissions in every status (with revisions,
 * review rows, audit and outbox rows), a pool of draft submissions for the submit benchmark,
 * and status lights for four quarters. Then VACUUM ANALYZE. Plain .mjs: not type-checked, runs
 * against dist/ (build first).
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCH_PERIOD, DEFAULT_BENCH_URL, LIGHT_PERIOD, LIGHT_PERIODS, benchUserEmail } from './common.mjs';

/** A uniform number in [0, 1) from a key: deterministic, and evaluated per row (unlike an uncorrelated random()). */
const h = (key) => `((hashtext(${key})::bigint + 2147483648) / 4294967296.0)`;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? 'true']));
const SUB_PROJECTS = Number(args['sub-projects'] ?? 100_000);
const MINISTRIES = Number(args.ministries ?? 30);
const MILESTONES_PER_SP = 10;
const url = process.env.DATABASE_URL || DEFAULT_BENCH_URL;
const dbName = new URL(url).pathname.slice(1);
if (!/bench/.test(dbName)) {
  console.error(`Refusing to generate into "${dbName}": the database name must contain "bench" (it is dropped and re-created).`);
  process.exit(2);
}

async function step(name, fn) {
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  console.log(`  ${name}: ${(ms / 1000).toFixed(1)} s${typeof out === 'number' || typeof out === 'string' ? ` (${out})` : ''}`);
  return out;
}

const t0 = performance.now();
console.log(`Generating into ${dbName}: ${MINISTRIES} ministries, ${SUB_PROJECTS} sub-projects, ${SUB_PROJECTS * MILESTONES_PER_SP} milestones`);

// ---- a fresh database with the real schema, plans and demo users ------------------------------
if (!args.keep) {
  await step('drop database', async () => {
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });
}
const env = { ...process.env, DATABASE_URL: url, NODE_ENV: 'development', SEED_DEMO_USERS: 'true' };
await step('migrate (dist/apps/cli/migrate.js)', () => { execFileSync('node', ['dist/apps/cli/migrate.js'], { cwd: ROOT, env, stdio: 'inherit' }); });
await step('seed (dist/apps/cli/seed.js)', () => { execFileSync('node', ['dist/apps/cli/seed.js'], { cwd: ROOT, env, stdio: 'inherit' }); });

const db = new pg.Client({ connectionString: url });
await db.connect();
const q = (sql, params) => db.query(sql, params);
const rows = async (sql, params) => (await q(sql, params)).rowCount;
// Bulk load settings for this session only. Every "random" figure is a hash of a key (h below): reruns make the same data.
await q(`SET synchronous_commit = off`);
await q(`SET maintenance_work_mem = '512MB'`);
await q(`SET work_mem = '256MB'`);

const [{ count: existing }] = (await q(`SELECT count(*)::int AS count FROM sub_project WHERE code LIKE 'bench-%'`)).rows;
if (existing > 0) {
  console.error(`${dbName} already holds ${existing} generated sub-projects (--keep?): run without --keep for a fresh database.`);
  process.exit(2);
}

await q('BEGIN');

// ---- ministries and their users ---------------------------------------------------------------
await step('ministries', async () => {
  const [{ count: real }] = (await q(`SELECT count(*)::int AS count FROM organisation WHERE kind = 'ministry'`)).rows;
  const extra = Math.max(0, MINISTRIES - real);
  await q(
    `INSERT INTO organisation (code, kind, name, full_name, name_en, parent_id)
     SELECT 'bench-ministry-' || lpad(i::text, 2, '0'), 'ministry', '合成部會' || lpad(i::text, 2, '0'), '行政院合成部會' || lpad(i::text, 2, '0'),
            'Synthetic ministry ' || i, (SELECT id FROM organisation WHERE code = 'ey')
       FROM generate_series(1, $1) i`,
    [extra],
  );
  // Every ministry, numbered 0..n-1 (real ones first), for the spread below.
  await q(`CREATE TEMP TABLE bench_ministry AS
             SELECT (row_number() OVER (ORDER BY code LIKE 'bench-%', code) - 1)::int AS n, id, code, name
               FROM organisation WHERE kind = 'ministry'`);
  return `${real} seeded + ${extra} synthetic`;
});
const ministries = (await q(`SELECT n, code FROM bench_ministry ORDER BY n`)).rows;
const M = ministries.length;

await step('ministry users', () => rows(
  `INSERT INTO app_user (email, display_name, organisation_id, roles, locale, password_hash, is_active, is_demo)
   SELECT replace(r.email, '{code}', m.code), m.name || r.label, m.id, r.roles::user_role[], 'zh-TW',
          (SELECT password_hash FROM app_user WHERE email = 'moea.officer@demo.guankao.tw'), true, true
     FROM bench_ministry m
     CROSS JOIN (VALUES ($1, ' 承辦 (bench)', '{ministry_officer}'), ($2, ' 主管 (bench)', '{ministry_supervisor}')) r(email, label, roles)`,
  [benchUserEmail('{code}', 'officer'), benchUserEmail('{code}', 'supervisor')],
));

// ---- sub-projects -----------------------------------------------------------------------------
// Ministry sizes are skewed (power 1.3): the largest leads ~3× as many as the smallest, as in the real plans.
await step('sub-projects', () => rows(
  `INSERT INTO sub_project (code, programme_id, kind, name, name_as_printed, lead_organisation_id, lead_text, period_text,
                            start_year, end_year, continuity, status, full_term_target)
   SELECT 'bench-sp-' || lpad(i::text, 6, '0'), (SELECT id FROM programme WHERE code = 'aap2'), 'detailed',
          '合成細部計畫 ' || i || '：' || (ARRAY['AI 晶片','資料治理','智慧醫療','人才培育','算力建置','產業應用','法規調適','智慧農業'])[1 + i % 8] || ' ' || substr(md5(i::text), 1, 8),
          NULL, m.id, m.name, '112-115年', 2023, 2026, 'new', 'acknowledged', '完成階段目標'
     FROM generate_series(1, $1) i
     JOIN bench_ministry m ON m.n = floor(${M} * power(((i * 0.6180339887498949) % 1), 1.3))::int`,
  [SUB_PROJECTS],
));
await q(`CREATE TEMP TABLE bench_sp AS
           SELECT sp.id, sp.code, substr(sp.code, 10)::int AS i, sp.lead_organisation_id AS lead FROM sub_project sp WHERE sp.code LIKE 'bench-sp-%'`);
await q(`CREATE UNIQUE INDEX ON bench_sp (i)`);
await q(`ANALYZE bench_sp`);

await step('co-organisers (15%)', () => rows(
  `INSERT INTO sub_project_co_organiser (sub_project_id, organisation_id, seq)
   SELECT s.id, m.id, 1 FROM bench_sp s JOIN bench_ministry m ON m.n = (s.i * 7 + 3) % ${M}
    WHERE s.i % 20 < 3 AND m.id <> s.lead`,
));
await step('axes (1–2 per sub-project)', () => rows(
  `INSERT INTO sub_project_axis (sub_project_id, axis_id, source)
   SELECT s.id, a.id, 'bench' FROM bench_sp s
     JOIN axis a ON a.programme_id = (SELECT id FROM programme WHERE code = 'aap2')
                AND (a.seq = 1 + s.i % 5 OR (s.i % 10 < 3 AND a.seq = 1 + (s.i + 2) % 5))`,
));

// ---- milestones -------------------------------------------------------------------------------
// 10 per sub-project, one in each tenth of 2023-01-01..2026-12-31 (jittered). Past ones are mostly
// accepted: older than 180 days 92% accepted / 3% submitted / 5% pending, newer 55% / 20% / 25%.
await step('milestones', () => rows(
  `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status, source)
   SELECT s.code || '-m' || lpad(k::text, 2, '0'), s.id, k, extract(year FROM d)::int, d,
          '第 ' || k || ' 期查核點：' || (ARRAY['完成規劃','完成建置','完成驗證','上線營運','成果推廣'])[1 + (s.i + k) % 5],
          (CASE WHEN d >= today THEN 'pending'
                WHEN d < today - 180 THEN (CASE WHEN r < 0.92 THEN 'accepted' WHEN r < 0.95 THEN 'submitted' ELSE 'pending' END)
                ELSE (CASE WHEN r < 0.55 THEN 'accepted' WHEN r < 0.75 THEN 'submitted' ELSE 'pending' END) END)::milestone_status,
          'bench'
     FROM bench_sp s
     CROSS JOIN generate_series(1, ${MILESTONES_PER_SP}) k
     CROSS JOIN LATERAL (SELECT (DATE '2023-01-01' + ((k - 1) * 146 + floor(${h(`s.code || 'd' || k`)} * 146))::int) AS d,
                                ${h(`s.code || 's' || k`)} AS r, (now() AT TIME ZONE 'Asia/Taipei')::date AS today) x`,
));

await step('budget lines (4 years per sub-project)', () => rows(
  `INSERT INTO budget_line (code, programme_id, axis_id, sub_project_id, fiscal_year, kind, allocated, executed, source)
   SELECT s.code || '-b' || y, (SELECT id FROM programme WHERE code = 'aap2'),
          (SELECT axis_id FROM sub_project_axis x WHERE x.sub_project_id = s.id ORDER BY axis_id LIMIT 1),
          s.id, y, (CASE WHEN s.i % 3 = 0 THEN 'existing' ELSE 'new' END)::budget_kind, a,
          CASE WHEN y < 2026 THEN round(a * (0.6 + ${h(`s.code || 'e' || y`)} * 0.4), 4) ELSE round(a * ${h(`s.code || 'e' || y`)} * 0.8, 4) END, 'bench'
     FROM bench_sp s CROSS JOIN generate_series(2023, 2026) y CROSS JOIN LATERAL (SELECT round((0.05 + ${h(`s.code || 'a' || y`)} * 2)::numeric, 4) AS a) x`,
));

// ---- submissions in every status --------------------------------------------------------------
// accepted: milestones accepted and due since 2025 (older ones predate the system); submitted: every
// submitted milestone; of the past-due pending ones, 10% returned, 10% awaiting the supervisor, 20%
// drafts. Plus the submit benchmark's pool: one period draft (BENCH_PERIOD) per sub-project.
await q(`CREATE TEMP TABLE bench_sub (id uuid, milestone_id uuid, status submission_status, officer uuid, supervisor uuid, at timestamptz)`);
await step('submissions', async () => {
  const n = await rows(
    `WITH users AS (
       SELECT organisation_id, max(id::text) FILTER (WHERE roles = '{ministry_officer}')::uuid AS officer,
              max(id::text) FILTER (WHERE roles = '{ministry_supervisor}')::uuid AS supervisor
         FROM app_user WHERE email LIKE '%@bench.guankao.tw' GROUP BY organisation_id
     ), picked AS (
       SELECT m.id AS milestone_id, m.sub_project_id, m.due_date, u.officer, u.supervisor,
              CASE WHEN m.status = 'accepted' THEN 'accepted'
                   WHEN m.status = 'submitted' THEN 'submitted'
                   WHEN h < 0.1 THEN 'returned' WHEN h < 0.2 THEN 'awaiting_supervisor' ELSE 'draft' END::submission_status AS status
         FROM milestone m JOIN bench_sp s ON s.id = m.sub_project_id JOIN users u ON u.organisation_id = s.lead
         CROSS JOIN LATERAL (SELECT ${h('m.code')} AS h) r
        WHERE (m.status = 'accepted' AND m.due_date >= DATE '2025-01-01') OR m.status = 'submitted'
           OR (m.status = 'pending' AND m.due_date < (now() AT TIME ZONE 'Asia/Taipei')::date AND h < 0.4)
     ), ins AS (
       INSERT INTO submission (sub_project_id, milestone_id, period, status, revision, progress_percent, narrative, budget_executed, budget_year,
                               created_by, created_at, updated_at, submitted_at, decided_at)
       SELECT sub_project_id, milestone_id, to_char(due_date, 'YYYY') || '-Q' || extract(quarter FROM due_date), status, 1,
              CASE WHEN status = 'draft' THEN 50 ELSE 100 END, '本期辦理情形（合成資料）', NULL, NULL, officer,
              due_date - 20 + time '09:00', due_date - 5 + time '17:00',
              CASE WHEN status IN ('submitted', 'accepted', 'returned') THEN due_date - 5 + time '16:00' END,
              CASE WHEN status IN ('accepted', 'returned') THEN due_date + 10 + time '11:00' END
         FROM picked
       RETURNING id, milestone_id, status, created_by, created_at
     )
     INSERT INTO bench_sub SELECT i.id, i.milestone_id, i.status, i.created_by, p.supervisor, i.created_at FROM ins i JOIN picked p USING (milestone_id)`,
  );
  return `${n} on milestones`;
});
await step(`submit pool: period drafts for ${BENCH_PERIOD}`, () => rows(
  `WITH ins AS (
     INSERT INTO submission (sub_project_id, milestone_id, period, status, revision, progress_percent, narrative, created_by)
     SELECT s.id, NULL, $1, 'draft', 1, 40, '本季進度（合成資料，供送出基準測試）', u.id
       FROM bench_sp s JOIN app_user u ON u.organisation_id = s.lead AND u.roles = '{ministry_officer}' AND u.email LIKE '%@bench.guankao.tw'
     RETURNING id, status, created_by, created_at)
   INSERT INTO bench_sub SELECT id, NULL, status, created_by, NULL, created_at FROM ins`,
  [BENCH_PERIOD],
));
await step('submission revisions', () => rows(
  `INSERT INTO submission_revision (submission_id, revision, content, created_by, created_at)
   SELECT s.id, 1, jsonb_build_object('progressPercent', CASE WHEN s.status = 'draft' THEN '50' ELSE '100' END, 'narrative', '本期辦理情形（合成資料）',
                                      'indicatorActuals', '[]'::jsonb, 'budgetExecuted', NULL, 'budgetYear', NULL, 'evidence', '[]'::jsonb),
          s.officer, s.at
     FROM bench_sub s`,
));
await step('review rows (submit, approve, accept/return)', () => rows(
  `INSERT INTO submission_review (submission_id, revision, action, comment, actor_user_id, at)
   SELECT s.id, 1, a.action::review_action, CASE WHEN a.action = 'return' THEN '請補充佐證資料（合成資料）' END,
          CASE a.action WHEN 'submit' THEN s.officer WHEN 'approve' THEN s.supervisor ELSE (SELECT id FROM app_user WHERE email = 'coordinator@demo.guankao.tw') END,
          s.at + a.days * interval '1 day'
     FROM bench_sub s
     JOIN (VALUES ('submit', 10, 1), ('approve', 15, 2), ('accept', 30, 3), ('return', 30, 3)) a(action, days, step) ON
          (s.status = 'awaiting_supervisor' AND a.step = 1)
       OR (s.status = 'submitted' AND a.step <= 2)
       OR (s.status = 'accepted' AND (a.step <= 2 OR a.action = 'accept'))
       OR (s.status = 'returned' AND (a.step <= 2 OR a.action = 'return'))`,
));
// The audit hash chain (issue 11) seals each row by a deferred trigger at COMMIT, one after another: for 1.9 M rows
// that took over an hour here. The bench's rows are left unsealed (hash NULL): `npm run audit:verify` reports them.
await db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_seal');
await step('audit events (one per review and per submission created)', () => rows(
  `INSERT INTO audit_event (at, actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, request_id)
   SELECT r.at, r.actor_user_id, u.organisation_id, 'submission.' || r.action, 'submission', r.submission_id, NULL::jsonb,
          jsonb_build_object('revision', r.revision), 'bench'
     FROM submission_review r JOIN app_user u ON u.id = r.actor_user_id
   UNION ALL
   SELECT s.at, s.officer, NULL, 'submission.create', 'submission', s.id, NULL::jsonb, jsonb_build_object('status', 'draft', 'revision', 1), 'bench' FROM bench_sub s`,
));
await db.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_seal');
await step('outbox events (published, one per notifying review)', () => rows(
  `INSERT INTO outbox_event (created_at, topic, aggregate_type, aggregate_id, payload, published_at, attempts)
   SELECT r.at, CASE r.action WHEN 'submit' THEN 'submission.awaiting_supervisor' WHEN 'approve' THEN 'submission.submitted'
                              WHEN 'accept' THEN 'submission.accepted' ELSE 'submission.returned' END,
          'submission', r.submission_id, jsonb_build_object('submissionId', r.submission_id), r.at + interval '1 minute', 1
     FROM submission_review r JOIN bench_sub s ON s.id = r.submission_id`,
));

// ---- status lights ----------------------------------------------------------------------------
await step(`status lights (4 quarters up to ${LIGHT_PERIOD})`, () => rows(
  `INSERT INTO status_light (sub_project_id, period, computed_colour, reasons, inputs, computed_at, override_colour, override_justification, overridden_by, overridden_at)
   SELECT s.id, p.period, c.colour::light_colour,
          jsonb_build_array(CASE c.colour
            WHEN 'green' THEN jsonb_build_object('code', 'on_track', 'zh', '進度符合規劃', 'en', 'On track')
            WHEN 'yellow' THEN jsonb_build_object('code', 'schedule_slip', 'zh', '進度落後 8 個百分點', 'en', 'Schedule slip of 8 points')
            WHEN 'red' THEN jsonb_build_object('code', 'overdue_milestones', 'zh', '有 2 個查核點逾期', 'en', '2 milestones overdue')
            ELSE jsonb_build_object('code', 'not_reported', 'zh', '本期未填報', 'en', 'Nothing reported') END),
          jsonb_build_object('bench', true), now(),
          CASE WHEN o < 0.01 THEN 'yellow'::light_colour END, CASE WHEN o < 0.01 THEN '已確認補正計畫（合成資料）' END,
          CASE WHEN o < 0.01 THEN (SELECT id FROM app_user WHERE email = 'coordinator@demo.guankao.tw') END, CASE WHEN o < 0.01 THEN now() END
     FROM bench_sp s
     CROSS JOIN unnest($1::text[]) p(period)
     CROSS JOIN LATERAL (SELECT ${h(`s.code || p.period`)} AS r, ${h(`s.code || 'o' || p.period`)} AS o) x
     CROSS JOIN LATERAL (SELECT CASE WHEN r < 0.55 THEN 'green' WHEN r < 0.8 THEN 'yellow' WHEN r < 0.92 THEN 'red' ELSE 'white' END AS colour) c`,
  [LIGHT_PERIODS],
));

await step('commit', async () => { await q('COMMIT'); });
await step('VACUUM ANALYZE', async () => { await q('VACUUM ANALYZE'); });

// ---- what was made ----------------------------------------------------------------------------
const counts = (await q(
  `SELECT (SELECT count(*) FROM organisation WHERE kind = 'ministry') AS ministries,
          (SELECT count(*) FROM app_user) AS users,
          (SELECT count(*) FROM sub_project) AS sub_projects,
          (SELECT count(*) FROM sub_project_axis) AS sub_project_axes,
          (SELECT count(*) FROM sub_project_co_organiser) AS co_organisers,
          (SELECT count(*) FROM milestone) AS milestones,
          (SELECT count(*) FROM milestone WHERE status <> 'accepted' AND due_date < (now() AT TIME ZONE 'Asia/Taipei')::date) AS overdue_milestones,
          (SELECT count(*) FROM budget_line) AS budget_lines,
          (SELECT count(*) FROM submission) AS submissions,
          (SELECT count(*) FROM submission WHERE period = $1 AND milestone_id IS NULL AND status = 'draft') AS submit_pool_drafts,
          (SELECT count(*) FROM submission_revision) AS submission_revisions,
          (SELECT count(*) FROM submission_review) AS submission_reviews,
          (SELECT count(*) FROM audit_event) AS audit_events,
          (SELECT count(*) FROM outbox_event) AS outbox_events,
          (SELECT count(*) FROM status_light) AS status_lights,
          pg_size_pretty(pg_database_size(current_database())) AS database_size`,
  [BENCH_PERIOD],
)).rows[0];
const byStatus = (await q(`SELECT status::text, count(*)::int AS n FROM submission GROUP BY 1 ORDER BY 1`)).rows;
const perMinistry = (await q(
  `SELECT min(n)::int AS min, percentile_disc(0.5) WITHIN GROUP (ORDER BY n)::int AS median, max(n)::int AS max
     FROM (SELECT count(*) AS n FROM sub_project WHERE code LIKE 'bench-sp-%' GROUP BY lead_organisation_id) x`,
)).rows[0];
await db.end();

console.log('\nCounts:');
for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(22)} ${v}`);
console.log(`  submissions by status  ${byStatus.map((r) => `${r.status} ${r.n}`).join(', ')}`);
console.log(`  sub-projects/ministry  min ${perMinistry.min}, median ${perMinistry.median}, max ${perMinistry.max}`);
console.log(`\nDone in ${((performance.now() - t0) / 1000).toFixed(1)} s. Sign in as <ministry code>.officer@bench.guankao.tw (e.g. ${benchUserEmail(ministries[0].code, 'officer')}) with the demo password.`);
