import { MigrationInterface, QueryRunner } from "typeorm";

/** Refresh tokens a session rotated away from: only one of these coming back ends the session as a replay. */
export class AddUsedRefreshTokens1796173340524 implements MigrationInterface {
    name = 'AddUsedRefreshTokens1796173340524'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "used_refresh_token" (
                "token_hash" character(64) NOT NULL,
                "session_id" uuid NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1a5cb43981366b5aaa8845ee669" PRIMARY KEY ("token_hash")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_fc7f72131107badc0d60bdfd88" ON "used_refresh_token" ("session_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "used_refresh_token"
            ADD CONSTRAINT "FK_fc7f72131107badc0d60bdfd888" FOREIGN KEY ("session_id") REFERENCES "user_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "used_refresh_token" DROP CONSTRAINT "FK_fc7f72131107badc0d60bdfd888"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_fc7f72131107badc0d60bdfd88"
        `);
        await queryRunner.query(`
            DROP TABLE "used_refresh_token"
        `);
    }

}
