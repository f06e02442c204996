import { DiscoveryService } from '@nestjs/core';
import type { OutboxEvent } from './outbox-event.entity.js';
import type { OutboxTopic } from './topics.js';

/** Marks a provider that reacts to outbox topics; the events job hands each relayed row to every subscriber of its topic. */
export const SubscribesToOutbox = DiscoveryService.createDecorator<readonly OutboxTopic[]>();

export interface OutboxSubscriber {
  /** Runs again if the job is retried: be idempotent (key side effects on the event id). */
  handle(event: OutboxEvent): Promise<void>;
}
