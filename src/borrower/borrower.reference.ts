/** Federation: `__resolveReference` for `Borrower @key(fields: "uscc")` (served by `_entities`). */
import type { Context } from '../graphql/context';
import { badInput } from '../errors';
import { checkUscc } from '../lib/uscc';

export const borrowerReferenceResolvers = {
  Borrower: {
    __resolveReference(ref: { uscc?: unknown }, ctx: Context) {
      const check = checkUscc(String(ref.uscc ?? ''));
      if (!check.ok) throw badInput(`invalid USCC in the Borrower representation: ${check.reason}`, { argument: 'representations' });
      return ctx.loaders.firm.load(check.value);
    },
  },
};
