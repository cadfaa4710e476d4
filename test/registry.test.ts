/** The registry is explicit and audited: ids match files, docs exist, examples cover both outcomes. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ENGINE_RULES, RULES } from '../src/core/index.js';

const ruleFiles = readdirSync('src/core/rules')
  .filter(
    (f) => f.endsWith('.ts') && !['index.ts', 'rule.ts', 'phrases.ts'].includes(f) && !f.startsWith('_'),
  )
  .map((f) => f.replace(/\.ts$/, ''));

describe('rule registry', () => {
  it('lists every rule file exactly once, sorted by id', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort(), 'RULES is sorted');
    assert.deepEqual([...ids].sort(), [...ruleFiles].sort());
  });

  it('has unique ids across rules and engine rules, in kebab-case', () => {
    const ids = [...RULES, ...ENGINE_RULES].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z0-9]+)*$/);
  });

  for (const rule of [...RULES, ...ENGINE_RULES]) {
    it(`documents ${rule.id} with a page, a rationale and examples that fire and pass`, () => {
      assert.ok(rule.meta.summary.length > 10);
      assert.ok(rule.docs.rationale.length > 40);
      assert.ok(rule.docs.howToFix.length > 10);
      const page = `docs/rules/${rule.id}.md`;
      assert.ok(existsSync(page), `${page} exists`);
      assert.ok(readFileSync('README.md', 'utf8').includes(`[\`${rule.id}\`]`), `README lists ${rule.id}`);
      if (rule.id !== 'internal-error') {
        assert.ok(
          rule.docs.examples.some((e) => e.output.length > 0),
          'an example that fires',
        );
        assert.ok(
          rule.docs.examples.some((e) => e.output.length === 0),
          'an example that passes',
        );
      }
      if (rule.meta.fixable)
        assert.ok(
          rule.docs.examples.some((e) => e.fixed !== undefined),
          'a fixable rule shows its fix',
        );
      if (rule.meta.hasSuggestions)
        assert.ok(
          rule.docs.examples.some((e) => e.suggested !== undefined),
          'a rule with suggestions shows one',
        );
      assert.ok(
        rule.docs.examples.every(
          (e) =>
            (e.fixed === undefined || rule.meta.fixable) &&
            (e.suggested === undefined || rule.meta.hasSuggestions),
        ),
        'only a fixable rule shows a fix, only one with suggestions a suggestion',
      );
    });
  }

  it('keeps the generated docs pages and README table up to date (run `npm run docs` to regenerate)', async () => {
    const { renderRulePage, renderRulesTable } = await import('../scripts/docs-lib.js');
    const { MEASURED_FILE } = await import('../scripts/eval-lib.js');
    const measurement = JSON.parse(
      readFileSync(MEASURED_FILE, 'utf8'),
    ) as import('../scripts/eval-lib.js').Measurement;
    for (const rule of [...RULES, ...ENGINE_RULES]) {
      assert.equal(
        readFileSync(`docs/rules/${rule.id}.md`, 'utf8'),
        renderRulePage(rule, measurement),
        `docs/rules/${rule.id}.md is stale`,
      );
    }
    const readme = readFileSync('README.md', 'utf8');
    assert.ok(readme.includes(renderRulesTable([...RULES, ...ENGINE_RULES])), 'README rules table is stale');
  });
});
