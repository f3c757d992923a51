/**
 * A snapshot keeps the distress signs its firm showed its guarantee network (ownDistressKeys in
 * src/health/network-facts.repository.ts): the rescore compares a firm's signs with its previous
 * snapshot's and, when they differ, notes the network's firms as changed (their contagion facts
 * read those signs). Null for snapshots stored before: those are compared on their tier alone.
 * A batch records how many firms it noted so (the rescore command scores them in a follow-up pass).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class SnapshotDistress1795445000000 implements MigrationInterface {
  name = 'SnapshotDistress1795445000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "core"."health_snapshot" ADD "distress" text array`);
    await queryRunner.query(`ALTER TABLE "core"."rescore_batch" ADD "network_noted" integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "core"."rescore_batch" DROP COLUMN "network_noted"`);
    await queryRunner.query(`ALTER TABLE "core"."health_snapshot" DROP COLUMN "distress"`);
  }
}
