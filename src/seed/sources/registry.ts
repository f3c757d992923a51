/**
 * The business registry (schema registry): the company record, shareholders, change log and
 * abnormal-operations listings.
 *
 * Planted: FREQUENT_LEGAL_REP_CHANGE (3-4 legal-representative changes within the last 12
 * months; ordinary firms change at most twice, more than a year apart), SHELL_COMPANY (an
 * address shared by the cluster, a controller holding shares in every shell and in the firms
 * they front for, paid-in capital under 1%), REGISTRY_STATUS_WITH_LIVE_LOAN (revoked,
 * deregistered or newly on the abnormal list while a loan is ACTIVE). Ordinary abnormal
 * listings of firms with a live loan are always removed again.
 *
 * A status change is also a change-log row (item STATUS, ACTIVE -> REVOKED or DEREGISTERED), so
 * the status on any past day is derivable. A failed firm stops filing its annual report: 60% are
 * put on the abnormal list in the July after the first 30 June at least six months after their
 * failure, and stay on it (recorded as REGISTRY_STATUS_WITH_LIVE_LOAN when a loan is still ACTIVE
 * at asOf, which is what that check finds).
 */
import { type Day, dayInMonth, firstDay, formatDay, lastDay } from '../calendar';
import { idCardNo } from '../codes';
import { type FirmContext } from '../firm.context';
import { type Fen, formatBasisPoints, formatFen, splitFen } from '../money';
import { type Person, businessScope, drawAddress, drawMobile, drawPerson, registryAuthority } from '../names';
import { Rng, Stream } from '../random';
import { REGIONS, type Region } from '../../reference/regions';
import { type LoanBook } from './loans';
import { plannedOwnership } from './ownership';

/** Subjects of the shell clusters' own streams (beyond every firm serial). */
const CLUSTER_SUBJECT = 4_000_000;

interface Holder {
  type: 'PERSON' | 'FIRM';
  name: string;
  uscc: string | null;
  idNo: string | null;
  bp: number;
}

export interface PersonRecord extends Person {
  idNo: string;
  phone: string;
}

export const ABNORMAL_REASONS = ['未按规定报送年度报告', '通过登记的住所或者经营场所无法联系', '未按规定公示企业信息'];

/** A person with a resident ID: born 25-62 years before asOf, mostly in the firm's own county. */
export function drawPersonRecord(rng: Rng, region: Region, asOfStart: Day): PersonRecord {
  const person = drawPerson(rng);
  const birthRegion = rng.chance(0.7) ? region : rng.pick(REGIONS);
  const birth = asOfStart - rng.int(25 * 365, 62 * 365);
  return { ...person, idNo: idCardNo(birthRegion.code, birth, rng.int(0, 499), person.male), phone: drawMobile(rng) };
}

/** The controller and shared address of a shell cluster (the same for every member). */
function clusterFacts(f: FirmContext, c: number): { controller: PersonRecord; address: string } {
  const rng = Rng.stream(f.g.seed, CLUSTER_SUBJECT + c, Stream.PLANTED);
  const first = f.g.identities.get(f.g.plan.shellClusters[c].members[0]);
  return {
    controller: drawPersonRecord(rng, first.region, firstDay(f.g.asOf)),
    address: drawAddress(rng, first.region),
  };
}

export function generateRegistry(f: FirmContext, loans: LoanBook): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.REGISTRY);
  const asOfStart = firstDay(f.g.asOf);
  const asOfEnd = lastDay(f.g.asOf);
  const shellCluster = f.g.plan.shellClusterOf.get(f.i);
  const relatedCluster = f.g.plan.relatedClusterOf.get(f.i);
  const shell =
    shellCluster === undefined
      ? null
      : { ...clusterFacts(f, shellCluster), cluster: f.g.plan.shellClusters[shellCluster] };
  const reps = legalReps(f, rng, asOfStart, asOfEnd);
  const current = reps.people[reps.people.length - 1];
  const address = shell ? shell.address : drawAddress(rng, f.id.region);
  const [status, statusChangedOn] = registryStatus(f, rng, loans);

  f.out['registry.company'].add(
    f.id.uscc,
    f.id.name,
    status,
    f.id.kind,
    formatDay(f.id.foundedOn),
    formatFen(f.p.registeredCapital),
    formatFen(f.p.paidInCapital),
    current.name,
    current.idNo,
    rng.chance(0.9) ? current.phone : null,
    address,
    businessScope(f.id.industry.code),
    registryAuthority(f.id.region),
    statusChangedOn === null ? null : formatDay(statusChangedOn),
  );
  const controller =
    shell?.controller ?? (relatedCluster === undefined ? null : clusterFacts(f, relatedCluster).controller);
  // Drawn for every firm (so a planted firm's later draws stay as they were), replaced by the plan's for planted ownership.
  const drawn = shareholders(f, rng, current, controller, shell !== null, asOfStart);
  const planned = plannedOwnership(f, drawPersonRecord);
  const holders = planned?.holders ?? drawn;
  writeShareholders(f, holders);
  writeChanges(
    f,
    rng,
    reps,
    address,
    drawn,
    asOfEnd,
    statusChangedOn === null ? null : [statusChangedOn, status],
    planned?.change,
  );
  writeAbnormalListings(f, rng, loans, asOfEnd, shell !== null);
  listAfterFailure(f, rng, loans, asOfEnd);
  if (shell) {
    const usccOf = (j: number) => f.g.identities.get(j).uscc;
    f.evidence('SHELL_COMPANY', {
      address,
      cluster: shell.cluster.members.map(usccOf),
      relatedFirms: shell.cluster.related.map(usccOf),
      controller: shell.controller.name,
      paidInCapital: formatFen(f.p.paidInCapital),
      registeredCapital: formatFen(f.p.registeredCapital),
    });
  }
}

interface LegalReps {
  people: PersonRecord[];
  /** changeDays[k] is when people[k] handed over to people[k + 1]. */
  changeDays: Day[];
}

function legalReps(f: FirmContext, rng: Rng, asOfStart: Day, asOfEnd: Day): LegalReps {
  const founded = f.id.foundedOn;
  let changeDays: Day[] = [];
  if (f.g.plan.has(f.i, 'FREQUENT_LEGAL_REP_CHANGE')) {
    const n = rng.int(3, 4);
    const days = new Set<Day>();
    while (days.size < n) days.add(Math.max(founded + 1, asOfEnd - rng.int(5, 355)));
    changeDays = [...days].sort((a, b) => a - b);
  } else if (f.id.kind !== 'INDIVIDUAL_BUSINESS') {
    // At most two ordinary changes, over a year apart.
    const n = rng.chance(0.2) ? (rng.chance(0.2) ? 2 : 1) : 0;
    const span = asOfEnd - (founded + 180);
    if (n >= 1 && span > 0) changeDays.push(founded + 180 + rng.int(0, span));
    if (n === 2 && changeDays[0] - founded > 180 + 400)
      changeDays.unshift(changeDays[0] - rng.int(400, changeDays[0] - founded - 180));
  }
  const people = Array.from({ length: changeDays.length + 1 }, () => drawPersonRecord(rng, f.id.region, asOfStart));
  if (changeDays.length >= 3) {
    f.evidence('FREQUENT_LEGAL_REP_CHANGE', {
      changes: changeDays.map((d, k) => ({
        changedOn: formatDay(d),
        before: people[k].name,
        after: people[k + 1].name,
      })),
    });
  }
  return { people, changeDays };
}

/** Status and status date: ceased firms, and the planted abnormal status while a loan is live. */
function registryStatus(f: FirmContext, rng: Rng, loans: LoanBook): [string, Day | null] {
  const ceased = f.g.plan.ceased.get(f.i);
  if (ceased) return [ceased.status, dayInMonth(ceased.month, rng.int(1, 28))];
  const live = f.g.plan.liveLoanStatus.get(f.i);
  if (!live || live.status === 'ABNORMAL_LIST') return ['ACTIVE', null];
  const day = dayInMonth(live.month, rng.int(1, 28));
  f.evidence('REGISTRY_STATUS_WITH_LIVE_LOAN', {
    status: live.status,
    statusChangedOn: formatDay(day),
    activeLoans: loans.active,
  });
  return [live.status, day];
}

function shareholders(
  f: FirmContext,
  rng: Rng,
  rep: PersonRecord,
  controller: PersonRecord | null,
  shell: boolean,
  asOfStart: Day,
): Holder[] {
  const person = (p: PersonRecord, bp: number): Holder => ({
    type: 'PERSON',
    name: p.name,
    uscc: null,
    idNo: p.idNo,
    bp,
  });
  if (f.id.kind === 'INDIVIDUAL_BUSINESS') return [person(rep, 10000)];
  if (f.id.kind === 'COOPERATIVE') {
    const members = [
      rep,
      ...Array.from({ length: rng.int(4, 7) }, () => drawPersonRecord(rng, f.id.region, asOfStart)),
    ];
    return withShares(
      members.map((m) => person(m, 0)),
      members.map((_, k) => (k === 0 ? 3 : 1)),
    );
  }
  if (shell && controller) {
    // The controller holds the shell; the legal representative is often a nominee with a token share.
    return rng.chance(0.5)
      ? [person(controller, 10000)]
      : withShares([person(controller, 0), person(rep, 0)], [rng.between(6, 9.5), 1]);
  }
  const holders: Holder[] = [person(rep, 0)];
  const weights = [rng.between(1.2, 4)];
  if (controller) {
    holders.push(person(controller, 0));
    weights.push(rng.between(0.4, 0.9));
  }
  for (let k = rng.int(0, 2); k > 0; k--) {
    holders.push(person(drawPersonRecord(rng, f.id.region, asOfStart), 0));
    weights.push(rng.between(0.2, 1));
  }
  if (f.g.firms > 1 && rng.chance(0.08)) {
    const j = (f.i + rng.int(1, f.g.firms - 1)) % f.g.firms;
    const other = f.g.identities.get(j);
    holders.push({ type: 'FIRM', name: other.name, uscc: other.uscc, idNo: null, bp: 0 });
    weights.push(rng.between(0.2, 0.8));
  }
  return withShares(holders, weights);
}

/** Shares in basis points summing to exactly 10000. */
function withShares(holders: Holder[], weights: number[]): Holder[] {
  const bps = splitFen(10000, weights);
  return holders.map((h, k) => ({ ...h, bp: bps[k] }));
}

function writeShareholders(f: FirmContext, holders: Holder[]): void {
  const bps = holders.map((h) => h.bp);
  const subscribed = splitFen(f.p.registeredCapital, bps);
  const paid = splitFen(f.p.paidInCapital, bps);
  holders.forEach((h, k) => {
    f.out['registry.shareholder'].add(
      f.g.ids.take('registry.shareholder'),
      f.id.uscc,
      h.type,
      h.name,
      h.uscc,
      h.idNo,
      formatBasisPoints(h.bp),
      formatFen(subscribed[k]),
      formatFen(paid[k]),
    );
  });
}

const wan = (fen: Fen) => `${fen / 1_000_000}万元人民币`;

function writeChanges(
  f: FirmContext,
  rng: Rng,
  reps: LegalReps,
  address: string,
  holders: Holder[],
  asOfEnd: Day,
  status: [Day, string] | null,
  /** Planted ownership: its SHAREHOLDER change (day, before, after) if any, and no drawn one (undefined: drawn as usual). */
  shareholderChange?: [Day, string, string] | null,
): void {
  const changes: Array<[Day, string, string, string]> = [];
  if (status) changes.push([status[0], 'STATUS', 'ACTIVE', status[1]]);
  reps.changeDays.forEach((d, k) =>
    changes.push([d, 'LEGAL_REPRESENTATIVE', reps.people[k].name, reps.people[k + 1].name]),
  );
  f.id.renamedOn.forEach((d, k) =>
    changes.push([d, 'NAME', f.id.formerNames[k], f.id.formerNames[k + 1] ?? f.id.name]),
  );
  const someDay = () => rng.int(f.id.foundedOn + 90, asOfEnd - 1);
  if (rng.chance(0.15)) changes.push([someDay(), 'ADDRESS', drawAddress(rng, f.id.region), address]);
  if (f.id.kind === 'COMPANY' && rng.chance(0.12) && f.p.registeredCapital >= 20_000_000) {
    changes.push([
      someDay(),
      'REGISTERED_CAPITAL',
      wan(Math.round(f.p.registeredCapital / 2_000_000) * 1_000_000),
      wan(f.p.registeredCapital),
    ]);
  }
  if (holders.length > 1 && rng.chance(0.1)) {
    const now = holders.map((h) => `${h.name}(${(h.bp / 100).toFixed(2)}%)`).join('、');
    const day = someDay();
    if (shareholderChange === undefined) changes.push([day, 'SHAREHOLDER', holders[0].name + '(100.00%)', now]);
  }
  if (shareholderChange)
    changes.push([shareholderChange[0], 'SHAREHOLDER', shareholderChange[1], shareholderChange[2]]);
  if (rng.chance(0.08))
    changes.push([someDay(), 'BUSINESS_SCOPE', '一般项目：' + f.id.industry.name, businessScope(f.id.industry.code)]);
  changes.sort((a, b) => a[0] - b[0]);
  for (const [day, item, before, after] of changes) {
    f.out['registry.change_log'].add(
      f.g.ids.take('registry.change_log'),
      f.id.uscc,
      formatDay(day),
      item,
      before,
      after,
    );
  }
}

function writeAbnormalListings(f: FirmContext, rng: Rng, loans: LoanBook, asOfEnd: Day, shell: boolean): void {
  const authority = registryAuthority(f.id.region);
  const liveLoan = loans.active.length > 0;
  const add = (listed: Day, reason: string, removed: Day | null) =>
    f.out['registry.abnormal_listing'].add(
      f.g.ids.take('registry.abnormal_listing'),
      f.id.uscc,
      formatDay(listed),
      reason,
      authority,
      removed === null ? null : formatDay(removed),
    );
  const planted = f.g.plan.liveLoanStatus.get(f.i);
  if (planted?.status === 'ABNORMAL_LIST') {
    const listed = dayInMonth(planted.month, rng.int(1, 28));
    add(listed, rng.pick(ABNORMAL_REASONS), null);
    f.evidence('REGISTRY_STATUS_WITH_LIVE_LOAN', {
      status: 'ABNORMAL_LIST',
      listedOn: formatDay(listed),
      activeLoans: loans.active,
    });
    return;
  }
  const chance = shell ? 0.5 : 0.03 + (f.p.health < -1 ? 0.03 : 0);
  if (!rng.chance(chance)) return;
  // Listed some time ago; removed (always, when the firm has a live loan) after it caught up.
  const latest = Math.min(asOfEnd, lastDay(f.p.lastMonth)) - (liveLoan ? 40 : 0);
  if (latest <= f.id.foundedOn + 200) return;
  const listed = rng.int(f.id.foundedOn + 200, latest);
  const removed = liveLoan || rng.chance(0.6) ? Math.min(asOfEnd, listed + rng.int(30, 300)) : null;
  add(listed, shell ? ABNORMAL_REASONS[1] : rng.pick(ABNORMAL_REASONS), removed);
}

/** A failed firm stops filing its annual report and is listed in July (see the header). */
function listAfterFailure(f: FirmContext, rng: Rng, loans: LoanBook, asOfEnd: Day): void {
  const failure = f.p.timeline.failure;
  if (failure === null || f.g.plan.liveLoanStatus.has(f.i) || !rng.chance(0.6)) return;
  const from = failure + 6;
  const july = Math.floor(from / 12) * 12 + (from % 12 <= 5 ? 6 : 18);
  const listed = dayInMonth(july, rng.int(1, 15));
  if (listed > asOfEnd) return;
  f.out['registry.abnormal_listing'].add(
    f.g.ids.take('registry.abnormal_listing'),
    f.id.uscc,
    formatDay(listed),
    ABNORMAL_REASONS[0],
    registryAuthority(f.id.region),
    null,
  );
  if (loans.active.length > 0)
    f.evidence('REGISTRY_STATUS_WITH_LIVE_LOAN', {
      status: 'ABNORMAL_LIST',
      listedOn: formatDay(listed),
      activeLoans: loans.active,
    });
}
