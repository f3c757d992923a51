/** Shutdown hooks: in registration order, once, a failing or hanging hook does not stop the next. */
import { Writable } from 'node:stream';
import { createLogger } from '../src/ops/logger';
import { ShutdownHooks } from '../src/ops/shutdown';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('ShutdownHooks', () => {
  it('runs hooks in order, once; logs a failing and a hanging hook and goes on', async () => {
    const hooks = new ShutdownHooks();
    const ran: string[] = [];
    hooks.add('flush audit', async () => {
      await new Promise((r) => setImmediate(r));
      ran.push('flush audit');
    });
    hooks.add('broken', () => {
      throw new Error('boom');
    });
    hooks.add('hangs', () => new Promise<void>(() => {}));
    const remove = hooks.add('removed', () => {
      ran.push('removed');
    });
    hooks.add('last', () => {
      ran.push('last');
    });
    remove();
    expect(hooks.names).toEqual(['flush audit', 'broken', 'hangs', 'last']);
    const { lines, logger } = capture();
    // A budget well above what the quick hooks need on a loaded machine (with 50 ms and a 10 ms
    // timer, the first hook overran it once during a CI run of the whole suite).
    await hooks.run(logger, 500);
    await hooks.run(logger, 500);
    expect(ran).toEqual(['flush audit', 'last']);
    const failed = lines.filter((l) => l.msg === 'shutdown hook failed');
    expect(failed.map((l) => l.hook)).toEqual(['broken', 'hangs']);
    expect((failed[1].err as { message: string }).message).toBe('shutdown hook "hangs" did not finish within 500 ms');
    expect(lines.filter((l) => l.msg === 'shutdown hook done').map((l) => l.hook)).toEqual(['flush audit', 'last']);
  });
});
