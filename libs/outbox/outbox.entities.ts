import { OutboxEvent } from './outbox-event.entity.js';

/** This feature's entities, for libs/database/entities.ts. */
export const OUTBOX_ENTITIES = [OutboxEvent];
