/**
 * Alternative data (schema alt_data): monthly social-insurance headcount and utility bills.
 *
 * Honest firms insure most of the staff they claim; the headcount drifts with business and a
 * sliding firm with the headcount signal loses staff (only firms insuring three or more carry the
 * signal: see HEADCOUNT_SIGNAL_MIN_BASE). Electricity is billed every month for
 * every firm (usage follows sales, by sector), water for most, gas for kitchens and food
 * plants. Bills are paid within their month, except that a sliding firm with the utility signal
 * pays late, in part or not at all, and now and then any firm pays a few days late.
 *
 * Planted: STAFF_MISMATCH (claims 20-60 staff, insures 1-3), SHELL_COMPANY (0-1 insured, a few
 * hundred kWh a month).
 */
import { type Day, type Month, dayInMonth, formatDay, formatMonth, lastDay } from '../calendar';
import { type FirmContext } from '../firm.context';
import { type Fen, formatFen } from '../money';
import { insuredBase, signalAt } from '../profile';
import { Rng, Stream } from '../random';
import { type FirmSeries, at } from '../series';
import { sectorOf } from '../../reference/industries';

/** kWh of electricity per yuan of sales, by sector. */
const KWH_PER_YUAN: Record<string, number> = {
  MANUFACTURING: 0.05,
  WHOLESALE_RETAIL: 0.01,
  CONSTRUCTION: 0.004,
  AGRICULTURE: 0.02,
  SERVICES: 0.012,
  OTHER: 0.01,
};
const GAS_USERS = new Set(['H6210', 'H6110', 'C1431']);
const WATER_ALWAYS = new Set(['H6210', 'H6110', 'C1431', 'A0313', 'A0412', 'O8111']);

export function generateAltData(f: FirmContext, series: FirmSeries): void {
  const rng = Rng.stream(f.g.seed, f.i, Stream.ALT_DATA);
  writeSocialInsurance(f, rng);
  writeUtilities(f, rng, series);
}

function writeSocialInsurance(f: FirmContext, rng: Rng): void {
  const { p } = f;
  const mismatch = f.g.plan.has(f.i, 'STAFF_MISMATCH');
  const base = p.shell ? rng.int(0, 1) : mismatch ? rng.int(1, 3) : insuredBase(p.claimedStaff, p.insuredRatio);
  // A sliding firm with the headcount signal (and a failed firm) sheds 45% of its insured staff by the slide's end; one insuring
  // three or four lets everybody go but the owner (shedding one of three is everyday turnover).
  const shed = base <= 1 ? 0 : base <= 4 ? (base - 1) / base : 0.45;
  // Monthly contribution per insured person (employer and employee), rising each July.
  const perHead = rng.between(1000, 1800);
  const first = Math.max(f.g.windowStart, p.firstMonth);
  let drift = 0;
  for (let m = first; m <= p.lastMonth; m++) {
    if (rng.chance(0.15)) drift += rng.chance(0.5) ? 1 : -1;
    drift = Math.max(-Math.ceil(base * 0.2), Math.min(Math.ceil(base * 0.2), drift));
    const rampUp = Math.min(1, 0.5 + (m - p.firstMonth) / 12);
    const leaving = 1 - shed * signalAt(p, 'headcount', m);
    let headcount = Math.round((base + drift) * rampUp * leaving);
    if (p.shell) headcount = Math.min(base, Math.max(0, headcount));
    else if (mismatch) headcount = Math.min(base, Math.max(1, headcount));
    else headcount = Math.max(1, headcount);
    const yearsOfRises = Math.floor((m - f.g.windowStart + 6) / 12);
    const contribution = Math.round(headcount * perHead * 1.03 ** yearsOfRises * 100);
    f.out['alt_data.social_insurance_month'].add(f.id.uscc, formatMonth(m), headcount, formatFen(contribution));
  }
  if (mismatch) f.evidence('STAFF_MISMATCH', { claimedStaff: p.claimedStaff, insuredHeadcount: base });
}

interface Utility {
  kind: 'ELECTRICITY' | 'WATER' | 'GAS';
  /** Units per yuan of sales, and price per unit in yuan. */
  perYuan: number;
  price: number;
}

function writeUtilities(f: FirmContext, rng: Rng, series: FirmSeries): void {
  const { p, id } = f;
  const utilities: Utility[] = [
    {
      kind: 'ELECTRICITY',
      perYuan: KWH_PER_YUAN[sectorOf(id.industry.code)] * rng.between(0.6, 1.5),
      price: rng.between(0.6, 0.9),
    },
  ];
  if (WATER_ALWAYS.has(id.industry.code) || rng.chance(0.8))
    utilities.push({ kind: 'WATER', perYuan: 0.0004 * rng.between(0.5, 2), price: rng.between(4, 7) });
  if (GAS_USERS.has(id.industry.code))
    utilities.push({ kind: 'GAS', perYuan: 0.002 * rng.between(0.5, 1.5), price: rng.between(3, 4.5) });
  const sloppy = p.health < -1 ? 0.05 : 0.015; // share of bills any firm pays a few days late
  const asOfEnd = lastDay(f.g.asOf);
  const first = Math.max(f.g.windowStart, p.firstMonth);
  for (let m = first; m <= p.lastMonth; m++) {
    const salesYuan = at(series, series.sales, m) / 100;
    // The bills of a month go unpaid, part paid or late more often as the slide deepens (39% to 75%).
    const progress = signalAt(p, 'utilities', m);
    const irregular = progress > 0 && rng.chance(0.35 + 0.4 * progress);
    for (const u of utilities) {
      // A shell's office burns a few hundred kWh whatever it invoices.
      const units = p.shell
        ? rng.between(50, 300) * (u.kind === 'ELECTRICITY' ? 1 : 0.02)
        : Math.max(u.kind === 'ELECTRICITY' ? 80 : 3, salesYuan * u.perYuan * rng.between(0.85, 1.15));
      const usage = Math.round(units * 100); // numeric(14,2), in hundredths
      const due: Fen = Math.round(units * u.price * 100);
      const [paidOn, paid] = payment(rng, m, due, irregular, sloppy, asOfEnd, id.foundedOn);
      f.out['alt_data.utility_payment'].add(
        id.uscc,
        formatMonth(m),
        u.kind,
        formatFen(usage),
        formatFen(due),
        formatFen(paid),
        paidOn === null ? null : formatDay(paidOn),
      );
    }
  }
}

/** When and how much of a bill was paid (due by the 25th of its month; never before founding). */
function payment(
  rng: Rng,
  m: Month,
  due: Fen,
  irregular: boolean,
  sloppy: number,
  asOfEnd: Day,
  founded: Day,
): [Day | null, Fen] {
  const inMonth = (from: number, to: number) => Math.max(founded, dayInMonth(m, rng.int(from, to)));
  if (irregular) {
    const r = rng.float();
    if (r < 0.3) return [null, 0]; // unpaid
    if (r < 0.55) return [inMonth(10, 28), Math.round(due * rng.between(0.3, 0.8))]; // part
    const late = dayInMonth(m + 1, rng.int(1, 28));
    return late > asOfEnd ? [null, 0] : [late, due];
  }
  if (rng.chance(sloppy)) {
    const late = dayInMonth(m + 1, rng.int(1, 6));
    return late > asOfEnd ? [null, 0] : [late, due];
  }
  return [inMonth(3, 25), due];
}
