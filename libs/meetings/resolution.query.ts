import type { DataSource, EntityManager } from 'typeorm';
import type { Scope } from '../access/scope.js';
import { dateView } from '../common/roc.js';
import type { AssignmentDto, DecisionDto, FollowUpDto, MeetingRefDto } from './meeting.views.js';

type Db = Pick<DataSource | EntityManager, 'query'>;

/**
 * SQL that keeps resolutions (alias `r`) within the scope: a ministry sees a resolution assigned
 * to its organisation or a unit under it. `param` adds a parameter and returns its placeholder.
 */
export function resolutionInScope(scope: Scope, param: (value: unknown) => string, alias = 'r'): string {
  if (scope.all) return 'TRUE';
  return `EXISTS (SELECT 1 FROM resolution_assignment sa WHERE sa.resolution_id = ${alias}.id AND sa.organisation_id = ANY(${param(scope.organisationIds)}::uuid[]))`;
}

/** Whether a caller in this scope may see a resolution assigned to these organisations. */
export function resolutionVisible(scope: Scope, assignedOrganisationIds: readonly string[]): boolean {
  return scope.all || assignedOrganisationIds.some((id) => scope.organisationIds.includes(id));
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

interface DecisionJson {
  decision: string; comment: string | null; at: string; by: string | null;
  meeting: { code: string; name: string; heldOn: string } | null;
}

interface AssignmentRow {
  resolution_id: string; organisation_id: string; code: string; name: string; status: string; version: number; note: string | null;
  last_decision: DecisionJson | null;
}

const DECISION_JSON = `json_build_object(
  'decision', d.decision, 'comment', d.comment, 'at', d.at, 'by', u.display_name,
  'meeting', CASE WHEN dm.id IS NULL THEN NULL ELSE json_build_object('code', dm.code, 'name', dm.name, 'heldOn', to_char(dm.held_on, 'YYYY-MM-DD')) END)`;
const DECISION_FROM = `FROM resolution_tracking_decision d
  LEFT JOIN meeting dm ON dm.id = d.meeting_id
  LEFT JOIN app_user u ON u.id = d.actor_user_id`;

export function meetingRef(code: string, name: string, heldOn: string): MeetingRefDto {
  return { code, name, heldOn: dateView(heldOn) };
}

function decisionView(d: DecisionJson): DecisionDto {
  return {
    decision: d.decision, comment: d.comment, at: new Date(d.at).toISOString(), by: d.by,
    meeting: d.meeting ? meetingRef(d.meeting.code, d.meeting.name, d.meeting.heldOn) : null,
  };
}

export async function loadResolutionRows(db: Db, where: string, params: unknown[]): Promise<ResolutionRow[]> {
  return db.query(
    `SELECT r.id, r.code, r.seq, r.text, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.source, r.version,
            m.code AS meeting_code, m.name AS meeting_name, to_char(m.held_on, 'YYYY-MM-DD') AS meeting_held_on
       FROM resolution r JOIN meeting m ON m.id = r.meeting_id
      WHERE ${where}
      ORDER BY m.held_on, m.code, r.seq`,
    params,
  );
}

export interface AssignmentView extends AssignmentDto {
  resolutionId: string;
  organisationId: string;
}

/** The assignments of these resolutions, with each one's latest decision; by resolution id. */
export async function loadAssignments(db: Db, resolutionIds: string[]): Promise<Map<string, AssignmentView[]>> {
  const rows: AssignmentRow[] = await db.query(
    `SELECT a.resolution_id, a.organisation_id, o.code, o.name, a.status, a.version, a.note,
            (SELECT ${DECISION_JSON} ${DECISION_FROM}
              WHERE d.resolution_id = a.resolution_id AND d.organisation_id = a.organisation_id
              ORDER BY d.at DESC, d.id DESC LIMIT 1) AS last_decision
       FROM resolution_assignment a JOIN organisation o ON o.id = a.organisation_id
      WHERE a.resolution_id = ANY($1::uuid[])
      ORDER BY o.code`,
    [resolutionIds],
  );
  return groupBy(rows.map((r) => ({
    resolutionId: r.resolution_id, organisationId: r.organisation_id,
    organisation: { code: r.code, name: r.name }, status: r.status, version: r.version, note: r.note,
    lastDecision: r.last_decision ? decisionView(r.last_decision) : null,
  })), (a) => a.resolutionId);
}

/**
 * The assignments a caller is shown: the secretariat every one in full; a ministry its own in full, and another
 * co-assigned organisation's only as organisation and status (its decisions name that ministry's officer).
 */
export function assignmentsFor<A extends { organisationId: string; lastDecision: DecisionDto | null }>(scope: Scope, assignments: readonly A[]): A[] {
  if (scope.all) return [...assignments];
  return assignments.map((a) => (scope.organisationIds.includes(a.organisationId) ? a : { ...a, lastDecision: null }));
}

/** Whether the scope may read this organisation's tracking history. */
export function historyVisible(scope: Scope, organisationId: string): boolean {
  return scope.all || scope.organisationIds.includes(organisationId);
}

/** Every decision on these resolutions, oldest first; keyed by `${resolutionId}/${organisationId}`. */
export async function loadDecisions(db: Db, resolutionIds: string[]): Promise<Map<string, DecisionDto[]>> {
  const rows: { key: string; decision: DecisionJson }[] = await db.query(
    `SELECT d.resolution_id || '/' || d.organisation_id AS key, ${DECISION_JSON} AS decision
       ${DECISION_FROM}
      WHERE d.resolution_id = ANY($1::uuid[])
      ORDER BY d.at, d.id`,
    [resolutionIds],
  );
  const byKey = groupBy(rows, (r) => r.key);
  return new Map([...byKey].map(([key, list]) => [key, list.map((r) => decisionView(r.decision))]));
}

/**
 * The follow-ups (辦理情形) of these resolutions that the scope may read, oldest first; by resolution id.
 * The secretariat reads every one. A ministry reads its own (its organisation's or its units') and those recorded
 * without an organisation (from the meeting documents); never another co-assigned ministry's text or officer.
 */
export async function loadFollowUps(db: Db, resolutionIds: string[], scope: Scope): Promise<Map<string, FollowUpDto[]>> {
  const rows: {
    resolution_id: string; code: string; org_code: string | null; org_name: string | null; reported_on: string;
    text: string; note: string | null; source: string | null; reported_by: string | null;
  }[] = await db.query(
    `SELECT f.resolution_id, f.code, o.code AS org_code, o.name AS org_name, to_char(f.reported_on, 'YYYY-MM-DD') AS reported_on,
            f.text, f.note, f.source, u.display_name AS reported_by
       FROM resolution_follow_up f
       LEFT JOIN organisation o ON o.id = f.organisation_id
       LEFT JOIN app_user u ON u.id = f.reported_by
      WHERE f.resolution_id = ANY($1::uuid[]) AND ($2::uuid[] IS NULL OR f.organisation_id IS NULL OR f.organisation_id = ANY($2::uuid[]))
      ORDER BY f.reported_on, f.created_at, length(f.code), f.code`,
    [resolutionIds, scope.all ? null : scope.organisationIds],
  );
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
