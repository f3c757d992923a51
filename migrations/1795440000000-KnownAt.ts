/**
 * Records known in time: what was "current state" becomes a history, and every record says when
 * a bank could first know it.
 *
 * - tax.credit_rating: one row per year's tax-credit rating with the day it was published
 *   (backfilled from the taxpayer's current rating, published at the end of April of the year
 *   after the one assessed, as the tax bureau does).
 * - bank.loan_classification: the five-tier classification history (backfilled with one row per
 *   loan holding its current classification, dated the day this migration ran: nobody knows
 *   when an existing classification was set, so reads before that day fall back to overdue days).
 * - bank.loan.written_off_on; judicial.court_case.published_on and judicial.enforcement
 *   .published_on (backfilled with the filing day) and .closed_on.
 * - registry.change_item gets STATUS (the next migration backfills the status changes: a new
 *   enum value cannot be used in the transaction that adds it).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class KnownAt1795440000000 implements MigrationInterface {
  name = 'KnownAt1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tax"."credit_rating" ("uscc" character(18) NOT NULL, "year" integer NOT NULL, "rating" "tax"."tax_credit_rating" NOT NULL, "published_on" date NOT NULL, CONSTRAINT "PK_2dce6057b760e779294f2e9ebb3" PRIMARY KEY ("uscc", "year"))`,
    );
    await queryRunner.query(
      `INSERT INTO "tax"."credit_rating" ("uscc", "year", "rating", "published_on") SELECT "uscc", "rating_year", "credit_rating", make_date("rating_year" + 1, 4, 30) FROM "tax"."taxpayer"`,
    );
    await queryRunner.query(
      `CREATE TABLE "bank"."loan_classification" ("loan_id" bigint NOT NULL, "changed_on" date NOT NULL, "classification" "bank"."loan_class" NOT NULL, CONSTRAINT "PK_0952b93d0e32975dc28a9f26622" PRIMARY KEY ("loan_id", "changed_on"))`,
    );
    await queryRunner.query(
      `INSERT INTO "bank"."loan_classification" ("loan_id", "changed_on", "classification") SELECT "id", CURRENT_DATE, "classification" FROM "bank"."loan"`,
    );
    await queryRunner.query(`ALTER TABLE "bank"."loan" ADD "written_off_on" date`);
    await queryRunner.query(`ALTER TABLE "judicial"."court_case" ADD "published_on" date`);
    await queryRunner.query(`UPDATE "judicial"."court_case" SET "published_on" = "filed_on"`);
    await queryRunner.query(`ALTER TABLE "judicial"."court_case" ALTER COLUMN "published_on" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" ADD "published_on" date`);
    await queryRunner.query(`UPDATE "judicial"."enforcement" SET "published_on" = "filed_on"`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" ALTER COLUMN "published_on" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" ADD "closed_on" date`);
    await queryRunner.query(`ALTER TYPE "registry"."change_item" ADD VALUE 'STATUS'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "registry"."change_log" WHERE "item" = 'STATUS'`);
    await queryRunner.query(
      `CREATE TYPE "registry"."change_item_old" AS ENUM('LEGAL_REPRESENTATIVE', 'REGISTERED_CAPITAL', 'ADDRESS', 'SHAREHOLDER', 'NAME', 'BUSINESS_SCOPE')`,
    );
    await queryRunner.query(
      `ALTER TABLE "registry"."change_log" ALTER COLUMN "item" TYPE "registry"."change_item_old" USING "item"::"text"::"registry"."change_item_old"`,
    );
    await queryRunner.query(`DROP TYPE "registry"."change_item"`);
    await queryRunner.query(`ALTER TYPE "registry"."change_item_old" RENAME TO "change_item"`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" DROP COLUMN "closed_on"`);
    await queryRunner.query(`ALTER TABLE "judicial"."enforcement" DROP COLUMN "published_on"`);
    await queryRunner.query(`ALTER TABLE "judicial"."court_case" DROP COLUMN "published_on"`);
    await queryRunner.query(`ALTER TABLE "bank"."loan" DROP COLUMN "written_off_on"`);
    await queryRunner.query(`DROP TABLE "bank"."loan_classification"`);
    await queryRunner.query(`DROP TABLE "tax"."credit_rating"`);
  }
}
