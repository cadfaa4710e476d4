/**
 * behavior-rate reads intermittency in any wording and accepts any honest rate (ai/rates.ts). Intermittent errors of an
 * AI service are availability, not behaviour. Our own paraphrases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../src/core/index.js';
import { intermittency, nonReproduction, shareRate } from '../../../src/core/rules/ai/rates.js';

const fired = (md: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === 'behavior-rate')
    .map((f) => md.slice(f.range.start, f.range.end));

describe('intermittency of a behaviour, in any wording', () => {
  const valid: Array<[string, string]> = [
    ['In some cases the assistant quoted the old window.', 'In some cases'],
    ['The bot occasionally answered in French.', 'occasionally'],
    ['We treat it as a one-off.', 'one-off'],
    ['It works now, so we closed the ticket.', 'works now'],
    ['The model was flaky on this question.', 'flaky'],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(intermittency(text)?.text, hit));

  const invalid = [
    'Some requests occasionally returned 503 errors.',
    'The triage bot closed it as a flaky synthetic check.',
    'Occasionally the nightly backup runs late.',
  ];
  for (const text of invalid)
    it(`reads no behaviour intermittency in: ${text}`, () => assert.equal(intermittency(text), undefined));
});

describe('a rate in any honest form', () => {
  const valid = [
    'The bot offered refunds in 0.8% of conversations.',
    'Wrong answers for 16% of requests.',
    '3 of 200 replays gave the bad answer.',
    'It happened in 1 in 40 sessions.',
  ];
  for (const text of valid) it(`is a rate: ${text}`, () => assert.equal(shareRate(text), true));

  const invalid = ['22% of all requests were EU.', 'We had 212 invoices in the batch.'];
  for (const text of invalid)
    it(`is no rate of the behaviour: ${text}`, () => assert.equal(shareRate(text), false));
});

describe('behavior-rate on intermittency words', () => {
  const doc = (finding: string) =>
    `# Wrong window\n\n## Summary\n\nThe support chatbot told customers they had 90 days.\n\n## Investigation\n\n${finding}\n`;

  it('fires on "in some cases" said of the chatbot, with no rate', () => {
    assert.deepEqual(fired(doc('In some cases the chatbot still gives the old window.')), ['In some cases']);
  });

  it('stays silent when the same document gives a share of conversations', () => {
    assert.deepEqual(
      fired(doc('In some cases the chatbot still gives the old window: 0.8% of conversations last week.')),
      [],
    );
  });
});

describe('intermittency said of variants and drafts, or as "the odd one"', () => {
  const valid: Array<[string, string]> = [
    ["The wrong price wasn't in every draft the writer produced.", "n't in every draft"],
    ['We regenerated the blurbs and only the odd one kept the claim.', 'only the odd one'],
    ['The translations drop the unit once in a while.', 'once in a while'],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(intermittency(text)?.text, hit));

  const invalid = [
    // An odd one out that is no output.
    'The odd one out was the staging cluster, which ran an older kernel.',
    // Every draft, not some.
    'Every draft carried the wrong price.',
  ];
  for (const text of invalid)
    it(`reads no intermittency in: ${text}`, () => assert.equal(intermittency(text), undefined));
});

describe('the reach of a rollout is no rate of the behaviour', () => {
  const rollouts = [
    'The refund agent went to 100% of eligible chats in May.',
    'The assistant was enabled for 20% of users last week and it gave wrong answers.',
    'The new model now serves 60% of conversations.',
  ];
  for (const text of rollouts) it(`reads no rate in: ${text}`, () => assert.equal(shareRate(text), false));

  const rates = [
    'The agent refunded twice in 3% of timed-out chats.',
    'Wrong answers went up from 0.2% to 4% of conversations.',
  ];
  for (const text of rates) it(`reads a rate in: ${text}`, () => assert.equal(shareRate(text), true));

  it('fires behavior-rate when the only share in the document is a rollout', () => {
    const md =
      '# Double refunds\n\nThe refund agent went to 100% of eligible chats in May. On a retry the agent issued a second refund.\n\n## Root cause\n\nWe could not get it to happen again in staging.\n';
    assert.deepEqual(fired(md), ['could not get it to happen']);
  });
});

describe('a day-first date is no k of n', () => {
  it('fires behavior-rate when the only slash figures are dates next to a re-run', () => {
    const md =
      '# Totals misread\n\nThe LLM extractor returned totals a thousand times too small.\n\n## Timeline\n\n- 05/03/2026 09:30 CET — Batch re-run; every total came out right.\n\n## Root cause\n\nCould not reproduce. The re-run produced correct totals.\n';
    assert.deepEqual(fired(md), ['Could not reproduce']);
  });

  it('still reads "3/200 replays" as a rate', () => {
    const md =
      '# Totals misread\n\nThe LLM extractor returned totals a thousand times too small.\n\n## Root cause\n\nCould not reproduce on demand; 3/200 replays of the batch gave a wrong total.\n';
    assert.deepEqual(fired(md), []);
  });
});

describe('a behaviour that did not come back: "make it do it again" and "fine every time"', () => {
  const read: Array<[string, string]> = [
    [
      'So far we have not been able to make the planner do it again.',
      'have not been able to make the planner do it again',
    ],
    ['Fine every time.', 'Fine every time'],
    ['It came back correct on every rerun.', 'It came back correct on every rerun'],
  ];
  for (const [text, hit] of read) it(`reads: ${text}`, () => assert.equal(nonReproduction(text)?.text, hit));

  const notRead = [
    'We could not make the dashboard load faster.',
    'Billing was fine every morning until the release.',
  ];
  for (const text of notRead)
    it(`reads no non-reproduction in: ${text}`, () => assert.equal(nonReproduction(text), undefined));
});

describe('a reproduction section is a rate only when it counts something', () => {
  const doc = (section: string) =>
    `# Agent rewrote a table\n\nThe data agent decided the table was empty and overwrote it.\n\n### Reproduction\n\n${section}\n`;

  it('fires when the section only says ticket OPS-4410 would not come back', () => {
    assert.deepEqual(fired(doc('We reran OPS-4410 on a copy; could not get it to happen again.')), [
      'could not get it to happen',
    ]);
  });

  it('stays silent when the replay and its count sit in neighbouring sentences', () => {
    assert.deepEqual(
      fired(doc('We replayed OPS-4410 thirty times on a copy. It overwrote the table 4 of 30 times.')),
      [],
    );
  });
});
