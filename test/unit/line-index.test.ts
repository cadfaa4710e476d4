import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../src/core/index.js';

describe('LineIndex', () => {
  const cases: Array<[string, string, number, [number, number]]> = [
    ['counts LF lines', 'ab\ncd', 3, [2, 1]],
    ['counts CRLF as one line ending', 'ab\r\ncd', 4, [2, 1]],
    ['counts a lone CR as a line ending', 'ab\rcd', 3, [2, 1]],
    ['puts an offset inside CRLF on the first line', 'ab\r\ncd', 3, [1, 4]],
    ['measures columns in UTF-16 code units', '𐐀b\nc', 2, [1, 3]],
    ['clamps offsets past the end', 'ab', 99, [1, 3]],
    ['clamps negative offsets', 'ab', -5, [1, 1]],
  ];
  for (const [name, text, offset, [line, column]] of cases) {
    it(name, () => assert.deepEqual(new LineIndex(text).position(offset), { line, column }));
  }

  it('round-trips every offset of a mixed text through line and column', () => {
    const text = 'a\r\nbb\rccc\n\ndd';
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const { line, column } = index.position(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue;
      assert.equal(index.offset(line, column), o, `offset ${o}`);
    }
    assert.equal(index.lineCount, 5);
  });
});
