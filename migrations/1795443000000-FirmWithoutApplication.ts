/**
 * Firms known from their registry record only (src/firm/firm.entity.ts): core.firm
 * (claimed_staff) may be null, for a firm that is a borrower before it has applied; and the
 * registry records imported before an import made their firms borrowers get those firms now, as
 * `registerFirmsSql` (src/firm/firm.repository.ts) makes them: the registry's name, the region
 * from the USCC, industry 'Z' (unclassified), no claimed staff.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class FirmWithoutApplication1795443000000 implements MigrationInterface {
  name = 'FirmWithoutApplication1795443000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "core"."firm" ALTER COLUMN "claimed_staff" DROP NOT NULL`);
    await queryRunner.query(`INSERT INTO "core"."firm" ("uscc", "name", "industry_code", "region_code", "claimed_staff")
            SELECT c."uscc", c."name", 'Z', substr(c."uscc", 3, 6), NULL FROM "registry"."company" c
            ON CONFLICT ("uscc") DO NOTHING`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // No application, no claim: 0 staff claimed, which no staff check reads as a mismatch.
    await queryRunner.query(`UPDATE "core"."firm" SET "claimed_staff" = 0 WHERE "claimed_staff" IS NULL`);
    await queryRunner.query(`ALTER TABLE "core"."firm" ALTER COLUMN "claimed_staff" SET NOT NULL`);
  }
}
