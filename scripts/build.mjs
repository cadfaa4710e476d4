// Bundles the CLI (and later the extension) with esbuild; the version comes from package.json.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { OUTPUT, precompiledSource } from './precompile-schemas.mjs';

// The bundled schema's validator, generated before anything compiles it (see scripts/precompile-schemas.mjs).
const precompiled = precompiledSource();
if (readFileSync(new URL(`../${OUTPUT}`, import.meta.url), 'utf8') !== precompiled)
  writeFileSync(new URL(`../${OUTPUT}`, import.meta.url), precompiled);

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  sourcemap: true,
  target: 'node20',
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
};

// The CLI: `dist/cli-main.cjs` is the bundle, CommonJS because only scripts take V8's cached data
// (`vm.Script`); `dist/cli.js` is the small ESM entry that loads it through the code cache (src/cli/code-cache.ts).
await build({
  ...common,
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/cli-main.cjs',
  platform: 'node',
  format: 'cjs',
  // Minified: the start-up parse of the bundle is part of every CLI run without a code cache. Names kept for error names and stacks.
  minify: true,
  keepNames: true,
  // The bundle's own URL (src/cli/pool.ts finds the worker next to it; src/cli/cache.ts hashes it).
  define: { ...common.define, 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({
  ...common,
  entryPoints: ['src/cli/index.ts'],
  outfile: 'dist/cli.js',
  platform: 'node',
  format: 'esm',
  minify: true,
});
// The CLI's lint worker (src/cli/pool.ts starts one per core), next to cli.js.
await build({
  ...common,
  entryPoints: ['src/cli/lint-worker.ts'],
  outfile: 'dist/lint-worker.js',
  platform: 'node',
  format: 'esm',
  minify: true,
  keepNames: true,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});

// The extension: one bundle per host. Node (`main`, CommonJS as VS Code loads it) and web worker
// (`browser`, for vscode.dev/github.dev: no Node built-ins, the core bundled in). Both `.cjs`:
// package.json says `"type": "module"` and the web-worker host refuses ESM extensions.
const extension = {
  ...common,
  entryPoints: ['src/extension/extension.ts'],
  external: ['vscode'],
  format: 'cjs',
  minify: true,
  sourcemap: false,
};
await build({
  ...extension,
  outfile: 'dist/extension.cjs',
  platform: 'node',
  define: { ...extension.define, __WEB__: 'false' },
});
const web = {
  platform: 'browser',
  target: 'es2022',
  // A web extension runs in a worker: no `document` (the `browser` build of decode-named-character-reference uses it).
  conditions: ['worker'],
  define: { ...extension.define, __WEB__: 'true' },
  // Only in the `__WEB__ === false` branch, which the minifier drops.
  external: ['vscode', 'node:worker_threads'],
};
await build({ ...extension, ...web, outfile: 'dist/web/extension.cjs' });
// The extension's lint worker (src/extension/lint-worker.ts, started by lint-host.ts): a worker thread of
// the Node host, a Web Worker (started from a blob, so a classic script) of the browser one.
const lintWorker = { ...extension, entryPoints: ['src/extension/lint-worker.ts'] };
await build({
  ...lintWorker,
  outfile: 'dist/editor-worker.cjs',
  platform: 'node',
  define: { ...extension.define, __WEB__: 'false' },
});
await build({ ...lintWorker, ...web, outfile: 'dist/web/editor-worker.js', format: 'iife' });
