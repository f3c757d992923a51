import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795438544262 implements MigrationInterface {
  name = 'AuditLog1795438544262';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."audit_outcome" AS ENUM('OK', 'DENIED', 'ERROR')`);
    await queryRunner.query(
      `CREATE TABLE "core"."audit_log" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "request_id" text NOT NULL, "subject" text, "tenant" text, "role" text, "purpose" text, "operation_name" text, "uscc" character(18) NOT NULL, "sources" text array NOT NULL, "sensitive_fields" text array NOT NULL, "unmasked_fields" text array NOT NULL, "outcome" "core"."audit_outcome" NOT NULL, "error_code" text, "client_ip" text, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_log_subject" ON "core"."audit_log"  ("subject", "at") `);
    await queryRunner.query(`CREATE INDEX "audit_log_uscc" ON "core"."audit_log"  ("uscc", "at") `);
    await queryRunner.query(`CREATE INDEX "audit_log_at" ON "core"."audit_log"  ("at", "id") `);
    // Append-only (written by hand, not generated): UPDATE, DELETE and TRUNCATE of the audit
    // log raise, in PostgreSQL 15 and in PGlite (both have plpgsql).
    await queryRunner.query(`CREATE FUNCTION "core"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'core.audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "core"."audit_log" FOR EACH ROW EXECUTE FUNCTION "core"."audit_log_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "core"."audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "core"."audit_log_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_log_no_truncate" ON "core"."audit_log"`);
    await queryRunner.query(`DROP TRIGGER "audit_log_no_update_delete" ON "core"."audit_log"`);
    await queryRunner.query(`DROP FUNCTION "core"."audit_log_append_only"()`);
    await queryRunner.query(`DROP INDEX "core"."audit_log_at"`);
    await queryRunner.query(`DROP INDEX "core"."audit_log_uscc"`);
    await queryRunner.query(`DROP INDEX "core"."audit_log_subject"`);
    await queryRunner.query(`DROP TABLE "core"."audit_log"`);
    await queryRunner.query(`DROP TYPE "core"."audit_outcome"`);
  }
}
