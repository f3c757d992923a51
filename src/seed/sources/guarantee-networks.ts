/**
 * The planted guarantee networks' rows and truth (network.plan.ts): each borrower writes the
 * guarantees it receives, on its newest loan (live at asOf: network members are forced
 * borrowers that do not fail by asOf). A released circle's closing guarantee is on the first
 * member's newest loan started 60 days or more before asOf: it ran out with that loan, or, when
 * the loan still runs, the guarantor was released early; either way before the first day of
 * asOf's month.
 *
 * Evidence, on every member: GUARANTEE_CHAIN `{chain, position, guaranteeEndsOn}` (the earliest
 * end of the chain's guarantees), GUARANTEE_STAR `{guarantor, guaranteed (sorted),
 * guaranteeEndsOn}`, RELEASED_GUARANTEE `{circle, releasedOn}` and, for every circle member and
 * member of a chain or star joined to it, GUARANTEE_NETWORK_JOIN `{circle, joined, kind}`.
 */
import { type Day, firstDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { Rng, Stream } from '../random';
import { type Loan } from './loan-origination';

/** Writes one guarantee of `loan` (the firm is its borrower). */
export type AddGuarantee = (guarantor: number, loan: Loan, end: Day) => void;

/** Writes the planted network guarantees the firm receives; `end` is when a guarantee of `newest` ends. */
export function writeNetworkGuarantees(
  f: FirmContext,
  loans: readonly Loan[],
  newest: Loan,
  end: Day,
  add: AddGuarantee,
): void {
  for (const g of f.g.plan.networks.guaranteesInto(f.i)) {
    if (g.kind === 'RELEASED_CLOSING') {
      const [loan, releasedOn] = releasedGuarantee(f, loans);
      add(g.guarantor, loan, releasedOn);
      f.g.ledger.report(`released:${g.index}`, 'releasedOn', releasedOn);
      continue;
    }
    add(g.guarantor, newest, end);
    if (g.kind === 'CHAIN') f.g.ledger.report(`chain:${g.index}`, 'guaranteeEndsOn', end);
    if (g.kind === 'STAR') f.g.ledger.report(`star:${g.index}`, 'guaranteeEndsOn', end);
  }
}

function releasedGuarantee(f: FirmContext, loans: readonly Loan[]): [Loan, Day] {
  const asOfStart = firstDay(f.g.asOf);
  const loan = loans.filter((l) => l.start <= asOfStart - 60).at(-1);
  if (!loan)
    throw new Error(
      `released circle member ${f.id.uscc}: expected a loan started 60 days before ${f.g.asOf} or earlier (the plan takes firms founded over a year before asOf), found none`,
    );
  if (loan.maturity < asOfStart) return [loan, loan.maturity];
  const rng = Rng.stream(f.g.seed, f.i, Stream.NETWORKS);
  return [loan, rng.int(loan.start + 30, asOfStart - 1)];
}

/** Records the firm's network evidence (its roles come from the plan; days the ledger fills in). */
export function recordNetworkEvidence(f: FirmContext): void {
  const { plan, identities, ledger } = f.g;
  const roles = plan.networks.rolesOf(f.i);
  if (!roles) return;
  const usccOf = (j: number) => identities.get(j).uscc;
  const sorted = (js: readonly number[]) => js.map(usccOf).sort();
  if (roles.chain) {
    const [c, position] = roles.chain;
    const chain = plan.networks.chains[c].members.map(usccOf);
    ledger.attach(`chain:${c}`, 'guaranteeEndsOn', f.evidence('GUARANTEE_CHAIN', { chain, position }));
  }
  if (roles.star !== undefined) {
    const star = plan.networks.stars[roles.star];
    const evidence = f.evidence('GUARANTEE_STAR', {
      guarantor: usccOf(star.guarantor),
      guaranteed: sorted(star.guaranteed),
    });
    ledger.attach(`star:${roles.star}`, 'guaranteeEndsOn', evidence);
  }
  if (roles.released !== undefined) {
    const circle = plan.networks.released[roles.released].map(usccOf);
    ledger.attach(`released:${roles.released}`, 'releasedOn', f.evidence('RELEASED_GUARANTEE', { circle }));
  }
  for (const join of roles.joins) {
    const joinedTo = join.kind === 'CHAIN' ? plan.networks.chains[join.index] : plan.networks.stars[join.index];
    const circle = plan.circles[joinedTo.join!.circle].map(usccOf);
    const joined =
      join.kind === 'CHAIN'
        ? plan.networks.chains[join.index].members.map(usccOf)
        : [usccOf(plan.networks.stars[join.index].guarantor), ...sorted(plan.networks.stars[join.index].guaranteed)];
    f.evidence('GUARANTEE_NETWORK_JOIN', { circle, joined, kind: join.kind });
  }
}
