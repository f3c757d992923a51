/**
 * Court records (schema judicial): civil cases with their parties, enforcement cases and
 * dishonest-debtor listings.
 *
 * About 6% of firms bring or face cases of their own, as plaintiff (suing a buyer: 买卖合同纠纷)
 * or defendant (a supplier, a worker: 劳动争议, a landlord, a lender: 借款合同纠纷); with the
 * portfolio firms on the other side of those cases, about 9% of firms appear in court records. A sliding firm with the
 * loan-suit signal is sued by another lender during its slide. Unhealthy firms are more often
 * under enforcement, and some of those are listed as dishonest debtors.
 *
 * Planted: NAME_VARIANT in case_party (the firm named by a variant, without its USCC).
 *
 * Recorded: NEW_ENFORCEMENT, the firms that came under enforcement (执行立案) or were listed as
 * dishonest debtors (still listed at asOf) within the last NEW_ENFORCEMENT_MONTHS months: what
 * rule 10 calls new. Their look-alikes are the other firms under enforcement: filed earlier,
 * or listed and removed again once they paid.
 */
import { type Day, formatDay, lastDay, monthOfDay, civilOf, firstDay } from '../calendar';
import { CASES_PER_FIRM, caseNo, caseSerial } from '../codes';
import { type FirmContext } from '../context';
import { EXTERNAL_FIRMS, EXTERNAL_SERIAL_BASE, nameAt } from '../identity';
import { type Fen, formatFen } from '../money';
import { brandOf, courtName, drawPerson, nameVariant } from '../names';
import { Rng, Stream, Weighted } from '../random';
import { cityShortName } from '../../reference/regions';

type Role = 'PLAINTIFF' | 'DEFENDANT';

interface Party {
  uscc: string | null;
  name: string;
  type: 'FIRM' | 'PERSON';
}

interface Case {
  cause: string;
  role: Role;
  other: Party;
  filed: Day;
  amount: Fen;
  pending: boolean;
}

const DEFENDANT_CAUSES = Weighted.of<string>([
  ['买卖合同纠纷', 40],
  ['劳动争议', 25],
  ['借款合同纠纷', 10],
  ['房屋租赁合同纠纷', 10],
  ['服务合同纠纷', 8],
  ['建设工程施工合同纠纷', 7],
]);
const PLAINTIFF_CAUSES = Weighted.of<string>([
  ['买卖合同纠纷', 70],
  ['承揽合同纠纷', 15],
  ['服务合同纠纷', 15],
]);
export const OBLIGATIONS = ['支付货款及逾期付款利息', '偿还借款本金及利息', '支付劳动报酬', '支付租金及违约金'];

/** Lenders other than the bank itself (small-loan companies), with brands nobody else uses. */
const LENDER_SERIAL_BASE = EXTERNAL_SERIAL_BASE + EXTERNAL_FIRMS;

/** "New" court records: filed (or listed) after the last day of the month this many months before asOf. */
export const NEW_ENFORCEMENT_MONTHS = 9;

export function generateJudicial(f: FirmContext): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.JUDICIAL);
  const cases: Case[] = [];
  const asOfEnd = lastDay(f.g.asOf);
  const earliest = Math.max(f.id.foundedOn + 180, asOfEnd - 4 * 365);
  if ((f.p.hasCases || f.g.plan.forcedCase.has(f.i)) && earliest < asOfEnd) {
    const n = Math.min(3, 1 + rng.poisson(0.5));
    for (let k = 0; k < n; k++) cases.push(ordinaryCase(f, rng, rng.int(earliest, asOfEnd)));
  }
  if (f.p.sliding && f.p.signals.loanSuit) {
    const filed = rng.int(firstDay(f.p.slideStart), asOfEnd);
    cases.push({ cause: '借款合同纠纷', role: 'DEFENDANT', other: lender(f, rng), filed, amount: Math.round(f.id.baseSales * rng.between(0.3, 1.5)), pending: true });
  }
  cases.sort((a, b) => a.filed - b.filed);
  const variant = f.g.plan.nameVariants.get(f.i);
  const variantAt = variant?.table === 'judicial.case_party' ? cases.length - 1 : -1;
  cases.forEach((c, k) => writeCase(f, rng, c, k, k === variantAt));
  if (f.p.enforcement) writeEnforcement(f, rng, asOfEnd);
}

function ordinaryCase(f: FirmContext, rng: Rng, filed: Day): Case {
  const plaintiff = rng.chance(0.4);
  const cause = plaintiff ? rng.weighted(PLAINTIFF_CAUSES) : rng.weighted(DEFENDANT_CAUSES);
  let other: Party;
  if (cause === '劳动争议') other = { uscc: null, name: drawPerson(rng).name, type: 'PERSON' };
  else if (cause === '借款合同纠纷') other = lender(f, rng);
  else if (cause === '房屋租赁合同纠纷' && rng.chance(0.5)) other = { uscc: null, name: drawPerson(rng).name, type: 'PERSON' };
  else other = counterpartyFirm(f, rng, filed);
  const pending = filed > lastDay(f.g.asOf) - 120 ? rng.chance(0.7) : rng.chance(0.05);
  const amount = Math.round(f.id.baseSales * (cause === '劳动争议' ? rng.between(0.01, 0.05) : rng.between(0.05, 0.6)));
  return { cause, role: plaintiff ? 'PLAINTIFF' : 'DEFENDANT', other, filed, amount, pending };
}

/** Often another portfolio firm (when it existed that day), else a firm outside the portfolio. */
function counterpartyFirm(f: FirmContext, rng: Rng, day: Day): Party {
  const j = f.g.firms > 1 && rng.chance(0.4) ? (f.i + rng.int(1, f.g.firms - 1)) % f.g.firms : -1;
  const other = j >= 0 ? f.g.identities.get(j) : undefined;
  const usable = other && other.foundedOn < day && (f.g.plan.activityEnd(j) ?? f.g.asOf) >= monthOfDay(day);
  const firm = usable ? other : f.g.identities.get(EXTERNAL_SERIAL_BASE + rng.int(0, EXTERNAL_FIRMS - 1));
  return { uscc: firm.uscc, name: nameAt(firm, day), type: 'FIRM' };
}

function lender(f: FirmContext, rng: Rng): Party {
  const name = `${cityShortName(f.id.region)}${brandOf(LENDER_SERIAL_BASE + rng.int(0, 199), f.g.seed)}小额贷款有限公司`;
  return { uscc: null, name, type: 'FIRM' };
}

function writeCase(f: FirmContext, rng: Rng, c: Case, k: number, asVariant: boolean): void {
  const caseId = f.g.ids.take('judicial.court_case');
  const [year] = civilOf(c.filed);
  const no = caseNo(year, f.id.region.code, '民初', caseSerial(f.i, k, f.g.firms));
  const closed = c.pending ? null : Math.min(lastDay(f.g.asOf), c.filed + rng.int(30, 300));
  f.out['judicial.court_case'].add(
    caseId, no, courtName(f.id.region), c.cause, formatDay(c.filed), closed === null ? null : formatDay(closed),
    formatFen(c.amount), closed === null ? 'PENDING' : 'CLOSED',
  );
  const own: Party = { uscc: f.id.uscc, name: nameAt(f.id, c.filed), type: 'FIRM' };
  if (asVariant) {
    const plan = f.g.plan.nameVariants.get(f.i)!;
    own.uscc = null;
    own.name = nameVariant(f.id.nameParts, plan.kind, f.id.formerNames[f.id.formerNames.length - 1]);
    f.evidence('NAME_VARIANT', {
      table: 'judicial.case_party',
      key: { caseNo: no, role: c.role },
      variant: own.name,
      variantKind: plan.kind,
      registeredName: f.id.name,
    });
  }
  const plaintiff = c.role === 'PLAINTIFF' ? own : c.other;
  const defendant = c.role === 'PLAINTIFF' ? c.other : own;
  const parties = f.out['judicial.case_party'];
  parties.add(f.g.ids.take('judicial.case_party'), caseId, plaintiff.uscc, plaintiff.name, plaintiff.type, 'PLAINTIFF');
  parties.add(f.g.ids.take('judicial.case_party'), caseId, defendant.uscc, defendant.name, defendant.type, 'DEFENDANT');
}

function writeEnforcement(f: FirmContext, rng: Rng, asOfEnd: Day): void {
  const court = courtName(f.id.region);
  const earliest = Math.max(f.id.foundedOn + 365, asOfEnd - 3 * 365);
  if (earliest >= asOfEnd - 30) return;
  const since = lastDay(f.g.asOf - NEW_ENFORCEMENT_MONTHS);
  const recent = { enforcements: [] as Array<Record<string, string>>, dishonestListings: [] as Array<Record<string, string>> };
  const n = rng.chance(0.25) ? 2 : 1;
  for (let k = 0; k < n; k++) {
    const filed = rng.int(earliest, asOfEnd - 30);
    const active = rng.chance(0.6);
    // Enforcement numbers use the last case slots, so they never clash with the firm's civil cases.
    const no = caseNo(civilOf(filed)[0], f.id.region.code, '执', caseSerial(f.i, CASES_PER_FIRM - 1 - k, f.g.firms));
    f.out['judicial.enforcement'].add(
      f.g.ids.take('judicial.enforcement'), f.id.uscc, no, court, formatDay(filed),
      formatFen(Math.round(f.id.baseSales * rng.between(0.05, 0.8))), active ? 'ACTIVE' : 'CLOSED',
    );
    if (filed > since) recent.enforcements.push({ caseNo: no, filedOn: formatDay(filed), status: active ? 'ACTIVE' : 'CLOSED' });
    if (active && rng.chance(0.4)) {
      const listed = Math.min(asOfEnd, filed + rng.int(60, 300));
      const removed = rng.chance(0.3) && listed + 30 < asOfEnd ? rng.int(listed + 30, asOfEnd) : null;
      f.out['judicial.dishonest_listing'].add(
        f.g.ids.take('judicial.dishonest_listing'), f.id.uscc, no, court, formatDay(listed), rng.pick(OBLIGATIONS),
        removed === null ? null : formatDay(removed),
      );
      if (listed > since && removed === null) recent.dishonestListings.push({ caseNo: no, listedOn: formatDay(listed) });
    }
  }
  if (recent.enforcements.length || recent.dishonestListings.length) f.evidence('NEW_ENFORCEMENT', { since: formatDay(since), ...recent });
}
