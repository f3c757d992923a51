/**
 * Every source the platform reads, one descriptor each (connectors/<source>/index.ts). Adding a
 * source is a new folder and one line here: see the README's "Adding a source".
 */
import { registrySource } from './registry';
import { taxSource } from './tax';
import { bankSource } from './bank';
import { supplyChainSource } from './supply-chain';
import { judicialSource } from './judicial';
import { altDataSource } from './alt-data';
import type { SourceDescriptor, SourceName } from './shared/source';

/** In import order: the registry first (its records make borrowers), then the rest. */
export const SOURCES: readonly SourceDescriptor[] = [
  registrySource,
  taxSource,
  bankSource,
  supplyChainSource,
  judicialSource,
  altDataSource,
] as SourceDescriptor[];

/** Every source's name, in the list's order. */
export const SOURCE_NAMES: readonly SourceName[] = SOURCES.map((s) => s.name);

/** The sources with an upstream API (the others arrive as files or are the bank's own). */
export const UPSTREAM_SOURCE_NAMES: readonly SourceName[] = SOURCES.filter((s) => s.upstream).map((s) => s.name);
