import type { Scope } from '../access/scope.js';
import { sqlParams } from '../common/sql-params.js';
import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';
import type { TrackingStatus } from './meeting.entity.js';

export interface LockedResolution {
  id: string; code: string; meeting_id: string; body_id: string; meeting_held_on: string;
}

export interface LockedAssignment {
  organisation_id: string; organisation_code: string; status: TrackingStatus; version: number;
}

const ASSIGNMENT_COLUMNS = { organisation_id: true, organisation_code: true, status: true, version: true } as const;

/** $1 resolution code */
export const LOCK_RESOLUTION = defineQuery<LockedResolution>(
  'resolutions.lock',
  `SELECT r.id, r.code, r.meeting_id, m.body_id, to_char(m.held_on, 'YYYY-MM-DD') AS meeting_held_on
     FROM resolution r JOIN meeting m ON m.id = r.meeting_id WHERE r.code = $1 FOR UPDATE OF r`,
  { id: true, code: true, meeting_id: true, body_id: true, meeting_held_on: true },
);

/** One organisation's assignment, locked. $1 resolution id, $2 organisation code */
export const LOCK_ASSIGNMENT = defineQuery<LockedAssignment>(
  'resolutions.lock-assignment',
  `SELECT a.organisation_id, o.code AS organisation_code, a.status, a.version
     FROM resolution_assignment a JOIN organisation o ON o.id = a.organisation_id
    WHERE a.resolution_id = $1 AND o.code = $2 FOR UPDATE OF a`,
  ASSIGNMENT_COLUMNS,
);

/** Every assignment of the resolution, locked, by organisation code. $1 resolution id */
export const LOCK_ASSIGNMENTS = defineQuery<LockedAssignment>(
  'resolutions.lock-assignments',
  `SELECT a.organisation_id, o.code AS organisation_code, a.status, a.version
     FROM resolution_assignment a JOIN organisation o ON o.id = a.organisation_id
    WHERE a.resolution_id = $1 ORDER BY o.code FOR UPDATE OF a`,
  ASSIGNMENT_COLUMNS,
);

/** $1 code, $2 resolution id, $3 organisation id, $4 reported on (the clock's today), $5 user id, $6 text */
export const INSERT_FOLLOW_UP = defineStatement(
  'resolutions.insert-follow-up',
  `INSERT INTO resolution_follow_up (code, resolution_id, organisation_id, reported_on, reported_by, text)
   VALUES ($1, $2, $3, $4::date, $5, $6)`,
);

/** $1 resolution id, $2 organisation id, $3 status, $4 version */
export const SET_ASSIGNMENT_STATUS = defineStatement(
  'resolutions.set-assignment-status',
  `UPDATE resolution_assignment SET status = $3, version = $4 WHERE resolution_id = $1 AND organisation_id = $2`,
);

/** $1 resolution id, $2 organisation id, $3 decision, $4 comment, $5 meeting id, $6 user id. `at` is a record timestamp: database time. */
export const INSERT_DECISION = defineStatement(
  'resolutions.insert-decision',
  `INSERT INTO resolution_tracking_decision (resolution_id, organisation_id, decision, comment, meeting_id, actor_user_id)
   VALUES ($1, $2, $3, $4, $5, $6)`,
);

/** $1 meeting code, $2 today (the clock's) */
export const DECIDING_MEETING = defineQuery<{ id: string; body_id: string; held_on: string; future: boolean }>(
  'resolutions.deciding-meeting',
  `SELECT id, body_id, to_char(held_on, 'YYYY-MM-DD') AS held_on, held_on > $2::date AS future FROM meeting WHERE code = $1`,
  { id: true, body_id: true, held_on: true, future: true },
);

/** $1 resolution id */
export const NEXT_FOLLOW_UP_NUMBER = defineQuery<{ n: number }>(
  'resolutions.next-follow-up-number', 'SELECT count(*)::int + 1 AS n FROM resolution_follow_up WHERE resolution_id = $1', { n: true },
);

/** $1 follow-up code */
export const FOLLOW_UP_CODE_TAKEN = defineQuery<{ taken: number }>(
  'resolutions.follow-up-code-taken', 'SELECT 1 AS taken FROM resolution_follow_up WHERE code = $1', { taken: true },
);

/**
 * SQL that keeps resolutions (alias `r`) within the scope: a ministry sees a resolution assigned
 * to its organisation or a unit under it. `param` adds a parameter and returns its placeholder.
 */
export function resolutionInScope(scope: Scope, param: (value: unknown) => string, alias = 'r'): string {
  if (scope.all) return 'TRUE';
  return `EXISTS (SELECT 1 FROM resolution_assignment sa WHERE sa.resolution_id = ${alias}.id AND sa.organisation_id = ANY(${param(scope.organisationIds)}::uuid[]))`;
}

/**
 * SQL: the assignment (alias `a`) was still open on the date `onDate` (a placeholder): it is not
 * released, or its release took effect on or after that date. A release takes effect on the date
 * of the meeting that decided it, or else on the (Asia/Taipei) day it was recorded; a release
 * decided at a meeting therefore still shows on that meeting's agenda.
 */
export function openOn(onDate: string, alias = 'a'): string {
  return `(${alias}.status <> 'released' OR (
            SELECT COALESCE(dm.held_on, (d.at AT TIME ZONE 'Asia/Taipei')::date)
              FROM resolution_tracking_decision d LEFT JOIN meeting dm ON dm.id = d.meeting_id
             WHERE d.resolution_id = ${alias}.resolution_id AND d.organisation_id = ${alias}.organisation_id AND d.decision = 'released'
             ORDER BY d.at DESC LIMIT 1) >= ${onDate}::date)`;
}

export interface ResolutionRow {
  id: string; code: string; seq: number; text: string; due_date: string | null; source: string | null; version: number;
  meeting_code: string; meeting_name: string; meeting_held_on: string;
}

export interface DecisionJson {
  decision: string; comment: string | null; at: string; by: string | null;
  meeting: { code: string; name: string; heldOn: string } | null;
}

export interface AssignmentRow {
  resolution_id: string; organisation_id: string; code: string; name: string; status: string; version: number; note: string | null;
  last_decision: DecisionJson | null;
}

const DECISION_JSON = `json_build_object(
  'decision', d.decision, 'comment', d.comment, 'at', d.at, 'by', u.display_name,
  'meeting', CASE WHEN dm.id IS NULL THEN NULL ELSE json_build_object('code', dm.code, 'name', dm.name, 'heldOn', to_char(dm.held_on, 'YYYY-MM-DD')) END)`;
const DECISION_FROM = `FROM resolution_tracking_decision d
  LEFT JOIN meeting dm ON dm.id = d.meeting_id
  LEFT JOIN app_user u ON u.id = d.actor_user_id`;

const RESOLUTION_SELECT = `
  SELECT r.id, r.code, r.seq, r.text, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.source, r.version,
         m.code AS meeting_code, m.name AS meeting_name, to_char(m.held_on, 'YYYY-MM-DD') AS meeting_held_on
    FROM resolution r JOIN meeting m ON m.id = r.meeting_id`;
const RESOLUTION_ORDER = 'ORDER BY m.held_on, m.code, r.seq';
const RESOLUTION_COLUMNS = {
  id: true, code: true, seq: true, text: true, due_date: true, source: true, version: true, meeting_code: true, meeting_name: true, meeting_held_on: true,
} as const;

/** $1 resolution code */
export const RESOLUTION_BY_CODE = defineQuery<ResolutionRow>('resolutions.by-code', `${RESOLUTION_SELECT} WHERE r.code = $1 ${RESOLUTION_ORDER}`, RESOLUTION_COLUMNS);

/** $1 resolution ids */
export const RESOLUTIONS_BY_IDS = defineQuery<ResolutionRow>(
  'resolutions.by-ids', `${RESOLUTION_SELECT} WHERE r.id = ANY($1::uuid[]) ${RESOLUTION_ORDER}`, RESOLUTION_COLUMNS,
);

/** A meeting's own resolutions within the scope. */
export const RESOLUTIONS_OF_MEETING = defineQueryBuilder<ResolutionRow, [string, Scope]>(
  'resolutions.of-meeting',
  (meetingId, scope) => {
    const { values: params, param } = sqlParams();
    return { text: `${RESOLUTION_SELECT} WHERE r.meeting_id = ${param(meetingId)} AND ${resolutionInScope(scope, param)} ${RESOLUTION_ORDER}`, params };
  },
  RESOLUTION_COLUMNS,
  [['x', { all: true }], ['x', { all: false, organisationIds: [] }]],
);

/** The assignments of these resolutions, with each one's latest decision. $1 resolution ids */
export const ASSIGNMENTS_OF = defineQuery<AssignmentRow>(
  'resolutions.assignments-of',
  `SELECT a.resolution_id, a.organisation_id, o.code, o.name, a.status, a.version, a.note,
          (SELECT ${DECISION_JSON} ${DECISION_FROM}
            WHERE d.resolution_id = a.resolution_id AND d.organisation_id = a.organisation_id
            ORDER BY d.at DESC, d.id DESC LIMIT 1) AS last_decision
     FROM resolution_assignment a JOIN organisation o ON o.id = a.organisation_id
    WHERE a.resolution_id = ANY($1::uuid[])
    ORDER BY o.code`,
  { resolution_id: true, organisation_id: true, code: true, name: true, status: true, version: true, note: true, last_decision: true },
);

/** Every decision on these resolutions, oldest first. $1 resolution ids */
export const DECISIONS_OF = defineQuery<{ key: string; decision: DecisionJson }>(
  'resolutions.decisions-of',
  `SELECT d.resolution_id || '/' || d.organisation_id AS key, ${DECISION_JSON} AS decision
     ${DECISION_FROM}
    WHERE d.resolution_id = ANY($1::uuid[])
    ORDER BY d.at, d.id`,
  { key: true, decision: true },
);

export interface FollowUpRow {
  resolution_id: string; code: string; org_code: string | null; org_name: string | null; reported_on: string;
  text: string; note: string | null; source: string | null; reported_by: string | null;
}

/**
 * The follow-ups of these resolutions that a scope may read (see loadFollowUps), oldest first.
 * $1 resolution ids, $2 the scope's organisation ids, or null for the secretariat's scope
 */
export const FOLLOW_UPS_OF = defineQuery<FollowUpRow>(
  'resolutions.follow-ups-of',
  `SELECT f.resolution_id, f.code, o.code AS org_code, o.name AS org_name, to_char(f.reported_on, 'YYYY-MM-DD') AS reported_on,
          f.text, f.note, f.source, u.display_name AS reported_by
     FROM resolution_follow_up f
     LEFT JOIN organisation o ON o.id = f.organisation_id
     LEFT JOIN app_user u ON u.id = f.reported_by
    WHERE f.resolution_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR f.organisation_id IS NULL OR f.organisation_id = ANY($2::uuid[]))
    ORDER BY f.reported_on, f.created_at, length(f.code), f.code`,
  { resolution_id: true, code: true, org_code: true, org_name: true, reported_on: true, text: true, note: true, source: true, reported_by: true },
);
