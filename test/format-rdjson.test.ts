/** `--format rdjsonl` / `rdjson`: reviewdog's schemas, UTF-8 byte columns, severities, suggestions from fixes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../src/core/index.js';
import { bytePosition, formatRdjson, formatRdjsonl } from '../src/core/format/rdjson.js';
import { CONTEXT, SCHEMAS_SKIP, doc, rdfValidators, reportOf } from './format-support.js';

interface Position {
  line: number;
  column: number;
}
interface Diagnostic {
  message: string;
  location: { path: string; range: { start: Position; end: Position } };
  severity: string;
  source: { name: string; url: string };
  code: { value: string; url: string };
  suggestions?: Array<{ range: { start: Position; end: Position }; text: string }>;
}

/** Every diagnostic is validated against reviewdog's schema whenever the shared folder holds it (the validity tests skip otherwise). */
const validators = SCHEMAS_SKIP ? undefined : rdfValidators();
const validateDiagnostic = (d: unknown) => validators!.diagnostic(d);
const validateResult = (r: unknown) => validators!.result(r);

function rdjsonl(...reports: Parameters<typeof formatRdjsonl>[0]): Diagnostic[] {
  const out = formatRdjsonl(reports, CONTEXT).stdout;
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const d = JSON.parse(line) as Diagnostic;
      if (validators) assert.ok(validators.diagnostic(d), JSON.stringify(validators.diagnostic.errors));
      return d;
    });
}

// On line 7, `é` (2 bytes), `𐐀` (4 bytes, 2 UTF-16 units) and `中` (3 bytes) come before `42`.
const DOC = doc('severty: SEV2', 'tags: [é𐐀中, 42]').replace('severity: SEV2', 'severity: sev2');

describe('rdjson formats', () => {
  it('counts columns in UTF-8 bytes: in `a𐐀b`, `b` is at column 6', () => {
    const text = 'a𐐀b\néé中x';
    const lines = new LineIndex(text);
    assert.deepEqual(bytePosition(text, lines, 0), { line: 1, column: 1 });
    assert.deepEqual(bytePosition(text, lines, 1), { line: 1, column: 2 });
    assert.deepEqual(bytePosition(text, lines, 3), { line: 1, column: 6 });
    assert.deepEqual(bytePosition(text, lines, 4), { line: 1, column: 7 });
    // Line 2: é é 中 are 2 + 2 + 3 bytes, so `x` is at byte column 8.
    assert.deepEqual(bytePosition(text, lines, 8), { line: 2, column: 8 });
  });

  it('agrees with Buffer.byteLength for the column of every offset of any text (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'é', '𐐀', '中', '\n', '\r\n', ' '), maxLength: 40 }),
        fc.nat(),
        (text, n) => {
          const lines = new LineIndex(text);
          const chars = [...text];
          const offset = chars.slice(0, n % (chars.length + 1)).join('').length;
          const { line, column } = bytePosition(text, lines, offset);
          const lineStart = lines.lineStart(line);
          assert.equal(column, Buffer.byteLength(text.slice(lineStart, offset), 'utf8') + 1);
          assert.equal(line, lines.position(offset).line);
        },
      ),
      { numRuns: 300 },
    );
  });

  it(
    'writes one schema-valid Diagnostic per line with byte columns, severity, source, code and suggestions',
    { skip: SCHEMAS_SKIP },
    () => {
      const ds = rdjsonl(
        reportOf('incidents/a.postmortem.md', DOC),
        reportOf('b.md', '# No frontmatter\n', { rules: { 'frontmatter-missing': 'info' } }),
      );
      assert.deepEqual(
        ds.map((d) => [
          d.code.value,
          d.severity,
          d.location.path,
          d.location.range.start.line,
          d.location.range.start.column,
          d.location.range.end.line,
          d.location.range.end.column,
        ]),
        [
          ['frontmatter-schema', 'ERROR', 'incidents/a.postmortem.md', 4, 11, 4, 15],
          ['frontmatter-schema', 'ERROR', 'incidents/a.postmortem.md', 6, 1, 6, 8],
          // UTF-16 columns 14–16; in bytes `tags: [` (7) + é (2) + 𐐀 (4) + 中 (3) + `, ` (2) = 18, so 19–21.
          ['frontmatter-schema', 'ERROR', 'incidents/a.postmortem.md', 7, 19, 7, 21],
          ['frontmatter-missing', 'INFO', 'b.md', 1, 1, 1, 17],
        ],
      );
      assert.deepEqual(ds[0]!.suggestions, [
        { range: { start: { line: 4, column: 11 }, end: { line: 4, column: 15 } }, text: 'SEV2' },
      ]);
      assert.equal(ds[1]!.suggestions, undefined);
      assert.deepEqual(ds[0]!.source, {
        name: 'ai-postmortem',
        url: 'https://github.com/ai-postmortem/ai-postmortem',
      });
      assert.equal(
        ds[0]!.code.url,
        'https://github.com/ai-postmortem/ai-postmortem/blob/main/docs/rules/frontmatter-schema.md',
      );
      assert.equal(ds[0]!.message, '`severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`');
    },
  );

  it('maps warnings to WARNING', () => {
    const [d] = rdjsonl(reportOf('b.md', '# No frontmatter\n'));
    assert.equal(d!.severity, 'WARNING');
  });

  it('puts a suggestion after multibyte text on the same line at byte columns', () => {
    // `{title: "` (9) + é (2) + 𐐀 (4) + 中 (3) + `", date: 2026-03-14, severity: ` (31) = 49 bytes before `sev2`; 44 UTF-16 units.
    const [d] = rdjsonl(
      reportOf('a.md', '---\n{title: "é𐐀中", date: 2026-03-14, severity: sev2, status: draft}\n---\n'),
    );
    assert.deepEqual(d!.location.range, { start: { line: 2, column: 50 }, end: { line: 2, column: 54 } });
    assert.deepEqual(d!.suggestions, [
      { range: { start: { line: 2, column: 50 }, end: { line: 2, column: 54 } }, text: 'SEV2' },
    ]);
  });

  it(
    'writes nothing as rdjsonl and an empty diagnostics list as rdjson for clean files',
    { skip: SCHEMAS_SKIP },
    () => {
      assert.equal(formatRdjsonl([reportOf('a.md', doc())], CONTEXT).stdout, '');
      const result = JSON.parse(formatRdjson([reportOf('a.md', doc())], CONTEXT).stdout) as {
        diagnostics: unknown[];
      };
      assert.ok(validateResult(result));
      assert.deepEqual(result.diagnostics, []);
    },
  );

  it(
    'writes one schema-valid DiagnosticResult holding the same diagnostics as rdjsonl',
    { skip: SCHEMAS_SKIP },
    () => {
      const reports = [reportOf('incidents/a.postmortem.md', DOC), reportOf('b.md', '# No frontmatter\n')];
      const result = JSON.parse(formatRdjson(reports, CONTEXT).stdout) as {
        source: unknown;
        diagnostics: Diagnostic[];
      };
      assert.ok(validateResult(result), JSON.stringify(validators!.result.errors));
      assert.deepEqual(result.source, {
        name: 'ai-postmortem',
        url: 'https://github.com/ai-postmortem/ai-postmortem',
      });
      assert.deepEqual(result.diagnostics, rdjsonl(...reports));
    },
  );

  it(
    'is rejected by the schema when a field has the wrong type, so the validation is real',
    { skip: SCHEMAS_SKIP },
    () => {
      assert.equal(
        validateDiagnostic({ message: 'x', location: { path: 'a', range: { start: { line: '1' } } } }),
        false,
      );
      assert.equal(validateDiagnostic({ message: 'x', severity: 'FATAL' }), false);
    },
  );
});
