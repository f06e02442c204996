import { OUTBOX_TOPICS, type OutboxTopic } from './topics.js';
import type { OutboxSubscriber } from './outbox-subscriber.js';

export class OutboxSubscriberRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Outbox topics are not all subscribed to:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'OutboxSubscriberRegistryError';
  }
}

/**
 * The subscribers of every outbox topic, or the error naming each topic nobody follows (its rows
 * would become jobs that do nothing) and each subscription to a topic not in the registry.
 */
export function buildSubscriberRegistry(
  found: { topics: readonly string[]; subscriber: OutboxSubscriber; className: string }[],
): Map<OutboxTopic, OutboxSubscriber[]> {
  const problems: string[] = [];
  const registry = new Map<OutboxTopic, OutboxSubscriber[]>();
  for (const topic of OUTBOX_TOPICS) {
    const subscribers = found.filter((f) => f.topics.includes(topic)).map((f) => f.subscriber);
    if (subscribers.length === 0) problems.push(`${topic}: no subscriber (decorate a worker provider with @SubscribesToOutbox([OutboxTopic...]), or remove the topic)`);
    else registry.set(topic, subscribers);
  }
  for (const f of found) {
    for (const topic of f.topics) if (!(OUTBOX_TOPICS as readonly string[]).includes(topic)) problems.push(`${f.className}: subscribes to unknown topic "${topic}"`);
  }
  if (problems.length) throw new OutboxSubscriberRegistryError(problems);
  return registry;
}
