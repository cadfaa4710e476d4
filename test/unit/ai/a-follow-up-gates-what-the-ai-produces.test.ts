/**
 * A follow-up measures or gates the AI when it checks, blocks or sends for approval what the AI produces or does
 * (ai/actions.ts), in a list or in prose under a remediation heading. Our own paraphrases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, lint } from '../../../src/core/index.js';
import { gatesAiOutput, measuresOrGates } from '../../../src/core/rules/ai/actions.js';

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

describe("a review of people's changes or a training is no gate on the AI", () => {
  const informs = [
    'Pricing config changes need sign-off from the revenue lead',
    'Changes to the triage rules require approval from two maintainers',
    'All prompt template edits go through a second reviewer',
    'Support desk training: spotting wrong bot answers before escalation',
    'Quarterly workshop \u2014 reading agent plans before approving them',
  ];
  for (const text of informs)
    it(`neither measures nor gates: ${text}`, () => assert.equal(measuresOrGates(text, []), false));

  const gates = [
    'Bot changes to the routing rules require human approval',
    'Require human approval before the agent edits the routing config',
    'Check agent outputs against the price sheet before they are emailed',
  ];
  for (const text of gates) it(`gates: ${text}`, () => assert.equal(measuresOrGates(text, []), true));
});

describe('deterministic-action-items reads a resolution titled as a list of changes as follow-ups', () => {
  const doc = (title: string, body: string) =>
    `# Wrong quotes\n\n## Summary\n\nOur quoting assistant emailed 200 customers a quote from last year's rates.\n\n${title}\n\n${body}\n`;

  for (const title of ['## What we did next', '**What we changed.**', '### What we have changed'])
    it(`fires when "${title}" only edits the rates file`, () => {
      assert.deepEqual(
        fired(doc(title, 'We moved the new rates file into the folder and renamed the old one.')),
        [title],
      );
    });

  it('stays silent when that list holds the quotes for a person to approve', () => {
    assert.deepEqual(
      fired(
        doc(
          '## What we did next',
          'Every quote the assistant drafts is now held for a rep to approve before it sends.',
        ),
      ),
      [],
    );
  });

  it('stays silent when a plain resolution only says how the incident ended', () => {
    assert.deepEqual(
      fired(doc('## Resolution', 'We switched the assistant off and restored the rates file.')),
      [],
    );
  });
});

describe("a classifier's quality measured against labelled data measures the AI", () => {
  const list = DEFAULT_CONFIG.phrases.behavior_actions;
  const measures = [
    'A weekly precision/recall chart per queue for the spam filter, with a page when recall falls.',
    'Score every new model version against the labelled fraud and refund samples before it takes traffic.',
    'Publish the miss rate of the triage model per region in each release note.',
    'Track the false-positive rate of the moderation classifier per language.',
  ];
  for (const text of measures) it(`measures: ${text}`, () => assert.equal(measuresOrGates(text, list), true));
  const not = [
    'Recall the affected shipments and notify the carriers.',
    'Labelled the runbook sections by owner.',
    'Improve the precision of the wording in the onboarding email.',
  ];
  for (const text of not)
    it(`measures nothing of the AI: ${text}`, () => assert.equal(measuresOrGates(text, list), false));
});
