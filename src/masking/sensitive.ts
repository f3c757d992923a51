/**
 * `@Sensitive(kind)`: the one place personal data is masked. It applies a field middleware
 * (type-graphql `@UseMiddleware`) to the sensitive fields only, so no other field pays for it.
 *
 * The value comes back masked unless the field is asked for with `unmasked: true` (declare it
 * with `@UnmaskedArg()`) by a role the masking policy allows; any other role asking for it
 * unmasked gets FORBIDDEN on that field (and the request is audited as DENIED for the firm).
 * Each read is recorded for the audit log as `Type.field` against the firm it belongs to.
 */
import { Arg, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { Principal } from '../auth/principal';
import { ErrorCode, PublicError } from '../errors';
import type { Context } from '../graphql/context';
import { mask } from './mask';
import { MASKING_POLICY, type MaskingPolicy, type SensitiveKind } from './masking.config';

export interface SensitiveOptions<R> {
  /** The firm the value belongs to (default: `root.uscc`). */
  firmOf?: (root: R) => string;
  /** Whether this row's value is personal data at all (e.g. only a PERSON party's name). */
  when?: (root: R) => boolean;
}

/** Whether the principal's role may see `kind` in full under `policy`. */
export function mayUnmask(principal: Principal | null, kind: SensitiveKind, policy: MaskingPolicy = MASKING_POLICY): boolean {
  return principal !== null && policy.unmaskedFor[kind].includes(principal.role);
}

export function sensitiveMiddleware<R>(kind: SensitiveKind, opts: SensitiveOptions<R> = {}): MiddlewareFn<Context> {
  return async ({ root, args, context, info }, next) => {
    const value: unknown = await next();
    if (value == null || (opts.when && !opts.when(root as R))) return value;
    const field = `${info.parentType.name}.${info.fieldName}`;
    const full = args.unmasked === true;
    if (full && !mayUnmask(context.principal, kind)) {
      const allowed = MASKING_POLICY.unmaskedFor[kind];
      throw new PublicError(
        ErrorCode.FORBIDDEN,
        `${field} is personal data (${kind}): role ${context.principal?.role ?? '(none)'} may not see it unmasked` +
          (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no role may)') + '; ask without `unmasked: true` for the masked value',
        { extensions: { field, kind } },
      );
    }
    const uscc = opts.firmOf ? opts.firmOf(root as R) : (root as { uscc: string }).uscc;
    context.audit.sensitive(uscc, field, full);
    return full ? value : mask(kind, String(value));
  };
}

/** Marks a field as personal data of `kind` (see the module comment). */
export function Sensitive<R = unknown>(kind: SensitiveKind, opts: SensitiveOptions<R> = {}): MethodDecorator & PropertyDecorator {
  return UseMiddleware(sensitiveMiddleware(kind, opts));
}

/** The `unmasked: Boolean = false` argument of a sensitive field. */
export function UnmaskedArg(): ReturnType<typeof Arg> {
  return Arg('unmasked', () => Boolean, {
    defaultValue: false,
    description: 'Ask for the value in full: only roles the masking policy allows; others get FORBIDDEN.',
  });
}
