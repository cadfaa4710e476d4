/**
 * The CLI as a product: a table of invocations with their exit code and exact output (markdownlint-cli2 style).
 * Most run the CLI's main function in this process with the io the built CLI gives it (arguments, folder,
 * environment, stdout and stderr); the cases marked `process` run the built CLI (`bin/postmortem.js`) itself, for
 * what only the process shows: the bundle's start-up, its exit code, what reaches its stdout and stderr, a file it
 * writes back.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliInProcess } from './cli-support.js';
import { STYLISH_LINE } from '../src/core/index.js';

const BIN = path.resolve('bin/postmortem.js');

/** The built CLI in a process of its own. */
function cliProcess(args: string[], cwd = '.', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTIONS: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI's main function in this process, with what the built CLI gives it when stderr is not a terminal. */
async function cli(args: string[], cwd = '.', env: Record<string, string> = {}) {
  return cliInProcess(args, path.resolve(cwd), { ...process.env, GITHUB_ACTIONS: '', ...env });
}

function temp(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const VALID = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV4\nstatus: draft\n---\n\n# Outage\n';

interface Case {
  readonly name: string;
  readonly args: string[];
  readonly cwd?: string | (() => string);
  readonly exitCode: number;
  /** Exact stdout lines, or a predicate. */
  readonly stdout?: readonly string[] | ((out: string) => void);
  readonly stderr?: RegExp;
  /** Run the built CLI in a process of its own. */
  readonly process?: true;
}

const cases: Case[] = [
  {
    name: 'lints the examples folder: the schema errors point at the values, exit 1',
    args: ['lint', 'examples/'],
    process: true,
    exitCode: 1,
    stdout: (out) => {
      assert.match(
        out,
        /^examples\/support-bot-refund-policy\.postmortem\.md:6:11-6:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema$/m,
      );
      assert.match(
        out,
        /^examples\/support-bot-refund-policy\.postmortem\.md:10:13-10:29 error `started_at` must be an RFC 3339 date-time/m,
      );
      assert.doesNotMatch(out, /refund-agent-wrong-scenario\.postmortem\.md:\d+:\d+-\d+:\d+ error/);
      for (const line of out.trimEnd().split('\n').slice(0, -1)) assert.match(line, STYLISH_LINE);
      assert.match(out.trimEnd().split('\n').at(-1)!, / in \d+ files? of 3\.$/);
    },
  },
  {
    name: 'exits 0 on a clean file',
    args: ['lint', 'f.postmortem.md'],
    cwd: () => temp({ 'f.postmortem.md': VALID }),
    exitCode: 0,
    stdout: ['No problems in 1 file.'],
  },
  {
    name: 'exits 0 with warnings only, and 1 when they exceed --max-warnings',
    args: ['lint', '--max-warnings', '0', 'a.postmortem.md'],
    cwd: () => temp({ 'a.postmortem.md': '# No frontmatter\n' }),
    exitCode: 1,
    stdout: [
      'a.postmortem.md:1:1-1:17 warning Missing frontmatter: start the file with a `---` block holding `title`, `date`, `severity`, `status`  frontmatter-missing',
      '1 problem (0 errors, 1 warning, 0 info) in 1 file of 1.',
    ],
    stderr: /1 warnings, more than --max-warnings 0/,
  },
  {
    name: '--quiet reports errors only',
    args: ['lint', '--quiet', '.'],
    cwd: () =>
      temp({ 'a.postmortem.md': '# No frontmatter\n', 'b.postmortem.md': VALID.replace('SEV4', 'sev4') }),
    exitCode: 1,
    stdout: [
      'b.postmortem.md:4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev4`  frontmatter-schema',
      '1 problem (1 error, 0 warnings, 0 info) in 1 file of 2.',
    ],
  },
  {
    name: 'strips a UTF-8 BOM so columns match the editor',
    args: ['lint', 'bom.postmortem.md'],
    cwd: () => temp({ 'bom.postmortem.md': `\uFEFF${VALID.replace('SEV4', 'sev4')}` }),
    exitCode: 1,
    stdout: [
      'bom.postmortem.md:4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev4`  frontmatter-schema',
      '1 problem (1 error, 0 warnings, 0 info) in 1 file of 1.',
    ],
  },
  {
    name: 'walks a folder, honouring .gitignore and skipping Markdown that is not a postmortem',
    args: ['lint', '.'],
    cwd: () =>
      temp({
        '.gitignore': 'ignored/\n',
        'ignored/x.postmortem.md': '# bad\n',
        'notes.md': '# Notes\n',
        'kept.postmortem.md': VALID,
        'by-kind.md': '---\nkind: postmortem\ntitle: x\n---\n',
      }),
    exitCode: 1,
    stdout: [
      'by-kind.md:1:1-1:4 error Missing required key `date`  frontmatter-schema',
      'by-kind.md:1:1-1:4 error Missing required key `severity`  frontmatter-schema',
      'by-kind.md:1:1-1:4 error Missing required key `status`  frontmatter-schema',
      '3 problems (3 errors, 0 warnings, 0 info) in 1 file of 2.',
    ],
  },
  {
    name: 'always lints a file named on the command line, even when it is not a postmortem by name',
    args: ['lint', 'notes.md'],
    cwd: () => temp({ 'notes.md': '# Notes\n' }),
    exitCode: 0,
    stdout: [
      'notes.md:1:1-1:8 warning Missing frontmatter: start the file with a `---` block holding `title`, `date`, `severity`, `status`  frontmatter-missing',
      '1 problem (0 errors, 1 warning, 0 info) in 1 file of 1.',
    ],
  },
  {
    name: 'expands a glob',
    args: ['lint', 'docs/**/*.md'],
    cwd: () => temp({ 'docs/a/x.md': VALID, 'docs/y.md': VALID, 'other.md': '# x\n' }),
    exitCode: 0,
    stdout: ['No problems in 2 files.'],
  },
  {
    name: "uses the config's schema, files globs and rule severities",
    args: ['lint', '.'],
    cwd: 'test/fixtures/cli/custom-schema',
    exitCode: 1,
    stdout: [
      'incidents/2026-01-slow-search.md:3:7-3:10 error `team` must be one of `payments`, `search`; got `ads`  frontmatter-schema',
      'incidents/2026-02-bare.md:1:1-1:17 error Missing frontmatter: start the file with a `---` block holding `title`, `team`  frontmatter-missing',
      '2 problems (2 errors, 0 warnings, 0 info) in 2 files of 2.',
    ],
  },
  {
    name: 'reports an invalid config with its position and exits 2',
    args: ['lint', '.'],
    cwd: 'test/fixtures/cli/bad-config',
    exitCode: 2,
    stderr:
      /^\.postmortem\.json:3:27 error `rules\.frontmatter-schema` does not match any of the allowed shapes; got `loud`  config$/m,
  },
  {
    name: 'exits 2 on a path that does not exist',
    args: ['lint', 'nope.md'],
    exitCode: 2,
    stderr: /nope\.md: no such file or directory/,
  },
  {
    name: 'exits 2 on an unknown format',
    args: ['lint', '--format', 'xml'],
    exitCode: 2,
    stderr: /unknown format `xml`/,
  },
  {
    name: 'exits 2 on an unknown option',
    args: ['lint', '--colour'],
    exitCode: 2,
    stderr: /Unknown option '--colour'/,
  },
  {
    name: 'exits 2 on an unknown command',
    args: ['frobnicate'],
    exitCode: 2,
    stderr: /unknown command `frobnicate`/,
  },
  {
    name: 'exits 2 with the byte offset on a file that is not UTF-8, and still lints the others',
    args: ['lint', '.'],
    cwd: () =>
      temp({
        'bin.postmortem.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe]),
        'ok.postmortem.md': VALID,
      }),
    exitCode: 2,
    stdout: ['No problems in 1 file.'],
    stderr: /bin\.postmortem\.md: not UTF-8 text \(invalid byte at offset 4\)/,
  },
  {
    name: 'reports TOML frontmatter as unsupported, exit 0',
    args: ['lint', 't.postmortem.md'],
    cwd: () => temp({ 't.postmortem.md': '+++\ntitle = "x"\n+++\n\n# x\n' }),
    exitCode: 0,
    stdout: [
      't.postmortem.md:1:1-1:4 warning Unsupported TOML frontmatter (`+++`): only YAML frontmatter (`---`) is validated  frontmatter-format',
      '1 problem (0 errors, 1 warning, 0 info) in 1 file of 1.',
    ],
  },
  {
    name: 'reports broken YAML at its position, exit 1',
    args: ['lint', 'y.postmortem.md'],
    cwd: () => temp({ 'y.postmortem.md': '---\ntitle: [unclosed\n---\n' }),
    exitCode: 1,
    stdout: (out) =>
      assert.match(
        out,
        /^y\.postmortem\.md:2:\d+-\d+:\d+ error .*\(YAML [A-Z_]+\)  frontmatter-yaml-syntax$/m,
      ),
  },
  {
    name: 'checks only the frontmatter of a 5 MB file and says so',
    args: ['lint', 'big.postmortem.md'],
    cwd: () => temp({ 'big.postmortem.md': VALID + '- row with [link](x) and *emphasis*\n'.repeat(150_000) }),
    exitCode: 0,
    stdout: [
      'big.postmortem.md:1:1-1:4 warning Document is 5400078 characters, over the limit of 1048576: only the frontmatter was checked  document-size',
      '1 problem (0 errors, 1 warning, 0 info) in 1 file of 1.',
    ],
  },
  {
    name: 'prints versioned JSON',
    args: ['lint', '--format', 'json', 'b.postmortem.md'],
    cwd: () => temp({ 'b.postmortem.md': VALID.replace('SEV4', 'sev4') }),
    exitCode: 1,
    stdout: (out) => {
      const json = JSON.parse(out);
      assert.equal(json.version, 1);
      assert.deepEqual(json.summary, { files: 1, errors: 1, warnings: 0, infos: 0 });
      const f = json.files[0].findings[0];
      assert.equal(json.files[0].path, 'b.postmortem.md');
      assert.deepEqual(
        [f.ruleId, f.range.start.line, f.range.start.column, f.range.end.column, f.range.start.offset],
        ['frontmatter-schema', 4, 11, 15, 45],
      );
      assert.deepEqual(f.fix.edits, [{ range: { start: 45, end: 49 }, newText: 'SEV4' }]);
    },
  },
  {
    name: 'prints the version',
    args: ['--version'],
    process: true,
    exitCode: 0,
    stdout: (out) => assert.equal(out.trim(), JSON.parse(readFileSync('package.json', 'utf8')).version),
  },
  {
    name: 'prints help',
    args: ['--help'],
    exitCode: 0,
    stdout: (out) => assert.match(out, /^Usage: postmortem <command>/),
  },
];

describe('postmortem CLI', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const cwd = typeof c.cwd === 'function' ? c.cwd() : (c.cwd ?? '.');
      const r = c.process ? cliProcess(c.args, cwd) : await cli(c.args, cwd);
      assert.equal(r.code, c.exitCode, `exit code; stderr: ${r.stderr}`);
      if (Array.isArray(c.stdout)) assert.deepEqual(r.stdout.trimEnd().split('\n'), c.stdout);
      else if (typeof c.stdout === 'function') c.stdout(r.stdout);
      if (c.stderr) assert.match(r.stderr, c.stderr);
      else assert.equal(r.stderr, '', 'no stderr');
    });
  }

  it('--fix rewrites the fixable value, keeps the BOM and CRLF, and exits 0', () => {
    const dir = temp({ 'f.postmortem.md': `\uFEFF${VALID.replace('SEV4', 'sev4').replace(/\n/g, '\r\n')}` });
    const r = cliProcess(['lint', '--fix', 'f.postmortem.md'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(
      readFileSync(path.join(dir, 'f.postmortem.md'), 'utf8'),
      `\uFEFF${VALID.replace(/\n/g, '\r\n')}`,
    );
    assert.equal(r.stderr, 'Fixed f.postmortem.md: 1 problem (frontmatter-schema 1)\n');
  });

  it('--fix says on stderr what it changed per file, by rule, and keeps a machine format clean on stdout', async () => {
    const dir = temp({
      'a.postmortem.md': VALID.replace('SEV4', 'sev4').replace('status: draft', 'status: Draft'),
      'b.postmortem.md': VALID,
    });
    const r = await cli(['lint', '--fix', '--format', 'json', '.'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'Fixed a.postmortem.md: 2 problems (frontmatter-schema 2)\n');
    assert.deepEqual(
      JSON.parse(r.stdout).files.map((f: { findings: unknown[] }) => f.findings),
      [[], []],
    );
  });

  it('--fix says so when nothing had a safe fix, and leaves an empty-section suggestion out', async () => {
    const text =
      '# Lost files\n\nThe coding agent concluded the folder existed and moved every file into it.\n\n## Root cause\n\nMissing validation in the move tool.\n';
    const dir = temp({ 'c.postmortem.md': text });
    const r = await cli(['lint', '--fix', 'c.postmortem.md'], dir);
    assert.equal(r.stderr, 'Fixed nothing: no finding has a safe fix.\n');
    assert.match(r.stdout, /deterministic-root-cause/);
    assert.equal(readFileSync(path.join(dir, 'c.postmortem.md'), 'utf8'), text);
  });

  it('new writes a template that lints clean, and refuses to overwrite it', async () => {
    const dir = temp({});
    const first = await cli(
      ['new', 'incidents/2026-05-01-queue-backlog.postmortem.md', '--title', 'Queue backlog'],
      dir,
    );
    assert.equal(first.code, 0, first.stderr);
    const text = readFileSync(path.join(dir, 'incidents/2026-05-01-queue-backlog.postmortem.md'), 'utf8');
    assert.match(text, /^title: Queue backlog$/m);
    assert.match(text, /^id: PM-\d{4}-\d{2}-\d{2}-queue-backlog$/m);
    const lintRun = await cli(['lint', '--format', 'json', '.'], dir);
    const schemaErrors = JSON.parse(lintRun.stdout).files[0].findings.filter((f: { ruleId: string }) =>
      f.ruleId.startsWith('frontmatter'),
    );
    assert.deepEqual(schemaErrors, []);
    const second = await cli(['new', 'incidents/2026-05-01-queue-backlog.postmortem.md'], dir);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /already exists; not overwritten/);
  });

  it('explain names the config, the schema and why', async () => {
    const r = await cli(['explain', 'incidents/2026-01-slow-search.md'], 'test/fixtures/cli/custom-schema');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Postmortem: +yes: it matches `files` in \.postmortem\.json \(`incidents\/\*\*\/\*\.md`\)$/m,
    );
    assert.match(r.stdout, /^Config: +\.postmortem\.json \(the nearest \.postmortem\.json/m);
    assert.match(
      r.stdout,
      /^Schema: +schemas\/team\.schema\.json, because `schema` in the config file names it$/m,
    );
    assert.match(r.stdout, /^ {2}frontmatter-missing +error +from the config$/m);
    assert.ok(!existsSync(path.join('test/fixtures/cli/custom-schema', '.postmortemcache')));
  });
});
