/**
 * Tax connector (金税): taxpayer record and its yearly tax-credit ratings, monthly VAT
 * declarations, e-invoices issued and received. Adapters: `postgres` (the `tax` mirror schema)
 * and `http` (the tax upstream, written through to the mirror).
 */
import type DataLoader from 'dataloader';
import { loader } from '../../src/lib/loader';
import { argsLoader } from '../shared/connector';
import { defineSource } from '../shared/source';
import {
  groupByKey,
  loadAllPerKey,
  loadOnePerKey,
  loadTopNPerKey,
  selectColumns,
  topNPerKeySql,
  USCC_ARRAY,
} from '../shared/sql';
import { firmRows, replaceRows } from '../shared/write-through';
import { CreditRatingRecord, Invoice, Taxpayer, VatDeclaration } from './tax.records';
import { taxProfileSchema, type TaxProfilePayload } from './tax.upstream';
import { decodeCursor, toPage, type Page } from '../../src/graphql/pagination';
import type { Database } from '../../src/db/database';

export * from './tax.records';
import { taxEntities } from './tax.records';
import { taxKinds } from './tax.kinds';
import { InvoiceResolver, TaxResolver } from './tax.resolver';

export type InvoiceDirection = 'ISSUED' | 'RECEIVED';

export interface TaxLoaders {
  taxpayer: DataLoader<string, Taxpayer | null>;
  /** Each firm's yearly tax-credit ratings, newest year first. */
  creditRatings: DataLoader<string, CreditRatingRecord[]>;
  declarations: DataLoader<{ uscc: string; months: number }, VatDeclaration[], string>;
  invoices: DataLoader<
    { uscc: string; direction: InvoiceDirection; first: number; after: string | null },
    Page<Invoice>,
    string
  >;
}

function mirrorLoaders(db: Database): TaxLoaders {
  return {
    taxpayer: loader((usccs) =>
      loadOnePerKey<Taxpayer>(db, { entity: Taxpayer, table: 'tax.taxpayer', key: 'uscc' }, usccs),
    ),
    creditRatings: loader((usccs) =>
      loadAllPerKey<CreditRatingRecord>(
        db,
        { entity: CreditRatingRecord, table: 'tax.credit_rating', key: 'uscc', orderBy: 'x.uscc, x.year DESC' },
        usccs,
      ),
    ),
    declarations: argsLoader((usccs, { months }: { months: number }) =>
      loadTopNPerKey<VatDeclaration>(
        db,
        { entity: VatDeclaration, table: 'tax.vat_declaration', key: 'uscc', orderBy: 'x.period DESC' },
        usccs,
        months,
      ),
    ),
    invoices: argsLoader(
      async (
        usccs,
        { direction, first, after }: { direction: InvoiceDirection; first: number; after: string | null },
      ) => {
        const party = direction === 'ISSUED' ? 'seller_uscc' : 'buyer_uscc';
        const params: unknown[] = [usccs, first + 1];
        let where: string | undefined;
        if (after) {
          const [date, id] = decodeCursor(after, 'invoices', 2);
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
          toPage(
            list.map(({ partyKey: _k, ...inv }) => inv as Invoice),
            first,
          ),
        );
      },
    ),
  };
}

declare module '../shared/source-name' {
  interface SourceNames {
    TAX: TaxLoaders;
  }
}

export const taxSource = defineSource<'TAX', TaxProfilePayload>({
  name: 'TAX',
  description: 'The tax bureau (金税): the taxpayer record, tax-credit ratings, VAT declarations and e-invoices.',
  entities: taxEntities,
  kinds: taxKinds,
  healthTable: 'tax.taxpayer',
  mirrorLoaders,
  upstream: {
    resource: 'tax',
    schema: taxProfileSchema,
    async writeThrough(client, usccs, all) {
      await replaceRows(
        client,
        { entity: Taxpayer, table: 'tax.taxpayer', replaceWhere: firmRows('uscc') },
        usccs,
        all.map((p) => p.taxpayer),
      );
      await replaceRows(
        client,
        { entity: CreditRatingRecord, table: 'tax.credit_rating', replaceWhere: firmRows('uscc') },
        usccs,
        all.flatMap((p) => p.creditRatings),
      );
      await replaceRows(
        client,
        { entity: VatDeclaration, table: 'tax.vat_declaration', replaceWhere: firmRows('uscc') },
        usccs,
        all.flatMap((p) => p.declarations),
      );
      await replaceRows(
        client,
        { entity: Invoice, table: 'tax.invoice', replaceWhere: firmRows('seller_uscc', 'buyer_uscc') },
        usccs,
        all.flatMap((p) => [...p.invoicesIssued, ...p.invoicesReceived]),
      );
    },
  },
  completeness: {
    expected: true,
    records: `(SELECT count(*) FROM tax.vat_declaration d WHERE d.uscc = f.uscc)`,
    newest: `(SELECT (max(d.period) || '-01')::date FROM tax.vat_declaration d WHERE d.uscc = f.uscc)`,
  },
  graphql: {
    type: () => Taxpayer,
    description: 'Tax bureau (金税); null when the firm is not a registered taxpayer there.',
    resolve: (uscc, found, loaders) => (found ? loaders.taxpayer.load(uscc) : null),
    resolvers: [TaxResolver, InvoiceResolver],
  },
});
