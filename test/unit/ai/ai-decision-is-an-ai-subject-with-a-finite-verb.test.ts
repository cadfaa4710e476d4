/**
 * An AI decision is an AI actor as the subject of a finite verb that is no outage and no description (ai/events.ts).
 * Each table holds sentences, in the style of ESLint's RuleTester: `valid` ones hold an AI decision, `invalid` ones
 * hold none. The sentences are our own paraphrases of the classes that real write-ups showed the verb list missing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, parsePostmortem } from '../../../src/core/index.js';
import { aiSignals } from '../../../src/core/rules/_ai-signals.js';

/** A document about AI (so "the model" is an AI actor) with `prose` as a summary paragraph and `rows` as a timeline. */
function decisions(prose: string, rows: readonly string[] = []): string[] {
  const timeline = rows.length > 0 ? `\n\n## Timeline\n\n${rows.map((r) => `- ${r}`).join('\n')}` : '';
  const md = `# Incident\n\nWe run an LLM help desk.\n\n## Summary\n\n${prose}${timeline}\n`;
  return aiSignals(parsePostmortem(md), DEFAULT_CONFIG.phrases).decisions.map((d) => d.text);
}

describe('an AI actor as the subject of any finite verb is a decision', () => {
  const valid = [
    'The assistant told customers they had 90 days to report damage.',
    'The model blended the two refund policies into one.',
    'The chatbot was happy to oblige.',
    'The support bot in chat issued full refunds on 318 orders.',
    'Quillo, our contract-review assistant, flagged the clause.',
    'The agent did not ask for confirmation before the delete.',
    "The assistant's reply quoted a refund window that does not exist.",
    'The planner resolved "last month" as the last 30 days.',
    'The copilot wrote a migration that dropped the column.',
    'The assistant is intermittently giving answers from the old fee table.',
    'The support bot is closing tickets that still have open questions.',
  ];
  for (const sentence of valid) {
    it(`reads a decision in: ${sentence}`, () => {
      assert.deepEqual(decisions(sentence), [sentence]);
    });
  }
});

describe('an outage, a description or a correct output is no decision', () => {
  const invalid = [
    'The LLM kept timing out.',
    'Every caller heard that the assistant ran into an error.',
    'The chatbot experienced a spike in failed requests.',
    'The LLM voice agent went silent.',
    'The voice agent returned "Something went wrong" to every caller.',
    'The assistant uses GPT-4o through our gateway.',
    'The assistant answers billing questions.',
    'The assistant correctly transferred the call before the SIP trunk dropped it.',
    'The model used by support was retired last year.',
    'The agent was able to run for an hour.',
    'The scoring model did its job; the queue consumer lost the flags.',
    'The triage bot also opened the ticket in the tracker, as it is meant to.',
    'The planner worked as it should until the scheduler lost its lock.',
    'The assistant is running on our own GPUs this quarter.',
    'The agent is timing out on long tasks.',
    'The chatbot is being retired next month.',
  ];
  for (const sentence of invalid) {
    it(`reads no decision in: ${sentence}`, () => {
      assert.deepEqual(decisions(sentence), []);
    });
  }
});

describe('a present tense narrates in the timeline', () => {
  it('reads "gives" in a timeline entry as a decision and the same verb in the summary as a description', () => {
    const row = '09:14 UTC The help-center assistant gives the 90-day damage window.';
    assert.deepEqual(decisions('The help-center assistant gives answers from the KB.', [row]), [row]);
  });

  it('reads a past tense after a present one in the same summary sentence', () => {
    assert.deepEqual(
      decisions('The assistant answers billing questions, and the assistant promised a refund.'),
      ['The assistant answers billing questions, and the assistant promised a refund.'],
    );
  });
});

describe('a timeline row that retells an act the prose calls correct', () => {
  const prose = 'The triage bot correctly grouped the alerts and posted the summary to the channel.';
  it('is no decision when its verb is one the prose called correct', () => {
    assert.deepEqual(
      decisions(prose, ['10:02 UTC The triage bot posts the summary; the pager webhook returns 401.']),
      [],
    );
  });
  it('is still a decision when the bot did something else', () => {
    const row = '10:05 UTC The triage bot closed the incident as a duplicate.';
    assert.deepEqual(decisions(prose, [row]), [row]);
  });
});

describe("the AI's output as the subject of a past event", () => {
  /** A document that introduces Quillo as its drafting assistant, with `prose` as a summary paragraph. */
  const ofQuillo = (prose: string) =>
    aiSignals(
      parsePostmortem(
        `# Incident\n\nQuillo, our contract drafting assistant, writes first drafts for the legal team.\n\n## Summary\n\n${prose}\n`,
      ),
      DEFAULT_CONFIG.phrases,
    ).decisions.map((d) => d.text);
  const valid = [
    'On Tuesday some Quillo drafts were sent to clients with a clause that does not exist.',
    'The replies generated with prompt v12 stated a notice period of 60 days.',
    'Summaries produced by the new pipeline dropped every negation.',
  ];
  for (const sentence of valid)
    it(`reads a decision in: ${sentence}`, () => assert.deepEqual(ofQuillo(sentence), [sentence]));
  const invalid = [
    // A present tense describes the product; an outage is no output; a person's drafts are no AI's.
    'Quillo drafts are reviewed by a lawyer before they go out.',
    'Replies generated by the model timed out for an hour.',
    "The partner's drafts were sent to the client on Friday.",
    'The team drafts were sent to the client on Friday.',
  ];
  for (const sentence of invalid)
    it(`reads no decision in: ${sentence}`, () => assert.deepEqual(ofQuillo(sentence), []));
});
