/**
 * core.entity_link's triggers note a firm only when a link the facts read appears, goes or moves
 * (they noted every touched row). The facts read a link while it is LINKED or CONFIRMED and not
 * retired (`EFFECTIVE`). Entity resolution re-asserts every link it finds on each run (its
 * `last_seen_at`, its score): on 10,000 firms that noted 721 firms at every `npm run quality`,
 * whose stored scores were then read live and rescored although nothing they read had changed.
 * A link that appears or goes as effective, or an effective link whose firm or record changes,
 * notes the firm (both firms, when it moves).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

const EFFECTIVE = (x: string) => `(${x}.status IN ('LINKED', 'CONFIRMED') AND ${x}.retired_at IS NULL)`;

const NARROWED: ReadonlyArray<[string, string, string]> = [
  [
    'ins',
    'INSERT ON core.entity_link REFERENCING NEW TABLE AS changed',
    `SELECT x.uscc FROM changed x WHERE ${EFFECTIVE('x')}`,
  ],
  [
    'upd',
    'UPDATE ON core.entity_link REFERENCING OLD TABLE AS prior NEW TABLE AS changed',
    `SELECT v.uscc FROM changed n JOIN prior o ON o.id = n.id CROSS JOIN LATERAL (VALUES (n.uscc), (o.uscc)) v(uscc)
      WHERE ${EFFECTIVE('n')} <> ${EFFECTIVE('o')}
         OR ((${EFFECTIVE('n')} OR ${EFFECTIVE('o')}) AND (n.uscc, n.source_table, n.record_key) IS DISTINCT FROM (o.uscc, o.source_table, o.record_key))`,
  ],
  [
    'del',
    'DELETE ON core.entity_link REFERENCING OLD TABLE AS changed',
    `SELECT x.uscc FROM changed x WHERE ${EFFECTIVE('x')}`,
  ],
];

const EVERY_ROW: ReadonlyArray<[string, string, string]> = [
  ['ins', 'INSERT ON core.entity_link REFERENCING NEW TABLE AS changed', 'SELECT uscc FROM changed'],
  ['upd', 'UPDATE ON core.entity_link REFERENCING NEW TABLE AS changed', 'SELECT uscc FROM changed'],
  ['del', 'DELETE ON core.entity_link REFERENCING OLD TABLE AS changed', 'SELECT uscc FROM changed'],
];

async function replaceTriggers(
  queryRunner: QueryRunner,
  triggers: ReadonlyArray<[string, string, string]>,
): Promise<void> {
  for (const [event, on, firms] of triggers) {
    await queryRunner.query(`DROP TRIGGER input_change_${event} ON core.entity_link`);
    await queryRunner.query(`CREATE TRIGGER input_change_${event} AFTER ${on}
      FOR EACH STATEMENT EXECUTE FUNCTION core.note_input_change('${firms.replace(/'/g, "''")}')`);
  }
}

export class EntityLinkInputChange1795449000000 implements MigrationInterface {
  name = 'EntityLinkInputChange1795449000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await replaceTriggers(queryRunner, NARROWED);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await replaceTriggers(queryRunner, EVERY_ROW);
  }
}
