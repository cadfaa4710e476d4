/**
 * Loads a bundle through the code cache in a process of its own (V8 would reuse the first compile
 * within one process and never read the cache) and prints the status and exports as JSON.
 * Usage: node load-bundle.js <bundle> <cache folder | -> [runtime key]
 */
import { loadBundle } from '../../src/cli/code-cache.js';

const [file, cacheDir, runtime] = process.argv.slice(2);
const loaded = loadBundle(file!, {
  cacheDir: cacheDir === '-' ? undefined : cacheDir,
  ...(runtime === undefined ? {} : { runtime }),
});
loaded.save();
process.stdout.write(
  JSON.stringify({ status: loaded.status, file: loaded.file ?? null, exports: loaded.exports }),
);
