/**
 * A root cause speaks of the inference when the model's behaviour is in it at all (ai/causes.ts): an AI actor doing
 * something, what an AI could do, or a noun of model behaviour. And the cause is found wherever it is stated. The
 * sentences are our own paraphrases of the classes real write-ups and the issue showed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, lint, parsePostmortem } from '../../../src/core/index.js';
import { aiSignals } from '../../../src/core/rules/_ai-signals.js';
import { aiAbility, namesModelBehaviour, statesCause } from '../../../src/core/rules/ai/causes.js';

const fired = (md: string, rule: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => md.slice(f.range.start, f.range.end));

/** The canonical case: the assistant gives a wrong window in the timeline, and the cause speaks of `cause`. */
const canonical = (cause: string, heading = '## Root cause') =>
  `# Wrong damage window\n\n## Summary\n\nThe help-center assistant told customers they had 90 days to report damage.\n\n## Timeline\n\n- 09:14 UTC The assistant gives the 90-day damage window.\n\n${heading}\n\n${cause}\n\n## Action items\n\n- Update the KB article (owner: @kb)\n`;

describe('model behaviour in a cause, in any words', () => {
  const valid = [
    'The model blended the two policies because both were retrieved.',
    'Reward signals favoured agreeable answers, and the assistant became sycophantic.',
    'The assistant hallucinated a policy that does not exist.',
    'It generalised the 2023 rule to every region.',
    'A sign that the behaviour happens some of the time was read as flakiness.',
    'Prompt injection in the ticket body changed what the bot did.',
  ];
  for (const text of valid)
    it(`names model behaviour: ${text}`, () => assert.equal(namesModelBehaviour(text), true));

  const invalid = [
    'The KB article was outdated.',
    'The runbook was ambiguous about replicas.',
    'Config drift between regions.',
    'The team was made up of two engineers.',
  ];
  for (const text of invalid)
    it(`names no model behaviour: ${text}`, () => assert.equal(namesModelBehaviour(text), false));

  it('reads what an AI could do as its behaviour, but not an AI after "by"', () => {
    assert.equal(aiAbility('The agent was able to change its own approval settings.'), true);
    assert.equal(aiAbility('The warehouse role used by the agent could drop partitions.'), false);
  });
});

describe('a cause stated without a cause heading', () => {
  it('finds "was caused by", "due to" and "because" as causes', () => {
    for (const s of [
      'The outage was caused by a bad certificate.',
      'Errors rose due to a full disk.',
      'It failed because the cache was cold.',
      'The error originated in an expired promotion page.',
      'The wrong figure arose from a sync job that skipped a page.',
    ])
      assert.equal(statesCause(s), true, s);
    assert.equal(statesCause('The assistant replied within a second.'), false);
  });
});

describe('deterministic-root-cause on the canonical case', () => {
  it('fires when the root cause speaks only of the KB article', () => {
    assert.deepEqual(fired(canonical('The KB article was outdated.'), 'deterministic-root-cause'), [
      'KB article was outdated',
    ]);
  });

  it('fires under the other headings people give the cause', () => {
    for (const heading of ['## What went wrong', '## Why it happened', '## Cause']) {
      assert.deepEqual(
        fired(canonical('The KB article was outdated.', heading), 'deterministic-root-cause'),
        ['KB article was outdated'],
        heading,
      );
    }
  });

  it('fires on a bold label in a document without cause heading', () => {
    const md = canonical('**Cause:** the KB article was outdated.', '## Notes');
    assert.deepEqual(fired(md, 'deterministic-root-cause'), ['KB article was outdated']);
  });

  it('stays silent when the cause says what the model did, with any verb', () => {
    for (const cause of [
      'The assistant blended the outdated article with the current policy.',
      'The KB article was outdated, and the model generalised it to every order.',
    ]) {
      assert.deepEqual(fired(canonical(cause), 'deterministic-root-cause'), [], cause);
    }
  });
});

describe('who does what in a cause', () => {
  /** Whether the root cause of the canonical case, with `cause` as its text, speaks of the model. */
  const aware = (cause: string) =>
    aiSignals(parsePostmortem(canonical(cause)), DEFAULT_CONFIG.phrases).inferenceAware;
  const valid = [
    'The assistant treated the archived page as the current policy.',
    'The assistant assumed the newest page was the right one.',
    'We found that the assistant invents a window when two pages disagree.',
  ];
  for (const cause of valid) it(`speaks of the model: ${cause}`, () => assert.equal(aware(cause), true));
  const invalid = [
    // A relative clause in the present tense says what the index is, not what the assistant did.
    'The search index that the assistant reads includes every published page, archived or not.',
    'Every page which the assistant searches stays indexed until it is deleted.',
    // An inference verb whose subject is a person speaks of the responders.
    'The archived page stayed published, and for a day we treated it as a one-off.',
    'The KB kept the old page; on-call assumed a caching bug at first.',
  ];
  for (const cause of invalid)
    it(`says nothing of the model: ${cause}`, () => assert.equal(aware(cause), false));
});

describe('a section that asks why after what', () => {
  it('reads "What happened and why" as the cause when no cause section exists', () => {
    const md = canonical(
      'Our CMS kept the archived page published, and the nightly sync re-indexed it.',
      '## What happened and why',
    );
    assert.deepEqual(fired(md, 'deterministic-root-cause'), [
      'Our CMS kept the archived page published, and the nightly',
    ]);
  });
});

describe("a cause stated in a section that retells the AI's answer", () => {
  const doc = (statement: string) =>
    `# Refund answer\n\n## Background\n\nThe fare assistant on our site told a customer that advance fares are refundable.\n\n## Our position\n\nWe accept that the fare assistant gave that answer.\n\nThe customer relied on it and bought the ticket.\n\n${statement}\n`;
  it('fires when the statement speaks only of the page, though the section retells the answer', () => {
    assert.deepEqual(
      fired(
        doc('The error originated in an expired promotion page left in the content library.'),
        'deterministic-root-cause',
      ),
      ['The error originated in an expired promotion page left in'],
    );
  });
  it('stays silent when the statement says what the assistant did with the page', () => {
    assert.deepEqual(
      fired(
        doc(
          'The error originated in the fare assistant, which treated an expired promotion page as the current terms.',
        ),
        'deterministic-root-cause',
      ),
      [],
    );
  });
});
