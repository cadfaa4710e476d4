/**
 * fourth-party reads a vendor problem in any wording (ai/vendors.ts): a problem tied by a preposition to a vendor, or a
 * vendor followed by its problem. A library or package the team runs is code, not a vendor. Our own paraphrases.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../src/core/index.js';
import { vendorNames, vendorProblem } from '../../../src/core/rules/ai/vendors.js';

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

describe('a vendor in the middle of its problem, or a problem on the vendor side', () => {
  const valid: Array<[string, string]> = [
    [
      'The search vendor we license was experiencing an outage all afternoon.',
      'vendor we license was experiencing an outage',
    ],
    [
      'Our model provider had been dealing with capacity issues since Monday.',
      'provider had been dealing with capacity',
    ],
    ['Provider-side incident, per their status page.', 'Provider-side incident'],
    ['A vendor side degradation slowed every answer.', 'vendor side degradation'],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(vendorProblem(text)?.text, hit));

  const invalid = [
    'The vendor was experiencing nothing unusual; our own proxy dropped the calls.',
    'Our provider is seeing growth, so we asked for a higher quota.',
    'We were experiencing an outage while the provider stayed healthy.',
  ];
  for (const text of invalid)
    it(`reads no vendor problem in: ${text}`, () => assert.equal(vendorProblem(text), undefined));
});

describe('a named vendor introduced by what we buy from it, and the cause placed on its side', () => {
  const doc = (intro: string, cause: string) =>
    `# Wrong answers\n\n${intro} The support assistant answered customers with it.\n\n## Root cause\n\n${cause}\n`;
  const must: Array<[string, string, string]> = [
    [
      'Replies come from a hosted model from Quillmark Labs.',
      "Quillmark Labs's incident changed the replies.",
      "Quillmark Labs's incident",
    ],
    [
      'We score posts with a third-party toxicity API, Feltwise.',
      'Feltwise had a regression in its new model.',
      'Feltwise had a regression',
    ],
    [
      'Speech goes to our transcription vendor (Parlando) first.',
      "Parlando's outage left gaps in every transcript.",
      "Parlando's outage",
    ],
    [
      'Drafts come from Quillmark, a third-party model API.',
      "The main cause was on Quillmark's side.",
      "cause was on Quillmark's side",
    ],
    [
      'Drafts come from an external model API.',
      'The root cause lay with the provider\u2019s end, not ours.',
      "root cause lay with the provider's end",
    ],
    // A possessive inside the apposition, and a parenthesis between the name and its problem.
    [
      'Every draft is written by Tallowby (the help desk\u2019s model vendor).',
      'Tallowby (the help desk\u2019s model vendor) had an outage that hour.',
      "Tallowby (the help desk's model vendor) had an outage",
    ],
    // The vendor's model change written as a noun with its agent after "by".
    [
      'Replies come from a hosted model from Quillmark Labs.',
      'The cause was a silent model update by Quillmark that dropped the refusal behaviour.',
      'model update by Quillmark',
    ],
  ];
  for (const [intro, cause, hit] of must)
    it(`fires on: ${cause}`, () =>
      assert.deepEqual(
        fired(doc(intro, cause)).map((h) => h.replace('\u2019', "'")),
        [hit],
      ));

  const mustNot: Array<[string, string]> = [
    // The same names, the problem ours.
    [
      'Replies come from a hosted model from Quillmark Labs.',
      'Our retry loop resent every request; Quillmark Labs was healthy.',
    ],
    [
      'Drafts come from Quillmark, a third-party model API.',
      "The main cause was on our side: the cache kept Quillmark's old answers.",
    ],
    // The tier beneath the vendor is named.
    [
      'Replies come from a hosted model from Quillmark Labs.',
      "Quillmark Labs's incident came from a network partition in its Azure region.",
    ],
    // A model update that is the team's own, and a vendor named whose update is said not to be the cause.
    [
      'Replies come from a hosted model from Quillmark Labs.',
      'The cause was a model update by our own platform team.',
    ],
    [
      'Replies come from a hosted model from Quillmark Labs.',
      'The cause was not a model update by Quillmark; our cache served stale replies.',
    ],
  ];
  for (const [intro, cause] of mustNot)
    it(`stays silent on: ${cause}`, () => assert.deepEqual(fired(doc(intro, cause)), []));
});

describe('a vendor name is a name the document buys from, not its own product', () => {
  const named: Array<[string, string]> = [
    ['Replies are built on the Feltwise Moderation API.', 'Feltwise'],
    ['We send every clip through Parlando\u2019s streaming endpoint.', 'Parlando'],
    ['Drafts come from a hosted model from Quillmark Labs.', 'Quillmark'],
    ['Posts go to a third-party toxicity API, Feltwise, first.', 'Feltwise'],
    ['Speech goes to our transcription vendor (Parlando) first.', 'Parlando'],
    ['Replies come from Tallowby (the help desk\u2019s model vendor).', 'Tallowby'],
  ];
  for (const [text, name] of named)
    it(`names ${name} in: ${text}`, () => assert.deepEqual(vendorNames(text), [name]));

  it('reads no vendor in the team\'s own service: "errors across the Quillmark service"', () => {
    assert.deepEqual(vendorNames('Blocking IO spread errors across the Quillmark service for an hour.'), []);
  });

  it('stays silent on an outage of the product the document is about', () => {
    const md =
      '# Elevated errors on Quillmark\n\nQuillmark experienced an elevated error rate and the assistant returned empty replies.\n\nA series of issues with our event bus blocked IO across the Quillmark service.\n';
    assert.deepEqual(fired(md), []);
  });
});
