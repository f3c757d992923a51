/**
 * `npm start`: open the database (embedded PGlite under DATA_DIR, or DATABASE_URL), run the
 * migrations, load a synthetic portfolio on the first start of an empty database, serve
 * GraphQL, and print the URL with an example query to paste. Server logs are pino JSON lines
 * (src/ops/logger.ts); the ready banner and the example are plain text for the person at the
 * terminal. SIGTERM/SIGINT: stop accepting, drain requests in flight, run the server's and the
 * process's shutdown hooks (src/ops/shutdown.ts) in order, close the database, exit 0.
 */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { migrate } from './db/data-source';
import { startServer } from './server';
import { exampleCurl, examplePartnerConsent, exampleUscc, PARTNER_QUERY } from './example';
import { seedWithProgress } from './seed';
import { createLogger } from './ops/logger';
import { processShutdown } from './ops/shutdown';
import { Role } from './auth/principal';
import { signToken } from './auth/token.service';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const auth = config.auth;
  if (auth.mode === 'off')
    console.warn(
      '\n*** AUTH_MODE=off: requests without a token are served as the development analyst. Never expose this server. ***\n',
    );
  if (auth.devSecret) {
    console.warn(
      '\n*** JWT_SECRET is not set: tokens are signed and verified with the built-in DEVELOPMENT secret, which anyone can read in the source. ***\n' +
        '*** Set JWT_SECRET (at least 32 bytes) or JWT_JWKS_URL before this server holds real data; NODE_ENV=production refuses to start without one. ***\n',
    );
  }
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolMax,
    serving: true,
  });
  logger.info(
    db.embedded
      ? `database: embedded PostgreSQL (PGlite) in ${config.dataDir}`
      : 'database: PostgreSQL server from DATABASE_URL',
  );

  const ran = await migrate(db.url);
  if (ran.length) logger.info({ migrations: ran }, `migrations: ran ${ran.join(', ')}`);

  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM core.firm');
  const firms = Number(rows[0].n);
  if (firms === 0 && config.seedFirms > 0) {
    logger.info(`first start: generating a synthetic portfolio of ${config.seedFirms} firms (seed ${config.seed})`);
    await seedWithProgress(db, { firms: config.seedFirms, seed: config.seed });
  } else {
    logger.info({ firms }, `portfolio: ${firms} firms already loaded`);
  }

  const server = await startServer(config, db, { logger });
  // Signals are handled from here on: a SIGTERM while the banner is printed still drains and exits 0.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal}: draining requests, running shutdown hooks, closing the database`);
    try {
      await server.stop();
      await processShutdown.run(logger);
      await db.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.fatal({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  logger.info({ url: server.url, startupSeconds: (Date.now() - started) / 1000 }, 'listening');
  // The examples are looked up first and printed at once, so whoever waits for the banner (a
  // person, a test) finds the database work done.
  const dev = config.nodeEnv !== 'production' && auth.secret !== null;
  const uscc = await exampleUscc(db);
  const partner = dev ? await examplePartnerConsent(db, auth.bankTenant) : null;
  // Outside production, ready tokens for the examples (never printed in production).
  const token = dev
    ? await signToken(auth, {
        subject: 'dev.analyst',
        tenant: auth.bankTenant,
        role: Role.ANALYST,
        ttlSeconds: auth.maxTtlSeconds,
      })
    : null;
  const partnerToken = partner
    ? await signToken(auth, {
        subject: 'dev.partner',
        tenant: partner.grantee,
        role: Role.PARTNER,
        purpose: partner.purpose,
        ttlSeconds: auth.maxTtlSeconds,
      })
    : null;
  const lines = [
    `\nready in ${((Date.now() - started) / 1000).toFixed(1)} s: GraphQL at ${server.url} (open it in a browser for Apollo Sandbox)`,
  ];
  if (token)
    lines.push(
      `\nan ANALYST token of ${auth.bankTenant} for development, valid ${Math.round(auth.maxTtlSeconds / 360) / 10} h (more: npm run token -- --role ANALYST):\n${token}`,
    );
  if (uscc)
    lines.push(`\nexample query, a firm's profile from all five sources:\n\n${exampleCurl(server.url, uscc, token)}\n`);
  if (partner && partnerToken) {
    lines.push(
      `a partner's first query: ${partner.grantee} (purpose ${partner.purpose}) reads a firm that consented to it today ` +
        `(${partner.scope}, sources ${partner.sources.join(', ')}):\n\n${exampleCurl(server.url, partner.uscc, partnerToken, PARTNER_QUERY)}\n`,
    );
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
