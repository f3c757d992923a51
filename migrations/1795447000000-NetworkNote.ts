/**
 * core.firm_input_change says why a firm was noted: a record of its own (the mirror tables' and the
 * findings' triggers, `from_network` false) or a change of a guarantee-network member's distress
 * signs (the rescore's note, true). A firm noted only for its network keeps its score (no
 * indicator reads the network): an incremental rescore refreshes its contagion warning alone.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class NetworkNote1795447000000 implements MigrationInterface {
  name = 'NetworkNote1795447000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "core"."firm_input_change" ADD "from_network" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "core"."firm_input_change" DROP COLUMN "from_network"`);
  }
}
