/** Properties of `lint`, `parsePostmortem` and the fixes over hostile and mutated documents. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits, fixAll, fixEdits, lint, parsePostmortem, type Finding } from '../../src/core/index.js';
import {
  anyDocument,
  anyUtf16,
  assertFindingsWellFormed,
  assertRange,
  markdownish,
  mutatedDocument,
  params,
  SEED_DOCUMENTS,
} from './support.js';

const fix = (text: string) => fixAll(text, (t) => lint(t).findings);

/** Line-ending styles present in a text. */
function eolStyles(text: string): Set<string> {
  return new Set(text.match(/\r\n|\r|\n/g) ?? []);
}

describe('lint over any input', () => {
  it('has real documents to mutate', () => {
    assert.ok(SEED_DOCUMENTS.length >= 30, `found ${SEED_DOCUMENTS.length} seed documents`);
  });

  it('never throws on any UTF-16 string, and every range is inside the text', () => {
    fc.assert(
      fc.property(anyUtf16, (text) => assertFindingsWellFormed(text, lint(text).findings)),
      params(300),
    );
  });

  it('never throws on Markdown-like documents with mixed line endings, and every range is inside the text', () => {
    fc.assert(
      fc.property(markdownish, (text) => assertFindingsWellFormed(text, lint(text).findings)),
      params(400),
    );
  });

  it('never throws on mutations of the real corpus and the fixtures, and every range is inside the text', () => {
    fc.assert(
      fc.property(mutatedDocument, (text) => assertFindingsWellFormed(text, lint(text).findings)),
      params(250),
    );
  });

  it('is deterministic: two runs, and a run on a pre-parsed document, give the same findings', () => {
    fc.assert(
      fc.property(anyDocument, (text) => {
        const first = lint(text).findings;
        assert.deepEqual(lint(text).findings, first);
        assert.deepEqual(lint(text, { document: parsePostmortem(text) }).findings, first);
      }),
      params(150),
    );
  });
});

describe('parsePostmortem over any input', () => {
  it('keeps every section, row, item, comment and frontmatter range inside the text', () => {
    fc.assert(
      fc.property(anyDocument, (text) => {
        const doc = parsePostmortem(text);
        const n = text.length;
        for (const s of doc.sections) {
          assertRange(s.range, n, 'section');
          assertRange(s.headingRange, n, 'heading');
          assertRange(s.contentRange, n, 'section content');
        }
        for (const row of doc.timeline) {
          assertRange(row.range, n, 'timeline row');
          assertRange(row.textRange, n, 'timeline text');
          if (row.time) assertRange(row.time.range, n, 'timeline time');
          if (row.actor) assertRange(row.actor.range, n, 'timeline actor');
        }
        for (const item of doc.actionItems) {
          assertRange(item.range, n, 'action item');
          assertRange(item.textRange, n, 'action text');
          if (item.owner) assertRange(item.owner.range, n, 'owner');
          if (item.due) assertRange(item.due.range, n, 'due');
        }
        for (const c of doc.comments) {
          assertRange(c.range, n, 'comment');
          assert.ok(text.startsWith('<!--', c.range.start), 'a comment range starts at `<!--`');
        }
        for (const p of doc.problems) assertRange(p.range, n, `problem ${p.ruleId}`);
        const fm = doc.frontmatter;
        if (fm) {
          assertRange(fm.range, n, 'frontmatter');
          assertRange(fm.openingFence, n, 'opening fence');
          assert.ok(fm.base >= fm.range.start && fm.base <= n, 'frontmatter base inside the block');
        }
      }),
      params(300),
    );
  });
});

describe('fixes over any input', () => {
  it('are idempotent: fix(fix(x)) == fix(x), within the pass limit', () => {
    fc.assert(
      fc.property(anyDocument, (text) => {
        const once = fix(text);
        assert.ok(once.passes < 10, `fixes converge (took ${once.passes} passes)`);
        assert.equal(fix(once.text).text, once.text);
      }),
      params(200),
    );
  });

  it('touch only their ranges and keep the line endings, the BOM and the final newline', () => {
    fc.assert(
      fc.property(anyDocument, (text) => {
        const findings: readonly Finding[] = lint(text).findings;
        const edits = fixEdits(findings).sort((a, b) => a.range.start - b.range.start);
        const out = applyEdits(text, edits);
        // Walk the edits: every untouched stretch of the input appears, in order, in the output.
        let inPos = 0;
        let outPos = 0;
        for (const e of edits) {
          const kept = text.slice(inPos, e.range.start);
          assert.equal(
            out.slice(outPos, outPos + kept.length),
            kept,
            `text before offset ${e.range.start} unchanged`,
          );
          outPos += kept.length;
          assert.equal(out.slice(outPos, outPos + e.newText.length), e.newText);
          outPos += e.newText.length;
          inPos = e.range.end;
        }
        assert.equal(out.slice(outPos), text.slice(inPos), 'text after the last edit unchanged');
        for (const style of eolStyles(edits.map((e) => e.newText).join(''))) {
          assert.ok(
            eolStyles(text).has(style),
            `a fix adds only line endings the document already uses (added ${JSON.stringify(style)})`,
          );
        }
        assert.equal(out.startsWith('\uFEFF'), text.startsWith('\uFEFF'), 'BOM kept');
        if (edits.every((e) => e.range.end < text.length))
          assert.equal(/(\r\n|\r|\n)$/.test(out), /(\r\n|\r|\n)$/.test(text), 'final newline kept');
      }),
      params(200),
    );
  });
});

describe('applyEdits', () => {
  const editsFor = (text: string) =>
    fc.array(
      fc
        .record({
          a: fc.nat({ max: text.length }),
          b: fc.nat({ max: text.length }),
          newText: fc.string({ maxLength: 5 }),
        })
        .map(({ a, b, newText }) => ({ range: { start: Math.min(a, b), end: Math.max(a, b) }, newText })),
      { maxLength: 6 },
    );

  it('applies non-overlapping edits exactly and skips overlapping ones without throwing', () => {
    fc.assert(
      fc.property(
        anyUtf16.chain((text) => fc.tuple(fc.constant(text), editsFor(text))),
        ([text, edits]) => {
          const out = applyEdits(text, edits);
          // Oracle by another route: keep the edits that start at or after the previous kept edit's end
          // (in start order), then splice them into the text from the last to the first.
          const sorted = [...edits].sort(
            (a, b) => a.range.start - b.range.start || a.range.end - b.range.end,
          );
          const kept = sorted.filter(
            function keep(this: { end: number }, e) {
              if (e.range.start < this.end) return false;
              this.end = e.range.end;
              return true;
            },
            { end: 0 },
          );
          const expected = kept.reduceRight(
            (acc, e) => acc.slice(0, e.range.start) + e.newText + acc.slice(e.range.end),
            text,
          );
          assert.equal(out, expected);
          assert.equal(applyEdits(text, []), text);
        },
      ),
      params(300),
    );
  });
});
