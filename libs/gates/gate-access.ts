import type { DbHandle } from '../database/db-handle.js';
import { rowOf } from '../database/sql-query.js';
import { REVIEW_SUBJECT, REVIEWER_ASSIGNED } from './gates.queries.js';

/**
 * Gate-review facts that reports need to decide who reads a gate packet (gate-report-access.ts
 * hands them to libs/reports). The SQL is in gates.queries.ts.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sub-project and programme a gate review is about, or null when there is no such review. */
export async function gateReviewSubject(db: DbHandle, gateReviewId: string): Promise<{ subProjectId: string; programmeId: string } | null> {
  if (!UUID.test(gateReviewId)) return null;
  const row = await rowOf(db, REVIEW_SUBJECT, [gateReviewId]);
  return row ? { subProjectId: row.sub_project_id, programmeId: row.programme_id } : null;
}

/** Whether the user is one of the gate review's assigned reviewers. */
export async function reviewerAssigned(db: DbHandle, gateReviewId: string, userId: string): Promise<boolean> {
  if (!UUID.test(gateReviewId)) return false;
  return Boolean(await rowOf(db, REVIEWER_ASSIGNED, [gateReviewId, userId]));
}

/**
 * SQL keeping the reports (alias `alias`) that are gate packets of a review the user is assigned to;
 * `param` adds a parameter and returns its placeholder. Compared as text: a malformed id in a
 * report's parameters matches nothing instead of failing the cast.
 */
export function reviewerPacketsSql(userId: string, param: (value: unknown) => string, alias = 'r'): string {
  return `(${alias}.kind = 'gate_packet' AND EXISTS (SELECT 1 FROM gate_reviewer gr
            WHERE gr.user_id = ${param(userId)} AND gr.review_id::text = ${alias}.parameters->>'gateReview'))`;
}
