import { MigrationInterface, QueryRunner } from "typeorm";

export class AddNotificationsAndSchedules1795321720281 implements MigrationInterface {
    name = 'AddNotificationsAndSchedules1795321720281'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."notification_status" AS ENUM(
                'pending',
                'held',
                'digested',
                'muted',
                'skipped',
                'sent',
                'failed'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "notification" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "key" character varying(200) NOT NULL,
                "kind" character varying(48) NOT NULL,
                "critical" boolean NOT NULL DEFAULT false,
                "recipient_user_id" uuid NOT NULL,
                "milestone_id" uuid,
                "subject_type" character varying(48),
                "subject_id" uuid,
                "day" date NOT NULL,
                "status" "public"."notification_status" NOT NULL DEFAULT 'pending',
                "payload" jsonb NOT NULL DEFAULT '{}',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "message_id" character varying(255),
                "digest_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f98ad0a58b7e3201a5e7a0fa1c" ON "notification" ("key")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_7d7f411e854516f615ba846c6a" ON "notification" ("recipient_user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_1eee194f6b0b3317c580bc8484" ON "notification" ("milestone_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_notification_pending" ON "notification" ("created_at")
            WHERE "status" = 'pending'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_notification_held" ON "notification" ("recipient_user_id", "created_at")
            WHERE "status" = 'held'
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_notification_failed" ON "notification" ("created_at")
            WHERE "status" = 'failed'
        `);
        await queryRunner.query(`
            CREATE TABLE "report_schedule" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "programme_id" uuid NOT NULL,
                "kind" character varying(48) NOT NULL,
                "format" character varying(8) NOT NULL,
                "cron" character varying(120) NOT NULL,
                "recipient_user_ids" uuid array NOT NULL,
                "parameters" jsonb NOT NULL DEFAULT '{}',
                "is_active" boolean NOT NULL DEFAULT true,
                "created_by_user_id" uuid,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_c7488f713986a70052eb10f1178" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_15d42326d93c55973c4194acf5" ON "report_schedule" ("programme_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."report_run_status" AS ENUM('running', 'sent', 'failed')
        `);
        await queryRunner.query(`
            CREATE TABLE "report_schedule_run" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "schedule_id" uuid NOT NULL,
                "scheduled_for" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" "public"."report_run_status" NOT NULL DEFAULT 'running',
                "file_name" text,
                "content_type" character varying(128),
                "byte_size" integer,
                "sha256" character(64),
                "row_count" integer,
                "recipient_count" integer NOT NULL DEFAULT '0',
                "error" text,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "UQ_report_schedule_run_tick" UNIQUE ("schedule_id", "scheduled_for"),
                CONSTRAINT "CHK_report_schedule_run_sha256" CHECK (
                    "sha256" IS NULL
                    OR "sha256" ~ '^[0-9a-f]{64}$'
                ),
                CONSTRAINT "PK_f088635ab337d3ad021218d8e90" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD "reminder_policy" jsonb
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."notification_delivery" AS ENUM('immediate', 'digest')
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "notification_delivery" "public"."notification_delivery" NOT NULL DEFAULT 'immediate'
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD "mute_non_critical" boolean NOT NULL DEFAULT false
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_milestone_open_due" ON "milestone" ("due_date", "code")
            WHERE "status" <> 'accepted'
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_7d7f411e854516f615ba846c6a4" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_1eee194f6b0b3317c580bc84845" FOREIGN KEY ("milestone_id") REFERENCES "milestone"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule"
            ADD CONSTRAINT "FK_15d42326d93c55973c4194acf5b" FOREIGN KEY ("programme_id") REFERENCES "programme"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule"
            ADD CONSTRAINT "FK_bebca3fc0edbad799058d285e12" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule_run"
            ADD CONSTRAINT "FK_72982396eaf5153ddf1e0028e8c" FOREIGN KEY ("schedule_id") REFERENCES "report_schedule"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "report_schedule_run" DROP CONSTRAINT "FK_72982396eaf5153ddf1e0028e8c"
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule" DROP CONSTRAINT "FK_bebca3fc0edbad799058d285e12"
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule" DROP CONSTRAINT "FK_15d42326d93c55973c4194acf5b"
        `);
        await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_1eee194f6b0b3317c580bc84845"
        `);
        await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_7d7f411e854516f615ba846c6a4"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_milestone_open_due"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "mute_non_critical"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP COLUMN "notification_delivery"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."notification_delivery"
        `);
        await queryRunner.query(`
            ALTER TABLE "programme" DROP COLUMN "reminder_policy"
        `);
        await queryRunner.query(`
            DROP TABLE "report_schedule_run"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."report_run_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_15d42326d93c55973c4194acf5"
        `);
        await queryRunner.query(`
            DROP TABLE "report_schedule"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_failed"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_held"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_pending"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_1eee194f6b0b3317c580bc8484"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_7d7f411e854516f615ba846c6a"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_f98ad0a58b7e3201a5e7a0fa1c"
        `);
        await queryRunner.query(`
            DROP TABLE "notification"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."notification_status"
        `);
    }

}
