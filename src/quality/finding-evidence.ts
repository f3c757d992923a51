/**
 * A finding's evidence as typed GraphQL (`DataQualityIssue.details`): the interface
 * `FindingEvidence` carrying the check's `code` (the `FindingCode` enum), implemented once per
 * check by `<PascalCaseCode>Evidence` (declared in the check's own file, the type its `evidence`
 * returns, so what a check writes and what the schema exposes cannot drift).
 *
 * `FindingCode` holds every check's code and is filled from the list of checks
 * (`registerFindingChecks`, called by checks/index.ts with CHECKS: adding a check adds its code);
 * no second hand-written list. The enum object is declared here, not next to CHECKS, because the
 * checks' evidence types implement this interface: the interface cannot import the checks.
 */
// The checks' evidence types are type-graphql classes, and the checks load in CLIs and tests too.
import 'reflect-metadata';
import { Field, InterfaceType, registerEnumType } from 'type-graphql';
import type { QualityCheck } from './check';

/**
 * Every check's code, e.g. FindingCode.DUPLICATE_INVOICE (the GraphQL enum `FindingCode`; its
 * TypeScript union is checks/index.ts's `FindingCode`, which this module cannot import).
 */
export const FindingCode: Readonly<Record<string, string>> = {};
registerEnumType(FindingCode, { name: 'FindingCode', description: 'The data-quality check that made a finding.' });

/** The check of each code. */
const checksByCode = new Map<string, QualityCheck>();

/** Adds the checks' codes to `FindingCode` and their evidence types to `FindingEvidence`'s resolution. */
export function registerFindingChecks(checks: readonly QualityCheck[]): void {
  for (const check of checks) {
    Object.assign(FindingCode, { [check.code]: check.code });
    checksByCode.set(check.code, check);
  }
}

/** The GraphQL object type of a code's evidence (its class name is the type's name). */
export function findingEvidenceTypeName(value: { code: string }): string | undefined {
  return checksByCode.get(value.code)?.evidenceType.name;
}

/**
 * A finding's evidence (already masked, when it is to be) as `details`: its code and the check's
 * evidence type (the JSON itself, or what the check's `details` turn it into).
 */
export function findingDetails(code: string, evidence: object): object {
  const check = checksByCode.get(code);
  return { ...(check?.details ? check.details(evidence) : evidence), code };
}

@InterfaceType('FindingEvidence', {
  description:
    "A finding's evidence as typed fields, one implementation per check (`... on DuplicateInvoiceEvidence { rows { id } }`); " +
    'the same values as `evidence`, masked the same way.',
  resolveType: findingEvidenceTypeName,
})
export abstract class FindingEvidence {
  @Field(() => FindingCode, { description: 'The check, which decides the implementation.' })
  code: string;
}
