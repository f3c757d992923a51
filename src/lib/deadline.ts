/** A request's deadline: the moment its work must be done by, and the signal that fires then. */
export interface Deadline {
  signal: AbortSignal;
  /** Epoch ms. */
  at: number;
}
