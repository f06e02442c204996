import { type Actor, hasRole } from '../access/actor.js';
import { gateReviewSubject, reviewerAssigned, reviewerPacketsSql } from '../gates/gate-access.js';
import { UserRole } from '../users/user.entity.js';
import { REPORT_KINDS } from './report-kinds.js';
import { ReportKind } from './report.entity.js';

/** Anything that runs SQL: the data source, a transaction's manager, a UnitOfWork's Tx. */
type Db = { query(sql: string, params?: unknown[]): Promise<any> };

/**
 * Who may request and read which report:
 * - coordinators, admins and viewers: every report;
 * - ministry users: reports about one sub-project their organisation (or a unit under it) leads or
 *   co-organises; never a programme-wide one (programme status, budget, a meeting's resolutions
 *   cover every ministry — as scheduled programme reports go only to those who see everything);
 * - reviewers: the packets of the gate reviews they are assigned to (the hooks below).
 */
export const READS_EVERY_REPORT: readonly UserRole[] = [UserRole.Admin, UserRole.Coordinator, UserRole.Viewer];
export const MINISTRY: readonly UserRole[] = [UserRole.MinistryOfficer, UserRole.MinistrySupervisor];

export const PROGRAMME_WIDE_KINDS = (Object.keys(REPORT_KINDS) as ReportKind[]).filter((k) => REPORT_KINDS[k].programmeWide);

export function readsEveryReport(actor: Actor): boolean {
  return hasRole(actor, ...READS_EVERY_REPORT);
}

/**
 * The gate-review queries reviewers' access rests on; they live with the gate tables in libs/gates
 * (gate-access.ts imports nothing from libs/reports, so there is no import cycle).
 */
export const gateHooks = {
  /** The sub-project and programme a gate review is about, or null when there is no such review. */
  gateReviewSubject: (db: Db, gateReviewId: string) => gateReviewSubject(db, gateReviewId),
  /** Whether the user is one of the gate review's assigned reviewers. */
  reviewerAssigned: (db: Db, gateReviewId: string, userId: string) => reviewerAssigned(db, gateReviewId, userId),
  /** SQL keeping the reports (alias `r`) whose gate review the user is assigned to (`param` adds a parameter, returns its placeholder). */
  reviewerReportsSql: (userId: string, param: (value: unknown) => string, alias = 'r') => reviewerPacketsSql(userId, param, alias),
};

/** Whether the gate packet's review is assigned to the user; other kinds are never a reviewer's. */
export async function reviewerCanRead(db: Db, report: { kind: string; parameters: Record<string, unknown> }, userId: string): Promise<boolean> {
  if (report.kind !== ReportKind.GatePacket || typeof report.parameters.gateReview !== 'string') return false;
  return gateHooks.reviewerAssigned(db, report.parameters.gateReview, userId);
}
