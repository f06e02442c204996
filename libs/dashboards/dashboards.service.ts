import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Scope } from '../access/scope.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { dateView, yearView } from '../common/roc.js';
import { organisationRef } from '../common/views.js';
import type { ProgrammeRefDto } from '../common/views.js';
import { parsePeriod, periodOf } from '../lights/period.js';
import { LightColour, type LightReason } from '../lights/status-light.entity.js';
import {
  AXIS_BY_CODE, MINISTRY_PERFORMANCE, ORGANISATION_BY_CODE, OVERDUE_MILESTONES, PENDING_REVIEW_STATS, PENDING_REVIEWS, PORTFOLIO_BY_AXIS, PORTFOLIO_BY_LEAD,
  PORTFOLIO_DRILL_DOWN, PROGRAMME_BY_CODE, SCOPE_ORGANISATIONS,
} from './dashboards.queries.js';
import type {
  AxisCountsDto, MinistryCountsDto, MinistryPerformanceDto, MinistryPerformanceQuery, OverdueMilestonesDto, OverdueMilestonesQuery, PendingReviewsDto,
  PendingReviewsQuery, PortfolioDto, PortfolioItemDto, PortfolioQuery,
} from './dashboards.views.js';


/**
 * Where and when a dashboard reads: by default the live database and today (Asia/Taipei); a
 * report passes its snapshot transaction and its as-of day, so its figures are the dashboards'.
 */
export interface Reading {
  db: DbHandle;
  /** The Taipei date counted as today (YYYY-MM-DD). */
  today: string;
}


type Counts = Record<LightColour, number>;
const zeroCounts = (): Counts => ({ green: 0, yellow: 0, red: 0, white: 0 });

const NOT_COMPUTED: LightReason = { code: 'not_computed', zh: '本期燈號尚未計算，視為白燈', en: 'No light computed for this period yet: shown white' };

/** JSON dashboards. Every query is narrowed by the caller's scope (subProjectInScope). */
@Injectable()
export class DashboardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Counts per light (override, else computed; none ⇒ white) overall, per axis and per lead ministry; with `light`, the sub-projects showing it. */
  async portfolio(query: PortfolioQuery, scope: Scope, at?: Reading): Promise<PortfolioDto> {
    const { db, today } = this.reading(at);
    const programme = await this.checkCodes(db, { programme: query.programme, axis: query.axis, ministry: query.ministry });
    const period = query.period ? parsePeriod(query.period) : periodOf(today);

    const filter = { scope, period: period.code, programme: query.programme, axis: query.axis, ministry: query.ministry };
    const [byLead, byAxis, scopeOrganisations] = await Promise.all([
      rowsOf(db, PORTFOLIO_BY_LEAD(filter)), rowsOf(db, PORTFOLIO_BY_AXIS(filter)),
      scope.all ? Promise.resolve([]) : rowsOf(db, SCOPE_ORGANISATIONS, [scope.organisationIds]),
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
      const afterCode = query.after ? String(decodeCursor('portfolio:code', query.after, 1)[0]) : undefined;
      const rows = await rowsOf(db, PORTFOLIO_DRILL_DOWN({ ...filter, light: query.light, afterCode, limit }));
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
      programme, period: period.code, scope: { all: scope.all, organisations: scopeOrganisations }, total: Object.values(counts).reduce((a, b) => a + b, 0), counts,
      byAxis: [...axes.values()].sort((a, b) => a.axis.code.localeCompare(b.axis.code, 'en', { numeric: true })),
      // By code; sub-projects without a lead last.
      byMinistry: [...ministries.values()].sort((a, b) => (!a.ministry ? 1 : !b.ministry ? -1 : a.ministry.code < b.ministry.code ? -1 : 1)),
      drillDown,
    };
  }

  /** Milestones past due (Asia/Taipei) and not accepted, oldest first; keyset-paginated on (due date, code). */
  async overdueMilestones(query: OverdueMilestonesQuery, scope: Scope, at?: Reading): Promise<OverdueMilestonesDto> {
    const { db, today } = this.reading(at);
    await this.checkCodes(db, { programme: query.programme, ministry: query.ministry });
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.after ? decodeCursor('overdue:due,code', query.after, 2) : undefined;
    const rows = await rowsOf(db, OVERDUE_MILESTONES({
      scope, today, programme: query.programme, ministry: query.ministry, limit, after: after ? { due: String(after[0]), code: String(after[1]) } : undefined,
    }));
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
    const { db, today } = this.reading(at);
    await this.checkCodes(db, { programme: query.programme });
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const filter = { scope, today, programme: query.programme };
    const after = query.after ? decodeCursor('pending:submitted_at,id', query.after, 2) : undefined;
    const [rows, [stats]] = await Promise.all([
      rowsOf(db, PENDING_REVIEWS({ ...filter, limit, after: after ? { at: String(after[0]), id: String(after[1]) } : undefined })),
      rowsOf(db, PENDING_REVIEW_STATS(filter)),
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
    const { db, today } = this.reading(at);
    const programme = await this.checkCodes(db, { programme: query.programme });
    const year = query.year ?? Number(today.slice(0, 4));
    const window = { from: `${year}-01-01`, to: `${year}-12-31` < today ? `${year}-12-31` : today };

    const rows = await rowsOf(db, MINISTRY_PERFORMANCE({ scope, programme: query.programme, ...window }));
    return {
      programme, year: yearView(year), window,
      ministries: rows.map((r) => ({
        ministry: { code: r.code, name: r.name },
        milestonesDue: r.milestones_due, onTime: r.on_time, late: r.late, notSubmitted: r.milestones_due - r.on_time - r.late, onTimeRate: r.on_time_rate,
        accepts: r.accepts, returns: r.returns, returnRate: r.return_rate,
      })),
    };
  }

  private reading(at: Reading | undefined): Reading {
    return at ?? { db: this.dataSource, today: this.clock.today() };
  }

  /** A filter naming a programme, axis or organisation that does not exist is a mistake: say which. Returns the programme. */
  private async checkCodes(db: DbHandle, codes: { programme?: string; axis?: string; ministry?: string }): Promise<ProgrammeRefDto | null> {
    const problems: FieldProblem[] = [];
    let programme: ProgrammeRefDto | null = null;
    const lookups = { programme: PROGRAMME_BY_CODE, axis: AXIS_BY_CODE, ministry: ORGANISATION_BY_CODE } as const;
    for (const field of ['programme', 'axis', 'ministry'] as const) {
      const code = codes[field];
      if (code === undefined) continue;
      const found = await rowOf(db, lookups[field], [code]);
      if (!found) problems.push({ field, problems: [`${field} "${code}" does not exist`] });
      else if (field === 'programme') programme = found;
    }
    if (problems.length) throw AppError.invalid(problems);
    return programme;
  }
}
