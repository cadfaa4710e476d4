/**
 * The AI rules read a long document paragraph by paragraph and remember each paragraph's and sentence's result by its
 * text (ai/memo.ts), so a re-lint after a keystroke reads what changed. These tests hold the pieces to what they replace:
 * the paragraph split to the text, the body's sentences to one split of the whole body, the label scan to a scan of the
 * whole text, and a lint after edits to a fresh lint of the same text.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIncrementalLinter, lint } from '../../../src/core/index.js';
import { parsePostmortem } from '../../../src/core/document/parse.js';
import {
  blockOf,
  body,
  labelledBlocks,
  sentences,
  sentenceSpans,
} from '../../../src/core/rules/ai/blocks.js';
import {
  createMemoScope,
  inMemoScope,
  matchesIn,
  memoByOwner,
  memoText,
  namesIn,
  paragraphs,
} from '../../../src/core/memo.js';

/** A seeded generator of Markdown with blank lines of every kind, CRLF, headings, lists, tables and labels. */
function randomMarkdown(seed: number, lines: number): string {
  let s = seed;
  const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const pieces = [
    '',
    '   ',
    '\t',
    '# Root cause',
    '## Timeline',
    '**Root cause:** the assistant quoted the old window.',
    'Root cause - the index was stale; it told users 90 days.',
    '- 09:14 UTC The assistant gives the 90-day window.',
    '| 09:15 | agent | refunded the order |',
    'It said so. Then? Yes; no.',
    '**Why**',
    'Going forward, we gate the refunds.',
    '1. Replay 200 conversations',
    '> quoted line.',
    'A sentence that runs on without an end',
  ];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(pick(pieces));
  return out.join(next() < 0.3 ? '\r\n' : '\n') + (next() < 0.5 ? '\n' : '');
}

describe('paragraphs of a text', () => {
  it('put together are the text, each a run of whole lines opened by a blank line', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const text = randomMarkdown(seed, 80);
      const from = seed % 3 === 0 ? text.indexOf('\n') + 1 : 0;
      const parts = paragraphs(text, from);
      assert.equal(parts.map((p) => p.text).join(''), text.slice(from), `seed ${seed}`);
      for (const [i, p] of parts.entries()) {
        assert.equal(text.slice(p.start, p.start + p.text.length), p.text);
        if (i === 0) continue;
        assert.equal(text[p.start - 1], '\n', `seed ${seed}: piece ${i} starts a line`);
        assert.match(
          p.text.split('\n')[0]!,
          /^[ \t\r]*$/,
          `seed ${seed}: piece ${i} opens with a blank line`,
        );
      }
    }
  });

  it('cut a text without blank lines nowhere', () => {
    assert.deepEqual(
      paragraphs('one\ntwo\nthree').map((p) => p.text),
      ['one\ntwo\nthree'],
    );
    assert.deepEqual(
      paragraphs('one\n\ntwo\n  \nthree').map((p) => p.text),
      ['one\n', '\ntwo\n', '  \nthree'],
    );
  });
});

describe('the sentences of a long body, split paragraph by paragraph', () => {
  it('are the sentences of one split of the whole body', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const text = randomMarkdown(seed, 400);
      const document = parsePostmortem(text);
      const block = body(document);
      assert.ok(block.range.end - block.range.start > 4096, 'long enough to be split by paragraph');
      const spans = sentenceSpans(text.slice(block.range.start, block.range.end));
      const whole: Array<{ start: number; end: number; text: string }> = [];
      for (let i = 0; i < spans.length; i += 2)
        whole.push({
          start: block.range.start + spans[i]!,
          end: block.range.start + spans[i + 1]!,
          text: text
            .slice(block.range.start + spans[i]!, block.range.start + spans[i + 1]!)
            .replace(/\s/g, ' '),
        });
      const split = sentences(block, text).map((s) => ({ ...s.range, text: s.text }));
      assert.deepEqual(split, whole, `seed ${seed}`);
    }
  });

  it('of a short block are split in one piece, with the same result', () => {
    const text = 'The assistant said 90 days.\n\nIt was wrong; we fixed it.\n';
    const block = blockOf(text, { start: 0, end: text.length });
    assert.deepEqual(
      sentences(block, text).map((s) => s.text),
      ['The assistant said 90 days.', ' It was wrong;', ' we fixed it.'],
    );
  });
});

describe('labelled paragraphs found paragraph by paragraph', () => {
  it('are those a scan of the whole text finds', () => {
    const label = String.raw`root[- ]?causes?|rca|causes?|why it happened`;
    const re = new RegExp(
      String.raw`^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:${label})(?:\*\*|__)?[ \t]*(?:\*\*|__)?[:—–-](?:\*\*|__)?[ \t]*`,
      'gim',
    );
    for (let seed = 1; seed <= 20; seed++) {
      const text = randomMarkdown(seed, 120);
      const expected: Array<[number, number]> = [];
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const start = m.index + m[0].length;
        const blank = /\n[ \t]*\r?\n/g;
        blank.lastIndex = start;
        const end = blank.exec(text)?.index ?? text.length;
        if (end > start) expected.push([start, end]);
      }
      const found = labelledBlocks(parsePostmortem(text), label).map((b) => [b.range.start, b.range.end]);
      assert.deepEqual(found, expected, `seed ${seed}`);
    }
  });
});

describe('memos', () => {
  it('remember in the scope they run in, return what the function returned, and drop the oldest text when full', () => {
    let calls = 0;
    const length = memoText((t: string) => (calls++, t.length), 2);
    const scope = createMemoScope();
    inMemoScope(scope, () => {
      assert.equal(length('ab'), 2);
      assert.equal(length('ab'), 2);
      assert.equal(calls, 1);
      length('abc');
      length('abcd'); // "ab" is dropped
      assert.equal(length('ab'), 2);
      assert.equal(calls, 4);
    });
    // Another scope (another open document) remembers its own texts.
    inMemoScope(createMemoScope(), () => length('abcd'));
    assert.equal(calls, 5);
    inMemoScope(scope, () => length('abcd'));
    assert.equal(calls, 5);
  });

  it("keep only the last owner's texts with `latest`, as a document whose names changed reads with new expressions", () => {
    let calls = 0;
    const read = memoByOwner((owner: { readonly n: number }, t: string) => (calls++, owner.n + t.length), {
      latest: true,
    });
    const [a, b] = [{ n: 1 }, { n: 2 }];
    inMemoScope(createMemoScope(), () => {
      assert.equal(read(a, 'x'), 2);
      assert.equal(read(a, 'x'), 2);
      assert.equal(calls, 1);
      assert.equal(read(b, 'x'), 3);
      assert.equal(read(a, 'x'), 2, 'the first owner was dropped: read again');
      assert.equal(calls, 3);
    });
  });

  it('remember nothing outside a scope, so a run over many files keeps none of their text', () => {
    let calls = 0;
    const length = memoText((t: string) => (calls++, t.length));
    length('ab');
    length('ab');
    assert.equal(calls, 2);
  });

  it('answer a test over paragraphs and a union of names as one scan of their text would', () => {
    const parts = [{ text: 'nothing here\n' }, { text: '\nthe Atlas bot replied\n' }];
    assert.equal(matchesIn(/atlas bot/i, parts), true);
    assert.equal(matchesIn(/nothing\s+the/i, parts), false);
    const names = (t: string) => [...t.matchAll(/\b[A-Z]\w+/g)].map((m) => m[0]);
    assert.deepEqual(namesIn(names, [{ text: 'Atlas and Quill' }, { text: 'Quill then Scout' }]), [
      'Atlas',
      'Quill',
      'Scout',
    ]);
  });
});

describe('a re-lint after edits', () => {
  it('gives the findings of a fresh lint of the same text', () => {
    const base = [
      '# Refund agent approved out-of-policy refunds',
      '',
      '## Summary',
      '',
      'Atlas, our refunds agent, approved 40 refunds over the limit. We could not reproduce it.',
      '',
      '## Timeline',
      '',
      '- 09:14 UTC Atlas approves a refund of 900 EUR.',
      '- 09:20 UTC On-call pauses Atlas.',
      '',
      '## Root cause',
      '',
      'The refund runbook was out of date.',
      '',
      '## Action items',
      '',
      '- Update the runbook (owner: @ops)',
      '',
    ].join('\n');
    const filler = Array.from(
      { length: 300 },
      (_, i) => `Paragraph ${i} says the index was rebuilt on time.\n`,
    ).join('\n');
    let text = `${base}\n${filler}`;
    const linter = createIncrementalLinter();
    linter.lint(text);
    const edits: Array<(t: string) => string> = [
      (t) => t.replace('We could not reproduce it.', 'It happened in some cases.'),
      (t) =>
        t.replace(
          'The refund runbook was out of date.',
          'Atlas misread the runbook and chose the wrong case.',
        ),
      (t) => t.replace('Paragraph 7 says', 'Paragraph 7, in short, says'),
      (t) => t.replace('\n\n## Root cause', '\n## Root cause'),
    ];
    for (const edit of edits) {
      text = edit(text);
      const incremental = linter.lint(text).findings;
      assert.deepEqual(incremental, lint(text).findings);
    }
    assert.ok(lint(text).findings.length > 0, 'the document has findings to compare');
  });
});
