import { MigrationInterface, QueryRunner } from "typeorm";

export class AddSessionKind1796158947891 implements MigrationInterface {
    name = 'AddSessionKind1796158947891'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "user_session"
            ADD "kind" text NOT NULL DEFAULT 'bearer'
        `);
        await queryRunner.query(`
            ALTER TABLE "user_session"
            ADD CONSTRAINT "CHK_user_session_kind" CHECK ("kind" IN ('bearer', 'browser'))
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "user_session" DROP CONSTRAINT "CHK_user_session_kind"
        `);
        await queryRunner.query(`
            ALTER TABLE "user_session" DROP COLUMN "kind"
        `);
    }

}
