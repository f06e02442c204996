import { MigrationInterface, QueryRunner } from "typeorm";

export class LinkScheduleRunsToReports1795325532889 implements MigrationInterface {
    name = 'LinkScheduleRunsToReports1795325532889'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "report_schedule_run"
            ADD "report_id" uuid
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_a67d8a993fbe0fba05b362d8c3" ON "report_schedule_run" ("report_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule_run"
            ADD CONSTRAINT "FK_a67d8a993fbe0fba05b362d8c3c" FOREIGN KEY ("report_id") REFERENCES "report"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "report_schedule_run" DROP CONSTRAINT "FK_a67d8a993fbe0fba05b362d8c3c"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_a67d8a993fbe0fba05b362d8c3"
        `);
        await queryRunner.query(`
            ALTER TABLE "report_schedule_run" DROP COLUMN "report_id"
        `);
    }

}
