/**
 * The AI rules find decisions, causes and follow-ups by the shape of the writing, not by our fixtures' phrasing: the AI
 * as the agent of a passive or as "it" after a sentence about it, a cause under a bold line alone or a heading such as
 * "Why", follow-ups written as a paragraph that opens "Moving forward, …", and the AI as the object of a participle or
 * a relay of its input, which is no inference. Every sentence here is our own wording, unlike any fixture's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, lint, parsePostmortem } from '../../../src/core/index.js';
import { aiSignals, buildActors, titleKind } from '../../../src/core/rules/_ai-signals.js';
import { actsIn, passiveActIn, subjectVerbIn } from '../../../src/core/rules/ai/acts.js';
import { measuresOrGates } from '../../../src/core/rules/ai/actions.js';
import { describedNames, featureNames, introducedNames } from '../../../src/core/rules/ai/actors.js';
import { namesModelBehaviour, statesCause } from '../../../src/core/rules/ai/causes.js';

const phrases = DEFAULT_CONFIG.phrases;
const signals = (md: string) => aiSignals(parsePostmortem(md), phrases);
const fired = (md: string, rule: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => md.slice(f.range.start, f.range.end));
const actors = (aliases: readonly string[] = []) => buildActors(phrases, aliases, true);

describe('the AI as the agent of a passive', () => {
  const must: Array<[string, string[]]> = [
    ['The customer credit had been issued by the billing agent before anyone looked.', []],
    ['Both replies were drafted by Nova (our support copilot) in under a second.', ['nova']],
    ['Three tickets got closed by the triage bot overnight.', []],
    // A generated output names its maker as the instrument.
    [
      'The weekly export query was generated with Tally (our reporting assistant) before the review.',
      ['tally'],
    ],
    ['Every reply had been drafted using the support copilot and sent unread.', []],
  ];
  for (const [text, aliases] of must)
    it(`is an act: ${text}`, () => assert.ok(passiveActIn(text, actors(aliases)), text));

  const mustNot = [
    'Requests were throttled by the model provider for an hour.',
    'The blurbs were written by the mini model instead of the flagship one.',
    'The status page was updated by the on-call engineer.',
    'All traffic was served by the fallback model during the outage.',
    // Only generation takes an instrument: approval or review "with" an AI is still a person's act.
    'The refund was approved with the billing agent open beside the ticket.',
    'The report was generated with the nightly cron job.',
  ];
  for (const text of mustNot)
    it(`is no act: ${text}`, () => assert.equal(passiveActIn(text, actors()), undefined));

  it('makes a decision of the passive in prose', () => {
    const md =
      '# Wrong totals\n\n## Summary\n\nThe weekly report query was rewritten by Ledger, our LLM analytics agent, on Monday.\n\n## Root cause\n\nThe schema docs were ambiguous.\n';
    assert.equal(signals(md).decisions.length, 1);
    assert.deepEqual(fired(md, 'deterministic-root-cause'), ['The schema docs were ambiguous']);
  });
});

describe('a product name before a job and a head, and a role only software plays', () => {
  const must: Array<[string, string]> = [
    ['Customers who wrote to the Harbor billing assistant were told the fee was waived.', 'harbor'],
    ['Escalations went through our Kestrel routing agent overnight.', 'kestrel'],
    ['Sift, our ticket tagger, labelled the complaints as praise.', 'sift'],
    ['Vetter is the listing classifier on the marketplace.', 'vetter'],
    // Software in apposition, named by what it writes.
    ['The notice came from Herald, the tool that drafts outage notices from the ticket.', 'herald'],
    ['Quips, our feature which suggests short answers, went live in May.', 'quips'],
  ];
  for (const [text, name] of must)
    it(`introduces ${name}: ${text}`, () => assert.ok(introducedNames(text).includes(name), text));
  it('makes a name an AI when its parenthetical describes a generated output', () =>
    assert.deepEqual(
      describedNames('', [
        'Since May, Quick Notes (the generated meeting summaries in the sidebar) left out owners.',
      ]),
      ['quick notes'],
    ));
  it('keeps a name whose parenthetical describes a written document a name only', () =>
    assert.deepEqual(
      describedNames('', ['Since May, Field Notes (the written site reports) were late.']),
      [],
    ));
  it('makes a name with a parenthetical role an AI', () =>
    assert.deepEqual(describedNames('', ['Posts held by Vetter (our listing classifier) went to review.']), [
      'vetter',
    ]));

  const mustNot = [
    // Acronyms name a language or a page, bots are scripts, a bare agent is a daemon, people plan and judge.
    'Analysts used the SQL query copilot for the export.',
    'Pushes went out through our Slack deploy bot.',
    'Metrics come from the Datadog agent on every host.',
    'Maria, our capacity planner, approved the change.',
    'Priya, the support agent who took the call, refunded it.',
    // A tool that does not write, or that a person uses to write, is no generator.
    'Ledgerline, the tool that stores invoices, was slow all morning.',
    'Omar, the engineer who writes the notices, was on leave.',
  ];
  for (const text of mustNot)
    it(`introduces no name: ${text}`, () => assert.deepEqual(introducedNames(text), []));

  it('finds the decision of a product named only before its job', () => {
    const md =
      '# Fee waived by mistake\n\n## Summary\n\nCustomers who wrote to the Harbor billing assistant were told the late fee was waived. Harbor promised the waiver in 300 chats.\n\n## Root cause\n\nThe fee article in the knowledge base was out of date.\n';
    assert.ok(signals(md).decisions.some((d) => d.text.startsWith('Harbor promised')));
    assert.equal(fired(md, 'deterministic-root-cause').length, 1);
  });

  it('reads a lone top heading over sections as the title, not as the cause', () => {
    const md =
      '# Five whys: totals doubled\n\n## Problem\n\nThe query behind the tile had been generated with Tally (our reporting assistant) and pasted in.\n\n## Root cause\n\nA retired table was still exposed.\n';
    assert.equal(signals(md).decisions.length, 1);
    assert.equal(signals(md).inferenceAware, false);
  });
});

describe('a feature named by the output it produces', () => {
  const must: Array<[string, string]> = [
    ["Acme's Meeting Summaries feature dropped the action owners.", 'meeting summaries'],
    ['We turned off the Quick Answers feature on Friday.', 'quick answers'],
  ];
  for (const [text, name] of must)
    it(`names ${name}: ${text}`, () => assert.deepEqual(featureNames(text), [name]));
  const mustNot = [
    // A document's name is no feature, nor a company before a lower-case output word.
    'The Executive Summary was sent to the board.',
    'The Acme summary feature shipped in May.',
    'The Export feature failed for large files.',
  ];
  for (const text of mustNot) it(`names nothing: ${text}`, () => assert.deepEqual(featureNames(text), []));

  it('finds the decision of such a feature in a document about AI', () => {
    const md =
      "# Owners missing from notes\n\n## Summary\n\nAcme's Meeting Summaries feature dropped the action owners from 40 notes. The text of each note is written by a language model.\n\n## Root cause\n\nA template change removed the owner field from the input.\n";
    assert.ok(
      signals(md).decisions.some((d) => d.text.startsWith("Acme's Meeting Summaries feature dropped")),
    );
    assert.equal(fired(md, 'deterministic-root-cause').length, 1);
  });
});

describe('a section titled after the AI and its decision speaks of the inference', () => {
  const doc = (title: string) =>
    `# Wrong pool drained\n\n## Summary\n\nWarden, our remediation agent, drained the storage pool on Monday.\n\n## ${title}\n\nThe alert text mentioned pressure and the disk graph was rising.\n\n## Root cause\n\nDrains need no confirmation on production clusters.\n`;
  it('reads "What we found about Warden\'s choice" as the decision told', () =>
    assert.equal(signals(doc("What we found about Warden's choice")).inferenceAware, true));
  it('reads a decision title without the AI, or an AI title without a decision, as neither', () => {
    assert.equal(signals(doc('Decisions taken by the incident team')).inferenceAware, false);
    assert.equal(signals(doc("Warden's access on the clusters")).inferenceAware, false);
  });
});

describe('"it" after a sentence that opened with the AI', () => {
  it('reads "it" with a past verb as the AI acting', () => {
    const md =
      '# Minutes leaked\n\n## Summary\n\nScribe is the meeting-notes assistant in our workspace that summarises calls. Last Tuesday it sent the draft minutes to the whole company.\n';
    assert.deepEqual(
      signals(md).decisions.map((d) => md.slice(d.range.start, d.range.end)),
      ['it sent'],
    );
  });

  it('does not read "it" across a paragraph, nor an outage or a description', () => {
    assert.equal(
      signals('# X\n\n## Summary\n\nThe LLM assistant reads the wiki.\n\nLast week it sent the wrong page.\n')
        .decisions.length,
      0,
    );
    assert.equal(
      signals('# X\n\n## Summary\n\nThe LLM assistant reads the wiki. Then it returned errors for an hour.\n')
        .decisions.length,
      0,
    );
  });
});

describe('a cause and follow-ups without a Markdown heading', () => {
  const doc = (cause: string, followUps: string) =>
    `# Bad totals\n\n_notes from the thread_\n\n**what happened**\n\nOn Sunday the LLM agent Tally rewrote the revenue query for the board deck.\n\n${cause}\n\n${followUps}\n`;

  it('reads a bold line alone as a heading: "**why it broke**" opens the cause, "*to do*" the follow-ups', () => {
    const md = doc(
      '**why it broke**\n\nThe column descriptions in the catalogue were the same for both tables.',
      '*todo*\n\n- reword the catalogue descriptions',
    );
    assert.deepEqual(fired(md, 'deterministic-root-cause'), [
      'The column descriptions in the catalogue were the same for',
    ]);
    assert.equal(fired(md, 'deterministic-action-items').length, 1);
  });

  it('passes when the cause under the bold line speaks of the agent', () => {
    const md = doc(
      '**why it broke**\n\nTally assumed both amount columns meant the same thing and summed the wrong one.',
      '*todo*\n\n- reword the catalogue descriptions',
    );
    assert.deepEqual(fired(md, 'deterministic-root-cause'), []);
  });

  it('reads a paragraph that opens "Moving forward," as follow-ups, judged by what they do', () => {
    const cause = 'We believe the root cause was the catalogue wording.';
    const deterministic = doc(
      cause,
      'Moving forward, Rui will reword the catalogue and tell the finance channel.',
    );
    assert.equal(fired(deterministic, 'deterministic-action-items').length, 1);
    const gated = doc(
      cause,
      'Moving forward, every query Tally writes needs a human approval before it reaches a dashboard.',
    );
    assert.deepEqual(fired(gated, 'deterministic-action-items'), []);
  });

  it('classifies the titles the general heading classes miss', () => {
    assert.equal(titleKind('Why'), 'root-cause');
    assert.equal(titleKind('What drove it?'), 'root-cause');
    assert.equal(titleKind("What we've done"), 'action-items');
    assert.equal(titleKind('Who to contact'), 'other');
  });
});

describe('the AI that is not the subject, or only passed its input on', () => {
  it('reads the AI after a participle as an object: "nurses querying the triage assistant saw…"', () => {
    assert.equal(subjectVerbIn('Nurses querying the triage assistant saw slow pages.', actors()), undefined);
    assert.equal(subjectVerbIn('Analysts prompting the model noticed delays.', actors()), undefined);
    assert.ok(subjectVerbIn('The triage assistant saw the word "urgent" and paged everyone.', actors()));
  });

  it('reads a plural noun before a predicate as a compound: "the review bot comments resumed"', () => {
    assert.equal(subjectVerbIn('At noon the review bot comments resumed.', actors()), undefined);
    assert.equal(subjectVerbIn('The review bot comments were slow all day.', actors()), undefined);
    assert.ok(subjectVerbIn('The review bot comments on every pull request it dislikes.', actors()));
  });

  it('does not count an access received or a relay of the input as the model acting in a cause', () => {
    assert.equal(actsIn('The agent gained write access to the repo in May.', actors()), false);
    assert.equal(actsIn('The copilot answered from the outdated index.', actors()), false);
    assert.equal(actsIn('The copilot quoted the fee from it.', actors()), false);
    assert.equal(actsIn('The copilot invented a fee that does not exist.', actors()), true);
  });

  it('reads an aside in commas that holds a web address as an aside: "Tally, the assistant on tally.example.com, told"', () => {
    assert.ok(
      subjectVerbIn(
        'Tally, the assistant on tally.example.com, told callers the fee was waived.',
        actors(['tally']),
      ),
    );
    // A full stop that ends a sentence still ends the aside.
    assert.equal(subjectVerbIn('Tally, our assistant. Then, we told callers.', actors(['tally'])), undefined);
  });

  describe('an AI in a relative clause without a pronoun describes a thing, not an act', () => {
    const mustNot = [
      'A stale page had reached the index the copilot searches before replying.',
      'Nobody owned the folder the assistant reads from.',
      'The templates the agent fills in were never reviewed.',
    ];
    for (const text of mustNot) it(`no act: ${text}`, () => assert.equal(actsIn(text, actors()), false));
    const must = [
      // A main clause in the present still acts, and so does a past tense after a noun.
      'When the fare is missing, the assistant invents one from the route.',
      'By Friday the copilot offered a waiver to every caller.',
    ];
    for (const text of must) it(`acts: ${text}`, () => assert.equal(actsIn(text, actors()), true));
  });
});

describe('actors introduced by structure', () => {
  it('names a system that runs on a model branded with capitals, listed or not', () => {
    assert.deepEqual(describedNames('', ['Helper runs on the Orion Max model from our vendor.']), ['helper']);
    assert.deepEqual(describedNames('', ['Helper runs on the pricing model we wrote in 2019.']), []);
  });

  it('names "X, the assistant" when a place in software or a relative clause of a thing follows, not "who"', () => {
    assert.ok(
      introducedNames(
        'We asked Penny, the assistant in the mobile app that answers billing questions.',
      ).includes('penny'),
    );
    assert.ok(
      !introducedNames('We asked Dana, the assistant who books our travel, to check.').includes('dana'),
    );
  });
});

describe('what a cause statement is', () => {
  it('reads a cause sought as no statement, a cause found as one', () => {
    assert.equal(statesCause('While investigating the root cause we paged the vendor.'), false);
    assert.equal(statesCause('Upon identifying the cause, we rolled back.'), false);
    assert.equal(statesCause('We found the cause was a stale token.'), true);
  });

  it('reads a model said to be weaker at something as its behaviour', () => {
    assert.equal(
      namesModelBehaviour('The backup model, which is worse at following the refund rules.'),
      true,
    );
    assert.equal(namesModelBehaviour('The backup disk was full.'), false);
  });

  it('reads an output said to be normal as no decision', () => {
    assert.equal(
      signals('# X\n\n## Summary\n\nWhere the LLM bot did get a reply, its summaries were normal.\n')
        .decisions.length,
      0,
    );
  });
});

describe('a follow-up judged by what it does to the AI output', () => {
  const gates = [
    'Every refund the agent proposes waits for a team lead to approve it before it is applied.',
    'Outbound quotes from Penny are held until a manager signs off before they go out.',
    'Schema changes the copilot writes need an explicit human OK before they merge.',
  ];
  for (const text of gates) it(`gates: ${text}`, () => assert.equal(measuresOrGates(text, []), true));

  const informs = [
    'A brown-bag session on checking copilot answers for the support team.',
    'Training for analysts about reviewing assistant summaries.',
    'Add "double-check model output" to the release checklist.',
  ];
  for (const text of informs)
    it(`only informs people: ${text}`, () => assert.equal(measuresOrGates(text, []), false));

  it('still counts an approval step written into a document', () => {
    assert.equal(
      measuresOrGates('Add a human approval step to the deploy checklist for agent changes.', []),
      true,
    );
  });
});
