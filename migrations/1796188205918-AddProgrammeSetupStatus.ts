import { MigrationInterface, QueryRunner } from "typeorm";

/** Programme setup (libs/programme-setup): a programme's status (setting up / active) and the programme it was copied from. */
export class AddProgrammeSetupStatus1796188205918 implements MigrationInterface {
    name = 'AddProgrammeSetupStatus1796188205918'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."programme_status" AS ENUM('setting_up', 'active')
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD "status" "public"."programme_status" NOT NULL DEFAULT 'active'
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD "copied_from_id" uuid
        `);
        await queryRunner.query(`
            ALTER TABLE "programme"
            ADD CONSTRAINT "FK_a43a4e2f2b649e79c2cbbdc1ed5" FOREIGN KEY ("copied_from_id") REFERENCES "programme"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "programme" DROP CONSTRAINT "FK_a43a4e2f2b649e79c2cbbdc1ed5"
        `);
        await queryRunner.query(`
            ALTER TABLE "programme" DROP COLUMN "copied_from_id"
        `);
        await queryRunner.query(`
            ALTER TABLE "programme" DROP COLUMN "status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."programme_status"
        `);
    }

}
