import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { taipeiDate } from '../common/clock.js';
import { rowOf, rowsOf, type SqlQuery } from '../database/sql-query.js';
import type { OutboxEvent } from '../outbox/outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from '../outbox/outbox-subscriber.js';
import { Audience, EVENT_ROUTES, type EventRoute, ROUTED_TOPICS } from './event-routes.js';
import { NotificationLedger, notificationKey } from './ledger.js';
import { ASSIGNER, GATE_REVIEWERS, SECRETARIAT, STAFF_OF, SUB_PROJECT_LEAD, SUBMISSION_AUTHOR } from './notifications.queries.js';

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Workflow events into the notification ledger, as EVENT_ROUTES says. The ledger key is built from
 * the outbox event id, the kind and the recipient, so the events job running twice (a retry, two
 * workers) records nothing new, and the send job sends each row once. The ledger row keeps the
 * event's payload: the email says what the event carried (a return comment as it was then).
 */
@Injectable()
@SubscribesToOutbox(ROUTED_TOPICS)
export class EventNotifications implements OutboxSubscriber {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    const route = EVENT_ROUTES[event.topic as keyof typeof EVENT_ROUTES];
    if (!route) return;
    const organisationId = await this.organisationOf(event, route);
    const recipients = new Set<string>();
    for (const audience of route.tell) for (const id of await this.members(audience, event, organisationId)) recipients.add(id);
    if (event.actorUserId) recipients.delete(event.actorUserId);
    const day = taipeiDate(event.createdAt);
    const payload = { outboxEventId: event.id, ...(organisationId ? { organisationId } : {}), event: event.payload };
    await this.ledger.record(
      [...recipients].sort().map((userId) => ({
        key: notificationKey.event(route.kind, event.id, userId),
        kind: route.kind,
        critical: false,
        recipientUserId: userId,
        subjectType: route.subjectType,
        subjectId: event.aggregateId,
        day,
        payload,
      })),
    );
  }

  /** The organisation whose staff are told: named in the payload, or the lead of the event's sub-project. */
  private async organisationOf(event: OutboxEvent, route: EventRoute): Promise<string | null> {
    if (route.organisation === 'payload') return str(event.payload.organisationId);
    const subProjectId = str(event.payload.subProjectId);
    if (!subProjectId) return null;
    const row = await rowOf(this.dataSource, SUB_PROJECT_LEAD, [subProjectId]);
    return row?.lead_organisation_id ?? null;
  }

  private async members(audience: Audience, event: OutboxEvent, organisationId: string | null): Promise<string[]> {
    const ids = async (query: SqlQuery<{ id: string | null }>, params: unknown[]) => (await rowsOf(this.dataSource, query, params)).flatMap((r) => (r.id ? [r.id] : []));
    const staff = async (organisations: string[], role: string) => {
      const found: string[] = [];
      for (const o of organisations) found.push(...(await ids(STAFF_OF(role), [o])));
      return found;
    };
    const secretariat = () => ids(SECRETARIAT, []);
    switch (audience) {
      case Audience.Officers:
        return staff(organisationId ? [organisationId] : [], 'ministry_officer');
      case Audience.Supervisors:
        return staff(organisationId ? [organisationId] : [], 'ministry_supervisor');
      case Audience.CoOrganiserOfficers: {
        const coOrganisers = event.payload.coOrganiserIds;
        return staff(Array.isArray(coOrganisers) ? coOrganisers.filter((c): c is string => typeof c === 'string') : [], 'ministry_officer');
      }
      case Audience.Secretariat:
        return secretariat();
      case Audience.Author:
        return ids(SUBMISSION_AUTHOR, [str(event.payload.submissionId)]);
      case Audience.Assigner: {
        const assignment = await rowOf(this.dataSource, ASSIGNER, [str(event.payload.assignmentId)]);
        // An assignment loaded with the plan has no assigner: the secretariat hears instead.
        return assignment?.assigned_by ? [assignment.assigned_by] : secretariat();
      }
      case Audience.Reviewers:
        return ids(GATE_REVIEWERS, [event.aggregateId]);
    }
  }
}
