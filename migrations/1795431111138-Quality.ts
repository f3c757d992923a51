/** core.quality_finding: findings of the data-quality checks (src/quality), with evidence and a fingerprint unique across runs. Generated from the entity. */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Quality1795431111138 implements MigrationInterface {
  name = 'Quality1795431111138';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."quality_severity" AS ENUM('LOW', 'MEDIUM', 'HIGH')`);
    await queryRunner.query(`CREATE TYPE "core"."quality_finding_status" AS ENUM('OPEN', 'CONFIRMED', 'DISMISSED')`);
    await queryRunner.query(
      `CREATE TABLE "core"."quality_finding" ("id" BIGSERIAL NOT NULL, "uscc" character(18) NOT NULL, "code" character varying(40) NOT NULL, "severity" "core"."quality_severity" NOT NULL, "message" text NOT NULL, "evidence" jsonb NOT NULL, "sources" text array NOT NULL, "fingerprint" character(64) NOT NULL, "status" "core"."quality_finding_status" NOT NULL DEFAULT 'OPEN', "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2322d366c4fa0e5a1bad9d31142" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "quality_finding_code_status" ON "core"."quality_finding"  ("code", "status") `,
    );
    await queryRunner.query(`CREATE INDEX "quality_finding_uscc" ON "core"."quality_finding"  ("uscc", "code") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "quality_finding_fingerprint" ON "core"."quality_finding"  ("fingerprint") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "core"."quality_finding_fingerprint"`);
    await queryRunner.query(`DROP INDEX "core"."quality_finding_uscc"`);
    await queryRunner.query(`DROP INDEX "core"."quality_finding_code_status"`);
    await queryRunner.query(`DROP TABLE "core"."quality_finding"`);
    await queryRunner.query(`DROP TYPE "core"."quality_finding_status"`);
    await queryRunner.query(`DROP TYPE "core"."quality_severity"`);
  }
}
