/**
 * Entry point of `dist/cli.js`: loads the CLI bundle (`dist/cli-main.cjs`, built from `entry.ts`)
 * through V8's code cache (`code-cache.ts`), runs the command, then saves the cache if this run made one.
 */
import { fileURLToPath } from 'node:url';
import { codeCacheDir, loadBundle } from './code-cache.js';

const COMMANDS = new Set(['lint', 'explain', 'new', 'rules', 'import-trace', 'report']);
const command = process.argv[2] ?? '';
const bundle = loadBundle(fileURLToPath(new URL('./cli-main.cjs', import.meta.url)), {
  cacheDir: codeCacheDir(),
  variant: COMMANDS.has(command) ? command : 'other',
});
const code = await (bundle.exports as { run: () => Promise<number> }).run();
bundle.save();
process.exitCode = code;
