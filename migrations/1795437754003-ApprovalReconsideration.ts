import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApprovalReconsideration1795437754003 implements MigrationInterface {
  name = 'ApprovalReconsideration1795437754003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "core"."approval_route" AS ENUM('AUTO_APPROVE', 'SPECIALIST_REVIEW', 'COMMITTEE')`,
    );
    await queryRunner.query(`CREATE TYPE "core"."reconsideration_status" AS ENUM('OPEN', 'DECIDED')`);
    await queryRunner.query(`CREATE TYPE "core"."reconsideration_outcome" AS ENUM('APPROVED', 'DECLINED')`);
    await queryRunner.query(
      `CREATE TABLE "core"."approval_reconsideration" ("id" BIGSERIAL NOT NULL, "uscc" character(18) NOT NULL, "amount" numeric(18,2) NOT NULL, "route" "core"."approval_route" NOT NULL, "reasons" jsonb NOT NULL, "score" integer NOT NULL, "tier" character varying(8) NOT NULL, "model_version" character varying(40) NOT NULL, "policy_version" character varying(40) NOT NULL, "requested_by" text NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "status" "core"."reconsideration_status" NOT NULL DEFAULT 'OPEN', "decided_by" text, "decided_at" TIMESTAMP WITH TIME ZONE, "outcome" "core"."reconsideration_outcome", "decision_note" text, CONSTRAINT "approval_reconsideration_decided" CHECK ((status = 'OPEN' AND decided_by IS NULL AND decided_at IS NULL AND outcome IS NULL) OR (status = 'DECIDED' AND decided_by IS NOT NULL AND decided_at IS NOT NULL AND outcome IS NOT NULL)), CONSTRAINT "approval_reconsideration_amount_positive" CHECK (amount > 0), CONSTRAINT "PK_a2be5ca442aa6f36129c7dfe7ee" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "approval_reconsideration_open" ON "core"."approval_reconsideration"  ("uscc", "amount") WHERE status = 'OPEN'`,
    );
    await queryRunner.query(
      `CREATE INDEX "approval_reconsideration_uscc" ON "core"."approval_reconsideration"  ("uscc", "requested_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "core"."approval_reconsideration_uscc"`);
    await queryRunner.query(`DROP INDEX "core"."approval_reconsideration_open"`);
    await queryRunner.query(`DROP TABLE "core"."approval_reconsideration"`);
    await queryRunner.query(`DROP TYPE "core"."reconsideration_outcome"`);
    await queryRunner.query(`DROP TYPE "core"."reconsideration_status"`);
    await queryRunner.query(`DROP TYPE "core"."approval_route"`);
  }
}
