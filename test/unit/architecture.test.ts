/**
 * Invariant 1, checked without ESLint too: the core (and src/shared) import no Node built-in, no vscode and no shell;
 * no import cycle in src/; every shell reaches findings through the linter instance.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps src/core free of vscode, node: and shell imports', () => {
    const offenders: string[] = [];
    for (const file of files('src/core')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (
          spec === 'vscode' ||
          spec.startsWith('node:') ||
          /^(fs|path|os|child_process|http|https|net|crypto|worker_threads)$/.test(spec) ||
          /\/(cli|extension)\//.test(spec)
        )
          offenders.push(`${file}: ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('keeps src/shared (run by the CLI and both extension hosts) free of vscode, node: and shell imports and of Node globals', () => {
    const offenders: string[] = [];
    for (const file of files('src/shared')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (
          spec === 'vscode' ||
          spec.startsWith('node:') ||
          /^(fs|path|os|child_process|http|https|net|crypto|worker_threads)$/.test(spec) ||
          /\/(cli|extension)\//.test(spec)
        )
          offenders.push(`${file}: ${spec}`);
      }
      if (!file.endsWith('.d.ts') && /\b(?:Buffer|process)\./.test(text))
        offenders.push(`${file}: a Node global`);
    }
    assert.deepEqual(offenders, []);
  });
});

/** Relative imports of a TypeScript file (`import`, `import type`, `export … from`, `import('…')` types), as files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out = new Set<string>();
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1]!);
  for (const spec of specs) {
    if (!spec.startsWith('.')) continue;
    const base = path.join(path.dirname(file), spec);
    const candidates = [
      base.replace(/\.js$/, '.ts'),
      base.replace(/\.js$/, '.d.ts'),
      `${base}.ts`,
      path.join(base, 'index.ts'),
    ];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (hit) out.add(hit);
  }
  return [...out];
}

/** Every import cycle among `files` (one per strongly connected component, as a path that closes on itself). */
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const f of [...graph.keys()].sort()) if (!index.has(f)) visit(f);
  // Show each component as one concrete cycle: a shortest path from its first file back to it.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    let closing: string | undefined;
    while (queue.length > 0 && closing === undefined) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          closing = v;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const chain = [start];
    for (let v = closing; v !== undefined && v !== start; v = previous.get(v)) chain.splice(1, 0, v);
    return [...chain, start];
  });
}

/** Import cycles owned by the editor's branch (src/extension), not yet broken. */
const PENDING_CYCLES = new Set<string>();

describe('import graph', () => {
  it('finds a cycle in a small graph of files (the check below can fail)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cycle-check-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.js';\nexport type A = B;\n");
      writeFileSync(path.join(dir, 'b.ts'), "import { c } from './c.js';\nexport type B = typeof c;\n");
      writeFileSync(path.join(dir, 'c.ts'), "export const c = import('./a.js');\n");
      writeFileSync(path.join(dir, 'd.ts'), "import './a.js';\n");
      const found = cycles(files(dir));
      assert.deepEqual(
        found.map((c) => c.map((f) => path.basename(f))),
        [['a.ts', 'b.ts', 'c.ts', 'a.ts']],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no import cycle in src/, type-only imports included', () => {
    const found = cycles(files('src')).map((c) => c.map((f) => f.split(path.sep).join('/')).join(' → '));
    // Cycles in the extension that its own branch breaks: listed so that a new one fails, and a broken one leaves the list.
    assert.deepEqual(
      found.filter((c) => !PENDING_CYCLES.has(c)),
      [],
    );
    assert.deepEqual(
      [...PENDING_CYCLES].filter((c) => !found.includes(c)),
      [],
    );
  });
});

/**
 * What a shell must not import from the core: the engine's lint and parse functions, which the linter instance
 * (`createLinter`) owns. A shell that lints another way can disagree with the others.
 */
const ENGINE_ONLY = new Set([
  'lint',
  'lintFirstPass',
  'completeLint',
  'parsePostmortem',
  'Resolver',
  'createRuleParser',
  'createRecordParser',
  'createIncrementalParser',
  'createIncrementalLinter',
  'fixAll',
  'recordText',
  'recordRecurrenceText',
  'recordPostmortem',
  'recordRecurrence',
  'timeoutFinding',
]);

/**
 * Extension files that still lint or parse without the instance: the editor's move to the linter instance (its own
 * branch) empties this list. Listed by path so the test fails both when another file starts and when a listed one stops.
 */
const PENDING_EDITOR = new Set<string>();

/** `file: name` for each engine-only name a shell file imports, and each import of a core module other than its index. */
function engineImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(type\s+)?\{([^}]*)\}\s*from\s+'([^']+)'/gm)) {
    const spec = m[3]!;
    if (!/(^|\/)core\//.test(spec)) continue;
    if (!/(^|\/)core\/index\.js$/.test(spec) && !/core\/schema\/bundled-validator\.generated\.js$/.test(spec))
      out.push(`${file}: imports ${spec}`);
    if (m[1]) continue;
    for (const part of m[2]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!;
      if (part.trim().startsWith('type ')) continue;
      if (ENGINE_ONLY.has(name)) out.push(`${file}: ${name}`);
    }
  }
  return out;
}

describe('shells', () => {
  it("flags a shell file that imports the engine's lint function instead of the linter instance", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shell-check-'));
    try {
      const file = path.join(dir, 'shell.ts');
      writeFileSync(
        file,
        "import { createLinter, lint, type Finding } from '../core/index.js';\nimport { parsePostmortem as parse } from '../core/index.js';\n",
      );
      assert.deepEqual(engineImports(file), [`${file}: lint`, `${file}: parsePostmortem`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reach findings only through the linter instance (src/cli, the lint worker, src/extension)', () => {
    const shellFiles = [...files('src/cli'), ...files('src/extension')].sort();
    assert.ok(shellFiles.includes(path.join('src', 'cli', 'lint-worker.ts')), 'the lint worker is checked');
    const offenders = shellFiles
      .filter((f) => !PENDING_EDITOR.has(f.split(path.sep).join('/')))
      .flatMap(engineImports);
    assert.deepEqual(offenders, []);
    // A pending file that no longer needs the exception must leave the list.
    const done = [...PENDING_EDITOR].filter((f) => !existsSync(f) || engineImports(f).length === 0);
    assert.deepEqual(done, []);
  });
});
