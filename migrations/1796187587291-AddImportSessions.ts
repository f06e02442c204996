import { MigrationInterface, QueryRunner } from "typeorm";

/** Import sessions: an uploaded file's parsed rows and preview, kept until confirmed or expired (libs/imports). */
export class AddImportSessions1796187587291 implements MigrationInterface {
    name = 'AddImportSessions1796187587291'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "import_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "kind" character varying(32) NOT NULL,
                "file_name" text NOT NULL,
                "file_sha256" character(64) NOT NULL,
                "file_bytes" integer NOT NULL,
                "format" character varying(8) NOT NULL,
                "encoding" character varying(16),
                "sheet_name" text,
                "columns" jsonb NOT NULL,
                "summary" jsonb NOT NULL,
                "created_by" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "confirmed_at" TIMESTAMP WITH TIME ZONE,
                "result" jsonb,
                CONSTRAINT "PK_f4b8098c2d0c74ae24f827a97e8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_ba23e638859866957383244eab" ON "import_session" ("expires_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_3e62d1620555e61d29e72efb02" ON "import_session" ("created_by", "created_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "import_session_row" (
                "session_id" uuid NOT NULL,
                "row_no" integer NOT NULL,
                "key" text,
                "action" character varying(16) NOT NULL,
                "changes" jsonb NOT NULL DEFAULT '[]',
                "problems" jsonb NOT NULL DEFAULT '[]',
                "record" jsonb,
                CONSTRAINT "PK_d82698e7f1f4975b5457fef6eff" PRIMARY KEY ("session_id", "row_no")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "import_session"
            ADD CONSTRAINT "FK_f541b0b89c058ca3d032572ffc0" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "import_session_row"
            ADD CONSTRAINT "FK_579b77dae2ef2a88974aebb1470" FOREIGN KEY ("session_id") REFERENCES "import_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "import_session_row" DROP CONSTRAINT "FK_579b77dae2ef2a88974aebb1470"
        `);
        await queryRunner.query(`
            ALTER TABLE "import_session" DROP CONSTRAINT "FK_f541b0b89c058ca3d032572ffc0"
        `);
        await queryRunner.query(`
            DROP TABLE "import_session_row"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3e62d1620555e61d29e72efb02"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_ba23e638859866957383244eab"
        `);
        await queryRunner.query(`
            DROP TABLE "import_session"
        `);
    }

}
