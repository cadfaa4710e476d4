/** The AI rules meet their targets on the labelled postmortems and stay silent on real postmortems without AI. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  AI_RULES,
  LABELLED_RULES,
  REAL_NON_AI,
  SETS,
  SHARED_DOCUMENTS,
  aiFindings,
  evaluate,
  evaluateSet,
  figures,
} from '../scripts/eval-lib.js';
import { needsShared, sharedPath } from '../scripts/shared-folder.js';
import { ruleProse } from '../scripts/docs-lib.js';

describe('rule quality on the labelled fixtures', () => {
  const { files, scores, unread, unreadReason } = evaluate(SETS.tuned);

  it('has at least 40 labelled postmortems', () => assert.ok(files >= 40, `${files} files`));

  for (const rule of AI_RULES) {
    it(`${rule} has precision >= 0.95 and recall >= 0.9`, () => {
      const s = scores.find((x) => x.rule === rule)!;
      assert.ok(s.tp > 0, 'the labels hold at least one document where the rule must fire');
      assert.ok(
        s.precision >= 0.95,
        `precision ${s.precision.toFixed(2)}; false positives: ${s.falsePositives.join(', ')}`,
      );
      assert.ok(
        s.recall >= 0.9,
        `recall ${s.recall.toFixed(2)}; false negatives: ${s.falseNegatives.join(', ')}`,
      );
    });
  }

  // The figures a page's "## Measured" prose quotes count the labelled real postmortems of the shared folder too.
  const heldout = evaluate(SETS.heldout);
  for (const rule of LABELLED_RULES) {
    it(
      `${rule}'s page states its current tuned and held-out figures in its Measured prose`,
      { skip: unread.length > 0 ? unreadReason : false },
      () => {
        const s = scores.find((x) => x.rule === rule)!;
        const h = heldout.scores.find((x) => x.rule === rule)!;
        const measured = ruleProse(rule, readFileSync(`docs/rules/${rule}.md`, 'utf8')).measured ?? '';
        assert.ok(
          measured.includes(
            `precision ${s.precision.toFixed(2)}, recall ${s.recall.toFixed(2)} (${s.tp} documents`,
          ),
          measured,
        );
        assert.ok(
          measured.includes(`On the ${heldout.files} held-out postmortems`) && measured.includes(figures(h)),
          `${measured}\nexpected held-out: ${figures(h)}`,
        );
      },
    );
  }

  it(
    'reports no AI-rule finding on the real postmortems without AI',
    { skip: needsShared(REAL_NON_AI) },
    () => {
      const dir = sharedPath(REAL_NON_AI);
      assert.equal(readdirSync(dir).filter((f) => f.endsWith('.md')).length, 24);
      assert.deepEqual(aiFindings(dir), []);
    },
  );
});

describe('labelled sets whose documents are in the shared folder', () => {
  function labels(content: Record<string, unknown> | undefined): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-labels-'));
    mkdirSync(dir, { recursive: true });
    if (content) writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(content));
    return dir;
  }

  it('reads a set without labels.json as unlabelled and scores nothing', () => {
    const e = evaluate(labels(undefined), { documents: 'corpus/ai-writeups' });
    assert.deepEqual([e.labelled, e.files, e.scores.length], [false, 0, 0]);
  });

  it('keeps the AI write-ups set pointed at the shared write-ups, with its labels in the project', () => {
    assert.equal(SETS['ai-writeups'], 'test/fixtures/ai-writeups');
    assert.equal(SHARED_DOCUMENTS['ai-writeups'], 'corpus/ai-writeups');
    const e = evaluateSet('ai-writeups');
    if (e.labelled) assert.ok(e.files > 0 || e.unread.length > 0, 'a labels file lists write-ups');
  });

  it('refuses a label that is not a list of rule ids, naming the key', () => {
    assert.throws(
      () => evaluate(labels({ 'a.md': 'ai-context' })),
      /`a\.md` must map to an array of rule ids/,
    );
  });

  const writeups = SHARED_DOCUMENTS['ai-writeups']!;
  it(
    'scores plain keys as write-ups of the shared folder, and calls a key naming no write-up a broken pointer',
    { skip: needsShared(writeups) },
    () => {
      const control = readdirSync(sharedPath(writeups)).find((f) => f.startsWith('w28-'))!;
      const e = evaluate(labels({ $comment: 'x', [control]: [] }), { documents: writeups });
      assert.deepEqual([e.labelled, e.files, e.unread], [true, 1, []]);
      assert.equal(e.scores.length, LABELLED_RULES.length);
      assert.throws(
        () => evaluate(labels({ 'w99-no-such-write-up.md': [] }), { documents: writeups }),
        /w99-no-such-write-up\.md is not in the shared folder .*pointer to it is broken/,
      );
    },
  );
});
