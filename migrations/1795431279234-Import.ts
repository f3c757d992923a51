/**
 * The bulk import (src/import/): core.import_run, core.import_quarantine, core.import_run_firm,
 * and a nullable import_key with a unique index on the mirror tables that have no natural unique
 * key, so a re-imported line finds its row again. Generated from the entities.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Import1795431279234 implements MigrationInterface {
  name = 'Import1795431279234';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."import_status" AS ENUM('RUNNING', 'SUCCEEDED', 'REJECTED', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "core"."import_run" ("id" BIGSERIAL NOT NULL, "source" character varying(16) NOT NULL, "kind" character varying(32) NOT NULL, "file" text NOT NULL, "sha256" character(64), "format" character varying(8) NOT NULL, "bytes" bigint NOT NULL, "status" "core"."import_status" NOT NULL, "rows_read" integer NOT NULL DEFAULT '0', "inserted" integer NOT NULL DEFAULT '0', "updated" integer NOT NULL DEFAULT '0', "unchanged" integer NOT NULL DEFAULT '0', "quarantined" integer NOT NULL DEFAULT '0', "error" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_efe3e6d8cb9f51ca4e9cd1cf5d3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "import_run_kind_started" ON "core"."import_run"  ("source", "kind", "started_at") `,
    );
    await queryRunner.query(`CREATE INDEX "import_run_sha256" ON "core"."import_run"  ("sha256") `);
    await queryRunner.query(
      `CREATE TABLE "core"."import_quarantine" ("id" BIGSERIAL NOT NULL, "run_id" bigint NOT NULL, "file" text NOT NULL, "line" integer NOT NULL, "raw" jsonb NOT NULL, "columns" text array NOT NULL, "reason" text NOT NULL, CONSTRAINT "PK_219b16696d30981117c903de556" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "import_quarantine_run_line" ON "core"."import_quarantine"  ("run_id", "line") `,
    );
    await queryRunner.query(
      `CREATE TABLE "core"."import_run_firm" ("run_id" bigint NOT NULL, "uscc" character(18) NOT NULL, "first_line" integer NOT NULL, "last_line" integer NOT NULL, "as_of" date, CONSTRAINT "PK_4c147459d9b5aea8e26ff4d8bf5" PRIMARY KEY ("run_id", "uscc"))`,
    );
    await queryRunner.query(`CREATE INDEX "import_run_firm_uscc" ON "core"."import_run_firm"  ("uscc") `);
    await queryRunner.query(`ALTER TABLE "registry"."shareholder" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "registry"."change_log" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "registry"."abnormal_listing" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "tax"."invoice" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "bank"."guarantee" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "bank"."consent" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "supply_chain"."purchase_order" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "supply_chain"."confirmation" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "judicial"."case_party" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" ADD "import_key" text`);
    await queryRunner.query(`ALTER TABLE "judicial"."dishonest_listing" ADD "import_key" text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "shareholder_import_key" ON "registry"."shareholder"  ("import_key") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "change_log_import_key" ON "registry"."change_log"  ("import_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "abnormal_listing_import_key" ON "registry"."abnormal_listing"  ("import_key") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "invoice_import_key" ON "tax"."invoice"  ("import_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "guarantee_import_key" ON "bank"."guarantee"  ("import_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "consent_import_key" ON "bank"."consent"  ("import_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "purchase_order_import_key" ON "supply_chain"."purchase_order"  ("import_key") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "confirmation_import_key" ON "supply_chain"."confirmation"  ("import_key") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "case_party_import_key" ON "judicial"."case_party"  ("import_key") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "enforcement_import_key" ON "judicial"."enforcement"  ("import_key") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "dishonest_listing_import_key" ON "judicial"."dishonest_listing"  ("import_key") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "judicial"."dishonest_listing_import_key"`);
    await queryRunner.query(`DROP INDEX "judicial"."enforcement_import_key"`);
    await queryRunner.query(`DROP INDEX "judicial"."case_party_import_key"`);
    await queryRunner.query(`DROP INDEX "supply_chain"."confirmation_import_key"`);
    await queryRunner.query(`DROP INDEX "supply_chain"."purchase_order_import_key"`);
    await queryRunner.query(`DROP INDEX "bank"."consent_import_key"`);
    await queryRunner.query(`DROP INDEX "bank"."guarantee_import_key"`);
    await queryRunner.query(`DROP INDEX "tax"."invoice_import_key"`);
    await queryRunner.query(`DROP INDEX "registry"."abnormal_listing_import_key"`);
    await queryRunner.query(`DROP INDEX "registry"."change_log_import_key"`);
    await queryRunner.query(`DROP INDEX "registry"."shareholder_import_key"`);
    await queryRunner.query(`ALTER TABLE "judicial"."dishonest_listing" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "judicial"."case_party" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "supply_chain"."confirmation" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "supply_chain"."purchase_order" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "bank"."consent" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "bank"."guarantee" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "tax"."invoice" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "registry"."abnormal_listing" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "registry"."change_log" DROP COLUMN "import_key"`);
    await queryRunner.query(`ALTER TABLE "registry"."shareholder" DROP COLUMN "import_key"`);
    await queryRunner.query(`DROP INDEX "core"."import_run_firm_uscc"`);
    await queryRunner.query(`DROP TABLE "core"."import_run_firm"`);
    await queryRunner.query(`DROP INDEX "core"."import_quarantine_run_line"`);
    await queryRunner.query(`DROP TABLE "core"."import_quarantine"`);
    await queryRunner.query(`DROP INDEX "core"."import_run_sha256"`);
    await queryRunner.query(`DROP INDEX "core"."import_run_kind_started"`);
    await queryRunner.query(`DROP TABLE "core"."import_run"`);
    await queryRunner.query(`DROP TYPE "core"."import_status"`);
  }
}
