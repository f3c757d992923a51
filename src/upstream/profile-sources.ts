/**
 * What each upstream source serves about a firm (profiles.ts reads it): its single records and
 * its lists, each list's FROM, select list (from the TypeORM entities), key, total order and record
 * date, and the nested lists attached to the items served. STATEMENTS_PER_BATCH counts the SQL
 * statements this makes one batch issue.
 */
import 'reflect-metadata';
import type { Database } from '../db/database';
import { loadAllPerKey, loadOnePerKey, selectColumns, USCC_ARRAY } from '../../connectors/shared/sql';
import { CreditRatingRecord, Invoice, Taxpayer, VatDeclaration } from '../../connectors/tax/tax.records';
import {
  AbnormalListing,
  RegistryChange,
  RegistryCompany,
  Shareholder,
} from '../../connectors/registry/registry.records';
import {
  Confirmation,
  CoreEnterprise,
  Pledge,
  PurchaseOrder,
  Receivable,
} from '../../connectors/supply-chain/supply-chain.records';
import { CaseParty, CourtCase, DishonestListing, Enforcement } from '../../connectors/judicial/judicial.records';

/** The sources, by their path segment. */
export const SOURCES = ['tax', 'registry', 'supply-chain', 'judicial'] as const;
export type Source = (typeof SOURCES)[number];

export const isSource = (s: string): s is Source => (SOURCES as readonly string[]).includes(s);

export type Row = Record<string, unknown>;

/** One column of a list's order; `field` is the same value in the served item (for the page token). */
export interface SortKey {
  column: string;
  field: string;
  /** SQL type the token's string value is cast to. */
  type: 'date' | 'bigint' | 'numeric' | 'text';
  desc: boolean;
}

export interface ListSpec {
  /** FROM clause; the table holding the firm's key has alias `x`. */
  from: string;
  select: string;
  /** Column of `x` equal to the firm's USCC. */
  keyColumn: string;
  groupBy?: string;
  /** A total order (its last key is unique), newest first where the records are dated. */
  order: SortKey[];
  /** SQL: the newest record date of a row, its nested records included (GREATEST skips nulls); none for undated lists. */
  recordDate?: string;
  /** Adds nested lists to the items served, one statement per nested list for all of them. */
  attach?: (db: Database, items: Row[]) => Promise<void>;
}

export interface SourceSpec {
  /** Per firm: null when the source does not know it, else the profile's single records (`{ taxpayer }`, or `{}`). */
  head(db: Database, usccs: readonly string[]): Promise<Array<Row | null>>;
  /** Record dates of the single records. */
  headDates?: (head: Row) => Array<string | null>;
  /** The profile's lists, in payload order. */
  lists: Record<string, ListSpec>;
}

const newest = (dateColumn: string, dateField: string, alias = 'x'): SortKey[] => [
  { column: `${alias}.${dateColumn}`, field: dateField, type: 'date', desc: true },
  { column: `${alias}.id`, field: 'id', type: 'bigint', desc: true },
];

/** The firms of core.firm among `usccs`: the sources that hold lists only know the platform's firms. */
async function knownFirms(db: Database, usccs: readonly string[]): Promise<Array<Row | null>> {
  const { rows } = await db.query<{ uscc: string }>(
    `SELECT f.uscc FROM core.firm f WHERE f.uscc = ANY($1::${USCC_ARRAY})`,
    [usccs],
  );
  const known = new Set(rows.map((r) => r.uscc));
  return usccs.map((u) => (known.has(u) ? {} : null));
}

/** Sets `item[field]` to its children (rows whose `childKey` is the item's id), one statement for all items. */
async function attachChildren(
  db: Database,
  items: Row[],
  field: string,
  spec: Parameters<typeof loadAllPerKey<Row>>[1],
): Promise<void> {
  const ids = [...new Set(items.map((i) => i.id as string))];
  const groups = await loadAllPerKey<Row>(db, spec, ids);
  const byId = new Map(ids.map((id, i) => [id, groups[i]]));
  for (const item of items) item[field] = byId.get(item.id as string) ?? [];
}

const invoices = (keyColumn: string): ListSpec => ({
  from: 'tax.invoice x',
  select: selectColumns(Invoice, 'x'),
  keyColumn,
  order: newest('issue_date', 'issueDate'),
  recordDate: 'x.issue_date',
});

export const SPECS: Record<Source, SourceSpec> = {
  tax: {
    async head(db, usccs) {
      const rows = await loadOnePerKey<Row>(db, { entity: Taxpayer, table: 'tax.taxpayer', key: 'uscc' }, usccs);
      return rows.map((taxpayer) => (taxpayer ? { taxpayer } : null));
    },
    headDates: (h) => [(h.taxpayer as Taxpayer).registeredOn],
    lists: {
      // One per year assessed, newest year first, each dated by its publication.
      creditRatings: {
        from: 'tax.credit_rating x',
        select: selectColumns(CreditRatingRecord, 'x'),
        keyColumn: 'uscc',
        order: [{ column: 'x.year', field: 'year', type: 'bigint', desc: true }],
        recordDate: 'x.published_on',
      },
      declarations: {
        from: 'tax.vat_declaration x',
        select: selectColumns(VatDeclaration, 'x'),
        keyColumn: 'uscc',
        order: [{ column: 'x.period', field: 'period', type: 'text', desc: true }],
        recordDate: 'x.declared_on',
      },
      invoicesIssued: invoices('seller_uscc'),
      invoicesReceived: invoices('buyer_uscc'),
    },
  },
  registry: {
    async head(db, usccs) {
      const rows = await loadOnePerKey<Row>(
        db,
        { entity: RegistryCompany, table: 'registry.company', key: 'uscc' },
        usccs,
      );
      return rows.map((company) => (company ? { company } : null));
    },
    headDates: (h) => [(h.company as RegistryCompany).foundedOn, (h.company as RegistryCompany).statusChangedOn],
    lists: {
      // Undated: largest share first, as the registry lists them.
      shareholders: {
        from: 'registry.shareholder x',
        select: selectColumns(Shareholder, 'x'),
        keyColumn: 'uscc',
        order: [
          { column: 'x.share_ratio', field: 'shareRatio', type: 'numeric', desc: true },
          { column: 'x.id', field: 'id', type: 'bigint', desc: false },
        ],
      },
      changes: {
        from: 'registry.change_log x',
        select: selectColumns(RegistryChange, 'x'),
        keyColumn: 'uscc',
        order: newest('changed_on', 'changedOn'),
        recordDate: 'x.changed_on',
      },
      abnormalListings: {
        from: 'registry.abnormal_listing x',
        select: selectColumns(AbnormalListing, 'x'),
        keyColumn: 'uscc',
        order: newest('listed_on', 'listedOn'),
        recordDate: 'GREATEST(x.listed_on, x.removed_on)',
      },
    },
  },
  'supply-chain': {
    head: knownFirms,
    lists: {
      // The core enterprises a firm supplies: those that ordered from it or owe it receivables
      // (the same rule as the mirror's loader). Undated: by name.
      coreEnterprises: {
        from:
          '(SELECT o.supplier_uscc AS firm_uscc, o.core_uscc FROM supply_chain.purchase_order o ' +
          'UNION SELECT r.creditor_uscc, r.debtor_uscc FROM supply_chain.receivable r) x ' +
          'JOIN supply_chain.core_enterprise c ON c.uscc = x.core_uscc',
        select: selectColumns(CoreEnterprise, 'c'),
        keyColumn: 'firm_uscc',
        order: [
          { column: 'c.name', field: 'name', type: 'text', desc: false },
          { column: 'c.uscc', field: 'uscc', type: 'text', desc: false },
        ],
      },
      orders: {
        from: 'supply_chain.purchase_order x',
        select: selectColumns(PurchaseOrder, 'x'),
        keyColumn: 'supplier_uscc',
        order: newest('order_date', 'orderDate'),
        recordDate: 'x.order_date',
      },
      receivables: {
        from: 'supply_chain.receivable x',
        select: selectColumns(Receivable, 'x'),
        keyColumn: 'creditor_uscc',
        order: newest('issue_date', 'issueDate'),
        // Not due_date: a promise about the future, not news.
        recordDate:
          'GREATEST(x.issue_date, (SELECT max(cf.confirmed_on) FROM supply_chain.confirmation cf WHERE cf.receivable_id = x.id), ' +
          '(SELECT max(pl.pledged_on) FROM supply_chain.pledge pl WHERE pl.receivable_id = x.id))',
        async attach(db, items) {
          await Promise.all([
            attachChildren(db, items, 'confirmations', {
              entity: Confirmation,
              table: 'supply_chain.confirmation',
              key: 'receivableId',
              keyType: 'bigint[]',
              orderBy: 'x.confirmed_on, x.id',
            }),
            attachChildren(db, items, 'pledges', {
              entity: Pledge,
              table: 'supply_chain.pledge',
              key: 'receivableId',
              keyType: 'bigint[]',
              orderBy: 'x.pledged_on, x.id',
            }),
          ]);
        },
      },
    },
  },
  judicial: {
    head: knownFirms,
    lists: {
      // The cases the firm is a party to, each with all its parties (the firm's role is in its
      // own party row). GROUP BY: a firm named twice in one case still gets the case once.
      cases: {
        from: 'judicial.case_party x JOIN judicial.court_case c ON c.id = x.case_id',
        select: selectColumns(CourtCase, 'c'),
        keyColumn: 'uscc',
        groupBy: 'c.id',
        order: newest('filed_on', 'filedOn', 'c'),
        recordDate: 'GREATEST(c.filed_on, c.published_on, c.closed_on)',
        attach: (db, items) =>
          attachChildren(db, items, 'parties', {
            entity: CaseParty,
            table: 'judicial.case_party',
            key: 'caseId',
            keyType: 'bigint[]',
            orderBy: 'x.id',
          }),
      },
      enforcements: {
        from: 'judicial.enforcement x',
        select: selectColumns(Enforcement, 'x'),
        keyColumn: 'uscc',
        order: newest('filed_on', 'filedOn'),
        recordDate: 'GREATEST(x.filed_on, x.published_on, x.closed_on)',
      },
      dishonestListings: {
        from: 'judicial.dishonest_listing x',
        select: selectColumns(DishonestListing, 'x'),
        keyColumn: 'uscc',
        order: newest('listed_on', 'listedOn'),
        recordDate: 'GREATEST(x.listed_on, x.removed_on)',
      },
    },
  },
};

/** SQL statements one batchGet issues, whatever its number of keys. */
export const STATEMENTS_PER_BATCH: Record<Source, number> = { tax: 5, registry: 4, 'supply-chain': 6, judicial: 5 };

export const listNames = (source: Source): string[] => Object.keys(SPECS[source].lists);
