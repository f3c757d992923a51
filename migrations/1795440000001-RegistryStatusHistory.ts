/**
 * Backfills the registry status history: a firm whose status is not ACTIVE gets a STATUS change
 * (ACTIVE -> its status) on its status_changed_on day, so the status on any past day is
 * derivable from registry.change_log alone. Apart from KnownAt because a new enum value cannot
 * be used in the transaction that adds it.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RegistryStatusHistory1795440000001 implements MigrationInterface {
  name = 'RegistryStatusHistory1795440000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO "registry"."change_log" ("uscc", "changed_on", "item", "before_value", "after_value")
            SELECT c."uscc", c."status_changed_on", 'STATUS', 'ACTIVE', c."status"::text FROM "registry"."company" c
             WHERE c."status" <> 'ACTIVE' AND c."status_changed_on" IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM "registry"."change_log" l WHERE l."uscc" = c."uscc" AND l."item" = 'STATUS')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "registry"."change_log" WHERE "item" = 'STATUS'`);
  }
}
