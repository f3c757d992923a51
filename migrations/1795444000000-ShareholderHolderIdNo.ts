/**
 * Related groups (src/network/related-group.repository.ts) walk registry.shareholder down from a
 * person, by the resident ID number: an index on holder_id_no makes that first step a look-up
 * (the steps below it use shareholder_holder_uscc).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ShareholderHolderIdNo1795444000000 implements MigrationInterface {
  name = 'ShareholderHolderIdNo1795444000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "shareholder_holder_id_no" ON "registry"."shareholder"  ("holder_id_no") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "registry"."shareholder_holder_id_no"`);
  }
}
