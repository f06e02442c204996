import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { EVERYTHING, type Scope } from '../access/scope.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { dateView } from '../common/roc.js';
import { sqlParams } from '../common/sql-params.js';
import type {
  AgendaItemDto, CreateMeetingDto, CreateResolutionDto, MeetingDetailDto, MeetingListItemDto, ResolutionDetailDto,
} from './meeting.views.js';
import { assignmentsFor, loadAssignments, loadFollowUps, loadResolutionRows, meetingRef, openOn, resolutionInScope } from './resolution.query.js';
import { ResolutionsService } from './resolutions.service.js';
import { OutboxTopic } from '../outbox/topics.js';

const CODE_MAX = 64;

type Db = Pick<DataSource | EntityManager, 'query'>;

interface MeetingRow {
  id: string; code: string; name: string; kind: string; body_id: string; body_code: string; body_name: string;
  held_on: string; held_until: string | null; resolution_count: number; open_item_count: number;
  description: string | null; note: string | null; source: string | null; details: Record<string, unknown>;
}

/** Counts are scoped: a ministry counts the resolutions assigned to it, and its own open items. */
function meetingSelect(scope: Scope, param: (value: unknown) => string): string {
  const ownOrganisation = scope.all ? 'TRUE' : `a.organisation_id = ANY(${param(scope.organisationIds)}::uuid[])`;
  return `
  SELECT m.id, m.code, m.name, m.kind, m.body_id, b.code AS body_code, b.name AS body_name,
         to_char(m.held_on, 'YYYY-MM-DD') AS held_on, to_char(m.held_until, 'YYYY-MM-DD') AS held_until,
         m.description, m.note, m.source, m.details,
         (SELECT count(*) FROM resolution r WHERE r.meeting_id = m.id AND ${resolutionInScope(scope, param)})::int AS resolution_count,
         (SELECT count(*) FROM resolution_assignment a JOIN resolution r ON r.id = a.resolution_id
           WHERE r.meeting_id = m.id AND a.status <> 'released' AND ${ownOrganisation})::int AS open_item_count
    FROM meeting m JOIN organisation b ON b.id = m.body_id`;
}

function listItem(m: MeetingRow): MeetingListItemDto {
  return {
    code: m.code, name: m.name, kind: m.kind, body: { code: m.body_code, name: m.body_name },
    heldOn: dateView(m.held_on), heldUntil: dateView(m.held_until), resolutionCount: m.resolution_count, openItemCount: m.open_item_count,
  };
}

/**
 * One meeting and its agenda: first the items carried over — resolutions of earlier meetings of
 * the same body whose assignments were still open when this meeting was held — then its own
 * resolutions. A ministry sees only resolutions assigned to its organisation (or units under it).
 * Read through `db`: the live database, or a report's snapshot (libs/reports).
 */
export async function meetingAgenda(db: Db, code: string, scope: Scope): Promise<MeetingDetailDto> {
  const { values: params, param } = sqlParams();
  const [m]: MeetingRow[] = await db.query(`${meetingSelect(scope, param)} WHERE m.code = ${param(code)}`, params);
  if (!m) throw AppError.notFound('meeting', code);

  const { values: carriedParams, param: cp } = sqlParams();
  const heldOn = cp(m.held_on);
  const carried: { resolution_id: string; organisation_id: string }[] = await db.query(
    `SELECT a.resolution_id, a.organisation_id
       FROM resolution_assignment a
       JOIN resolution r ON r.id = a.resolution_id
       JOIN meeting rm ON rm.id = r.meeting_id
      WHERE rm.body_id = ${cp(m.body_id)} AND rm.held_on < ${heldOn}::date
        AND ${openOn(heldOn)} AND ${resolutionInScope(scope, cp)}`,
    carriedParams,
  );
  const carriedFor = new Set(carried.map((c) => `${c.resolution_id}/${c.organisation_id}`));
  const carriedIds = [...new Set(carried.map((c) => c.resolution_id))];

  const ownParams: unknown[] = [m.id];
  const own = await loadResolutionRows(db, `r.meeting_id = $1 AND ${resolutionInScope(scope, (v) => `$${ownParams.push(v)}`)}`, ownParams);
  const carriedRows = carriedIds.length ? await loadResolutionRows(db, 'r.id = ANY($1::uuid[])', [carriedIds]) : [];

  const ids = [...carriedRows, ...own].map((r) => r.id);
  const [assignments, followUps] = await Promise.all([loadAssignments(db, ids), loadFollowUps(db, ids, scope)]);
  const item = (r: (typeof own)[number], carriedOver: boolean): AgendaItemDto => ({
    code: r.code, seq: r.seq, text: r.text, dueDate: dateView(r.due_date), source: r.source,
    meeting: meetingRef(r.meeting_code, r.meeting_name, r.meeting_held_on),
    carriedOver,
    assignments: assignmentsFor(scope, assignments.get(r.id) ?? [])
      .filter((a) => !carriedOver || carriedFor.has(`${a.resolutionId}/${a.organisationId}`))
      .map(({ resolutionId: _r, organisationId: _o, ...a }) => a),
    followUps: followUps.get(r.id) ?? [],
  });

  return {
    ...listItem(m), description: m.description, note: m.note, source: m.source, details: m.details,
    agenda: [...carriedRows.map((r) => item(r, true)), ...own.map((r) => item(r, false))],
  };
}

/** Meetings, their agendas (own resolutions and items carried over) and new meetings and resolutions. */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly resolutions: ResolutionsService,
  ) {}

  async list(scope: Scope): Promise<MeetingListItemDto[]> {
    const { values: params, param } = sqlParams();
    const rows: MeetingRow[] = await this.dataSource.query(`${meetingSelect(scope, param)} ORDER BY m.held_on, m.code`, params);
    return rows.map(listItem);
  }

  /** One meeting and its agenda: see meetingAgenda. */
  detail(code: string, scope: Scope): Promise<MeetingDetailDto> {
    return meetingAgenda(this.dataSource, code, scope);
  }

  /** A new meeting; its code is the body's code and the date (e.g. sngroup-2024-06-28), numbered if taken. */
  async createMeeting(dto: CreateMeetingDto, ctx: RequestContext): Promise<MeetingDetailDto> {
    if (dto.heldUntil !== undefined && dto.heldUntil < dto.heldOn) {
      throw AppError.invalid([{ field: 'heldUntil', problems: [`heldUntil ${dto.heldUntil} is before heldOn ${dto.heldOn}`] }]);
    }
    const code = await this.uow.run(ctx, async (tx) => {
      const [body]: { id: string; code: string }[] = await tx.query('SELECT id, code FROM organisation WHERE code = $1', [dto.body]);
      if (!body) throw AppError.invalid([{ field: 'body', problems: [`body "${dto.body}" is not an organisation`] }]);

      const base = `${body.code.slice(0, CODE_MAX - dto.heldOn.length - 5).replace(/-+$/, '')}-${dto.heldOn}`;
      // Two meetings of one body on one day get -2, -3 …; the lock keeps concurrent requests from taking the same code.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`meeting-code:${base}`]);
      const taken = new Set((await tx.query<{ code: string }>('SELECT code FROM meeting WHERE code = $1 OR code LIKE $2', [base, `${base}-%`])).map((r) => r.code));
      let code = base;
      for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;

      const [meeting]: { id: string }[] = await tx.query(
        `INSERT INTO meeting (code, body_id, name, kind, held_on, held_until) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [code, body.id, dto.name.trim(), dto.kind, dto.heldOn, dto.heldUntil ?? null],
      );
      await tx.audit({
        action: 'meeting.create', entityType: 'meeting', entityId: meeting.id, before: null,
        after: { code, body: body.code, name: dto.name.trim(), kind: dto.kind, heldOn: dto.heldOn, heldUntil: dto.heldUntil ?? null },
      });
      return code;
    });
    return this.detail(code, EVERYTHING);
  }

  /** A new resolution of a meeting, numbered next, tracked for each organisation it is assigned to. */
  async createResolution(meetingCode: string, dto: CreateResolutionDto, ctx: RequestContext): Promise<ResolutionDetailDto> {
    const code = await this.uow.run(ctx, async (tx) => {
      const [meeting]: { id: string; code: string; held_on: string }[] = await tx.query(
        `SELECT id, code, to_char(held_on, 'YYYY-MM-DD') AS held_on FROM meeting WHERE code = $1 FOR UPDATE`, [meetingCode],
      );
      if (!meeting) throw AppError.notFound('meeting', meetingCode);

      const orgs: { id: string; code: string }[] = await tx.query('SELECT id, code FROM organisation WHERE code = ANY($1::text[]) ORDER BY code', [dto.organisations]);
      const unknown = dto.organisations.filter((c) => !orgs.some((o) => o.code === c));
      if (unknown.length) throw AppError.invalid([{ field: 'organisations', problems: unknown.map((c) => `organisation "${c}" does not exist`) }]);
      if (dto.dueDate !== undefined && dto.dueDate < meeting.held_on) {
        throw AppError.invalid([{ field: 'dueDate', problems: [`dueDate ${dto.dueDate} is before the meeting (${meeting.held_on})`] }]);
      }

      const [{ seq }]: { seq: number }[] = await tx.query('SELECT COALESCE(max(seq), 0) + 1 AS seq FROM resolution WHERE meeting_id = $1', [meeting.id]);
      const suffix = `-r${seq}`;
      const code = `${meeting.code.slice(0, CODE_MAX - suffix.length)}${suffix}`;
      const [clash] = await tx.query('SELECT 1 FROM resolution WHERE code = $1', [code]);
      if (clash) throw new AppError('CONFLICT', `A resolution coded "${code}" already exists`);

      const text = dto.text.trim();
      const [resolution]: { id: string }[] = await tx.query(
        'INSERT INTO resolution (code, meeting_id, seq, text, due_date) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [code, meeting.id, seq, text, dto.dueDate ?? null],
      );
      await tx.query(
        `INSERT INTO resolution_assignment (resolution_id, organisation_id, status) SELECT $1, unnest($2::uuid[]), 'tracking'`,
        [resolution.id, orgs.map((o) => o.id)],
      );
      await tx.audit({
        action: 'resolution.create', entityType: 'resolution', entityId: resolution.id, before: null,
        after: { code, meeting: meeting.code, seq, text, dueDate: dto.dueDate ?? null, organisations: orgs.map((o) => o.code) },
      });
      for (const org of orgs) {
        await tx.outbox(OutboxTopic.ResolutionAssigned, { resolutionId: resolution.id, organisationId: org.id });
      }
      return code;
    });
    return this.resolutions.detail(code, EVERYTHING);
  }
}
