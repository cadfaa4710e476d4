/**
 * The three warning-level rules about how an AI incident is closed read classes of wording, not phrases: a prompt fix
 * told by the team or a prompt named as the cause (ai/prompts.ts), a behaviour that did not come back or comes back
 * only sometimes and a rate in any honest form (ai/rates.ts), a named vendor's problem and the tier beneath it
 * (ai/vendors.ts). Every sentence here is our own paraphrase, in words the fixtures do not use.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../../src/core/index.js';
import {
  namesFailureClass,
  promptChange,
  promptDeficiency,
  saysWhereElse,
} from '../../../src/core/rules/ai/prompts.js';
import { intermittency, nonReproduction, shareRate } from '../../../src/core/rules/ai/rates.js';
import { namedVendorProblem, tierBeneath, vendorNames } from '../../../src/core/rules/ai/vendors.js';

const fired = (rule: string, md: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => md.slice(f.range.start, f.range.end));

describe('a prompt change told as what the team did', () => {
  const valid: Array<[string, string]> = [
    [
      "We have since reworded Orion's system prompt so refunds are quoted from policy only.",
      "We have since reworded Orion's system prompt",
    ],
    ['- Rephrased the triage prompt to list Billing before Sales.', 'Rephrased the triage prompt'],
    [
      "Fix: appended a rule to the assistant's instructions about dates.",
      "appended a rule to the assistant's instructions",
    ],
    ["The router's prompt template was updated on Friday.", 'prompt template was updated'],
    [
      "I inserted two sentences into the copilot's system message.",
      "I inserted two sentences into the copilot's system message",
    ],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(promptChange(text)?.text, hit));

  const invalid = [
    'An outside pull request added a system prompt that told the agent to wipe files.',
    'We did not change the prompt; the fix was an approval step.',
    'Every prompt change now goes through the replay suite.',
    'We updated the confirmation prompt in the CLI installer.',
    'We tightened the prompt injection filter on uploads.',
  ];
  for (const text of invalid)
    it(`reads no prompt fix in: ${text}`, () => assert.equal(promptChange(text), undefined));
});

describe('a prompt named as what was wrong', () => {
  const valid: Array<[string, string]> = [
    ['The system prompt never mentioned that discounts need approval.', 'system prompt never mentioned'],
    ["Nothing else failed: the root cause was the planner's prompt.", "cause was the planner's prompt"],
    ['The prompt was silent on orders that matched nothing.', 'prompt was silent'],
  ];
  for (const [text, hit] of valid)
    it(`reads: ${text}`, () => assert.equal(promptDeficiency(text)?.text, hit));

  const invalid = ['The prompt was reviewed and found correct.', 'The prompt had no bearing on the outage.'];
  for (const text of invalid)
    it(`reads no prompt deficiency in: ${text}`, () => assert.equal(promptDeficiency(text), undefined));
});

describe('a failure class and where else it can occur, in any wording', () => {
  it('reads a failure mode named by its kind', () => {
    assert.equal(namesFailureClass('This belongs to the failure mode we call premature commitment.'), true);
    assert.equal(namesFailureClass('These omissions are not unique to refunds.'), true);
    assert.equal(namesFailureClass('The class was postponed to next week.'), false);
  });
  it('reads where else the same weakness can surface', () => {
    assert.equal(saysWhereElse('The same weakness could surface in the onboarding bot.'), true);
    assert.equal(saysWhereElse('The billing and returns agents are both exposed to it.'), true);
    assert.equal(saysWhereElse('We shipped the fix in the same release.'), false);
    assert.equal(saysWhereElse('We also refunded every affected diner and wrote to each venue.'), false);
    assert.equal(saysWhereElse('The quoting bot is also exposed to this.'), true);
  });
});

describe('fix-the-prompt on whole documents', () => {
  const note = (extra: string) =>
    `# Assistant invented a fee\n\nThe billing assistant told customers about a $5 fee that does not exist.\n\nWe reworded the assistant's system prompt to forbid unlisted fees.${extra}\n`;

  it('fires on a heading-less note whose fix is a prompt rewording', () => {
    assert.deepEqual(fired('fix-the-prompt', note('')), ["We reworded the assistant's system prompt"]);
  });

  it('stays silent once the failure class and where else it can occur are named', () => {
    const extra =
      '\n\nThe failure class is invented policy detail; the same weakness could surface in the refunds bot.';
    assert.deepEqual(fired('fix-the-prompt', note(extra)), []);
  });

  it('fires on a prompt change under a heading that tells both the cause and the fix', () => {
    const md =
      "# Planner booked the wrong week\n\nThe LLM travel planner booked rooms a week late for 12 guests.\n\n## What went wrong and how we fixed it\n\nThe planner read 'next Friday' as the Friday after. We tightened the planner's instructions on relative dates.\n";
    assert.deepEqual(fired('fix-the-prompt', md), ["We tightened the planner's instructions"]);
  });

  it('stays silent when a prompt change is the trigger in the cause and the fix is elsewhere', () => {
    const md =
      "# Agent deleted files\n\nThe coding agent deleted local files for two users.\n\n## Root cause\n\nA contributor's pull request added a system prompt telling the agent to delete files; the agent concluded the request was legitimate.\n\n## Resolution\n\nWe reverted the pull request and revoked the token.\n";
    assert.deepEqual(fired('fix-the-prompt', md), []);
  });
});

describe('a behaviour that did not come back, in any wording', () => {
  const valid: Array<[string, string]> = [
    ['We were not able to make it repeat the wrong total.', 'were not able to make it repeat'],
    ["Support couldn't get that reply again.", "couldn't get that reply again"],
    ['Asked again an hour later, the assistant answered correctly.', 'Asked again'],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(nonReproduction(text)?.text, hit));

  const invalid = [
    'We retried the request after the timeout and it worked.',
    'The deploy was re-run and passed.',
  ];
  for (const text of invalid)
    it(`reads no non-reproduction in: ${text}`, () => assert.equal(nonReproduction(text), undefined));

  it('reads a negated universal said of the AI as intermittency', () => {
    assert.equal(
      intermittency('The bot does not misquote the fee in every chat.')?.text,
      'does not misquote the fee in every chat',
    );
    assert.equal(intermittency('Add a disclaimer to every answer the bot gives.'), undefined);
  });
});

describe('a rate in words, fractions and shares of any judged unit', () => {
  const valid = [
    'One in twenty replies from the agent were wrong.',
    'About a third of the drafts were rejected by reviewers.',
    '0.6% of captions dropped a negation.',
  ];
  for (const text of valid) it(`is a rate: ${text}`, () => assert.equal(shareRate(text), true));

  const invalid = ['Half of the customers were in the EU.', '0.5% of uploads timed out and failed.'];
  for (const text of invalid)
    it(`is no rate of the behaviour: ${text}`, () => assert.equal(shareRate(text), false));

  const doc = (extra: string) =>
    `# Wrong totals\n\nThe reporting copilot summed refunds twice.\n\n## Could we reproduce it?\n\nNot so far: two analysts asked the same question on Tuesday.${extra}\n`;
  it('fires on a reproduction question answered no, with no rate', () => {
    assert.deepEqual(fired('behavior-rate', doc('')), ['Not so far']);
  });
  it('stays silent with a rate written in words', () => {
    assert.deepEqual(fired('behavior-rate', doc(' Later, one in forty replays gave the doubled total.')), []);
  });
});

describe('a named vendor and the tier beneath it', () => {
  it('collects the names a document calls a vendor', () => {
    assert.deepEqual(vendorNames('Our speech partner, Sonora, transcribes the calls.'), ['Sonora']);
    assert.deepEqual(vendorNames('Search runs on the Tessellate Retrieval API.'), ['Tessellate']);
    assert.deepEqual(vendorNames('Seek credits from the finance team.'), []);
  });

  const valid: Array<[string, string]> = [
    ['Sonora shipped an update that garbled numbers.', 'Sonora shipped an update'],
    ['They confirmed a regression on their side.', 'regression on their side'],
    [
      'The hosting provider quietly swapped the model behind our endpoint.',
      'provider quietly swapped the model',
    ],
  ];
  for (const [text, hit] of valid)
    it(`reads: ${text}`, () => assert.equal(namedVendorProblem(text, ['Sonora'])?.text, hit));
  it('reads no problem where the named vendor had none', () => {
    assert.equal(namedVendorProblem('Sonora had no incident that week.', ['Sonora']), undefined);
    assert.equal(namedVendorProblem('We switched the model to a newer version.', ['Sonora']), undefined);
  });

  it('reads the tier beneath as named or as unknown', () => {
    assert.equal(tierBeneath('They have not said which cloud region serves our traffic.'), true);
    assert.equal(tierBeneath('The provider runs on Google Cloud.'), true);
    assert.equal(tierBeneath('Their hosting layer remains unknown.'), true);
    assert.equal(tierBeneath('They said the issue is fixed.'), false);
  });

  const incident = (extra: string) =>
    `# Voice bot misheard amounts\n\nThe LLM voice assistant read wrong balances to callers.\n\nOur speech partner, Sonora, transcribes each call.\n\n## Root cause\n\nMain contributing cause: Sonora shipped an update that garbled numbers.${extra}\n`;
  it('fires on a named vendor problem with nothing beneath it', () => {
    assert.deepEqual(fired('fourth-party', incident('')), ['Sonora shipped an update']);
  });
  it('stays silent when the document says the tier beneath is unknown', () => {
    assert.deepEqual(
      fired('fourth-party', incident(' Sonora has not said which cloud region the model runs in.')),
      [],
    );
  });
});

describe('a prompt change later in a telegraphic list, or a prompt reverted', () => {
  const valid: Array<[string, string]> = [
    [
      'Pulled the stale page, rebuilt the index, and reworded Wren\u2019s system prompt to cite the policy page.',
      "reworded Wren's system prompt",
    ],
    ['- Rolled back the cache; then tightened the prompt for date questions.', 'tightened the prompt'],
    ['- Summariser prompt reverted to v12 on Tuesday.', 'prompt reverted'],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(promptChange(text)?.text, hit));

  const invalid = [
    // Someone else's change, not a telegraphic list of what the team did.
    'A pull request changed the config and added a system prompt.',
    // The list holds no prompt.
    'Pulled the stale page, rebuilt the index, and updated the runbook.',
    // Reverting something that is no prompt.
    'The model version was reverted to the March snapshot.',
  ];
  for (const text of invalid)
    it(`reads no prompt change in: ${text}`, () => assert.equal(promptChange(text), undefined));
});

describe('a prompt change told by what the prompt now says, by a prompt label, or by the instructions a model follows', () => {
  const valid: Array<[string, string]> = [
    ["The scheduler's system prompt now says: never book past Friday.", 'system prompt now says'],
    ['- System prompt: reworded the refund rule so it cites the policy page.', 'reworded the refund rule'],
    [
      'We changed the instructions our booking assistant follows for late arrivals.',
      'We changed the instructions our booking assistant follows',
    ],
    [
      'We revised the instructions the returns bot works from.',
      'We revised the instructions the returns bot works from',
    ],
  ];
  for (const [text, hit] of valid) it(`reads: ${text}`, () => assert.equal(promptChange(text)?.text, hit));

  const invalid = [
    'The installer prompt now says which disk it will format.',
    'We changed the instructions our new hires follow on their first day.',
    'Instructions: restart the worker and clear the cache.',
  ];
  for (const text of invalid)
    it(`reads no prompt fix in: ${text}`, () => assert.equal(promptChange(text), undefined));
});

describe('a failure class named by treating the incident as one', () => {
  const named = [
    'We are treating this as a date-anchoring failure, not a wording slip.',
    'We think of this mistake as over-reading a single example.',
    'This is a **goal-substitution** failure: the agent met the metric and missed the point.',
  ];
  for (const text of named) it(`names a class: ${text}`, () => assert.equal(namesFailureClass(text), true));

  const unnamed = [
    'We treated it as an incident from the first page.',
    'This was a one-off failure of the scheduler.',
    'We logged it as a ticket in the tracker.',
  ];
  for (const text of unnamed)
    it(`names no class: ${text}`, () => assert.equal(namesFailureClass(text), false));
});

describe('fix-the-prompt reads a checked item as part of the fix', () => {
  const doc = (item: string) =>
    `# Bot closed open issues\n\nThe triage bot closed 40 open issues as duplicates.\n\n## Root cause\n\nThe bot concluded that issues with the same title were duplicates.\n\n## Action items\n\n${item}\n`;

  it("fires on a done item that rewords the bot's instructions", () => {
    assert.deepEqual(
      fired('fix-the-prompt', doc("- [x] We reworded the bot's instructions on duplicates (@kim)")),
      ["We reworded the bot's instructions"],
    );
  });

  it('stays silent on the same rewording while it is only planned', () => {
    assert.deepEqual(
      fired('fix-the-prompt', doc("- [ ] Reword the bot's instructions on duplicates (@kim)")),
      [],
    );
  });
});
