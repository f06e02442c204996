import { MigrationInterface, QueryRunner } from "typeorm";

export class AddGateReviews1795323541098 implements MigrationInterface {
    name = 'AddGateReviews1795323541098'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "gate_template" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "programme_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "name" text NOT NULL,
                "name_en" text,
                "purpose" text NOT NULL,
                "source" text,
                "source_text" text,
                "note" text,
                "criteria_revision" integer NOT NULL DEFAULT '1',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_gate_template_seq" CHECK ("seq" > 0),
                CONSTRAINT "PK_08edaa658785a962a015b412747" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_b67117d44f2649a72f78d56a7a" ON "gate_template" ("code")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_gate_template_seq" ON "gate_template" ("programme_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."gate_requirement" AS ENUM('must_meet', 'should_meet')
        `);
        await queryRunner.query(`
            CREATE TABLE "gate_criterion" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "template_id" uuid NOT NULL,
                "revision" integer NOT NULL,
                "code" character varying(32) NOT NULL,
                "seq" integer NOT NULL,
                "text" text NOT NULL,
                "requirement" "public"."gate_requirement" NOT NULL,
                "weight" numeric(6, 2) NOT NULL,
                "guidance" text,
                "source" text,
                "source_text" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_gate_criterion_text" CHECK (length(trim("text")) > 0),
                CONSTRAINT "CHK_gate_criterion_weight" CHECK (
                    "weight" >= 0
                    AND (
                        "requirement" = 'must_meet'
                        OR "weight" > 0
                    )
                ),
                CONSTRAINT "PK_690c310e530b761f1a9eb4e9381" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_gate_criterion_seq" ON "gate_criterion" ("template_id", "revision", "seq")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_gate_criterion_code" ON "gate_criterion" ("template_id", "revision", "code")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."gate_review_status" AS ENUM('scheduled', 'scoring', 'decided')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."gate_decision" AS ENUM(
                'go',
                'go_with_conditions',
                'hold',
                'recycle',
                'stop'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "gate_review" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "sub_project_id" uuid NOT NULL,
                "template_id" uuid NOT NULL,
                "criteria_revision" integer NOT NULL,
                "status" "public"."gate_review_status" NOT NULL DEFAULT 'scheduled',
                "scheduled_for" date NOT NULL,
                "packet_report_id" uuid,
                "decision" "public"."gate_decision",
                "decision_reasons" text,
                "score_summary" jsonb,
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "created_by" uuid NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_gate_review_decision" CHECK (
                    "decision" IS NULL
                    OR (
                        length(trim("decision_reasons")) > 0
                        AND "decided_by" IS NOT NULL
                        AND "decided_at" IS NOT NULL
                    )
                ),
                CONSTRAINT "CHK_gate_review_decided" CHECK (
                    ("status" = 'decided') = ("decision" IS NOT NULL)
                ),
                CONSTRAINT "PK_145de869f61190230cabd8972d0" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_6bca7b5d535e197bbc0cc36f2d" ON "gate_review" ("template_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_1a7672b28ffd3b6a2334ad8fed" ON "gate_review" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_23d229d09db6aa3ee41e731357" ON "gate_review" ("sub_project_id", "template_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_gate_review_open" ON "gate_review" ("sub_project_id", "template_id")
            WHERE "status" <> 'decided'
        `);
        await queryRunner.query(`
            CREATE TABLE "gate_reviewer" (
                "review_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "scores_submitted_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_f7c631a858214b2f533e892ef15" PRIMARY KEY ("review_id", "user_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b7d365301a73a4801323ad638d" ON "gate_reviewer" ("user_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "gate_score" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "review_id" uuid NOT NULL,
                "criterion_id" uuid NOT NULL,
                "reviewer_user_id" uuid NOT NULL,
                "met" boolean,
                "score" smallint,
                "comment" text NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_gate_score_comment" CHECK (length(trim("comment")) > 0),
                CONSTRAINT "CHK_gate_score_range" CHECK (
                    "score" IS NULL
                    OR "score" BETWEEN 0 AND 10
                ),
                CONSTRAINT "CHK_gate_score_kind" CHECK (("met" IS NULL) <> ("score" IS NULL)),
                CONSTRAINT "PK_7ee870ba0e1790ccc20b7335c58" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_80cc8728826595dfee80ba9bf8" ON "gate_score" ("criterion_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_gate_score" ON "gate_score" ("review_id", "criterion_id", "reviewer_user_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."gate_condition_status" AS ENUM('open', 'closed', 'waived')
        `);
        await queryRunner.query(`
            CREATE TABLE "gate_condition" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "review_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "text" text NOT NULL,
                "owner_organisation_id" uuid NOT NULL,
                "due_date" date NOT NULL,
                "status" "public"."gate_condition_status" NOT NULL DEFAULT 'open',
                "resolution_note" text,
                "resolved_by" uuid,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_gate_condition_resolved" CHECK (
                    "status" = 'open'
                    OR (
                        length(trim("resolution_note")) > 0
                        AND "resolved_by" IS NOT NULL
                        AND "resolved_at" IS NOT NULL
                    )
                ),
                CONSTRAINT "CHK_gate_condition_text" CHECK (length(trim("text")) > 0),
                CONSTRAINT "PK_4185391f9896a81897152a4a115" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ea024f1504cbbaf6860e2ca9c4" ON "gate_condition" ("review_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9ccd281a45e318ce6cfa71ba54" ON "gate_condition" ("owner_organisation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_gate_condition_open_due" ON "gate_condition" ("due_date")
            WHERE "status" = 'open'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_gate_condition_seq" ON "gate_condition" ("review_id", "seq")
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_template"
            ADD CONSTRAINT "FK_575b935bdc8c51f59ebae509d71" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_criterion"
            ADD CONSTRAINT "FK_8a8465ead2f25c9dedf42ee60d3" FOREIGN KEY ("template_id") REFERENCES "gate_template"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review"
            ADD CONSTRAINT "FK_6e4267d5b809638d1d7329dff51" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review"
            ADD CONSTRAINT "FK_6bca7b5d535e197bbc0cc36f2d6" FOREIGN KEY ("template_id") REFERENCES "gate_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review"
            ADD CONSTRAINT "FK_d18d1e0fb04ba9d169d93204586" FOREIGN KEY ("packet_report_id") REFERENCES "report"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review"
            ADD CONSTRAINT "FK_ae38f8895d4f423397ddb0aaaa4" FOREIGN KEY ("decided_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review"
            ADD CONSTRAINT "FK_d30bc8ccc965c6134f0c07cc219" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_reviewer"
            ADD CONSTRAINT "FK_b93d3c78537986b6cac6ae3c16f" FOREIGN KEY ("review_id") REFERENCES "gate_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_reviewer"
            ADD CONSTRAINT "FK_b7d365301a73a4801323ad638d2" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_score"
            ADD CONSTRAINT "FK_63c20f0258304c9a79e04bd8ce4" FOREIGN KEY ("review_id") REFERENCES "gate_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_score"
            ADD CONSTRAINT "FK_80cc8728826595dfee80ba9bf83" FOREIGN KEY ("criterion_id") REFERENCES "gate_criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_score"
            ADD CONSTRAINT "FK_b443322106f660ac8040ac9f69e" FOREIGN KEY ("reviewer_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_condition"
            ADD CONSTRAINT "FK_ea024f1504cbbaf6860e2ca9c42" FOREIGN KEY ("review_id") REFERENCES "gate_review"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_condition"
            ADD CONSTRAINT "FK_9ccd281a45e318ce6cfa71ba543" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_condition"
            ADD CONSTRAINT "FK_b9d0a95d68b7c94254bb7053fe8" FOREIGN KEY ("resolved_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "gate_condition" DROP CONSTRAINT "FK_b9d0a95d68b7c94254bb7053fe8"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_condition" DROP CONSTRAINT "FK_9ccd281a45e318ce6cfa71ba543"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_condition" DROP CONSTRAINT "FK_ea024f1504cbbaf6860e2ca9c42"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_score" DROP CONSTRAINT "FK_b443322106f660ac8040ac9f69e"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_score" DROP CONSTRAINT "FK_80cc8728826595dfee80ba9bf83"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_score" DROP CONSTRAINT "FK_63c20f0258304c9a79e04bd8ce4"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_reviewer" DROP CONSTRAINT "FK_b7d365301a73a4801323ad638d2"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_reviewer" DROP CONSTRAINT "FK_b93d3c78537986b6cac6ae3c16f"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review" DROP CONSTRAINT "FK_d30bc8ccc965c6134f0c07cc219"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review" DROP CONSTRAINT "FK_ae38f8895d4f423397ddb0aaaa4"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review" DROP CONSTRAINT "FK_d18d1e0fb04ba9d169d93204586"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review" DROP CONSTRAINT "FK_6bca7b5d535e197bbc0cc36f2d6"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_review" DROP CONSTRAINT "FK_6e4267d5b809638d1d7329dff51"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_criterion" DROP CONSTRAINT "FK_8a8465ead2f25c9dedf42ee60d3"
        `);
        await queryRunner.query(`
            ALTER TABLE "gate_template" DROP CONSTRAINT "FK_575b935bdc8c51f59ebae509d71"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_gate_condition_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_gate_condition_open_due"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9ccd281a45e318ce6cfa71ba54"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ea024f1504cbbaf6860e2ca9c4"
        `);
        await queryRunner.query(`
            DROP TABLE "gate_condition"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."gate_condition_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_gate_score"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_80cc8728826595dfee80ba9bf8"
        `);
        await queryRunner.query(`
            DROP TABLE "gate_score"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b7d365301a73a4801323ad638d"
        `);
        await queryRunner.query(`
            DROP TABLE "gate_reviewer"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_gate_review_open"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_23d229d09db6aa3ee41e731357"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1a7672b28ffd3b6a2334ad8fed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6bca7b5d535e197bbc0cc36f2d"
        `);
        await queryRunner.query(`
            DROP TABLE "gate_review"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."gate_decision"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."gate_review_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_gate_criterion_code"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_gate_criterion_seq"
        `);
        await queryRunner.query(`
            DROP TABLE "gate_criterion"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."gate_requirement"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."UQ_gate_template_seq"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b67117d44f2649a72f78d56a7a"
        `);
        await queryRunner.query(`
            DROP TABLE "gate_template"
        `);
    }

}
