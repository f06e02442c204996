import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Scope } from '../access/scope.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { DEFAULT_PAGE_SIZE } from '../common/page-query.js';
import { formatAmount } from '../common/decimal.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { dateView, fromRocYear, yearView } from '../common/roc.js';
import { organisationRef, periodView } from '../common/views.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { Clock } from '../common/clock.js';
import { periodOf } from '../lights/period.js';
import { loadIndicators } from '../programmes/indicator.query.js';
import type { DiscrepancyDto } from '../programmes/programme.views.js';
import { markView } from '../programmes/category-mark.js';
import type { LightColour } from '../lights/status-light.entity.js';
import { SUB_PROJECT_MILESTONES } from './milestone.queries.js';
import { assertVisible } from './sub-project.rows.js';
import {
  AXIS_CODE_EXISTS, INDICATOR_ACTUALS, type ListRow, ORGANISATION_CODE_EXISTS, PROGRAMME_CODE_EXISTS, SOURCE_DISCREPANCIES, SUB_PROJECT_AXIS_LINKS,
  SUB_PROJECT_BUDGET, SUB_PROJECT_DETAIL, SUB_PROJECT_LIST,
} from './sub-project.queries.js';
import type { SubProjectDetailDto, SubProjectListItemDto, SubProjectListQuery, SubProjectPageDto } from './sub-project.views.js';

const SORT = 'code';

function listItem(r: ListRow): SubProjectListItemDto {
  return {
    code: r.code, name: r.name, kind: r.kind, status: r.status,
    programme: { code: r.programme_code, name: r.programme_name },
    lead: organisationRef(r.lead_code, r.lead_name), leadText: r.lead_text, coOrganisers: r.co_organisers.map(({ code, name }) => ({ code, name })),
    period: periodView(r.start_year, r.end_year, r.period_text), continuity: r.continuity, isFlagship: r.is_flagship, axes: r.axes,
    light: r.light_period && r.light_colour
      ? { period: r.light_period, colour: r.light_colour as LightColour, overridden: r.light_overridden === true }
      : null,
  };
}

/** Sub-project reads: a filtered list with keyset pagination, and one sub-project in full. */
@Injectable()
export class SubProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The reporting period (YYYY-Qn) today falls in, in Asia/Taipei. */
  currentPeriod(): string {
    return periodOf(this.clock.today()).code;
  }

  /** Sub-projects within the caller's scope; a ministry sees what its organisation leads or co-organises. */
  async list(query: SubProjectListQuery, scope: Scope): Promise<SubProjectPageDto> {
    if (query.year !== undefined && query.rocYear !== undefined && query.year !== fromRocYear(query.rocYear)) {
      throw AppError.invalid([{ field: 'rocYear', problems: [`rocYear ${query.rocYear} is AD ${fromRocYear(query.rocYear)}, but year is ${query.year}: give one of them`] }]);
    }
    await this.assertCodesExist(query);
    const year = query.year ?? (query.rocYear !== undefined ? fromRocYear(query.rocYear) : undefined);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const period = query.period ?? this.currentPeriod();

    const afterCode = query.after ? decodeCursor(SORT, query.after, 1)[0] : undefined;
    const rows = await rowsOf(this.dataSource, SUB_PROJECT_LIST({
      scope, period, limit, year, afterCode, programme: query.programme, axis: query.axis, ministry: query.ministry, role: query.role,
      status: query.status, kind: query.kind, flagship: query.flagship, q: query.q, light: query.light,
    }));
    const page = rows.slice(0, limit);
    return {
      period,
      items: page.map(listItem),
      nextCursor: rows.length > limit ? encodeCursor(SORT, [page[page.length - 1].code]) : null,
    };
  }

  /** One sub-project; 404 when it does not exist, 403 when it belongs to another organisation. */
  async detail(code: string, scope: Scope): Promise<SubProjectDetailDto> {
    const currentPeriod = this.currentPeriod();
    const row = await rowOf(this.dataSource, SUB_PROJECT_DETAIL, [code, currentPeriod]);
    if (!row) throw AppError.notFound('sub-project', code);
    assertVisible(scope, row.lead_id, row.co_organisers.map((o) => o.id), 'sub-project', code);

    const [axisLinks, milestones, budget, discrepancies, indicators, actuals] = await Promise.all([
      rowsOf(this.dataSource, SUB_PROJECT_AXIS_LINKS, [row.id]),
      rowsOf(this.dataSource, SUB_PROJECT_MILESTONES, [row.id, this.clock.today()]),
      rowsOf(this.dataSource, SUB_PROJECT_BUDGET, [row.id]),
      rowsOf(this.dataSource, SOURCE_DISCREPANCIES, [`sub_project:${code}`]) as Promise<DiscrepancyDto[]>,
      loadIndicators(this.dataSource, { subProjectId: row.id }),
      rowsOf(this.dataSource, INDICATOR_ACTUALS, [row.id]),
    ]);
    const actualOf = new Map(actuals.map((a) => [a.indicator, {
      value: a.value, note: a.note, period: a.period, acceptedAt: a.decided_at ? new Date(a.decided_at).toISOString() : null,
    }]));

    return {
      ...listItem(row),
      nameAsPrinted: row.name_as_printed, focus: row.focus, coOrganisersText: row.co_organisers_text, measures: row.measures,
      fullTermTarget: row.full_term_target, remarks: row.remarks, note: row.note, version: row.version, currentPeriod,
      callerPart: scope.all ? null : row.lead_id !== null && scope.organisationIds.includes(row.lead_id) ? 'lead' : 'co_organiser',
      axisLinks: axisLinks.map((a) => ({ ...a, marks: a.marks.map((m) => ({ ...markView(m), categoryName: m.categoryName })) })),
      milestones: milestones.map((m) => ({
        code: m.code, seq: m.seq, fiscalYear: yearView(m.fiscal_year), dueDate: dateView(m.due_date), deliverable: m.deliverable,
        status: m.status, overdue: m.overdue, source: m.source,
      })),
      indicators: (indicators.get(row.id) ?? []).map((i) => ({ ...i, actual: actualOf.get(i.code) ?? null })),
      budget: budget.map((b) => ({
        year: yearView(b.fiscal_year), kind: b.kind, allocated: formatAmount(b.allocated), executed: formatAmount(b.executed), executionRate: b.execution_rate,
      })),
      discrepancies,
    };
  }

  /** A filter naming a programme, axis or organisation that does not exist is a mistake: say which. */
  private async assertCodesExist(query: SubProjectListQuery): Promise<void> {
    const checks = [
      ['programme', PROGRAMME_CODE_EXISTS, query.programme],
      ['axis', AXIS_CODE_EXISTS, query.axis],
      ['ministry', ORGANISATION_CODE_EXISTS, query.ministry],
    ] as const;
    const problems: FieldProblem[] = [];
    for (const [field, exists, code] of checks) {
      if (code === undefined) continue;
      if (!(await rowOf(this.dataSource, exists, [code]))) problems.push({ field, problems: [`${field} "${code}" does not exist`] });
    }
    if (problems.length) throw AppError.invalid(problems);
  }
}
