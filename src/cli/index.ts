/**
 * Entry point of `dist/cli.js`: loads the CLI bundle (`dist/cli-main.cjs`, built from `entry.ts`)
 * through V8's code cache (`code-cache.ts`), runs the command, then saves the cache if this run made one.
 */
import { fileURLToPath } from 'node:url';
import { codeCacheDir, loadBundle } from './code-cache.js';
import { compileRegExpsOnce } from './regexp-compile.js';

// Each regular expression compiled once (`regexp-compile.ts`), before the bundle runs its first.
compileRegExpsOnce();

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
