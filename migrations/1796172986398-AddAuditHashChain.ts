import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Tamper-evident audit trail: every audit_event row carries chain_seq, prev_hash and hash, where
 * hash = sha256(prev_hash || audit_event_content(row)). The chain is sealed at commit by a deferred
 * trigger that holds the one audit_chain_head row locked until the transaction ends, so writers
 * line up at commit (after all their other row locks: no deadlock) and the chain never forks.
 */
export class AddAuditHashChain1796172986398 implements MigrationInterface {
    name = 'AddAuditHashChain1796172986398'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "audit_event" ADD "chain_seq" bigint`);
        await queryRunner.query(`ALTER TABLE "audit_event" ADD "prev_hash" character(64)`);
        await queryRunner.query(`ALTER TABLE "audit_event" ADD "hash" character(64)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_event_chain_seq" ON "audit_event" ("chain_seq")`);
        await queryRunner.query(`
            CREATE TABLE "audit_chain_head" (
                "id" smallint PRIMARY KEY CHECK ("id" = 1),
                "last_seq" bigint NOT NULL,
                "last_hash" character(64) NOT NULL
            )
        `);
        await queryRunner.query(`INSERT INTO "audit_chain_head" VALUES (1, 0, repeat('0', 64))`);
        // What the hash covers: every column as written, in a fixed text form (jsonb's text is canonical; time in UTC).
        await queryRunner.query(`
            CREATE FUNCTION audit_event_content(a audit_event, seq bigint) RETURNS text LANGUAGE sql STABLE AS $$
                SELECT jsonb_build_array(a.id, seq, to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                    a.actor_user_id, a.actor_organisation_id, a.action, a.entity_type, a.entity_id, a.before, a.after, a.request_id)::text
            $$
        `);
        // Owned by the migration role and run with its rights: the application's role needs no UPDATE anywhere for it.
        await queryRunner.query(`
            CREATE FUNCTION audit_event_seal() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            DECLARE
                head audit_chain_head;
                sealed char(64);
            BEGIN
                SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
                sealed := encode(sha256(convert_to(head.last_hash || audit_event_content(NEW, head.last_seq + 1), 'UTF8')), 'hex');
                PERFORM set_config('guankao.audit_sealing', 'on', true);
                UPDATE audit_event SET chain_seq = head.last_seq + 1, prev_hash = head.last_hash, hash = sealed WHERE id = NEW.id;
                PERFORM set_config('guankao.audit_sealing', 'off', true);
                UPDATE audit_chain_head SET last_seq = head.last_seq + 1, last_hash = sealed WHERE id = 1;
                RETURN NULL;
            END $$
        `);
        // Still append-only: the one update allowed is the seal itself, once, changing nothing but the chain columns.
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND current_setting('guankao.audit_sealing', true) = 'on' AND OLD.hash IS NULL
                   AND (to_jsonb(OLD) - 'chain_seq' - 'prev_hash' - 'hash') = (to_jsonb(NEW) - 'chain_seq' - 'prev_hash' - 'hash') THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$
        `);
        // Existing rows: chained in id order (the order they were written in).
        await queryRunner.query(`
            DO $$
            DECLARE
                r audit_event;
                seq bigint := 0;
                prev char(64) := repeat('0', 64);
                sealed char(64);
            BEGIN
                PERFORM set_config('guankao.audit_sealing', 'on', true);
                FOR r IN SELECT * FROM audit_event ORDER BY id LOOP
                    seq := seq + 1;
                    sealed := encode(sha256(convert_to(prev || audit_event_content(r, seq), 'UTF8')), 'hex');
                    UPDATE audit_event SET chain_seq = seq, prev_hash = prev, hash = sealed WHERE id = r.id;
                    prev := sealed;
                END LOOP;
                PERFORM set_config('guankao.audit_sealing', 'off', true);
                UPDATE audit_chain_head SET last_seq = seq, last_hash = prev WHERE id = 1;
            END $$
        `);
        await queryRunner.query(`
            CREATE CONSTRAINT TRIGGER audit_event_seal AFTER INSERT ON "audit_event"
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_event_seal()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_event_seal ON "audit_event"`);
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$
        `);
        await queryRunner.query(`DROP FUNCTION audit_event_seal()`);
        await queryRunner.query(`DROP FUNCTION audit_event_content(audit_event, bigint)`);
        await queryRunner.query(`DROP TABLE "audit_chain_head"`);
        await queryRunner.query(`DROP INDEX "UQ_audit_event_chain_seq"`);
        await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "hash"`);
        await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "prev_hash"`);
        await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "chain_seq"`);
    }

}
