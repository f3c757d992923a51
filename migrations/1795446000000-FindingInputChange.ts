/**
 * A stored data-quality finding is an input of the rescore's warnings pass (the warning rules read
 * a firm's open findings, less those a person dismissed), so a finding that appears, resolves,
 * reopens, is dismissed or says something else notes its firm in core.firm_input_change, as the
 * mirror tables' triggers do (HealthSnapshots). A quality run that only sees the same findings
 * again (their last_seen_at) notes nothing.
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANGED = `SELECT n.uscc FROM changed n JOIN prior o ON o.id = n.id
  WHERE (o.resolved_at IS NULL) <> (n.resolved_at IS NULL) OR o.status <> n.status OR o.severity <> n.severity
     OR o.message <> n.message OR o.evidence <> n.evidence OR o.sources <> n.sources`;

export class FindingInputChange1795446000000 implements MigrationInterface {
  name = 'FindingInputChange1795446000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TRIGGER input_change_ins AFTER INSERT ON core.quality_finding REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('SELECT uscc FROM changed')`);
    await queryRunner.query(`CREATE TRIGGER input_change_upd AFTER UPDATE ON core.quality_finding REFERENCING OLD TABLE AS prior NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('${CHANGED.replace(/'/g, "''")}')`);
    await queryRunner.query(`CREATE TRIGGER input_change_del AFTER DELETE ON core.quality_finding REFERENCING OLD TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('SELECT uscc FROM changed')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const event of ['ins', 'upd', 'del'])
      await queryRunner.query(`DROP TRIGGER input_change_${event} ON core.quality_finding`);
  }
}
