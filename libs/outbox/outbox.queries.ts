import { defineQuery, defineStatement } from '../database/sql-query.js';
import type { OutboxTopic } from './topics.js';

/**
 * Every SQL statement of the outbox, each with the columns it returns (checked against the migrated schema by
 * test/sql-queries.int-spec.ts).
 */

/** $1 topic, $2 aggregate type, $3 aggregate id, $4 payload (JSON text), $5 actor user id */
export const INSERT_OUTBOX_EVENT = defineStatement(
  'outbox.insert-event',
  `INSERT INTO outbox_event (topic, aggregate_type, aggregate_id, payload, actor_user_id) VALUES ($1, $2, $3, $4, $5)`,
);

export interface UnpublishedRow { id: string; topic: OutboxTopic; aggregate_type: string; aggregate_id: string }

/** The oldest unpublished rows, claimed for the transaction (skipping rows another relay holds). $1 batch size */
export const CLAIM_UNPUBLISHED = defineQuery<UnpublishedRow>(
  'outbox.claim-unpublished',
  `SELECT id, topic, aggregate_type, aggregate_id FROM outbox_event
          WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
  { id: true, topic: true, aggregate_type: true, aggregate_id: true },
);

/** $1 the relayed rows' ids */
export const MARK_PUBLISHED = defineStatement(
  'outbox.mark-published',
  `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::bigint[])`,
);

/** Notes a failed relay on the oldest waiting rows. $1 batch size, $2 the error */
export const RECORD_RELAY_FAILURE = defineStatement(
  'outbox.record-relay-failure',
  `UPDATE outbox_event SET attempts = attempts + 1, last_error = $2
          WHERE id IN (SELECT id FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)`,
);
