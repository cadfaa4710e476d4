/**
 * Preloaded with `node --import` by the `--fix` race test: right after the CLI first reads the file
 * named by `PM_CONCURRENT_EDIT_FILE`, this appends `PM_CONCURRENT_EDIT_TEXT` to it, as an editor
 * saving at the worst moment would. Deterministic, unlike racing two processes.
 */
import { promises as fs, appendFileSync } from 'node:fs';
import path from 'node:path';

const target = process.env['PM_CONCURRENT_EDIT_FILE'];
const extra = process.env['PM_CONCURRENT_EDIT_TEXT'] ?? '\nEdited meanwhile.\n';
if (target) {
  const original = fs.readFile.bind(fs) as (...args: unknown[]) => Promise<unknown>;
  let done = false;
  (fs as unknown as { readFile: (...args: unknown[]) => Promise<unknown> }).readFile = async (
    ...args: unknown[]
  ) => {
    const result = await original(...args);
    if (!done && typeof args[0] === 'string' && path.resolve(args[0]) === path.resolve(target)) {
      done = true;
      appendFileSync(target, extra);
    }
    return result;
  };
}
