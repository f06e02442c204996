import type { Scope } from '../access/scope.js';
import { dateView } from '../common/roc.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowsOf } from '../database/sql-query.js';
import { ASSIGNMENTS_OF, type DecisionJson, DECISIONS_OF, FOLLOW_UPS_OF } from './resolution.queries.js';
import type { AssignmentDto, DecisionDto, FollowUpDto, MeetingRefDto } from './meeting.views.js';


/** Whether a caller in this scope may see a resolution assigned to these organisations. */
export function resolutionVisible(scope: Scope, assignedOrganisationIds: readonly string[]): boolean {
  return scope.all || assignedOrganisationIds.some((id) => scope.organisationIds.includes(id));
}

export function meetingRef(code: string, name: string, heldOn: string): MeetingRefDto {
  return { code, name, heldOn: dateView(heldOn) };
}

function decisionView(d: DecisionJson): DecisionDto {
  return {
    decision: d.decision, comment: d.comment, at: new Date(d.at).toISOString(), by: d.by,
    meeting: d.meeting ? meetingRef(d.meeting.code, d.meeting.name, d.meeting.heldOn) : null,
  };
}

export interface AssignmentView extends AssignmentDto {
  resolutionId: string;
  organisationId: string;
}

/** The assignments of these resolutions, with each one's latest decision; by resolution id. */
export async function loadAssignments(db: DbHandle, resolutionIds: string[]): Promise<Map<string, AssignmentView[]>> {
  const rows = await rowsOf(db, ASSIGNMENTS_OF, [resolutionIds]);
  return groupBy(rows.map((r) => ({
    resolutionId: r.resolution_id, organisationId: r.organisation_id,
    organisation: { code: r.code, name: r.name }, status: r.status, version: r.version, note: r.note,
    lastDecision: r.last_decision ? decisionView(r.last_decision) : null, yours: false,
  })), (a) => a.resolutionId);
}

/**
 * The assignments a caller is shown: the secretariat every one in full; a ministry its own in full, and another
 * co-assigned organisation's only as organisation and status (its decisions name that ministry's officer).
 */
export function assignmentsFor<A extends { organisationId: string; lastDecision: DecisionDto | null; yours: boolean }>(scope: Scope, assignments: readonly A[]): A[] {
  if (scope.all) return [...assignments];
  return assignments.map((a) => (scope.organisationIds.includes(a.organisationId) ? { ...a, yours: true } : { ...a, lastDecision: null, yours: false }));
}

/** Whether the scope may read this organisation's tracking history. */
export function historyVisible(scope: Scope, organisationId: string): boolean {
  return scope.all || scope.organisationIds.includes(organisationId);
}

/** Every decision on these resolutions, oldest first; keyed by `${resolutionId}/${organisationId}`. */
export async function loadDecisions(db: DbHandle, resolutionIds: string[]): Promise<Map<string, DecisionDto[]>> {
  const rows = await rowsOf(db, DECISIONS_OF, [resolutionIds]);
  const byKey = groupBy(rows, (r) => r.key);
  return new Map([...byKey].map(([key, list]) => [key, list.map((r) => decisionView(r.decision))]));
}

/**
 * The follow-ups (辦理情形) of these resolutions that the scope may read, oldest first; by resolution id.
 * The secretariat reads every one. A ministry reads its own (its organisation's or its units') and those recorded
 * without an organisation (from the meeting documents); never another co-assigned ministry's text or officer.
 */
export async function loadFollowUps(db: DbHandle, resolutionIds: string[], scope: Scope): Promise<Map<string, FollowUpDto[]>> {
  const rows = await rowsOf(db, FOLLOW_UPS_OF, [resolutionIds, scope.all ? null : scope.organisationIds]);
  const grouped = groupBy(rows, (r) => r.resolution_id);
  return new Map([...grouped].map(([id, list]) => [id, list.map((f) => ({
    code: f.code, organisation: f.org_code && f.org_name ? { code: f.org_code, name: f.org_name } : null,
    reportedOn: dateView(f.reported_on), text: f.text, note: f.note, reportedBy: f.reported_by, source: f.source,
  }))]));
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// The SQL fragments moved to resolution.queries.ts; these names stay for the features that use them.
export {  resolutionInScope } from './resolution.queries.js';
;
