/**
 * Court records (schema judicial): civil cases with their parties, enforcement cases and
 * dishonest-debtor listings.
 *
 * About 6% of firms bring or face cases of their own, as plaintiff (suing a buyer: 买卖合同纠纷)
 * or defendant (a supplier, a worker: 劳动争议, a landlord, a lender: 借款合同纠纷); with the
 * portfolio firms on the other side of those cases, about 9% of firms appear in court records. A
 * sliding firm with the loan-suit signal is sued by another lender during its slide. Unhealthy
 * firms are more often under enforcement, and some of those are listed as dishonest debtors.
 * After a failure, half the firms are sued by a supplier within months; after a default, the
 * bank sues (金融借款合同纠纷) 1-4 months later (70%), most of those suits end in enforcement,
 * and half of those in a dishonest-debtor listing.
 *
 * Every record carries the day it was published (cases 1-8 weeks after filing, enforcement 3-30
 * days): the day a bank could first know it. The mirror holds what was published by asOf.
 *
 * Planted: NAME_VARIANT in case_party (the firm named by a variant, without its USCC), and
 * HARD_NAME_VARIANT: one more case naming the firm by a hard variant (Traditional characters,
 * full-width noise, another legal form, a branch, a bare or shared trade name, a weak name in
 * the county's court), labelled with what entity resolution should do with it.
 *
 * Recorded: NEW_ENFORCEMENT, the firms that came under enforcement (执行立案) or were listed as
 * dishonest debtors (still listed at asOf) within the last NEW_ENFORCEMENT_MONTHS months: what
 * rule 10 calls new. Their look-alikes are the other firms under enforcement: filed earlier,
 * or listed and removed again once they paid.
 */
import { type Day, formatDay, lastDay, monthOfDay, civilOf, firstDay } from '../calendar';
import { type LoanBook } from './loans';
import { CASES_PER_FIRM, caseNo, caseSerial } from '../codes';
import { type FirmContext } from '../firm.context';
import { EXTERNAL_FIRMS, EXTERNAL_SERIAL_BASE, nameAt } from '../identity';
import { type Fen, formatFen } from '../money';
import { brandOf, courtName, drawPerson, expectedFor, hardNameVariant, nameVariant } from '../names';
import { Rng, Stream, Weighted } from '../random';
import { cityShortName, hasCity } from '../../reference/regions';

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

interface EnforcementCase {
  filed: Day;
  amount: Fen;
  /** The day it ended (null: still running at asOf). */
  closed: Day | null;
  /** Listed as a dishonest debtor on `listed` (removed on `removed`), or not. */
  listed: Day | null;
  removed: Day | null;
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

export function generateJudicial(f: FirmContext, loans: LoanBook): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.JUDICIAL);
  const cases: Case[] = [];
  const asOfEnd = lastDay(f.g.asOf);
  const earliest = Math.max(f.id.foundedOn + 180, asOfEnd - 4 * 365);
  if ((f.p.hasCases || f.g.plan.forcedCase.has(f.i)) && earliest < asOfEnd - 56) {
    const n = Math.min(3, 1 + rng.poisson(0.5));
    // Filed early enough to be published by asOf (the longest publication lag is 8 weeks).
    for (let k = 0; k < n; k++) cases.push(ordinaryCase(f, rng, rng.int(earliest, asOfEnd - 56)));
  }
  const e = f.p.timeline.episode;
  if (e && f.p.signals.loanSuit && e.start <= f.g.asOf) {
    const filed = rng.int(firstDay(e.start), Math.min(lastDay(e.end), asOfEnd));
    cases.push({
      cause: '借款合同纠纷',
      role: 'DEFENDANT',
      other: lender(f, rng),
      filed,
      amount: Math.round(f.id.baseSales * rng.between(0.3, 1.5)),
      pending: true,
    });
  }
  const enforcements: EnforcementCase[] = f.p.enforcement ? ordinaryEnforcements(f, rng, asOfEnd) : [];
  afterFailure(f, rng, loans, cases, enforcements);
  const published = cases
    .map((c) => ({ c, on: c.filed + rng.int(7, 56) }))
    .filter((x) => x.on <= asOfEnd)
    .sort((a, b) => a.c.filed - b.c.filed);
  const variant = f.g.plan.nameVariants.get(f.i);
  const variantAt = variant?.table === 'judicial.case_party' ? published.length - 1 : -1;
  published.forEach((x, k) => writeCase(f, rng, x.c, x.on, k, k === variantAt));
  writeEnforcements(f, rng, enforcements, asOfEnd);
  writeHardNameCase(f, asOfEnd);
}

/** The case slot of a HARD_NAME_VARIANT record: civil cases use 0-5 (at most six), enforcements 9 down to 7. */
const HARD_NAME_SLOT = 6;

/** The intermediate court of the firm's city: its name carries no county (no location evidence). */
function intermediateCourt(f: FirmContext): string {
  return `${hasCity(f.id.region) ? f.id.region.city : f.id.region.province}中级人民法院`;
}

/**
 * HARD_NAME_VARIANT: one more civil case, against a person (a worker, a landlord, a lender),
 * naming the firm by a hard variant without its USCC, in the county court (location evidence) or
 * the city's intermediate court. Drawn from a stream of its own, so the firm's other records
 * are the same as without it. The truth says what resolution should do with it.
 */
function writeHardNameCase(f: FirmContext, asOfEnd: Day): void {
  const plan = f.g.plan.hardNames.get(f.i);
  if (!plan) return;
  const rng = Rng.stream(f.g.seed, f.i, Stream.HARD_NAMES);
  const partner = plan.partner === undefined ? undefined : f.g.identities.get(plan.partner);
  const name = hardNameVariant(rng, f.id.nameParts, plan.kind, f.id.region);
  const filed = rng.int(Math.max(f.id.foundedOn + 180, asOfEnd - 2 * 365), asOfEnd - 60);
  const published = filed + rng.int(7, 56);
  const [cause, role] = rng.pick([
    ['劳动争议', 'DEFENDANT'],
    ['房屋租赁合同纠纷', 'DEFENDANT'],
    ['民间借贷纠纷', 'DEFENDANT'],
    ['买卖合同纠纷', 'PLAINTIFF'],
  ] as const);
  const pending = rng.chance(0.5);
  const closed = pending ? null : Math.min(asOfEnd, filed + rng.int(30, 300));
  const court = plan.location ? courtName(f.id.region) : intermediateCourt(f);
  const caseId = f.g.ids.take('judicial.court_case');
  const no = caseNo(civilOf(filed)[0], f.id.region.code, '民初', caseSerial(f.i, HARD_NAME_SLOT, f.g.firms));
  f.out['judicial.court_case'].add(
    caseId,
    no,
    court,
    cause,
    formatDay(filed),
    closed === null ? null : formatDay(closed),
    formatFen(Math.round(f.id.baseSales * rng.between(0.02, 0.3))),
    closed === null ? 'PENDING' : 'CLOSED',
    formatDay(published),
  );
  const firm: Party = { uscc: null, name, type: 'FIRM' };
  const person: Party = { uscc: null, name: drawPerson(rng).name, type: 'PERSON' };
  const [plaintiff, defendant] = role === 'PLAINTIFF' ? [firm, person] : [person, firm];
  const parties = f.out['judicial.case_party'];
  parties.add(f.g.ids.take('judicial.case_party'), caseId, plaintiff.uscc, plaintiff.name, plaintiff.type, 'PLAINTIFF');
  parties.add(f.g.ids.take('judicial.case_party'), caseId, defendant.uscc, defendant.name, defendant.type, 'DEFENDANT');
  const expected = expectedFor(plan.kind);
  f.evidence('HARD_NAME_VARIANT', {
    table: 'judicial.case_party',
    key: { caseNo: no, role },
    variant: name,
    variantKind: plan.kind,
    registeredName: f.id.name,
    court,
    location: plan.location,
    expected,
    ...(expected === 'LINK' ? { linkTo: f.id.uscc } : { offer: partner ? [f.id.uscc, partner.uscc] : [f.id.uscc] }),
    ...(partner ? { lookalike: { uscc: partner.uscc, name: partner.name } } : {}),
  });
}

/**
 * What follows a failure in court: a supplier sues within six months (half the firms); after a
 * default, the bank sues for its loan 1-4 months later (70%), wins, and enforces 4-10 months
 * after filing (80%); half of those firms are then listed as dishonest debtors 2-6 months on.
 */
function afterFailure(f: FirmContext, rng: Rng, loans: LoanBook, cases: Case[], enforcements: EnforcementCase[]): void {
  const failure = f.p.timeline.failure;
  if (failure === null) return;
  const supplierSued = rng.chance(0.5);
  const supplierFiled = firstDay(failure) + rng.int(15, 180);
  const supplierAmount = Math.round(f.id.baseSales * rng.between(0.1, 0.8));
  const bankSued = rng.chance(0.7);
  const bankFiled = (loans.defaultDay ?? 0) + rng.int(30, 120);
  const enforced = rng.chance(0.8);
  const enforcedOn = bankFiled + rng.int(120, 300);
  const listed = rng.chance(0.5) ? enforcedOn + rng.int(60, 180) : null;
  if (supplierSued)
    cases.push({
      cause: '买卖合同纠纷',
      role: 'DEFENDANT',
      other: counterpartyFirm(f, rng, supplierFiled),
      filed: supplierFiled,
      amount: supplierAmount,
      pending: true,
    });
  if (loans.defaultDay === null || !bankSued) return;
  const amount = Math.round(f.id.baseSales * rng.between(1, 4));
  cases.push({
    cause: '金融借款合同纠纷',
    role: 'DEFENDANT',
    other: { uscc: null, name: bankName(f), type: 'FIRM' },
    filed: bankFiled,
    amount,
    pending: !enforced,
  });
  if (enforced) enforcements.push({ filed: enforcedOn, amount, closed: null, listed, removed: null });
}

/** The bank's name as a party (the lender whose books these are). */
function bankName(f: FirmContext): string {
  return `${cityShortName(f.id.region)}农村商业银行股份有限公司`;
}

/** Enforcement of an unhealthy firm's ordinary debts: one or two, in the last three years; 40% of the running ones listed. */
function ordinaryEnforcements(f: FirmContext, rng: Rng, asOfEnd: Day): EnforcementCase[] {
  const earliest = Math.max(f.id.foundedOn + 365, asOfEnd - 3 * 365);
  if (earliest >= asOfEnd - 30) return [];
  const out: EnforcementCase[] = [];
  const n = rng.chance(0.25) ? 2 : 1;
  for (let k = 0; k < n; k++) {
    const filed = rng.int(earliest, asOfEnd - 30);
    const closed = rng.chance(0.6) ? null : filed + rng.int(60, 600);
    const listed = closed === null && rng.chance(0.4) ? filed + rng.int(60, 300) : null;
    const removed = listed !== null && rng.chance(0.3) ? listed + rng.int(30, 400) : null;
    out.push({ filed, amount: Math.round(f.id.baseSales * rng.between(0.05, 0.8)), closed, listed, removed });
  }
  return out;
}

function ordinaryCase(f: FirmContext, rng: Rng, filed: Day): Case {
  const plaintiff = rng.chance(0.4);
  const cause = plaintiff ? rng.weighted(PLAINTIFF_CAUSES) : rng.weighted(DEFENDANT_CAUSES);
  let other: Party;
  if (cause === '劳动争议') other = { uscc: null, name: drawPerson(rng).name, type: 'PERSON' };
  else if (cause === '借款合同纠纷') other = lender(f, rng);
  else if (cause === '房屋租赁合同纠纷' && rng.chance(0.5))
    other = { uscc: null, name: drawPerson(rng).name, type: 'PERSON' };
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

function writeCase(f: FirmContext, rng: Rng, c: Case, publishedOn: Day, k: number, asVariant: boolean): void {
  const caseId = f.g.ids.take('judicial.court_case');
  const [year] = civilOf(c.filed);
  const no = caseNo(year, f.id.region.code, '民初', caseSerial(f.i, k, f.g.firms));
  const closed = c.pending ? null : Math.min(lastDay(f.g.asOf), c.filed + rng.int(30, 300));
  f.out['judicial.court_case'].add(
    caseId,
    no,
    courtName(f.id.region),
    c.cause,
    formatDay(c.filed),
    closed === null ? null : formatDay(closed),
    formatFen(c.amount),
    closed === null ? 'PENDING' : 'CLOSED',
    formatDay(publishedOn),
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

/**
 * Writes the enforcements published by asOf (and their listings), newest case slots first so they
 * never clash with the firm's civil cases, and records NEW_ENFORCEMENT: enforcements filed, or
 * listings still in force made, in the last NEW_ENFORCEMENT_MONTHS months.
 */
function writeEnforcements(f: FirmContext, rng: Rng, enforcements: readonly EnforcementCase[], asOfEnd: Day): void {
  const court = courtName(f.id.region);
  const since = lastDay(f.g.asOf - NEW_ENFORCEMENT_MONTHS);
  const recent = {
    enforcements: [] as Array<Record<string, string>>,
    dishonestListings: [] as Array<Record<string, string>>,
  };
  enforcements.forEach((e, k) => {
    const published = e.filed + rng.int(3, 30);
    if (published > asOfEnd) return;
    const closed = e.closed !== null && e.closed <= asOfEnd ? e.closed : null;
    const status = closed === null ? 'ACTIVE' : 'CLOSED';
    const no = caseNo(civilOf(e.filed)[0], f.id.region.code, '执', caseSerial(f.i, CASES_PER_FIRM - 1 - k, f.g.firms));
    f.out['judicial.enforcement'].add(
      f.g.ids.take('judicial.enforcement'),
      f.id.uscc,
      no,
      court,
      formatDay(e.filed),
      formatFen(e.amount),
      status,
      formatDay(published),
      closed === null ? null : formatDay(closed),
    );
    if (e.filed > since) recent.enforcements.push({ caseNo: no, filedOn: formatDay(e.filed), status });
    if (e.listed === null || e.listed > asOfEnd) return;
    const removed = e.removed !== null && e.removed <= asOfEnd ? e.removed : null;
    f.out['judicial.dishonest_listing'].add(
      f.g.ids.take('judicial.dishonest_listing'),
      f.id.uscc,
      no,
      court,
      formatDay(e.listed),
      rng.pick(OBLIGATIONS),
      removed === null ? null : formatDay(removed),
    );
    if (e.listed > since && removed === null)
      recent.dishonestListings.push({ caseNo: no, listedOn: formatDay(e.listed) });
  });
  if (recent.enforcements.length || recent.dishonestListings.length)
    f.evidence('NEW_ENFORCEMENT', { since: formatDay(since), ...recent });
}
