/**
 * Scores stored as they are computed (src/rescore/*.entity.ts, docs/snapshots.md): snapshots, the
 * latest per firm, rescore runs and batches, model alerts; and the change log of firms' inputs,
 * appended to by statement-level triggers on every mirror table the score reads, so that any
 * writer (an import, a live fetch, a seed, a hand edit) marks the firms whose inputs changed.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each table the score reads, and the firms a changed row (the transition table `changed`) touches. */
export const INPUT_TABLES: ReadonlyArray<[string, string]> = [
  ['core.firm', 'SELECT uscc FROM changed'],
  ['core.entity_link', 'SELECT uscc FROM changed'],
  ['registry.company', 'SELECT uscc FROM changed'],
  ['registry.change_log', 'SELECT uscc FROM changed'],
  ['registry.abnormal_listing', 'SELECT uscc FROM changed'],
  ['registry.shareholder', 'SELECT uscc FROM changed'],
  ['tax.taxpayer', 'SELECT uscc FROM changed'],
  ['tax.vat_declaration', 'SELECT uscc FROM changed'],
  ['tax.invoice', 'SELECT seller_uscc FROM changed'],
  ['tax.credit_rating', 'SELECT uscc FROM changed'],
  ['bank.account', 'SELECT uscc FROM changed'],
  ['bank.account_month', 'SELECT uscc FROM changed'],
  ['bank.loan', 'SELECT uscc FROM changed'],
  ['bank.loan_installment', 'SELECT l.uscc FROM changed c JOIN bank.loan l ON l.id = c.loan_id'],
  ['bank.loan_classification', 'SELECT l.uscc FROM changed c JOIN bank.loan l ON l.id = c.loan_id'],
  ['bank.guarantee', 'SELECT guarantor_uscc FROM changed UNION ALL SELECT borrower_uscc FROM changed'],
  ['bank.financial_statement', 'SELECT uscc FROM changed'],
  ['supply_chain.purchase_order', 'SELECT supplier_uscc FROM changed'],
  ['supply_chain.receivable', 'SELECT creditor_uscc FROM changed'],
  ['judicial.court_case', 'SELECT p.uscc FROM changed c JOIN judicial.case_party p ON p.case_id = c.id'],
  ['judicial.case_party', 'SELECT uscc FROM changed'],
  ['judicial.enforcement', 'SELECT uscc FROM changed'],
  ['judicial.dishonest_listing', 'SELECT uscc FROM changed'],
  ['alt_data.social_insurance_month', 'SELECT uscc FROM changed'],
  ['alt_data.utility_payment', 'SELECT uscc FROM changed'],
];

const EVENTS: ReadonlyArray<[string, string, string]> = [
  ['ins', 'INSERT', 'NEW'],
  ['upd', 'UPDATE', 'NEW'],
  ['del', 'DELETE', 'OLD'],
];
const triggerName = (event: string) => `input_change_${event}`;

export class HealthSnapshots1795442000000 implements MigrationInterface {
  name = 'HealthSnapshots1795442000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "core"."health_snapshot" ("id" BIGSERIAL NOT NULL, "uscc" character(18) NOT NULL, "as_of" date NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "model_version" character varying(64) NOT NULL, "probability_of_default" double precision NOT NULL, "score" smallint NOT NULL, "tier" "core"."health_tier" NOT NULL, "confidence" double precision NOT NULL, "missing_sources" text array NOT NULL, "caps" jsonb NOT NULL, "reasons" text array NOT NULL, "profile" text NOT NULL, "in_default" text, "factors" bytea NOT NULL, "inputs" jsonb NOT NULL, "bins" jsonb NOT NULL, "fingerprint" character(40) NOT NULL, "inputs_seq" bigint, "in_population" boolean NOT NULL, "run_id" bigint, CONSTRAINT "PK_d4a8beacdb7cd77efaacabec8b3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "health_snapshot_firm" ON "core"."health_snapshot"  ("uscc", "as_of", "computed_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "core"."health_latest" ("uscc" character(18) NOT NULL, "snapshot_id" bigint NOT NULL, "as_of" date NOT NULL, "tier" "core"."health_tier" NOT NULL, "score" smallint NOT NULL, "probability_of_default" double precision NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "model_version" character varying(64) NOT NULL, "fingerprint" character(40) NOT NULL, "inputs_seq" bigint, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_5641b1931d64294101c84f45572" PRIMARY KEY ("uscc"))`,
    );
    await queryRunner.query(`CREATE INDEX "health_latest_due" ON "core"."health_latest"  ("tier", "checked_at") `);
    await queryRunner.query(
      `CREATE TABLE "core"."firm_input_change" ("seq" BIGSERIAL NOT NULL, "uscc" character(18) NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_firm_input_change" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "firm_input_change_firm" ON "core"."firm_input_change"  ("uscc", "seq") `);
    await queryRunner.query(`CREATE TYPE "core"."rescore_status" AS ENUM('RUNNING', 'DONE', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "core"."rescore_run" ("id" BIGSERIAL NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "as_of" date NOT NULL, "mode" character varying(12) NOT NULL, "model_version" character varying(64) NOT NULL, "status" "core"."rescore_status" NOT NULL DEFAULT 'RUNNING', "firms_selected" integer NOT NULL, "selection" jsonb NOT NULL, "batches" integer NOT NULL, "drift" jsonb, CONSTRAINT "PK_b1cd98562ce3ebb7d04e8c0ac69" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "core"."rescore_batch" ("run_id" bigint NOT NULL, "batch_no" integer NOT NULL, "firms" integer NOT NULL, "snapshots_written" integer NOT NULL, "warnings_raised" integer NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE NOT NULL, "worker" text NOT NULL, "ms" integer NOT NULL, CONSTRAINT "PK_75469510397c756069abaa5ad9d" PRIMARY KEY ("run_id", "batch_no"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "core"."model_alert" ("id" BIGSERIAL NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" character varying(20) NOT NULL, "model_version" character varying(64) NOT NULL, "run_id" bigint, "subject" character varying(40) NOT NULL, "value" double precision NOT NULL, "threshold" double precision NOT NULL, "message" text NOT NULL, "evidence" jsonb NOT NULL, CONSTRAINT "PK_584615792454ded320aef75e3c3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "model_alert_raised" ON "core"."model_alert"  ("raised_at") `);
    // The input change log: one statement-level trigger per table and event, each appending the touched
    // firms once. Append only (no upsert): concurrent writers never wait on each other's firms.
    await queryRunner.query(`CREATE FUNCTION "core"."note_input_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              EXECUTE format(
                'INSERT INTO core.firm_input_change (uscc, changed_at)
                 SELECT DISTINCT u, clock_timestamp() FROM (%s) x(u) WHERE u IS NOT NULL', TG_ARGV[0]);
              RETURN NULL;
            END $$`);
    for (const [table, firms] of INPUT_TABLES) {
      for (const [suffix, event, side] of EVENTS) {
        await queryRunner.query(`CREATE TRIGGER ${triggerName(suffix)} AFTER ${event} ON ${table} REFERENCING ${side} TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('${firms.replace(/'/g, "''")}')`);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of INPUT_TABLES) {
      for (const [suffix] of EVENTS) await queryRunner.query(`DROP TRIGGER ${triggerName(suffix)} ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION "core"."note_input_change"()`);
    await queryRunner.query(`DROP INDEX "core"."model_alert_raised"`);
    await queryRunner.query(`DROP TABLE "core"."model_alert"`);
    await queryRunner.query(`DROP TABLE "core"."rescore_batch"`);
    await queryRunner.query(`DROP TABLE "core"."rescore_run"`);
    await queryRunner.query(`DROP TYPE "core"."rescore_status"`);
    await queryRunner.query(`DROP INDEX "core"."firm_input_change_firm"`);
    await queryRunner.query(`DROP TABLE "core"."firm_input_change"`);
    await queryRunner.query(`DROP INDEX "core"."health_latest_due"`);
    await queryRunner.query(`DROP TABLE "core"."health_latest"`);
    await queryRunner.query(`DROP INDEX "core"."health_snapshot_firm"`);
    await queryRunner.query(`DROP TABLE "core"."health_snapshot"`);
  }
}
