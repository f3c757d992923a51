/**
 * What the ownership walks give for the planted ownership structures (structure-eval.ts
 * `scoreOwnership` scores it): the ultimate controllers of the planted firms (one statement) and
 * the firms each planted controller controls (the related group's walk down, one statement).
 */
import type { Database } from '../db/database';
import { ultimateControllersOf } from '../network/ownership.repository';
import { RELATED_GROUP_CONFIG } from '../network/related-group.config';
import { controlledFirmsOf } from '../network/related-group.repository';
import type { Truth } from '../seed/truth';
import { type OwnershipFound, ownershipQuestions } from './structure-eval';

export async function ownershipFound(db: Database, truth: Pick<Truth, 'problems'>): Promise<OwnershipFound> {
  const asked = ownershipQuestions(truth);
  const [controllers, controlled] = await Promise.all([
    ultimateControllersOf(db, asked.firms),
    controlledFirmsOf(
      db,
      asked.persons.map((key) => ({ kind: 'PERSON' as const, key })),
      RELATED_GROUP_CONFIG.controlShare,
    ),
  ]);
  return {
    controllers: new Map(asked.firms.map((u, k) => [u, controllers[k]])),
    controlled: new Map(asked.persons.map((id, k) => [id, new Set(controlled[k].map((f) => f.uscc))])),
  };
}
