import { MigrationInterface, QueryRunner } from 'typeorm';

export class Warnings1795437007598 implements MigrationInterface {
  name = 'Warnings1795437007598';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."health_tier" AS ENUM('GREEN', 'BLUE', 'YELLOW', 'ORANGE', 'RED')`);
    await queryRunner.query(
      `CREATE TYPE "core"."warning_status" AS ENUM('OPEN', 'VERIFYING', 'ACTION_TAKEN', 'CLOSED', 'DISMISSED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "core"."warning" ("id" BIGSERIAL NOT NULL, "uscc" character(18) NOT NULL, "code" character varying(40) NOT NULL, "severity" "core"."quality_severity" NOT NULL, "tier" "core"."health_tier" NOT NULL, "message" text NOT NULL, "evidence" jsonb NOT NULL, "sources" text array NOT NULL, "fingerprint" character varying(64) NOT NULL, "status" "core"."warning_status" NOT NULL DEFAULT 'OPEN', "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "cleared_at" TIMESTAMP WITH TIME ZONE, "verify_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "action_taken_at" TIMESTAMP WITH TIME ZONE, "follow_up_due_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "decided_by" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, CONSTRAINT "PK_54ddc381cc95ffd6909e427b093" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "warning_follow_up_due" ON "core"."warning"  ("status", "follow_up_due_at") `,
    );
    await queryRunner.query(`CREATE INDEX "warning_verify_due" ON "core"."warning"  ("status", "verify_due_at") `);
    await queryRunner.query(`CREATE INDEX "warning_code_status" ON "core"."warning"  ("code", "status") `);
    await queryRunner.query(`CREATE INDEX "warning_tier_status" ON "core"."warning"  ("tier", "status") `);
    await queryRunner.query(
      `CREATE INDEX "warning_status_order" ON "core"."warning"  ("status", "severity", "first_seen_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "warning_uscc" ON "core"."warning"  ("uscc", "first_seen_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "warning_fingerprint" ON "core"."warning"  ("fingerprint") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "core"."warning_fingerprint"`);
    await queryRunner.query(`DROP INDEX "core"."warning_uscc"`);
    await queryRunner.query(`DROP INDEX "core"."warning_status_order"`);
    await queryRunner.query(`DROP INDEX "core"."warning_tier_status"`);
    await queryRunner.query(`DROP INDEX "core"."warning_code_status"`);
    await queryRunner.query(`DROP INDEX "core"."warning_verify_due"`);
    await queryRunner.query(`DROP INDEX "core"."warning_follow_up_due"`);
    await queryRunner.query(`DROP TABLE "core"."warning"`);
    await queryRunner.query(`DROP TYPE "core"."warning_status"`);
    await queryRunner.query(`DROP TYPE "core"."health_tier"`);
  }
}
