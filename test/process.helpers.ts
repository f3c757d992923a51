/**
 * The project's commands as child processes: the server's entry point as a person (`npm start`,
 * src/main.ts through the transpiler) or a production deployment (`npm run serve`,
 * dist/src/main.js as `npm run build` compiled it) runs it, and any other command (`startNode`).
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

/** A process started by `startNode`: its output (stdout and stderr, as they came) read at any time. */
export interface StartedNode {
  child: ChildProcess;
  output: () => string;
}

/** Node with `args` (e.g. `-r @swc-node/register src/x.cli.ts ...`) from the project's root, with `env` over this process's environment. */
export function startNode(args: readonly string[], env: NodeJS.ProcessEnv): StartedNode {
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out };
}

/**
 * Resolves once `ready` returns a value for the output so far (polled every 100 ms); rejects, with
 * the output, when the process exits first or `timeoutMs` passes.
 */
export function outputReady<T>(
  { child, output }: StartedNode,
  ready: (output: string) => T | null,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const value = ready(output());
      if (value === null) return;
      done();
      resolve(value);
    }, 100);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`not ready in time:\n${output()}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`exited with ${code}:\n${output()}`));
    };
    child.once('exit', onExit);
    function done() {
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
    }
  });
}

/** The process's exit code and output once it ends by itself; rejects (killing it) when it has not within `timeoutMs`. */
export function exited(
  { child, output }: StartedNode,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, output: output() });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not end in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: output() });
    });
  });
}

/**
 * Starts the entry point (src/main.ts unless `entry` says built) with `env` over this process's environment and resolves once `ready`
 * returns a value for the output so far (`outputReady`).
 */
export async function startMain<T>(
  env: NodeJS.ProcessEnv,
  ready: (output: string) => T | null,
  timeoutMs: number,
  entry: keyof typeof ENTRIES = 'source',
): Promise<ServerProcess<T>> {
  const started = startNode(ENTRIES[entry], env);
  return { child: started.child, output: started.output, ready: await outputReady(started, ready, timeoutMs) };
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
