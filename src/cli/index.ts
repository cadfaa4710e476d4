/**
 * Entry point of `dist/cli.js`: loads the CLI bundle (`dist/cli-main.cjs`, built from `entry.ts`)
 * through V8's code cache (`code-cache.ts`), runs the command, then saves the cache if this run made one.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { codeCacheDir, loadBundle } from './code-cache.js';

// V8 first runs a regular expression through its bytecode interpreter and compiles it to machine code on the second
// run ("tier-up"): two compiles for every expression used twice. The rules' phrase lists are large expressions used
// many times, so compiling each once, straight to machine code, saves about 15 ms of a one-file run and nothing is
// slower over a repository (bench/). Process-wide, so the lint workers share it; set before the bundle's first
// expression. V8 prints an error line for a flag it does not know (it never throws), so only V8s known to have it
// (8 to 13: Node 14 to 24) get it; a newer one runs as V8 defaults until checked.
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major >= 8 && v8Major <= 13) setFlagsFromString('--no-regexp-tier-up');

interface Bundle {
  run(): Promise<number>;
  warmUp(): Promise<void>;
  lintedOnThisThread(): boolean;
}

const COMMANDS = new Set(['lint', 'explain', 'new', 'rules', 'import-trace', 'report']);
const command = process.argv[2] ?? '';
const variant = COMMANDS.has(command) ? command : 'other';
const bundle = loadBundle(fileURLToPath(new URL('./cli-main.cjs', import.meta.url)), { cacheDir: codeCacheDir(), variant });
const cli = bundle.exports as Bundle;
const code = await cli.run();
// A `lint` that linted files on this thread compiled what one-file runs need ('full'); one that linted only on worker
// threads or from `--cache` warms up on a template instead ('warm-up'), and the next 'full' run replaces its cache once.
const grade = variant !== 'lint' || cli.lintedOnThisThread() ? 'full' : 'warm-up';
if (bundle.status !== 'off' && (bundle.status !== 'hit' || (grade === 'full' && bundle.grade !== 'full'))) {
  // After the run, so its output is not delayed; the warm-up only adds code to the cache, never output.
  if (grade === 'warm-up') await cli.warmUp().catch(() => undefined);
  bundle.save(grade);
}
process.exitCode = code;
