import type { MigrationInterface, QueryRunner } from "typeorm";

/** Sign-in sessions, audit trail, outbox, assignment history, due-date changes, submissions, lights, resolution tracking. */

export class AddOversightWorkflows1795314592772 implements MigrationInterface {
    name = 'AddOversightWorkflows1795314592772'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "audit_event" (
                "id" BIGSERIAL NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_user_id" uuid,
                "actor_organisation_id" uuid,
                "action" character varying(64) NOT NULL,
                "entity_type" character varying(64) NOT NULL,
                "entity_id" uuid NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "request_id" text,
                CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7a2d6b21c108b71bb75a793a2f" ON "audit_event" ("actor_user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ff601d74280b2a387ae6963719" ON "audit_event" ("entity_type", "entity_id", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "user_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "access_token_hash" character(64) NOT NULL,
                "access_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "refresh_token_hash" character(64) NOT NULL,
                "refresh_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "revoked_reason" text,
                "ip" text,
                "user_agent" text,
                CONSTRAINT "PK_adf3b49590842ac3cf54cac451a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_13275383dcdf095ee29f2b3455" ON "user_session" ("user_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_97426118d02020e684a5415457" ON "user_session" ("access_token_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "login_attempt" (
                "id" BIGSERIAL NOT NULL,
                "email" character varying(254) NOT NULL,
                "user_id" uuid,
                "ip" text,
                "succeeded" boolean NOT NULL,
                "reason" text,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_72829cd4f7424e3cdfd46c476c0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b72521176549924e0f1f34bd7f" ON "login_attempt" ("ip", "at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5bc9893d094778365c11b6b1e0" ON "login_attempt" ("email", "at")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."light_colour" AS ENUM('green', 'yellow', 'red', 'white')
        `);
        await queryRunner.query(`
            CREATE TABLE "status_light" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "sub_project_id" uuid NOT NULL,
                "period" character varying(7) NOT NULL,
                "computed_colour" "public"."light_colour" NOT NULL,
                "reasons" jsonb NOT NULL DEFAULT '[]',
                "inputs" jsonb NOT NULL DEFAULT '{}',
                "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "override_colour" "public"."light_colour",
                "override_justification" text,
                "overridden_by" uuid,
                "overridden_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "CHK_status_light_override" CHECK (
                    "override_colour" IS NULL
                    OR (
                        length(trim("override_justification")) > 0
                        AND "overridden_by" IS NOT NULL
                    )
                ),
                CONSTRAINT "CHK_status_light_period" CHECK ("period" ~ '^[0-9]{4}-Q[1-4]$'),
                CONSTRAINT "PK_ad3465d6659eee50440cbb72bc1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ed23343fa2d7aa1e540f998d21" ON "status_light" ("period")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_86842bfbc9f6e8438bdfab06d4" ON "status_light" ("sub_project_id", "period")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."tracking_decision_kind" AS ENUM('release_requested', 'released', 'kept')
        `);
        await queryRunner.query(`
            CREATE TABLE "resolution_tracking_decision" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "resolution_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "decision" "public"."tracking_decision_kind" NOT NULL,
                "comment" text,
                "meeting_id" uuid,
                "actor_user_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_tracking_decision_comment" CHECK (
                    "decision" <> 'kept'
                    OR length(trim("comment")) > 0
                ),
                CONSTRAINT "PK_c54dcb4616853a342b76cd4926d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d00c46b823593b06141c41cd18" ON "resolution_tracking_decision" ("resolution_id", "organisation_id", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "outbox_event" (
                "id" BIGSERIAL NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "topic" character varying(64) NOT NULL,
                "aggregate_type" character varying(64) NOT NULL,
                "aggregate_id" uuid NOT NULL,
                "payload" jsonb NOT NULL DEFAULT '{}',
                "published_at" TIMESTAMP WITH TIME ZONE,
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_outbox_event_unpublished" ON "outbox_event" ("id")
            WHERE "published_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."submission_status" AS ENUM(
                'draft',
                'awaiting_supervisor',
                'submitted',
                'accepted',
                'returned'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "submission" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "sub_project_id" uuid NOT NULL,
                "milestone_id" uuid,
                "period" character varying(7),
                "status" "public"."submission_status" NOT NULL DEFAULT 'draft',
                "revision" integer NOT NULL DEFAULT '1',
                "progress_percent" numeric(5, 2),
                "narrative" text NOT NULL DEFAULT '',
                "indicator_actuals" jsonb NOT NULL DEFAULT '[]',
                "budget_executed" numeric(14, 4),
                "budget_year" integer,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "submitted_at" TIMESTAMP WITH TIME ZONE,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "CHK_submission_budget" CHECK (
                    "budget_executed" IS NULL
                    OR "budget_executed" >= 0
                ),
                CONSTRAINT "CHK_submission_progress" CHECK (
                    "progress_percent" IS NULL
                    OR "progress_percent" BETWEEN 0 AND 100
                ),
                CONSTRAINT "CHK_submission_period" CHECK (
                    "period" IS NULL
                    OR "period" ~ '^[0-9]{4}-Q[1-4]$'
                ),
                CONSTRAINT "CHK_submission_target" CHECK (
                    "milestone_id" IS NOT NULL
                    OR "period" IS NOT NULL
                ),
                CONSTRAINT "PK_7faa571d0e4a7076e85890c9bd0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e08cdeb6e7f35079c3edef37f5" ON "submission" ("sub_project_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_04a58564ad172e19f4ba1ca5d3" ON "submission" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_09aab039d2d060308cd527a0f0" ON "submission" ("submitted_at")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_submission_period" ON "submission" ("sub_project_id", "period")
            WHERE "milestone_id" IS NULL
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_submission_milestone" ON "submission" ("milestone_id")
            WHERE "milestone_id" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TABLE "submission_revision" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "submission_id" uuid NOT NULL,
                "revision" integer NOT NULL,
                "content" jsonb NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4a1c88bbe41a075c6283ecc9100" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_d6f8a79730d7659cc48ca478ce" ON "submission_revision" ("submission_id", "revision")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."review_action" AS ENUM(
                'submit',
                'approve',
                'send_back',
                'accept',
                'return',
                'revise'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "submission_review" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "submission_id" uuid NOT NULL,
                "revision" integer NOT NULL,
                "action" "public"."review_action" NOT NULL,
                "comment" text,
                "actor_user_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_submission_review_comment" CHECK (
                    "action" NOT IN ('return', 'send_back')
                    OR length(trim("comment")) > 0
                ),
                CONSTRAINT "PK_c3b53d733895bbd468beba4ecfd" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d430e98cf5eb8afc871b94f269" ON "submission_review" ("submission_id", "at")
        `);
        await queryRunner.query(`
            CREATE TABLE "evidence_file" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "submission_id" uuid NOT NULL,
                "uploaded_by" uuid NOT NULL,
                "organisation_id" uuid,
                "filename" text NOT NULL,
                "content_type" text NOT NULL,
                "size_bytes" bigint NOT NULL,
                "sha256" character(64) NOT NULL,
                "storage_key" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_evidence_file_size" CHECK ("size_bytes" > 0),
                CONSTRAINT "PK_f54e0261bc7f0350c7eae30736a" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_8735f28dac34c9947e52a5dd2d" ON "evidence_file" ("submission_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "sub_project_assignment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "sub_project_id" uuid NOT NULL,
                "lead_organisation_id" uuid NOT NULL,
                "co_organiser_ids" uuid array NOT NULL DEFAULT '{}',
                "assigned_by" uuid,
                "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "reason" text,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_by" uuid,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_00ffaee95e2885ea3287b6f7e1e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_041705eff8fddab1ed0ce5a870" ON "sub_project_assignment" ("sub_project_id", "assigned_at")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."change_request_status" AS ENUM('pending', 'approved', 'rejected')
        `);
        await queryRunner.query(`
            CREATE TABLE "due_date_change_request" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "milestone_id" uuid NOT NULL,
                "previous_due_date" date NOT NULL,
                "proposed_due_date" date NOT NULL,
                "reason" text NOT NULL,
                "status" "public"."change_request_status" NOT NULL DEFAULT 'pending',
                "requested_by" uuid NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decision_reason" text,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "CHK_due_date_change_reject_reason" CHECK (
                    "status" <> 'rejected'
                    OR length(trim("decision_reason")) > 0
                ),
                CONSTRAINT "CHK_due_date_change_decision" CHECK (
                    "status" = 'pending'
                    OR (
                        "decided_at" IS NOT NULL
                        AND "decided_by" IS NOT NULL
                    )
                ),
                CONSTRAINT "PK_a12aa2b66abb315bce7df58e772" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_4f9f1104e83b6c6b5712c0656e" ON "due_date_change_request" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b87b5b71cba15edc98df5e5ec0" ON "due_date_change_request" ("milestone_id", "requested_at")
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD "light_rules" jsonb NOT NULL DEFAULT '{}'
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_follow_up"
            ADD "reported_by" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "user_session"
            ADD CONSTRAINT "FK_13275383dcdf095ee29f2b3455a" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "status_light"
            ADD CONSTRAINT "FK_81bb985da9ed5e3f14a2d9f20c2" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_tracking_decision"
            ADD CONSTRAINT "FK_0d954e11a17124aa068d9ac3c99" FOREIGN KEY ("resolution_id") REFERENCES "resolution"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_tracking_decision"
            ADD CONSTRAINT "FK_1042a04bd318216f70e1270f3eb" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "submission"
            ADD CONSTRAINT "FK_e08cdeb6e7f35079c3edef37f56" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "submission"
            ADD CONSTRAINT "FK_ef8e4b7af7d51efa76870b085fe" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "submission_revision"
            ADD CONSTRAINT "FK_7c538cf8d160cef367cc5675970" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "submission_review"
            ADD CONSTRAINT "FK_e357aa226423021b1dca90be6a7" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "evidence_file"
            ADD CONSTRAINT "FK_8735f28dac34c9947e52a5dd2d6" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_assignment"
            ADD CONSTRAINT "FK_72d447ecbde16c5b6c3258c2b18" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_assignment"
            ADD CONSTRAINT "FK_f6cac4a9c5ee40ed2dd57ddde45" FOREIGN KEY ("lead_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "due_date_change_request"
            ADD CONSTRAINT "FK_8c81a523aab66c4864450296458" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        // The audit trail is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
        await queryRunner.query(`
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
            END $$
        `);
        await queryRunner.query(`CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
        await queryRunner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON "audit_event"`);
        await queryRunner.query(`DROP TRIGGER audit_event_no_change ON "audit_event"`);
        await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
        await queryRunner.query(`
            ALTER TABLE "due_date_change_request" DROP CONSTRAINT "FK_8c81a523aab66c4864450296458"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_assignment" DROP CONSTRAINT "FK_f6cac4a9c5ee40ed2dd57ddde45"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_assignment" DROP CONSTRAINT "FK_72d447ecbde16c5b6c3258c2b18"
        `);
        await queryRunner.query(`
            ALTER TABLE "evidence_file" DROP CONSTRAINT "FK_8735f28dac34c9947e52a5dd2d6"
        `);
        await queryRunner.query(`
            ALTER TABLE "submission_review" DROP CONSTRAINT "FK_e357aa226423021b1dca90be6a7"
        `);
        await queryRunner.query(`
            ALTER TABLE "submission_revision" DROP CONSTRAINT "FK_7c538cf8d160cef367cc5675970"
        `);
        await queryRunner.query(`
            ALTER TABLE "submission" DROP CONSTRAINT "FK_ef8e4b7af7d51efa76870b085fe"
        `);
        await queryRunner.query(`
            ALTER TABLE "submission" DROP CONSTRAINT "FK_e08cdeb6e7f35079c3edef37f56"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_tracking_decision" DROP CONSTRAINT "FK_1042a04bd318216f70e1270f3eb"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_tracking_decision" DROP CONSTRAINT "FK_0d954e11a17124aa068d9ac3c99"
        `);
        await queryRunner.query(`
            ALTER TABLE "status_light" DROP CONSTRAINT "FK_81bb985da9ed5e3f14a2d9f20c2"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_session" DROP CONSTRAINT "FK_13275383dcdf095ee29f2b3455a"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_follow_up" DROP COLUMN "reported_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "programme" DROP COLUMN "light_rules"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b87b5b71cba15edc98df5e5ec0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_4f9f1104e83b6c6b5712c0656e"
        `);
        await queryRunner.query(`
            DROP TABLE "due_date_change_request"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."change_request_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_041705eff8fddab1ed0ce5a870"
        `);
        await queryRunner.query(`
            DROP TABLE "sub_project_assignment"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8735f28dac34c9947e52a5dd2d"
        `);
        await queryRunner.query(`
            DROP TABLE "evidence_file"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d430e98cf5eb8afc871b94f269"
        `);
        await queryRunner.query(`
            DROP TABLE "submission_review"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."review_action"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d6f8a79730d7659cc48ca478ce"
        `);
        await queryRunner.query(`
            DROP TABLE "submission_revision"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_submission_milestone"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_submission_period"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_09aab039d2d060308cd527a0f0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_04a58564ad172e19f4ba1ca5d3"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e08cdeb6e7f35079c3edef37f5"
        `);
        await queryRunner.query(`
            DROP TABLE "submission"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."submission_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_outbox_event_unpublished"
        `);
        await queryRunner.query(`
            DROP TABLE "outbox_event"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d00c46b823593b06141c41cd18"
        `);
        await queryRunner.query(`
            DROP TABLE "resolution_tracking_decision"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."tracking_decision_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_86842bfbc9f6e8438bdfab06d4"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ed23343fa2d7aa1e540f998d21"
        `);
        await queryRunner.query(`
            DROP TABLE "status_light"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."light_colour"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5bc9893d094778365c11b6b1e0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b72521176549924e0f1f34bd7f"
        `);
        await queryRunner.query(`
            DROP TABLE "login_attempt"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_97426118d02020e684a5415457"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_13275383dcdf095ee29f2b3455"
        `);
        await queryRunner.query(`
            DROP TABLE "user_session"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ff601d74280b2a387ae6963719"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7a2d6b21c108b71bb75a793a2f"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_event"
        `);
    }

}
