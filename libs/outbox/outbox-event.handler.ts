import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HandlesJob, type JobHandler, JobName, type JobPayload } from '../queue/index.js';
import { OutboxEvent } from './outbox-event.entity.js';
import { type OutboxSubscriber, SubscribesToOutbox } from './outbox-subscriber.js';

/** The events job: loads the relayed row and hands it to the subscribers of its topic (topics nobody follows are done). */
@Injectable()
@HandlesJob(JobName.OutboxEvent)
export class OutboxEventHandler implements JobHandler<JobName.OutboxEvent>, OnApplicationBootstrap {
  private readonly subscribers = new Map<string, OutboxSubscriber[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: SubscribesToOutbox.KEY })) {
      for (const topic of this.discovery.getMetadataByDecorator(SubscribesToOutbox, wrapper) ?? []) {
        this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), wrapper.instance as OutboxSubscriber]);
      }
    }
  }

  async handle(data: JobPayload<JobName.OutboxEvent>): Promise<void> {
    const subscribers = this.subscribers.get(data.topic) ?? [];
    if (subscribers.length === 0) return;
    const event = await this.dataSource.getRepository(OutboxEvent).findOneBy({ id: data.outboxEventId });
    if (!event) return; // pruned: nothing left to do
    for (const subscriber of subscribers) await subscriber.handle(event);
  }
}
