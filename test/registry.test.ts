/** The registry is explicit and audited: ids match files, docs exist, examples cover both outcomes. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ENGINE_RULES, RULES, ruleProse as coreProse } from '../src/core/index.js';
import {
  CORE_PROSE_FILE,
  RulePageError,
  coreProseJson,
  newRulePage,
  refreshRulePage,
  renderRulesTable,
  ruleProse,
  type RuleProse,
} from '../scripts/docs-lib.js';
import { MEASURED_FILE, type Measurement } from '../scripts/eval-lib.js';

const measurement = JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measurement;

const ruleFiles = readdirSync('src/core/rules')
  .filter(
    (f) =>
      f.endsWith('.ts') &&
      !['index.ts', 'rule.ts', 'phrases.ts', 'prose.ts'].includes(f) &&
      !f.startsWith('_'),
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
      const page = `docs/rules/${rule.id}.md`;
      assert.ok(existsSync(page), `${page} exists (run \`npm run docs\` to start it, then write its prose)`);
      const prose = ruleProse(rule.id, readFileSync(page, 'utf8'));
      assert.ok(prose.rationale.length > 40, `${page}: "## Why" says why the rule exists`);
      assert.ok(prose.howToFix.length > 10, `${page}: "## How to fix" says how`);
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

  it("keeps every page's generated blocks, the core's copy of the prose and the README table up to date (run `npm run docs`)", () => {
    const prose = new Map<string, RuleProse>();
    for (const rule of [...RULES, ...ENGINE_RULES]) {
      const page = readFileSync(`docs/rules/${rule.id}.md`, 'utf8');
      assert.equal(refreshRulePage(rule, page, measurement), page, `docs/rules/${rule.id}.md is stale`);
      prose.set(rule.id, ruleProse(rule.id, page));
      const { rationale, howToFix } = prose.get(rule.id)!;
      assert.deepEqual(coreProse(rule.id), { rationale, howToFix }, `the core shows ${rule.id}'s page prose`);
    }
    assert.equal(readFileSync(CORE_PROSE_FILE, 'utf8'), coreProseJson(prose), `${CORE_PROSE_FILE} is stale`);
    const readme = readFileSync('README.md', 'utf8');
    assert.ok(readme.includes(renderRulesTable([...RULES, ...ENGINE_RULES])), 'README rules table is stale');
  });
});

describe('rule pages', () => {
  const rule = RULES.find((r) => r.id === 'blameless')!;
  const page = readFileSync('docs/rules/blameless.md', 'utf8');

  it('rewrites a generated block edited by hand back to what the rule says', () => {
    const edited = page.replace('| warning | hygiene | no |', '| error | hygiene | no |');
    assert.notEqual(edited, page);
    assert.equal(refreshRulePage(rule, edited, measurement), page);
  });

  it("keeps the writer's prose outside the blocks byte for byte, and the core's copy follows it", () => {
    const edited = page.replace('## How to fix\n\n', '## How to fix\n\nFirst, *breathe*.\n\n');
    assert.equal(refreshRulePage(rule, edited, measurement), edited);
    assert.match(
      ruleProse(rule.id, edited).howToFix,
      /^First, \*breathe\*\.\n\nDescribe what the person saw/,
    );
  });

  it('refuses a page that lacks a generated block the rule needs, naming it', () => {
    const figures =
      /<!-- begin auto-generated rule figures -->[\s\S]*?<!-- end auto-generated rule figures -->\n/;
    assert.throws(
      () => refreshRulePage(rule, page.replace(figures, ''), measurement),
      (e: unknown) => e instanceof RulePageError && e.message.includes('lacks the generated block "figures"'),
    );
  });

  it('refuses a page without "## Why" prose, naming the section', () => {
    const emptied = page.replace(/## Why\n\n[^\n]+\n/, '## Why\n');
    assert.throws(
      () => ruleProse(rule.id, emptied),
      (e: unknown) => e instanceof RulePageError && e.message.includes('"## Why"'),
    );
  });

  it('starts a new page whose blocks fill in, leaving the prose for the writer to write', () => {
    const started = refreshRulePage(rule, newRulePage(rule, measurement), measurement);
    assert.ok(
      started.includes('# `blameless`') && started.includes('## Examples') && started.includes('| Set |'),
    );
    assert.throws(() => ruleProse(rule.id, started), RulePageError);
  });
});
