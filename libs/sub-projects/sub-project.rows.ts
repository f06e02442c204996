import type { Actor } from '../access/actor.js';
import { isLeadMember } from '../access/scope.js';
import type { Tx } from '../audit/unit-of-work.js';
import { AppError } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf } from '../database/sql-query.js';
import { LOCK_MILESTONE_BY_CODE, LOCK_MILESTONE_BY_ID, MILESTONE_BY_CODE, MILESTONE_BY_ID, type MilestoneRow } from './milestone.queries.js';
import type { SubProjectStatus } from './sub-project.entity.js';

/** Row helpers the sub-project workflow services share: locking, version checks, organisation codes. */

export interface LockedSubProject {
  id: string;
  code: string;
  name: string;
  status: SubProjectStatus;
  version: number;
  programme_id: string;
  lead_organisation_id: string | null;
  co_organiser_ids: string[];
  start_year: number | null;
  end_year: number | null;
  created_at: Date;
}

const LOCK_SUB_PROJECT = `
  SELECT sp.id, sp.code, sp.name, sp.status, sp.version, sp.programme_id, sp.lead_organisation_id, sp.start_year, sp.end_year, sp.created_at,
         ARRAY(SELECT c.organisation_id FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id ORDER BY c.seq) AS co_organiser_ids
    FROM sub_project sp`;

/** The sub-project, locked for the rest of the transaction; 404 when there is none. */
export async function lockSubProject(tx: Tx, code: string): Promise<LockedSubProject> {
  const [row] = await tx.query<LockedSubProject>(`${LOCK_SUB_PROJECT} WHERE sp.code = $1 FOR UPDATE OF sp`, [code]);
  if (!row) throw AppError.notFound('sub-project', code);
  return row;
}

export async function lockSubProjectById(tx: Tx, id: string): Promise<LockedSubProject> {
  const [row] = await tx.query<LockedSubProject>(`${LOCK_SUB_PROJECT} WHERE sp.id = $1 FOR UPDATE OF sp`, [id]);
  if (!row) throw AppError.notFound('sub-project', id);
  return row;
}

/** Optimistic concurrency: the client must have seen the current version. */
export function assertVersion(entity: string, expected: number, actual: number): void {
  if (expected !== actual) throw AppError.stale(entity, expected, actual);
}

/** Only the lead organisation (or a unit under it) may act; co-organisers and others are refused. */
export function assertLeadOrganisation(actor: Actor, leadId: string | null, what: string): void {
  if (!isLeadMember(actor, leadId)) {
    throw AppError.forbidden(`Only the lead organisation of this sub-project may ${what}`);
  }
}

/** A closed sub-project is final: its fields and milestones no longer change. */
export function assertNotClosed(sp: LockedSubProject): void {
  if (sp.status === 'closed') throw new AppError('CONFLICT', `Sub-project "${sp.code}" is closed: it can no longer be changed`);
}

/** A reason that must be given: text that is not blank. */
export function requireReason(reason: string | undefined | null, why: string): string {
  const text = reason?.trim();
  if (!text) throw AppError.invalid([{ field: 'reason', problems: [`reason is required ${why}`] }]);
  return text;
}

/** Organisation ids for codes, in the order given; unknown codes are a 400 naming the field. */
export async function organisationIds(tx: Tx, field: string, codes: readonly string[]): Promise<string[]> {
  if (!codes.length) return [];
  const rows = await tx.query<{ id: string; code: string }>('SELECT id, code FROM organisation WHERE code = ANY($1::text[])', [codes]);
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length) throw AppError.invalid([{ field, problems: unknown.map((c) => `organisation "${c}" does not exist`) }]);
  return codes.map((c) => byCode.get(c)!);
}

/** Organisation codes for ids, in the order given (for audit before/after). */
export async function organisationCodes(tx: Tx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await tx.query<{ id: string; code: string }>('SELECT id, code FROM organisation WHERE id = ANY($1::uuid[])', [ids]);
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
