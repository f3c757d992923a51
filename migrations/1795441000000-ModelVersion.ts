/**
 * core.model_version: the fitted default models (src/model/model-version.entity.ts), at most one
 * of them active.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ModelVersion1795441000000 implements MigrationInterface {
  name = 'ModelVersion1795441000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "core"."model_version" ("version" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "source" text NOT NULL, "metrics" jsonb NOT NULL, "model" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT false, "activated_at" TIMESTAMP WITH TIME ZONE, "activated_by" text, CONSTRAINT "PK_e8a75433511c51a4642834f464a" PRIMARY KEY ("version"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "model_version_active" ON "core"."model_version"  ("active") WHERE "active"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "core"."model_version_active"`);
    await queryRunner.query(`DROP TABLE "core"."model_version"`);
  }
}
