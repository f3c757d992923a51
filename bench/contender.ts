/**
 * A contender of the benchmark (bench/bench.ts, bench/scale.ts): a server in its own process,
 * started with its environment, announcing its URL, and asked for its CPU, statements and peak
 * memory between runs (the protocol of bench/probe.ts). Also `runScript`, how the benchmarks run
 * the project's own commands (seed, rescore, quality, import).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import { loadConfig, type Config } from '../src/config';
import { Role } from '../src/auth/principal';
import { signToken } from '../src/auth/token.service';
import { READY_PREFIX, STATS_PREFIX, type ProbeStats } from './probe';

const ROOT = path.resolve(__dirname, '..');

export type Name = 'OURS' | 'NAIVE' | 'FLOOR' | 'PEER';

/**
 * The contenders run as production runs the platform: compiled by `npm run build` into dist/ and
 * started with plain `node`, no transpiler in the process (@swc-node/register alone holds about
 * 75 MB). Built once per harness process, from the sources as they are now.
 */
let built: Promise<void> | undefined;
function buildOnce(): Promise<void> {
  built ??= new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`npm run build exited with code ${code}`)),
    );
  });
  return built;
}

/** A contender's process: built, started, announced, asked for its stats between runs. */
export class Contender {
  private readonly waiting: Array<(line: string) => void> = [];
  readonly url: Promise<string>;
  private readonly child: Promise<ChildProcess>;

  /** `script`: the entry's source path (bench/serve.ts); its compiled twin under dist/ runs. */
  constructor(
    readonly name: Name,
    script: string,
    env: NodeJS.ProcessEnv,
  ) {
    // BENCH_NODE_ARGS: flags for the contenders' node (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof), which NODE_OPTIONS refuses.
    const flags = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const entry = path.join(ROOT, 'dist', script.replace(/\.ts$/, '.js'));
    this.child = buildOnce().then(() =>
      spawn(process.execPath, [...flags, entry], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    this.url = this.child.then(
      (child) =>
        new Promise((resolve, reject) => {
          const lines = readline.createInterface({ input: child.stdout! });
          lines.on('line', (line) => {
            if (line.startsWith(READY_PREFIX)) resolve(line.slice(READY_PREFIX.length).trim());
            else if (line.startsWith(STATS_PREFIX)) this.waiting.shift()?.(line.slice(STATS_PREFIX.length));
          });
          child.once('exit', (code) =>
            reject(new Error(`${name} (${entry}) exited with code ${code} before it was ready`)),
          );
        }),
    );
  }

  private async ask(command: 'reset' | 'stats'): Promise<string> {
    const child = await this.child;
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      child.stdin!.write(`${command}\n`);
    });
  }

  async reset(): Promise<void> {
    await this.ask('reset');
  }

  async stats(): Promise<ProbeStats> {
    return JSON.parse(await this.ask('stats')) as ProbeStats;
  }

  /** Closing its stdin ends the child (bench/probe.ts), which lets it write a profile; SIGTERM if it lingers. */
  stop(): void {
    void this.child.then((child) => {
      child.stdin!.end();
      setTimeout(() => child.kill('SIGTERM'), 10_000).unref();
    });
  }
}

/** Runs one of the project's commands (`script` under the project) to its end; resolves with its wall time in seconds. */
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'ignore' = 'ignore',
): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', output, 'inherit'],
    });
    child.once('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`${script} ${args.join(' ')} exited with code ${code}`)),
    );
  });
}

/**
 * What every contender process is started with: production mode, a JWT secret made for this run,
 * no logs, and a deadline out of the way of throughput runs (a saturated contender queues requests
 * for longer than 2 s, and a cut answer fails the run); with the configuration they read from it
 * and the headers of an ANALYST signed with that secret.
 */
export async function contenderEnvironment(
  databaseUrl: string,
): Promise<{ env: NodeJS.ProcessEnv; config: Config; headers: Record<string, string> }> {
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    JWT_ISSUER: 'bench',
    JWT_AUDIENCE: 'bench',
    LOG_LEVEL: 'silent',
    REQUEST_DEADLINE_MS: '60000',
  };
  const config = loadConfig({}, { ...process.env, ...env });
  const token = await signToken(config.auth, {
    subject: 'bench',
    tenant: config.auth.bankTenant,
    role: Role.ANALYST,
    ttlSeconds: config.auth.maxTtlSeconds,
  });
  return { env, config, headers: { authorization: `Bearer ${token}` } };
}
