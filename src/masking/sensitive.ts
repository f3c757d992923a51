/**
 * `@Sensitive(kind)`: where personal data is masked in the API. It applies a field middleware
 * (type-graphql `@UseMiddleware`) to the sensitive fields only, so no other field pays for it.
 *
 * The value comes back masked unless the field is asked for with `unmasked: true` (declare it
 * with `@UnmaskedArg()`) by a role the masking policy allows; any other role asking for it
 * unmasked gets FORBIDDEN on that field (and the request is audited as DENIED for the firm).
 * Each read is recorded for the audit log as `Type.field` against the firm it belongs to.
 *
 * `@SensitiveEvidence()` does the same for evidence JSON and the messages built from it, whose
 * personal data are found by key (`evidence.ts`) and may be of several kinds.
 */
import { Arg, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { Principal } from '../auth/principal';
import { ErrorCode, PublicError } from '../errors';
import type { Context } from '../graphql/context';
import { maskEvidence, maskEvidenceText } from './evidence';
import { mask } from './mask';
import { MASKING_POLICY, type MaskingPolicy, type SensitiveKind } from './masking.config';

export interface SensitiveOptions<R> {
  /** The firm the value belongs to (default: `root.uscc`). */
  firmOf?: (root: R) => string;
  /** Whether this row's value is personal data at all (e.g. only a PERSON party's name). */
  when?: (root: R) => boolean;
  /**
   * How to mask a value that is free text with personal data inside (default: the whole value is
   * one datum of `kind`, masked by `mask(kind, ...)`), e.g. `maskPersonNamesInText` for a registry
   * change listing the shareholders. A pure function; the policy is still `kind`'s.
   */
  maskWith?: (value: string) => string;
}

/** Whether the principal's role may see `kind` in full under `policy`. */
export function mayUnmask(
  principal: Principal | null,
  kind: SensitiveKind,
  policy: MaskingPolicy = MASKING_POLICY,
): boolean {
  return principal !== null && policy.unmaskedFor[kind].includes(principal.role);
}

export function sensitiveMiddleware<R>(kind: SensitiveKind, opts: SensitiveOptions<R> = {}): MiddlewareFn<Context> {
  return async ({ root, args, context, info }, next) => {
    const value: unknown = await next();
    if (value == null || (opts.when && !opts.when(root as R))) return value;
    const field = `${info.parentType.name}.${info.fieldName}`;
    const full = args.unmasked === true;
    if (full && !mayUnmask(context.principal, kind)) throw refusal(field, kind, context.principal);
    const uscc = opts.firmOf ? opts.firmOf(root as R) : (root as { uscc: string }).uscc;
    context.audit.sensitive(uscc, field, full);
    if (full) return value;
    return opts.maskWith ? opts.maskWith(String(value)) : mask(kind, String(value));
  };
}

/** FORBIDDEN for a field of personal data of `kind` asked for unmasked by a role the policy does not allow. */
function refusal(field: string, kind: SensitiveKind, principal: Principal | null): PublicError {
  const allowed = MASKING_POLICY.unmaskedFor[kind];
  return new PublicError(
    ErrorCode.FORBIDDEN,
    `${field} is personal data (${kind}): role ${principal?.role ?? '(none)'} may not see it unmasked` +
      (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no role may)') +
      '; ask without `unmasked: true` for the masked value',
    { extensions: { field, kind } },
  );
}

export interface SensitiveEvidenceOptions<R> {
  /** The firm the value belongs to (default: `root.uscc`). */
  firmOf?: (root: R) => string;
  /**
   * For a text built from evidence (a finding's or warning's message): the evidence it was built
   * from. The text is masked by replacing each personal datum of that evidence found in it
   * (`maskEvidenceText`). Without it, the field's value is the evidence itself (`maskEvidence`).
   */
  evidenceOf?: (root: R) => unknown;
}

/**
 * `@SensitiveEvidence()`: `@Sensitive` for evidence JSON, whose personal data may be of several
 * kinds, and for the message built from it. The data are found and masked by key
 * (`src/masking/evidence.ts`); a value holding none is returned as it is, unaudited, whoever asks.
 * Otherwise it comes back masked unless asked for with `unmasked: true` by a role the policy
 * allows for every kind it holds (any other role gets FORBIDDEN on the field), and the read is
 * audited as `Type.field`, as `@Sensitive` does. Runs only when the field is selected; no I/O.
 */
export function sensitiveEvidenceMiddleware<R>(opts: SensitiveEvidenceOptions<R> = {}): MiddlewareFn<Context> {
  return async ({ root, args, context, info }, next) => {
    const value: unknown = await next();
    if (value == null) return value;
    const masking = maskEvidence(opts.evidenceOf ? opts.evidenceOf(root as R) : value);
    const masked = opts.evidenceOf ? maskEvidenceText(String(value), masking) : masking;
    if (masked.kinds.size === 0) return value;
    const field = `${info.parentType.name}.${info.fieldName}`;
    const full = args.unmasked === true;
    const denied = full ? [...masked.kinds].find((kind) => !mayUnmask(context.principal, kind)) : undefined;
    if (denied) throw refusal(field, denied, context.principal);
    const uscc = opts.firmOf ? opts.firmOf(root as R) : (root as { uscc: string }).uscc;
    context.audit.sensitive(uscc, field, full);
    return full ? value : masked.value;
  };
}

/** Marks an evidence field, or a message built from the evidence, as holding personal data (see `sensitiveEvidenceMiddleware`). */
export function SensitiveEvidence<R = unknown>(
  opts: SensitiveEvidenceOptions<R> = {},
): MethodDecorator & PropertyDecorator {
  return UseMiddleware(sensitiveEvidenceMiddleware(opts));
}

/** Marks a field as personal data of `kind` (see the module comment). */
export function Sensitive<R = unknown>(
  kind: SensitiveKind,
  opts: SensitiveOptions<R> = {},
): MethodDecorator & PropertyDecorator {
  return UseMiddleware(sensitiveMiddleware(kind, opts));
}

/** The `unmasked: Boolean = false` argument of a sensitive field. */
export function UnmaskedArg(): ReturnType<typeof Arg> {
  return Arg('unmasked', () => Boolean, {
    defaultValue: false,
    description: 'Ask for the value in full: only roles the masking policy allows; others get FORBIDDEN.',
  });
}
