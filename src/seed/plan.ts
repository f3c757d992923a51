/**
 * The portfolio plan: which firms carry which planted problems, and the few structures that
 * span several firms (guarantee circles, shell clusters sharing an address). It is drawn from
 * (seed, firms) alone before any rows, holds entries only for planted firms (a few percent of
 * the portfolio), and is what lets firm i's chunk write its part of a circle whose other
 * members live in other chunks.
 */
import { type Month, monthOfDay } from './calendar';
import { type FirmIdentity, firmIdentity, regionCodeOf } from './identity';
import {
  type HardVariantKind,
  type NameParts,
  type NameVariantKind,
  SINGLE_HARD_KINDS,
  composeName,
  traditionalName,
  variantKindsFor,
} from './names';
import { NetworkPlan } from './network.plan';
import { LOOKALIKE_PAIR_RATE, PLANT_RATES, type ProblemCode, STATEMENT_BREAKS, type StatementBreak } from './problems';
import { Rng, Stream, Weighted } from './random';

/** Firms that ceased normally (no live loan): revoked or deregistered, activity stopped. */
const CEASED_RATE = 0.008;

export type StatusChange = { status: 'REVOKED' | 'DEREGISTERED'; month: Month };

export interface ShellCluster {
  members: number[];
  /** Non-shell firms the shells mostly invoice (and that share the shells' controller). */
  related: number[];
}

/**
 * The newest year whose annual statement the bank holds at asOf: statements for year Y arrive
 * by the end of May of Y + 1 (the annual-report season), so from May on it is last year's.
 */
export function lastAnnualYear(asOf: Month): number {
  const year = Math.floor(asOf / 12);
  return (asOf % 12) + 1 >= 5 ? year - 1 : year - 2;
}

export interface NameVariantPlan {
  kind: NameVariantKind;
  table: 'supply_chain.purchase_order' | 'judicial.case_party';
}

/** A HARD_NAME_VARIANT plant: the kind, whether its court is the firm's county's (location evidence), and the look-alike partner. */
export interface HardNamePlan {
  kind: HardVariantKind;
  location: boolean;
  /** The other firm of a look-alike pair (SHARED_TRADE_NAME, LOOKALIKE_NAME). */
  partner?: number;
}

export class PortfolioPlan {
  readonly planted = new Map<number, Set<ProblemCode>>();
  readonly circles: number[][] = [];
  /** Firm -> [circle index, position in the circle]. */
  readonly circleOf = new Map<number, [number, number]>();
  readonly shellClusters: ShellCluster[] = [];
  readonly shellClusterOf = new Map<number, number>();
  /** Related firm -> the shell cluster whose controller also holds shares in it. */
  readonly relatedClusterOf = new Map<number, number>();
  readonly nameVariants = new Map<number, NameVariantPlan>();
  /** Planted REGISTRY_STATUS_WITH_LIVE_LOAN: the abnormal status (ABNORMAL_LIST = put on the abnormal list) and its month. */
  readonly liveLoanStatus = new Map<number, { status: 'REVOKED' | 'DEREGISTERED' | 'ABNORMAL_LIST'; month: Month }>();
  /** Normal firms that ceased (they have no live loan). */
  readonly ceased = new Map<number, StatusChange>();
  readonly duplicateIdentical = new Map<number, boolean>();
  readonly datedKind = new Map<number, 'FUTURE' | 'BEFORE_FOUNDING'>();
  readonly forcedLoan = new Set<number>();
  readonly forcedSupplier = new Set<number>();
  readonly forcedCase = new Set<number>();
  /** Planted DUPLICATE_RECORD: the firm's rank among them (picks the table and identical / conflicting). */
  readonly duplicateRecord = new Map<number, number>();
  /** Planted STATEMENT_IDENTITY: which identity the firm's newest annual statement breaks. */
  readonly statementBreak = new Map<number, StatementBreak>();
  /** Planted HARD_NAME_VARIANT: the firm's hard-named court record. */
  readonly hardNames = new Map<number, HardNamePlan>();
  /** Look-alikes: firm -> the firm whose 字号 and trade word it was given (its name parts in `lookalikeParts`). */
  readonly lookalikeOf = new Map<number, number>();
  private readonly lookalikeParts = new Map<number, NameParts>();
  /** Issue 17's guarantee networks and ownership structures, and the ordinary guarantors' pools. */
  readonly networks: NetworkPlan;

  /** `windowStart`: the first month of the series (the network plan's members have no failure in it). */
  constructor(
    readonly seed: number,
    readonly firms: number,
    readonly asOf: Month,
    windowStart: Month = asOf - 47,
  ) {
    const rng = Rng.stream(seed, firms, Stream.PLAN);
    const identity = (i: number) => firmIdentity(seed, i, asOf);
    const count = (code: keyof typeof PLANT_RATES) => Math.round(PLANT_RATES[code] * firms);
    this.planCeased(rng, identity);
    this.planCircles(rng, count('GUARANTEE_CIRCLE'), identity);
    this.planShells(rng, count('SHELL_COMPANY'), identity);
    this.planSimple(
      rng,
      'STAFF_MISMATCH',
      count('STAFF_MISMATCH'),
      (i) => identity(i).kind === 'COMPANY' && !this.shellClusterOf.has(i),
    );
    this.planSimple(
      rng,
      'FREQUENT_LEGAL_REP_CHANGE',
      count('FREQUENT_LEGAL_REP_CHANGE'),
      (i) => identity(i).kind === 'COMPANY',
    );
    this.planSimple(rng, 'TAX_WITHOUT_FLOW', count('TAX_WITHOUT_FLOW'), () => true);
    this.planSimple(
      rng,
      'DUPLICATE_INVOICE',
      count('DUPLICATE_INVOICE'),
      () => true,
      (i, k) => this.duplicateIdentical.set(i, k % 2 === 0),
    );
    this.planSimple(
      rng,
      'DATED_RECORD_ANOMALY',
      count('DATED_RECORD_ANOMALY'),
      () => true,
      (i, k) => this.datedKind.set(i, k % 2 === 0 ? 'FUTURE' : 'BEFORE_FOUNDING'),
    );
    this.planSimple(
      rng,
      'RECEIVABLE_PLEDGED_TWICE',
      count('RECEIVABLE_PLEDGED_TWICE'),
      () => true,
      (i) => this.forcedSupplier.add(i),
    );
    this.planSimple(
      rng,
      'REGISTRY_STATUS_WITH_LIVE_LOAN',
      count('REGISTRY_STATUS_WITH_LIVE_LOAN'),
      () => true,
      (i, k) => {
        const status = (['REVOKED', 'DEREGISTERED', 'ABNORMAL_LIST'] as const)[k % 3];
        this.liveLoanStatus.set(i, { status, month: this.asOf - rng.int(1, 5) });
        this.forcedLoan.add(i);
      },
    );
    this.planNameVariants(rng, count('NAME_VARIANT'), identity);
    // Last, so that adding it shifted none of the draws above. Every firm has shareholders, so
    // every firm has a record to copy (sources/duplicate-record.ts picks one it has).
    this.planSimple(
      rng,
      'DUPLICATE_RECORD',
      count('DUPLICATE_RECORD'),
      () => true,
      (i, k) => this.duplicateRecord.set(i, k),
    );
    // Last, so that the draws above (and every plan they make) are the same as before it existed.
    // The firm must have an annual statement: founded by the end of the newest statement year.
    const lastYearEnd = lastAnnualYear(asOf) * 12 + 11;
    this.planSimple(
      rng,
      'STATEMENT_IDENTITY',
      count('STATEMENT_IDENTITY'),
      (i) => monthOfDay(identity(i).foundedOn) <= lastYearEnd && (this.activityEnd(i) ?? asOf) > lastYearEnd,
      (i, k) => this.statementBreak.set(i, STATEMENT_BREAKS[k % STATEMENT_BREAKS.length]),
    );
    // On a stream of its own, so that every plan above is the same as before it existed.
    this.planHardNames(
      Rng.stream(seed, firms, Stream.HARD_NAMES),
      count('HARD_NAME_VARIANT'),
      Math.round(LOOKALIKE_PAIR_RATE * firms),
      identity,
    );
    // Last and on a stream of its own (network.plan.ts), so that every plan above is the same as before it existed.
    this.networks = new NetworkPlan({
      seed,
      firms,
      asOf,
      windowStart,
      identity,
      unused: (i) =>
        this.free(i) &&
        !this.planted.has(i) &&
        !this.circleOf.has(i) &&
        !this.shellClusterOf.has(i) &&
        !this.relatedClusterOf.has(i) &&
        !this.lookalikeOf.has(i),
      ordinary: (i) =>
        this.free(i) && this.activityEnd(i) === undefined && !this.circleOf.has(i) && !this.shellClusterOf.has(i),
      mark: (i, code) => this.mark(i, code),
      forceLoan: (i) => this.forcedLoan.add(i),
      addCircle: (members) => {
        const c = this.circles.length;
        this.circles.push(members);
        members.forEach((i, pos) => this.circleOf.set(i, [c, pos]));
        return c;
      },
      circle: (c) => this.circles[c],
    });
  }

  /** A firm's identity as the portfolio has it: a look-alike carries its partner's 字号 and trade word. */
  adjustIdentity(id: FirmIdentity): FirmIdentity {
    const parts = this.lookalikeParts.get(id.serial);
    return parts ? { ...id, nameParts: parts, name: composeName(parts) } : id;
  }

  has(i: number, code: ProblemCode): boolean {
    return this.planted.get(i)?.has(code) ?? false;
  }

  /** The month a firm's business stopped (deregistered or ceased), if it did. */
  activityEnd(i: number): Month | undefined {
    const ceased = this.ceased.get(i);
    if (ceased) return ceased.month;
    const live = this.liveLoanStatus.get(i);
    return live?.status === 'DEREGISTERED' ? live.month : undefined;
  }

  private mark(i: number, code: ProblemCode): void {
    let set = this.planted.get(i);
    if (!set) this.planted.set(i, (set = new Set()));
    set.add(code);
  }

  /** A firm not yet used by an exclusive plan (ceased firms carry no planted problem). */
  private free(i: number): boolean {
    return !this.ceased.has(i);
  }

  /** Draws `n` distinct firms satisfying `ok` (gives up quietly when the portfolio is too small). */
  private draw(rng: Rng, n: number, ok: (i: number) => boolean): number[] {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let attempts = 0; out.length < n && attempts < 50 * n + 100; attempts++) {
      const i = rng.int(0, this.firms - 1);
      if (seen.has(i)) continue;
      seen.add(i);
      if (this.free(i) && ok(i)) out.push(i);
    }
    return out;
  }

  private planSimple(
    rng: Rng,
    code: ProblemCode,
    n: number,
    ok: (i: number) => boolean,
    then?: (i: number, k: number) => void,
  ): void {
    this.draw(rng, n, (i) => !this.has(i, code) && ok(i)).forEach((i, k) => {
      this.mark(i, code);
      then?.(i, k);
    });
  }

  /** Ceased 2-30 months before asOf, and at least 6 months after founding. */
  private planCeased(rng: Rng, identity: (i: number) => FirmIdentity): void {
    const n = Math.round(CEASED_RATE * this.firms);
    for (const i of this.draw(rng, n, () => true)) {
      const status = rng.chance(0.5) ? 'REVOKED' : 'DEREGISTERED';
      const month = Math.max(this.asOf - rng.int(2, 30), monthOfDay(identity(i).foundedOn) + 6);
      this.ceased.set(i, { status, month });
    }
  }

  private planCircles(rng: Rng, members: number, identity: (i: number) => FirmIdentity): void {
    const sizes = Weighted.of<number>([
      [2, 25],
      [3, 30],
      [4, 20],
      [5, 15],
      [6, 10],
    ]);
    const pool = this.draw(rng, members, (i) => identity(i).kind === 'COMPANY');
    while (pool.length >= 2) {
      let size = Math.min(rng.weighted(sizes), pool.length);
      // Never leave a single firm behind: it could not form a circle.
      if (pool.length - size === 1) size = size < 6 ? size + 1 : size - 1;
      const circle = pool.splice(0, size);
      const c = this.circles.length;
      this.circles.push(circle);
      circle.forEach((i, pos) => {
        this.circleOf.set(i, [c, pos]);
        this.mark(i, 'GUARANTEE_CIRCLE');
        this.forcedLoan.add(i);
      });
    }
  }

  /**
   * Shell clusters of 2-4 companies registered at one address, so they must share a county:
   * from a random first member, scan the portfolio for companies registered in the same county.
   */
  private planShells(rng: Rng, members: number, identity: (i: number) => FirmIdentity): void {
    const sizes = Weighted.of<number>([
      [2, 45],
      [3, 35],
      [4, 20],
    ]);
    let planted = 0;
    for (let attempts = 0; planted < members && attempts < members * 4 + 10; attempts++) {
      const [first] = this.draw(rng, 1, (i) => this.usableShell(i, identity));
      if (first === undefined) break;
      const region = identity(first).region.code;
      const cluster = [first];
      const want = rng.weighted(sizes);
      const start = rng.int(0, this.firms - 1);
      for (let step = 1; step < this.firms && cluster.length < want; step++) {
        const j = (start + step) % this.firms;
        if (j !== first && regionCodeOf(this.seed, j) === region && this.usableShell(j, identity)) cluster.push(j);
      }
      if (cluster.length < 2) continue;
      const related = this.draw(rng, rng.int(1, 2), (i) => !cluster.includes(i) && this.usableShell(i, identity));
      const c = this.shellClusters.length;
      this.shellClusters.push({ members: cluster, related });
      for (const i of cluster) {
        this.shellClusterOf.set(i, c);
        this.mark(i, 'SHELL_COMPANY');
      }
      for (const r of related) if (!this.relatedClusterOf.has(r)) this.relatedClusterOf.set(r, c);
      planted += cluster.length;
    }
  }

  private usableShell(i: number, identity: (i: number) => FirmIdentity): boolean {
    return (
      this.free(i) && !this.shellClusterOf.has(i) && !this.relatedClusterOf.has(i) && identity(i).kind === 'COMPANY'
    );
  }

  /**
   * HARD_NAME_VARIANT: look-alike pairs first (firm j renamed to firm i's 字号 and trade word with
   * the other legal form; i's record names the bare trade name they share, j's record j's own
   * name), then single firms, the kinds taken in turn. Court records alternate between the
   * firm's county court (location evidence) and the city's intermediate court (none);
   * LOCATION_ONLY is always in the county court. Only companies that are not renamed, not
   * planted with a NAME_VARIANT and still active: the selection depends on (seed, firms) alone.
   */
  private planHardNames(rng: Rng, n: number, pairs: number, identity: (i: number) => FirmIdentity): void {
    const eligible = (i: number) => {
      if (
        !this.free(i) ||
        this.activityEnd(i) !== undefined ||
        this.has(i, 'NAME_VARIANT') ||
        this.has(i, 'HARD_NAME_VARIANT')
      )
        return false;
      const id = identity(i);
      return id.kind === 'COMPANY' && id.formerNames.length === 0;
    };
    for (let k = 0; k < pairs; k++) {
      const [i, j] = this.draw(rng, 2, eligible);
      if (j === undefined) break;
      const a = identity(i).nameParts;
      const suffix = a.suffix === '股份有限公司' ? rng.pick(['有限公司', '有限责任公司']) : '股份有限公司';
      this.lookalikeParts.set(j, {
        ...identity(j).nameParts,
        brand: a.brand,
        trade: a.trade,
        suffix,
        bracketed: false,
      });
      this.lookalikeOf.set(j, i);
      this.hardNames.set(i, { kind: 'SHARED_TRADE_NAME', location: k % 2 === 0, partner: j });
      this.hardNames.set(j, { kind: 'LOOKALIKE_NAME', location: k % 2 === 1, partner: i });
      this.mark(i, 'HARD_NAME_VARIANT');
      this.mark(j, 'HARD_NAME_VARIANT');
    }
    const kinds = SINGLE_HARD_KINDS.length;
    for (let k = 0; k < n; k++) {
      const kind = SINGLE_HARD_KINDS[k % kinds];
      // A name with no character that Traditional writes otherwise would not be a Traditional variant.
      const ok = (i: number) =>
        eligible(i) && (kind !== 'TRADITIONAL' || traditionalName(identity(i).name) !== identity(i).name);
      const [i] = this.draw(rng, 1, ok);
      if (i === undefined) break;
      this.hardNames.set(i, { kind, location: kind === 'LOCATION_ONLY' || (k + Math.floor(k / kinds)) % 2 === 0 });
      this.mark(i, 'HARD_NAME_VARIANT');
    }
  }

  private planNameVariants(rng: Rng, n: number, identity: (i: number) => FirmIdentity): void {
    const chosen = this.draw(rng, n, (i) => !this.has(i, 'NAME_VARIANT'));
    chosen.forEach((i, k) => {
      const id = identity(i);
      const kinds = variantKindsFor(id.nameParts, id.formerNames.length > 0);
      // Prefer the rarer kinds (brackets, former names) when the firm has them.
      const kind =
        kinds.includes('FORMER_NAME') && rng.chance(0.6)
          ? 'FORMER_NAME'
          : kinds.includes('HALF_WIDTH_BRACKETS') && rng.chance(0.7)
            ? 'HALF_WIDTH_BRACKETS'
            : rng.pick(kinds);
      const table = k % 2 === 0 ? 'supply_chain.purchase_order' : 'judicial.case_party';
      this.nameVariants.set(i, { kind, table });
      if (table === 'supply_chain.purchase_order') this.forcedSupplier.add(i);
      else this.forcedCase.add(i);
      this.mark(i, 'NAME_VARIANT');
    });
  }
}
