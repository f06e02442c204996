import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, hasRole } from '../access/actor.js';
import { EVERYTHING, type Scope } from '../access/scope.js';
import { Clock } from '../common/clock.js';
import { dateView } from '../common/roc.js';
import { organisationRef, type OrganisationRefDto } from '../common/views.js';
import { rowsOf, type SqlQuery } from '../database/sql-query.js';
import { UserRole } from '../users/user.entity.js';
import {
  ASSIGNMENTS, DUE_DATE_CHANGES, DUE_MILESTONES, type DueDateChangeRow, ORGANISATION_REFS, PENDING_REVIEWS, RELEASE_REQUESTS, RETURNED_SUBMISSIONS,
  type SubmissionRow, SUBMISSIONS_IN_STATUS,
} from './my-work.queries.js';
import type {
  AssignmentWorkItemDto, DueDateChangeWorkItemDto, MilestoneWorkItemDto, MyWorkCountsDto, MyWorkDto, OfficerWorkDto, ReleaseRequestWorkItemDto,
  ReturnedWorkItemDto, ReviewWorkItemDto, SecretariatWorkDto, SubmissionWorkItemDto, SupervisorWorkDto,
} from './my-work.views.js';

/** Items per group; the group's total says how many there are in all. */
const GROUP_LIMIT = 50;

/** Milestones due within this many days (and every overdue one) are listed. */
const DUE_SOON_DAYS = 14;

/** Decided due-date requests stay in the officer's list this long. */
const DECIDED_RECENTLY_DAYS = 30;

interface Group<T> {
  total: number;
  items: T[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function submissionItem(r: SubmissionRow): SubmissionWorkItemDto {
  return {
    id: r.id, status: r.status, version: r.version, period: r.period!, updatedAt: r.updated_at.toISOString(),
    subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
    milestone: r.m_code ? { code: r.m_code, deliverable: r.m_deliverable!, dueDate: dateView(r.m_due_date!) } : null,
  };
}

function dueDateChangeItem(r: DueDateChangeRow): DueDateChangeWorkItemDto {
  return {
    id: r.id, status: r.status, milestone: { code: r.m_code, deliverable: r.m_deliverable, dueDate: dateView(r.m_due_date) },
    subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
    previousDueDate: dateView(r.previous_due_date), proposedDueDate: dateView(r.proposed_due_date), reason: r.reason,
    requestedBy: r.requested_by, requestedAt: r.requested_at.toISOString(), decidedBy: r.decided_by, decidedAt: iso(r.decided_at), decisionReason: r.decision_reason,
  };
}

/**
 * 我的待辦: per role, what the caller must act on. Ministry groups read the caller's organisation
 * and its units (what they lead); the secretariat's read everything. Every query takes its scope.
 */
@Injectable()
export class MyWorkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async forActor(actor: Actor): Promise<MyWorkDto> {
    const today = this.clock.today();
    // A ministry user acts for their own organisations even if they held another role too.
    const ministry: Scope = { all: false, organisationIds: actor.organisationIds };
    const [actingFor, officer, supervisor, secretariat] = await Promise.all([
      this.organisations(actor.organisationIds),
      hasRole(actor, UserRole.MinistryOfficer) ? this.officerWork(ministry, today) : null,
      hasRole(actor, UserRole.MinistrySupervisor) ? this.supervisorWork(ministry) : null,
      hasRole(actor, UserRole.Coordinator, UserRole.Admin) ? this.secretariatWork(EVERYTHING, today) : null,
    ]);
    const counts: MyWorkCountsDto = {
      total: 0,
      assignments: officer?.assignments.total ?? 0,
      drafts: officer?.drafts.total ?? 0,
      returned: officer?.returned.total ?? 0,
      milestones: officer?.milestones.total ?? 0,
      dueDateChanges: officer?.dueDateChanges.total ?? 0,
      awaitingApproval: supervisor?.awaitingApproval.total ?? 0,
      pendingReviews: secretariat?.pendingReviews.total ?? 0,
      pendingDueDateChanges: secretariat?.dueDateChanges.total ?? 0,
      releaseRequests: secretariat?.releaseRequests.total ?? 0,
    };
    counts.total = counts.assignments + counts.drafts + counts.returned + counts.milestones + counts.awaitingApproval
      + counts.pendingReviews + counts.pendingDueDateChanges + counts.releaseRequests;
    return { asOf: today, actingFor, counts, officer, supervisor, secretariat };
  }

  private async officerWork(scope: Scope, today: string): Promise<OfficerWorkDto> {
    const [assignments, drafts, returned, milestones, dueDateChanges] = await Promise.all([
      this.assignments(scope),
      this.submissions(scope, 'draft'),
      this.returned(scope),
      this.milestones(scope, today),
      this.dueDateChanges(scope, { pendingOnly: false }),
    ]);
    return { assignments, drafts, returned, milestones, dueDateChanges };
  }

  private async supervisorWork(scope: Scope): Promise<SupervisorWorkDto> {
    return { awaitingApproval: await this.submissions(scope, 'awaiting_supervisor') };
  }

  private async secretariatWork(scope: Scope, today: string): Promise<SecretariatWorkDto> {
    const [pendingReviews, dueDateChanges, releaseRequests] = await Promise.all([
      this.pendingReviews(scope, today),
      this.dueDateChanges(scope, { pendingOnly: true }),
      this.releaseRequests(scope),
    ]);
    return { pendingReviews, dueDateChanges, releaseRequests };
  }

  /** Runs a group's query: LIMIT the page, count(*) OVER () the whole (window functions see every row before LIMIT). */
  private async group<R extends { total: number }, T>(query: SqlQuery<R>, map: (r: R) => T): Promise<Group<T>> {
    const rows = await rowsOf(this.dataSource, query);
    return { total: rows[0]?.total ?? 0, items: rows.map(map) };
  }

  private organisations(ids: readonly string[]): Promise<OrganisationRefDto[]> {
    return ids.length === 0 ? Promise.resolve([]) : rowsOf(this.dataSource, ORGANISATION_REFS, [ids]);
  }

  private assignments(scope: Scope): Promise<Group<AssignmentWorkItemDto>> {
    return this.group(ASSIGNMENTS({ scope, limit: GROUP_LIMIT }), (r) => ({
      code: r.code, name: r.name, lead: organisationRef(r.lead_code, r.lead_name), programme: { code: r.programme_code, name: r.programme_name },
      assignedAt: iso(r.assigned_at),
    }));
  }

  private submissions(scope: Scope, status: 'draft' | 'awaiting_supervisor'): Promise<Group<SubmissionWorkItemDto>> {
    return this.group(SUBMISSIONS_IN_STATUS({ scope, status, limit: GROUP_LIMIT }), submissionItem);
  }

  private returned(scope: Scope): Promise<Group<ReturnedWorkItemDto>> {
    return this.group(RETURNED_SUBMISSIONS({ scope, limit: GROUP_LIMIT }), (r) => ({
      ...submissionItem(r),
      returnComment: r.return_at ? { comment: r.return_comment ?? '', by: r.return_by, at: r.return_at.toISOString() } : null,
    }));
  }

  private milestones(scope: Scope, today: string): Promise<Group<MilestoneWorkItemDto>> {
    return this.group(DUE_MILESTONES({ scope, today, dueSoonDays: DUE_SOON_DAYS, limit: GROUP_LIMIT }), (r) => ({
      code: r.code, deliverable: r.deliverable, dueDate: dateView(r.due_date), daysLeft: r.days_left, overdue: r.days_left < 0,
      subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
      submission: r.submission_id ? { id: r.submission_id, status: r.submission_status! } : null,
      pendingChangeRequestId: r.pending_change_request_id,
    }));
  }

  /** Pending requests (oldest first), and unless pendingOnly those decided in the last 30 days (newest first). */
  private dueDateChanges(scope: Scope, o: { pendingOnly: boolean }): Promise<Group<DueDateChangeWorkItemDto>> {
    const decidedSince = o.pendingOnly ? undefined : new Date(this.clock.now().getTime() - DECIDED_RECENTLY_DAYS * 86_400_000);
    return this.group(DUE_DATE_CHANGES({ scope, decidedSince, limit: GROUP_LIMIT }), dueDateChangeItem);
  }

  private pendingReviews(scope: Scope, today: string): Promise<Group<ReviewWorkItemDto>> {
    return this.group(PENDING_REVIEWS({ scope, today, limit: GROUP_LIMIT }), (r) => ({ ...submissionItem(r), submittedAt: iso(r.submitted_at), daysWaiting: r.days_waiting }));
  }

  private releaseRequests(scope: Scope): Promise<Group<ReleaseRequestWorkItemDto>> {
    return this.group(RELEASE_REQUESTS({ scope, limit: GROUP_LIMIT }), (r) => ({
      code: r.code, text: r.text, organisation: { code: r.org_code, name: r.org_name }, version: r.version,
      requestedAt: iso(r.requested_at), latestFollowUp: r.latest_follow_up,
    }));
  }
}
