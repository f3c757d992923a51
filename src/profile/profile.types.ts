/**
 * What the sources' GraphQL types share (connectors/<source>/<source>.resolver.ts): the base of a
 * per-source sub-object of a borrower, and the bounds of list arguments.
 */

/** A sub-object keyed by the firm; its fields are resolved from the firm's USCC. */
export abstract class FirmScoped {
  uscc: string;
}

/** Bounds of list arguments, shared by every sub-object. */
export const LIMITS = { first: { default: 20, max: 100 }, months: { default: 24, max: 120 } } as const;
