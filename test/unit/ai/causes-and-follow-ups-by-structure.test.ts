/**
 * Classes of misses and false alarms of the seventh and eighth held-out sets, fixed by structure: which section is the
 * root cause, an aside that is no clause, a guard on the kind of action the AI took, a quoted rule inside an action item.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, lint } from '../../../src/core/index.js';

const rules = (text: string) => new Set(lint(text, { config: DEFAULT_CONFIG }).findings.map((f) => f.ruleId));

describe('the root cause is the section titled so', () => {
  const doc = (fault: string) =>
    `# Returns\n\n## Summary\n\nPenny, the customer-service assistant, told customers they had 60 days.\n\n## Fault\n\n${fault}\n\n## Root cause\n\nThe footwear knowledge-base article was out of date.\n`;
  it('reports a deterministic "Root cause" section even when a "Fault" section beside it tells what the assistant did', () => {
    assert.ok(
      rules(doc("Penny's answers quoted the 60-day window from the footwear article.")).has(
        'deterministic-root-cause',
      ),
    );
  });
  it('reads a "Fault" section as the root cause when no section is titled "Root cause"', () => {
    const text =
      '# Returns\n\n## Summary\n\nPenny, the customer-service assistant, told customers they had 60 days.\n\n## Fault\n\nPenny misread the footwear article and blended the two windows.\n';
    assert.ok(!rules(text).has('deterministic-root-cause'));
  });
});

describe('an AI whose output was right is no decision', () => {
  it('does not read a verb inside a parenthesis as the act of a model named in an aside', () => {
    const text =
      '# Flags dropped\n\n## Background\n\nEvery payment is scored by `riskscore`, our machine-learning fraud model, a gradient-boosted model (XGBoost, retrained weekly) that outputs a probability.\n\n## Root cause\n\nA schema rename dropped the `risk_flag` field in transit.\n\n## Action items\n\n- Add a contract test for the payment-decisions schema (owner: @streaming)\n';
    const got = rules(text);
    assert.ok(
      !got.has('deterministic-root-cause') && !got.has('deterministic-action-items'),
      [...got].join(', '),
    );
  });
});

describe('follow-ups judged by what they do to the AI', () => {
  const incident =
    '# WAL removed\n\n## Summary\n\nAtlas, our remediation agent, deleted 212 files from `pg_wal/`.\n\n## Root cause\n\nThe runbook was ambiguous.\n\n## Action items\n\n';
  it('counts a guard on the kind of action the AI took as a gate', () => {
    assert.ok(
      !rules(
        `${incident}- Add a deny rule so that any delete under \`pg_wal/\` is rejected, whatever the caller (owner: @dba)\n`,
      ).has('deterministic-action-items'),
    );
  });
  it('does not count a guard on another kind of action', () => {
    assert.ok(
      rules(`${incident}- Add a deny rule so that scaling to zero is rejected (owner: @dba)\n`).has(
        'deterministic-action-items',
      ),
    );
  });
  it('reads a quoted rule written into a file as writing down, not as a human gate', () => {
    const text = `${incident.replace('deleted 212 files from `pg_wal/`', 'approved the pull request')}| Item | Owner |\n| --- | --- |\n| Add a line to CONTRIBUTING.md: "the bot's approval is advisory; get a human review" | Ben |\n`;
    assert.ok(rules(text).has('deterministic-action-items'));
  });
});
