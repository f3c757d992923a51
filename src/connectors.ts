/**
 * Wires the source connectors (one folder each under connectors/) from the configuration and
 * builds the per-request loaders the resolvers read through.
 */
import type { Config } from './config';
import { createRegistryConnector, type RegistryLoaders } from '../connectors/registry';
import { createTaxConnector, type TaxLoaders } from '../connectors/tax';
import { createBankConnector, type BankLoaders } from '../connectors/bank';
import { createSupplyChainConnector, type SupplyChainLoaders } from '../connectors/supply-chain';
import { createJudicialConnector, type JudicialLoaders } from '../connectors/judicial';
import { createAltDataConnector, type AltDataLoaders } from '../connectors/alt-data';
import type {
  ConnectorDeps,
  RequestScope,
  SourceConnector,
  SourceStatus,
} from '../connectors/shared/connector';
import type DataLoader from 'dataloader';
import { registerLoaders, type SourceStatusLoaders } from './graphql/context';

export function createConnectors(config: Pick<Config, 'sources'>, deps: ConnectorDeps) {
  return {
    registry: createRegistryConnector(config.sources.REGISTRY, deps),
    tax: createTaxConnector(config.sources.TAX, deps),
    bank: createBankConnector(deps),
    supplyChain: createSupplyChainConnector(config.sources.SUPPLY_CHAIN, deps),
    judicial: createJudicialConnector(config.sources.JUDICIAL, deps),
    altData: createAltDataConnector(deps),
  };
}

export type Connectors = ReturnType<typeof createConnectors>;

type WithStatus<L> = L & { status: DataLoader<string, SourceStatus> };

export interface SourceLoaders {
  registry: WithStatus<RegistryLoaders>;
  tax: WithStatus<TaxLoaders>;
  bank: WithStatus<BankLoaders>;
  supplyChain: WithStatus<SupplyChainLoaders>;
  judicial: WithStatus<JudicialLoaders>;
  altData: WithStatus<AltDataLoaders>;
}

export function createSourceLoaders(c: Connectors, scope: RequestScope): SourceLoaders {
  return {
    registry: c.registry.createLoaders(scope),
    tax: c.tax.createLoaders(scope),
    bank: c.bank.createLoaders(scope),
    supplyChain: c.supplyChain.createLoaders(scope),
    judicial: c.judicial.createLoaders(scope),
    altData: c.altData.createLoaders(scope),
  };
}

declare module './graphql/context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface RequestLoaders extends SourceLoaders {}
}

/** Every source's loaders in each request, and each one's status loader by source name. */
export function sourceLoaders(c: Connectors) {
  return registerLoaders((scope) => {
    const loaders = createSourceLoaders(c, { deadline: scope.deadline, db: scope.reads, onCall: scope.onCall });
    const sourceStatus: SourceStatusLoaders = {
      BANK: loaders.bank.status,
      TAX: loaders.tax.status,
      REGISTRY: loaders.registry.status,
      SUPPLY_CHAIN: loaders.supplyChain.status,
      JUDICIAL: loaders.judicial.status,
      ALT_DATA: loaders.altData.status,
    };
    return { ...loaders, sourceStatus };
  });
}

export function allConnectors(c: Connectors): SourceConnector<unknown>[] {
  return Object.values(c);
}
