import { MigrationInterface, QueryRunner } from "typeorm";

/** Who took the step an outbox row records, so its emails can leave them out. */
export class AddOutboxEventActor1796172936446 implements MigrationInterface {
    name = 'AddOutboxEventActor1796172936446'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "outbox_event"
            ADD "actor_user_id" uuid
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "outbox_event" DROP COLUMN "actor_user_id"
        `);
    }

}
