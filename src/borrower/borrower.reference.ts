/** Federation: `__resolveReference` for `Borrower @key(fields: "uscc")` (served by `_entities`). */
import type { Context } from '../graphql/context';
import { badInput } from '../errors';
import { checkUscc } from '../lib/uscc';
import { authorize } from '../auth/authorize.service';

export const borrowerReferenceResolvers = {
  Borrower: {
    async __resolveReference(ref: { uscc?: unknown }, ctx: Context) {
      const check = checkUscc(String(ref.uscc ?? ''));
      if (!check.ok)
        throw badInput(`invalid USCC in the Borrower representation: ${check.reason}`, { argument: 'representations' });
      await authorize(ctx, check.value, 'FIRM');
      return ctx.loaders.firm.load(check.value);
    },
  },
};
