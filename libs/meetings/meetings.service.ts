import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { EVERYTHING, type Scope } from '../access/scope.js';
import { UnitOfWork } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import { dateView } from '../common/roc.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import {
  ASSIGN_RESOLUTION, CARRIED_OVER, INSERT_MEETING, INSERT_RESOLUTION, LOCK_MEETING, LOCK_MEETING_CODE, MEETING_BY_CODE, MEETING_CODES_TAKEN, type MeetingRow,
  MEETINGS, NEXT_RESOLUTION_SEQ, ORGANISATION_BY_CODE, ORGANISATIONS_BY_CODES, RESOLUTION_CODE_TAKEN,
} from './meeting.queries.js';
import { RESOLUTIONS_BY_IDS, RESOLUTIONS_OF_MEETING } from './resolution.queries.js';
import type {
  AgendaItemDto, CreateMeetingDto, CreateResolutionDto, MeetingDetailDto, MeetingListItemDto, ResolutionDetailDto,
} from './meeting.views.js';
import { assignmentsFor, loadAssignments, loadFollowUps, meetingRef } from './resolution.query.js';
import { ResolutionsService } from './resolutions.service.js';
import { OutboxTopic } from '../outbox/topics.js';

const CODE_MAX = 64;

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
export async function meetingAgenda(db: DbHandle, code: string, scope: Scope): Promise<MeetingDetailDto> {
  const m = await rowOf(db, MEETING_BY_CODE(scope, code));
  if (!m) throw AppError.notFound('meeting', code);

  const carried = await rowsOf(db, CARRIED_OVER(scope, { bodyId: m.body_id, heldOn: m.held_on }));
  const carriedFor = new Set(carried.map((c) => `${c.resolution_id}/${c.organisation_id}`));
  const carriedIds = [...new Set(carried.map((c) => c.resolution_id))];

  const own = await rowsOf(db, RESOLUTIONS_OF_MEETING(m.id, scope));
  const carriedRows = carriedIds.length ? await rowsOf(db, RESOLUTIONS_BY_IDS, [carriedIds]) : [];

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
    const rows = await rowsOf(this.dataSource, MEETINGS(scope));
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
      const body = await rowOf(tx, ORGANISATION_BY_CODE, [dto.body]);
      if (!body) throw AppError.invalid([{ field: 'body', problems: [`body "${dto.body}" is not an organisation`] }]);

      const base = `${body.code.slice(0, CODE_MAX - dto.heldOn.length - 5).replace(/-+$/, '')}-${dto.heldOn}`;
      // Two meetings of one body on one day get -2, -3 …; the lock keeps concurrent requests from taking the same code.
      await rowOf(tx, LOCK_MEETING_CODE, [`meeting-code:${base}`]);
      const taken = new Set((await rowsOf(tx, MEETING_CODES_TAKEN, [base, `${base}-%`])).map((r) => r.code));
      let code = base;
      for (let n = 2; taken.has(code); n++) code = `${base}-${n}`;

      const meeting = (await rowOf(tx, INSERT_MEETING, [code, body.id, dto.name.trim(), dto.kind, dto.heldOn, dto.heldUntil ?? null]))!;
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
      const meeting = await rowOf(tx, LOCK_MEETING, [meetingCode]);
      if (!meeting) throw AppError.notFound('meeting', meetingCode);

      const orgs = await rowsOf(tx, ORGANISATIONS_BY_CODES, [dto.organisations]);
      const unknown = dto.organisations.filter((c) => !orgs.some((o) => o.code === c));
      if (unknown.length) throw AppError.invalid([{ field: 'organisations', problems: unknown.map((c) => `organisation "${c}" does not exist`) }]);
      if (dto.dueDate !== undefined && dto.dueDate < meeting.held_on) {
        throw AppError.invalid([{ field: 'dueDate', problems: [`dueDate ${dto.dueDate} is before the meeting (${meeting.held_on})`] }]);
      }

      const { seq } = (await rowOf(tx, NEXT_RESOLUTION_SEQ, [meeting.id]))!;
      const suffix = `-r${seq}`;
      const code = `${meeting.code.slice(0, CODE_MAX - suffix.length)}${suffix}`;
      const clash = await rowOf(tx, RESOLUTION_CODE_TAKEN, [code]);
      if (clash) throw new AppError('CONFLICT', `A resolution coded "${code}" already exists`);

      const text = dto.text.trim();
      const resolution = (await rowOf(tx, INSERT_RESOLUTION, [code, meeting.id, seq, text, dto.dueDate ?? null]))!;
      await execute(tx, ASSIGN_RESOLUTION, [resolution.id, orgs.map((o) => o.id)]);
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
