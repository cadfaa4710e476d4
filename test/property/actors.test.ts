/**
 * `buildActors` compiles the big actor expressions once and, per text, runs the variant with only the aliases that
 * text contains. That must give exactly the matches of the expressions compiled with every alias: the same `test`,
 * and the same sequence of `exec` matches (index and text) that `subjectVerbIn` walks through with `lastIndex`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildActors, compileActors, firstAct, subjectVerbIn } from '../../src/core/rules/_ai-signals.js';
import { BUILTIN_PHRASES } from '../../src/core/rules/phrases.js';
import { params } from './support.js';

const ALIASES = [
  'refund agent',
  'triage-agent',
  'Aria',
  'drift agent',
  'the planner bot',
  'Kéa',
  'ops copilot',
  'agent',
];
const WORDS = [
  ...ALIASES,
  'REFUND AGENT',
  'aria',
  'the',
  'our',
  'agent',
  'assistant',
  'model',
  'LLM',
  'bot',
  'of',
  'from',
  'decided',
  'chose',
  'concluded',
  'ran',
  'deleted',
  'replied',
  'kept',
  'retrying',
  'timed out',
  'then',
  'immediately',
  'and',
  ',',
  '.',
  ';',
  'no',
  'nothing',
  'İ',
  'ß',
  'K',
  'user',
  'ticket',
  'refund',
  'on',
  'ticket 42',
  '(see runbook)',
  'that',
  'it',
  'was',
  'calls',
];

function matches(re: RegExp, text: string): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push([m.index, m[0]]);
    if (!re.global) break;
    re.lastIndex = m.index + 1;
  }
  re.lastIndex = 0;
  return out;
}

test('per-text alias variants match exactly like the expressions compiled with every alias', () => {
  fc.assert(
    fc.property(
      fc.subarray(ALIASES, { minLength: 1 }),
      fc.boolean(),
      fc.array(
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 24 }).map((w) => w.join(' ')),
        { minLength: 1, maxLength: 6 },
      ),
      (aliases, aiDocument, texts) => {
        const fast = buildActors(BUILTIN_PHRASES, aliases, aiDocument);
        const full = compileActors(BUILTIN_PHRASES, aliases, aiDocument);
        for (const text of texts) {
          assert.equal(fast.any.test(text), full.any.test(text), `any on ${JSON.stringify(text)}`);
          assert.deepEqual(
            matches(fast.subjectVerb, text),
            matches(full.subjectVerb, text),
            `subjectVerb on ${JSON.stringify(text)}`,
          );
          // The head test and the memo: the first act, twice (the second from the memo), as without either.
          const expected = firstAct(text, full.subjectVerb);
          for (let i = 0; i < 2; i++) {
            const got = subjectVerbIn(text, fast);
            assert.deepEqual(
              got && [got.index, got[0]],
              expected && [expected.index, expected[0]],
              `subjectVerbIn on ${JSON.stringify(text)}`,
            );
          }
        }
      },
    ),
    params(300),
  );
});

test('an alias in a text changes the match (the comparison above is not vacuous)', () => {
  const fast = buildActors(BUILTIN_PHRASES, ['Aria'], true);
  const plain = buildActors(BUILTIN_PHRASES, [], true);
  assert.deepEqual(matches(fast.subjectVerb, 'Then Aria decided to refund the order.'), [
    [5, 'Aria decided'],
  ]);
  assert.deepEqual(matches(plain.subjectVerb, 'Then Aria decided to refund the order.'), []);
  assert.equal(fast.any.test('aria'), true);
  assert.equal(subjectVerbIn('Then Aria decided to refund the order.', fast)?.index, 5);
  assert.equal(subjectVerbIn('Then Aria decided to refund the order.', plain), undefined);
  assert.equal(fast.any.test('the aura'), false);
});
