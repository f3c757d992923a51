/**
 * Wires the source connectors (one folder each under connectors/) and builds the per-request
 * loaders the resolvers read through.
 */
import type { Database } from './db/database';
import { createRegistryConnector, type RegistryLoaders } from '../connectors/registry';
import { createTaxConnector, type TaxLoaders } from '../connectors/tax';
import { createBankConnector, type BankLoaders } from '../connectors/bank';
import { createSupplyChainConnector, type SupplyChainLoaders } from '../connectors/supply-chain';
import { createJudicialConnector, type JudicialLoaders } from '../connectors/judicial';
import { createAltDataConnector, type AltDataLoaders } from '../connectors/alt-data';
import type { SourceConnector } from '../connectors/shared/connector';

export function createConnectors(db: Database) {
  const deps = { db };
  return {
    registry: createRegistryConnector({}, deps),
    tax: createTaxConnector({}, deps),
    bank: createBankConnector({}, deps),
    supplyChain: createSupplyChainConnector({}, deps),
    judicial: createJudicialConnector({}, deps),
    altData: createAltDataConnector({}, deps),
  };
}

export type Connectors = ReturnType<typeof createConnectors>;

export interface SourceLoaders {
  registry: RegistryLoaders;
  tax: TaxLoaders;
  bank: BankLoaders;
  supplyChain: SupplyChainLoaders;
  judicial: JudicialLoaders;
  altData: AltDataLoaders;
}

export function createSourceLoaders(c: Connectors): SourceLoaders {
  return {
    registry: c.registry.createLoaders(),
    tax: c.tax.createLoaders(),
    bank: c.bank.createLoaders(),
    supplyChain: c.supplyChain.createLoaders(),
    judicial: c.judicial.createLoaders(),
    altData: c.altData.createLoaders(),
  };
}

export function allConnectors(c: Connectors): SourceConnector<unknown>[] {
  return Object.values(c);
}
