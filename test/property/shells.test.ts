/** Properties of what surrounds the engine: bytes decoded as the CLI does, config files, formatters. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FORMATTERS, RULES, allRuleInfo, lint, parseConfig, type FileReport } from '../../src/core/index.js';
import { ReadError, decodeText } from '../../src/cli/files.js';
import { anyDocument, anyUtf16, assertRange, params } from './support.js';

/** Byte strings: random bytes, valid UTF-8 with a few corrupted bytes, and BOM-prefixed text. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(anyDocument, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }))
    .map(([text, flips]) => {
      const b = new TextEncoder().encode(text);
      for (const [at, value] of flips) if (b.length > 0) b[at % b.length] = value;
      return b;
    }),
  anyDocument.map((text) => new TextEncoder().encode(`\uFEFF${text}`)),
);

describe('bytes decoded as the CLI does', () => {
  it('either decode to text the linter handles, or fail with the offset of the first bad byte', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        let text: string;
        try {
          text = decodeText(b);
        } catch (error) {
          assert.ok(error instanceof ReadError);
          const offset = Number(/offset (\d+)/.exec(error.message)?.[1]);
          assert.ok(offset >= 0 && offset < b.length, `offset ${offset} inside ${b.length} bytes`);
          // The bytes before the offset are complete UTF-8, and no 1 to 4 bytes from the offset on
          // make one complete character: the offset is where the first bad sequence starts.
          const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
          assert.doesNotThrow(() => strict.decode(b.subarray(0, offset)), 'valid before the offset');
          for (let k = 1; k <= 4; k++)
            assert.throws(
              () => strict.decode(b.subarray(offset, offset + k)),
              `bytes ${offset}..${offset + k} are not a character`,
            );
          return;
        }
        assert.equal(
          new TextEncoder().encode(text).length + (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0),
          b.length,
          'decoding loses no byte',
        );
        for (const f of lint(text).findings) assertRange(f.range, text.length, f.ruleId);
      }),
      params(300),
    );
  });
});

/** JSON configs with the keys the schema knows, prototype names and junk. */
const KEYS = [
  'schema',
  'files',
  'ignores',
  'rules',
  'phrases',
  'limits',
  '$schema',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'max_document_bytes',
  ...RULES.map((r) => r.id),
];
const configValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('error', 'warning', 'info', 'off', 'bogus', '**/*.md', '', 0, -1, 1e12, true, null),
    fc.double(),
    fc.string({ maxLength: 10 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;
const configText = fc.oneof(
  configValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.dictionary(fc.constantFrom(...KEYS), configValue, { maxKeys: 5 }).map((v) => JSON.stringify(v, null, 2)),
  fc
    .dictionary(fc.constantFrom(...KEYS), configValue, { maxKeys: 5 })
    .map((v) => JSON.stringify(v).replace(/"__proto__"/g, '"__proto__"')),
  anyUtf16,
);

describe('parseConfig over any text', () => {
  it('never throws, gives either a config or problems inside the text, and pollutes no prototype', () => {
    fc.assert(
      fc.property(configText, (text) => {
        const { config, problems } = parseConfig(text, '/repo/.postmortem.json', RULES);
        assert.ok(
          (config === undefined) !== (problems.length === 0),
          'a config exactly when there are no problems',
        );
        for (const p of problems) {
          assertRange(p.range, text.length, 'config problem');
          assert.ok(p.message.length > 0);
        }
        assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
        assert.equal(Object.getPrototypeOf({}), Object.prototype);
        if (config)
          assert.deepEqual(
            parseConfig(text, '/repo/.postmortem.json', RULES).config?.raw,
            config.raw,
            'deterministic',
          );
      }),
      params(400),
    );
  });
});

describe('formatters over any findings', () => {
  const context = { tool: { name: 'ai-postmortem', version: '0.0.0-test' }, rules: allRuleInfo() };
  const reports = fc
    .array(fc.tuple(fc.string({ maxLength: 20 }), anyDocument), { minLength: 1, maxLength: 3 })
    .map((files) =>
      files.map(([name, text]): FileReport => ({
        path: `docs/${name}.md`,
        text,
        findings: lint(text).findings,
      })),
    );

  it('never throw, are deterministic, and the JSON formats print valid JSON', () => {
    fc.assert(
      fc.property(reports, (rs) => {
        for (const [name, format] of FORMATTERS) {
          const out = format(rs, context);
          assert.equal(typeof out.stdout, 'string');
          assert.deepEqual(format(rs, context), out, `${name} is deterministic`);
          if (['json', 'sarif', 'rdjson', 'gitlab'].includes(name))
            assert.doesNotThrow(() => JSON.parse(out.stdout), `${name} prints JSON`);
          if (name === 'rdjsonl')
            for (const l of out.stdout.split('\n').filter(Boolean))
              assert.doesNotThrow(() => JSON.parse(l), 'rdjsonl prints JSON lines');
        }
      }),
      params(100),
    );
  });
});
