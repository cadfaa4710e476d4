/** Every input a property test once failed on stays a regression test (test/fixtures/property). */
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, lint, parsePostmortem } from '../../src/core/index.js';
import { ReadError, decodeText } from '../../src/cli/files.js';
import { assertFindingsWellFormed, assertRange } from './support.js';

const { cases, bytes } = JSON.parse(readFileSync('test/fixtures/property/counterexamples.json', 'utf8')) as {
  cases: { found: string; text: string }[];
  bytes: { found: string; hex: string; offset: number }[];
};

describe('property counter-examples', () => {
  for (const c of cases) {
    it(`holds every invariant on the input that found: ${c.found}`, () => {
      assertFindingsWellFormed(c.text, lint(c.text).findings);
      const doc = parsePostmortem(c.text);
      for (const comment of doc.comments) assert.ok(c.text.startsWith('<!--', comment.range.start));
      for (const s of doc.sections)
        assert.ok(c.text.startsWith('#', s.headingRange.start), 'a heading range starts at its `#`');
      if (doc.frontmatter) assertRange(doc.frontmatter.range, c.text.length, 'frontmatter');
      const fixed = fixAll(c.text, (t) => lint(t).findings).text;
      assert.equal(fixAll(fixed, (t) => lint(t).findings).text, fixed);
      const styles = (t: string) => new Set(t.match(/\r\n|\r|\n/g) ?? []);
      for (const style of styles(fixed))
        assert.ok(
          styles(c.text).has(style),
          `the fixed text keeps the line endings (found ${JSON.stringify(style)})`,
        );
    });
  }
  for (const b of bytes) {
    it(`reports the right byte offset on the input that found: ${b.found}`, () => {
      assert.throws(
        () => decodeText(Buffer.from(b.hex, 'hex')),
        (error) =>
          error instanceof ReadError &&
          error.message === `not UTF-8 text (invalid byte at offset ${b.offset})`,
      );
    });
  }
});
