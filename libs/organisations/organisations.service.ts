import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import {
  CURRENT_NAME_ROW, END_NAME, HAD_NAME, INSERT_ORGANISATION, INSERT_ORGANISATION_NAME, IS_SELF_OR_DESCENDANT, LOCK_ORGANISATION,
  ORGANISATION_ID_BY_CODE, ORGANISATIONS, SIBLING_WITH_NAME, UPDATE_ORGANISATION_NAME, UPDATE_ORGANISATION_PARENT,
} from './organisations.queries.js';
import type { CreateOrganisationBody, MoveOrganisationBody, OrganisationDto, OrganisationNameDto, RenameOrganisationBody } from './organisations.views.js';

/**
 * "國科會（原科技部，至 2022-07-26）": the current name and each former one with its last day. A name the seed
 * gives without dates is only known as another name (亦作), not as an earlier one.
 */
export function nameWithHistory(name: string, names: readonly OrganisationNameDto[]): string {
  const former = names.filter((n) => n.name !== name).map((n) => (n.validTo ? `原${n.name}，至 ${n.validTo}` : `亦作${n.name}`));
  return former.length ? `${name}（${former.join('；')}）` : name;
}

/** The day before an ISO date (the last day of a name that a rename ends). */
function dayBefore(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** Organisations: the list everyone reads, and the administrator's create, rename and move. */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async list(): Promise<OrganisationDto[]> {
    const rows = await rowsOf(this.dataSource, ORGANISATIONS);
    return rows.map((r) => ({ ...r, nameWithHistory: nameWithHistory(r.name, r.names) }));
  }

  async detail(code: string): Promise<OrganisationDto> {
    const found = (await this.list()).find((o) => o.code === code);
    if (!found) throw AppError.notFound('organisation', code);
    return found;
  }

  async create(body: CreateOrganisationBody, ctx: RequestContext): Promise<OrganisationDto> {
    const code = body.code ?? `org-${randomBytes(4).toString('hex')}`;
    const name = body.name.trim();
    await this.uow.run(ctx, async (tx) => {
      if (await rowOf(tx, ORGANISATION_ID_BY_CODE, [code])) throw new AppError('CODE_TAKEN', `An organisation with code "${code}" exists already`, { code });
      const parentId = body.parent ? await this.idOf(tx, body.parent, 'parent') : null;
      await assertNameFree(tx, name, parentId, null);
      const { id } = (await rowOf(tx, INSERT_ORGANISATION, [code, body.kind, name, body.fullName ?? null, body.nameEn ?? null, parentId]))!;
      await execute(tx, INSERT_ORGANISATION_NAME, [id, name, body.since ?? null, null, null, null]);
      await tx.audit({
        action: 'organisation.create', entityType: 'organisation', entityId: id, before: null,
        after: { code, kind: body.kind, name, fullName: body.fullName ?? null, nameEn: body.nameEn ?? null, parent: body.parent ?? null, since: body.since ?? null },
      });
    });
    return this.detail(code);
  }

  /** A new name from `effectiveDate`; the former one is kept, ending the day before (科技部 → 國科會 on 2022-07-27). */
  async rename(code: string, body: RenameOrganisationBody, ctx: RequestContext): Promise<OrganisationDto> {
    const name = body.name.trim();
    await this.uow.run(ctx, async (tx) => {
      const org = await lock(tx, code);
      if (name === org.name) {
        throw new AppError('RENAME_DATE_INVALID', `The organisation is called "${name}" already`, { fields: [{ field: 'name', problems: ['name must differ from the current name'] }] });
      }
      const current = await rowOf(tx, CURRENT_NAME_ROW, [org.id, org.name]);
      if (current?.validFrom && body.effectiveDate <= current.validFrom) {
        throw new AppError('RENAME_DATE_INVALID', `The current name "${org.name}" began on ${current.validFrom}: a rename must come after it`, {
          fields: [{ field: 'effectiveDate', problems: [`effectiveDate must be after ${current.validFrom}`] }],
        });
      }
      if ((await rowOf(tx, HAD_NAME, [org.id, name]))!.found) {
        throw new AppError('ORGANISATION_NAME_TAKEN', `"${org.code}" was called "${name}" before: its name history keeps each name once`, { name });
      }
      await assertNameFree(tx, name, org.parentId, org.id);
      const lastDay = dayBefore(body.effectiveDate);
      if (current) await execute(tx, END_NAME, [current.id, lastDay]);
      else await execute(tx, INSERT_ORGANISATION_NAME, [org.id, org.name, null, lastDay, null, null]);
      await execute(tx, INSERT_ORGANISATION_NAME, [org.id, name, body.effectiveDate, null, body.source ?? null, null]);
      const fullName = body.fullName ?? null;
      const nameEn = body.nameEn === undefined ? org.nameEn : body.nameEn;
      await execute(tx, UPDATE_ORGANISATION_NAME, [org.id, name, fullName, nameEn]);
      await tx.audit({
        action: 'organisation.rename', entityType: 'organisation', entityId: org.id,
        before: { code, name: org.name, fullName: org.fullName, nameEn: org.nameEn, nameEnds: lastDay },
        after: { code, name, fullName, nameEn, effectiveDate: body.effectiveDate, source: body.source ?? null },
      });
    });
    return this.detail(code);
  }

  /** Puts the organisation under another parent (or at the top); under itself or one of its units is refused. */
  async move(code: string, body: MoveOrganisationBody, ctx: RequestContext): Promise<OrganisationDto> {
    await this.uow.run(ctx, async (tx) => {
      const org = await lock(tx, code);
      const parentId = body.parent === null ? null : await this.idOf(tx, body.parent, 'parent');
      if (parentId === org.parentId) return;
      if (parentId && (await rowOf(tx, IS_SELF_OR_DESCENDANT, [org.id, parentId]))!.found) {
        throw new AppError('ORGANISATION_CYCLE', `"${body.parent}" is "${code}" itself or one of its units: the move would make a cycle`, {
          fields: [{ field: 'parent', problems: ['parent must not be the organisation itself or one of its units'] }],
        });
      }
      await assertNameFree(tx, org.name, parentId, org.id);
      await execute(tx, UPDATE_ORGANISATION_PARENT, [org.id, parentId]);
      await tx.audit({
        action: 'organisation.move', entityType: 'organisation', entityId: org.id,
        before: { code, parent: org.parentCode }, after: { code, parent: body.parent },
      });
    });
    return this.detail(code);
  }

  private async idOf(tx: Tx, code: string, field: string): Promise<string> {
    const row = await rowOf(tx, ORGANISATION_ID_BY_CODE, [code]);
    if (!row) throw AppError.invalid([{ field, problems: [`no organisation has code "${code}"`] }]);
    return row.id;
  }
}

async function lock(tx: Tx, code: string) {
  const org = await rowOf(tx, LOCK_ORGANISATION, [code]);
  if (!org) throw AppError.notFound('organisation', code);
  return org;
}

/** Two organisations under the same parent do not share a current name (two 資訊處 under different ministries may). */
async function assertNameFree(tx: Tx, name: string, parentId: string | null, selfId: string | null): Promise<void> {
  const other = await rowOf(tx, SIBLING_WITH_NAME, [name, parentId, selfId]);
  if (other) throw new AppError('ORGANISATION_NAME_TAKEN', `"${other.code}" under the same parent is called "${name}" already`, { name, other: other.code });
}
