/**
 * The CI formats through the built CLI (`node bin/postmortem.js`, built by `npm run build`) on a
 * copy of test/fixtures/format/repo turned into a git repository: every format names the same
 * findings at the same places (parity), the GitHub defaults, the step summary file,
 * repo-relative paths and `--changed-since`. The repo-relative paths from a subfolder, --help and an unknown format
 * go through the CLI's main function in this process (what it decides from its arguments and folder).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseZeroContextDiff, unquoteC } from '../src/cli/git.js';
import { cliInProcess } from './cli-support.js';
import { runnerLines, tryParseV2 } from './format-support.js';

const BIN = path.resolve('bin/postmortem.js');
const FIXTURE = path.resolve('test/fixtures/format/repo');

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI's main function in this process, with what the built CLI gives it: for what it decides from its arguments
 * and folder (paths relative to the repository root, --help, an unknown format), one process less per run.
 */
async function cliMain(args: string[], cwd: string) {
  return cliInProcess(args, cwd, { ...process.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' });
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** A fresh git repository holding the fixture, committed on `main`. */
function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-format-'));
  cpSync(FIXTURE, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'fixture');
  return dir;
}

/** A finding in internal coordinates: 1-based lines, 1-based UTF-16 columns, exclusive end. */
interface Place {
  readonly path: string;
  readonly ruleId: string;
  readonly start: string;
  readonly end: string;
  readonly message: string;
}

const key = (p: Place) => `${p.path} ${p.ruleId} ${p.start}-${p.end} ${p.message}`;

/** The UTF-16 column of a 1-based UTF-8 byte column on a line. */
function utf16Column(lineText: string, byteColumn: number): number {
  let bytes = 0;
  let units = 0;
  for (const ch of lineText) {
    if (bytes >= byteColumn - 1) break;
    bytes += Buffer.byteLength(ch, 'utf8');
    units += ch.length;
  }
  return units + 1;
}

function fromJson(stdout: string): Place[] {
  const json = JSON.parse(stdout) as {
    files: Array<{
      path: string;
      findings: Array<{
        ruleId: string;
        message: string;
        range: { start: { line: number; column: number }; end: { line: number; column: number } };
      }>;
    }>;
  };
  return json.files.flatMap((f) =>
    f.findings.map((x) => ({
      path: f.path,
      ruleId: x.ruleId,
      start: `${x.range.start.line}:${x.range.start.column}`,
      end: `${x.range.end.line}:${x.range.end.column}`,
      message: x.message,
    })),
  );
}

function fromGithub(stdout: string): Place[] {
  return runnerLines(stdout).map((line) => {
    const p = tryParseV2(line)!;
    const { file, line: l, endLine, col, endColumn, title } = p.properties;
    // Single-line findings only in the fixture, so the columns are always there; GitHub's end column is inclusive.
    assert.equal(l, endLine);
    return {
      path: file!,
      ruleId: title!.split(':')[0]!,
      start: `${l}:${col}`,
      end: `${endLine}:${Number(endColumn) + 1}`,
      message: p.data,
    };
  });
}

function fromSarif(stdout: string): Place[] {
  const log = JSON.parse(stdout) as {
    runs: Array<{
      results: Array<{
        ruleId: string;
        message: { text: string };
        locations: Array<{
          physicalLocation: {
            artifactLocation: { uri: string };
            region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
          };
        }>;
      }>;
    }>;
  };
  return log.runs[0]!.results.map((r) => {
    const { artifactLocation, region } = r.locations[0]!.physicalLocation;
    return {
      path: decodeURI(artifactLocation.uri),
      ruleId: r.ruleId,
      start: `${region.startLine}:${region.startColumn}`,
      end: `${region.endLine}:${region.endColumn}`,
      message: r.message.text,
    };
  });
}

function fromRdjsonl(stdout: string, root: string): Place[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const d = JSON.parse(line) as {
        message: string;
        code: { value: string };
        location: {
          path: string;
          range: { start: { line: number; column: number }; end: { line: number; column: number } };
        };
      };
      const lines = readFileSync(path.join(root, d.location.path), 'utf8').split(/\r\n|\r|\n/);
      const { start, end } = d.location.range;
      return {
        path: d.location.path,
        ruleId: d.code.value,
        start: `${start.line}:${utf16Column(lines[start.line - 1]!, start.column)}`,
        end: `${end.line}:${utf16Column(lines[end.line - 1]!, end.column)}`,
        message: d.message,
      };
    });
}

function fromGitlab(stdout: string): Array<Pick<Place, 'path' | 'ruleId' | 'message'> & { line: number }> {
  return (
    JSON.parse(stdout) as Array<{
      description: string;
      check_name: string;
      location: { path: string; lines: { begin: number } };
    }>
  ).map((i) => ({
    path: i.location.path,
    ruleId: i.check_name,
    line: i.location.lines.begin,
    message: i.description,
  }));
}

describe('CI formats through the CLI', () => {
  let root = '';
  before(() => {
    root = repo();
  });

  it('names the same findings at the same places in json, github, sarif, rdjsonl and gitlab', () => {
    const run = (format: string) => {
      const r = cli(['lint', '--format', format], root);
      assert.equal(r.code, 1, `${format}: ${r.stderr}`);
      assert.equal(r.stderr, '');
      return r.stdout;
    };
    const json = fromJson(run('json'));
    // The fixture's own findings; rules added later may add more, and parity must hold for those too.
    const refund = 'incidents/2026-03-14-refund-bot.postmortem.md';
    for (const at of ['4:11', '6:1', '7:14', '8:13'])
      assert.ok(
        json.some((p) => p.path === refund && p.ruleId === 'frontmatter-schema' && p.start === at),
        at,
      );
    assert.ok(
      json.some(
        (p) =>
          p.path === 'incidents/2026-04-02-search-outage.postmortem.md' && p.ruleId === 'frontmatter-missing',
      ),
    );
    const expected = json.map(key).sort();
    assert.deepEqual(fromGithub(run('github')).map(key).sort(), expected);
    assert.deepEqual(fromSarif(run('sarif')).map(key).sort(), expected);
    assert.deepEqual(fromRdjsonl(run('rdjsonl'), root).map(key).sort(), expected);
    assert.deepEqual(
      fromGitlab(run('gitlab'))
        .map((p) => `${p.path} ${p.ruleId} ${p.line} ${p.message}`)
        .sort(),
      json.map((p) => `${p.path} ${p.ruleId} ${p.start.split(':')[0]} ${p.message}`).sort(),
    );
  });

  it('defaults to the github format under GitHub Actions and appends the table to $GITHUB_STEP_SUMMARY', () => {
    const summary = path.join(mkdtempSync(path.join(tmpdir(), 'pm-summary-')), 'summary.md');
    writeFileSync(summary, '## Earlier step\n\n');
    const r = cli(['lint'], root, { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    assert.equal(r.code, 1);
    const json = JSON.parse(cli(['lint', '--format', 'json'], root).stdout) as {
      summary: { errors: number; warnings: number; infos: number };
    };
    const { errors, warnings, infos } = json.summary;
    const commands = runnerLines(r.stdout).map((l) => tryParseV2(l)!.command);
    // Errors first, then warnings, then notices (no type exceeds 10 here, so no cap notice).
    assert.deepEqual(commands, [
      ...Array<string>(errors).fill('error'),
      ...Array<string>(warnings).fill('warning'),
      ...Array<string>(infos).fill('notice'),
    ]);
    assert.ok(errors >= 4 && infos >= 1);
    const written = readFileSync(summary, 'utf8');
    assert.ok(
      written.startsWith(
        `## Earlier step\n\n### ai-postmortem: ${errors + warnings + infos} problems (${errors} errors, ${warnings} warnings, ${infos} info) in 2 files of 3\n`,
      ),
      written.slice(0, 200),
    );
    assert.equal(
      written.split('\n').filter((l) => /^\| (error|warning|info) \|/.test(l)).length,
      errors + warnings + infos,
    );
  });

  it('prints paths relative to the repository root for github, sarif and gitlab when run from a subfolder', async () => {
    const sub = path.join(root, 'incidents');
    assert.deepEqual(
      [
        ...new Set(
          fromGithub((await cliMain(['lint', '--format', 'github', '.'], sub)).stdout).map((p) => p.path),
        ),
      ].sort(),
      ['incidents/2026-03-14-refund-bot.postmortem.md', 'incidents/2026-04-02-search-outage.postmortem.md'],
    );
    assert.ok(
      fromSarif((await cliMain(['lint', '--format', 'sarif', '.'], sub)).stdout).every((p) =>
        p.path.startsWith('incidents/'),
      ),
    );
    assert.ok(
      fromGitlab((await cliMain(['lint', '--format', 'gitlab', '.'], sub)).stdout).every((p) =>
        p.path.startsWith('incidents/'),
      ),
    );
    // json and rdjsonl stay relative to the working folder (reviewdog resolves paths from its own).
    assert.ok(
      fromJson((await cliMain(['lint', '--format', 'json', '.'], sub)).stdout).every(
        (p) => !p.path.startsWith('incidents/'),
      ),
    );
    assert.ok(
      fromRdjsonl((await cliMain(['lint', '--format', 'rdjsonl', '.'], sub)).stdout, sub).every(
        (p) => !p.path.startsWith('incidents/'),
      ),
    );
  });

  it('lints only files changed since a ref with --changed-since, findings on changed lines first', () => {
    const dir = repo();
    git(dir, 'checkout', '-q', '-b', 'feature');
    const file = path.join(dir, 'incidents/2026-03-14-refund-bot.postmortem.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('tags: [é𐐀中, 42]', 'tags: [é𐐀中, 43]'));
    writeFileSync(path.join(dir, 'incidents/new incident.postmortem.md'), '# New incident\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'change');
    // Uncommitted edits count too: the diff runs from the merge base to the working tree.
    writeFileSync(file, readFileSync(file, 'utf8').replace('severty: SEV2', 'severty: SEV3'));

    const r = cli(['lint', '--changed-since', 'main', '--format', 'github'], dir);
    assert.equal(r.code, 1, r.stderr);
    const found = fromGithub(r.stdout);
    const refund = 'incidents/2026-03-14-refund-bot.postmortem.md';
    assert.deepEqual([...new Set(found.map((p) => p.path))].sort(), [
      refund,
      'incidents/new incident.postmortem.md',
    ]);
    // Changed: lines 6 and 7 of the refund file, every line of the new file.
    const onChangedLine = (p: Place) => p.path !== refund || ['6', '7'].includes(p.start.split(':')[0]!);
    const firstUnchanged = found.findIndex((p) => !onChangedLine(p));
    assert.ok(firstUnchanged > 0);
    assert.ok(
      found.slice(firstUnchanged).every((p) => !onChangedLine(p)),
      'findings on changed lines come first',
    );
    const schema = (list: Place[]) =>
      list.filter((p) => p.ruleId === 'frontmatter-schema').map((p) => p.start);
    assert.deepEqual(schema(found.slice(0, firstUnchanged)), ['6:1', '7:14']);
    assert.deepEqual(schema(found.slice(firstUnchanged)), ['4:11', '8:13']);
    assert.ok(
      found
        .slice(0, firstUnchanged)
        .some((p) => p.path === 'incidents/new incident.postmortem.md' && p.ruleId === 'frontmatter-missing'),
    );
    const stylish = cli(['lint', '--changed-since', 'main'], dir);
    assert.match(stylish.stdout, /in 2 files of 2\.\n$/);
  });

  it('exits 2 with a clear message when the ref does not exist or git cannot diff', () => {
    const bad = cli(['lint', '--changed-since', 'no-such-ref'], root);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^postmortem: --changed-since no-such-ref: `git diff --merge-base no-such-ref` failed: fatal: bad revision/,
    );
    const option = cli(['lint', '--changed-since=--output=x'], root);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /`--output=x` is not a git ref/);
    const outside = mkdtempSync(path.join(tmpdir(), 'pm-nogit-'));
    const none = cli(['lint', '--changed-since', 'main'], outside, {
      GIT_CEILING_DIRECTORIES: path.dirname(outside),
    });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^postmortem: --changed-since main: `git rev-parse --show-toplevel` failed: fatal: not a git repository/,
    );
  });

  it('lists the new formats in --help and rejects an unknown one', async () => {
    const help = await cliMain(['--help'], root);
    for (const name of ['github', 'sarif', 'rdjson', 'rdjsonl', 'gitlab', '--changed-since'])
      assert.ok(help.stdout.includes(name), name);
    const bad = await cliMain(['lint', '--format', 'junit'], root);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /unknown format `junit` \(expected stylish, json, github, sarif, rdjson, rdjsonl, gitlab\)/,
    );
  });

  it('reads added and modified lines from git diff -U0, with quoted and space-holding paths', () => {
    const diff = [
      'diff --git a/x y.md b/x y.md',
      '--- a/x y.md\t',
      '+++ b/x y.md\t',
      '@@ -0,0 +1 @@',
      '+z',
      '\\ No newline at end of file',
      '@@ -2,0 +4,2 @@ b',
      '+++ an added line that looks like a header',
      '+@@ -1 +100 @@ and one like a hunk',
      '@@ -7,3 +9,0 @@',
      '---- removed',
      '--- removed too',
      '-@@ -1 +200 @@',
      'diff --git "a/\\303\\251\\"q.md" "b/\\303\\251\\"q.md"',
      '+++ "b/\\303\\251\\"q.md"',
      '@@ -1 +1 @@',
      'diff --git a/gone.md b/gone.md',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
    ].join('\n');
    const lines = parseZeroContextDiff(diff);
    assert.deepEqual([...lines.keys()], ['x y.md', 'é"q.md']);
    assert.deepEqual([...lines.get('x y.md')!], [1, 4, 5]);
    assert.deepEqual([...lines.get('é"q.md')!], [1]);
    assert.equal(unquoteC('"b/tab\\there\\\\"'), 'b/tab\there\\');
  });
});
