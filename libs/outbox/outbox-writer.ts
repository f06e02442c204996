import type { DbHandle } from '../database/db-handle.js';
import { execute } from '../database/sql-query.js';
import { INSERT_OUTBOX_EVENT } from './outbox.queries.js';
import { OUTBOX_AGGREGATE, type OutboxPayload, type OutboxTopic } from './topics.js';

/**
 * Records an outbox row in the caller's transaction: it commits with the step or not at all. The
 * aggregate comes from the topic's registry entry; `actorUserId` is who took the step (the
 * notifications leave them out of their own step's emails).
 */
export async function writeOutbox<T extends OutboxTopic>(db: DbHandle, actorUserId: string | null, topic: T, payload: OutboxPayload<T>): Promise<void> {
  const aggregate = OUTBOX_AGGREGATE[topic] as { type: string; id: (p: OutboxPayload<T>) => string };
  await execute(db, INSERT_OUTBOX_EVENT, [
    topic, aggregate.type, aggregate.id(payload), JSON.stringify(payload), actorUserId,
  ]);
}
