/**
 * Every devDependency earns its place: some source, script, benchmark, test or config imports it,
 * names its folder in node_modules, runs its command, or (for `@types/x`) imports `x` or lists it in
 * a tsconfig's `types`. An unused one only slows `npm ci` and widens the supply chain.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

interface Manifest {
  readonly scripts?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly bin?: string | Record<string, string>;
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const SKIP = new Set(['node_modules', 'out', 'dist', '.vscode-host', '.corpus', 'fixtures', '.git']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : files(full);
    return /\.(ts|mts|cts|js|mjs|cjs|json)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

const CODE = [
  ...['src', 'test', 'scripts', 'bench'].flatMap(files),
  'eslint.config.js',
  'tsconfig.json',
  'tsconfig.base.json',
]
  // This file names packages to test the search itself.
  .filter((f) => path.basename(f) !== 'dev-dependencies.test.ts')
  .map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
const TSCONFIG_TYPES = new Set(
  CODE.filter((c) => path.basename(c.file).startsWith('tsconfig')).flatMap(
    (c) => (JSON.parse(c.text) as { compilerOptions?: { types?: string[] } }).compilerOptions?.types ?? [],
  ),
);
const COMMANDS = [...Object.values(manifest.scripts ?? {}), readFileSync('.ci/run', 'utf8')].join('\n');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Where `name` is a module specifier or path in quotes (`from 'name'`, `import('name/sub')`, a plugin
 * named in a config, `bin('name/cli.js')`) or its node_modules folder is named; a mention in prose is not.
 */
function importedBy(name: string): string | undefined {
  const re = new RegExp(`['"\`]${escape(name)}(?:/[^'"\`\\s]*)?['"\`]|node_modules/${escape(name)}/`);
  return CODE.find((c) => re.test(c.text))?.file;
}

/** The commands the package installs (its `bin`), run by an npm script or by CI. */
function commandRun(name: string): string | undefined {
  const pkg = JSON.parse(readFileSync(path.join('node_modules', name, 'package.json'), 'utf8')) as Manifest;
  const bins = typeof pkg.bin === 'string' ? [name.split('/').pop()!] : Object.keys(pkg.bin ?? {});
  return bins.find((bin) => new RegExp(`(?:^|[\\s&;(])(?:npx )?${escape(bin)}(?=\\s|$)`, 'm').test(COMMANDS));
}

function use(name: string): string | undefined {
  if (name.startsWith('@types/')) {
    const typed = name.slice('@types/'.length).replace(/^(.+)__(.+)$/, '@$1/$2');
    if (TSCONFIG_TYPES.has(typed)) return `a tsconfig's types lists ${typed}`;
    const by = importedBy(typed);
    return by && `${by} imports ${typed}`;
  }
  const by = importedBy(name);
  if (by) return `${by} imports it`;
  const bin = commandRun(name);
  return bin && `a script runs \`${bin}\``;
}

describe('devDependencies', () => {
  it('are each imported, run or typed-for by something the project holds', () => {
    const unused = Object.keys(manifest.devDependencies ?? {}).filter((name) => use(name) === undefined);
    assert.deepEqual(unused, []);
  });

  it('sees an import, a command and a types entry, and not a name that only appears in a comment', () => {
    assert.match(use('fast-check') ?? '', /imports it$/);
    assert.equal(use('typescript') !== undefined, true);
    assert.match(use('@types/node') ?? '', /types lists node/);
    // Named in comments only (the in-editor suite follows its `run()` convention, but never loads it).
    assert.equal(importedBy('@vscode/test-electron'), undefined);
    assert.equal(importedBy('glob'), undefined);
  });
});
