/**
 * The core keeps no hidden state that grows: a workspace's compiled schemas belong to the linter instance, bounded;
 * module-level memos are keyed by the objects they are computed from (WeakMaps), so they go with those objects.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLinter, recognisePostmortem, resolveConfig } from '../../src/core/index.js';
import { SchemaCompiler } from '../../src/core/schema/validator.js';

const SCHEMA = (required: string) =>
  JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: [required],
  });
const FILES: Record<string, string> = {
  '/r/.postmortem.json': '{"schema":"team.schema.json"}',
  '/r/team.schema.json': SCHEMA('owner'),
};
const DOC = '---\ntitle: Refunds\n---\n\n# Refunds\n';

function linter() {
  return createLinter({ host: { readFile: async (p) => FILES[p] } });
}

describe('core caches', () => {
  it('compiles a schema text once per compiler, and starts afresh past its limit', () => {
    const compiler = new SchemaCompiler(3);
    const first = compiler.compile(SCHEMA('a'), 'a');
    assert.equal(first.ok, true);
    assert.equal(compiler.compile(SCHEMA('a'), 'a'), first, 'the same text is not compiled twice');
    compiler.compile(SCHEMA('b'), 'b');
    compiler.compile(SCHEMA('c'), 'c');
    assert.equal(compiler.size, 3);
    compiler.compile(SCHEMA('d'), 'd');
    assert.equal(compiler.size, 1, 'a fourth text empties the compiler first');
    const again = compiler.compile(SCHEMA('a'), 'a');
    assert.notEqual(again, first, 'a text forgotten is compiled again');
    assert.equal(again.ok && again.validate({}), false, 'and still validates: `a` is required');
  });

  it("keeps each linter instance's compiled workspace schema its own", async () => {
    const one = linter();
    const two = linter();
    const a = (await one.explain('/r/a.postmortem.md', DOC)).association.schema;
    const b = (await one.explain('/r/b.postmortem.md', DOC)).association.schema;
    const c = (await two.explain('/r/a.postmortem.md', DOC)).association.schema;
    assert.equal(a.ok, true);
    assert.equal(a, b, 'one instance compiles the schema once');
    assert.notEqual(a, c, 'another instance compiles its own');
    assert.ok(a.ok && c.ok && a.validate !== c.validate);
  });

  it('recognises by the globs of each config, including one whose globs changed', () => {
    const config = (files: string[], ignores: string[] = []) =>
      resolveConfig({ files, ignores }, '/r/.postmortem.json');
    const input = (c: ReturnType<typeof config>) => ({
      path: '/r/archive-b/2026/x.md',
      text: '# Notes\n',
      config: c,
      root: '/r',
    });
    const taken = recognisePostmortem(input(config(['archive-b/**/*.md', 'other/*.md'])));
    assert.deepEqual(taken.reasons, [{ signal: 'files', values: ['archive-b/**/*.md'] }]);
    const changed = recognisePostmortem(input(config(['elsewhere/*.md'])));
    assert.equal(changed.postmortem, false);
    const ignored = recognisePostmortem(input(config(['archive-b/**/*.md'], ['**/2026/*', 'x.md'])));
    assert.deepEqual(ignored.reasons, [{ signal: 'ignored', values: ['**/2026/*'] }]);
  });

  it('has no module-level Map in src/core outside the AI rules: memos are WeakMaps keyed by their inputs', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = path.join(dir, n);
        return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
      });
    // Tables built once from constants are not caches.
    const tables = new Set(['src/core/format/index.ts: FORMATTERS']);
    const offenders = files('src/core')
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => !f.startsWith('src/core/rules/ai/') && f !== 'src/core/rules/_ai-signals.ts')
      .flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/^(?:export )?(?:const|let) (\w+)\b[^=\n]*= new Map\b/gm)].map(
          (m) => `${f}: ${m[1]}`,
        ),
      )
      .filter((name) => !tables.has(name));
    assert.deepEqual(offenders, []);
  });
});
