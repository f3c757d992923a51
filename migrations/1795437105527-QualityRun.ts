import { MigrationInterface, QueryRunner } from 'typeorm';

export class QualityRun1795437105527 implements MigrationInterface {
  name = 'QualityRun1795437105527';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."quality_run_mode" AS ENUM('FULL', 'INCREMENTAL')`);
    await queryRunner.query(`CREATE TYPE "core"."quality_run_status" AS ENUM('RUNNING', 'COMPLETED', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "core"."quality_run" ("id" BIGSERIAL NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "as_of" character varying(7) NOT NULL, "mode" "core"."quality_run_mode" NOT NULL, "firms_checked" integer NOT NULL DEFAULT '0', "checks" jsonb NOT NULL, "config_hash" character(64) NOT NULL, "status" "core"."quality_run_status" NOT NULL, "error" text, CONSTRAINT "PK_a4dd4e762a2e332f37e1e9312db" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "quality_run_status_started" ON "core"."quality_run"  ("status", "started_at") `,
    );
    await queryRunner.query(`CREATE INDEX "vat_declaration_period" ON "tax"."vat_declaration"  ("period") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "tax"."vat_declaration_period"`);
    await queryRunner.query(`DROP INDEX "core"."quality_run_status_started"`);
    await queryRunner.query(`DROP TABLE "core"."quality_run"`);
    await queryRunner.query(`DROP TYPE "core"."quality_run_status"`);
    await queryRunner.query(`DROP TYPE "core"."quality_run_mode"`);
  }
}
