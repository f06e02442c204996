import { MigrationInterface, QueryRunner } from "typeorm";

/** The X-Request-Id a client sent, kept apart from the server's request_id: untrusted, for correlation only. */
export class AddAuditClientRequestId1796174853482 implements MigrationInterface {
    name = 'AddAuditClientRequestId1796174853482'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "audit_event"
            ADD "client_request_id" text
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "audit_event" DROP COLUMN "client_request_id"
        `);
    }

}
