/**
 * A firm's hidden course over time: whether and when it goes through a distress episode (a
 * slide), whether the slide ends in failure or recovery, and whether it fails suddenly. Every
 * dated default in the portfolio comes from here, and so does the generator's own probability of
 * default for any month (`oraclePd`), against which a model's ranking is judged.
 *
 * The process, drawn month by month from the firm's TIMELINE stream over the span the generator
 * simulates (a few months before the window up to 12 months after asOf), never before the firm's
 * seventh month of business and never after it ceased:
 *
 * - a slide starts in a month with probability `episodeRate(h)` (at most one per firm). It lasts
 *   6-9 months, during which the signals drawn for it (sales, tax, balances, utilities, staff,
 *   instalments, suits, a borrowing spree, a cash squeeze, a lost customer, cut orders) deepen.
 *   Its outcome is drawn when it starts: with probability `failShare(h)` the firm fails at the
 *   end (it stops paying anyone from the month after the slide's last), otherwise it recovers and
 *   its signals fade over the next RECOVERY_MONTHS months. Nothing in the records before the
 *   failure month depends on the outcome.
 * - outside a slide (before one, or after a recovery), the firm fails suddenly in a month with
 *   probability `suddenRate(h)`: no slide warns of it.
 *
 * The rates take the generator's earlier health model month by month: in steady state about the
 * same share of firms is sliding at any time as were sliding at asOf before (sigmoid(-2.9 - 0.9h)
 * over a mean slide of 7.5 months), a slide ends in failure as often as a sliding firm used to
 * default (sigmoid(-0.7 - 0.8h)), and firms outside a slide fail as often as healthy firms used
 * to default in a year (sigmoid(-4.3 - 0.8h)), spread over its months.
 *
 * A failure becomes a default (the month the firm first reaches 90 days past due) only for a firm
 * with a loan live when it stops paying (sources/loans.ts): the default day is the first unpaid
 * instalment's due day plus 90 days.
 */
import { type Month } from './calendar';
import { Rng, Stream, sigmoid } from './random';

export interface Episode {
  /** First and last month of the slide. */
  start: Month;
  end: Month;
  months: number;
  /** The slide ends in failure (the firm stops paying from end + 1) rather than recovery. */
  fails: boolean;
}

export interface Timeline {
  health: number;
  episode: Episode | null;
  /** The first month the firm pays nobody: the month after a failing slide, or a sudden failure. */
  failure: Month | null;
  /** The months in which events can happen (the firm's seventh month of business to its last, within the span). */
  firstEventMonth: Month;
  lastEventMonth: Month;
}

export const SLIDE_MONTHS = { min: 6, max: 9 };
/** Months over which a recovered firm's signals fade back to nothing. */
export const RECOVERY_MONTHS = 3;
/** Months before the window in which a slide may already have started (the window opens on a portfolio in motion). */
export const SPAN_BEFORE_WINDOW = 3;
/** Months after asOf the generator simulates (the hidden future the truth file reports). */
export const SPAN_AFTER_AS_OF = 12;

export const episodeRate = (h: number) => sigmoid(-2.9 - 0.9 * h) / 7.5;
export const failShare = (h: number) => sigmoid(-0.7 - 0.8 * h);
export const suddenRate = (h: number) => sigmoid(-4.3 - 0.8 * h) / 12;

/**
 * Draws the firm's timeline. `from` and `to` bound the months events can happen in (the
 * caller applies the firm's founding, ceasing and the span); a firm with no events (to < from)
 * has neither slide nor failure.
 */
export function drawTimeline(seed: number, i: number, health: number, from: Month, to: Month): Timeline {
  const rng = Rng.stream(seed, i, Stream.TIMELINE);
  const nu = episodeRate(health);
  const mu = suddenRate(health);
  let episode: Episode | null = null;
  let failure: Month | null = null;
  for (let m = from; m <= to && failure === null; m++) {
    if (episode && m <= episode.end) continue; // inside the slide: its outcome is already drawn
    if (!episode && rng.chance(nu)) {
      const months = rng.int(SLIDE_MONTHS.min, SLIDE_MONTHS.max);
      episode = { start: m, end: m + months - 1, months, fails: rng.chance(failShare(health)) };
      if (episode.fails) failure = episode.end + 1;
      continue;
    }
    if (rng.chance(mu)) failure = m;
  }
  return { health, episode, failure, firstEventMonth: from, lastEventMonth: to };
}

/**
 * How far into its slide a firm is in month m, 0 to 1: 0 before the slide, rising to 1 in its last
 * month; 1 from then on for a firm that failed; fading to 0 over RECOVERY_MONTHS for one that
 * recovered.
 */
export function slideProgress(t: Pick<Timeline, 'episode' | 'failure'>, m: Month): number {
  const e = t.episode;
  if (!e || m < e.start) return 0;
  if (m <= e.end) return (m - e.start + 1) / e.months;
  if (e.fails) return 1;
  return Math.max(0, 1 - (m - e.end) / (RECOVERY_MONTHS + 1));
}

/** The firm has failed by month m (stopped paying). */
export function failedBy(t: Pick<Timeline, 'failure'>, m: Month): boolean {
  return t.failure !== null && m >= t.failure;
}

/**
 * The generator's own probability that the firm defaults in the 12 months after month-end T
 * (default month in (T, T + 12]), given everything hidden at T: its health, whether a slide has
 * started and how long it runs, whether it has already failed. The outcome of a slide still
 * running at T, and every event after T, stay random. `defaultMonthIf(P)` is the month the firm
 * would reach 90 days past due if it stopped paying from month P (null when no loan would be
 * live then): it comes from the firm's loan book. This is the best any model could do knowing
 * the hidden state; a model sees only the records.
 */
export function oraclePd(t: Timeline, T: Month, defaultMonthIf: (failure: Month) => Month | null): number {
  const inWindow = (p: Month) => {
    const d = defaultMonthIf(p);
    return d !== null && d > T && d <= T + 12;
  };
  if (t.failure !== null && t.failure <= T) return inWindow(t.failure) ? 1 : 0;
  const q = failShare(t.health);
  const nu = episodeRate(t.health);
  const mu = suddenRate(t.health);
  const last = Math.min(T + 12, t.lastEventMonth);
  let pd = 0;
  // Sudden failures from month `from` on (outside a slide), weighted by `mass`.
  const sudden = (from: Month, mass: number) => {
    let survive = mass;
    for (let m = Math.max(from, t.firstEventMonth); m <= last; m++) {
      if (inWindow(m)) pd += survive * mu;
      survive *= 1 - mu;
    }
  };
  const e = t.episode;
  if (e && e.start <= T) {
    if (T <= e.end) {
      if (inWindow(e.end + 1)) pd += q;
      sudden(e.end + 1, 1 - q);
    } else sudden(T + 1, 1); // recovered
    return pd;
  }
  // No slide yet: in each month a slide may start (then fail at its end with probability q, or
  // recover and face sudden failure), or else the firm may fail suddenly.
  const lengths = SLIDE_MONTHS.max - SLIDE_MONTHS.min + 1;
  let alive = 1;
  for (let m = Math.max(T + 1, t.firstEventMonth); m <= last; m++) {
    const starts = alive * nu;
    for (let L = SLIDE_MONTHS.min; L <= SLIDE_MONTHS.max; L++) {
      const end = m + L - 1;
      if (inWindow(end + 1)) pd += (starts / lengths) * q;
      sudden(end + 1, (starts / lengths) * (1 - q));
    }
    const noStart = alive * (1 - nu);
    if (inWindow(m)) pd += noStart * mu;
    alive = noStart * (1 - mu);
  }
  return Math.min(1, pd);
}
