/**
 * `npm run eval:quality -- --truth FILE`
 *
 * Reads the generator's truth file and the current (unresolved) findings in the configured
 * database, and prints precision and recall per check at firm level, with a few missed firms
 * and false alarms to look at; the guarantee structures (circles, chains, stars) structure by
 * structure, and the ownership walks on the planted holdings, loops and groups (structure-eval.ts);
 * then entity resolution (the links `npm run resolve` stored):
 * precision and recall on the clean NAME_VARIANT plants, and correct / wrong / missed per kind of
 * HARD_NAME_VARIANT plant, with and without the court's location.
 */
import 'reflect-metadata';
import { runCli, UsageError } from '../lib/cli';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import type { Truth } from '../seed/truth';
import { CHECKS } from './checks';
import { formatScores, plantedFirms, score } from './eval';
import {
  STRUCTURE_CHECKS,
  type StructureCheck,
  foundKey,
  formatOwnershipScores,
  scoreOwnership,
  scoreStructures,
} from './structure-eval';
import { ownershipFound } from './ownership-eval.repository';
import { type EffectiveLink, formatResolutionScore, LINKS_FOR_EVAL_SQL, scoreResolution } from '../resolution/eval';

const isStructureCheck = (code: string) => (STRUCTURE_CHECKS as readonly string[]).includes(code);

const USAGE = 'usage: eval.cli.ts --truth FILE';

async function main(): Promise<void> {
  let truthFile: string | undefined;
  try {
    truthFile = parseArgs({ args: process.argv.slice(2), strict: true, options: { truth: { type: 'string' } } }).values
      .truth;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!truthFile) throw new UsageError('--truth FILE is required');
  const truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as Truth;
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { rows } = await db.query<{ code: string; usccs: string[] }>(
      `SELECT code, array_agg(DISTINCT uscc) AS usccs FROM core.quality_finding WHERE resolved_at IS NULL GROUP BY code`,
    );
    const found = new Map(rows.map((r) => [r.code, new Set(r.usccs)]));
    const scores = CHECKS.filter((c) => !isStructureCheck(c.code)).map((c) =>
      score(c.code, plantedFirms(truth, c.code), found.get(c.code) ?? new Set()),
    );
    console.log(`truth: ${truthFile} (seed ${truth.seed}, ${truth.firmCount} firms, as of ${truth.asOf})`);
    console.log(formatScores(scores));
    const structures = await db.query<{ code: StructureCheck; members: string[] }>(
      `SELECT code, ARRAY(SELECT m->>'uscc' FROM jsonb_array_elements(evidence->'members') m) AS members
         FROM core.quality_finding WHERE resolved_at IS NULL AND code = ANY($1::text[])`,
      [STRUCTURE_CHECKS],
    );
    const foundStructures = Object.fromEntries(
      STRUCTURE_CHECKS.map((c) => [c, structures.rows.filter((r) => r.code === c).map((r) => foundKey(r.members))]),
    ) as Record<StructureCheck, string[]>;
    const structureScores = scoreStructures(truth, foundStructures);
    console.log('\nguarantee structures, one finding per planted structure (its firms in order):');
    console.log(formatScores(structureScores));
    for (const s of structureScores)
      if (s.duplicates) console.log(`${s.code}: ${s.duplicates} structures reported twice`);
    scores.push(...structureScores);
    const ownership = scoreOwnership(truth, await ownershipFound(db, truth));
    console.log('\nownership (the walks up and down the shareholdings, against the planted structures):');
    console.log(formatOwnershipScores(ownership));
    for (const o of ownership) if (o.wrong.length) console.log(`${o.code} wrong: ${o.wrong.join('; ')}`);
    for (const s of scores) {
      if (s.missed.length) console.log(`${s.code} missed: ${s.missed.join(' ')}`);
      if (s.falseAlarms.length) console.log(`${s.code} false alarms: ${s.falseAlarms.join(' ')}`);
    }
    const links = (await db.query<EffectiveLink & { status: string }>(LINKS_FOR_EVAL_SQL)).rows;
    const er = scoreResolution(
      truth,
      links.filter((l) => l.status !== 'REVIEW'),
      links.filter((l) => l.status === 'REVIEW'),
    );
    console.log(formatResolutionScore(er));
    if (er.wrong.length)
      console.log(
        `entity resolution wrong links: ${er.wrong.map((l) => `${l.table}:${l.naturalKey} -> ${l.uscc}`).join(' ')}`,
      );
    if (er.missed.length) console.log(`entity resolution missed: ${er.missed.join(' ')}`);
    for (const k of er.hard)
      if (k.examples.length) console.log(`entity resolution ${k.kind} wrong or missed: ${k.examples.join('; ')}`);
  } finally {
    await db.close();
  }
}

if (require.main === module) runCli(main, USAGE, [SyntaxError]);
