/** Properties of `LineIndex`, the only offset ↔ line/column conversion. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../src/core/index.js';
import { anyUtf16, markdownish, params } from './support.js';

const text = fc.oneof(
  anyUtf16,
  markdownish,
  fc.array(fc.constantFrom('a', '\r', '\n', '\r\n', '😀'), { maxLength: 40 }).map((p) => p.join('')),
);

describe('LineIndex', () => {
  it('round-trips every offset through its line and column, and positions grow with offsets', () => {
    fc.assert(
      fc.property(text, (t) => {
        const index = new LineIndex(t);
        assert.equal(index.lineCount, (t.match(/\r\n|\r|\n/g) ?? []).length + 1);
        let previous = { line: 1, column: 0 };
        for (let o = 0; o <= t.length; o++) {
          const p = index.position(o);
          assert.ok(p.line >= 1 && p.line <= index.lineCount && p.column >= 1);
          assert.ok(
            p.line > previous.line || (p.line === previous.line && p.column === previous.column + 1),
            `position of ${o} follows that of ${o - 1}`,
          );
          assert.equal(index.offset(p.line, p.column), o);
          assert.equal(index.lineStart(p.line), o - p.column + 1);
          previous = p;
        }
      }),
      params(300),
    );
  });

  it('clamps offsets and positions outside the text instead of throwing', () => {
    fc.assert(
      fc.property(text, fc.integer(), fc.integer(), (t, o, l) => {
        const index = new LineIndex(t);
        const p = index.position(o);
        assert.deepEqual(p, index.position(Math.max(0, Math.min(o, t.length))));
        const back = index.offset(l, o);
        assert.ok(back >= 0 && back <= t.length);
      }),
      params(200),
    );
  });
});
