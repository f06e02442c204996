import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A reviewer's unfinished scorecard (PUT /api/gate-reviews/{id}/scores/draft), kept beside their assignment. */
export class AddGateScoreDrafts1796187454354 implements MigrationInterface {
  name = 'AddGateScoreDrafts1796187454354';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "gate_reviewer" ADD "draft_scores" jsonb`);
    await queryRunner.query(`ALTER TABLE "gate_reviewer" ADD "draft_saved_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "gate_reviewer" DROP COLUMN "draft_saved_at"`);
    await queryRunner.query(`ALTER TABLE "gate_reviewer" DROP COLUMN "draft_scores"`);
  }
}
