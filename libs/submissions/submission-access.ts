import type { Actor } from '../access/actor.js';
import { inScope, isLeadMember, scopeOf } from '../access/scope.js';
import { AppError } from '../common/errors.js';
import type { SubmissionRow } from './submissions.queries.js';

/**
 * Who may read and act on a submission. Ministry users of the lead or a co-organiser read
 * everything; only the lead drafts, edits and takes the lead's steps; co-organisers add evidence.
 * The secretariat, reviewers and viewers read the revision a supervisor last sent them; a
 * submission never sent does not exist for them.
 */

/** The newest revision the caller may read. */
export function readableRevision(actor: Actor, row: SubmissionRow): number {
  const scope = scopeOf(actor);
  if (!scope.all) {
    if (!inScope(scope, row.lead_id, row.co_organiser_ids)) throw AppError.forbidden(`Submission "${row.id}" belongs to another organisation`);
    return row.revision;
  }
  if (row.approved_revision === null) throw AppError.notFound('submission', row.id);
  return row.approved_revision;
}

/** Only the lead organisation drafts, edits and submits; co-organisers read and add evidence. */
export function assertLeadMember(actor: Actor, leadId: string | null, leadName: string | null, coOrganiserIds: string[], what: string, doing: string): void {
  if (isLeadMember(actor, leadId)) return;
  if (inScope(scopeOf(actor), leadId, coOrganiserIds)) {
    throw AppError.forbidden(`Only the lead organisation${leadName ? ` (${leadName})` : ''} may ${doing}; co-organisers may read it and add evidence`);
  }
  throw AppError.forbidden(`${what[0].toUpperCase()}${what.slice(1)} belongs to another organisation`);
}

/** Officers and supervisors of the lead or a co-organiser. */
export function assertMember(actor: Actor, row: SubmissionRow): void {
  if (!inScope({ all: false, organisationIds: actor.organisationIds }, row.lead_id, row.co_organiser_ids)) {
    throw AppError.forbidden(`Submission "${row.id}" belongs to another organisation`);
  }
}

export function assertVersion(row: SubmissionRow, expected: number): void {
  if (expected !== row.version) throw AppError.stale('submission', expected, row.version);
}
