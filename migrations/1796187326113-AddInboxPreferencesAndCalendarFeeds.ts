import { MigrationInterface, QueryRunner } from "typeorm";

export class AddInboxPreferencesAndCalendarFeeds1796187326113 implements MigrationInterface {
    name = 'AddInboxPreferencesAndCalendarFeeds1796187326113'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "calendar_feed" (
                "user_id" uuid NOT NULL,
                "token_hash" character varying(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_fetched_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_29b8f216ae4f5fdd5bcc8de8112" PRIMARY KEY ("user_id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_3a0b1d1c7619ea19ff1affaaf7" ON "calendar_feed" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."kind_delivery" AS ENUM(
                'immediate',
                'daily_digest',
                'weekly_digest',
                'off'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "notification_preference" (
                "user_id" uuid NOT NULL,
                "kind" character varying(48) NOT NULL,
                "delivery" "public"."kind_delivery" NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0f7529aefc65bd035491bb755bf" PRIMARY KEY ("user_id", "kind")
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD "digest_cadence" character varying(8)
        `);
        await queryRunner.query(`
            ALTER TABLE "notification"
            ADD "read_at" TIMESTAMP WITH TIME ZONE
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_notification_unread" ON "notification" ("recipient_user_id")
            WHERE "read_at" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_notification_inbox" ON "notification" ("recipient_user_id", "created_at", "id")
        `);
        await queryRunner.query(`
            ALTER TABLE "calendar_feed"
            ADD CONSTRAINT "FK_29b8f216ae4f5fdd5bcc8de8112" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "notification_preference"
            ADD CONSTRAINT "FK_ff040d2d2e35c49b00525783829" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "notification_preference" DROP CONSTRAINT "FK_ff040d2d2e35c49b00525783829"
        `);
        await queryRunner.query(`
            ALTER TABLE "calendar_feed" DROP CONSTRAINT "FK_29b8f216ae4f5fdd5bcc8de8112"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_inbox"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_notification_unread"
        `);
        await queryRunner.query(`
            ALTER TABLE "notification" DROP COLUMN "read_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "notification" DROP COLUMN "digest_cadence"
        `);
        await queryRunner.query(`
            DROP TABLE "notification_preference"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."kind_delivery"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."IDX_3a0b1d1c7619ea19ff1affaaf7"
        `);
        await queryRunner.query(`
            DROP TABLE "calendar_feed"
        `);
    }

}
