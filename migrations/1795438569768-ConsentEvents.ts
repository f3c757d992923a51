import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consents granted and revoked through the API are recorded in core.review_event (who, when,
 * why) under a new subject, CONSENT. Added with ALTER TYPE ... ADD VALUE, since the earlier
 * migrations may have run already. PostgreSQL cannot drop an enum value: down rebuilds the type
 * without it, after deleting the consent events.
 */
export class ConsentEvents1795438569768 implements MigrationInterface {
  name = 'ConsentEvents1795438569768';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "core"."review_subject" ADD VALUE IF NOT EXISTS 'CONSENT'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "core"."review_event" WHERE "subject"::text = 'CONSENT'`);
    await queryRunner.query(`ALTER TYPE "core"."review_subject" RENAME TO "review_subject_old"`);
    await queryRunner.query(`CREATE TYPE "core"."review_subject" AS ENUM('FINDING', 'LINK', 'WARNING')`);
    await queryRunner.query(
      `ALTER TABLE "core"."review_event" ALTER COLUMN "subject" TYPE "core"."review_subject" USING "subject"::text::"core"."review_subject"`,
    );
    await queryRunner.query(`DROP TYPE "core"."review_subject_old"`);
  }
}
