/** The supply-chain source's upstream payload (one profile per firm), validated at the boundary. */
import { z } from 'zod';
import { date, id, money, uscc } from '../shared/wire';
import { OrderStatus, PledgeStatus, ReceivableStatus } from './supply-chain.records';

export const supplyChainProfileSchema = z.object({
  coreEnterprises: z.array(
    z.object({ uscc, name: z.string(), industryCode: z.string().max(5), rating: z.string().max(8) }),
  ),
  orders: z.array(
    z.object({
      id,
      orderNo: z.string().max(32),
      supplierUscc: uscc.nullable(),
      supplierName: z.string(),
      coreUscc: uscc,
      orderDate: date,
      amount: money,
      status: z.enum(OrderStatus),
    }),
  ),
  receivables: z.array(
    z.object({
      id,
      receivableNo: z.string().max(32),
      creditorUscc: uscc,
      debtorUscc: uscc,
      amount: money,
      issueDate: date,
      dueDate: date,
      status: z.enum(ReceivableStatus),
      confirmations: z.array(
        z.object({ id, receivableId: id, confirmedBy: uscc, confirmedOn: date, confirmedAmount: money }),
      ),
      pledges: z.array(
        z.object({
          id,
          receivableId: id,
          pledgee: z.string(),
          registrationNo: z.string().max(32),
          pledgedOn: date,
          amount: money,
          status: z.enum(PledgeStatus),
        }),
      ),
    }),
  ),
});

export type SupplyChainProfilePayload = z.infer<typeof supplyChainProfileSchema>;
