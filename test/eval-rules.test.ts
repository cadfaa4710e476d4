/** The AI rules meet their targets on the labelled postmortems and stay silent on real postmortems without AI. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES } from '../src/core/index.js';
import { AI_RULES, LABELLED_RULES, SETS, aiFindings, evaluate, figures } from '../scripts/eval-lib.js';

describe('rule quality on the labelled fixtures', () => {
  const { files, scores } = evaluate('test/fixtures/labelled');

  it('has at least 40 labelled postmortems', () => assert.ok(files >= 40, `${files} files`));

  for (const rule of AI_RULES) {
    it(`${rule} has precision >= 0.95 and recall >= 0.9`, () => {
      const s = scores.find((x) => x.rule === rule)!;
      assert.ok(s.tp > 0, 'the labels hold at least one document where the rule must fire');
      assert.ok(s.precision >= 0.95, `precision ${s.precision.toFixed(2)}; false positives: ${s.falsePositives.join(', ')}`);
      assert.ok(s.recall >= 0.9, `recall ${s.recall.toFixed(2)}; false negatives: ${s.falseNegatives.join(', ')}`);
    });
  }

  const heldout = evaluate(SETS.heldout);
  for (const rule of LABELLED_RULES) {
    it(`${rule} states its current tuned and held-out figures in docs.measured`, () => {
      const s = scores.find((x) => x.rule === rule)!;
      const h = heldout.scores.find((x) => x.rule === rule)!;
      const measured = RULES.find((r) => r.id === rule)?.docs.measured ?? '';
      assert.ok(measured.includes(`precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)} (${s.tp} documents`), measured);
      assert.ok(measured.includes(`On the ${heldout.files} held-out postmortems`) && measured.includes(figures(h)), `${measured}\nexpected held-out: ${figures(h)}`);
    });
  }

  it('reports no AI-rule finding on the real postmortems without AI', () => {
    assert.deepEqual(aiFindings('test/fixtures/corpus/markdown'), []);
  });
});
