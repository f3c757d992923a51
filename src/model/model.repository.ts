/**
 * Storing, listing and activating default-model versions (core.model_version), and the model
 * that serves: the active version, or, while none is active, the model shipped with the code
 * (src/model/default-model.json, trained as docs/model-card.md shows). The active model is read once a
 * minute per database (a new activation reaches other processes within that minute; this one
 * at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database';
import type { ModelDocument } from './model';

export class ModelError extends Error {
  override name = 'ModelError';
}

export const SHIPPED_MODEL_FILE = path.join(__dirname, 'default-model.json');

let shipped: ModelDocument | null = null;
/** The model shipped with the code. */
export function shippedModel(): ModelDocument {
  shipped ??= readModelFile(SHIPPED_MODEL_FILE);
  return shipped;
}

/** Reads a model JSON file written by `npm run train`, refusing anything else with a message that says why. */
export function readModelFile(file: string): ModelDocument {
  let doc: Partial<ModelDocument>;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ModelDocument>;
  } catch (err) {
    throw new ModelError(`cannot read the model file ${file}: ${(err as Error).message}`);
  }
  if (doc.format !== 'sme-default-model' || !doc.version || !doc.scorecard || !doc.tiers) {
    throw new ModelError(
      `${file} is not a default model written by npm run train (expected format "sme-default-model" with version, scorecard and tiers)`,
    );
  }
  return doc as ModelDocument;
}

/** Stores a version; false when that version (the same fit) was already stored, which is kept as it was. */
export async function saveModel(db: Database, doc: ModelDocument): Promise<boolean> {
  const r = doc.report;
  const metrics = {
    development: r.development,
    validation: r.validation,
    psi: r.psi?.psi ?? null,
    tiersStrictlyIncreasing: r.tiers?.strictlyIncreasingOnValidation ?? null,
  };
  const { rowCount } = await db.query(
    `INSERT INTO core.model_version (version, source, metrics, model) VALUES ($1, $2, $3, $4)
     ON CONFLICT (version) DO NOTHING`,
    [doc.version, doc.sample.source, JSON.stringify(metrics), JSON.stringify(doc)],
  );
  return rowCount === 1;
}

export interface ModelVersionRow {
  version: string;
  createdAt: Date;
  source: string;
  metrics: Record<string, unknown>;
  active: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
}

export async function listModels(db: Database): Promise<ModelVersionRow[]> {
  const { rows } = await db.query<ModelVersionRow>(
    `SELECT version, created_at AS "createdAt", source, metrics, active, activated_at AS "activatedAt", activated_by AS "activatedBy"
       FROM core.model_version ORDER BY created_at DESC, version`,
  );
  return rows;
}

/** Makes `version` the serving model (and no other); returns the version it replaced. */
export async function activateModel(db: Database, version: string, actor: string): Promise<string | null> {
  const previous = await db.transaction(async (c) => {
    const found = await c.query('SELECT 1 FROM core.model_version WHERE version = $1', [version]);
    if (found.rowCount === 0) throw new ModelError(`no model version "${version}" (npm run model -- list shows them)`);
    const { rows } = await c.query<{ version: string }>(
      'UPDATE core.model_version SET active = false WHERE active AND version <> $1 RETURNING version',
      [version],
    );
    await c.query(
      'UPDATE core.model_version SET active = true, activated_at = now(), activated_by = $2 WHERE version = $1',
      [version, actor],
    );
    return rows[0]?.version ?? null;
  });
  cache.delete(db.base ?? db);
  return previous;
}

const TTL_MS = 60_000;
const cache = new WeakMap<Database, { at: number; value: Promise<ModelDocument> }>();

/** The serving model: the active version, else the shipped one. */
export function activeModel(db: Database, now = Date.now()): Promise<ModelDocument> {
  // Shared by every request: cached on, and read through, the database itself (not a request's view).
  const shared = db.base ?? db;
  const hit = cache.get(shared);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = shared
    .query<{ model: ModelDocument }>('SELECT model FROM core.model_version WHERE active')
    .then((r) => r.rows[0]?.model ?? shippedModel());
  cache.set(shared, { at: now, value });
  value.catch(() => cache.delete(shared));
  return value;
}

const byVersion = new WeakMap<Database, Map<string, Promise<ModelDocument>>>();

/** A stored version's document (or the shipped model's), cached per process: versions never change. */
export function modelByVersion(db: Database, version: string): Promise<ModelDocument> {
  if (version === shippedModel().version) return Promise.resolve(shippedModel());
  const shared = db.base ?? db;
  let perDb = byVersion.get(shared);
  if (!perDb) byVersion.set(shared, (perDb = new Map()));
  let hit = perDb.get(version);
  if (!hit) {
    hit = shared
      .query<{ model: ModelDocument }>('SELECT model FROM core.model_version WHERE version = $1', [version])
      .then((r) => {
        if (!r.rows[0]) throw new ModelError(`no model version "${version}" (npm run model -- list shows them)`);
        return r.rows[0].model;
      });
    perDb.set(version, hit);
    hit.catch(() => perDb.delete(version));
  }
  return hit;
}
