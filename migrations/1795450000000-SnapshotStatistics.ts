/**
 * core.health_snapshot keeps no planner statistics for its bulky columns: the packed factors, the
 * model's inputs and bins, the caps and the reasons. No statement filters, joins or sorts on them,
 * and analyzing them read each sampled row's out-of-line factors: on 100,000 snapshots ANALYZE
 * took 1.0 s with them and 0.45 s without, once at the end of every full rescore.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const BULKY = ['factors', 'inputs', 'bins', 'caps', 'reasons'];

async function setStatistics(queryRunner: QueryRunner, target: number): Promise<void> {
  await queryRunner.query(
    `ALTER TABLE core.health_snapshot ${BULKY.map((c) => `ALTER COLUMN ${c} SET STATISTICS ${target}`).join(', ')}`,
  );
}

export class SnapshotStatistics1795450000000 implements MigrationInterface {
  name = 'SnapshotStatistics1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await setStatistics(queryRunner, 0);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // -1: the server's default_statistics_target.
    await setStatistics(queryRunner, -1);
  }
}
