/**
 * `npm run token -- --role R [--tenant T] [--purpose P] [--sub S] [--ttl SECONDS]`
 *
 * Prints a bearer token signed with the configured shared secret (JWT_SECRET, or the development
 * secret outside production), for the configured issuer and audience: the token alone on stdout
 * (`TOKEN=$(npm run -s token -- --role ANALYST)`), its claims on stderr. Internal roles default
 * to the bank's tenant (BANK_TENANT); a PARTNER needs --tenant, the name its consents carry.
 */
import { parseArgs } from 'node:util';
import { runCli, UsageError } from '../lib/cli';
import { loadConfig } from '../config';
import { Role } from './principal';
import { DEFAULT_PURPOSE, signToken, TokenError } from './token.service';

const USAGE = `usage: npm run token -- --role ${Object.values(Role).join('|')} [--tenant T] [--purpose ${DEFAULT_PURPOSE}] [--sub S] [--ttl 3600]`;

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: {
        role: { type: 'string' },
        tenant: { type: 'string' },
        purpose: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
      },
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const role = values.role?.toUpperCase();
  if (!role || !(Object.values(Role) as string[]).includes(role))
    throw new UsageError(
      `--role must be one of ${Object.values(Role).join(', ')}${values.role ? `, got "${values.role}"` : ''}`,
    );
  const config = loadConfig();
  const tenant = values.tenant ?? (role === Role.PARTNER ? undefined : config.auth.bankTenant);
  if (!tenant)
    throw new UsageError("--tenant is required for a PARTNER: the institution's name, as the firms' consents name it");
  let ttlSeconds: number | undefined;
  if (values.ttl !== undefined) {
    ttlSeconds = Number(values.ttl);
    if (!/^\d+$/.test(values.ttl)) throw new UsageError(`--ttl must be a whole number of seconds, got "${values.ttl}"`);
  }
  const subject = values.sub ?? `${role.toLowerCase().replace('_', '.')}.cli`;
  const token = await signToken(config.auth, {
    subject,
    tenant,
    role: role as Role,
    purpose: values.purpose,
    ttlSeconds,
  });
  const [, payload] = token.split('.');
  console.error(
    `claims: ${Buffer.from(payload, 'base64url').toString('utf8')}${config.auth.devSecret ? '\n(signed with the DEVELOPMENT secret: set JWT_SECRET for anything real)' : ''}`,
  );
  console.log(token);
}

runCli(main, USAGE, [TokenError]);
