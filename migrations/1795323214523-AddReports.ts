import { MigrationInterface, QueryRunner } from "typeorm";

export class AddReports1795323214523 implements MigrationInterface {
    name = 'AddReports1795323214523'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."report_status" AS ENUM('queued', 'running', 'ready', 'failed')
        `);
        await queryRunner.query(`
            CREATE TABLE "report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(48) NOT NULL,
                "format" character varying(8) NOT NULL,
                "parameters" jsonb NOT NULL DEFAULT '{}',
                "as_of" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status" "public"."report_status" NOT NULL DEFAULT 'queued',
                "programme_id" uuid,
                "sub_project_id" uuid,
                "meeting_id" uuid,
                "file_name" text,
                "content_type" character varying(128),
                "byte_size" integer,
                "sha256" character(64),
                "error" text,
                "requested_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "CHK_report_sha256" CHECK (
                    "sha256" IS NULL
                    OR "sha256" ~ '^[0-9a-f]{64}$'
                ),
                CONSTRAINT "PK_99e4d0bea58cba73c57f935a546" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_5c69f5b757270d964c647e2fe6" ON "report" ("programme_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_e1ebc6401ed79e9232ddde8336" ON "report" ("sub_project_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_report_ready_finished" ON "report" ("finished_at")
            WHERE "status" = 'ready'
        `);
        await queryRunner.query(`
            ALTER TABLE "report"
            ADD CONSTRAINT "FK_3bf8fc23739071626f0d228326f" FOREIGN KEY ("requested_by_user_id") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "report" DROP CONSTRAINT "FK_3bf8fc23739071626f0d228326f"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_report_ready_finished"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_e1ebc6401ed79e9232ddde8336"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_5c69f5b757270d964c647e2fe6"
        `);
        await queryRunner.query(`
            DROP TABLE "report"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."report_status"
        `);
    }

}
