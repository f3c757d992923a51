import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit outcome ABORTED: a request whose response was not written whole (the client went away,
 * or the server closed the connection, e.g. a shutdown past its grace period). Written by hand.
 *
 * `ADD VALUE` keeps every row and takes no table rewrite (PostgreSQL 12+ allows it inside the
 * migration's transaction; the value is not used in it). Down: PostgreSQL cannot drop an enum
 * value, so the type is rebuilt without it and an ABORTED row becomes ERROR; its error_code
 * ('ABORTED') still says what happened. Rebuilding the column is ALTER TABLE, not UPDATE: the
 * append-only trigger does not fire.
 */
export class AuditAborted1795442731406 implements MigrationInterface {
  name = 'AuditAborted1795442731406';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "core"."audit_outcome" ADD VALUE IF NOT EXISTS 'ABORTED'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "core"."audit_outcome" RENAME TO "audit_outcome_old"`);
    await queryRunner.query(`CREATE TYPE "core"."audit_outcome" AS ENUM('OK', 'DENIED', 'ERROR')`);
    await queryRunner.query(`ALTER TABLE "core"."audit_log" ALTER COLUMN "outcome" TYPE "core"."audit_outcome"
            USING (CASE WHEN "outcome"::text = 'ABORTED' THEN 'ERROR' ELSE "outcome"::text END)::"core"."audit_outcome"`);
    await queryRunner.query(`DROP TYPE "core"."audit_outcome_old"`);
  }
}
