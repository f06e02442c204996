import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Scope, subProjectInScope } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import { organisationRef, periodView } from '../common/views.js';
import { type CategoryMark, markView } from './category-mark.js';
import { loadIndicators } from './indicator.query.js';
import type { AxisTreeDto, DiscrepancyDto, ProgrammeSummaryDto, ProgrammeTreeDto } from './programme.views.js';

interface ProgrammeRow {
  id: string; code: string; name: string; name_en: string | null; start_year: number; end_year: number | null; period_text: string | null;
  parent_code: string | null; parent_name: string | null; overseer_code: string | null; overseer_name: string | null; sub_project_count: number;
}

const PROGRAMME_SELECT = `
  SELECT p.id, p.code, p.name, p.name_en, p.start_year, p.end_year, p.period_text,
         pp.code AS parent_code, pp.name AS parent_name, o.code AS overseer_code, o.name AS overseer_name,
         (SELECT count(*)::int FROM sub_project sp WHERE sp.programme_id = p.id) AS sub_project_count
    FROM programme p
    LEFT JOIN programme pp ON pp.id = p.parent_id
    LEFT JOIN organisation o ON o.id = p.overseer_id`;

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
    const rows: ProgrammeRow[] = await this.dataSource.query(`${PROGRAMME_SELECT} ORDER BY p.start_year, p.code`);
    return rows.map(summary);
  }

  async tree(code: string, scope: Scope): Promise<ProgrammeTreeDto> {
    const [p]: (ProgrammeRow & { approved_text: string | null; source_document: string | null; summary: string | null; oversight_text: string | null; notes: string[] })[] =
      await this.dataSource.query(
        `${PROGRAMME_SELECT.replace('SELECT p.id,', 'SELECT p.id, p.approved_text, p.source_document, p.summary, p.oversight_text, p.notes,')} WHERE p.code = $1`,
        [code],
      );
    if (!p) throw AppError.notFound('programme', code);

    const [children, axes, categories, focusAreas, subProjects, discrepancies] = await Promise.all([
      this.dataSource.query('SELECT code, name FROM programme WHERE parent_id = $1 ORDER BY start_year, code', [p.id]) as Promise<{ code: string; name: string }[]>,
      this.dataSource.query('SELECT id, code, seq, name, goal, description FROM axis WHERE programme_id = $1 ORDER BY seq', [p.id]) as Promise<
        { id: string; code: string; seq: number; name: string; goal: string | null; description: string | null }[]
      >,
      this.dataSource.query(
        `SELECT c.axis_id, c.code, c.seq, c.name FROM axis_category c JOIN axis a ON a.id = c.axis_id WHERE a.programme_id = $1 ORDER BY c.seq`,
        [p.id],
      ) as Promise<{ axis_id: string; code: string; seq: number; name: string }[]>,
      this.dataSource.query(
        `SELECT f.axis_id, f.code, f.seq, f.name, f.responsible_text,
                COALESCE((SELECT json_agg(json_build_object('code', o.code, 'name', o.name, 'note', fo.note) ORDER BY fo.seq)
                            FROM focus_area_organisation fo JOIN organisation o ON o.id = fo.organisation_id
                           WHERE fo.focus_area_id = f.id), '[]') AS organisations
           FROM focus_area f JOIN axis a ON a.id = f.axis_id
          WHERE a.programme_id = $1 ORDER BY f.seq`,
        [p.id],
      ) as Promise<{ axis_id: string; code: string; seq: number; name: string; responsible_text: string | null; organisations: { code: string; name: string; note: string | null }[] }[]>,
      this.dataSource.query(
        `SELECT spa.axis_id, sp.code, sp.name, sp.kind, sp.lead_text, sp.period_text, sp.start_year, sp.end_year, sp.is_flagship, sp.status,
                lo.code AS lead_code, lo.name AS lead_name,
                COALESCE((SELECT json_agg(json_build_object('category', c.code, 'mark', m.mark) ORDER BY c.seq)
                            FROM sub_project_category_mark m JOIN axis_category c ON c.id = m.category_id
                           WHERE m.sub_project_id = sp.id AND c.axis_id = spa.axis_id), '[]') AS marks
           FROM sub_project_axis spa
           JOIN sub_project sp ON sp.id = spa.sub_project_id
           LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
          WHERE sp.programme_id = $1 AND ${subProjectInScope(scope, () => '$2')}
          ORDER BY sp.code`,
        scope.all ? [p.id] : [p.id, scope.organisationIds],
      ) as Promise<
        { axis_id: string; code: string; name: string; kind: string; lead_text: string | null; period_text: string | null; start_year: number | null; end_year: number | null;
          is_flagship: boolean; status: string; lead_code: string | null; lead_name: string | null; marks: { category: string; mark: CategoryMark }[] }[]
      >,
      this.dataSource.query('SELECT code, subject, text, sources FROM source_discrepancy WHERE programme_id = $1 ORDER BY code', [p.id]) as Promise<DiscrepancyDto[]>,
    ]);
    const indicators = await loadIndicators(this.dataSource, { programmeGoalsOf: p.id, axisIds: axes.map((a) => a.id) });

    const axisTrees: AxisTreeDto[] = axes.map((a) => ({
      code: a.code, seq: a.seq, name: a.name, goal: a.goal, description: a.description,
      categories: categories.filter((c) => c.axis_id === a.id).map(({ code: c, seq, name }) => ({ code: c, seq, name })),
      keyResults: indicators.get(a.id) ?? [],
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
      children, keyResults: indicators.get(p.id) ?? [], axes: axisTrees, discrepancies,
    };
  }
}
