/**
 * fourth-party reads a vendor problem in any wording (ai/vendors.ts): a problem tied by a preposition to a vendor, or a
 * vendor followed by its problem. A library or package the team runs is code, not a vendor. Our own paraphrases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../src/core/index.js';
import { vendorProblem } from '../../../src/core/rules/ai/vendors.js';

const fired = (md: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === 'fourth-party')
    .map((f) => md.slice(f.range.start, f.range.end));

describe('a vendor problem, in any wording', () => {
  const valid: Array<[string, string]> = [
    ['Replies failed because of a problem with the LLM vendor we call.', 'problem with the LLM vendor'],
    [
      'Errors came from a brownout at one of our two model vendors.',
      'brownout at one of our two model vendors',
    ],
    ["The vendor's capacity shortage slowed every reply.", "vendor's capacity shortage"],
    [
      'Elevated errors at the third-party transcription service.',
      'errors at the third-party transcription service',
    ],
    ['Our model vendor had a regional incident.', 'vendor had a regional incident'],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(vendorProblem(text)?.text, hit));

  const invalid = [
    'We are working with our provider to resolve the issue.',
    'The issue was a bug in a third-party library we run.',
    'There was no issue with the provider.',
    'We ruled out an outage at the provider.',
  ];
  for (const text of invalid)
    it(`reads no vendor problem in: ${text}`, () => assert.equal(vendorProblem(text), undefined));
});

describe('fourth-party on a document without a cause heading', () => {
  it('fires on "because of a problem with our LLM vendor" in a short update', () => {
    const md =
      '# Slow drafts\n\nThe drafting model was degraded because of a problem with our LLM vendor, which later fixed it.\n';
    assert.deepEqual(fired(md), ['problem with our LLM vendor']);
  });

  it('stays silent when the tier beneath the vendor is named', () => {
    const md =
      "# Slow drafts\n\nThe drafting model was degraded because of a problem with our LLM vendor, in the vendor's cloud region us-east-1.\n";
    assert.deepEqual(fired(md), []);
  });
});
