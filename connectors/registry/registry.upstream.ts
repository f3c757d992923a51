/** The registry source's upstream payload (one profile per firm), validated at the boundary. */
import { z } from 'zod';
import { date, decimal, id, money, uscc } from '../shared/wire';
import { ChangeItem, EntityType, HolderType, RegistryStatus } from './registry.records';

export const registryProfileSchema = z.object({
  company: z.object({
    uscc,
    name: z.string().min(1),
    status: z.enum(RegistryStatus),
    entityType: z.enum(EntityType),
    foundedOn: date,
    registeredCapital: money,
    paidInCapital: money,
    legalRepName: z.string(),
    legalRepIdNo: z.string().length(18),
    legalRepPhone: z.string().max(20).nullable(),
    address: z.string(),
    businessScope: z.string(),
    authority: z.string(),
    statusChangedOn: date.nullable(),
  }),
  shareholders: z.array(
    z.object({
      id,
      uscc,
      holderType: z.enum(HolderType),
      holderName: z.string(),
      holderUscc: uscc.nullable(),
      holderIdNo: z.string().length(18).nullable(),
      shareRatio: decimal,
      subscribedCapital: money,
      paidCapital: money,
    }),
  ),
  changes: z.array(
    z.object({ id, uscc, changedOn: date, item: z.enum(ChangeItem), beforeValue: z.string(), afterValue: z.string() }),
  ),
  abnormalListings: z.array(
    z.object({ id, uscc, listedOn: date, reason: z.string(), authority: z.string(), removedOn: date.nullable() }),
  ),
});

export type RegistryProfilePayload = z.infer<typeof registryProfileSchema>;
