/**
 * `quickParse` builds the tree of a simple list, table or heading without micromark. Whenever it answers, the answer
 * must be exactly micromark's (`parseMarkdown`), positions included; it may decline anything. The random texts are
 * built from the constructs it handles and from every one it must refuse, so that both sides are exercised, and a
 * chunked parse (which uses it for chunks and windows) must still equal one whole parse.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { ChunkedParser, boundaries, blockShape, parseMarkdown } from '../../src/core/document/chunks.js';
import { quickParse } from '../../src/core/document/quick-blocks.js';
import { params } from './support.js';

const INLINE = [
  'word',
  'Refund',
  '2026-03-22 12:00 UTC',
  'triage-agent:',
  '@mlee:',
  ' ',
  ' ',
  '  ',
  '.',
  ',',
  ':',
  '(',
  ')',
  '!',
  '?',
  '#',
  '-',
  '"',
  "'",
  '`code`',
  '`a*b`',
  '`x`y`',
  '``',
  '`',
  '` pad `',
  '`<b>`',
  '`a\\`',
  '**bold**',
  '*em*',
  '**',
  '*',
  '***x***',
  '**a b**',
  '** x**',
  '**x **',
  '**x:**',
  '*x?*',
  '**x.**y',
  '*x,*',
  '**x:**:',
  '_',
  'a_b',
  '_x_',
  '__x__',
  '[agent]',
  '[AI]',
  '[l](http://x.y/z)',
  '[l](u v)',
  '[l]( x)',
  '[l][r]',
  '[^1]',
  '[]',
  '[x]:',
  '![i](x)',
  '!',
  '&amp;',
  '& ',
  '&#35;',
  '<b>',
  '<http://x>',
  'www.x.com',
  'https://x.y',
  'HTTP://X',
  'a@b.co',
  'mailto:a',
  '\\',
  '\\*',
  '~',
  '~~s~~',
  '|',
  'é',
  '😀',
  '\t',
  '\u0000',
  '\u00a0',
];
const LINE_START = [
  '```',
  '```json',
  '```js x',
  '~~~',
  '````',
  ' ```',
  '``` ',
  '--- ',
  '- ',
  '* ',
  '+ ',
  '  - ',
  '  * ',
  '    - ',
  '   - ',
  ' - ',
  '-  ',
  '1. ',
  '2) ',
  '- [ ] ',
  '- [x] ',
  '- [X] ',
  '  - [ ] ',
  '| ',
  '|',
  '# ',
  '## ',
  '###### ',
  '####### ',
  '#',
  '> ',
  '',
  '---',
  '***',
  '* * *',
  '- - -',
  '===',
];
const END = ['', '', ' |', '|', ' ', ' #', ' ##'];
const EOL = ['\n', '\n', '\n', '\r\n', '\r'];

const line = fc
  .tuple(
    fc.constantFrom(...LINE_START),
    fc.array(fc.constantFrom(...INLINE), { maxLength: 8 }),
    fc.constantFrom(...END),
  )
  .map(([a, b, c]) => a + b.join('') + c);
const delimiter = fc
  .array(fc.constantFrom('---', ':--', '--:', ':-:', ' - ', 'x', ''), { minLength: 1, maxLength: 4 })
  .map((cells) => `|${cells.join('|')}|`);
const block = fc
  .tuple(
    fc.array(line, { minLength: 1, maxLength: 6 }),
    fc.option(delimiter),
    fc.constantFrom(...EOL),
    fc.nat(2),
  )
  .map(([lines, delim, eol, blanks]) => {
    const all = delim === null ? lines : [lines[0]!, delim, ...lines.slice(1)];
    return all.join(eol) + eol + eol.repeat(blanks);
  });
/** Lines shaped like what `quickParse` accepts, so that most draws are answered (and so compared). */
const tidy = fc
  .tuple(
    fc.constantFrom('- ', '* ', '| ', '## ', '```', '---'),
    fc.array(
      fc.array(
        fc.constantFrom(
          'word',
          '`code`',
          '**bold**',
          '*em*',
          '**Impact:**',
          '*why?*',
          '[agent]',
          '[l](http://x.y/z)',
          'a_b',
          'x:',
          'y.',
          '(z)',
          '@x',
          '&',
          '2026-03-22 12:00 UTC',
        ),
        { minLength: 1, maxLength: 6 },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    fc.boolean(),
    fc.nat(3),
  )
  .map(([start, rows, nest, blanks]) => {
    const body = (words: string[]): string => words.join(' ');
    if (start === '| ') {
      const width = Math.max(...rows.map((r) => r.length));
      return (
        [
          `| ${'H | '.repeat(width)}`.trimEnd(),
          `|${' --- |'.repeat(width)}`,
          ...rows.map((r) => `| ${r.join(' | ')} |`),
        ].join('\n') + '\n'.repeat(1 + blanks)
      );
    }
    if (start === '## ') return `## ${body(rows[0]!)}\n` + '\n'.repeat(blanks);
    if (start === '```')
      return ['```json', ...rows.map((r) => r.join('\t')), '```'].join('\n') + '\n'.repeat(1 + blanks);
    if (start === '---')
      return ['---', ...rows.map((r) => `k: ${r.join(' ')}`), '---'].join('\n') + '\n'.repeat(1 + blanks);
    return (
      rows.map((r, i) => `${nest && i % 2 === 1 ? '  ' : ''}${start}${body(r)}`).join('\n') +
      '\n'.repeat(1 + blanks)
    );
  });

function check(text: string): boolean {
  const quick = quickParse(text);
  if (quick === undefined) return false;
  assert.deepEqual(
    quick,
    parseMarkdown(text),
    `quickParse differs from micromark on ${JSON.stringify(text)}`,
  );
  return true;
}

test('quickParse answers exactly like micromark, or not at all, on hostile blocks', () => {
  let answered = 0;
  fc.assert(
    // A tidy block now and then, so that some draws are answered and compared.
    fc.property(fc.oneof({ arbitrary: block, weight: 4 }, { arbitrary: tidy, weight: 1 }), (text) => {
      if (check(text)) answered++;
    }),
    params(1500),
  );
  // Some draws are simple enough to be answered; otherwise the property compares nothing.
  assert.ok(answered > 0, 'no draw was answered');
});

test('quickParse answers most tidy blocks, each exactly like micromark', () => {
  let answered = 0;
  let runs = 0;
  fc.assert(
    fc.property(tidy, (text) => {
      runs++;
      if (check(text)) answered++;
    }),
    params(800),
  );
  assert.ok(answered > runs * 0.9, `only ${answered} of ${runs} tidy blocks were answered`);
});

test('a chunked parse of documents made of hostile and tidy blocks equals one whole parse', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          block,
          tidy,
          fc.constantFrom('Some paragraph.\n\n', '## Timeline\n\n', '## Action items\n\n'),
        ),
        { minLength: 1, maxLength: 8 },
      ),
      (parts) => {
        const text = parts.join('');
        const parser = new ChunkedParser();
        assert.deepEqual(
          parser.parse(text),
          parseMarkdown(text),
          `chunked parse differs on ${JSON.stringify(text)}`,
        );
      },
    ),
    params(400),
  );
});

test('known shapes are answered, and the answers hold the nodes the document model reads', () => {
  const list = quickParse(
    '- 12:00 UTC [agent] triage-agent: refunded `order-1` **twice** (see [runbook](https://r.example/x)).\n  - nested note\n- 12:05 UTC IC: paged\n\n',
  );
  assert.ok(list, 'a timeline list is answered');
  assert.equal(list.children[0]!.type, 'list');
  const table = quickParse('| Action | Owner |\n| :-- | --: |\n| Add an eval gate | @dana |\n| | |\n');
  assert.ok(table, 'an action-item table is answered');
  assert.deepEqual((table.children[0] as { align: unknown }).align, ['left', 'right']);
  assert.ok(quickParse('- [ ] add a replay suite\n- [x] roll back\n'), 'a task list is answered');
  assert.ok(quickParse('## Timeline\n'), 'a heading is answered');
  const labelled = quickParse('- **Duration:** 40 minutes; *Why did this happen?* A deploy.\n');
  assert.deepEqual(
    labelled,
    parseMarkdown('- **Duration:** 40 minutes; *Why did this happen?* A deploy.\n'),
    'strong and emphasis closed after punctuation',
  );
  assert.deepEqual(quickParse('---\nkind: postmortem\n---\n\n')?.children[0], {
    type: 'yaml',
    value: 'kind: postmortem',
    position: { start: { line: 1, column: 1, offset: 0 }, end: { line: 3, column: 4, offset: 24 } },
  });
  assert.equal(
    (quickParse('```json\n{"a": 1}\n```\n')?.children[0] as { lang?: string } | undefined)?.lang,
    'json',
  );
  // Each of these changes what micromark builds in a way the quick path does not model.
  for (const refused of [
    '- a <b>c</b>\n',
    '- see https://x.y\n',
    '- a\\*b\n',
    '- ~~gone~~\n',
    '1. first\n',
    '- [x]: /url\n- [x]\n',
    '- ![i](x)\n',
    '## Title ##\n',
    '- a\tb\n',
    '```js\nx\n  ```\n',
    '```\nunclosed\n',
    '---\na: 1\n--- \n',
    '```js meta\nx\n```\n',
  ]) {
    assert.equal(quickParse(refused), undefined, `refused: ${JSON.stringify(refused)}`);
  }
});

test("on the benchmark generator's documents every list and table chunk is answered, each exactly like micromark", async () => {
  const generator = (await import(pathToFileURL(path.resolve('bench/generate.mjs')).href)) as {
    generateCorpus(options: { seed: number; count: number }): Array<{ text: string }>;
  };
  let blocks = 0;
  let answered = 0;
  for (const { text } of generator.generateCorpus({ seed: 11, count: 60 })) {
    const starts = boundaries(text);
    for (let k = 1; k < starts.length; k++) {
      const chunk = text.slice(starts[k], starts[k + 1] ?? text.length);
      if (!/^(?:[-*+] |\|)/.test(chunk)) continue;
      blocks++;
      if (check(chunk)) answered++;
      const shape = blockShape(chunk);
      if (shape)
        for (let i = 0; i < shape.rows.length; i += 16)
          check(shape.head + shape.rows.slice(i, i + 16).join(''));
    }
  }
  assert.ok(blocks > 100, `only ${blocks} list or table chunks`);
  assert.equal(answered, blocks, `${blocks - answered} of ${blocks} list or table chunks were not answered`);
});
