/**
 * Imported first by peer.server.ts, before PostGraphile loads: what PostGraphile 5 expects of
 * its process. Grafast reads its mode on import (GRAPHILE_ENV, else NODE_ENV: `test` or
 * `development` would plan every request with extra checks), so a harness's NODE_ENV must not
 * put it in development mode; and it targets Node 22, whose Promise.withResolvers grafast and
 * grafserv call (at run time).
 */
process.env.GRAPHILE_ENV ??= 'production';

const promises = Promise as PromiseConstructor & {
  withResolvers?: <T>() => { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };
};
promises.withResolvers ??= <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
