/**
 * Dependency hygiene (notes/security.md): no gray-matter (its `---js` engine evals) and no js-yaml
 * in the production tree, and no code evaluation in our sources. ajv generates its validators
 * with `new Function` inside node_modules; that is known and documented (docs: security).
 * `npm audit` is not run here: the registry this project reaches answers the audit endpoint with
 * 405, so CI cannot use it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

interface Tree {
  readonly version?: string;
  readonly dependencies?: Record<string, Tree>;
}

function names(tree: Tree, out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const [name, child] of Object.entries(tree.dependencies ?? {})) {
    if (!out.has(name)) out.set(name, new Set());
    out.get(name)!.add(child.version ?? '?');
    names(child, out);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory()
      ? sources(full)
      : /\.(ts|mts|cts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')
        ? [full]
        : [];
  });
}

/** `eval(…)`, `Function(…)`, `new Function(…)`, and timers given a string, as syntax (strings and comments do not count). */
function evaluations(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee)
          ? callee.name.text
          : '';
      const first = node.arguments?.[0];
      if (
        name === 'eval' ||
        name === 'Function' ||
        ((name === 'setTimeout' || name === 'setInterval') && first && ts.isStringLiteralLike(first))
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${file}:${line + 1}: ${node.getText().slice(0, 60)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('dependency hygiene', () => {
  // `npm ls` exits 1 on an extraneous or invalid package but still prints the tree.
  const tree = JSON.parse(
    spawnSync('npm', ['ls', '--omit=dev', '--all', '--json'], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    }).stdout,
  ) as Tree;
  const production = names(tree);

  it('reads the production dependency tree', () => {
    for (const expected of ['yaml', 'ajv', 'remark-parse', 're2js'])
      assert.ok(production.has(expected), `${expected} is a production dependency`);
  });

  it('has neither gray-matter nor js-yaml in production', () => {
    assert.deepEqual(
      ['gray-matter', 'js-yaml'].filter((n) => production.has(n)),
      [],
    );
  });

  it('uses a yaml at least 2.8.3 (deep flow nesting threw RangeError before, CVE-2026-33532)', () => {
    for (const v of production.get('yaml') ?? []) {
      const [major, minor, patch] = v.split('.').map(Number) as [number, number, number];
      assert.ok(major > 2 || (major === 2 && (minor > 8 || (minor === 8 && patch >= 3))), `yaml ${v}`);
    }
  });

  it('evaluates no code from strings in src/ (eval, Function, string timers)', () => {
    assert.deepEqual(sources('src').flatMap(evaluations), []);
  });

  it('the evaluation check sees through strings and comments but not calls', () => {
    const dir = path.join('out', 'test-eval-probe');
    const probe = path.join(dir, 'probe.ts');
    execFileSync(process.execPath, [
      '-e',
      `require('node:fs').mkdirSync(${JSON.stringify(dir)},{recursive:true});require('node:fs').writeFileSync(${JSON.stringify(probe)}, "const a = 'eval(x)'; // new Function(y)\\nconst b = eval('1'); const c = new Function('return 1'); setTimeout('x()', 1);\\n")`,
    ]);
    assert.deepEqual(
      evaluations(probe).map((f) => f.replace(/^.*probe\.ts:/, '')),
      ["2: eval('1')", "2: new Function('return 1')", "2: setTimeout('x()', 1)"],
    );
  });
});
