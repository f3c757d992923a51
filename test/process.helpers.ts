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

/** A process started by `startNode`: its output (stdout and stderr, as they came, or each alone) read at any time. */
export interface StartedNode {
  child: ChildProcess;
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  /** The exit code once the process has ended and its output streams are closed (all its output read). */
  closed: Promise<number | null>;
}

/** Node with `args` (e.g. `-r @swc-node/register src/x.cli.ts ...`) from the project's root, with `env` over this process's environment. */
export function startNode(args: readonly string[], env: NodeJS.ProcessEnv): StartedNode {
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => ((out += d), (stdout += d)));
  child.stderr!.on('data', (d) => ((out += d), (stderr += d)));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  closed.catch(() => {}); // a start that failed reaches whoever awaits `closed`, and no one else
  return { child, output: () => out, stdout: () => stdout, stderr: () => stderr, closed };
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

/**
 * The process's exit code and output once it ends by itself and its output is all read ('close',
 * not 'exit': at 'exit' the output streams may still hold some); rejects (killing it) when it has
 * not ended within `timeoutMs`.
 */
export async function exited(
  { child, output, closed }: StartedNode,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not end in ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
  });
  try {
    return { code: await Promise.race([closed, late]), output: output() };
  } finally {
    clearTimeout(timer);
  }
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
