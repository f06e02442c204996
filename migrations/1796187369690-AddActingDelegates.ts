import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Acting delegates (職務代理): the delegation table, and audit_event.acting_user_id for "A for B".
 * The audit hash already covers any later column when it is not null (HashEveryAuditColumn), so
 * rows chained before keep their hashes and a delegate's rows hash the acting person too.
 */
export class AddActingDelegates1796187369690 implements MigrationInterface {
  name = 'AddActingDelegates1796187369690';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "delegation" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "delegator_user_id" uuid NOT NULL,
        "delegate_user_id" uuid NOT NULL,
        "organisation_id" uuid,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "ended_at" TIMESTAMP WITH TIME ZONE,
        "ended_by_user_id" uuid,
        CONSTRAINT "CHK_delegation_not_self" CHECK ("delegator_user_id" <> "delegate_user_id"),
        CONSTRAINT "CHK_delegation_dates" CHECK ("starts_on" <= "ends_on"),
        CONSTRAINT "PK_a2cb6c9b942d68b109131beab44" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_6c661fdf4318c9a9b49731c2f5" ON "delegation" ("delegator_user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_2e42bb25c6e2986a13d7c97fe2" ON "delegation" ("delegate_user_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_5ba5e54fdfcc8969eea62ba9f8" ON "delegation" ("organisation_id")`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "acting_user_id" uuid`);
    await queryRunner.query(`
      ALTER TABLE "delegation" ADD CONSTRAINT "FK_6c661fdf4318c9a9b49731c2f5c"
        FOREIGN KEY ("delegator_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`
      ALTER TABLE "delegation" ADD CONSTRAINT "FK_2e42bb25c6e2986a13d7c97fe2b"
        FOREIGN KEY ("delegate_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`
      ALTER TABLE "delegation" ADD CONSTRAINT "FK_5ba5e54fdfcc8969eea62ba9f84"
        FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "acting_user_id"`);
    await queryRunner.query(`DROP TABLE "delegation"`);
  }
}
