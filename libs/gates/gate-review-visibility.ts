import { type Actor, hasRole, isSecretariat } from '../access/actor.js';
import { inScope, scopeOf } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf } from '../database/sql-query.js';
import { UserRole } from '../users/user.entity.js';
import { REVIEWER_ASSIGNED, type ReviewRow } from './gates.queries.js';

/**
 * How much of a gate review a caller sees:
 * - full: the secretariat and viewers (every reviewer's scores, the live summary);
 * - reviewer: an assigned reviewer (their own scores; everyone's, and the summary, once decided);
 * - ministry: officers and supervisors of the lead or a co-organiser (the reviewer count, the
 *   decision, its reasons, the recorded summary and the conditions; never individual scores).
 */
export type GateView = 'full' | 'reviewer' | 'ministry';

export function gateViewOf(actor: Actor): GateView {
  if (isSecretariat(actor) || hasRole(actor, UserRole.Viewer)) return 'full';
  if (hasRole(actor, UserRole.Reviewer)) return 'reviewer';
  return 'ministry';
}

/**
 * An unassigned reviewer, or a ministry outside the sub-project, may not know the review exists: it
 * answers 404 as an unknown id does.
 */
export async function assertCanReadReview(db: DbHandle, row: ReviewRow, actor: Actor): Promise<void> {
  const view = gateViewOf(actor);
  const hidden = view === 'reviewer'
    ? !(await rowOf(db, REVIEWER_ASSIGNED, [row.id, actor.userId]))
    : view === 'ministry' && !inScope(scopeOf(actor), row.lead_id, row.co_organiser_ids);
  if (hidden) throw AppError.notFound('gate review', row.id);
}
