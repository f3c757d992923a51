/**
 * Supply-chain connector: core enterprises, orders, receivables with their confirmations (确权)
 * and pledges. Adapter: `postgres` (the `supply_chain` mirror schema).
 */
import DataLoader from 'dataloader';
import { argsLoader, mirrorHealth, type ConnectorDeps, type SourceConnector } from '../shared/connector';
import { groupByKey, loadAllPerKey, loadTopNPerKey, selectColumns, USCC_ARRAY } from '../shared/sql';
import { Confirmation, CoreEnterprise, Pledge, PurchaseOrder, Receivable } from './supply-chain.records';

export * from './supply-chain.records';

export interface SupplyChainLoaders {
  coreEnterprises: DataLoader<string, CoreEnterprise[]>;
  orders: DataLoader<{ uscc: string; first: number }, PurchaseOrder[], string>;
  receivables: DataLoader<{ uscc: string; first: number }, Receivable[], string>;
  confirmations: DataLoader<string, Confirmation[]>;
  pledges: DataLoader<string, Pledge[]>;
}

export type SupplyChainConnector = SourceConnector<SupplyChainLoaders>;

export function createSupplyChainConnector(_config: object, { db }: ConnectorDeps): SupplyChainConnector {
  return {
    source: 'SUPPLY_CHAIN',
    createLoaders: () => ({
      coreEnterprises: new DataLoader(async (usccs) => {
        // The core enterprises a firm supplies: those that ordered from it or owe it receivables.
        const { rows } = await db.query<CoreEnterprise & { firmUscc: string }>(
          `SELECT k.key AS "firmUscc", ${selectColumns(CoreEnterprise, 'c')}
             FROM unnest($1::${USCC_ARRAY}) AS k(key)
             JOIN supply_chain.core_enterprise c ON c.uscc IN (
               SELECT o.core_uscc FROM supply_chain.purchase_order o WHERE o.supplier_uscc = k.key
               UNION SELECT r.debtor_uscc FROM supply_chain.receivable r WHERE r.creditor_uscc = k.key)
            ORDER BY c.name`,
          [usccs],
        );
        return groupByKey(usccs, rows, (r) => r.firmUscc).map((list) => list.map(({ firmUscc: _f, ...core }) => core));
      }),
      orders: argsLoader((usccs, { first }) =>
        loadTopNPerKey<PurchaseOrder>(
          db,
          { entity: PurchaseOrder, table: 'supply_chain.purchase_order', key: 'supplierUscc', orderBy: 'x.order_date DESC, x.id DESC' },
          usccs,
          first,
        ),
      ),
      receivables: argsLoader((usccs, { first }) =>
        loadTopNPerKey<Receivable>(
          db,
          { entity: Receivable, table: 'supply_chain.receivable', key: 'creditorUscc', orderBy: 'x.issue_date DESC, x.id DESC' },
          usccs,
          first,
        ),
      ),
      confirmations: new DataLoader((ids) =>
        loadAllPerKey<Confirmation>(
          db,
          { entity: Confirmation, table: 'supply_chain.confirmation', key: 'receivableId', keyType: 'bigint[]', orderBy: 'x.confirmed_on, x.id' },
          ids,
        ),
      ),
      pledges: new DataLoader((ids) =>
        loadAllPerKey<Pledge>(
          db,
          { entity: Pledge, table: 'supply_chain.pledge', key: 'receivableId', keyType: 'bigint[]', orderBy: 'x.pledged_on, x.id' },
          ids,
        ),
      ),
    }),
    health: () => mirrorHealth(db, 'SUPPLY_CHAIN', 'supply_chain.core_enterprise'),
    dispose: async () => {},
  };
}
