import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type Scope, subProjectInScope } from '../access/scope.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { organisationAndUnits } from '../organisations/organisation-tree.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { dateView, yearView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import type { ProgrammeRefDto } from '../common/views.js';
import { sqlParams } from '../common/sql-params.js';
import { parsePeriod, periodOf, taipeiToday } from '../lights/period.js';
import { LightColour, type LightReason } from '../lights/status-light.entity.js';
import type {
  AxisCountsDto, MinistryCountsDto, MinistryPerformanceDto, MinistryPerformanceQuery, OverdueMilestonesDto, OverdueMilestonesQuery, PendingReviewsDto,
  PendingReviewsQuery, PortfolioDto, PortfolioItemDto, PortfolioQuery,
} from './dashboards.views.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * Where and when a dashboard reads: by default the live database and today (Asia/Taipei); a
 * report passes its snapshot transaction and its as-of day, so its figures are the dashboards'.
 */
export interface Reading {
  db: Db;
  /** The Taipei date counted as today (YYYY-MM-DD). */
  today: string;
}


type Counts = Record<LightColour, number>;
const zeroCounts = (): Counts => ({ green: 0, yellow: 0, red: 0, white: 0 });

const NOT_COMPUTED: LightReason = { code: 'not_computed', zh: '本期燈號尚未計算，視為白燈', en: 'No light computed for this period yet: shown white' };

/** JSON dashboards. Every query is narrowed by the caller's scope (subProjectInScope). */
@Injectable()
export class DashboardsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts per light (override, else computed; none ⇒ white) overall, per axis and per lead ministry; with `light`, the sub-projects showing it. */
  async portfolio(query: PortfolioQuery, scope: Scope, at?: Reading): Promise<PortfolioDto> {
    const { db, today } = await this.reading(at);
    const programme = await this.checkCodes(db, { programme: query.programme, axis: query.axis, ministry: query.ministry });
    const period = query.period ? parsePeriod(query.period) : periodOf(today);

    // Each query gets its own parameter list: the base CTE, then what that query adds.
    const withBase = () => {
      const { values, param } = sqlParams();
      const where = [subProjectInScope(scope, param)];
      if (query.programme) where.push(`p.code = ${param(query.programme)}`);
      if (query.axis) where.push(`EXISTS (SELECT 1 FROM sub_project_axis x JOIN axis a ON a.id = x.axis_id WHERE x.sub_project_id = sp.id AND a.code = ${param(query.axis)})`);
      if (query.ministry) where.push(`sp.lead_organisation_id IN ${organisationAndUnits(param(query.ministry))}`);
      const sql = `
        WITH base AS (
          SELECT sp.id, sp.code, sp.name, lo.code AS lead_code, lo.name AS lead_name,
                 COALESCE(l.override_colour, l.computed_colour, 'white')::text AS colour, l.computed_colour::text AS computed_colour,
                 l.override_colour::text AS override_colour, l.override_justification, l.reasons
            FROM sub_project sp
            JOIN programme p ON p.id = sp.programme_id
            LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
            LEFT JOIN status_light l ON l.sub_project_id = sp.id AND l.period = ${param(period.code)}
           WHERE ${where.join(' AND ')})`;
      return { sql, values, param };
    };

    const lead = withBase();
    const axis = withBase();
    // With an axis filter, only that axis is counted (a sub-project's other axes would be partial).
    const axisFilter = query.axis ? `WHERE a.code = ${axis.param(query.axis)}` : '';
    const [byLead, byAxis]: [
      { lead_code: string | null; lead_name: string | null; colour: LightColour; n: number }[],
      { code: string; name: string; colour: LightColour; n: number }[],
    ] = await Promise.all([
      db.query(`${lead.sql} SELECT lead_code, lead_name, colour, count(*)::int AS n FROM base GROUP BY lead_code, lead_name, colour`, lead.values),
      db.query(
        `${axis.sql} SELECT a.code, a.name, b.colour, count(*)::int AS n
           FROM base b JOIN sub_project_axis spa ON spa.sub_project_id = b.id JOIN axis a ON a.id = spa.axis_id ${axisFilter}
          GROUP BY a.code, a.name, b.colour`,
        axis.values,
      ),
    ]);

    const counts = zeroCounts();
    const ministries = new Map<string, MinistryCountsDto>();
    for (const r of byLead) {
      counts[r.colour] += r.n;
      const key = r.lead_code ?? '';
      const entry = ministries.get(key) ?? { ministry: organisationRef(r.lead_code, r.lead_name), total: 0, counts: zeroCounts() };
      entry.counts[r.colour] += r.n;
      entry.total += r.n;
      ministries.set(key, entry);
    }
    const axes = new Map<string, AxisCountsDto>();
    for (const r of byAxis) {
      const entry = axes.get(r.code) ?? { axis: { code: r.code, name: r.name }, total: 0, counts: zeroCounts() };
      entry.counts[r.colour] += r.n;
      entry.total += r.n;
      axes.set(r.code, entry);
    }

    let drillDown: PortfolioDto['drillDown'] = null;
    if (query.light) {
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const { sql, values, param } = withBase();
      const drill = [`colour = ${param(query.light)}`];
      if (query.after) drill.push(`code > ${param(decodeCursor('portfolio:code', query.after, 1)[0])}`);
      const rows: {
        code: string; name: string; lead_code: string | null; lead_name: string | null; colour: LightColour; computed_colour: LightColour | null;
        override_colour: LightColour | null; override_justification: string | null; reasons: LightReason[] | null;
      }[] = await db.query(`${sql} SELECT * FROM base WHERE ${drill.join(' AND ')} ORDER BY code LIMIT ${param(limit + 1)}`, values);
      const page = rows.slice(0, limit);
      drillDown = {
        light: query.light,
        items: page.map((r): PortfolioItemDto => ({
          code: r.code, name: r.name, lead: organisationRef(r.lead_code, r.lead_name), colour: r.colour, computedColour: r.computed_colour,
          overridden: r.override_colour ? { colour: r.override_colour, justification: r.override_justification! } : null,
          reasons: r.computed_colour ? r.reasons ?? [] : [NOT_COMPUTED],
        })),
        nextCursor: rows.length > limit ? encodeCursor('portfolio:code', [page[page.length - 1].code]) : null,
      };
    }

    return {
      programme, period: period.code, total: Object.values(counts).reduce((a, b) => a + b, 0), counts,
      byAxis: [...axes.values()].sort((a, b) => a.axis.code.localeCompare(b.axis.code, 'en', { numeric: true })),
      // By code; sub-projects without a lead last.
      byMinistry: [...ministries.values()].sort((a, b) => (!a.ministry ? 1 : !b.ministry ? -1 : a.ministry.code < b.ministry.code ? -1 : 1)),
      drillDown,
    };
  }

  /** Milestones past due (Asia/Taipei) and not accepted, oldest first; keyset-paginated on (due date, code). */
  async overdueMilestones(query: OverdueMilestonesQuery, scope: Scope, at?: Reading): Promise<OverdueMilestonesDto> {
    const { db, today } = await this.reading(at);
    await this.checkCodes(db, { programme: query.programme, ministry: query.ministry });
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { values, param } = sqlParams();
    const TODAY = `${param(today)}::date`;
    const where = [`m.status <> 'accepted'`, `m.due_date < ${TODAY}`, subProjectInScope(scope, param)];
    if (query.programme) where.push(`p.code = ${param(query.programme)}`);
    if (query.ministry) where.push(`sp.lead_organisation_id IN ${organisationAndUnits(param(query.ministry))}`);
    if (query.after) {
      const [due, code] = decodeCursor('overdue:due,code', query.after, 2);
      where.push(`(m.due_date, m.code) > (${param(due)}::date, ${param(code)})`);
    }
    const rows: {
      code: string; deliverable: string; due_date: string; status: string; days_overdue: number;
      sp_code: string; sp_name: string; lead_code: string | null; lead_name: string | null; programme_code: string; programme_name: string;
    }[] = await db.query(
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
    return {
      asOf: today,
      items: page.map((r) => ({
        milestone: { code: r.code, deliverable: r.deliverable, dueDate: dateView(r.due_date), status: r.status },
        daysOverdue: r.days_overdue,
        subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
        programme: { code: r.programme_code, name: r.programme_name },
      })),
      nextCursor: rows.length > limit ? encodeCursor('overdue:due,code', [page[page.length - 1].due_date, page[page.length - 1].code]) : null,
    };
  }

  /** Submissions waiting for the secretariat, oldest first, with days waiting and the count, median and maximum. */
  async pendingReviews(query: PendingReviewsQuery, scope: Scope, at?: Reading): Promise<PendingReviewsDto> {
    const { db, today } = await this.reading(at);
    await this.checkCodes(db, { programme: query.programme });
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { values, param } = sqlParams();
    const TODAY = `${param(today)}::date`; // before the copy below: both queries use it
    const where = [`s.status = 'submitted'`, subProjectInScope(scope, param)];
    if (query.programme) where.push(`p.code = ${param(query.programme)}`);
    const from = `
      FROM submission s
      JOIN sub_project sp ON sp.id = s.sub_project_id
      JOIN programme p ON p.id = sp.programme_id
      LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
      LEFT JOIN milestone m ON m.id = s.milestone_id`;
    const arrived = `COALESCE(s.submitted_at, s.updated_at)`;
    const waiting = `(${TODAY} - (${arrived} AT TIME ZONE 'Asia/Taipei')::date)`;

    const statsValues = [...values];
    const pageWhere = [...where];
    if (query.after) {
      const [at, id] = decodeCursor('pending:submitted_at,id', query.after, 2);
      pageWhere.push(`(${arrived}, s.id) > (${param(at)}::timestamptz, ${param(id)}::uuid)`);
    }
    const [rows, [stats]]: [
      {
        id: string; period: string | null; revision: number; submitted_at: string; days_waiting: number; sp_code: string; sp_name: string;
        lead_code: string | null; lead_name: string | null; m_code: string | null; m_deliverable: string | null; m_due: string | null; m_status: string | null;
      }[],
      { count: number; median: string | null; max: number | null }[],
    ] = await Promise.all([
      db.query(
        `SELECT s.id, s.period, s.revision, to_char(${arrived} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS submitted_at, ${waiting}::int AS days_waiting,
                sp.code AS sp_code, sp.name AS sp_name, lo.code AS lead_code, lo.name AS lead_name,
                m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due, m.status::text AS m_status
           ${from}
          WHERE ${pageWhere.join(' AND ')}
          ORDER BY ${arrived}, s.id
          LIMIT ${param(limit + 1)}`,
        values,
      ),
      db.query(
        `SELECT count(*)::int AS count, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${waiting})::numeric, 1)::text AS median, max(${waiting})::int AS max
           ${from} WHERE ${where.join(' AND ')}`,
        statsValues,
      ),
    ]);
    const page = rows.slice(0, limit);
    return {
      asOf: today,
      count: stats.count,
      medianDaysWaiting: stats.median,
      maxDaysWaiting: stats.max,
      items: page.map((r) => ({
        submissionId: r.id,
        subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
        milestone: r.m_code ? { code: r.m_code, deliverable: r.m_deliverable!, dueDate: dateView(r.m_due!), status: r.m_status! } : null,
        period: r.period, revision: r.revision, submittedAt: r.submitted_at, daysWaiting: r.days_waiting,
      })),
      nextCursor: rows.length > limit ? encodeCursor('pending:submitted_at,id', [page[page.length - 1].submitted_at, page[page.length - 1].id]) : null,
    };
  }

  /**
   * Per lead ministry, for a year (up to today): the on-time rate (milestones due in the window
   * whose submission first reached the secretariat on or before the due date) and the return
   * rate (returns ÷ (accepts + returns) decided in the window). A ministry user sees the rows of
   * the sub-projects its organisation leads: a rate is about the lead.
   */
  async ministryPerformance(query: MinistryPerformanceQuery, scope: Scope, at?: Reading): Promise<MinistryPerformanceDto> {
    const { db, today } = await this.reading(at);
    const programme = await this.checkCodes(db, { programme: query.programme });
    const year = query.year ?? Number(today.slice(0, 4));
    const window = { from: `${year}-01-01`, to: `${year}-12-31` < today ? `${year}-12-31` : today };

    const { values, param } = sqlParams();
    const where = [subProjectInScope(scope, param), 'sp.lead_organisation_id IS NOT NULL'];
    if (!scope.all) where.push(`sp.lead_organisation_id = ANY(${param(scope.organisationIds)}::uuid[])`);
    if (query.programme) where.push(`p.code = ${param(query.programme)}`);
    const [from, to] = [param(window.from), param(window.to)];

    const rows: {
      code: string; name: string; milestones_due: number; on_time: number; late: number; accepts: number; returns: number;
      on_time_rate: string | null; return_rate: string | null;
    }[] = await db.query(
      `WITH sps AS (
         SELECT sp.id, sp.lead_organisation_id AS org FROM sub_project sp JOIN programme p ON p.id = sp.programme_id WHERE ${where.join(' AND ')}
       ),
       due AS (
         SELECT sps.org, m.due_date,
                (SELECT (LEAST(min(s.submitted_at), min(r.at) FILTER (WHERE r.action = 'approve')) AT TIME ZONE 'Asia/Taipei')::date
                   FROM submission s LEFT JOIN submission_review r ON r.submission_id = s.id
                  WHERE s.milestone_id = m.id) AS first_arrival
           FROM milestone m JOIN sps ON sps.id = m.sub_project_id
          WHERE m.due_date BETWEEN ${from}::date AND ${to}::date
       ),
       timeliness AS (
         SELECT org, count(*)::int AS milestones_due,
                count(*) FILTER (WHERE first_arrival <= due_date)::int AS on_time,
                count(*) FILTER (WHERE first_arrival > due_date)::int AS late
           FROM due GROUP BY org
       ),
       decisions AS (
         SELECT sps.org, count(*) FILTER (WHERE r.action = 'accept')::int AS accepts, count(*) FILTER (WHERE r.action = 'return')::int AS returns
           FROM submission_review r JOIN submission s ON s.id = r.submission_id JOIN sps ON sps.id = s.sub_project_id
          WHERE r.action IN ('accept', 'return') AND (r.at AT TIME ZONE 'Asia/Taipei')::date BETWEEN ${from}::date AND ${to}::date
          GROUP BY sps.org
       )
       SELECT o.code, o.name,
              COALESCE(t.milestones_due, 0) AS milestones_due, COALESCE(t.on_time, 0) AS on_time, COALESCE(t.late, 0) AS late,
              COALESCE(d.accepts, 0) AS accepts, COALESCE(d.returns, 0) AS returns,
              CASE WHEN t.milestones_due > 0 THEN round(t.on_time * 100.0 / t.milestones_due, 1)::text END AS on_time_rate,
              CASE WHEN d.accepts + d.returns > 0 THEN round(d.returns * 100.0 / (d.accepts + d.returns), 1)::text END AS return_rate
         FROM (SELECT DISTINCT org FROM sps) orgs
         JOIN organisation o ON o.id = orgs.org
         LEFT JOIN timeliness t ON t.org = orgs.org
         LEFT JOIN decisions d ON d.org = orgs.org
        ORDER BY o.code`,
      values,
    );
    return {
      programme, year: yearView(year), window,
      ministries: rows.map((r) => ({
        ministry: { code: r.code, name: r.name },
        milestonesDue: r.milestones_due, onTime: r.on_time, late: r.late, notSubmitted: r.milestones_due - r.on_time - r.late, onTimeRate: r.on_time_rate,
        accepts: r.accepts, returns: r.returns, returnRate: r.return_rate,
      })),
    };
  }

  /** A filter naming a programme, axis or organisation that does not exist is a mistake: say which. Returns the programme. */
  private async reading(at: Reading | undefined): Promise<Reading> {
    return at ?? { db: this.dataSource, today: await taipeiToday(this.dataSource) };
  }

  private async checkCodes(db: Db, codes: { programme?: string; axis?: string; ministry?: string }): Promise<ProgrammeRefDto | null> {
    const problems: FieldProblem[] = [];
    let programme: ProgrammeRefDto | null = null;
    const tables = { programme: 'programme', axis: 'axis', ministry: 'organisation' } as const;
    for (const field of ['programme', 'axis', 'ministry'] as const) {
      const code = codes[field];
      if (code === undefined) continue;
      const [found]: { code: string; name: string }[] = await db.query(`SELECT code, name FROM "${tables[field]}" WHERE code = $1`, [code]);
      if (!found) problems.push({ field, problems: [`${field} "${code}" does not exist`] });
      else if (field === 'programme') programme = found;
    }
    if (problems.length) throw AppError.invalid(problems);
    return programme;
  }
}
