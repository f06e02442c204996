import type { Actor } from '../access/actor.js';
import { inScope, isLeadMember, scopeOf } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import type { SubmissionRow } from './submissions.queries.js';

/**
 * Who may read and act on a submission. Ministry users of the lead or a co-organiser read
 * everything; only the lead drafts, edits and takes the lead's steps; co-organisers add evidence.
 * The secretariat, reviewers and viewers read the revision a supervisor last sent them. What a
 * caller may not read does not exist for them: another organisation's submission, and one never
 * sent to the secretariat, answer 404 exactly as an unknown id does.
 */

/** The newest revision the caller may read, or null when the submission does not exist for them. */
export function readableRevisionOrNull(actor: Actor, row: SubmissionRow): number | null {
  const scope = scopeOf(actor);
  if (!scope.all) return inScope(scope, row.lead_id, row.co_organiser_ids) ? row.revision : null;
  return row.approved_revision;
}

/** The newest revision the caller may read; 404 when they may read none. */
export function readableRevision(actor: Actor, row: SubmissionRow): number {
  const revision = readableRevisionOrNull(actor, row);
  if (revision === null) throw AppError.notFound('submission', row.id);
  return revision;
}

/** The organisations of a sub-project (or of the submission's sub-project). */
export interface Parties {
  lead_id: string | null; lead_name: string | null; co_organiser_ids: string[];
}

/**
 * Only the lead organisation drafts, edits and submits; co-organisers read and add evidence (403,
 * saying so). Anyone else is answered `hidden`: what an unknown submission or code would get.
 */
export function assertLeadMember(actor: Actor, parties: Parties, doing: string, hidden: () => AppError): void {
  if (isLeadMember(actor, parties.lead_id)) return;
  if (inScope(scopeOf(actor), parties.lead_id, parties.co_organiser_ids)) {
    throw AppError.forbidden(`Only the lead organisation${parties.lead_name ? ` (${parties.lead_name})` : ''} may ${doing}; co-organisers may read it and add evidence`);
  }
  throw hidden();
}

/** Officers and supervisors of the lead or a co-organiser; 404 for anyone else. */
export function assertMember(actor: Actor, row: SubmissionRow): void {
  if (!inScope({ all: false, organisationIds: actor.organisationIds }, row.lead_id, row.co_organiser_ids)) throw AppError.notFound('submission', row.id);
}

export function assertVersion(row: SubmissionRow, expected: number): void {
  if (expected !== row.version) throw AppError.stale('submission', expected, row.version);
}
