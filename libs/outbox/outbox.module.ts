import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OutboxEventHandler } from './outbox-event.handler.js';
import { OutboxRelay } from './outbox-relay.js';

/** Worker side of the outbox: the relay to Redis and the events job. */
@Module({ imports: [DiscoveryModule], providers: [OutboxRelay, OutboxEventHandler], exports: [OutboxRelay] })
export class OutboxModule {}
