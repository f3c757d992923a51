/**
 * The sources, by name, each with its loaders' type. Empty here: each source's descriptor adds
 * itself (connectors/<source>/index.ts), e.g.
 * `declare module '../shared/source-name' { interface SourceNames { TAX: TaxLoaders } }`,
 * so the union of names is exactly the sources in the program.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SourceNames {}

/** A source's name: `REGISTRY`, `TAX`, ... (the keys of `SourceNames`). */
export type SourceName = keyof SourceNames & string;
