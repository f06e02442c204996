import { defineQuery, defineQueryBuilder, defineStatement } from '../database/sql-query.js';

/**
 * Every SQL statement of the audit trail, each with the columns it returns (checked against the migrated
 * schema by test/sql-queries.int-spec.ts).
 */

/**
 * $1 actor user id, $2 actor organisation id, $3 action, $4 entity type, $5 entity id, $6 before (JSON text),
 * $7 after (JSON text), $8 request id, $9 client request id, $10 acting user id (a delegate acting for $1, or null)
 */
export const INSERT_AUDIT_EVENT = defineStatement(
  'audit.insert-event',
  `INSERT INTO audit_event (actor_user_id, actor_organisation_id, action, entity_type, entity_id, before, after, request_id, client_request_id,
                            acting_user_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
);

export interface ChainHeadRow { last_seq: string; last_hash: string }

/** The chain head. */
export const CHAIN_HEAD = defineQuery<ChainHeadRow>(
  'audit.chain-head',
  `SELECT last_seq::text, last_hash FROM audit_chain_head WHERE id = 1`,
  { last_seq: true, last_hash: true },
);

/** The first row written with the sealing trigger switched off. */
export const FIRST_UNSEALED = defineQuery<{ id: string }>(
  'audit.first-unsealed',
  `SELECT id::text FROM audit_event WHERE hash IS NULL OR chain_seq IS NULL ORDER BY id LIMIT 1`,
  { id: true },
);

export interface ChainRow { id: string; chain_seq: string; prev_hash: string; hash: string; content: string }

/** A batch of the chain in order. `batch` is the row limit (a number written into the text); $1 after this chain_seq, $2 up to this one */
export const CHAIN_BATCH = defineQueryBuilder<ChainRow, [batch: number]>(
  'audit.chain-batch',
  (batch) => `SELECT a.id::text, a.chain_seq::text, a.prev_hash, a.hash, audit_event_content(a, a.chain_seq) AS content
         FROM audit_event a WHERE a.chain_seq > $1 AND a.chain_seq <= $2 ORDER BY a.chain_seq LIMIT ${batch}`,
  { id: true, chain_seq: true, prev_hash: true, hash: true, content: true },
  [[2000]],
);

/** The first row beyond the chain head. $1 the head's last_seq */
export const FIRST_BEYOND_HEAD = defineQuery<{ id: string; chain_seq: string }>(
  'audit.first-beyond-head',
  `SELECT id::text, chain_seq::text FROM audit_event WHERE chain_seq > $1 AND NOT EXISTS (SELECT 1 FROM audit_chain_head WHERE last_seq >= audit_event.chain_seq) ORDER BY chain_seq LIMIT 1`,
  { id: true, chain_seq: true },
);

/**
 * The condition of ENTITY_HISTORY keeping, for the secretariat, the events up to the revision it received.
 * $3 that revision
 */
export const EVENTS_UP_TO_REVISION = `CASE WHEN a.action = 'submission.add_evidence'
                   THEN EXISTS (SELECT 1 FROM submission_revision r WHERE r.submission_id = a.entity_id AND r.revision <= $3
                                   AND r.content->'evidence' ? (a.after->>'evidenceId'))
                   ELSE COALESCE((a.after->>'revision')::int, 0) <= $3 END`;

export interface AuditEventRow {
  id: string; at: Date; action: string; entityType: string; entityId: string;
  actor: { userId: string; email: string; displayName: string } | null;
  actingUser: { userId: string; email: string; displayName: string } | null;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null; requestId: string | null;
}

/**
 * The history of one entity. `where` is an SQL condition on audit_event `a` written by the caller (its own
 * placeholders from $3). $1 entity type, $2 entity id
 */
export const ENTITY_HISTORY = defineQueryBuilder<AuditEventRow, [where: string]>(
  'audit.entity-history',
  (where) => `SELECT a.id::text AS id, a.at, a.action, a.entity_type AS "entityType", a.entity_id AS "entityId",
              CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('userId', u.id, 'email', u.email, 'displayName', u.display_name) END AS actor,
              CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('userId', d.id, 'email', d.email, 'displayName', d.display_name) END AS "actingUser",
              a.before, a.after, a.request_id AS "requestId"
         FROM audit_event a LEFT JOIN app_user u ON u.id = a.actor_user_id LEFT JOIN app_user d ON d.id = a.acting_user_id
        WHERE a.entity_type = $1 AND a.entity_id = $2 AND (${where})
        ORDER BY a.at, a.id`,
  { id: true, at: true, action: true, entityType: true, entityId: true, actor: true, actingUser: true, before: true, after: true, requestId: true },
  [['TRUE'], [EVENTS_UP_TO_REVISION]],
);

export interface SubmissionVisibilityRow { approved_revision: number | null; lead_id: string | null; co_organiser_ids: string[] }

/** What decides who may read a submission's history. $1 submission id */
export const SUBMISSION_VISIBILITY = defineQuery<SubmissionVisibilityRow>(
  'audit.submission-visibility',
  `SELECT (SELECT max(r.revision) FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'approve') AS approved_revision,
              sp.lead_organisation_id AS lead_id,
              COALESCE((SELECT array_agg(c.organisation_id) FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id), '{}') AS co_organiser_ids
         FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id WHERE s.id = $1`,
  { approved_revision: true, lead_id: true, co_organiser_ids: true },
);

/** Who may read a delegation's history: its two people and its organisation. $1 delegation id */
export const DELEGATION_VISIBILITY = defineQuery<{ delegator_user_id: string; delegate_user_id: string; organisation_id: string | null }>(
  'audit.delegation-visibility',
  `SELECT delegator_user_id, delegate_user_id, organisation_id FROM delegation WHERE id = $1`,
  { delegator_user_id: true, delegate_user_id: true, organisation_id: true },
);

/** Whether the connection's role is a superuser or can act as audit_event's owner (and so switch off its protection). */
export const AUDIT_PROTECTION = defineQuery<{ role: string; can_disable: boolean }>(
  'audit.protection',
  `SELECT current_user AS role, r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE') AS can_disable
       FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit_event'::regclass`,
  { role: true, can_disable: true },
);
