/** core.source_sync: how each source's data about a firm arrived (provenance). Generated from the entity. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class SourceSync1795428365629 implements MigrationInterface {
  name = 'SourceSync1795428365629';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."origin" AS ENUM('LIVE_FETCH', 'IMPORT', 'GENERATOR')`);
    await queryRunner.query(
      `CREATE TABLE "core"."source_sync" ("uscc" character(18) NOT NULL, "source" character varying(16) NOT NULL, "origin" "core"."origin" NOT NULL, "origin_ref" text NOT NULL, "as_of" date, "fetched_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ee48b8b45c78159309bf8ddc4d6" PRIMARY KEY ("uscc", "source"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "source_sync_source_fetched" ON "core"."source_sync"  ("source", "fetched_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "core"."source_sync_source_fetched"`);
    await queryRunner.query(`DROP TABLE "core"."source_sync"`);
    await queryRunner.query(`DROP TYPE "core"."origin"`);
  }
}
