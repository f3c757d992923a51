/**
 * When a request's audit rows are final. An audit row states what the caller actually got, and
 * that is known only after the HTTP response is done with, not when Apollo hands it over
 * (`willSendResponse`):
 * - the response's `finish` (written whole to the socket): the rows as the response states them
 *   (OK, or DENIED/ERROR with the error's code);
 * - its `close` without `finish` (the client went away, or the server closed the connection, e.g.
 *   a shutdown past its grace period): every row ABORTED, code ABORTED;
 * - the writer closing (shutdown) while the response has not finished: ABORTED as well, with the
 *   firms the request had touched so far, so the rows are written before the pool closes.
 *
 * A request that is still executing when its connection closes is settled when its response is
 * ready (`answer`), so its rows name every firm it touched. Settling happens once; what comes
 * after (a late `willSendResponse` after a shutdown) is ignored.
 */
import { aborted, type AuditRow } from './audit.collector';

export class AuditDelivery {
  /** The rows as the response states them (set at `willSendResponse`). */
  private answered: AuditRow[] | null = null;
  /** Apollo started the operation, so `answer` will come (a malformed HTTP request never starts one). */
  private executing = false;
  private finished = false;
  private closedEarly = false;
  private settled = false;

  constructor(
    /** The rows from what the request touched so far, for a response that never came. */
    private readonly rowsSoFar: () => AuditRow[],
    /** Takes the final rows (the writer's buffer); called once. */
    private readonly emit: (rows: AuditRow[]) => void,
  ) {}

  /** The operation started (Apollo's `requestDidStart`). */
  started(): void {
    this.executing = true;
  }

  /** The response is ready and states `rows` (Apollo's `willSendResponse`). */
  answer(rows: AuditRow[]): void {
    if (this.settled) return;
    this.answered = rows;
    // Otherwise `finish` (or `close`) is still to come: Apollo writes the response after this.
    if (this.closedEarly) this.settle(aborted(rows));
  }

  /** The HTTP response was written whole (`finish`). */
  written(): void {
    if (this.settled || this.closedEarly) return;
    this.finished = true;
    // Apollo writes after `willSendResponse`; a response without one (a malformed HTTP request,
    // a failure before the operation started) ran nothing and touched no firm.
    this.settle(this.answered ?? this.rowsSoFar());
  }

  /** The connection closed before the response was written whole (`close` without `finish`). */
  cut(): void {
    if (this.settled || this.finished) return;
    this.closedEarly = true;
    if (this.answered || !this.executing) this.settle(aborted(this.answered ?? this.rowsSoFar()));
  }

  /** The server is shutting down and the response has not finished: the caller got nothing. */
  abandon(): void {
    if (this.settled) return;
    this.settle(aborted(this.answered ?? this.rowsSoFar()));
  }

  private settle(rows: AuditRow[]): void {
    this.settled = true;
    this.emit(rows);
  }
}
