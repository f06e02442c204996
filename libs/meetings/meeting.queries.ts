import type { Scope } from '../access/scope.js';
import { sqlParams } from '../common/sql-params.js';
import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import { openOn, resolutionInScope } from './resolution.queries.js';

export interface MeetingRow {
  id: string; code: string; name: string; kind: string; body_id: string; body_code: string; body_name: string;
  held_on: string; held_until: string | null; resolution_count: number; open_item_count: number;
  description: string | null; note: string | null; source: string | null; details: Record<string, unknown>;
}

const MEETING_COLUMNS = {
  id: true, code: true, name: true, kind: true, body_id: true, body_code: true, body_name: true, held_on: true, held_until: true,
  resolution_count: true, open_item_count: true, description: true, note: true, source: true, details: true,
} as const;

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

const SCOPES: [Scope][] = [[{ all: true }], [{ all: false, organisationIds: [] }]];

/** Every meeting, in date order, with the scope's counts. */
export const MEETINGS = defineQueryBuilder<MeetingRow, [Scope]>(
  'meetings.list',
  (scope) => {
    const { values: params, param } = sqlParams();
    return { text: `${meetingSelect(scope, param)} ORDER BY m.held_on, m.code`, params };
  },
  MEETING_COLUMNS,
  SCOPES,
);

/** One meeting by code, with the scope's counts. */
export const MEETING_BY_CODE = defineQueryBuilder<MeetingRow, [Scope, string]>(
  'meetings.by-code',
  (scope, code) => {
    const { values: params, param } = sqlParams();
    return { text: `${meetingSelect(scope, param)} WHERE m.code = ${param(code)}`, params };
  },
  MEETING_COLUMNS,
  SCOPES.map(([scope]) => [scope, 'x']),
);

/** The assignments of earlier meetings of the same body still open when this one was held, within the scope. */
export const CARRIED_OVER = defineQueryBuilder<{ resolution_id: string; organisation_id: string }, [Scope, { bodyId: string; heldOn: string }]>(
  'meetings.carried-over',
  (scope, meeting) => {
    const { values: params, param } = sqlParams();
    const heldOn = param(meeting.heldOn);
    return {
      text: `SELECT a.resolution_id, a.organisation_id
               FROM resolution_assignment a
               JOIN resolution r ON r.id = a.resolution_id
               JOIN meeting rm ON rm.id = r.meeting_id
              WHERE rm.body_id = ${param(meeting.bodyId)} AND rm.held_on < ${heldOn}::date
                AND ${openOn(heldOn)} AND ${resolutionInScope(scope, param)}`,
      params,
    };
  },
  { resolution_id: true, organisation_id: true },
  SCOPES.map(([scope]) => [scope, { bodyId: 'x', heldOn: '2024-01-01' }]),
);

/** $1 code */
export const ORGANISATION_BY_CODE = defineQuery<{ id: string; code: string }>('meetings.organisation', 'SELECT id, code FROM organisation WHERE code = $1', { id: true, code: true });

/** $1 codes */
export const ORGANISATIONS_BY_CODES = defineQuery<{ id: string; code: string }>(
  'meetings.organisations', 'SELECT id, code FROM organisation WHERE code = ANY($1::text[]) ORDER BY code', { id: true, code: true },
);

/** Serialises the numbering of one body's meetings on one day. $1 lock key */
export const LOCK_MEETING_CODE = defineQuery<{ locked: unknown }>('meetings.lock-code', 'SELECT pg_advisory_xact_lock(hashtext($1)) AS locked', { locked: true });

/** $1 base code, $2 pattern for its numbered variants */
export const MEETING_CODES_TAKEN = defineQuery<{ code: string }>('meetings.codes-taken', 'SELECT code FROM meeting WHERE code = $1 OR code LIKE $2', { code: true });

/** $1 code, $2 body id, $3 name, $4 kind, $5 held on, $6 held until */
export const INSERT_MEETING = defineQuery<{ id: string }>(
  'meetings.insert',
  `INSERT INTO meeting (code, body_id, name, kind, held_on, held_until) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
  { id: true },
);

/** $1 code */
export const LOCK_MEETING = defineQuery<{ id: string; code: string; held_on: string }>(
  'meetings.lock', `SELECT id, code, to_char(held_on, 'YYYY-MM-DD') AS held_on FROM meeting WHERE code = $1 FOR UPDATE`, { id: true, code: true, held_on: true },
);

/** $1 meeting id */
export const NEXT_RESOLUTION_SEQ = defineQuery<{ seq: number }>(
  'meetings.next-resolution-seq', 'SELECT COALESCE(max(seq), 0) + 1 AS seq FROM resolution WHERE meeting_id = $1', { seq: true },
);

/** $1 code */
export const RESOLUTION_CODE_TAKEN = defineQuery<{ taken: number }>('meetings.resolution-code-taken', 'SELECT 1 AS taken FROM resolution WHERE code = $1', { taken: true });

/** $1 code, $2 meeting id, $3 seq, $4 text, $5 due date */
export const INSERT_RESOLUTION = defineQuery<{ id: string }>(
  'meetings.insert-resolution', 'INSERT INTO resolution (code, meeting_id, seq, text, due_date) VALUES ($1, $2, $3, $4, $5) RETURNING id', { id: true },
);

/** $1 resolution id, $2 organisation ids */
export const ASSIGN_RESOLUTION = defineStatement(
  'meetings.assign-resolution',
  `INSERT INTO resolution_assignment (resolution_id, organisation_id, status) SELECT $1, unnest($2::uuid[]), 'tracking'`,
);
