import { MigrationInterface, QueryRunner } from 'typeorm';

export class Resolution1795436061958 implements MigrationInterface {
  name = 'Resolution1795436061958';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."entity_link_kind" AS ENUM('RECORD', 'FIRM')`);
    await queryRunner.query(`CREATE TYPE "core"."entity_link_method" AS ENUM('EXACT_ID', 'SCORED')`);
    await queryRunner.query(
      `CREATE TYPE "core"."entity_link_status" AS ENUM('LINKED', 'REVIEW', 'CONFIRMED', 'REJECTED', 'UNDONE')`,
    );
    await queryRunner.query(
      `CREATE TABLE "core"."entity_link" ("id" BIGSERIAL NOT NULL, "kind" "core"."entity_link_kind" NOT NULL, "source_table" character varying(64) NOT NULL, "record_key" character varying(64) NOT NULL, "record_name" text NOT NULL, "uscc" character(18) NOT NULL, "method" "core"."entity_link_method" NOT NULL, "match_weight" numeric(8,2) NOT NULL, "probability" numeric(9,8) NOT NULL, "explanation" jsonb NOT NULL, "status" "core"."entity_link_status" NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE, "decided_by" text, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_reason" text, CONSTRAINT "PK_68ea75ac5054f1afe82e8f9e8b9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "entity_link_status" ON "core"."entity_link"  ("status", "probability") `);
    await queryRunner.query(`CREATE INDEX "entity_link_uscc" ON "core"."entity_link"  ("uscc") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "entity_link_record_firm" ON "core"."entity_link"  ("source_table", "record_key", "uscc") `,
    );
    await queryRunner.query(`CREATE TYPE "core"."review_subject" AS ENUM('FINDING', 'LINK', 'WARNING')`);
    await queryRunner.query(
      `CREATE TABLE "core"."review_event" ("id" BIGSERIAL NOT NULL, "subject" "core"."review_subject" NOT NULL, "subject_id" bigint NOT NULL, "action" character varying(24) NOT NULL, "reason" text, "actor" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "status_before" character varying(16) NOT NULL, "status_after" character varying(16) NOT NULL, CONSTRAINT "PK_005b84b7e7dd19d28f1c36eb7c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "review_event_subject" ON "core"."review_event"  ("subject", "subject_id", "at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "core"."review_event_subject"`);
    await queryRunner.query(`DROP TABLE "core"."review_event"`);
    await queryRunner.query(`DROP TYPE "core"."review_subject"`);
    await queryRunner.query(`DROP INDEX "core"."entity_link_record_firm"`);
    await queryRunner.query(`DROP INDEX "core"."entity_link_uscc"`);
    await queryRunner.query(`DROP INDEX "core"."entity_link_status"`);
    await queryRunner.query(`DROP TABLE "core"."entity_link"`);
    await queryRunner.query(`DROP TYPE "core"."entity_link_status"`);
    await queryRunner.query(`DROP TYPE "core"."entity_link_method"`);
    await queryRunner.query(`DROP TYPE "core"."entity_link_kind"`);
  }
}
