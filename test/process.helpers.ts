/**
 * The server's entry point as a child process: what a person (`npm start`, src/main.ts through the
 * transpiler) or a production deployment (`npm run serve`, dist/src/main.js as `npm run build`
 * compiled it) runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');

export interface ServerProcess<T> {
  child: ChildProcess;
  output: () => string;
  /** What `ready` read off the output once it answered. */
  ready: T;
}

/** How each entry point is started: node's arguments. */
export const ENTRIES = {
  source: ['-r', '@swc-node/register', 'src/main.ts'],
  built: ['dist/src/main.js'],
} as const;

/**
 * Starts the entry point (src/main.ts unless `entry` says built) with `env` over this process's environment and resolves once `ready`
 * returns a value for the output so far (polled every 100 ms); rejects, with the output, when the
 * process exits first or `timeoutMs` passes.
 */
export function startMain<T>(
  env: NodeJS.ProcessEnv,
  ready: (output: string) => T | null,
  timeoutMs: number,
  entry: keyof typeof ENTRIES = 'source',
): Promise<ServerProcess<T>> {
  const child = spawn(process.execPath, [...ENTRIES[entry]], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const value = ready(out);
      if (value === null) return;
      done();
      resolve({ child, output: () => out, ready: value });
    }, 100);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`not ready in time:\n${out}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`exited with ${code}:\n${out}`));
    };
    child.once('exit', onExit);
    function done() {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
    }
  });
}

/** SIGTERM, and the exit code; a process still running 30 s later is killed and reported as 'hung'. */
export function stopMain(child: ChildProcess): Promise<number | null | 'hung'> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      child.kill('SIGKILL');
      resolve('hung');
    }, 30_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      resolve(code);
    };
    child.once('exit', onExit);
    child.kill('SIGTERM');
  });
}
