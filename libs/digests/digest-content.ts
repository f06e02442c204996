import { addDays } from '../common/clock.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowsOf, type SqlQuery } from '../database/sql-query.js';
import { type DigestSection, type DigestSectionKey, DUE_SOON_DAYS } from './digest-payload.js';
import { AWAITING_REVIEW, DUE_SOON, HELD_NOTIFICATIONS, NEW_RED_LIGHTS, NEWLY_OVERDUE, OVERDUE, RELEASE_REQUESTS, RETURNED } from './digests.queries.js';

type Sections = Partial<Record<DigestSectionKey, DigestSection>>;

/** A section's first ids in order, with the count of all (digests.queries.ts). */
async function section(db: DbHandle, query: SqlQuery<{ id: string; total: number }>, params: unknown[]): Promise<DigestSection> {
  const rows = await rowsOf(db, query, params);
  return { ids: rows.map((r) => r.id), total: rows[0]?.total ?? 0 };
}

/**
 * A coordinator's sections, the same for every coordinator: what turned red and what became overdue
 * in the period [start, end), and what waits for the secretariat now.
 */
export async function coordinatorSections(db: DbHandle, start: string, end: string): Promise<Sections> {
  return {
    newRedLights: await section(db, NEW_RED_LIGHTS, [start, end]),
    newlyOverdue: await section(db, NEWLY_OVERDUE, [start, end]),
    awaitingReview: await section(db, AWAITING_REVIEW, []),
    releaseRequests: await section(db, RELEASE_REQUESTS, []),
  };
}

/**
 * A ministry user's sections for the sub-projects their organisation (or a unit under it) leads:
 * open milestones due within DUE_SOON_DAYS of `day`, every overdue one, and submissions the
 * secretariat returned in the period [start, end).
 */
export async function ministrySections(db: DbHandle, organisationId: string, start: string, day: string): Promise<Sections> {
  return {
    dueSoon: await section(db, DUE_SOON, [organisationId, day, addDays(day, DUE_SOON_DAYS)]),
    overdue: await section(db, OVERDUE, [organisationId, day]),
    returned: await section(db, RETURNED, [organisationId, start, day]),
  };
}

/** The recipient's notifications held for this cadence's digest, locked until the digest records them. */
export async function heldNotifications(db: DbHandle, userId: string, cadence: 'daily' | 'weekly'): Promise<string[]> {
  return (await rowsOf(db, HELD_NOTIFICATIONS, [userId, cadence])).map((r) => r.id);
}
