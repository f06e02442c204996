#!/usr/bin/env node
/**
 * Issue 3 benchmark: the RAW BASELINE. A plain Fastify server that runs, through `pg` directly, the
 * same SQL statements as our endpoints, in the same order and with the same transaction:
 *
 *   POST /api/submissions/:id/submit        SubmissionsService.transition('submit') + detail()
 *   GET  /api/dashboards/overdue-milestones DashboardsService.overdueMilestones()
 *   GET  /api/dashboards/portfolio          DashboardsService.portfolio() (no drill-down)
 *
 * It skips Nest, DTO validation, the access guard and the JSON view mapping. The caller is named by
 * `x-bench-user: <user id>` (actors are loaded once at start-up); with `x-bench-auth: session` it
 * instead runs the access guard's session lookup (SessionService.actorForAccessToken's SQL) on the
 * bearer token, to show what that one query costs. Two what-ifs for the submit, not our SQL:
 * `x-bench-variant: lean` answers with the detail read in one statement instead of three;
 * `x-bench-variant: prepared` sends every statement as a named prepared statement.
 *
 * Keep the SQL here identical to libs/submissions/submissions.service.ts, libs/audit/unit-of-work.ts
 * and libs/dashboards/dashboards.service.ts: it is copied, on purpose, not imported.
 *
 *   DATABASE_URL=… PORT=3101 DATABASE_POOL_SIZE=10 node bench/raw-server.mjs
 */
import { createHash, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { decodeCursor, encodeCursor } from '../dist/libs/common/cursor.js';
import { DEFAULT_BENCH_URL } from './common.mjs';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL || DEFAULT_BENCH_URL,
  max: Number(process.env.DATABASE_POOL_SIZE || 10),
});
/**
 * With `x-bench-variant: prepared` (submit only), every statement is a named prepared statement, so
 * PostgreSQL parses and plans it once per connection instead of on every execution. Not what our code
 * does (TypeORM sends unnamed statements): a measured what-if.
 */
const named = (text, values, prepared) => (prepared ? { name: `b${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values } : { text, values });
const query = async (sql, params, prepared = false) => (await pool.query(named(sql, params, prepared))).rows;

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// ---- the caller ---------------------------------------------------------------------------------
const ALL_ROLES = ['admin', 'coordinator', 'reviewer', 'viewer'];
/** Same SQL as SessionService.actorForAccessToken. */
const SESSION_SQL = `SELECT s.id AS session_id, u.id, u.email, u.display_name, u.roles::text[] AS roles, u.locale, u.organisation_id,
              COALESCE(t.ids, '{}') AS organisation_ids
         FROM user_session s
         JOIN app_user u ON u.id = s.user_id
         LEFT JOIN LATERAL (
           WITH RECURSIVE tree(id) AS (SELECT u.organisation_id UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
           SELECT array_agg(id) AS ids FROM tree WHERE id IS NOT NULL) t ON true
        WHERE s.access_token_hash = $1 AND s.revoked_at IS NULL AND s.access_expires_at > now() AND u.is_active`;
const toActor = (row) => ({ userId: row.id, roles: row.roles, organisationId: row.organisation_id, organisationIds: row.organisation_ids });

const actors = new Map(
  (await query(`SELECT u.id, u.roles::text[] AS roles, u.organisation_id, COALESCE(t.ids, '{}') AS organisation_ids
                  FROM app_user u
                  LEFT JOIN LATERAL (
                    WITH RECURSIVE tree(id) AS (SELECT u.organisation_id UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
                    SELECT array_agg(id) AS ids FROM tree WHERE id IS NOT NULL) t ON true
                 WHERE u.is_active`)).map((r) => [r.id, toActor(r)]),
);

async function actorOf(request) {
  if (request.headers['x-bench-auth'] === 'session') {
    const prepared = request.headers['x-bench-variant'] === 'prepared';
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const [row] = await query(SESSION_SQL, [createHash('sha256').update(token).digest('hex')], prepared);
    if (!row) throw new HttpError(401, 'UNAUTHENTICATED', 'bad token');
    return toActor(row);
  }
  const actor = actors.get(request.headers['x-bench-user']);
  if (!actor) throw new HttpError(401, 'UNAUTHENTICATED', 'send x-bench-user: <user id>');
  return actor;
}

/** libs/access/scope.ts */
const scopeOf = (actor) => (actor.roles.some((r) => ALL_ROLES.includes(r)) ? { all: true } : { all: false, organisationIds: actor.organisationIds });
function subProjectInScope(scope, param, alias = 'sp') {
  if (scope.all) return 'TRUE';
  const ids = param(scope.organisationIds);
  return `(${alias}.lead_organisation_id = ANY(${ids}::uuid[]) OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco
            WHERE sco.sub_project_id = ${alias}.id AND sco.organisation_id = ANY(${ids}::uuid[])))`;
}
const inScope = (scope, lead, co) => scope.all || (lead !== null && scope.organisationIds.includes(lead)) || co.some((o) => scope.organisationIds.includes(o));
function params() {
  const values = [];
  return { values, param: (value) => { values.push(value); return `$${values.length}`; } };
}

// ---- submissions (libs/submissions/submissions.service.ts) --------------------------------------
const ROW_SELECT = `
  SELECT s.id, s.sub_project_id, s.milestone_id, s.period, s.status, s.revision, s.version,
         s.created_at, s.updated_at, s.submitted_at, s.decided_at,
         sp.code AS sp_code, sp.name AS sp_name, sp.status AS sp_status, sp.programme_id,
         sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         ARRAY(SELECT c.organisation_id::text FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id) AS co_organiser_ids,
         m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due_date, m.status AS m_status,
         (SELECT max(r.revision) FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'approve') AS approved_revision
    FROM submission s
    JOIN sub_project sp ON sp.id = s.sub_project_id
    LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
    LEFT JOIN milestone m ON m.id = s.milestone_id`;

async function submit(id, version, actor, requestId, variant = null) {
  const prepared = variant === 'prepared';
  const run = (client, text, values) => client.query(named(text, values, prepared));
  const client = await pool.connect();
  try {
    await client.query('START TRANSACTION');
    try {
      const { rows: [row] } = await run(client, `${ROW_SELECT} WHERE s.id = $1 FOR UPDATE OF s`, [id]);
      if (!row) throw new HttpError(404, 'NOT_FOUND', 'no such submission');
      if (!(row.lead_id !== null && actor.organisationIds.includes(row.lead_id))) throw new HttpError(403, 'FORBIDDEN', 'not the lead');
      if (version !== row.version) throw new HttpError(409, 'STALE_VERSION', `expected ${version}, is ${row.version}`);
      if (row.status !== 'draft') throw new HttpError(409, 'INVALID_TRANSITION', `cannot submit from ${row.status}`);
      const to = 'awaiting_supervisor';
      await run(
        client,
        `UPDATE submission SET status = $2, revision = $3, version = version + 1, updated_at = now(),
                submitted_at = CASE WHEN $4 THEN now() ELSE submitted_at END,
                decided_at = CASE WHEN $5 THEN now() ELSE decided_at END
          WHERE id = $1`,
        [row.id, to, row.revision, false, false],
      );
      await run(client, `INSERT INTO submission_review (submission_id, revision, action, comment, actor_user_id) VALUES ($1, $2, $3, $4, $5)`, [
        row.id, row.revision, 'submit', null, actor.userId,
      ]);
      await run(
        client,
        `INSERT INTO audit_event (actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, request_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [actor.userId, actor.organisationId, 'submission.submit', 'submission', row.id,
         JSON.stringify({ status: row.status, revision: row.revision }), JSON.stringify({ status: to, revision: row.revision }), requestId],
      );
      await run(client, `INSERT INTO outbox_event (topic, aggregate_type, aggregate_id, payload) VALUES ($1, $2, $3, $4)`, [
        'submission.awaiting_supervisor', 'submission', row.id,
        JSON.stringify({ submissionId: row.id, subProjectId: row.sub_project_id, milestoneId: row.milestone_id }),
      ]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  } finally {
    client.release();
  }
  return variant === 'lean' ? leanDetail(id, actor) : detail(id, actor, prepared);
}

/**
 * Not our SQL: what detail() would cost in one round trip instead of three (the row, its revisions
 * and its reviews in one statement). Used only with `x-bench-variant: lean`, to measure that idea.
 */
async function leanDetail(id, actor) {
  const [row] = await query(
    `${ROW_SELECT.replace('SELECT s.id,', `SELECT
         (SELECT json_agg(x ORDER BY x.revision) FROM (SELECT r.revision, r.created_at, r.content, r.created_by, u.display_name
            FROM submission_revision r LEFT JOIN app_user u ON u.id = r.created_by WHERE r.submission_id = s.id) x) AS revisions,
         (SELECT json_agg(x ORDER BY x.at, x.id) FROM (SELECT r.id, r.action, r.comment, r.at, r.revision, r.actor_user_id, u.display_name
            FROM submission_review r LEFT JOIN app_user u ON u.id = r.actor_user_id WHERE r.submission_id = s.id) x) AS reviews,
         s.id,`)} WHERE s.id = $1`,
    [id],
  );
  if (!row) throw new HttpError(404, 'NOT_FOUND', 'no such submission');
  if (!inScope(scopeOf(actor), row.lead_id, row.co_organiser_ids)) throw new HttpError(403, 'FORBIDDEN', 'another organisation');
  return row;
}

/** SubmissionsService.detail: the response of every transition. */
async function detail(id, actor, prepared = false) {
  const [row] = await query(`${ROW_SELECT} WHERE s.id = $1`, [id], prepared);
  if (!row) throw new HttpError(404, 'NOT_FOUND', 'no such submission');
  const scope = scopeOf(actor);
  let shown = row.revision;
  if (!scope.all) {
    if (!inScope(scope, row.lead_id, row.co_organiser_ids)) throw new HttpError(403, 'FORBIDDEN', 'another organisation');
  } else {
    if (row.approved_revision === null) throw new HttpError(404, 'NOT_FOUND', 'not sent yet');
    shown = row.approved_revision;
  }
  const [revisions, reviews] = await Promise.all([
    query(`SELECT r.revision, r.created_at, r.content, r.created_by, u.display_name
           FROM submission_revision r LEFT JOIN app_user u ON u.id = r.created_by
          WHERE r.submission_id = $1 AND r.revision <= $2 ORDER BY r.revision`, [id, shown], prepared),
    query(`SELECT r.action, r.comment, r.at, r.revision, r.actor_user_id, u.display_name
           FROM submission_review r LEFT JOIN app_user u ON u.id = r.actor_user_id
          WHERE r.submission_id = $1 AND r.revision <= $2 ORDER BY r.at, r.id`, [id, shown], prepared),
  ]);
  const evidence = revisions[revisions.length - 1]?.content?.evidence ?? [];
  const files = evidence.length
    ? await query(`SELECT e.id, e.filename, e.content_type, e.size_bytes, e.sha256, e.storage_key, e.created_at,
         e.uploaded_by, u.display_name AS uploader_name, o.code AS org_code, o.name AS org_name
    FROM evidence_file e
    LEFT JOIN app_user u ON u.id = e.uploaded_by
    LEFT JOIN organisation o ON o.id = e.organisation_id WHERE e.id = ANY($1::uuid[])`, [evidence])
    : [];
  return { ...row, revision: shown, revisions, reviews, evidence: files };
}

// ---- dashboards (libs/dashboards/dashboards.service.ts) -----------------------------------------
const TODAY = `(now() AT TIME ZONE 'Asia/Taipei')::date`;
const taipeiToday = async () => (await query(`SELECT to_char((now() AT TIME ZONE 'Asia/Taipei')::date, 'YYYY-MM-DD') AS today`))[0].today;
/** libs/organisations/organisation-tree.ts (organisationAndUnits) */
function orgTree(placeholder) {
  return `(WITH RECURSIVE tree AS (SELECT id FROM organisation WHERE code = ${placeholder}
             UNION SELECT o.id FROM organisation o JOIN tree t ON o.parent_id = t.id) SELECT id FROM tree)`;
}
async function checkCodes(codes) {
  let programme = null;
  const tables = { programme: 'programme', axis: 'axis', ministry: 'organisation' };
  for (const field of ['programme', 'axis', 'ministry']) {
    const code = codes[field];
    if (code === undefined) continue;
    const [found] = await query(`SELECT code, name FROM "${tables[field]}" WHERE code = $1`, [code]);
    if (!found) throw new HttpError(400, 'VALIDATION_FAILED', `${field} "${code}" does not exist`);
    if (field === 'programme') programme = found;
  }
  return programme;
}

async function overdueMilestones(q, scope) {
  await checkCodes({ programme: q.programme, ministry: q.ministry });
  const limit = q.limit ? Number(q.limit) : 50;
  const { values, param } = params();
  const where = [`m.status <> 'accepted'`, `m.due_date < ${TODAY}`, subProjectInScope(scope, param)];
  if (q.programme) where.push(`p.code = ${param(q.programme)}`);
  if (q.ministry) where.push(`sp.lead_organisation_id IN ${orgTree(param(q.ministry))}`);
  if (q.after) {
    const [due, code] = decodeCursor('overdue:due,code', q.after, 2);
    where.push(`(m.due_date, m.code) > (${param(due)}::date, ${param(code)})`);
  }
  const rows = await query(
    `SELECT m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.status::text AS status, (${TODAY} - m.due_date)::int AS days_overdue,
              sp.code AS sp_code, sp.name AS sp_name, lo.code AS lead_code, lo.name AS lead_name, p.code AS programme_code, p.name AS programme_name
         FROM milestone m
         JOIN sub_project sp ON sp.id = m.sub_project_id
         JOIN programme p ON p.id = sp.programme_id
         LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
        WHERE ${where.join(' AND ')}
        ORDER BY m.due_date, m.code
        LIMIT ${param(limit + 1)}`,
    values,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { asOf: await taipeiToday(), items: page, nextCursor: rows.length > limit ? encodeCursor('overdue:due,code', [last.due_date, last.code]) : null };
}

async function portfolio(q, scope) {
  const programme = await checkCodes({ programme: q.programme, axis: q.axis, ministry: q.ministry });
  const period = q.period ?? (await taipeiToday()); // the bench always passes period
  const withBase = () => {
    const { values, param } = params();
    const where = [subProjectInScope(scope, param)];
    if (q.programme) where.push(`p.code = ${param(q.programme)}`);
    if (q.axis) where.push(`EXISTS (SELECT 1 FROM sub_project_axis x JOIN axis a ON a.id = x.axis_id WHERE x.sub_project_id = sp.id AND a.code = ${param(q.axis)})`);
    if (q.ministry) where.push(`sp.lead_organisation_id IN ${orgTree(param(q.ministry))}`);
    const sql = `
        WITH base AS (
          SELECT sp.id, sp.code, sp.name, lo.code AS lead_code, lo.name AS lead_name,
                 COALESCE(l.override_colour, l.computed_colour, 'white')::text AS colour, l.computed_colour::text AS computed_colour,
                 l.override_colour::text AS override_colour, l.override_justification, l.reasons
            FROM sub_project sp
            JOIN programme p ON p.id = sp.programme_id
            LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
            LEFT JOIN status_light l ON l.sub_project_id = sp.id AND l.period = ${param(period)}
           WHERE ${where.join(' AND ')})`;
    return { sql, values, param };
  };
  const lead = withBase();
  const axis = withBase();
  const axisFilter = q.axis ? `WHERE a.code = ${axis.param(q.axis)}` : '';
  const [byLead, byAxis] = await Promise.all([
    query(`${lead.sql} SELECT lead_code, lead_name, colour, count(*)::int AS n FROM base GROUP BY lead_code, lead_name, colour`, lead.values),
    query(
      `${axis.sql} SELECT a.code, a.name, b.colour, count(*)::int AS n
           FROM base b JOIN sub_project_axis spa ON spa.sub_project_id = b.id JOIN axis a ON a.id = spa.axis_id ${axisFilter}
          GROUP BY a.code, a.name, b.colour`,
      axis.values,
    ),
  ]);
  return { programme, period, byLead, byAxis };
}

// ---- HTTP ---------------------------------------------------------------------------------------
const app = Fastify({ logger: false, genReqId: () => randomUUID() });
app.setErrorHandler((error, _request, reply) => {
  const status = error instanceof HttpError ? error.status : 500;
  if (status === 500) console.error(error);
  reply.status(status).send({ error: { code: error.code ?? 'INTERNAL', status, message: error.message } });
});
app.post('/api/submissions/:id/submit', async (request) =>
  submit(request.params.id, request.body?.version, await actorOf(request), request.id, request.headers['x-bench-variant'] ?? null));
app.get('/api/dashboards/overdue-milestones', async (request) => overdueMilestones(request.query, scopeOf(await actorOf(request))));
app.get('/api/dashboards/portfolio', async (request) => portfolio(request.query, scopeOf(await actorOf(request))));
app.get('/health', async () => ({ status: 'ok', actors: actors.size }));

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT || 3101) });
console.log(`raw baseline on :${process.env.PORT || 3101}, ${actors.size} actors, pool ${pool.options.max}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, async () => { await app.close(); await pool.end(); process.exit(0); });
