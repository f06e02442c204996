import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { type SqlQuery, execute, rowOf, rowsOf } from '../database/sql-query.js';
import { TargetComparator } from '../programmes/indicator.entity.js';
import { ProgrammeStatus } from '../programmes/programme.entity.js';
import {
  AXES, AXIS_BY_CODE, CLEAR_FOCUS_AREA_ORGANISATIONS, CLEAR_TARGETS, COPY, COPY_COUNTS, FINISH_PROGRAMME, FOCUS_AREA_BY_CODE, INDICATOR_BY_CODE,
  INDICATORS, INSERT_AXIS, INSERT_CATEGORY, INSERT_FOCUS_AREA, INSERT_FOCUS_AREA_ORGANISATION, INSERT_INDICATOR, INSERT_PROGRAMME, INSERT_TARGET,
  LOCK_PROGRAMME, ORGANISATION_ID, ORGANISATION_NAMES_JOINED, SET_COPY_ORIGIN, PROGRAMME_HEAD, PROGRAMME_ID_BY_CODE, PROGRAMME_LIST, PROGRAMME_WITH_NAME, SUB_PROJECTS, UPDATE_AXIS,
  UPDATE_FOCUS_AREA, UPDATE_INDICATOR, UPDATE_PROGRAMME,
} from './programme-setup.queries.js';
import type {
  AxisBody, CategoryBody, CopyProgrammeBody, CreateProgrammeBody, FocusAreaBody, IndicatorBody, ProgrammeSetupDto, ProgrammeSummaryDto, TargetBody,
  UpdateAxisBody, UpdateFocusAreaBody, UpdateIndicatorBody, UpdateProgrammeBody,
} from './programme-setup.views.js';

type Owned = { id: string; code: string; programmeId: string; programmeCode: string; status: string };

/** PostgreSQL's unique_violation and string_data_right_truncation (a code longer than 64). */
function codeProblem(error: unknown): AppError | undefined {
  const code = (error as { driverError?: { code?: string; detail?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
  const detail = (error as { driverError?: { detail?: string } }).driverError?.detail ?? '';
  if (code === '23505') return new AppError('CODE_TAKEN', `A row with this code exists already, nothing was written (${detail})`, { detail });
  if (code === '22001') return new AppError('CODE_TAKEN', 'A code made from this programme code would be longer than 64 characters: choose a shorter code', {});
  return undefined;
}

/**
 * 計畫設定: the secretariat creates a programme and its structure, edits it while it is being set up,
 * and copies a programme (or one year of it) as the start of a new one. Seeded programmes are
 * active: their structure is the documents' and is not edited here.
 */
@Injectable()
export class ProgrammeSetupService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  list(): Promise<ProgrammeSummaryDto[]> {
    return rowsOf(this.dataSource, PROGRAMME_LIST);
  }

  async detail(code: string): Promise<ProgrammeSetupDto> {
    const head = await rowOf(this.dataSource, PROGRAMME_HEAD, [code]);
    if (!head) throw AppError.notFound('programme', code);
    const [axes, indicators, subProjects] = await Promise.all([
      rowsOf(this.dataSource, AXES, [head.id]),
      rowsOf(this.dataSource, INDICATORS, [head.id]),
      rowsOf(this.dataSource, SUB_PROJECTS, [head.id]),
    ]);
    const { id: _id, ...rest } = head;
    return { ...rest, axes: axes.map(({ id: _a, ...a }) => a), indicators, subProjects };
  }

  async create(body: CreateProgrammeBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    const code = body.code ?? `p${body.startYear}-${randomBytes(3).toString('hex')}`;
    assertPeriod(body.startYear, body.endYear ?? null);
    await this.write(ctx, async (tx) => {
      if (await rowOf(tx, PROGRAMME_ID_BY_CODE, [code])) throw new AppError('CODE_TAKEN', `A programme with code "${code}" exists already`, { code });
      const name = body.name.trim();
      await assertNameFree(tx, name, code);
      const parentId = body.parent ? await programmeId(tx, body.parent) : null;
      const overseerId = body.overseer ? await organisationId(tx, body.overseer, 'overseer') : null;
      const { id } = (await rowOf(tx, INSERT_PROGRAMME, [code, name, body.nameEn ?? null, parentId, overseerId, body.startYear, body.endYear ?? null]))!;
      await tx.audit({
        action: 'programme.create', entityType: 'programme', entityId: id, before: null,
        after: { code, name, nameEn: body.nameEn ?? null, parent: body.parent ?? null, overseer: body.overseer ?? null, startYear: body.startYear, endYear: body.endYear ?? null, status: ProgrammeStatus.SettingUp },
      });
    });
    return this.detail(code);
  }

  async update(code: string, body: UpdateProgrammeBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    await this.write(ctx, async (tx) => {
      const p = await lockSettingUp(tx, code);
      const head = (await rowOf(tx, PROGRAMME_HEAD, [code]))!;
      const next = {
        name: body.name?.trim() ?? head.name,
        nameEn: body.nameEn === undefined ? head.nameEn : body.nameEn,
        parent: body.parent === undefined ? head.parent : body.parent,
        overseer: body.overseer === undefined ? head.overseer : body.overseer,
        startYear: body.startYear ?? head.startYear,
        endYear: body.endYear === undefined ? head.endYear : body.endYear,
      };
      assertPeriod(next.startYear, next.endYear);
      if (next.name !== head.name) await assertNameFree(tx, next.name, code);
      if (next.parent === code) throw AppError.invalid([{ field: 'parent', problems: ['parent must be another programme'] }]);
      const parentId = next.parent ? await programmeId(tx, next.parent) : null;
      const overseerId = next.overseer ? await organisationId(tx, next.overseer, 'overseer') : null;
      await execute(tx, UPDATE_PROGRAMME, [p.id, next.name, next.nameEn, parentId, overseerId, next.startYear, next.endYear]);
      const { id: _i, notes: _n, status: _s, overseerName: _o, copiedFrom: _c, code: _code, ...before } = head;
      await tx.audit({ action: 'programme.update', entityType: 'programme', entityId: p.id, before, after: next });
    });
    return this.detail(code);
  }

  /** Setting up is done: the programme is in use and its structure is no longer edited here. */
  async finish(code: string, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    await this.write(ctx, async (tx) => {
      const p = await lockSettingUp(tx, code);
      await execute(tx, FINISH_PROGRAMME, [p.id]);
      await tx.audit({ action: 'programme.finish-setup', entityType: 'programme', entityId: p.id, before: { status: p.status }, after: { status: ProgrammeStatus.Active } });
    });
    return this.detail(code);
  }

  async addAxis(code: string, body: AxisBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    await this.write(ctx, async (tx) => {
      const p = await lockSettingUp(tx, code);
      const axis = (await rowOf(tx, INSERT_AXIS, [p.id, p.code, body.name.trim(), body.goal ?? null]))!;
      await tx.audit({ action: 'axis.create', entityType: 'axis', entityId: axis.id, before: null, after: { code: axis.code, programme: p.code, name: body.name.trim(), goal: body.goal ?? null } });
    });
    return this.detail(code);
  }

  async updateAxis(axisCode: string, body: UpdateAxisBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    const axis = await this.write(ctx, async (tx) => {
      const a = await owned(tx, AXIS_BY_CODE, axisCode, 'axis');
      await execute(tx, UPDATE_AXIS, [a.id, body.name?.trim() ?? null, body.goal ?? null, body.goal !== undefined]);
      await tx.audit({ action: 'axis.update', entityType: 'axis', entityId: a.id, before: null, after: { code: a.code, ...body } });
      return a;
    });
    return this.detail(axis.programmeCode);
  }

  async addCategory(axisCode: string, body: CategoryBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    const axis = await this.write(ctx, async (tx) => {
      const a = await owned(tx, AXIS_BY_CODE, axisCode, 'axis');
      const c = (await rowOf(tx, INSERT_CATEGORY, [a.id, a.code, body.name.trim()]))!;
      await tx.audit({ action: 'axis-category.create', entityType: 'axis_category', entityId: c.id, before: null, after: { code: c.code, axis: a.code, name: body.name.trim() } });
      return a;
    });
    return this.detail(axis.programmeCode);
  }

  async addFocusArea(axisCode: string, body: FocusAreaBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    const axis = await this.write(ctx, async (tx) => {
      const a = await owned(tx, AXIS_BY_CODE, axisCode, 'axis');
      const organisations = await organisationIds(tx, body.organisations);
      const { names } = (await rowOf(tx, ORGANISATION_NAMES_JOINED, [organisations]))!;
      const f = (await rowOf(tx, INSERT_FOCUS_AREA, [a.id, a.code, body.name.trim(), names]))!;
      await setFocusAreaOrganisations(tx, f.id, organisations);
      await tx.audit({ action: 'focus-area.create', entityType: 'focus_area', entityId: f.id, before: null, after: { code: f.code, axis: a.code, name: body.name.trim(), organisations: body.organisations } });
      return a;
    });
    return this.detail(axis.programmeCode);
  }

  async updateFocusArea(focusAreaCode: string, body: UpdateFocusAreaBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    const focusArea = await this.write(ctx, async (tx) => {
      const f = await owned(tx, FOCUS_AREA_BY_CODE, focusAreaCode, 'focus area');
      await execute(tx, UPDATE_FOCUS_AREA, [f.id, body.name?.trim() ?? null]);
      if (body.organisations) await setFocusAreaOrganisations(tx, f.id, await organisationIds(tx, body.organisations));
      await tx.audit({ action: 'focus-area.update', entityType: 'focus_area', entityId: f.id, before: null, after: { code: f.code, ...body } });
      return f;
    });
    return this.detail(focusArea.programmeCode);
  }

  async addIndicator(code: string, body: IndicatorBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    await this.write(ctx, async (tx) => {
      const p = await lockSettingUp(tx, code);
      let axisId: string | null = null;
      if (body.axis) {
        const a = await rowOf(tx, AXIS_BY_CODE, [body.axis]);
        if (!a || a.programmeId !== p.id) throw AppError.invalid([{ field: 'axis', problems: [`programme "${p.code}" has no axis "${body.axis}"`] }]);
        axisId = a.id;
      }
      const i = (await rowOf(tx, INSERT_INDICATOR, [p.id, p.code, axisId, body.text.trim(), body.unit ?? null]))!;
      await setTargets(tx, i.id, body.targets);
      await tx.audit({ action: 'indicator.create', entityType: 'indicator', entityId: i.id, before: null, after: { code: i.code, programme: p.code, axis: body.axis ?? null, text: body.text.trim(), unit: body.unit ?? null, targets: body.targets } });
    });
    return this.detail(code);
  }

  async updateIndicator(indicatorCode: string, body: UpdateIndicatorBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    const indicator = await this.write(ctx, async (tx) => {
      const i = await owned(tx, INDICATOR_BY_CODE, indicatorCode, 'key result');
      await execute(tx, UPDATE_INDICATOR, [i.id, body.text?.trim() ?? null, body.unit ?? null, body.unit !== undefined]);
      if (body.targets) await setTargets(tx, i.id, body.targets);
      await tx.audit({ action: 'indicator.update', entityType: 'indicator', entityId: i.id, before: null, after: { code: i.code, ...body } });
      return i;
    });
    return this.detail(indicator.programmeCode);
  }

  /**
   * 複製計畫: a new programme, setting up, with the source's structure (axes, categories, focus areas and
   * their organisations, key results without targets) and its sub-projects as drafts with their milestones
   * (pending, due dates moved by the year offset). One transaction: a clash anywhere leaves nothing.
   */
  async copy(sourceCode: string, body: CopyProgrammeBody, ctx: RequestContext): Promise<ProgrammeSetupDto> {
    assertPeriod(body.startYear, body.endYear ?? null);
    await this.write(ctx, async (tx) => {
      const source = await rowOf(tx, LOCK_PROGRAMME, [sourceCode]);
      if (!source) throw AppError.notFound('programme', sourceCode);
      if (body.fromYear !== undefined && (body.fromYear < source.startYear || (source.endYear !== null && body.fromYear > source.endYear))) {
        throw AppError.invalid([{ field: 'fromYear', problems: [`fromYear must be within the programme's period ${source.startYear}–${source.endYear ?? ''}`] }]);
      }
      if (await rowOf(tx, PROGRAMME_ID_BY_CODE, [body.code])) throw new AppError('CODE_TAKEN', `A programme with code "${body.code}" exists already`, { code: body.code });
      const name = body.name.trim();
      const offset = body.startYear - (body.fromYear ?? source.startYear);
      const head = (await rowOf(tx, PROGRAMME_HEAD, [sourceCode]))!;
      const parentId = head.parent ? await programmeId(tx, head.parent) : null;
      const overseerId = head.overseer ? await organisationId(tx, head.overseer, 'overseer') : null;
      // Left out, the end year keeps the source's length (a one-year copy: that year only).
      const endYear = body.endYear !== undefined ? body.endYear : body.fromYear !== undefined ? body.startYear : source.endYear === null ? null : source.endYear + offset;
      const { id } = (await rowOf(tx, INSERT_PROGRAMME, [body.code, name, null, parentId, overseerId, body.startYear, endYear]))!;
      // Checked after the insert so that a clash is caught by the same transaction either way.
      await assertNameFree(tx, name, body.code);
      const when = body.fromYear === undefined ? `${source.startYear}–${source.endYear ?? ''}` : `${body.fromYear} 年度`;
      const note = `推定（非文件所載）：本計畫複製自「${source.name}」（${source.code}，${when}）；子計畫為草稿，查核點到期日依年度差 ${offset >= 0 ? '+' : ''}${offset} 年推移，關鍵成果未帶入目標值。`;
      await execute(tx, SET_COPY_ORIGIN, [id, note, source.id]);
      const base = [source.id, id, source.code, body.code];
      const withYears = [...base, offset, body.fromYear ?? null, `複製自 `];
      for (const step of [COPY.axes, COPY.categories, COPY.focusAreas, COPY.focusAreaOrganisations]) await execute(tx, step, base);
      await execute(tx, COPY.subProjects, withYears);
      for (const step of [COPY.coOrganisers, COPY.subProjectAxes, COPY.categoryMarks, COPY.indicators, COPY.indicatorOrganisations]) await execute(tx, step, base);
      await execute(tx, COPY.milestones, withYears);
      const [from, to] = await Promise.all([rowOf(tx, COPY_COUNTS, [source.id]), rowOf(tx, COPY_COUNTS, [id])]);
      await tx.audit({
        action: 'programme.copy', entityType: 'programme', entityId: id, before: null,
        after: { code: body.code, name, copiedFrom: source.code, fromYear: body.fromYear ?? null, yearOffset: offset, source: from, copied: to, status: ProgrammeStatus.SettingUp },
      });
    });
    return this.detail(body.code);
  }

  /** A unit of work whose code clashes (unique indexes) answer CODE_TAKEN; the transaction has rolled back by then. */
  private async write<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await this.uow.run(ctx, work);
    } catch (error) {
      throw codeProblem(error) ?? error;
    }
  }
}

function assertPeriod(startYear: number, endYear: number | null): void {
  if (endYear !== null && endYear < startYear) throw AppError.invalid([{ field: 'endYear', problems: ['endYear must not be before startYear'] }]);
}

async function assertNameFree(tx: Tx, name: string, code: string): Promise<void> {
  const other = await rowOf(tx, PROGRAMME_WITH_NAME, [name, code]);
  if (other) throw new AppError('PROGRAMME_NAME_TAKEN', `Programme "${other.code}" is called "${name}" already`, { name, other: other.code });
}

async function lockSettingUp(tx: Tx, code: string) {
  const p = await rowOf(tx, LOCK_PROGRAMME, [code]);
  if (!p) throw AppError.notFound('programme', code);
  if (p.status !== ProgrammeStatus.SettingUp) throw new AppError('PROGRAMME_NOT_SETTING_UP', `Programme "${code}" is in use: its structure is not edited in programme setup`, { code });
  return p;
}

async function owned(tx: Tx, query: SqlQuery<Owned>, code: string, entity: string): Promise<Owned> {
  const row = await rowOf(tx, query, [code]);
  if (!row) throw AppError.notFound(entity, code);
  if (row.status !== ProgrammeStatus.SettingUp) throw new AppError('PROGRAMME_NOT_SETTING_UP', `Programme "${row.programmeCode}" is in use: its structure is not edited in programme setup`, { code: row.programmeCode });
  return row;
}

async function programmeId(tx: Tx, code: string): Promise<string> {
  const row = await rowOf(tx, PROGRAMME_ID_BY_CODE, [code]);
  if (!row) throw AppError.invalid([{ field: 'parent', problems: [`no programme has code "${code}"`] }]);
  return row.id;
}

async function organisationId(tx: Tx, code: string, field: string): Promise<string> {
  const row = await rowOf(tx, ORGANISATION_ID, [code]);
  if (!row) throw AppError.invalid([{ field, problems: [`no organisation has code "${code}"`] }]);
  return row.id;
}

async function organisationIds(tx: Tx, codes: readonly string[]): Promise<string[]> {
  if (new Set(codes).size !== codes.length) throw AppError.invalid([{ field: 'organisations', problems: ['organisations must not repeat'] }]);
  const ids: string[] = [];
  for (const code of codes) ids.push(await organisationId(tx, code, 'organisations'));
  return ids;
}

async function setFocusAreaOrganisations(tx: Tx, focusAreaId: string, organisationIds: readonly string[]): Promise<void> {
  await execute(tx, CLEAR_FOCUS_AREA_ORGANISATIONS, [focusAreaId]);
  for (const [i, id] of organisationIds.entries()) await execute(tx, INSERT_FOCUS_AREA_ORGANISATION, [focusAreaId, id, i + 1]);
}

async function setTargets(tx: Tx, indicatorId: string, targets: readonly TargetBody[]): Promise<void> {
  const years = targets.map((t) => t.year ?? null);
  if (new Set(years).size !== years.length) throw AppError.invalid([{ field: 'targets', problems: ['targets must have one value per year'] }]);
  await execute(tx, CLEAR_TARGETS, [indicatorId]);
  for (const t of targets) await execute(tx, INSERT_TARGET, [indicatorId, t.year ?? null, t.value, t.comparator ?? TargetComparator.Eq, t.note ?? null]);
}
