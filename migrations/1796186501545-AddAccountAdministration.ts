import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ministry account administrator role (部會署窗口) and the one-time links of invitations and password resets. */
export class AddAccountAdministration1796186501545 implements MigrationInterface {
  name = 'AddAccountAdministration1796186501545';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."user_role" ADD VALUE IF NOT EXISTS 'ministry_admin'`);
    await queryRunner.query(`
      CREATE TABLE "account_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "purpose" character varying(32) NOT NULL,
        "token_hash" character(64),
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_account_token_purpose" CHECK ("purpose" IN ('invitation', 'password_reset')),
        CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_ab3c66669facfe429164e60ab8" ON "account_token" ("user_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_afb41d941d437f47a0d75373f8" ON "account_token" ("token_hash")`);
    await queryRunner.query(`
      ALTER TABLE "account_token" ADD CONSTRAINT "FK_ab3c66669facfe429164e60ab82"
        FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "account_token"`);
    // PostgreSQL cannot drop an enum value: rebuild the type without it (the role is taken from whoever has it).
    await queryRunner.query(`UPDATE "app_user" SET "roles" = array_remove("roles", 'ministry_admin') WHERE 'ministry_admin' = ANY("roles")`);
    await queryRunner.query(`ALTER TYPE "public"."user_role" RENAME TO "user_role_old"`);
    await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('admin', 'coordinator', 'ministry_officer', 'ministry_supervisor', 'reviewer', 'viewer')`);
    await queryRunner.query(`ALTER TABLE "app_user" ALTER COLUMN "roles" TYPE "public"."user_role"[] USING "roles"::text[]::"public"."user_role"[]`);
    await queryRunner.query(`DROP TYPE "public"."user_role_old"`);
  }
}
