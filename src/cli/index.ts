/**
 * Entry point of `dist/cli.js`: loads the CLI bundle (`dist/cli-main.cjs`, built from `entry.ts`)
 * through V8's code cache (`code-cache.ts`), runs the command, then saves the cache if this run made one.
 */
import { fileURLToPath } from 'node:url';
import { codeCacheDir, loadBundle } from './code-cache.js';

interface Bundle {
  run(): Promise<number>;
  warmUp(): Promise<void>;
}

const COMMANDS = new Set(['lint', 'explain', 'new', 'rules', 'import-trace', 'report']);
const command = process.argv[2] ?? '';
const variant = COMMANDS.has(command) ? command : 'other';
const bundle = loadBundle(fileURLToPath(new URL('./cli-main.cjs', import.meta.url)), { cacheDir: codeCacheDir(), variant });
const cli = bundle.exports as Bundle;
const code = await cli.run();
if (bundle.status !== 'hit' && bundle.status !== 'off') {
  // After the run, so its output is not delayed; the warm-up only adds code to the cache, never output.
  if (variant === 'lint') await cli.warmUp().catch(() => undefined);
  bundle.save();
}
process.exitCode = code;
