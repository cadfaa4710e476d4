/**
 * Entry point of `dist/cli.js`: loads the CLI bundle (`dist/cli-main.cjs`, built from `entry.ts`) and runs
 * the command. Start-up reuses the bytecode of earlier runs: on Node 22.1 and later through the runtime's
 * compile cache (`module.enableCompileCache()`); on older Node, which has none, through `code-cache.ts`.
 * `AI_POSTMORTEM_CODE_CACHE=0` turns either off (as does Node's own `NODE_DISABLE_COMPILE_CACHE=1`).
 */
import { createRequire } from 'node:module';
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { codeCacheDir, loadBundle } from './code-cache.js';

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
