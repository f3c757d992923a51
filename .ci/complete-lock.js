#!/usr/bin/env node
/**
 * This workplace's npm registry is a partial mirror: it lacks some platform builds of packages
 * with native binaries (@swc/core-*, @unrs/resolver-binding-*), so `npm install` writes a lock
 * without them and `npm ci` then refuses the lock as out of sync. This adds the missing
 * optional platform entries (never installed here: their os/cpu/libc do not match) so `npm ci`
 * accepts the lock. Run it after `npm install` changes package-lock.json.
 */
const fs = require('node:fs');
const lockPath = require('node:path').join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const pkgs = lock.packages;
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'loong64', 'riscv64', 'wasm32'];
let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ''}node_modules/${name}`.replace(/^\//, '');
    if (pkgs[key] || pkgs[`node_modules/${name}`]) continue;
    const m =
      /(android|darwin|freebsd|linux|win32|openharmony)-([a-z0-9]+)(?:-(gnu|musl|gnueabihf|musleabihf|eabi|msvc))?$/.exec(
        name,
      );
    if (!m || !CPUS.includes(m[2])) continue;
    const platform = { version: spec.replace(/^[\^~]/, ''), optional: true, os: [m[1]], cpu: [m[2]] };
    if (m[1] === 'linux' && m[3]) platform.libc = [m[3].startsWith('musl') ? 'musl' : 'glibc'];
    pkgs[`node_modules/${name}`] = platform;
    added++;
  }
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform entries`);
