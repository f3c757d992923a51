/**
 * bank.financial_statement: the financial statements (财务报表) borrowers hand the bank, with a
 * nullable import_key (unique) like the other mirror tables without a natural unique key.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class FinancialStatement1795435893899 implements MigrationInterface {
  name = 'FinancialStatement1795435893899';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "bank"."statement_period" AS ENUM('ANNUAL', 'SEMI_ANNUAL', 'QUARTERLY')`);
    await queryRunner.query(
      `CREATE TABLE "bank"."financial_statement" ("import_key" text, "id" BIGSERIAL NOT NULL, "uscc" character(18) NOT NULL, "period_end" date NOT NULL, "period_type" "bank"."statement_period" NOT NULL, "audited" boolean NOT NULL, "total_assets" numeric(18,2) NOT NULL, "current_assets" numeric(18,2) NOT NULL, "cash" numeric(18,2) NOT NULL, "accounts_receivable" numeric(18,2) NOT NULL, "inventory" numeric(18,2) NOT NULL, "total_liabilities" numeric(18,2) NOT NULL, "current_liabilities" numeric(18,2) NOT NULL, "short_term_borrowings" numeric(18,2) NOT NULL, "owners_equity" numeric(18,2) NOT NULL, "revenue" numeric(18,2) NOT NULL, "cost_of_sales" numeric(18,2) NOT NULL, "net_profit" numeric(18,2) NOT NULL, "operating_cash_flow" numeric(18,2) NOT NULL, "received_on" date NOT NULL, CONSTRAINT "PK_4e795d12a43006ece4788e13371" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "financial_statement_uscc_period" ON "bank"."financial_statement"  ("uscc", "period_end") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "financial_statement_import_key" ON "bank"."financial_statement"  ("import_key") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "bank"."financial_statement_import_key"`);
    await queryRunner.query(`DROP INDEX "bank"."financial_statement_uscc_period"`);
    await queryRunner.query(`DROP TABLE "bank"."financial_statement"`);
    await queryRunner.query(`DROP TYPE "bank"."statement_period"`);
  }
}
