/** Every documented example of every rule is a test: its stylish output, its fix, and the fix's idempotence. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINE_RULES, RULES, fixAll, lint, resolveConfig, type PostmortemConfig, type RuleExample } from '../src/core/index.js';
import { render } from './helpers.js';

function configFor(id: string, example: RuleExample): PostmortemConfig {
  const base = example.config ?? {};
  return example.options ? { ...base, rules: { ...base.rules, [id]: { options: example.options, severity: 'warning' } } } : base;
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
        const findings = lint(example.input, { config: effective }).findings.filter((f) => f.ruleId === rule.id);
        assert.deepEqual(render(example.input, findings), example.output);
        if (example.fixed !== undefined) {
          const once = fixAll(example.input, (t) => lint(t, { config: effective }).findings.filter((f) => f.ruleId === rule.id));
          assert.equal(once.text, example.fixed);
          const twice = fixAll(once.text, (t) => lint(t, { config: effective }).findings.filter((f) => f.ruleId === rule.id));
          assert.equal(twice.text, once.text, 'fixing twice changes nothing');
        }
      });
    }
  });
}
