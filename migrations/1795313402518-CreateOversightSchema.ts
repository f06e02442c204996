import type { MigrationInterface, QueryRunner } from "typeorm";

/** The oversight schema: organisations, users, programmes, axes, sub-projects, milestones, budget, meetings. */

export class CreateOversightSchema1795313402518 implements MigrationInterface {
    name = 'CreateOversightSchema1795313402518'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Trigram index for the sub-project name filter (ILIKE '%…%'); not expressible in entities.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`
            CREATE TYPE "public"."organisation_kind" AS ENUM('ministry', 'agency', 'unit', 'office', 'body')
        `);
        await queryRunner.query(`
            CREATE TABLE "organisation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "kind" "public"."organisation_kind" NOT NULL,
                "name" text NOT NULL,
                "full_name" text,
                "name_en" text,
                "parent_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6a3122daf3cb06cb4f1f87ae64" ON "organisation" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_c4ba39f5697ec0cd6e03314b61" ON "organisation" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "organisation_name" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "organisation_id" uuid NOT NULL,
                "name" text NOT NULL,
                "valid_from" date,
                "valid_to" date,
                "source" text,
                "note" text,
                CONSTRAINT "CHK_organisation_name_dates" CHECK (
                    "valid_to" IS NULL
                    OR "valid_from" IS NULL
                    OR "valid_to" >= "valid_from"
                ),
                CONSTRAINT "PK_b101a39d172f58c02a56d59ae6c" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cd4576d826aac632640acd3b99" ON "organisation_name" ("organisation_id", "name")
        `);
        await queryRunner.query(`
            CREATE TABLE "programme" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "name" text NOT NULL,
                "name_en" text,
                "parent_id" uuid,
                "overseer_id" uuid,
                "start_year" integer NOT NULL,
                "end_year" integer,
                "period_text" text,
                "approved_text" text,
                "source_document" text,
                "summary" text,
                "oversight_text" text,
                "notes" text array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_programme_years" CHECK (
                    "start_year" BETWEEN 1900 AND 2200
                    AND (
                        "end_year" IS NULL
                        OR "end_year" >= "start_year"
                    )
                ),
                CONSTRAINT "PK_76ff6b30b74f213944d1ac0a660" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_0cb721fe5a34b811494fb228d9" ON "programme" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b8748703749592fbfa8c07e061" ON "programme" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_50ac2a091b6e48a1af080b0fa6" ON "programme" ("overseer_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "axis" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "programme_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "name" text NOT NULL,
                "goal" text,
                "description" text,
                CONSTRAINT "PK_5a94fa98b6c0715187362fd254d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8a3c86e3aec4a5c56c29a2d63f" ON "axis" ("code")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_75a18d4a3d0e55d4489dc8bdf0" ON "axis" ("programme_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "axis_category" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "axis_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "name" text NOT NULL,
                CONSTRAINT "PK_1505345485d637ae473d6fc86f9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4653ffabe3c22ef1ec524e25c1" ON "axis_category" ("code")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_2378487515f99ff4041ab8e794" ON "axis_category" ("axis_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "focus_area" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "axis_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "name" text NOT NULL,
                "responsible_text" text,
                "source" text,
                CONSTRAINT "PK_483e49c3f933de099ce8ea4621e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8aebfe75aa12503f239575e7b6" ON "focus_area" ("code")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1117fd5a1cffe425540685777d" ON "focus_area" ("axis_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TABLE "focus_area_organisation" (
                "focus_area_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "note" text,
                CONSTRAINT "PK_d09929a8df321314368b19d0c8f" PRIMARY KEY ("focus_area_id", "organisation_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ca55e5fb8d2dfe26d33f4b9a7c" ON "focus_area_organisation" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."sub_project_kind" AS ENUM('detailed', 'division', 'roadmap', 'measure')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."sub_project_continuity" AS ENUM('existing', 'continuing', 'new')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."sub_project_status" AS ENUM(
                'draft',
                'assigned',
                'acknowledged',
                'active',
                'suspended',
                'closed'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "sub_project" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "programme_id" uuid NOT NULL,
                "kind" "public"."sub_project_kind" NOT NULL,
                "name" text NOT NULL,
                "name_as_printed" text,
                "focus" text,
                "lead_organisation_id" uuid,
                "lead_text" text,
                "co_organisers_text" text,
                "period_text" text,
                "start_year" integer,
                "end_year" integer,
                "continuity" "public"."sub_project_continuity",
                "is_flagship" boolean NOT NULL DEFAULT false,
                "status" "public"."sub_project_status" NOT NULL DEFAULT 'draft',
                "measures" text,
                "full_term_target" text,
                "remarks" text,
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_sub_project_years" CHECK (
                    (
                        "start_year" IS NULL
                        OR "start_year" BETWEEN 1900 AND 2200
                    )
                    AND (
                        "end_year" IS NULL
                        OR "end_year" BETWEEN 1900 AND 2200
                    )
                    AND (
                        "start_year" IS NULL
                        OR "end_year" IS NULL
                        OR "end_year" >= "start_year"
                    )
                ),
                CONSTRAINT "PK_191b38c3d2b144ed95201ec562f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8345124d853ec34f303fa877eb" ON "sub_project" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_d29906be5f0742e91425f6c5b2" ON "sub_project" ("programme_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9f634b8b645cf96a58844636fa" ON "sub_project" ("lead_organisation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f1a430c83bd82edf47f9113e33" ON "sub_project" ("is_flagship")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_6c0b92e99077372b33b740c0d3" ON "sub_project" ("status")
        `);
        await queryRunner.query(`
            CREATE TABLE "sub_project_co_organiser" (
                "sub_project_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                CONSTRAINT "PK_0045d6daacd1d1240118c840c2e" PRIMARY KEY ("sub_project_id", "organisation_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9c5555d1eafea5f9f0b0291d6e" ON "sub_project_co_organiser" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "sub_project_axis" (
                "sub_project_id" uuid NOT NULL,
                "axis_id" uuid NOT NULL,
                "source" text,
                CONSTRAINT "PK_3b6b67f9835f5a65b79b566b4d9" PRIMARY KEY ("sub_project_id", "axis_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_210237e87c46ae6efa0f64593c" ON "sub_project_axis" ("axis_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."category_mark" AS ENUM('main', 'involved')
        `);
        await queryRunner.query(`
            CREATE TABLE "sub_project_category_mark" (
                "sub_project_id" uuid NOT NULL,
                "category_id" uuid NOT NULL,
                "mark" "public"."category_mark" NOT NULL,
                CONSTRAINT "PK_e37a62d1e8f647660f49ba22288" PRIMARY KEY ("sub_project_id", "category_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_0fd05ec28afc0bbd27bfa4eb97" ON "sub_project_category_mark" ("category_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."budget_kind" AS ENUM('existing', 'new')
        `);
        await queryRunner.query(`
            CREATE TABLE "budget_line" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(160) NOT NULL,
                "programme_id" uuid NOT NULL,
                "axis_id" uuid,
                "sub_project_id" uuid,
                "fiscal_year" integer NOT NULL,
                "kind" "public"."budget_kind" NOT NULL,
                "allocated" numeric(14, 4) NOT NULL,
                "executed" numeric(14, 4),
                "source" text,
                CONSTRAINT "CHK_budget_line_amounts" CHECK (
                    "allocated" >= 0
                    AND (
                        "executed" IS NULL
                        OR "executed" >= 0
                    )
                ),
                CONSTRAINT "CHK_budget_line_year" CHECK (
                    "fiscal_year" BETWEEN 1900 AND 2200
                ),
                CONSTRAINT "PK_18b9f7e8a4626eb7f1fd4a63f57" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_49418ccd230605d3e6683cf275" ON "budget_line" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_f63b5245b1ac7a6cdda030b66f" ON "budget_line" ("axis_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_bee8429ac29aa46bb800ca4507" ON "budget_line" ("sub_project_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b5f66c0ce78f61837c184bcdd0" ON "budget_line" ("programme_id", "fiscal_year")
        `);
        await queryRunner.query(`
            CREATE TABLE "budget_printed_total" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(200) NOT NULL,
                "programme_id" uuid NOT NULL,
                "row_label" text NOT NULL,
                "axis_id" uuid,
                "column" text NOT NULL,
                "fiscal_year" integer,
                "kind" character varying(16) NOT NULL,
                "amount" numeric(14, 4) NOT NULL,
                "unit" text,
                "text" text,
                "source" text,
                CONSTRAINT "CHK_budget_printed_total_amount" CHECK ("amount" >= 0),
                CONSTRAINT "PK_30509420daa6004369d94590e83" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_ea59cee32aecdbe48ab2bbe695" ON "budget_printed_total" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a64f1d67163be907e12fbe0cde" ON "budget_printed_total" ("programme_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7c87e40a1f13856d674d299309" ON "budget_printed_total" ("axis_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."meeting_kind" AS ENUM('meeting', 'pre_meeting', 'advisory', 'working')
        `);
        await queryRunner.query(`
            CREATE TABLE "meeting" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "body_id" uuid NOT NULL,
                "name" text NOT NULL,
                "kind" "public"."meeting_kind" NOT NULL,
                "held_on" date NOT NULL,
                "held_until" date,
                "description" text,
                "note" text,
                "details" jsonb NOT NULL DEFAULT '{}',
                "source" text,
                CONSTRAINT "CHK_meeting_dates" CHECK (
                    "held_until" IS NULL
                    OR "held_until" >= "held_on"
                ),
                CONSTRAINT "PK_dccaf9e4c0e39067d82ccc7bb83" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_83bc0b634b8a49e57d277e2fe3" ON "meeting" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_92ad2e68611c2f19bbaa555620" ON "meeting" ("body_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a186f240fbed4d8735f5340664" ON "meeting" ("held_on")
        `);
        await queryRunner.query(`
            CREATE TABLE "resolution" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "meeting_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "text" text NOT NULL,
                "due_date" date,
                "source" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2a6383d82766ccd2a9e6163306d" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cd29c04be4095d0066a359d972" ON "resolution" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_9ff6a72eef8e02e297a4038978" ON "resolution" ("due_date")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_22dcd4a6fecc49e95019378a7d" ON "resolution" ("meeting_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."tracking_status" AS ENUM('tracking', 'release_requested', 'released')
        `);
        await queryRunner.query(`
            CREATE TABLE "resolution_assignment" (
                "resolution_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                "status" "public"."tracking_status" NOT NULL DEFAULT 'tracking',
                "note" text,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_7dc093bd965a6823210f3c36271" PRIMARY KEY ("resolution_id", "organisation_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_911501bf62a9e60e0a92991381" ON "resolution_assignment" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_b7f8c5986acb2ad1f2ef29fb1f" ON "resolution_assignment" ("status")
        `);
        await queryRunner.query(`
            CREATE TABLE "resolution_follow_up" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "resolution_id" uuid NOT NULL,
                "organisation_id" uuid,
                "reported_on" date NOT NULL,
                "text" text NOT NULL,
                "note" text,
                "source" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_47ddad552013fc1723da4626822" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9cc9aa2f713dbac2274872b0ab" ON "resolution_follow_up" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_34ff668a87ec57cce42c12d46b" ON "resolution_follow_up" ("resolution_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7ac84d835213322b735c855223" ON "resolution_follow_up" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "reported_progress" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "organisation_id" uuid,
                "meeting_id" uuid,
                "text" text NOT NULL,
                "figures" jsonb NOT NULL DEFAULT '[]',
                "source" text,
                CONSTRAINT "PK_afa721822d90810806c1c42ca46" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f5b1170eac299dd61ed039cd9e" ON "reported_progress" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_291a32e918b688313c40a595e7" ON "reported_progress" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "source_discrepancy" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "programme_id" uuid,
                "subject" text NOT NULL,
                "text" text NOT NULL,
                "sources" text array NOT NULL DEFAULT '{}',
                CONSTRAINT "PK_8f2af38fead62d0bbe670d56c33" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9cecc5c63836f1a6148a145206" ON "source_discrepancy" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_71285c164a38b961baf730f94e" ON "source_discrepancy" ("programme_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_bfaee947282b66026893a72add" ON "source_discrepancy" ("subject")
        `);
        await queryRunner.query(`
            CREATE TABLE "indicator" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "programme_id" uuid NOT NULL,
                "axis_id" uuid,
                "sub_project_id" uuid,
                "seq" integer NOT NULL,
                "text" text NOT NULL,
                "unit" text,
                CONSTRAINT "CHK_indicator_owner" CHECK (
                    "axis_id" IS NULL
                    OR "sub_project_id" IS NULL
                ),
                CONSTRAINT "PK_4693fe4c2cb912a71e05c589e7e" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_843bf8c0de69be8ea15fdc25fb" ON "indicator" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_873573ba3dd9179cc70f7245da" ON "indicator" ("programme_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3142be9e436a6b797372906b05" ON "indicator" ("axis_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_95aa0c5d80a4e8a0aa262d016b" ON "indicator" ("sub_project_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "indicator_organisation" (
                "indicator_id" uuid NOT NULL,
                "organisation_id" uuid NOT NULL,
                CONSTRAINT "PK_07e13e696d6774fb28315775362" PRIMARY KEY ("indicator_id", "organisation_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_6a374c2ae0b550fe92c41ddb23" ON "indicator_organisation" ("organisation_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."target_comparator" AS ENUM('eq', 'approx', 'gt', 'gte', 'lt', 'lte')
        `);
        await queryRunner.query(`
            CREATE TABLE "indicator_target" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "indicator_id" uuid NOT NULL,
                "year" integer,
                "value" numeric(20, 4),
                "comparator" "public"."target_comparator" NOT NULL DEFAULT 'eq',
                "note" text,
                CONSTRAINT "CHK_indicator_target_year" CHECK (
                    "year" IS NULL
                    OR "year" BETWEEN 1900 AND 2200
                ),
                CONSTRAINT "PK_9b6a07f7470f3a0f56e73b7a282" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_1740e90fed0c0a2b2d1e67f83e" ON "indicator_target" ("indicator_id", "year")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."milestone_status" AS ENUM('pending', 'submitted', 'accepted')
        `);
        await queryRunner.query(`
            CREATE TABLE "milestone" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "code" character varying(64) NOT NULL,
                "sub_project_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "fiscal_year" integer,
                "due_date" date NOT NULL,
                "deliverable" text NOT NULL,
                "status" "public"."milestone_status" NOT NULL DEFAULT 'pending',
                "source" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_milestone_year" CHECK (
                    "fiscal_year" IS NULL
                    OR "fiscal_year" BETWEEN 1900 AND 2200
                ),
                CONSTRAINT "PK_f8372abce331f60ba7b33fe23a7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_ad6a03f52613a942072e2512fa" ON "milestone" ("code")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_bf3bed95a6b180d87bdff083e9" ON "milestone" ("due_date")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_54f083f2f8869b798ecebdf24e" ON "milestone" ("sub_project_id", "due_date")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_3af6750295a8a83807e33c7448" ON "milestone" ("sub_project_id", "seq")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."user_role" AS ENUM(
                'admin',
                'coordinator',
                'ministry_officer',
                'ministry_supervisor',
                'reviewer',
                'viewer'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."user_locale" AS ENUM('zh-TW', 'en')
        `);
        await queryRunner.query(`
            CREATE TABLE "app_user" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "display_name" text NOT NULL,
                "organisation_id" uuid,
                "roles" "public"."user_role" array NOT NULL,
                "locale" "public"."user_locale" NOT NULL DEFAULT 'zh-TW',
                "password_hash" text,
                "is_active" boolean NOT NULL DEFAULT true,
                "is_demo" boolean NOT NULL DEFAULT false,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_app_user_email_lower" CHECK ("email" = lower("email")),
                CONSTRAINT "CHK_app_user_roles_not_empty" CHECK (cardinality("roles") > 0),
                CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_3fa909d0e37c531ebc23770339" ON "app_user" ("email")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_6fa42e978fa7d7adc32736e26f" ON "app_user" ("organisation_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation"
            ADD CONSTRAINT "FK_c4ba39f5697ec0cd6e03314b616" FOREIGN KEY ("parent_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation_name"
            ADD CONSTRAINT "FK_e7357f92eb3fa52272e2683644a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD CONSTRAINT "FK_b8748703749592fbfa8c07e0611" FOREIGN KEY ("parent_id") REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD CONSTRAINT "FK_50ac2a091b6e48a1af080b0fa66" FOREIGN KEY ("overseer_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "axis"
            ADD CONSTRAINT "FK_096aa063b563ff130d6cb7a9f1f" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "axis_category"
            ADD CONSTRAINT "FK_eacf3cf254cbbb8367f15d0bf80" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "focus_area"
            ADD CONSTRAINT "FK_56d06d6637b2faf1770d6a2c2e9" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "focus_area_organisation"
            ADD CONSTRAINT "FK_b3da211f916aad2ec6d33b45c21" FOREIGN KEY ("focus_area_id") REFERENCES "focus_area"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "focus_area_organisation"
            ADD CONSTRAINT "FK_ca55e5fb8d2dfe26d33f4b9a7c3" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project"
            ADD CONSTRAINT "FK_d29906be5f0742e91425f6c5b29" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project"
            ADD CONSTRAINT "FK_9f634b8b645cf96a58844636faf" FOREIGN KEY ("lead_organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_co_organiser"
            ADD CONSTRAINT "FK_f357c87217cca07804076cc3d28" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_co_organiser"
            ADD CONSTRAINT "FK_9c5555d1eafea5f9f0b0291d6ea" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_axis"
            ADD CONSTRAINT "FK_ab16409a6e7f931048feda5aadd" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_axis"
            ADD CONSTRAINT "FK_210237e87c46ae6efa0f64593cd" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_category_mark"
            ADD CONSTRAINT "FK_79ba9a058b138cb44f235215d1f" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_category_mark"
            ADD CONSTRAINT "FK_0fd05ec28afc0bbd27bfa4eb970" FOREIGN KEY ("category_id") REFERENCES "axis_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_line"
            ADD CONSTRAINT "FK_e6627cedbd73ac1deacfe42c6a9" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_line"
            ADD CONSTRAINT "FK_f63b5245b1ac7a6cdda030b66ff" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_line"
            ADD CONSTRAINT "FK_bee8429ac29aa46bb800ca4507d" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_printed_total"
            ADD CONSTRAINT "FK_a64f1d67163be907e12fbe0cde7" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_printed_total"
            ADD CONSTRAINT "FK_7c87e40a1f13856d674d2993096" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting"
            ADD CONSTRAINT "FK_92ad2e68611c2f19bbaa5556206" FOREIGN KEY ("body_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution"
            ADD CONSTRAINT "FK_69b0e48af1f66a6738b4cfd0370" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_assignment"
            ADD CONSTRAINT "FK_93c578a3623c6bcfba9fc67a9d7" FOREIGN KEY ("resolution_id") REFERENCES "resolution"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_assignment"
            ADD CONSTRAINT "FK_911501bf62a9e60e0a92991381e" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_follow_up"
            ADD CONSTRAINT "FK_34ff668a87ec57cce42c12d46bc" FOREIGN KEY ("resolution_id") REFERENCES "resolution"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_follow_up"
            ADD CONSTRAINT "FK_7ac84d835213322b735c8552232" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "reported_progress"
            ADD CONSTRAINT "FK_291a32e918b688313c40a595e79" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "reported_progress"
            ADD CONSTRAINT "FK_137c292a9a23f7c595facc45c64" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "source_discrepancy"
            ADD CONSTRAINT "FK_71285c164a38b961baf730f94ed" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator"
            ADD CONSTRAINT "FK_873573ba3dd9179cc70f7245da3" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator"
            ADD CONSTRAINT "FK_3142be9e436a6b797372906b05b" FOREIGN KEY ("axis_id") REFERENCES "axis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator"
            ADD CONSTRAINT "FK_95aa0c5d80a4e8a0aa262d016b5" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_organisation"
            ADD CONSTRAINT "FK_171650ff2572368ff3139e7ce3d" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_organisation"
            ADD CONSTRAINT "FK_6a374c2ae0b550fe92c41ddb232" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_target"
            ADD CONSTRAINT "FK_aee24e10c440f5e7e44f95ce3bd" FOREIGN KEY ("indicator_id") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "milestone"
            ADD CONSTRAINT "FK_845c656a580205958ef5793cbc1" FOREIGN KEY ("sub_project_id") REFERENCES "sub_project"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "FK_6fa42e978fa7d7adc32736e26fd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`CREATE INDEX "IDX_sub_project_name_trgm" ON "sub_project" USING gin ("name" gin_trgm_ops)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_sub_project_name_trgm"`);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "FK_6fa42e978fa7d7adc32736e26fd"
        `);
        await queryRunner.query(`
            ALTER TABLE "milestone" DROP CONSTRAINT "FK_845c656a580205958ef5793cbc1"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_target" DROP CONSTRAINT "FK_aee24e10c440f5e7e44f95ce3bd"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_organisation" DROP CONSTRAINT "FK_6a374c2ae0b550fe92c41ddb232"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator_organisation" DROP CONSTRAINT "FK_171650ff2572368ff3139e7ce3d"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator" DROP CONSTRAINT "FK_95aa0c5d80a4e8a0aa262d016b5"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator" DROP CONSTRAINT "FK_3142be9e436a6b797372906b05b"
        `);
        await queryRunner.query(`
            ALTER TABLE "indicator" DROP CONSTRAINT "FK_873573ba3dd9179cc70f7245da3"
        `);
        await queryRunner.query(`
            ALTER TABLE "source_discrepancy" DROP CONSTRAINT "FK_71285c164a38b961baf730f94ed"
        `);
        await queryRunner.query(`
            ALTER TABLE "reported_progress" DROP CONSTRAINT "FK_137c292a9a23f7c595facc45c64"
        `);
        await queryRunner.query(`
            ALTER TABLE "reported_progress" DROP CONSTRAINT "FK_291a32e918b688313c40a595e79"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_follow_up" DROP CONSTRAINT "FK_7ac84d835213322b735c8552232"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_follow_up" DROP CONSTRAINT "FK_34ff668a87ec57cce42c12d46bc"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_assignment" DROP CONSTRAINT "FK_911501bf62a9e60e0a92991381e"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution_assignment" DROP CONSTRAINT "FK_93c578a3623c6bcfba9fc67a9d7"
        `);
        await queryRunner.query(`
            ALTER TABLE "resolution" DROP CONSTRAINT "FK_69b0e48af1f66a6738b4cfd0370"
        `);
        await queryRunner.query(`
            ALTER TABLE "meeting" DROP CONSTRAINT "FK_92ad2e68611c2f19bbaa5556206"
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_printed_total" DROP CONSTRAINT "FK_7c87e40a1f13856d674d2993096"
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_printed_total" DROP CONSTRAINT "FK_a64f1d67163be907e12fbe0cde7"
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_line" DROP CONSTRAINT "FK_bee8429ac29aa46bb800ca4507d"
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_line" DROP CONSTRAINT "FK_f63b5245b1ac7a6cdda030b66ff"
        `);
        await queryRunner.query(`
            ALTER TABLE "budget_line" DROP CONSTRAINT "FK_e6627cedbd73ac1deacfe42c6a9"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_category_mark" DROP CONSTRAINT "FK_0fd05ec28afc0bbd27bfa4eb970"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_category_mark" DROP CONSTRAINT "FK_79ba9a058b138cb44f235215d1f"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_axis" DROP CONSTRAINT "FK_210237e87c46ae6efa0f64593cd"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_axis" DROP CONSTRAINT "FK_ab16409a6e7f931048feda5aadd"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_co_organiser" DROP CONSTRAINT "FK_9c5555d1eafea5f9f0b0291d6ea"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project_co_organiser" DROP CONSTRAINT "FK_f357c87217cca07804076cc3d28"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project" DROP CONSTRAINT "FK_9f634b8b645cf96a58844636faf"
        `);
        await queryRunner.query(`
            ALTER TABLE "sub_project" DROP CONSTRAINT "FK_d29906be5f0742e91425f6c5b29"
        `);
        await queryRunner.query(`
            ALTER TABLE "focus_area_organisation" DROP CONSTRAINT "FK_ca55e5fb8d2dfe26d33f4b9a7c3"
        `);
        await queryRunner.query(`
            ALTER TABLE "focus_area_organisation" DROP CONSTRAINT "FK_b3da211f916aad2ec6d33b45c21"
        `);
        await queryRunner.query(`
            ALTER TABLE "focus_area" DROP CONSTRAINT "FK_56d06d6637b2faf1770d6a2c2e9"
        `);
        await queryRunner.query(`
            ALTER TABLE "axis_category" DROP CONSTRAINT "FK_eacf3cf254cbbb8367f15d0bf80"
        `);
        await queryRunner.query(`
            ALTER TABLE "axis" DROP CONSTRAINT "FK_096aa063b563ff130d6cb7a9f1f"
        `);
        await queryRunner.query(`
            ALTER TABLE "programme" DROP CONSTRAINT "FK_50ac2a091b6e48a1af080b0fa66"
        `);
        await queryRunner.query(`
            ALTER TABLE "programme" DROP CONSTRAINT "FK_b8748703749592fbfa8c07e0611"
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation_name" DROP CONSTRAINT "FK_e7357f92eb3fa52272e2683644a"
        `);
        await queryRunner.query(`
            ALTER TABLE "organisation" DROP CONSTRAINT "FK_c4ba39f5697ec0cd6e03314b616"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6fa42e978fa7d7adc32736e26f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3fa909d0e37c531ebc23770339"
        `);
        await queryRunner.query(`
            DROP TABLE "app_user"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."user_locale"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."user_role"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3af6750295a8a83807e33c7448"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_54f083f2f8869b798ecebdf24e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_bf3bed95a6b180d87bdff083e9"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ad6a03f52613a942072e2512fa"
        `);
        await queryRunner.query(`
            DROP TABLE "milestone"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."milestone_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1740e90fed0c0a2b2d1e67f83e"
        `);
        await queryRunner.query(`
            DROP TABLE "indicator_target"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."target_comparator"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6a374c2ae0b550fe92c41ddb23"
        `);
        await queryRunner.query(`
            DROP TABLE "indicator_organisation"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_95aa0c5d80a4e8a0aa262d016b"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3142be9e436a6b797372906b05"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_873573ba3dd9179cc70f7245da"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_843bf8c0de69be8ea15fdc25fb"
        `);
        await queryRunner.query(`
            DROP TABLE "indicator"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_bfaee947282b66026893a72add"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_71285c164a38b961baf730f94e"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9cecc5c63836f1a6148a145206"
        `);
        await queryRunner.query(`
            DROP TABLE "source_discrepancy"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_291a32e918b688313c40a595e7"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f5b1170eac299dd61ed039cd9e"
        `);
        await queryRunner.query(`
            DROP TABLE "reported_progress"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7ac84d835213322b735c855223"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_34ff668a87ec57cce42c12d46b"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9cc9aa2f713dbac2274872b0ab"
        `);
        await queryRunner.query(`
            DROP TABLE "resolution_follow_up"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b7f8c5986acb2ad1f2ef29fb1f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_911501bf62a9e60e0a92991381"
        `);
        await queryRunner.query(`
            DROP TABLE "resolution_assignment"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."tracking_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_22dcd4a6fecc49e95019378a7d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9ff6a72eef8e02e297a4038978"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_cd29c04be4095d0066a359d972"
        `);
        await queryRunner.query(`
            DROP TABLE "resolution"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a186f240fbed4d8735f5340664"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_92ad2e68611c2f19bbaa555620"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_83bc0b634b8a49e57d277e2fe3"
        `);
        await queryRunner.query(`
            DROP TABLE "meeting"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."meeting_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7c87e40a1f13856d674d299309"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a64f1d67163be907e12fbe0cde"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ea59cee32aecdbe48ab2bbe695"
        `);
        await queryRunner.query(`
            DROP TABLE "budget_printed_total"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b5f66c0ce78f61837c184bcdd0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_bee8429ac29aa46bb800ca4507"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f63b5245b1ac7a6cdda030b66f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_49418ccd230605d3e6683cf275"
        `);
        await queryRunner.query(`
            DROP TABLE "budget_line"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."budget_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0fd05ec28afc0bbd27bfa4eb97"
        `);
        await queryRunner.query(`
            DROP TABLE "sub_project_category_mark"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."category_mark"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_210237e87c46ae6efa0f64593c"
        `);
        await queryRunner.query(`
            DROP TABLE "sub_project_axis"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9c5555d1eafea5f9f0b0291d6e"
        `);
        await queryRunner.query(`
            DROP TABLE "sub_project_co_organiser"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6c0b92e99077372b33b740c0d3"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f1a430c83bd82edf47f9113e33"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_9f634b8b645cf96a58844636fa"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_d29906be5f0742e91425f6c5b2"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8345124d853ec34f303fa877eb"
        `);
        await queryRunner.query(`
            DROP TABLE "sub_project"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."sub_project_status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."sub_project_continuity"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."sub_project_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ca55e5fb8d2dfe26d33f4b9a7c"
        `);
        await queryRunner.query(`
            DROP TABLE "focus_area_organisation"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1117fd5a1cffe425540685777d"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8aebfe75aa12503f239575e7b6"
        `);
        await queryRunner.query(`
            DROP TABLE "focus_area"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_2378487515f99ff4041ab8e794"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_4653ffabe3c22ef1ec524e25c1"
        `);
        await queryRunner.query(`
            DROP TABLE "axis_category"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_75a18d4a3d0e55d4489dc8bdf0"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_8a3c86e3aec4a5c56c29a2d63f"
        `);
        await queryRunner.query(`
            DROP TABLE "axis"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_50ac2a091b6e48a1af080b0fa6"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_b8748703749592fbfa8c07e061"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_0cb721fe5a34b811494fb228d9"
        `);
        await queryRunner.query(`
            DROP TABLE "programme"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_cd4576d826aac632640acd3b99"
        `);
        await queryRunner.query(`
            DROP TABLE "organisation_name"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_c4ba39f5697ec0cd6e03314b61"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_6a3122daf3cb06cb4f1f87ae64"
        `);
        await queryRunner.query(`
            DROP TABLE "organisation"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."organisation_kind"
        `);
    }

}
