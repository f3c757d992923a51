/**
 * core.rate_limit: the counters of the request rate limits (src/ops/rate-limit.ts,
 * rate-limiter-flexible's RateLimiterPostgres, which is told the table exists and never creates
 * one at run time). Every replica on the same server shares them. One row per limiter and key:
 * `key` is the limiter's prefix and the principal, tenant or client IP; `points` the requests
 * counted in the window ending at `expire` (epoch ms). UNLOGGED: counters are short-lived and
 * need no WAL (a crash empties the table, which only resets the windows).
 */
import { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimit1795442500000 implements MigrationInterface {
  name = 'RateLimit1795442500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "core"."rate_limit" ("key" text NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "core"."rate_limit"`);
  }
}
