/** Frontmatter location and YAML safety: every error lands on the exact characters, whatever the line endings. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint, parsePostmortem } from '../../src/core/index.js';
import { lines } from '../helpers.js';

const VALID = 'title: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n';

describe('frontmatter positions', () => {
  it('points at an enum value with LF line endings', () => {
    assert.deepEqual(lines(`---\n${VALID.replace('SEV2', 'sev2')}---\n`, {}, 'frontmatter-schema'), [
      '4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema',
    ]);
  });

  it('points at the same columns with CRLF line endings', () => {
    const text = `---\r\n${VALID.replace('SEV2', 'sev2').replace(/\n/g, '\r\n')}---\r\n`;
    assert.deepEqual(lines(text, {}, 'frontmatter-schema'), [
      '4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema',
    ]);
  });

  it('points at the right place when the opening fence has trailing spaces', () => {
    const text = `---   \n${VALID.replace('SEV2', 'sev2')}---  \n`;
    assert.deepEqual(lines(text, {}, 'frontmatter-schema'), [
      '4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema',
    ]);
  });

  it('reports a key left without a value once, with the allowed values, at the key', () => {
    assert.deepEqual(
      lines(`---\n${VALID.replace('status: draft', 'status:')}---\n`, {}, 'frontmatter-schema'),
      [
        '5:1-5:7 error `status` must be one of `draft`, `in-review`, `published`, `closed`; got no value  frontmatter-schema',
      ],
    );
  });

  it('reports a value of the wrong type for an enum once per key, and names a single allowed value alone', () => {
    const text = `---\n${VALID.replace('SEV2', '3')}kind: 5\ntags: [ok, 7]\n---\n`;
    assert.deepEqual(lines(text, {}, 'frontmatter-schema'), [
      '4:11-4:12 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `3`  frontmatter-schema',
      '6:7-6:8 error `kind` must be `postmortem`; got `5`  frontmatter-schema',
      '7:12-7:13 error `tags[1]` must be a string; got number `7`  frontmatter-schema',
    ]);
  });

  it('reads an empty block as an empty mapping and reports the required keys at the fence', () => {
    const out = lines('---\n---\n# T\n', {}, 'frontmatter-schema');
    assert.deepEqual(out, [
      '1:1-1:4 error Missing required key `date`  frontmatter-schema',
      '1:1-1:4 error Missing required key `severity`  frontmatter-schema',
      '1:1-1:4 error Missing required key `status`  frontmatter-schema',
      '1:1-1:4 error Missing required key `title`  frontmatter-schema',
    ]);
  });

  it('keeps dates as strings (YAML 1.2), so a bare date validates', () => {
    const doc = parsePostmortem(`---\n${VALID}---\n`);
    assert.equal(doc.frontmatter?.data?.['date'], '2026-03-14');
    assert.deepEqual(lines(`---\n${VALID}---\n`), []);
  });

  it('excludes a trailing comment from the value range', () => {
    const text = `---\n${VALID.replace('SEV2', 'sev9  # guess')}---\n`;
    assert.deepEqual(lines(text, {}, 'frontmatter-schema'), [
      '4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev9`  frontmatter-schema',
    ]);
  });

  it('reports a key with a prototype name as an unexpected key, without polluting anything', () => {
    const text = `---\n${VALID}__proto__: { polluted: true }\n---\n`;
    assert.deepEqual(lines(text, {}, 'frontmatter-schema'), [
      '6:1-6:10 error Unexpected key `__proto__`  frontmatter-schema',
    ]);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('reports a scalar frontmatter as not a mapping', () => {
    assert.deepEqual(lines('---\njust text\n---\n', {}, 'frontmatter-yaml-syntax'), [
      '2:1-2:10 error Unexpected scalar as frontmatter, expected a mapping of keys to values  frontmatter-yaml-syntax',
    ]);
  });

  it('refuses every alias of a billion-laughs block and validates nothing', () => {
    const laughs = [
      'a: &a [lol, lol]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    const findings = lint(`---\n${laughs}\n---\n`).findings;
    assert.equal(findings.filter((f) => f.ruleId === 'frontmatter-yaml-syntax').length, 18);
    assert.equal(findings.filter((f) => f.ruleId === 'frontmatter-schema').length, 0);
  });

  it('turns 5,000-deep flow nesting into a finding instead of an exception', () => {
    const text = `---\nx: ${'['.repeat(5000)}1${']'.repeat(5000)}\n---\n`;
    const findings = lint(text).findings;
    assert.ok(
      findings.some((f) => f.ruleId === 'frontmatter-yaml-syntax'),
      JSON.stringify(findings.slice(0, 2)),
    );
  });

  it('reports a TOML block once and runs no schema check on it', () => {
    const findings = lint('+++\ntitle = "x"\n+++\n# T\n').findings;
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['frontmatter-format'],
    );
  });

  it('reports an unclosed block at its opening fence', () => {
    assert.deepEqual(lines('---\ntitle: x\n\n# T\n', {}, 'frontmatter-format'), [
      '1:1-1:4 warning Unclosed frontmatter: missing the closing fence after the opening `---`  frontmatter-format',
    ]);
  });

  it('reports a missing block once, on the first line', () => {
    assert.deepEqual(lines('# Outage\n\nText.\n'), [
      '1:1-1:9 warning Missing frontmatter: start the file with a `---` block holding `title`, `date`, `severity`, `status`  frontmatter-missing',
    ]);
  });

  it('handles an empty document', () => {
    assert.deepEqual(lines(''), [
      '1:1-1:1 warning Missing frontmatter: start the file with a `---` block holding `title`, `date`, `severity`, `status`  frontmatter-missing',
    ]);
  });

  it('does not validate a frontmatter block over the configured limit', () => {
    const text = `---\n${VALID}notes: ${'x'.repeat(400)}\n---\n`;
    const out = lines(text, { limits: { max_frontmatter_bytes: 256 } });
    assert.deepEqual(out, [
      '1:1-1:4 warning Frontmatter is 467 characters, over the limit of 256: it was not validated  document-size',
    ]);
  });
});
