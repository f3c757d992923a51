/**
 * Supply-chain connector: core enterprises, orders, receivables with their confirmations (确权)
 * and pledges. Adapters: `postgres` (the `supply_chain` mirror schema) and `http` (the
 * supply-chain platform's upstream, written through to the mirror).
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import { argsLoader } from '../shared/connector';
import { defineSource } from '../shared/source';
import { firmRows, replaceRows } from '../shared/write-through';
import { supplyChainProfileSchema, type SupplyChainProfilePayload } from './supply-chain.upstream';
import type { Database } from '../../src/db/database';
import { groupByKey, loadAllPerKey, loadTopNPerKey, selectColumns, USCC_ARRAY } from '../shared/sql';
import { Confirmation, CoreEnterprise, Pledge, PurchaseOrder, Receivable } from './supply-chain.records';

export * from './supply-chain.records';
import { supplyChainEntities } from './supply-chain.records';
import { supplyChainKinds } from './supply-chain.kinds';
import { ReceivableResolver, SupplyChainProfile, SupplyChainResolver } from './supply-chain.resolver';

export interface SupplyChainLoaders {
  coreEnterprises: DataLoader<string, CoreEnterprise[]>;
  orders: DataLoader<{ uscc: string; first: number }, PurchaseOrder[], string>;
  receivables: DataLoader<{ uscc: string; first: number }, Receivable[], string>;
  confirmations: DataLoader<string, Confirmation[]>;
  pledges: DataLoader<string, Pledge[]>;
}

function mirrorLoaders(db: Database): SupplyChainLoaders {
  return {
    coreEnterprises: loader(async (usccs) => {
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
    orders: argsLoader((usccs, { first }: { first: number }) =>
      loadTopNPerKey<PurchaseOrder>(
        db,
        {
          entity: PurchaseOrder,
          table: 'supply_chain.purchase_order',
          key: 'supplierUscc',
          orderBy: 'x.order_date DESC, x.id DESC',
        },
        usccs,
        first,
      ),
    ),
    receivables: argsLoader((usccs, { first }: { first: number }) =>
      loadTopNPerKey<Receivable>(
        db,
        {
          entity: Receivable,
          table: 'supply_chain.receivable',
          key: 'creditorUscc',
          orderBy: 'x.issue_date DESC, x.id DESC',
        },
        usccs,
        first,
      ),
    ),
    confirmations: loader((ids) =>
      loadAllPerKey<Confirmation>(
        db,
        {
          entity: Confirmation,
          table: 'supply_chain.confirmation',
          key: 'receivableId',
          keyType: 'bigint[]',
          orderBy: 'x.confirmed_on, x.id',
        },
        ids,
      ),
    ),
    pledges: loader((ids) =>
      loadAllPerKey<Pledge>(
        db,
        {
          entity: Pledge,
          table: 'supply_chain.pledge',
          key: 'receivableId',
          keyType: 'bigint[]',
          orderBy: 'x.pledged_on, x.id',
        },
        ids,
      ),
    ),
  };
}

/** Children of the fetched firms' receivables (confirmations, pledges). */
const OF_FIRMS_RECEIVABLES = `receivable_id IN (SELECT r.id FROM supply_chain.receivable r WHERE r.creditor_uscc = ANY($1::bpchar[]))`;

declare module '../shared/source-name' {
  interface SourceNames {
    SUPPLY_CHAIN: SupplyChainLoaders;
  }
}

export const supplyChainSource = defineSource<'SUPPLY_CHAIN', SupplyChainProfilePayload>({
  name: 'SUPPLY_CHAIN',
  description:
    'Supply-chain finance: core enterprises, orders, receivables with their confirmations (确权) and pledges.',
  entities: supplyChainEntities,
  kinds: supplyChainKinds,
  healthTable: 'supply_chain.core_enterprise',
  mirrorLoaders,
  upstream: {
    resource: 'supply-chain',
    schema: supplyChainProfileSchema,
    async writeThrough(client, usccs, all) {
      const receivables = all.flatMap((p) => p.receivables);
      // Core enterprises are shared by many suppliers: upserted, never deleted here.
      await replaceRows(
        client,
        { entity: CoreEnterprise, table: 'supply_chain.core_enterprise' },
        usccs,
        all.flatMap((p) => p.coreEnterprises),
      );
      await replaceRows(
        client,
        { entity: PurchaseOrder, table: 'supply_chain.purchase_order', replaceWhere: firmRows('supplier_uscc') },
        usccs,
        all.flatMap((p) => p.orders),
      );
      // Children first: their old rows are found through the firms' old receivables.
      await replaceRows(
        client,
        { entity: Confirmation, table: 'supply_chain.confirmation', replaceWhere: OF_FIRMS_RECEIVABLES },
        usccs,
        receivables.flatMap((r) => r.confirmations),
      );
      await replaceRows(
        client,
        { entity: Pledge, table: 'supply_chain.pledge', replaceWhere: OF_FIRMS_RECEIVABLES },
        usccs,
        receivables.flatMap((r) => r.pledges),
      );
      await replaceRows(
        client,
        { entity: Receivable, table: 'supply_chain.receivable', replaceWhere: firmRows('creditor_uscc') },
        usccs,
        receivables,
      );
    },
  },
  completeness: {
    expected: false,
    records: `(SELECT count(*) FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc)`,
    newest: `(SELECT max(r.issue_date) FROM supply_chain.receivable r WHERE r.creditor_uscc = f.uscc)`,
  },
  graphql: {
    type: () => SupplyChainProfile,
    description: 'Supply-chain finance records.',
    resolve: (uscc, found) => (found ? { uscc } : null),
    resolvers: [SupplyChainResolver, ReceivableResolver],
  },
});
