import type { Actor } from '../access/actor.js';
import { inScope, isLeadMember, type Scope, scopeOf } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { LOCK_MILESTONE_BY_CODE, LOCK_MILESTONE_BY_ID, MILESTONE_BY_CODE, MILESTONE_BY_ID, type MilestoneRow } from './milestone.queries.js';
import { LOCK_SUB_PROJECT_BY_CODE, type LockedSubProject, ORGANISATIONS_BY_CODE, ORGANISATIONS_BY_ID } from './sub-project.queries.js';

/** Row helpers the sub-project workflow services share: locking, version checks, organisation codes. */

export type { LockedSubProject };

/** The sub-project, locked for the rest of the transaction; 404 when there is none. */
export async function lockSubProject(tx: DbHandle, code: string): Promise<LockedSubProject> {
  const row = await rowOf(tx, LOCK_SUB_PROJECT_BY_CODE, [code]);
  if (!row) throw AppError.notFound('sub-project', code);
  return row;
}

/** Optimistic concurrency: the client must have seen the current version. */
export function assertVersion(entity: string, expected: number, actual: number): void {
  if (expected !== actual) throw AppError.stale(entity, expected, actual);
}

/**
 * A sub-project (or what hangs off it) the caller may not read answers 404, like one that does not exist:
 * another ministry's codes must not tell that they exist (issue 11, Disclosure).
 */
export function assertVisible(scope: Scope, leadId: string | null, coOrganiserIds: readonly string[], entity: string, code: string): void {
  if (!inScope(scope, leadId, coOrganiserIds)) throw AppError.notFound(entity, code);
}

/**
 * Only the lead organisation (or a unit under it) may act; a co-organiser is refused (403), anyone who may not
 * read the sub-project is told it does not exist (404).
 */
export function assertLeadOrganisation(
  actor: Actor, sp: { lead_organisation_id: string | null; co_organiser_ids: readonly string[] }, what: string, entity: string, code: string,
): void {
  assertVisible(scopeOf(actor), sp.lead_organisation_id, sp.co_organiser_ids, entity, code);
  if (!isLeadMember(actor, sp.lead_organisation_id)) {
    throw AppError.forbidden(`Only the lead organisation of this sub-project may ${what}`);
  }
}

/** A closed sub-project is final: its fields and milestones no longer change. */
export function assertNotClosed(sp: LockedSubProject): void {
  if (sp.status === 'closed') throw new AppError('CONFLICT', `Sub-project "${sp.code}" is closed: it can no longer be changed`);
}

/** Organisation ids for codes, in the order given; unknown codes are a 400 naming the field. */
export async function organisationIds(tx: DbHandle, field: string, codes: readonly string[]): Promise<string[]> {
  if (!codes.length) return [];
  const rows = await rowsOf(tx, ORGANISATIONS_BY_CODE, [codes]);
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length) throw AppError.invalid([{ field, problems: unknown.map((c) => `organisation "${c}" does not exist`) }]);
  return codes.map((c) => byCode.get(c)!);
}

/** Organisation codes for ids, in the order given (for audit before/after). */
export async function organisationCodes(tx: DbHandle, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await rowsOf(tx, ORGANISATIONS_BY_ID, [ids]);
  const byId = new Map(rows.map((r) => [r.id, r.code]));
  return ids.map((id) => byId.get(id) ?? id);
}

/** SQL for a user reference `{ displayName, email }` (or null) from a user id column. */
export function userRefSql(column: string): string {
  return `(SELECT json_build_object('displayName', u.display_name, 'email', u.email) FROM app_user u WHERE u.id = ${column})`;
}

/** A milestone with its sub-project's organisations (milestone.queries.ts). */
export type LockedMilestone = MilestoneRow;

/** The milestone with its sub-project's organisations; 404 when there is none. */
export async function findMilestone(db: DbHandle, where: { code: string } | { id: string }, lock = false): Promise<LockedMilestone> {
  const query = 'code' in where ? (lock ? LOCK_MILESTONE_BY_CODE : MILESTONE_BY_CODE) : (lock ? LOCK_MILESTONE_BY_ID : MILESTONE_BY_ID);
  const value = 'code' in where ? where.code : where.id;
  const row = await rowOf(db, query, [value]);
  if (!row) throw AppError.notFound('milestone', value);
  return row;
}

/** The milestone, locked for the rest of the transaction. */
export function lockMilestone(tx: DbHandle, where: { code: string } | { id: string }): Promise<LockedMilestone> {
  return findMilestone(tx, where, true);
}
