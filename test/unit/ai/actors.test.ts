/**
 * Actors (ai/actors.ts): who is an AI in a document. Each table holds sentences that must name an AI actor and sentences
 * that must not (people and daemons with the same heads, words that only look like names).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, parsePostmortem } from '../../../src/core/index.js';
import { aiSignals } from '../../../src/core/rules/_ai-signals.js';
import {
  aiActor,
  botNames,
  declaredAliases,
  describedNames,
  frontmatterNames,
  humanOrDaemon,
  introducedNames,
  namedSystems,
} from '../../../src/core/rules/ai/actors.js';

const sentencesOf = (text: string) => text.split(/(?<=[.!?])\s+/);

describe('generic heads with their modifiers', () => {
  for (const [text, name] of [
    ['The help-center assistant gave the old window.', 'help-center assistant'],
    ['Our kernel-writing agent rewrote the loop.', 'kernel-writing agent'],
    ['The triage agent closed 40 issues.', 'triage agent'],
  ] as const) {
    it(`names "${name}" a job-named system in: ${text}`, () =>
      assert.ok(namedSystems(text).includes(name), JSON.stringify(namedSystems(text))));
  }
  for (const text of [
    'A support agent refunded the order.',
    'The build agent ran out of disk.',
    'The executive assistant booked the room.',
    "The CEO's assistant called.",
    'The Grafana agent stopped shipping metrics.',
  ]) {
    it(`names no job-named system (a person or a daemon) in: ${text}`, () =>
      assert.deepEqual(namedSystems(text), []));
  }
  for (const cell of ['Support agent', 'Build agent', 'Executive assistant', 'Jenkins agent']) {
    it(`reads the timeline actor cell "${cell}" as a person or a daemon`, () =>
      assert.equal(humanOrDaemon(cell), true));
  }
  it('reads a role cell such as "Re-ranker" as an AI only in a document about AI', () => {
    const any = /$^/;
    assert.equal(aiActor('Re-ranker', { any, aiDocument: true }), true);
    assert.equal(aiActor('Re-ranker', { any, aiDocument: false }), false);
    assert.equal(aiActor('Support agent', { any, aiDocument: true }), false);
  });
});

describe('names in apposition and after AI words', () => {
  for (const [text, name] of [
    ['DataPal, our analytics assistant, wrote the query.', 'datapal'],
    ['Our support chatbot (Ava) offered a refund.', 'ava'],
    ['Atlas, our triage agent, closed the ticket.', 'atlas'],
    ['Ask HR is the internal assistant on the intranet.', 'ask hr'],
    ['ReviewBot is the code-review assistant that comments on every PR.', 'reviewbot'],
    ['Ask Legal is the assistant on our intranet that answers contract questions.', 'ask legal'],
    ['Scout is the assistant in our mobile app that suggests trails.', 'scout'],
  ] as const) {
    it(`introduces "${name}" in: ${text}`, () =>
      assert.ok(introducedNames(text).includes(name), JSON.stringify(introducedNames(text))));
  }
  for (const text of [
    'Dana, our support agent, refunded it.',
    'Jenkins, our build agent, failed.',
    'Priya, our assistant, booked it.',
    'Priya is our executive assistant.',
    'Dana is the support agent on call.',
    'Jenkins is our build agent.',
    'Mo Okafor, the support assistant who ran the test plan, signed it off.',
    'Lena is the assistant in our office who books travel.',
    'Lena is the assistant.',
  ]) {
    it(`introduces no AI name (a person or a daemon) in: ${text}`, () =>
      assert.deepEqual(introducedNames(text), []));
  }
  it('takes the noun after "LLM" as an AI name, not a verb or infrastructure', () => {
    assert.ok(declaredAliases('our LLM ticket summarizer wrote it').includes('summarizer'));
    assert.deepEqual(
      declaredAliases('LLM calls to our vendor timed out; the GPT partition table was fine'),
      [],
    );
  });
});

describe('names the prose describes as an AI by structure', () => {
  for (const [text, name] of [
    [
      'On 6 Oct the team asked Querybot (the natural-language query assistant in Looker, GPT-4.1 under the hood) for revenue.',
      'querybot',
    ],
    ['Atlas receives alerts and picks a runbook. It runs on Gemini 2.5 Pro.', 'atlas'],
    ['Penny answers from the knowledge base and is served by GPT-4o.', 'penny'],
    ["We pushed a change to jarvis's system prompt.", 'jarvis'],
  ] as const) {
    it(`finds "${name}" in: ${text}`, () =>
      assert.ok(
        describedNames(text, sentencesOf(text)).includes(name),
        JSON.stringify(describedNames(text, sentencesOf(text))),
      ));
  }
  for (const text of [
    'Redis (the cache in us-east-1) ran out of memory.',
    'Maria (our support agent on call) answered the ticket.',
    'Dana updated the system prompt. It runs on every deploy.',
    'Kafka runs on three brokers. It uses ZooKeeper.',
  ]) {
    it(`finds no AI name in: ${text}`, () => assert.deepEqual(describedNames(text, sentencesOf(text)), []));
  }
  it('reads "…bot" names as bots, less the known scripts', () => {
    assert.deepEqual(botNames('Querybot and ReviewBot answered; Dependabot opened a PR.'), [
      'querybot',
      'reviewbot',
    ]);
  });
});

describe('names introduced in the frontmatter', () => {
  it('reads the roles of a models map and of a pipeline list as AI actors ("planner" is a generic head already)', () => {
    const names = frontmatterNames({
      pipeline: 'campaign-studio multi-agent (planner → copywriter → brand judge)',
      models: { planner: 'gpt-5-mini', copywriter: 'claude-sonnet-4-5' },
    });
    for (const n of ['copywriter', 'brand judge']) assert.ok(names.includes(n), JSON.stringify(names));
    assert.ok(!names.includes('planner'), JSON.stringify(names));
  });
  it('reads a service described as an agent, and an agent key, as AI names', () => {
    assert.deepEqual(frontmatterNames({ services: ['orders-pg-03', 'Atlas (auto-remediation agent)'] }), [
      'atlas',
    ]);
    assert.deepEqual(frontmatterNames({ agent: 'Scout' }), ['scout']);
  });
  it('reads no AI name in an ordinary frontmatter', () => {
    assert.deepEqual(
      frontmatterNames({
        title: 'Disk full (orders-pg-03)',
        services: ['checkout (eu)', 'Redis'],
        authors: ['Dana Okafor'],
      }),
      [],
    );
  });
  it('makes a name the frontmatter introduces an actor whose acts are decisions', () => {
    const text =
      '---\ntitle: x\nservices: [Atlas (triage agent)]\n---\n# X\n\n## Summary\n\nAtlas deleted the WAL segments.\n\n## Root cause\n\nThe runbook was ambiguous.\n';
    const signals = aiSignals(parsePostmortem(text), DEFAULT_CONFIG.phrases);
    assert.equal(signals.decisions[0]?.text, 'Atlas deleted the WAL segments.');
  });
});

describe('phrase lists a team extends', () => {
  it('has no built-in decision verbs (any finite verb counts) yet still counts the verbs a team adds in .postmortem.json', async () => {
    const { mergePhrases, BUILTIN_PHRASES } = await import('../../../src/core/rules/phrases.js');
    assert.deepEqual(BUILTIN_PHRASES.agent_decision_verbs, []);
    const text = '# X\n\n## Summary\n\nThe triage agent included the staging namespace.\n';
    const decisions = (phrases: typeof BUILTIN_PHRASES) =>
      aiSignals(parsePostmortem(text), phrases).decisions.length;
    // "included" is a stative verb (a description, not an event) until a team lists it as a decision verb.
    assert.equal(decisions(BUILTIN_PHRASES), 0);
    assert.equal(decisions(mergePhrases({ agent_decision_verbs: ['included'] })), 1);
  });
});

describe('a name introduced as a software assistant makes the document about AI', () => {
  const decisionsOf = (md: string) =>
    aiSignals(parsePostmortem(md), DEFAULT_CONFIG.phrases).decisions.map((d) => d.text.trim());
  it('reads the act of an assistant introduced only by a place in a product and a relative clause', () => {
    const md =
      '# Wrong fee\n\nAsk Legal is the assistant on our intranet that answers contract questions.\n\n## Timeline\n\n- 10:02 UTC Ask Legal quoted the 2023 notice period to a manager.\n';
    assert.deepEqual(decisionsOf(md), ['10:02 UTC Ask Legal quoted the 2023 notice period to a manager.']);
  });
  it('reads no act of a person introduced in apposition with "who"', () => {
    const md =
      '# Double refund\n\nMo Okafor, the support assistant who ran the test plan, signed it off.\n\n## Timeline\n\n- 10:02 UTC Mo Okafor approved the macro.\n';
    assert.deepEqual(decisionsOf(md), []);
  });
});
