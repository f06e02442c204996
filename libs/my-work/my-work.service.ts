import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type Actor, hasRole } from '../access/actor.js';
import { EVERYTHING, type Scope, subProjectInScope } from '../access/scope.js';
import { dateView } from '../common/roc.js';
import { organisationRef, type OrganisationRefDto } from '../common/views.js';
import { taipeiToday } from '../lights/period.js';
import { resolutionInScope } from '../meetings/resolution.query.js';
import { sqlParams } from '../common/sql-params.js';
import { userRefSql } from '../sub-projects/sub-project.rows.js';
import { UserRole } from '../users/user.entity.js';
import type {
  AssignmentWorkItemDto, DueDateChangeWorkItemDto, MilestoneWorkItemDto, MyWorkCountsDto, MyWorkDto, OfficerWorkDto, ReleaseRequestWorkItemDto,
  ReturnedWorkItemDto, ReviewWorkItemDto, SecretariatWorkDto, SubmissionWorkItemDto, SupervisorWorkDto,
} from './my-work.views.js';

/** Items per group; the group's total says how many there are in all. */
export const GROUP_LIMIT = 50;

/** Milestones due within this many days (and every overdue one) are listed. */
const DUE_SOON_DAYS = 14;

/** Decided due-date requests stay in the officer's list this long. */
const DECIDED_RECENTLY_DAYS = 30;

/** Sub-project statuses whose milestones are being reported on. */
const LIVE_STATUSES = ['acknowledged', 'active'];

interface Group<T> {
  total: number;
  items: T[];
}

type Row = Record<string, any> & { total: number };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Sub-projects (alias `sp`) the scope leads: only the lead organisation acts for a sub-project
 * (acknowledges, drafts, requests a new date), so co-organised ones are not its work.
 */
function ledWithin(scope: Scope, param: (value: unknown) => string): string {
  return scope.all ? 'TRUE' : `sp.lead_organisation_id = ANY(${param(scope.organisationIds)}::uuid[])`;
}

// Shared pieces of the submission groups' SQL.
const SUBMISSION_COLUMNS = `s.id, s.status::text AS status, s.version, s.period, s.updated_at,
  sp.code AS sp_code, sp.name AS sp_name, lo.code AS lead_code, lo.name AS lead_name,
  m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due_date`;
const SUBMISSION_FROM = `FROM submission s
  JOIN sub_project sp ON sp.id = s.sub_project_id
  LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
  LEFT JOIN milestone m ON m.id = s.milestone_id`;

/**
 * A group of submissions: the page is picked and counted on the narrow rows (alias s, sp) first, and only
 * the 50 shown are joined for display — joining every draft or submitted row first cost 0.5 s at 100,000
 * sub-projects. `sortAt` orders the group (oldest first) and comes back as sort_at.
 */
function pagedSubmissionsSql(o: { where: string; sortAt: string; limit: string; columns?: string; joins?: string }): string {
  return `WITH page AS (
      SELECT s.id, ${o.sortAt} AS sort_at, count(*) OVER ()::int AS total
        FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id
       WHERE ${o.where}
       ORDER BY sort_at, s.id
       LIMIT ${o.limit})
    SELECT ${SUBMISSION_COLUMNS}, page.sort_at, page.total${o.columns ?? ''}
      ${SUBMISSION_FROM}
      JOIN page ON page.id = s.id
      ${o.joins ?? ''}
     ORDER BY page.sort_at, s.id`;
}

function submissionItem(r: Row): SubmissionWorkItemDto {
  return {
    id: r.id, status: r.status, version: r.version, period: r.period, updatedAt: r.updated_at.toISOString(),
    subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
    milestone: r.m_code ? { code: r.m_code, deliverable: r.m_deliverable, dueDate: dateView(r.m_due_date) } : null,
  };
}

function dueDateChangeItem(r: Row): DueDateChangeWorkItemDto {
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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forActor(actor: Actor): Promise<MyWorkDto> {
    const today = await taipeiToday(this.dataSource);
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
  private async group<T>(sql: string, values: unknown[], map: (r: Row) => T): Promise<Group<T>> {
    const rows: Row[] = await this.dataSource.query(sql, values);
    return { total: rows[0]?.total ?? 0, items: rows.map(map) };
  }

  private organisations(ids: readonly string[]): Promise<OrganisationRefDto[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.dataSource.query('SELECT code, name FROM organisation WHERE id = ANY($1::uuid[]) ORDER BY code', [ids]);
  }

  private assignments(scope: Scope): Promise<Group<AssignmentWorkItemDto>> {
    const { values, param } = sqlParams();
    return this.group(
      `SELECT sp.code, sp.name, lo.code AS lead_code, lo.name AS lead_name, p.code AS programme_code, p.name AS programme_name,
              a.assigned_at, count(*) OVER ()::int AS total
         FROM sub_project sp
         JOIN programme p ON p.id = sp.programme_id
         LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
         LEFT JOIN sub_project_assignment a ON a.sub_project_id = sp.id AND a.ended_at IS NULL
        WHERE sp.status = 'assigned' AND ${ledWithin(scope, param)}
        ORDER BY a.assigned_at NULLS FIRST, sp.code
        LIMIT ${param(GROUP_LIMIT)}`,
      values,
      (r) => ({
        code: r.code, name: r.name, lead: organisationRef(r.lead_code, r.lead_name), programme: { code: r.programme_code, name: r.programme_name },
        assignedAt: iso(r.assigned_at),
      }),
    );
  }

  private submissions(scope: Scope, status: 'draft' | 'awaiting_supervisor'): Promise<Group<SubmissionWorkItemDto>> {
    const { values, param } = sqlParams();
    return this.group(
      pagedSubmissionsSql({ where: `s.status = ${param(status)} AND ${ledWithin(scope, param)}`, sortAt: 's.updated_at', limit: param(GROUP_LIMIT) }),
      values,
      submissionItem,
    );
  }

  private returned(scope: Scope): Promise<Group<ReturnedWorkItemDto>> {
    const { values, param } = sqlParams();
    return this.group(
      pagedSubmissionsSql({
        where: `s.status = 'returned' AND ${ledWithin(scope, param)}`,
        sortAt: 'COALESCE(s.decided_at, s.updated_at)',
        limit: param(GROUP_LIMIT),
        columns: `, rv.comment AS return_comment, rv.at AS return_at, ${userRefSql('rv.actor_user_id')} AS return_by`,
        joins: `LEFT JOIN LATERAL (SELECT r.comment, r.at, r.actor_user_id FROM submission_review r
                 WHERE r.submission_id = s.id AND r.action = 'return' ORDER BY r.at DESC, r.id DESC LIMIT 1) rv ON TRUE`,
      }),
      values,
      (r) => ({
        ...submissionItem(r),
        returnComment: r.return_at ? { comment: r.return_comment ?? '', by: r.return_by, at: r.return_at.toISOString() } : null,
      }),
    );
  }

  /**
   * The page of milestones is chosen and counted on the narrow rows first; the joins for the 50 shown
   * come after (joining every due milestone first cost a second on 100,000 sub-projects).
   */
  private milestones(scope: Scope, today: string): Promise<Group<MilestoneWorkItemDto>> {
    const { values, param } = sqlParams();
    const TODAY = `${param(today)}::date`;
    return this.group(
      `WITH page AS (
         SELECT m.id, m.code, m.deliverable, m.due_date, m.sub_project_id, count(*) OVER ()::int AS total
           FROM sub_project sp
           -- Per sub-project through (sub_project_id, due_date): the ministry's share, not every due milestone.
           CROSS JOIN LATERAL (SELECT m.id, m.code, m.deliverable, m.due_date, m.sub_project_id FROM milestone m
                                WHERE m.sub_project_id = sp.id AND m.status = 'pending' AND m.due_date <= ${TODAY} + ${param(DUE_SOON_DAYS)}::int
                               OFFSET 0) m
          WHERE sp.status = ANY(${param(LIVE_STATUSES)}::sub_project_status[]) AND ${ledWithin(scope, param)}
          ORDER BY m.due_date, m.code
          LIMIT ${param(GROUP_LIMIT)})
       SELECT m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, (m.due_date - ${TODAY})::int AS days_left,
              sp.code AS sp_code, sp.name AS sp_name, lo.code AS lead_code, lo.name AS lead_name,
              s.id AS submission_id, s.status::text AS submission_status,
              (SELECT r.id FROM due_date_change_request r WHERE r.milestone_id = m.id AND r.status = 'pending' LIMIT 1) AS pending_change_request_id,
              m.total
         FROM page m
         JOIN sub_project sp ON sp.id = m.sub_project_id
         LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
         LEFT JOIN submission s ON s.milestone_id = m.id
        ORDER BY m.due_date, m.code`,
      values,
      (r) => ({
        code: r.code, deliverable: r.deliverable, dueDate: dateView(r.due_date), daysLeft: r.days_left, overdue: r.days_left < 0,
        subProject: { code: r.sp_code, name: r.sp_name, lead: organisationRef(r.lead_code, r.lead_name) },
        submission: r.submission_id ? { id: r.submission_id, status: r.submission_status } : null,
        pendingChangeRequestId: r.pending_change_request_id,
      }),
    );
  }

  /** Pending requests (oldest first), and unless pendingOnly those decided in the last 30 days (newest first). */
  private dueDateChanges(scope: Scope, o: { pendingOnly: boolean }): Promise<Group<DueDateChangeWorkItemDto>> {
    const { values, param } = sqlParams();
    const which = o.pendingOnly
      ? `r.status = 'pending'`
      : `(r.status = 'pending' OR r.decided_at >= now() - make_interval(days => ${param(DECIDED_RECENTLY_DAYS)}))`;
    return this.group(
      `SELECT r.id, r.status::text AS status, to_char(r.previous_due_date, 'YYYY-MM-DD') AS previous_due_date,
              to_char(r.proposed_due_date, 'YYYY-MM-DD') AS proposed_due_date, r.reason, ${userRefSql('r.requested_by')} AS requested_by, r.requested_at,
              ${userRefSql('r.decided_by')} AS decided_by, r.decided_at, r.decision_reason,
              m.code AS m_code, m.deliverable AS m_deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS m_due_date,
              sp.code AS sp_code, sp.name AS sp_name, lo.code AS lead_code, lo.name AS lead_name,
              count(*) OVER ()::int AS total
         FROM due_date_change_request r
         JOIN milestone m ON m.id = r.milestone_id
         JOIN sub_project sp ON sp.id = m.sub_project_id
         LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id
        WHERE ${which} AND ${ledWithin(scope, param)}
        ORDER BY r.status <> 'pending', CASE WHEN r.status = 'pending' THEN r.requested_at END, r.decided_at DESC, r.id
        LIMIT ${param(GROUP_LIMIT)}`,
      values,
      dueDateChangeItem,
    );
  }

  private pendingReviews(scope: Scope, today: string): Promise<Group<ReviewWorkItemDto>> {
    const { values, param } = sqlParams();
    return this.group(
      pagedSubmissionsSql({
        where: `s.status = 'submitted' AND ${subProjectInScope(scope, param)}`,
        sortAt: 'COALESCE(s.submitted_at, s.updated_at)',
        limit: param(GROUP_LIMIT),
        columns: `, s.submitted_at, (${param(today)}::date - (page.sort_at AT TIME ZONE 'Asia/Taipei')::date)::int AS days_waiting`,
      }),
      values,
      (r) => ({ ...submissionItem(r), submittedAt: iso(r.submitted_at), daysWaiting: r.days_waiting }),
    );
  }

  private releaseRequests(scope: Scope): Promise<Group<ReleaseRequestWorkItemDto>> {
    const { values, param } = sqlParams();
    return this.group(
      `SELECT r.code, r.text, o.code AS org_code, o.name AS org_name, a.version,
              (SELECT max(d.at) FROM resolution_tracking_decision d
                WHERE d.resolution_id = a.resolution_id AND d.organisation_id = a.organisation_id AND d.decision = 'release_requested') AS requested_at,
              (SELECT f.text FROM resolution_follow_up f
                WHERE f.resolution_id = a.resolution_id AND f.organisation_id = a.organisation_id ORDER BY f.reported_on DESC, f.created_at DESC LIMIT 1) AS latest_follow_up,
              count(*) OVER ()::int AS total
         FROM resolution_assignment a
         JOIN resolution r ON r.id = a.resolution_id
         JOIN organisation o ON o.id = a.organisation_id
        WHERE a.status = 'release_requested' AND ${resolutionInScope(scope, param)}
        ORDER BY requested_at NULLS FIRST, r.code, o.code
        LIMIT ${param(GROUP_LIMIT)}`,
      values,
      (r) => ({
        code: r.code, text: r.text, organisation: { code: r.org_code, name: r.org_name }, version: r.version,
        requestedAt: iso(r.requested_at), latestFollowUp: r.latest_follow_up,
      }),
    );
  }
}
