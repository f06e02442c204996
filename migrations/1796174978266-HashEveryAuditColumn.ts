import { MigrationInterface, QueryRunner } from "typeorm";

const CONTENT_V1 = `jsonb_build_array(a.id, seq, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    a.actor_user_id, a.actor_organisation_id, a.action, a.entity_type, a.entity_id, a.before, a.after, a.request_id)`;

/**
 * The audit hash covers columns added to audit_event after the chain began too (client_request_id,
 * and any later one): whatever is not null beyond the first eleven is appended to the content. A row
 * where all of them are null hashes as before, so the rows already chained stay valid.
 */
export class HashEveryAuditColumn1796174978266 implements MigrationInterface {
    name = 'HashEveryAuditColumn1796174978266'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION audit_event_content(a audit_event, seq bigint) RETURNS text LANGUAGE sql STABLE AS $$
                SELECT CASE WHEN extra = '{}'::jsonb THEN ${CONTENT_V1}::text ELSE (${CONTENT_V1} || jsonb_build_array(extra))::text END
                  FROM (SELECT jsonb_strip_nulls(to_jsonb(a)) - ARRAY['id', 'at', 'actor_user_id', 'actor_organisation_id', 'action', 'entity_type',
                               'entity_id', 'before', 'after', 'request_id', 'chain_seq', 'prev_hash', 'hash'] AS extra) x
            $$
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION audit_event_content(a audit_event, seq bigint) RETURNS text LANGUAGE sql STABLE AS $$
                SELECT ${CONTENT_V1}::text
            $$
        `);
    }

}
