/**
 * A follow-up measures or gates the AI when it checks, blocks or sends for approval what the AI produces or does
 * (ai/actions.ts), in a list or in prose under a remediation heading. Our own paraphrases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../src/core/index.js';
import { gatesAiOutput } from '../../../src/core/rules/ai/actions.js';

const fired = (md: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === 'deterministic-action-items')
    .map((f) => md.slice(f.range.start, f.range.end));

describe('a gate on the AI, by shape', () => {
  const valid = [
    'Check model responses for card numbers before display',
    'Block replies at output when a card number is detected',
    'Set up an approval workflow for risky refunds',
    'Add a hook that stops destructive schema migrations',
    'Have the judge score every model answer in the nightly run',
    "Put changes to the agent's own settings behind an explicit user confirmation",
    'Constrain replies to the approved policy pages',
    'We changed the pipeline so that a summary is never published unless every figure matches the source table',
    'Replies are not sent until a second model agrees with the refund amount',
  ];
  for (const item of valid) it(`gates: ${item}`, () => assert.equal(gatesAiOutput(item), true));

  const invalid = [
    'Train account executives to review summaries before forwarding them',
    'Update the KB article on damage claims',
    'Add a budget alert at $500 a day',
    'Reword the system prompt',
    'The weekly report is never published on bank holidays',
    'Drafts are not deleted until the retention window ends',
  ];
  for (const item of invalid) it(`does not gate: ${item}`, () => assert.equal(gatesAiOutput(item), false));
});

describe('deterministic-action-items reads remediations written as prose', () => {
  const doc = (after: string) =>
    `# PII in replies\n\n## Summary\n\nThe support chatbot gave a caller three email addresses.\n\n## Action items\n\n- Rotate the leaked keys (owner: @sec)\n\n${after}`;

  it('fires when neither the list nor the prose gates the chatbot', () => {
    assert.deepEqual(
      fired(doc('## What we changed\n\nWe rotated every key and wrote a new policy page.\n')),
      ['## Action items'],
    );
  });

  it("stays silent when a remediation written as prose blocks the chatbot's output", () => {
    assert.deepEqual(
      fired(doc('## What we changed\n\nWe now block responses at output when a scanner finds an address.\n')),
      [],
    );
  });
});

describe('deterministic-action-items on follow-ups written only as prose', () => {
  const doc = (plan: string) =>
    `# Refunds\n\n## Summary\n\nAtlas, our refund assistant, refunded 41 orders that were not eligible.\n\n## Going forward\n\n${plan}\n`;

  it('fires when the prose under "Going forward" only edits the help center', () => {
    assert.deepEqual(
      fired(doc('We will update the eligibility table and add a note to the help-center page.')),
      ['## Going forward'],
    );
  });

  it('stays silent when that prose sends the refunds to a person for approval', () => {
    assert.deepEqual(
      fired(doc('We will require human approval before the assistant issues a refund over $50.')),
      [],
    );
  });
});
