/**
 * Tax connector (金税): taxpayer record, monthly VAT declarations, e-invoices issued and
 * received. Adapter: `postgres` (the `tax` mirror schema).
 */
import DataLoader from 'dataloader';
import { argsLoader, mirrorHealth, type ConnectorDeps, type SourceConnector } from '../shared/connector';
import { groupByKey, loadOnePerKey, loadTopNPerKey, selectColumns, topNPerKeySql, USCC_ARRAY } from '../shared/sql';
import { Invoice, Taxpayer, VatDeclaration } from './tax.records';
import { decodeCursor, toPage, type Page } from '../../src/graphql/pagination';

export * from './tax.records';

export type InvoiceDirection = 'ISSUED' | 'RECEIVED';

export interface InvoiceKey {
  uscc: string;
  direction: InvoiceDirection;
  first: number;
  after: string | null;
}

export interface TaxLoaders {
  taxpayer: DataLoader<string, Taxpayer | null>;
  declarations: DataLoader<{ uscc: string; months: number }, VatDeclaration[], string>;
  invoices: DataLoader<InvoiceKey, Page<Invoice>, string>;
}

export type TaxConnector = SourceConnector<TaxLoaders>;

export function createTaxConnector(_config: object, { db }: ConnectorDeps): TaxConnector {
  return {
    source: 'TAX',
    createLoaders: () => ({
      taxpayer: new DataLoader((usccs) =>
        loadOnePerKey<Taxpayer>(db, { entity: Taxpayer, table: 'tax.taxpayer', key: 'uscc' }, usccs),
      ),
      declarations: argsLoader((usccs, { months }) =>
        loadTopNPerKey<VatDeclaration>(db, { entity: VatDeclaration, table: 'tax.vat_declaration', key: 'uscc', orderBy: 'x.period DESC' }, usccs, months),
      ),
      invoices: argsLoader(async (usccs, { direction, first, after }) => {
        const party = direction === 'ISSUED' ? 'seller_uscc' : 'buyer_uscc';
        const params: unknown[] = [usccs, first + 1];
        let where: string | undefined;
        if (after) {
          const [date, id] = decodeCursor(after, 2);
          params.push(date, id);
          where = '(x.issue_date, x.id) < ($3::date, $4::bigint)';
        }
        const sql = topNPerKeySql({
          from: 'tax.invoice x',
          select: `${selectColumns(Invoice, 'x')}, x.${party} AS "partyKey"`,
          keyColumn: party,
          keyType: USCC_ARRAY,
          orderBy: 'x.issue_date DESC, x.id DESC',
          where,
        });
        const { rows } = await db.query<Invoice & { partyKey: string }>(sql, params);
        return groupByKey(usccs, rows, (r) => r.partyKey).map((list) =>
          toPage(list.map(({ partyKey: _k, ...inv }) => inv as Invoice), first),
        );
      }),
    }),
    health: () => mirrorHealth(db, 'TAX', 'tax.taxpayer'),
    dispose: async () => {},
  };
}
