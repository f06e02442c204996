import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { taipeiDate } from '../common/clock.js';
import { NotificationLedger, notificationKey } from '../notifications/ledger.js';
import { NotificationKind } from '../notifications/notification.entity.js';
import { usersActingFor } from '../notifications/recipients.js';
import type { OutboxEvent } from '../outbox/outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from '../outbox/outbox-subscriber.js';
import { GATE_TOPIC } from './gate-review.machine.js';

/** The officers and supervisors who act for an organisation (its own staff and those above it). */
export async function conditionOwnerStaff(db: Pick<DataSource, 'query'>, organisationId: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT u.id FROM app_user u WHERE u.id IN ${usersActingFor('$1::uuid', `ARRAY['ministry_officer', 'ministry_supervisor']`)} ORDER BY u.id`,
    [organisationId],
  );
  return rows.map((r) => r.id);
}

/**
 * Gate events into the ledger: each reviewer of a scheduled review (gate_review.assigned), and the
 * staff of a condition's owner organisation (gate_condition.assigned). Keys come from the outbox
 * event id, so the events job running twice records nothing new. Recipients are read from the
 * database, not the payload, so a retry sees the review as it stands.
 */
@Injectable()
@SubscribesToOutbox([GATE_TOPIC.scheduled, GATE_TOPIC.conditionAssigned])
export class GateNotifications implements OutboxSubscriber {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
  ) {}

  async handle(event: OutboxEvent): Promise<void> {
    const day = taipeiDate(event.createdAt);
    if (event.topic === GATE_TOPIC.scheduled) {
      const reviewers: { user_id: string }[] = await this.dataSource.query(`SELECT user_id FROM gate_reviewer WHERE review_id = $1 ORDER BY user_id`, [event.aggregateId]);
      await this.ledger.record(
        reviewers.map((r) => ({
          key: notificationKey.event(NotificationKind.GateReviewAssigned, event.id, r.user_id), kind: NotificationKind.GateReviewAssigned, critical: false,
          recipientUserId: r.user_id, subjectType: 'gate_review', subjectId: event.aggregateId, day, payload: { outboxEventId: event.id },
        })),
      );
      return;
    }
    const [condition]: { owner_organisation_id: string }[] = await this.dataSource.query(`SELECT owner_organisation_id FROM gate_condition WHERE id = $1`, [event.aggregateId]);
    if (!condition) return;
    const staff = await conditionOwnerStaff(this.dataSource, condition.owner_organisation_id);
    await this.ledger.record(
      staff.map((userId) => ({
        key: notificationKey.event(NotificationKind.GateConditionAssigned, event.id, userId), kind: NotificationKind.GateConditionAssigned, critical: false,
        recipientUserId: userId, subjectType: 'gate_condition', subjectId: event.aggregateId, day,
        payload: { outboxEventId: event.id, organisationId: condition.owner_organisation_id },
      })),
    );
  }
}
