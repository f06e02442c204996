import { defineQuery, defineStatement } from '../database/sql-query.js';
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
