/** The judicial source's upstream payload (one profile per firm), validated at the boundary. */
import { z } from 'zod';
import { date, id, money, uscc } from '../shared/wire';
import { CaseStatus, EnforcementStatus, PartyRole, PartyType } from './judicial.records';

export const judicialProfileSchema = z.object({
  cases: z.array(
    z.object({
      id,
      caseNo: z.string().max(64),
      court: z.string(),
      cause: z.string(),
      filedOn: date,
      /** When the case was published: when a bank could first know of it. */
      publishedOn: date,
      closedOn: date.nullable(),
      amount: money,
      status: z.enum(CaseStatus),
      parties: z.array(
        z.object({
          id,
          caseId: id,
          uscc: uscc.nullable(),
          name: z.string(),
          partyType: z.enum(PartyType),
          role: z.enum(PartyRole),
        }),
      ),
    }),
  ),
  enforcements: z.array(
    z.object({
      id,
      uscc,
      caseNo: z.string().max(64),
      court: z.string(),
      filedOn: date,
      publishedOn: date,
      closedOn: date.nullable(),
      amount: money,
      status: z.enum(EnforcementStatus),
    }),
  ),
  dishonestListings: z.array(
    z.object({
      id,
      uscc,
      caseNo: z.string().max(64),
      court: z.string(),
      listedOn: date,
      obligation: z.string(),
      removedOn: date.nullable(),
    }),
  ),
});

export type JudicialProfilePayload = z.infer<typeof judicialProfileSchema>;
