/**
 * Entry point of `dist/cli.js`: loads the CLI bundle (`dist/cli-main.cjs`, built from `entry.ts`) and runs
 * the command. Start-up reuses the bytecode of earlier runs: on Node 22.1 and later through the runtime's
 * compile cache (`module.enableCompileCache()`); on older Node, which has none, through `code-cache.ts`.
 * `AI_POSTMORTEM_CODE_CACHE=0` turns either off (as does Node's own `NODE_DISABLE_COMPILE_CACHE=1`).
 */
import { createRequire } from 'node:module';
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { codeCacheDir, loadBundle } from './code-cache.js';

/**
 * V8 runs a regular expression through its bytecode interpreter first and compiles it to machine code on the second
 * run; the rules' phrase lists run many times, so that is two compiles each. Compiling each once, straight to machine
 * code, is set here once for the whole process (workers included) before the bundle's first expression, and never
 * changed after: without it a one-file lint on Node 20 misses the 150 ms cold-start target (README, Performance). The
 * same matches either way. Only on the V8 versions known to have the flag (Node 14 to 24): V8 prints an error line
 * for a flag it does not know.
 */
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major >= 8 && v8Major <= 13) setFlagsFromString('--no-regexp-tier-up');

interface Bundle {
  run(): Promise<number>;
  lintedOnThisThread(): boolean;
}

const file = fileURLToPath(new URL('./cli-main.cjs', import.meta.url));
const enableCompileCache = (module as { enableCompileCache?: () => unknown }).enableCompileCache;
const cacheDir = codeCacheDir();

if (typeof enableCompileCache === 'function' || cacheDir === undefined) {
  // Before the bundle is loaded: the runtime caches what it compiles from then on (its folder, its checks).
  if (cacheDir !== undefined) enableCompileCache?.call(module);
  const cli = createRequire(import.meta.url)(file) as Bundle;
  process.exitCode = await cli.run();
} else {
  const bundle = loadBundle(file, { cacheDir });
  const cli = bundle.exports as Bundle;
  const code = await cli.run();
  // Only a run that linted a file on this thread has compiled the parser and the rules, which is what the cache is
  // for (a one-file lint); a run that linted on workers or from `--cache` leaves writing it to a later run.
  if (bundle.status !== 'hit' && bundle.status !== 'off' && cli.lintedOnThisThread()) bundle.save();
  process.exitCode = code;
}
