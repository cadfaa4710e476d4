/** Every documented example of every rule is a test: its stylish output, its fix, and the fix's idempotence. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ENGINE_RULES,
  RULES,
  applyEdits,
  buildRepositoryIndex,
  fixAll,
  lint,
  recordText,
  resolveConfig,
  type LintOptions,
  type PostmortemConfig,
  type RuleExample,
} from '../src/core/index.js';
import { render } from './helpers.js';

/** An example's other documents as the repository index, and its own document as `current.postmortem.md`. */
function repositoryFor(example: RuleExample): Pick<LintOptions, 'repository' | 'path'> {
  if (!example.repository) return {};
  const records = Object.entries(example.repository).map(([path, text]) => recordText({ path, text }));
  return { repository: buildRepositoryIndex(records), path: 'current.postmortem.md' };
}

function configFor(id: string, example: RuleExample): PostmortemConfig {
  const base = example.config ?? {};
  return example.options
    ? { ...base, rules: { ...base.rules, [id]: { options: example.options, severity: 'warning' } } }
    : base;
}

/** A snippet with every tab stop left empty: `$1`/`${1}` removed, `\\`, `\$`, `\}` unescaped. */
function expandEmpty(snippet: string): string {
  return snippet.replace(/\\([\\$}])|\$(?:\d+|\{\d+\})/g, (_m, escaped: string | undefined) => escaped ?? '');
}

for (const rule of [...RULES, ...ENGINE_RULES]) {
  describe(`rule ${rule.id}`, () => {
    for (const example of rule.docs.examples) {
      it(example.name, () => {
        const config = resolveConfig(configFor(rule.id, example), undefined);
        // Options examples run at warning; restore the rule's own severity for the comparison.
        const settings = new Map(config.rules);
        const setting = settings.get(rule.id);
        if (setting) settings.set(rule.id, { ...setting, severity: rule.meta.defaultSeverity });
        const effective = { ...config, rules: settings };
        const across = repositoryFor(example);
        const findings = lint(example.input, { config: effective, ...across }).findings.filter(
          (f) => f.ruleId === rule.id,
        );
        assert.deepEqual(render(example.input, findings), example.output);
        if (example.fixed !== undefined) {
          const once = fixAll(example.input, (t) =>
            lint(t, { config: effective, ...across }).findings.filter((f) => f.ruleId === rule.id),
          );
          assert.equal(once.text, example.fixed);
          const twice = fixAll(once.text, (t) =>
            lint(t, { config: effective, ...across }).findings.filter((f) => f.ruleId === rule.id),
          );
          assert.equal(twice.text, once.text, 'fixing twice changes nothing');
        }
        if (example.suggested !== undefined) {
          const suggestion = findings[0]?.suggestions?.[0];
          assert.ok(suggestion, 'the finding offers a suggestion');
          assert.equal(applyEdits(example.input, suggestion.edits), example.suggested);
          // A suggestion is never applied by --fix: the fixed text is the input.
          assert.equal(
            fixAll(example.input, (t) =>
              lint(t, { config: effective, ...across }).findings.filter((f) => f.ruleId === rule.id),
            ).text,
            example.input,
          );
          // Its snippet, where it has one, expands to the same text when nothing is typed.
          for (const edit of suggestion.edits)
            if (edit.snippet !== undefined) assert.equal(expandEmpty(edit.snippet), edit.newText);
        }
      });
    }
  });
}
