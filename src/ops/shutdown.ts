/**
 * Shutdown hooks, run in the order they were registered, after the HTTP server has stopped
 * accepting connections and the requests in flight have drained, and before the database
 * closes. A hook that fails or hangs (past its timeout) is logged and the next one still runs.
 *
 * Two registries:
 * - each running server has its own (`RunningServer.onShutdown`, run by `server.stop()`): for
 *   what belongs to that server, e.g. an audit buffer created in `startServer` flushing through
 *   the server's database (its hook also writes, as ABORTED, the rows of requests whose responses
 *   the drain cut before they were written whole: src/audit/audit.delivery.ts);
 * - `onShutdown(name, hook)` below registers with the process's registry, run by src/main.ts on
 *   SIGTERM/SIGINT after `server.stop()` and before the database closes.
 */
import type { Logger } from 'pino';
import { logger as rootLogger } from './logger';

export type ShutdownHook = () => void | Promise<void>;

export class ShutdownHooks {
  private readonly hooks: Array<{ name: string; hook: ShutdownHook }> = [];
  private ran = false;

  /** Registers `hook`; returns a function that removes it again. */
  add(name: string, hook: ShutdownHook): () => void {
    const entry = { name, hook };
    this.hooks.push(entry);
    return () => {
      const i = this.hooks.indexOf(entry);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  get names(): string[] {
    return this.hooks.map((h) => h.name);
  }

  /** Runs every hook once, in order; later calls do nothing. */
  async run(log: Logger = rootLogger, timeoutMs = 10_000): Promise<void> {
    if (this.ran) return;
    this.ran = true;
    for (const { name, hook } of this.hooks) {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(hook),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`shutdown hook "${name}" did not finish within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
        log.info({ hook: name, ms: Date.now() - started }, 'shutdown hook done');
      } catch (err) {
        log.error({ hook: name, err }, 'shutdown hook failed');
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

/** The process's registry (run by src/main.ts on SIGTERM/SIGINT). */
export const processShutdown = new ShutdownHooks();

/** Registers a hook with the process's registry; returns a function that removes it. */
export function onShutdown(name: string, hook: ShutdownHook): () => void {
  return processShutdown.add(name, hook);
}
