import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Scope } from '../access/scope.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppError, type FieldProblem } from '../common/errors.js';
import { dateView, fromRocYear, yearView } from '../common/roc.js';
import { organisationRef, periodView } from '../common/views.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { periodOf } from '../lights/period.js';
import type { LightColour } from '../lights/status-light.entity.js';
import { SUB_PROJECT_LIST } from '../sub-projects/sub-project.queries.js';
import { ROADMAP_AXIS_EXISTS, ROADMAP_MILESTONES, ROADMAP_ORGANISATION_EXISTS, ROADMAP_PROGRAMME, type RoadmapMilestoneRow } from './roadmap.queries.js';
import type { RoadmapDto, RoadmapMilestoneDto, RoadmapQuery } from './roadmap.views.js';

const DEFAULT_LIMIT = 200;
/** The sub-project list's cursor: the same sort, so the two lists page alike. */
const SORT = 'roadmap:code';

function milestoneView(m: RoadmapMilestoneRow): RoadmapMilestoneDto {
  return {
    code: m.code, deliverable: m.deliverable, dueDate: dateView(m.due_date), fiscalYear: yearView(m.fiscal_year), status: m.status, overdue: m.overdue,
    pendingChange: m.pending_change_id && m.pending_change_date ? { id: m.pending_change_id, proposedDueDate: dateView(m.pending_change_date) } : null,
  };
}

/**
 * The roadmap (推動路程): the sub-projects of the list's filters, each with its milestones by due date. Read-only:
 * due dates move only through change requests. The sub-projects come from the list's own query, so the filters
 * and the caller's scope mean exactly what they mean on the list.
 */
@Injectable()
export class RoadmapService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async roadmap(query: RoadmapQuery, scope: Scope): Promise<RoadmapDto> {
    if (query.year !== undefined && query.rocYear !== undefined && query.year !== fromRocYear(query.rocYear)) {
      throw AppError.invalid([{ field: 'rocYear', problems: [`rocYear ${query.rocYear} is AD ${fromRocYear(query.rocYear)}, but year is ${query.year}: give one of them`] }]);
    }
    const programme = await this.checkCodes(query);
    const today = this.clock.today();
    const period = query.period ?? periodOf(today).code;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const year = query.year ?? (query.rocYear !== undefined ? fromRocYear(query.rocYear) : undefined);
    const afterCode = query.after ? decodeCursor(SORT, query.after, 1)[0] : undefined;

    const rows = await rowsOf(this.dataSource, SUB_PROJECT_LIST({
      scope, period, limit, year, afterCode, programme: query.programme, axis: query.axis, ministry: query.ministry, role: query.role,
      status: query.status, kind: query.kind, flagship: query.flagship, q: query.q, light: query.light,
    }));
    const page = rows.slice(0, limit);
    const milestones = page.length ? await rowsOf(this.dataSource, ROADMAP_MILESTONES, [page.map((r) => r.id), today]) : [];
    const bySubProject = new Map<string, RoadmapMilestoneDto[]>();
    for (const m of milestones) {
      const list = bySubProject.get(m.sub_project_id) ?? [];
      list.push(milestoneView(m));
      bySubProject.set(m.sub_project_id, list);
    }

    return {
      programme: programme ? { code: programme.code, name: programme.name } : null,
      programmePeriod: programme ? periodView(programme.start_year, programme.end_year, null) : null,
      period, asOf: today,
      items: page.map((r) => ({
        code: r.code, name: r.name, lead: organisationRef(r.lead_code, r.lead_name), leadText: r.lead_text,
        period: periodView(r.start_year, r.end_year, r.period_text), status: r.status,
        light: r.light_period && r.light_colour ? { period: r.light_period, colour: r.light_colour as LightColour, overridden: r.light_overridden === true } : null,
        milestones: bySubProject.get(r.id) ?? [],
      })),
      nextCursor: rows.length > limit ? encodeCursor(SORT, [page[page.length - 1].code]) : null,
    };
  }

  /** A filter naming a programme, axis or organisation that does not exist is a mistake: say which. Returns the programme. */
  private async checkCodes(query: RoadmapQuery) {
    const problems: FieldProblem[] = [];
    const programme = query.programme === undefined ? null : await rowOf(this.dataSource, ROADMAP_PROGRAMME, [query.programme]);
    if (query.programme !== undefined && !programme) problems.push({ field: 'programme', problems: [`programme "${query.programme}" does not exist`] });
    if (query.axis !== undefined && !(await rowOf(this.dataSource, ROADMAP_AXIS_EXISTS, [query.axis]))) {
      problems.push({ field: 'axis', problems: [`axis "${query.axis}" does not exist`] });
    }
    if (query.ministry !== undefined && !(await rowOf(this.dataSource, ROADMAP_ORGANISATION_EXISTS, [query.ministry]))) {
      problems.push({ field: 'ministry', problems: [`ministry "${query.ministry}" does not exist`] });
    }
    if (problems.length) throw AppError.invalid(problems);
    return programme;
  }
}
