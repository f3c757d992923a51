import { type KindSpec } from '../../src/import/kind-spec';
import { CreditRatingRecord, Invoice, InvoiceKind, Taxpayer, VatDeclaration } from './tax.records';

/** The tax source's import kinds (`npm run import -- --source tax --kind <kind>`), parents before children. */
export const taxKinds: KindSpec[] = [
  {
    kind: 'taxpayer',
    entity: Taxpayer,
    description: 'The tax registration (税务登记) and tax-credit rating of a firm, one per USCC.',
    key: { strategy: 'primary', fields: ['uscc'] },
    owners: ['uscc'],
    dates: ['registered_on'],
    fields: {
      credit_rating: { note: "the newest published rating (tax.credit_rating holds every year's)" },
      rating_year: { min: 1990, max: 2100, example: '2025' },
      tax_authority: { example: '国家税务总局杭州市西湖区税务局' },
    },
  },
  {
    kind: 'credit_rating',
    entity: CreditRatingRecord,
    description:
      "A year's tax-credit rating (纳税信用评价) of a firm and the day the tax bureau published it, one per firm and year.",
    key: { strategy: 'primary', fields: ['uscc', 'year'] },
    owners: ['uscc'],
    dates: ['published_on'],
    rules: [
      {
        columns: ['published_on', 'year'],
        doc: 'published_on is in or after the year assessed',
        check: (v) => {
          const published = v.published_on as string;
          const year = v.year as string;
          if (Number(published.slice(0, 4)) >= Number(year)) return null;
          return `column published_on: ${JSON.stringify(published)} is before the year assessed ${year}; expected a date in ${year} or later`;
        },
      },
    ],
    fields: {
      year: { min: 1990, max: 2100, example: '2025', note: 'the year assessed' },
      rating: { example: 'B' },
      published_on: {
        example: '2026-04-30',
        note: 'the day the rating was published (April of the next year, or on registration)',
      },
    },
  },
  {
    kind: 'vat_declaration',
    entity: VatDeclaration,
    description: 'A monthly VAT declaration (增值税纳税申报), one per firm and period.',
    key: { strategy: 'primary', fields: ['uscc', 'period'] },
    owners: ['uscc'],
    dates: ['declared_on'],
  },
  {
    kind: 'invoice',
    entity: Invoice,
    description: 'An e-invoice (电子发票). A source may deliver the same invoice number twice: both lines are kept.',
    key: { strategy: 'import-key', fields: ['invoice_code', 'invoice_number'] },
    owners: ['seller_uscc', 'buyer_uscc'],
    dates: ['issue_date'],
    rules: [
      {
        columns: ['kind', 'invoice_code'],
        doc: 'a DIGITAL invoice has no invoice_code; the other kinds have one',
        check: (v) => {
          if (v.kind === null) return null;
          if (v.kind === InvoiceKind.DIGITAL && v.invoice_code !== null) {
            return `column invoice_code: ${JSON.stringify(v.invoice_code)} given for a DIGITAL invoice; expected none (fully digital invoices have a 20-digit number and no code)`;
          }
          if (v.kind !== InvoiceKind.DIGITAL && v.invoice_code === null)
            return `column invoice_code: is empty; a ${v.kind} invoice has an invoice code`;
          return null;
        },
      },
    ],
    fields: {
      invoice_code: { example: '033002400111', note: 'none for DIGITAL invoices' },
      invoice_number: { example: '00012345' },
      seller_name: { example: '杭州恒达机械有限公司' },
      buyer_uscc: { note: 'none when the buyer is a person' },
      buyer_name: { example: '宁波港城贸易有限公司' },
    },
  },
];
