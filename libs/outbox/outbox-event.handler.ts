import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';
import { OutboxEvent } from './outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from './outbox-subscriber.js';
import { buildSubscriberRegistry } from './subscriber-registry.js';
import type { OutboxTopic } from './topics.js';

/**
 * The events job: loads the relayed row and hands it to the subscribers of its topic. The worker
 * refuses to start while a registered topic has no subscriber.
 */
@Injectable()
@HandlesJob(JobName.OutboxEvent)
export class OutboxEventHandler implements JobHandler<JobName.OutboxEvent>, OnApplicationBootstrap {
  private subscribers = new Map<OutboxTopic, OutboxSubscriber[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.subscribers = buildSubscriberRegistry(
      this.discovery.getProviders({ metadataKey: SubscribesToOutbox.KEY }).map((wrapper) => ({
        topics: this.discovery.getMetadataByDecorator(SubscribesToOutbox, wrapper) ?? [],
        subscriber: wrapper.instance as OutboxSubscriber,
        className: wrapper.metatype?.name ?? String(wrapper.token),
      })),
    );
  }

  async handle(data: JobPayload<JobName.OutboxEvent>): Promise<void> {
    const subscribers = this.subscribers.get(data.topic) ?? []; // a topic since removed: nothing left to do
    if (subscribers.length === 0) return;
    const event = await this.dataSource.getRepository(OutboxEvent).findOneBy({ id: data.outboxEventId });
    if (!event) return; // pruned: nothing left to do
    for (const subscriber of subscribers) await subscriber.handle(event);
  }
}
