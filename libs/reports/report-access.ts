import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { type Actor, hasRole } from '../access/actor.js';
import type { DbHandle } from '../database/db-handle.js';
import { UserRole } from '../users/user.entity.js';
import { REPORT_KINDS, type ReportSubject } from './report-kinds.js';
import type { ReportKind } from './report.entity.js';

/**
 * Who may request and read which report:
 * - coordinators, admins and viewers: every report;
 * - ministry users: reports about one sub-project their organisation (or a unit under it) leads or
 *   co-organises; never a programme-wide one (programme status, budget, a meeting's resolutions
 *   cover every ministry — as scheduled programme reports go only to those who see everything);
 * - reviewers: reports on a subject whose owner says they are assigned to it (gate packets: the
 *   gate reviews they review), through the ReportSubjectAccess that owner registers.
 */
const READS_EVERY_REPORT: readonly UserRole[] = [UserRole.Admin, UserRole.Coordinator, UserRole.Viewer];
export const MINISTRY: readonly UserRole[] = [UserRole.MinistryOfficer, UserRole.MinistrySupervisor];

export const PROGRAMME_WIDE_KINDS = (Object.keys(REPORT_KINDS) as ReportKind[]).filter((k) => REPORT_KINDS[k].programmeWide);

export function readsEveryReport(actor: Actor): boolean {
  return hasRole(actor, ...READS_EVERY_REPORT);
}

/**
 * What the feature that owns a report subject (named by id, not code) tells reports about it. Reports
 * knows no other feature's tables: the owner provides one of these, marked `@ReportSubjectAccessFor(subject)`
 * (libs/gates does for 'gateReview').
 */
export interface ReportSubjectAccess {
  /** The sub-project and programme the subject is about, or null when there is no such one. */
  subjectOf(db: DbHandle, id: string): Promise<{ subProjectId: string; programmeId: string } | null>;
  /** Whether a reviewer is assigned to the subject, and so reads its reports. */
  reviewerAssigned(db: DbHandle, id: string, userId: string): Promise<boolean>;
  /** SQL keeping the reports (alias `alias`) on a subject the reviewer is assigned to (`param` binds a value, returns its placeholder). */
  reviewerReportsSql(userId: string, param: (value: unknown) => string, alias: string): string;
}

/** Marks the provider of a subject's ReportSubjectAccess. */
export const ReportSubjectAccessFor = DiscoveryService.createDecorator<ReportSubject>();

/** The registered ReportSubjectAccess providers, found at bootstrap; a subject without one is nobody's to review. */
@Injectable()
export class ReportSubjects implements OnApplicationBootstrap {
  private readonly bySubject = new Map<ReportSubject, ReportSubjectAccess>();

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: ReportSubjectAccessFor.KEY })) {
      const subject = this.discovery.getMetadataByDecorator(ReportSubjectAccessFor, wrapper);
      if (!subject || !wrapper.instance) continue;
      if (this.bySubject.has(subject)) throw new Error(`report subject ${subject} has two access providers: ${this.bySubject.get(subject)!.constructor.name} and ${wrapper.name}`);
      this.bySubject.set(subject, wrapper.instance as ReportSubjectAccess);
    }
  }

  /** The subject's owner, or null when none is registered in this process. */
  of(subject: ReportSubject): ReportSubjectAccess | null {
    return this.bySubject.get(subject) ?? null;
  }

  /** Whether a reviewer may read a report: its kind's subject is one they are assigned to. */
  async reviewerCanRead(db: DbHandle, report: { kind: string; parameters: Record<string, unknown> }, userId: string): Promise<boolean> {
    const subject = REPORT_KINDS[report.kind as ReportKind]?.subject;
    const access = subject ? this.of(subject) : null;
    const id = subject ? report.parameters[subject] : undefined;
    return access !== null && typeof id === 'string' && access.reviewerAssigned(db, id, userId);
  }

  /** SQL keeping the reports (alias `alias`) a reviewer may read; FALSE when no subject is reviewed. */
  reviewerReportsSql(userId: string, param: (value: unknown) => string, alias = 'r'): string {
    const parts = [...this.bySubject.values()].map((access) => access.reviewerReportsSql(userId, param, alias));
    return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
  }
}
