/** `--format github`: workflow commands, their escaping against the runner's parser, the cap notice and the step summary. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex, type FileReport, type Finding } from '../src/core/index.js';
import {
  ANNOTATIONS_PER_TYPE,
  MAX_MESSAGE_LENGTH,
  escapeData,
  escapeProperty,
  formatGithub,
  stepSummary,
} from '../src/core/format/github.js';
import { utf8Length } from '../src/core/format/utf8.js';
import {
  CONTEXT,
  doc,
  gfmCells,
  reportOf,
  runnerLines,
  tryParseLegacy,
  tryParseV2,
} from './format-support.js';

const ANNOTATION = new Set(['error', 'warning', 'notice']);

/** Every stdout line is an annotation command the runner parses, so the legacy `##[` parser is never tried on it. */
function parseAll(stdout: string) {
  return runnerLines(stdout).map((line) => {
    const parsed = tryParseV2(line);
    assert.ok(parsed, `not a workflow command: ${JSON.stringify(line)}`);
    assert.ok(ANNOTATION.has(parsed.command), `unexpected command ${parsed.command}`);
    return parsed;
  });
}

/** A finding over `[start, end)` of `text` with a chosen message, for escaping properties. */
function finding(
  message: string,
  start: number,
  end: number,
  severity: Finding['severity'] = 'warning',
): Finding {
  return {
    ruleId: 'frontmatter-schema',
    severity,
    message,
    range: { start, end },
    url: 'https://example.invalid/rule',
  };
}

const DOC = doc('severty: SEV2', 'started_at: 2026-03-14 09:12').replace('severity: SEV2', 'severity: sev2');

describe('github format', () => {
  it('prints one command per finding with GitHub 1-based columns, an inclusive end column and the rule as title', () => {
    const report = reportOf('incidents/a.postmortem.md', DOC);
    assert.equal(report.findings.length, 3);
    const out = formatGithub([report], CONTEXT).stdout;
    const lines = runnerLines(out);
    assert.equal(lines.length, 3);
    assert.equal(
      lines[0],
      '::error file=incidents/a.postmortem.md,line=4,endLine=4,col=11,endColumn=14,title=frontmatter-schema%3A Frontmatter must match the JSON Schema that applies to the file::`severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`',
    );
    const parsed = parseAll(out);
    // `sev2` is columns 11–14 inclusive (internal: 11 up to 15 exclusive).
    assert.deepEqual(parsed[0]!.properties, {
      file: 'incidents/a.postmortem.md',
      line: '4',
      endLine: '4',
      col: '11',
      endColumn: '14',
      title: 'frontmatter-schema: Frontmatter must match the JSON Schema that applies to the file',
    });
    assert.deepEqual(
      parsed.map((p) => [p.properties['line'], p.properties['col'], p.properties['endColumn']]),
      [
        ['4', '11', '14'],
        ['6', '1', '7'],
        ['7', '13', '28'],
      ],
    );
    assert.equal(parsed[2]!.data, report.findings[2]!.message);
  });

  it('maps info to notice and warning to warning', () => {
    const info = reportOf('a.md', '# No frontmatter\n', { rules: { 'frontmatter-missing': 'info' } });
    const warning = reportOf('b.md', '# No frontmatter\n');
    const parsed = parseAll(formatGithub([info, warning], CONTEXT).stdout);
    assert.deepEqual(
      parsed.map((p) => [p.command, p.properties['file']]),
      [
        ['warning', 'b.md'],
        ['notice', 'a.md'],
      ],
    );
  });

  it('drops the columns of a finding that spans lines, since the runner would drop them anyway', () => {
    const text = DOC;
    const lines = new LineIndex(text);
    const report: FileReport = {
      path: 'a.md',
      text,
      findings: [finding('Spans two lines', lines.offset(4, 1), lines.offset(5, 6))],
    };
    const [parsed] = parseAll(formatGithub([report], CONTEXT).stdout);
    assert.deepEqual(parsed!.properties, {
      file: 'a.md',
      line: '4',
      endLine: '5',
      title: 'frontmatter-schema: Frontmatter must match the JSON Schema that applies to the file',
    });
  });

  it('gives an empty range one column, never an end column before the start', () => {
    const report: FileReport = { path: 'a.md', text: DOC, findings: [finding('Insert here', 10, 10)] };
    const [parsed] = parseAll(formatGithub([report], CONTEXT).stdout);
    assert.equal(parsed!.properties['col'], parsed!.properties['endColumn']);
    assert.equal(parsed!.properties['col'], '7');
  });

  it('escapes messages and properties exactly as @actions/core does, percent first', () => {
    assert.equal(escapeData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
    assert.equal(escapeProperty('100% a\r\nb: c, d'), '100%25 a%0D%0Ab%3A c%2C d');
    // A literal `%3A` must survive the runner's unescaping, so its `%` is escaped.
    assert.equal(escapeProperty('%3A'), '%253A');
    assert.equal(
      tryParseV2(`::warning title=${escapeProperty('%3A:,%0A')}::x`)!.properties['title'],
      '%3A:,%0A',
    );
  });

  it('never lets document text start a line or inject a command: add-mask, stop-commands and legacy ##[ commands stay data', () => {
    const hostile = '::add-mask::secret';
    const text = doc(`severity_note: "${hostile}"`).replace(
      'severity: SEV2',
      `severity: "x ${hostile} ##[set-env name=A]B ::stop-commands::t"`,
    );
    const report = reportOf(`notes/evil\n${hostile},x:y.md`, text);
    const raw: FileReport = {
      ...report,
      findings: [
        ...report.findings,
        finding(`first\n${hostile}\r\n::error::pwned\r::stop-commands::tok`, 0, 3),
      ],
    };
    const out = formatGithub([raw], CONTEXT).stdout;
    const parsed = parseAll(out);
    assert.equal(parsed.length, raw.findings.length);
    for (const line of runnerLines(out)) assert.match(line, /^::(error|warning|notice) file=/);
    // The legacy parser would see a command in this line, but the runner only tries it when TryParseV2 fails.
    const legacy = runnerLines(out).filter((line) => tryParseLegacy(line));
    assert.equal(legacy.length, 1);
    assert.ok(tryParseV2(legacy[0]!));
    assert.ok(
      report.findings.some((f) => f.message.includes(hostile)),
      'the engine quotes the hostile value in a message',
    );
    parsed.forEach((p, i) => {
      assert.equal(p.data, raw.findings[i]!.message);
      assert.equal(p.properties['file'], `notes/evil\n${hostile},x:y.md`);
    });
  });

  it('round-trips any message, path and title through the runner parser, one line per finding (fast-check)', () => {
    const tricky = fc.constantFrom(
      '%',
      ':',
      ',',
      '\r\n',
      '\n',
      '\r',
      '::',
      '%3A',
      '%25',
      '%0A',
      '%0D',
      '%2C',
      '=',
      ' ',
      'a',
      'é',
      '𐐀',
      '##[',
      '::add-mask::',
      '\u2028',
      '\t',
    );
    const text = fc.oneof(
      fc.string({ unit: tricky, maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        text,
        text,
        text,
        fc.constantFrom<Finding['severity']>('error', 'warning', 'info'),
        (message, rawPath, summary, severity) => {
          // The runner drops a leading `=` of a property value and a lone empty path cannot be a file.
          const path = `p${rawPath}`;
          const context = {
            ...CONTEXT,
            rules: CONTEXT.rules.map((r) =>
              r.id === 'frontmatter-schema' ? { ...r, meta: { ...r.meta, summary } } : r,
            ),
          };
          const report: FileReport = { path, text: DOC, findings: [finding(message, 0, 3, severity)] };
          const out = formatGithub([report], context).stdout;
          const lines = runnerLines(out);
          assert.equal(lines.length, 1);
          const parsed = tryParseV2(lines[0]!);
          assert.ok(parsed);
          assert.equal(parsed.command, severity === 'info' ? 'notice' : severity);
          assert.equal(parsed.data, message);
          assert.equal(parsed.properties['file'], path);
          assert.equal(parsed.properties['title'], `frontmatter-schema: ${summary}`.trim());
          assert.equal(parsed.properties['line'], '1');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('cuts messages longer than 4096 characters without splitting a surrogate pair', () => {
    const message = `${'a'.repeat(MAX_MESSAGE_LENGTH - 2)}𐐀${'b'.repeat(100)}`;
    const [parsed] = parseAll(
      formatGithub([{ path: 'a.md', text: DOC, findings: [finding(message, 0, 3)] }], CONTEXT).stdout,
    );
    assert.equal(parsed!.data.length, MAX_MESSAGE_LENGTH - 1);
    assert.ok(parsed!.data.endsWith('a…'));
  });

  it('prints 25 warnings, one notice pointing to the step summary, and 25 summary rows', () => {
    const reports = Array.from({ length: 25 }, (_, i) =>
      reportOf(`docs/pm-${String(i).padStart(2, '0')}.postmortem.md`, '# No frontmatter\n'),
    );
    const output = formatGithub(reports, CONTEXT);
    const parsed = parseAll(output.stdout);
    assert.equal(parsed.length, 26);
    assert.equal(parsed[0]!.command, 'notice');
    assert.deepEqual(parsed[0]!.properties, {});
    assert.match(
      parsed[0]!.data,
      /25 warnings; GitHub shows 10 annotations of each type per step .*step summary/,
    );
    assert.equal(parsed.filter((p) => p.command === 'warning').length, 25);
    const rows = output.stepSummary!.split('\n').filter((l) => l.startsWith('| warning |'));
    assert.equal(rows.length, 25);
    assert.match(
      output.stepSummary!,
      /^### ai-postmortem: 25 problems \(0 errors, 25 warnings, 0 info\) in 25 files of 25\n/,
    );
  });

  it(`prints no notice when no type exceeds ${ANNOTATIONS_PER_TYPE}`, () => {
    const reports = Array.from({ length: ANNOTATIONS_PER_TYPE }, (_, i) =>
      reportOf(`pm-${i}.md`, '# No frontmatter\n'),
    );
    const parsed = parseAll(formatGithub(reports, CONTEXT).stdout);
    assert.equal(parsed.length, ANNOTATIONS_PER_TYPE);
    assert.ok(parsed.every((p) => p.command === 'warning'));
  });

  it('puts findings on changed lines first, then findings in changed files, then the rest', () => {
    const changedFile = reportOf('a.md', DOC);
    const other = reportOf('b.md', DOC);
    const changedLines = new Map([['a.md', new Set([7])]]);
    const parsed = parseAll(formatGithub([other, changedFile], { ...CONTEXT, changedLines }).stdout);
    assert.deepEqual(
      parsed.map((p) => `${p.properties['file']}:${p.properties['line']}`),
      ['a.md:7', 'a.md:4', 'a.md:6', 'b.md:4', 'b.md:6', 'b.md:7'],
    );
  });

  it('writes every finding to the step summary as table rows whose pipes and line breaks cannot break the table', () => {
    const text = doc().replace('severity: SEV2', 'severity: "a | b \\\\| c"');
    const report = reportOf('we|ird.md', text);
    const withBreak: FileReport = {
      ...report,
      findings: [...report.findings, finding('line one\nline two | three', 0, 3)],
    };
    const summary = stepSummary([withBreak], CONTEXT);
    const rows = summary.split('\n').filter((l) => l.startsWith('| '));
    // Header, delimiter row, two findings.
    assert.equal(rows.length, 4);
    for (const row of rows) assert.equal(gfmCells(row).length, 5, row);
    const [first, second] = rows.slice(2).map(gfmCells);
    assert.deepEqual(first!.slice(0, 4), [
      'error',
      'we\\|ird.md',
      '4:11',
      '[frontmatter-schema](https://github.com/ai-postmortem/ai-postmortem/blob/main/docs/rules/frontmatter-schema.md)',
    ]);
    assert.equal(
      first![4],
      '`severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `a \\| b \\\\\\| c`',
    );
    assert.equal(second![4], 'line one line two \\| three');
  });

  it('keeps the step summary under its byte limit and says how many findings it left out', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `unknown_key_${i}: 1`);
    const one = reportOf('x.md', doc(...keys));
    assert.equal(one.findings.length, 100);
    const reports = Array.from({ length: 60 }, (_, i) => ({
      ...one,
      path: `incidents/${'deep/'.repeat(20)}pm-${i}.postmortem.md`,
    }));
    const summary = stepSummary(reports, CONTEXT);
    const bytes = utf8Length(summary);
    assert.ok(bytes <= 1024 * 1024, `${bytes} bytes`);
    assert.ok(bytes > 1024 * 1024 - 1024, `${bytes} bytes: the budget is used`);
    const rows = summary.split('\n').filter((l) => l.startsWith('| error |')).length;
    const note = /_(\d+) more findings not listed: a step summary holds at most 1024 KiB\./.exec(summary);
    assert.ok(note);
    assert.equal(rows + Number(note[1]), 6000);

    const small = stepSummary([one], CONTEXT, 4096);
    assert.ok(utf8Length(small) <= 4096);
    assert.match(small, /more findings not listed: a step summary holds at most 4 KiB/);
  });

  it('writes a one-line summary and no commands when there are no findings', () => {
    const output = formatGithub([reportOf('a.md', doc())], CONTEXT);
    assert.equal(output.stdout, '');
    assert.equal(output.stepSummary, '### ai-postmortem: no problems in 1 file\n');
  });
});
