/** The tax source's upstream payload (one profile per firm), validated at the boundary. */
import { z } from 'zod';
import { date, id, money, month, uscc } from '../shared/wire';
import { InvoiceKind, InvoiceStatus, TaxCreditRating, TaxpayerType } from './tax.records';

export const invoiceSchema = z.object({
  id,
  invoiceCode: z.string().max(12).nullable(),
  invoiceNumber: z.string().min(1).max(20),
  kind: z.enum(InvoiceKind),
  sellerUscc: uscc,
  sellerName: z.string(),
  buyerUscc: uscc.nullable(),
  buyerName: z.string(),
  issueDate: date,
  amount: money,
  taxAmount: money,
  status: z.enum(InvoiceStatus),
});

export const taxProfileSchema = z.object({
  taxpayer: z.object({
    uscc,
    taxpayerType: z.enum(TaxpayerType),
    creditRating: z.enum(TaxCreditRating),
    ratingYear: z.number().int(),
    registeredOn: date,
    taxAuthority: z.string(),
  }),
  /** Every year's tax-credit rating with the day it was published (the taxpayer's creditRating is the newest). */
  creditRatings: z.array(
    z.object({
      uscc,
      year: z.number().int(),
      rating: z.enum(TaxCreditRating),
      publishedOn: date,
    }),
  ),
  declarations: z.array(
    z.object({
      uscc,
      period: month,
      sales: money,
      taxableSales: money,
      exemptSales: money,
      outputTax: money,
      inputTax: money,
      inputTaxTransferred: money,
      taxPayable: money,
      taxPaid: money,
      declaredOn: date,
    }),
  ),
  invoicesIssued: z.array(invoiceSchema),
  invoicesReceived: z.array(invoiceSchema),
});

export type TaxProfilePayload = z.infer<typeof taxProfileSchema>;
