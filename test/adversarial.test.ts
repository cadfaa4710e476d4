/**
 * Hostile input (notes/security.md): every case ends, within a generous budget, in a clear finding
 * or a clear CLI error. Small cases live in test/fixtures/adversarial; big ones are generated here.
 * Nothing asserts speed. The 50 MB run, which asserts bounded memory, is test/oversize-memory.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileSchema, lint, resolveConfig, type Finding } from '../src/core/index.js';
import { assertFindingsWellFormed } from './property/support.js';

const DIR = 'test/fixtures/adversarial';
const BIN = path.resolve('bin/postmortem.js');
const FM = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV3\nstatus: draft\n---\n';

function run(text: string, options: Parameters<typeof lint>[1] = {}): readonly Finding[] {
  const { findings } = lint(text, options);
  assertFindingsWellFormed(text, findings);
  return findings;
}

function has(findings: readonly Finding[], ruleId: string, message: RegExp): void {
  assert.ok(
    findings.some((f) => f.ruleId === ruleId && message.test(f.message)),
    `expected a ${ruleId} finding matching ${message}; got:\n${findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n')}`,
  );
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}, preload: string[] = []) {
  const r = spawnSync(process.execPath, [...preload.flatMap((p) => ['--import', p]), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GITHUB_ACTIONS: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hostile YAML frontmatter', () => {
  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['billion-laughs.md', 'frontmatter-yaml-syntax', /^Unexpected YAML alias `\*a`: aliases are not allowed/],
    ['alias-chain.md', 'frontmatter-yaml-syntax', /^Unexpected YAML alias `\*a58`/],
    ['merge-key.md', 'frontmatter-yaml-syntax', /^Unexpected YAML alias `\*base`/],
    ['duplicate-keys.md', 'frontmatter-yaml-syntax', /^Unexpected duplicate key/],
    ['proto-keys.md', 'frontmatter-schema', /^Unexpected key `__proto__`/],
    ['proto-keys.md', 'frontmatter-schema', /^Unexpected key `constructor`/],
    ['js-frontmatter.md', 'frontmatter-missing', /^Missing frontmatter/],
    ['unclosed-frontmatter.md', 'frontmatter-format', /^Unclosed frontmatter/],
  ];
  for (const [file, ruleId, message] of cases) {
    it(`reports ${file} as ${ruleId}`, () => {
      has(run(readFileSync(path.join(DIR, file), 'utf8')), ruleId, message);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'no prototype pollution');
      assert.equal((globalThis as Record<string, unknown>)['pwned'], undefined, 'nothing evaluated');
    });
  }

  it('reports 5,000-deep flow sequences and mappings as resource exhaustion, not a crash', () => {
    has(
      run(`---\ntitle: ${'['.repeat(5000)}1${']'.repeat(5000)}\n---\n# x\n`),
      'frontmatter-yaml-syntax',
      /nests too deeply.*RESOURCE_EXHAUSTION/,
    );
    has(
      run(`---\ntitle: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n---\n# x\n`),
      'frontmatter-yaml-syntax',
      /nests too deeply.*RESOURCE_EXHAUSTION/,
    );
  });

  it('does not validate a frontmatter block over the limit', () => {
    has(
      run(`---\ntitle: ${'a'.repeat(70_000)}\n---\n`),
      'document-size',
      /^Frontmatter is 70\d{3} characters, over the limit of 65536/,
    );
  });
});

describe('hostile Markdown', () => {
  const tooComplex: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['">" × 10,000', `${'>'.repeat(10_000)} a\n`, /nested 101 deep/],
    ['"- " × 5,000', `${'- '.repeat(5000)}a\n`, /nested 101 deep/],
    ['"[" × 50,000', `${'['.repeat(50_000)}\n`, /50000 brackets/],
    ['"*a" × 50,000', `${'*a'.repeat(50_000)}\n`, /50000 emphasis markers/],
    ['"[a](" × 30,000', `${'[a]('.repeat(30_000)}\n`, /30000 brackets/],
  ];
  for (const [name, body, detail] of tooComplex) {
    it(`checks only the frontmatter of ${name} and says the document is too complex`, () => {
      const findings = run(`${FM}${body}`);
      has(
        findings,
        'document-size',
        new RegExp(
          `^Document is too complex to parse safely \\(.*${detail.source}.*\\): only the frontmatter was checked$`,
        ),
      );
      // The frontmatter is still validated.
      has(run(`${FM.replace('SEV3', 'sev3')}${body}`), 'frontmatter-schema', /^`severity` must be one of/);
    });
  }

  it('keeps the frontmatter checks of a too-complex document that starts with a BOM', () => {
    const findings = run(`\uFEFF${FM.replace('SEV3', 'sev3')}${'>'.repeat(10_000)}\n`);
    has(findings, 'frontmatter-schema', /^`severity` must be one of/);
    assert.ok(!findings.some((f) => f.ruleId === 'frontmatter-missing'));
  });

  it('lints a 1 MB single line to completion', () => {
    const text = `${FM}# Title\n\n${'word '.repeat(200_000)}\n`;
    assert.ok(text.length > 1_000_000);
    const findings = run(text);
    assert.ok(!findings.some((f) => f.fatal), 'no fatal finding');
  });

  it('lints unclosed constructs (link, emphasis, code span, comment, fence, table) to completion', () => {
    const text = readFileSync(path.join(DIR, 'unclosed-constructs.md'), 'utf8');
    assert.ok(!run(text).some((f) => f.fatal));
  });

  it('lints NUL bytes and mixed CR, LF and CRLF line endings, locating findings on the right line', () => {
    const text = `---\r\ntitle: A\tB\r\ndate: 2026-03-14\nseverity: sev3\r\nstatus: draft\n---\r\n\0# Title\r\n\r- \0\n\r\0`;
    const schema = run(text).find((f) => f.ruleId === 'frontmatter-schema');
    assert.equal(text.slice(schema?.range.start, schema?.range.end), 'sev3');
    // A NUL inside the YAML: micromark hands the block over with U+FFFD, the text has NUL; it is
    // still found and validated (it was "Cannot locate the frontmatter text" before).
    const nul = run(`---\ntitle: A\0B\n---\n`);
    has(nul, 'frontmatter-schema', /^Missing required key `date`$/);
    assert.ok(!nul.some((f) => f.ruleId === 'frontmatter-format'));
  });
});

describe('hostile schemas', () => {
  const evil = compileSchema(
    readFileSync(path.join(DIR, 'schemas/evil-pattern/evil.schema.json'), 'utf8'),
    'evil.schema.json',
  );
  const roomy = resolveConfig({ limits: { max_frontmatter_bytes: 262_144 } }, undefined);

  it('runs the catastrophic pattern `^(a+)+$` on a 100 KB value in linear time and reports the mismatch', () => {
    assert.ok(evil.ok, evil.ok ? '' : evil.error);
    const findings = run(`---\ntitle: ${'a'.repeat(100_000)}b\n---\n`, { schema: evil, config: roomy });
    has(findings, 'frontmatter-schema', /^`title` must match `\^\(a\+\)\+\$`/);
  });

  it('runs a catastrophic patternProperties key on a long key', () => {
    const key = `${'x'.repeat(50_000)}z`;
    const findings = run(`---\n${key}: 1\n---\n`, { schema: evil, config: roomy });
    assert.ok(!findings.some((f) => f.fatal));
  });

  it('refuses a pattern the linear-time engine cannot run, with a clear message', () => {
    const compiled = compileSchema(
      JSON.stringify({ type: 'object', properties: { title: { pattern: '^(?=a)a$' } } }),
      'lookahead.schema.json',
    );
    assert.equal(compiled.ok, false);
    assert.match(
      compiled.ok ? '' : compiled.error,
      /^Schema `lookahead\.schema\.json` has a `pattern` the linear-time regular expression engine \(RE2\) cannot run/,
    );
  });

  it('turns a remote `$ref` into a finding instead of a fetch', () => {
    const remote = compileSchema(
      readFileSync(path.join(DIR, 'schemas/remote-ref/remote.schema.json'), 'utf8'),
      'remote.schema.json',
    );
    has(
      run(`---\ntitle: x\n---\n`, { schema: remote }),
      'frontmatter-schema',
      /references `https:\/\/schemas\.invalid\/title\.schema\.json`, which is not fetched/,
    );
  });
});

describe('hostile files through the CLI', () => {
  // The same at 50 MB, with its memory bound, is test/oversize-memory.test.ts (in `npm test`: it alone takes more than ten
  // CPU-seconds).
  it('checks only the frontmatter of a file just over the 1 MB limit, and says so', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-big-'));
    const line = 'The agent retried the tool call and the judge scored it again. '.repeat(16) + '\n';
    const body = line.repeat(Math.ceil((1.1 * 1024 * 1024) / line.length));
    writeFileSync(path.join(dir, 'big.postmortem.md'), FM.replace('SEV3', 'sev3') + body);
    const r = cli(['lint', 'big.postmortem.md'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /^big\.postmortem\.md:1:1-1:4 warning Document is 11\d{5} characters, over the limit of 1048576: only the frontmatter was checked {2}document-size$/m,
    );
    assert.match(r.stdout, /^big\.postmortem\.md:4:11-4:15 error `severity` must be one of/m);
  });

  it('reports a 100 KB value against a catastrophic pattern from a workspace schema', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-redos-'));
    cpSync(path.join(DIR, 'schemas/evil-pattern'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'redos.postmortem.md'), `---\ntitle: ${'a'.repeat(100_000)}b\n---\n`);
    const r = cli(['lint', 'redos.postmortem.md'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^redos\.postmortem\.md:2:8-2:100009 error `title` must match `\^\(a\+\)\+\$`/m);
  });

  it('reports a remote `$ref` and a `$schema` URL as findings, exit 2, and fetches nothing', () => {
    const r = cli(['lint', '.'], path.join(DIR, 'schemas/remote-ref'));
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stdout,
      /^incident\.postmortem\.md:1:1-1:4 error Schema `remote\.schema\.json` references `https:\/\/schemas\.invalid\/title\.schema\.json`, which is not fetched/m,
    );
    assert.match(
      r.stdout,
      /^schema-url\.postmortem\.md:1:1-1:4 error Schema `https:\/\/schemas\.invalid\/postmortem\.schema\.json` is a URL, which is never fetched during lint/m,
    );
  });

  it('reports invalid UTF-8 with its byte offset and lints a file with NUL bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-bytes-'));
    writeFileSync(
      path.join(dir, 'bad.postmortem.md'),
      Buffer.concat([Buffer.from(FM), Buffer.from([0xe0, 0xa0, 0x80, 0xe0, 0x00, 0x80])]),
    );
    writeFileSync(path.join(dir, 'nul.postmortem.md'), `${FM}# Title\n\0\0\0\n`);
    const r = cli(['lint', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(`bad\\.postmortem\\.md: not UTF-8 text \\(invalid byte at offset ${FM.length + 3}\\)`),
    );
    assert.match(r.stdout, /in 1 file of 1\.|No problems in 1 file\./);
  });
});
