import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Scope } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import { yearView } from '../common/roc.js';
import { organisationRef, periodView } from '../common/views.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { markView } from './category-mark.js';
import { loadIndicators } from './indicator.query.js';
import {
  AXES, AXIS_CATEGORIES, CHILD_PROGRAMMES, FOCUS_AREAS, PROGRAMME_DETAIL, PROGRAMME_DISCREPANCIES, PROGRAMME_INDICATOR_ACTUALS, type ProgrammeRow, PROGRAMMES, TREE_SUB_PROJECTS,
} from './programme.queries.js';
import type { AxisTreeDto, IndicatorDto, IndicatorYearActualDto, KeyResultDto, ProgrammeSummaryDto, ProgrammeTreeDto } from './programme.views.js';

function summary(r: ProgrammeRow): ProgrammeSummaryDto {
  return {
    code: r.code, name: r.name, nameEn: r.name_en, period: periodView(r.start_year, r.end_year, r.period_text),
    parent: r.parent_code ? { code: r.parent_code, name: r.parent_name! } : null,
    overseer: organisationRef(r.overseer_code, r.overseer_name), subProjectCount: r.sub_project_count,
  };
}

/** Programmes and their tree: programme → axes → focus areas and sub-projects. Read-only. */
@Injectable()
export class ProgrammesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<ProgrammeSummaryDto[]> {
    const rows = await rowsOf(this.dataSource, PROGRAMMES);
    return rows.map(summary);
  }

  async tree(code: string, scope: Scope): Promise<ProgrammeTreeDto> {
    const p = await rowOf(this.dataSource, PROGRAMME_DETAIL, [code]);
    if (!p) throw AppError.notFound('programme', code);

    const [children, axes, categories, focusAreas, subProjects, discrepancies, actuals] = await Promise.all([
      rowsOf(this.dataSource, CHILD_PROGRAMMES, [p.id]),
      rowsOf(this.dataSource, AXES, [p.id]),
      rowsOf(this.dataSource, AXIS_CATEGORIES, [p.id]),
      rowsOf(this.dataSource, FOCUS_AREAS, [p.id]),
      rowsOf(this.dataSource, TREE_SUB_PROJECTS(p.id, scope)),
      rowsOf(this.dataSource, PROGRAMME_DISCREPANCIES, [p.id]),
      rowsOf(this.dataSource, PROGRAMME_INDICATOR_ACTUALS(p.id, scope)),
    ]);
    const actualsOf = new Map<string, IndicatorYearActualDto[]>();
    for (const a of actuals) {
      const list = actualsOf.get(a.indicator) ?? [];
      list.push({ year: yearView(a.year), value: a.value.includes('.') ? a.value.replace(/\.?0+$/, '') : a.value, subProjects: a.sub_projects });
      actualsOf.set(a.indicator, list);
    }
    const withActuals = (list: IndicatorDto[] | undefined): KeyResultDto[] => (list ?? []).map((i) => ({ ...i, actuals: actualsOf.get(i.code) ?? [] }));
    const indicators = await loadIndicators(this.dataSource, { programmeGoalsOf: p.id, axisIds: axes.map((a) => a.id) });

    const axisTrees: AxisTreeDto[] = axes.map((a) => ({
      code: a.code, seq: a.seq, name: a.name, goal: a.goal, description: a.description,
      categories: categories.filter((c) => c.axis_id === a.id).map(({ code: c, seq, name }) => ({ code: c, seq, name })),
      keyResults: withActuals(indicators.get(a.id)),
      focusAreas: focusAreas.filter((f) => f.axis_id === a.id).map((f) => ({
        code: f.code, seq: f.seq, name: f.name, responsibleText: f.responsible_text, organisations: f.organisations,
      })),
      subProjects: subProjects.filter((s) => s.axis_id === a.id).map((s) => ({
        code: s.code, name: s.name, kind: s.kind, lead: organisationRef(s.lead_code, s.lead_name), leadText: s.lead_text,
        period: periodView(s.start_year, s.end_year, s.period_text), isFlagship: s.is_flagship, status: s.status,
        marks: s.marks.map(markView),
      })),
    }));

    return {
      ...summary(p),
      approvedText: p.approved_text, sourceDocument: p.source_document, summary: p.summary, oversightText: p.oversight_text, notes: p.notes,
      children, keyResults: withActuals(indicators.get(p.id)), axes: axisTrees, discrepancies,
    };
  }
}
