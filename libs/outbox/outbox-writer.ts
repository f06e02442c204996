import type { DbHandle } from '../database/db-handle.js';
import { OUTBOX_AGGREGATE, type OutboxPayload, type OutboxTopic } from './topics.js';

/**
 * Records an outbox row in the caller's transaction: it commits with the step or not at all. The
 * aggregate comes from the topic's registry entry; `actorUserId` is who took the step (the
 * notifications leave them out of their own step's emails).
 */
export async function writeOutbox<T extends OutboxTopic>(db: DbHandle, actorUserId: string | null, topic: T, payload: OutboxPayload<T>): Promise<void> {
  const aggregate = OUTBOX_AGGREGATE[topic] as { type: string; id: (p: OutboxPayload<T>) => string };
  await db.query(`INSERT INTO outbox_event (topic, aggregate_type, aggregate_id, payload, actor_user_id) VALUES ($1, $2, $3, $4, $5)`, [
    topic, aggregate.type, aggregate.id(payload), JSON.stringify(payload), actorUserId,
  ]);
}
