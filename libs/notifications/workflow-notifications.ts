import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { taipeiDate } from '../common/clock.js';
import type { OutboxEvent } from '../outbox/outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from '../outbox/outbox-subscriber.js';
import { UserRole } from '../users/user.entity.js';
import { NotificationLedger, notificationKey } from './ledger.js';
import { NotificationKind } from './notification.entity.js';
import { usersActingFor } from './recipients.js';

/**
 * Who hears of each workflow step: the topic (as the writers record it, with its payload of ids),
 * the notification kind, what the notification is about, and the roles told, acting for which
 * organisation. Stored topics: never rename without a migration plan.
 */
const ROUTES = {
  // libs/sub-projects/assignment.service.ts: { subProjectId, organisationId: the new lead, assignmentId }
  'sub_project.assigned': {
    kind: NotificationKind.SubProjectAssigned, subjectType: 'sub_project',
    roles: [UserRole.MinistryOfficer, UserRole.MinistrySupervisor], organisation: 'payload',
  },
  // libs/submissions/submissions.service.ts: { submissionId, subProjectId, milestoneId }
  'submission.awaiting_supervisor': {
    kind: NotificationKind.SubmissionAwaitingSupervisor, subjectType: 'submission', roles: [UserRole.MinistrySupervisor], organisation: 'lead',
  },
  'submission.submitted': { kind: NotificationKind.SubmissionSubmitted, subjectType: 'submission', roles: [UserRole.Coordinator], organisation: 'lead' },
  'submission.returned': { kind: NotificationKind.SubmissionReturned, subjectType: 'submission', roles: [UserRole.MinistryOfficer], organisation: 'lead' },
  // libs/meetings/resolutions.service.ts: { resolutionId, organisationId: the organisation asking }
  'resolution.release_requested': {
    kind: NotificationKind.ResolutionReleaseRequested, subjectType: 'resolution', roles: [UserRole.Coordinator], organisation: 'payload',
  },
} as const satisfies Record<string, { kind: NotificationKind; subjectType: string; roles: readonly UserRole[]; organisation: 'payload' | 'lead' }>;

type Topic = keyof typeof ROUTES;
export const WORKFLOW_NOTIFICATION_TOPICS = Object.keys(ROUTES) as Topic[];

/**
 * Turns workflow events into notifications in the ledger. The key is built from the outbox event
 * id, so the events job running twice for one event records nothing new (and queues any still
 * pending row again).
 */
@Injectable()
@SubscribesToOutbox(WORKFLOW_NOTIFICATION_TOPICS)
export class WorkflowNotifications implements OutboxSubscriber {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    const route = ROUTES[event.topic as Topic];
    if (!route) return;
    const organisationId = await this.organisationOf(event, route.organisation);
    if (!organisationId && !route.roles.every((r) => r === UserRole.Coordinator)) return; // no lead organisation: nobody to tell
    const recipients: { id: string }[] = await this.dataSource.query(
      `SELECT u.id FROM app_user u WHERE u.id IN ${usersActingFor('$1::uuid', '$2')} ORDER BY u.id`,
      [organisationId, route.roles],
    );
    const day = taipeiDate(event.createdAt);
    const payload = { outboxEventId: event.id, ...(organisationId ? { organisationId } : {}) };
    await this.ledger.record(
      recipients.map((r) => ({
        key: notificationKey.event(route.kind, event.id, r.id),
        kind: route.kind,
        critical: false,
        recipientUserId: r.id,
        subjectType: route.subjectType,
        subjectId: event.aggregateId,
        day,
        payload,
      })),
    );
  }

  /** The organisation whose staff act: named in the payload, or the lead of the event's sub-project. */
  private async organisationOf(event: OutboxEvent, from: 'payload' | 'lead'): Promise<string | null> {
    if (from === 'payload') return typeof event.payload.organisationId === 'string' ? event.payload.organisationId : null;
    const subProjectId = event.payload.subProjectId;
    if (typeof subProjectId !== 'string') return null;
    const [row]: { lead_organisation_id: string | null }[] = await this.dataSource.query(`SELECT lead_organisation_id FROM sub_project WHERE id = $1`, [subProjectId]);
    return row?.lead_organisation_id ?? null;
  }
}
