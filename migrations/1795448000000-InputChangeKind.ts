/**
 * core.firm_input_change says what was noted, as one of three kinds (it said only whether a row
 * was a network note, `from_network`):
 * - RECORD: a record the score reads (the mirror tables' triggers);
 * - FINDING: a stored data-quality finding that appeared, resolved, reopened, was dismissed or
 *   says something else (core.quality_finding's triggers). The warning rules read findings; the
 *   score does not, so a firm's stored score stays current through it;
 * - NETWORK: a guarantee-network member's distress signs changed (the rescore's note).
 * `core.note_input_change` takes the kind as its second argument (RECORD when absent). It also
 * notes each firm once per statement, as it was meant to: its `SELECT DISTINCT u, clock_timestamp()`
 * kept one row per touched row of the firm, the clock differing from row to row.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANGED = `SELECT n.uscc FROM changed n JOIN prior o ON o.id = n.id
  WHERE (o.resolved_at IS NULL) <> (n.resolved_at IS NULL) OR o.status <> n.status OR o.severity <> n.severity
     OR o.message <> n.message OR o.evidence <> n.evidence OR o.sources <> n.sources`;

/** The findings' triggers (FindingInputChange), noting `kind` when given. */
async function findingTriggers(queryRunner: QueryRunner, kind?: string): Promise<void> {
  const arg = kind ? `, '${kind}'` : '';
  for (const event of ['ins', 'upd', 'del'])
    await queryRunner.query(`DROP TRIGGER input_change_${event} ON core.quality_finding`);
  await queryRunner.query(`CREATE TRIGGER input_change_ins AFTER INSERT ON core.quality_finding REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('SELECT uscc FROM changed'${arg})`);
  await queryRunner.query(`CREATE TRIGGER input_change_upd AFTER UPDATE ON core.quality_finding REFERENCING OLD TABLE AS prior NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('${CHANGED.replace(/'/g, "''")}'${arg})`);
  await queryRunner.query(`CREATE TRIGGER input_change_del AFTER DELETE ON core.quality_finding REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('SELECT uscc FROM changed'${arg})`);
}

export class InputChangeKind1795448000000 implements MigrationInterface {
  name = 'InputChangeKind1795448000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "core"."input_change_kind" AS ENUM('RECORD', 'FINDING', 'NETWORK')`);
    await queryRunner.query(
      `ALTER TABLE "core"."firm_input_change" ADD "kind" "core"."input_change_kind" NOT NULL DEFAULT 'RECORD'`,
    );
    await queryRunner.query(`UPDATE "core"."firm_input_change" SET "kind" = 'NETWORK' WHERE "from_network"`);
    await queryRunner.query(`ALTER TABLE "core"."firm_input_change" DROP COLUMN "from_network"`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "core"."note_input_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              EXECUTE format(
                'INSERT INTO core.firm_input_change (uscc, changed_at, kind)
                 SELECT u, clock_timestamp(), %L::core.input_change_kind FROM (SELECT DISTINCT u FROM (%s) x(u) WHERE u IS NOT NULL) d',
                CASE WHEN TG_NARGS > 1 THEN TG_ARGV[1] ELSE 'RECORD' END, TG_ARGV[0]);
              RETURN NULL;
            END $$`);
    await findingTriggers(queryRunner, 'FINDING');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await findingTriggers(queryRunner);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "core"."note_input_change"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              EXECUTE format(
                'INSERT INTO core.firm_input_change (uscc, changed_at)
                 SELECT DISTINCT u, clock_timestamp() FROM (%s) x(u) WHERE u IS NOT NULL', TG_ARGV[0]);
              RETURN NULL;
            END $$`);
    await queryRunner.query(`ALTER TABLE "core"."firm_input_change" ADD "from_network" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`UPDATE "core"."firm_input_change" SET "from_network" = true WHERE "kind" = 'NETWORK'`);
    await queryRunner.query(`ALTER TABLE "core"."firm_input_change" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP TYPE "core"."input_change_kind"`);
  }
}
