/**
 * The AI rules read classes of wording, not sentences: bounded filler in phrases, infrastructure events that are not
 * decisions, action items judged by what they do, a prompt fix that does not hide a joined cause, and AI involvement
 * from general evidence with the non-AI senses of "agent", "model", "prompt" and "assistant" kept silent.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_PHRASES, DEFAULT_CONFIG, lint, parsePostmortem } from '../../src/core/index.js';
import { aiSignals, measuresOrGates } from '../../src/core/rules/_ai-signals.js';
import { phraseRegExp } from '../../src/core/rules/phrases.js';

const signals = (md: string) => aiSignals(parsePostmortem(md), DEFAULT_CONFIG.phrases);
const fired = (md: string, rule: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === rule)
    .map((f) => md.slice(f.range.start, f.range.end));
const matches = (list: readonly string[], text: string) => phraseRegExp(list).exec(text)?.[0];

describe('phrases tolerate bounded filler inside one clause', () => {
  it('reads a rerun that passed with several words between the verb and "and it passed"', () => {
    assert.equal(
      matches(
        BUILTIN_PHRASES.could_not_reproduce,
        'Ops reran the exact same prompt early the next morning and it passed.',
      ),
      'reran the exact same prompt early the next morning and it passed',
    );
    assert.equal(
      matches(BUILTIN_PHRASES.could_not_reproduce, 'We re-asked the question and they came back correct'),
      're-asked the question and they came back correct',
    );
  });

  it('does not let the filler run across a sentence end', () => {
    assert.equal(
      matches(
        BUILTIN_PHRASES.could_not_reproduce,
        'We reran the import. Later the checker ran and it passed.',
      ),
      undefined,
    );
    assert.equal(
      matches(BUILTIN_PHRASES.vendor_outage, 'There was an outage at our office. The vendor sent flowers.'),
      undefined,
    );
  });

  it('reads a vendor outage with a multi-word vendor description, and a tier beneath with words before it', () => {
    assert.equal(
      matches(BUILTIN_PHRASES.vendor_outage, 'An outage at our hosted speech-to-text API vendor.'),
      'outage at our hosted speech-to-text API vendor',
    );
    assert.equal(
      matches(BUILTIN_PHRASES.vendor_outage, 'The provider had a two-hour regional outage.'),
      'provider had a two-hour regional outage',
    );
    assert.ok(matches(BUILTIN_PHRASES.fourth_party_tiers, 'their primary GPU cloud failed'));
  });

  it('reads an outdated article or runbook however the clause is built, and the adjective before the noun', () => {
    const causes = BUILTIN_PHRASES.deterministic_causes;
    assert.equal(
      matches(causes, 'a help-center article which had been outdated for months'),
      'help-center article which had been outdated',
    );
    assert.equal(
      matches(causes, 'The runbook for replica failover was out of date'),
      'runbook for replica failover was out of date',
    );
    assert.equal(matches(causes, 'Stale KB article on refunds'), 'Stale KB article');
    assert.equal(matches(causes, 'The knowledge-base article was correct; nothing was outdated'), undefined);
  });

  it('reads a prompt fix with words before "prompt", but not a CLI confirmation prompt', () => {
    assert.equal(
      matches(BUILTIN_PHRASES.prompt_fix, 'We tweaked the booking assistant prompt and redeployed'),
      'tweaked the booking assistant prompt',
    );
    assert.equal(matches(BUILTIN_PHRASES.prompt_fix, 'We fixed the confirmation prompt'), undefined);
    assert.equal(matches(BUILTIN_PHRASES.prompt_fix, 'We fixed the [Y/n] prompt'), undefined);
  });

  it('fires behavior-rate on a long rerun in an AI incident and stays silent on the same words without AI', () => {
    const ai =
      '# X\n\nThe retrieval-augmented research assistant cited a case that does not exist.\n\n## Findings\n\nWe reran the same question the following afternoon and it passed.\n';
    assert.deepEqual(fired(ai, 'behavior-rate'), [
      'reran the same question the following afternoon and it passed',
    ]);
    assert.deepEqual(
      fired(
        '# X\n\n## Findings\n\nWe reran the nightly backup job the following afternoon and it passed.\n',
        'behavior-rate',
      ),
      [],
    );
  });
});

describe('an AI component in an outage is not the model deciding', () => {
  it('does not read "LLM calls to our vendor timed out" as the LLM calling something', () => {
    const s = signals(
      '# X\n\nCallers heard silence: the speech-to-text and LLM calls to our conversational AI vendor timed out.\n',
    );
    assert.equal(s.involved, true);
    assert.deepEqual(s.decisions, []);
  });

  it('does not read timing out, returning 503s, being rate limited or running out of memory as decisions', () => {
    for (const sentence of [
      'The LLM kept timing out.',
      'The model was returning 503s for an hour.',
      'LLM requests were rate limited.',
      'LLM responses were slow.',
      'The LLM ran out of GPU memory.',
      'LLM calls returned 429 errors.',
    ]) {
      assert.deepEqual(signals(`# X\n\n${sentence}\n`).decisions, [], sentence);
    }
  });

  it('still reads the same verbs as actions when the model acts', () => {
    // A present tense narrates in a timeline; in other prose it describes the system (next test).
    const timeline = (line: string) => `# X\n\n## Timeline\n\n- 09:00 UTC ${line}\n`;
    assert.equal(
      signals(timeline('The LLM calls the refund tool for every angry customer.')).decisions.length,
      1,
    );
    assert.equal(
      signals(
        '# X\n\nThe LLM assistant answers to the customer were wrong, and the LLM assistant sent a refund.\n',
      ).decisions.length,
      1,
    );
    assert.equal(
      signals(timeline('The LLM agent responds to every ticket that was delayed.')).decisions.length,
      1,
    );
    assert.equal(signals('# X\n\nThe LLM agent retried the call after it timed out.\n').decisions.length, 1);
  });

  it('reads a present tense outside the timeline as a description, not an event', () => {
    assert.deepEqual(
      signals('# X\n\nThe LLM calls the refund tool for every angry customer.\n').decisions,
      [],
    );
    assert.equal(
      signals('# X\n\nThe LLM called the refund tool for every angry customer.\n').decisions.length,
      1,
    );
  });

  it('reads a bot that drafted and Copilot that suggested as acting', () => {
    assert.deepEqual(
      signals(
        '# X\n\nThe bot drafted a reply promising a refund. Copilot suggested a force push.\n',
      ).decisions.map((d) => d.source),
      ['prose', 'prose'],
    );
  });

  it('fires neither decision rule on a vendor outage whose only AI sentences are infrastructure events', () => {
    const md =
      "# X\n\nThe LLM voice agent went silent: LLM calls to our vendor timed out.\n\n## Root cause\n\nProvider outage at our conversational AI vendor, in their cloud provider's region.\n\n## Action items\n\n- Add a second vendor (owner: @voice)\n";
    assert.deepEqual(
      [...fired(md, 'deterministic-root-cause'), ...fired(md, 'deterministic-action-items')],
      [],
    );
  });
});

describe('an action item counts by what it does to the behavior', () => {
  const behavior = (item: string) => measuresOrGates(item, BUILTIN_PHRASES.behavior_actions);

  it('counts an approval written as a noun, by role, and a required sign-off', () => {
    assert.equal(behavior('Require manager approval before the assistant approves any leave request'), true);
    assert.equal(behavior("Add a clinician's sign-off before the summary is sent"), true);
    assert.equal(
      behavior('Require a second approval from the on-call before the agent deletes a bucket'),
      true,
    );
  });

  it('counts a release gate, blocking a release and an n-case suite of model inputs', () => {
    assert.equal(behavior('Run the 150-case role-play suite in the release gate; block at above 0.5%'), true);
    assert.equal(behavior('Block the rollout until the replay rate is under 1%'), true);
    assert.equal(behavior('Add a 300-prompt regression set for refunds'), true);
  });

  it('does not count an item that writes something down, even where evals live', () => {
    assert.equal(behavior('Document the threshold and who may change it in the evals README'), false);
    assert.equal(behavior('Describe the eval suite in the onboarding guide'), false);
    assert.equal(behavior('Update the runbook wording'), false);
  });

  it('does not count a behavior word that only names a place, a team or the owner', () => {
    assert.equal(behavior('Ask the evals team to look at the dashboard'), false);
    assert.equal(behavior('Restore the threshold in the gate config (owner: @evals)'), false);
    assert.equal(behavior('Add the incident to the eval set'), true);
  });

  it('fires deterministic-action-items when the only eval word is in a documentation item', () => {
    const md =
      '# X\n\n## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 10:22 | Judge model | Concluded the summaries were faithful and passed the release. |\n\n## Action items\n\n- Restore the 0.8 threshold in the gate config (owner: @evals)\n- Document the threshold in the evals README (owner: @evals)\n';
    assert.deepEqual(fired(md, 'deterministic-action-items'), ['## Action items']);
    assert.deepEqual(
      fired(
        md.replace(
          'Document the threshold in the evals README',
          'Require manager approval before a judge threshold change',
        ),
        'deterministic-action-items',
      ),
      [],
    );
  });
});

describe('a root cause that opens with a prompt fix', () => {
  const doc = (cause: string) =>
    `# X\n\n## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 09:20 | Support bot | Decided the logouts were expected. |\n\n## Root cause\n\n${cause}\n`;

  it('reports a cause joined to "Bad prompt" that the phrase lists do not know', () => {
    assert.deepEqual(
      fired(
        doc('Bad prompt, plus the nightly sync job skipped the sessions table.'),
        'deterministic-root-cause',
      ),
      ['the nightly sync job skipped the sessions table'],
    );
  });

  it('reports a known deterministic cause later in the same sentence', () => {
    assert.deepEqual(
      fired(doc('Bad prompt, plus a knowledge-base article that was outdated.'), 'deterministic-root-cause'),
      ['knowledge-base article that was outdated'],
    );
  });

  it('leaves a prompt fix that only explains the prompt to fix-the-prompt', () => {
    assert.deepEqual(
      fired(doc('Bad prompt: it told the bot to be generous with policies.'), 'deterministic-root-cause'),
      [],
    );
  });
});

describe('AI involvement from general evidence', () => {
  it('recognises an assistant acting on instructions hidden in an email, and its actor rows as decisions', () => {
    const md =
      '# X\n\nAn external email held white-on-white text instructing "the assistant" to forward the deck.\n\n## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 07:42 | Email assistant | Decided to forward the deck. |\n| 15:20 | Executive assistant | Noticed the sent item. |\n';
    const s = signals(md);
    assert.equal(s.involved, true);
    assert.deepEqual(
      s.decisions.map((d) => d.text),
      ['Decided to forward the deck.'],
    );
  });

  it('recognises a bot that drafts text, sampling settings, token counts and versioned model names', () => {
    for (const text of [
      'The bot drafted a reply promising a refund.',
      'The summarizer ran with temperature 0.9.',
      'Answers were cut at max_tokens.',
      'The context window filled up.',
      'Routing moved to Claude 3.5 Sonnet.',
      'We pinned GPT-4o.',
      'The team runs Llama 3 on-prem.',
    ]) {
      assert.equal(signals(`# X\n\n${text}\n`).involved, true, text);
    }
  });

  it('keeps people, daemons, data models and shell prompts silent', () => {
    for (const text of [
      'A phishing email instructed the executive assistant to wire funds, and the assistant did so.',
      'The support agent drafted a reply promising a refund.',
      'The ssh-agent forwarded keys and the monitoring agent ran out of disk.',
      'The dbt data model was wrong after the migration.',
      'The shell prompt hung and the login prompt timed out.',
      'The room temperature was 1.5 degrees above target.',
      'The disk used a GPT partition table and the bootloader failed.',
      'The llama farm booking site was down for an hour.',
    ]) {
      assert.equal(signals(`# X\n\n${text}\n`).involved, false, text);
    }
  });

  it('does not make a human or daemon actor cell an AI decision in a document about AI', () => {
    const md =
      '# X\n\nThe LLM assistant triages mail.\n\n## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 09:00 | Executive assistant | Noticed the sent item. |\n| 09:05 | Support agent | Replied to the customer. |\n| 09:06 | Build agent | Chose the cached layer. |\n| 09:07 | Mail assistant | Forwarded the deck. |\n';
    assert.deepEqual(
      signals(md).decisions.map((d) => d.source),
      ['actor'],
    );
  });
});

describe('the new patterns stay linear on hostile input', () => {
  it('returns on long lines built from the new patterns', () => {
    const line = `${'reran the '.repeat(5_000)}${'LLM calls to '.repeat(5_000)}${'hidden text '.repeat(5_000)}${'article that '.repeat(5_000)}`;
    const md = `# X\n\nThe LLM assistant answers.\n\n${line}\n\n## Root cause\n\nBad prompt, plus ${'and '.repeat(10_000)}\n\n## Action items\n\n- ${'Document the evals '.repeat(5_000)}\n`;
    const findings = lint(md).findings.map((f) => f.ruleId);
    assert.ok(findings.includes('ai-context'));
  });
});
