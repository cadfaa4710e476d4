/**
 * The CLI's progress line (`src/cli/progress.ts`): the line itself with a fake clock, when it is wanted, and the built
 * CLI driven under a pseudo-terminal (util-linux `script`, else Python's `pty` module) on a generated repository of 200
 * postmortems, with the real timing: lint's line updates, then is erased before the results. On a repository of 6, with
 * the line drawn from the first report (AI_POSTMORTEM_TEST_PROGRESS_DELAY=0, so no run has to outlast the half-second
 * delay): report's line, erased before the report; lint's line (the control); and no line when stderr is piped or is
 * no terminal. What the CLI decides from its arguments and environment (no line with `--no-progress`, `CI=1` or a
 * machine format) is checked through its main function with a terminal given, one call per case, beside its control.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { findPostmortems } from '../src/cli/commands/init.js';
import { main } from '../src/cli/main.js';
import {
  ERASE_LINE,
  MACHINE_FORMATS,
  ProgressLine,
  progressText,
  progressWanted,
  startProgress,
  type ProgressEvent,
} from '../src/cli/progress.js';

const BIN = path.resolve('bin/postmortem.js');

function recorder(): { writes: string[]; write: (text: string) => void } {
  const writes: string[] = [];
  return { writes, write: (text) => writes.push(text) };
}

describe('The progress line', () => {
  it('draws nothing during the first half second, then the newest event, at most once per interval', () => {
    let now = 1000;
    const { writes, write } = recorder();
    const line = new ProgressLine(write, { columns: 80 }, true, {
      now: () => now,
      delayMs: 500,
      intervalMs: 100,
    });
    line.report({ phase: 'linting', done: 1, total: 300 });
    now = 1499;
    line.report({ phase: 'linting', done: 40, total: 300 });
    assert.deepEqual(writes, []);
    now = 1500;
    line.report({ phase: 'linting', done: 41, total: 300 });
    now = 1550;
    line.report({ phase: 'linting', done: 45, total: 300 });
    now = 1600;
    line.report({ phase: 'indexing', done: 7, total: 20 });
    line.stop();
    line.report({ phase: 'linting', done: 299, total: 300 });
    assert.deepEqual(writes, [
      `${ERASE_LINE}Linting 41 of 300 postmortems…`,
      `${ERASE_LINE}Indexing 7 of 20 postmortems…`,
      ERASE_LINE,
    ]);
  });

  it('is erased before other output and drawn again at the next report, without waiting an interval', () => {
    let now = 0;
    const { writes, write } = recorder();
    const line = new ProgressLine(write, { columns: 80 }, true, {
      now: () => now,
      delayMs: 0,
      intervalMs: 100,
    });
    line.report({ phase: 'reading', done: 2, total: 9 });
    line.clear();
    line.clear();
    now = 10;
    line.report({ phase: 'reading', done: 3, total: 9 });
    line.stop();
    assert.deepEqual(writes, [
      `${ERASE_LINE}Reading 2 of 9 trace files…`,
      ERASE_LINE,
      `${ERASE_LINE}Reading 3 of 9 trace files…`,
      ERASE_LINE,
    ]);
  });

  it('is cut to one column less than the terminal width, and takes 80 columns when the terminal does not say', () => {
    const { writes, write } = recorder();
    const narrow = new ProgressLine(write, { columns: 20 }, true, { now: () => 0, delayMs: 0 });
    narrow.report({ phase: 'scanning', done: 120, total: 4000 });
    narrow.stop();
    assert.equal(writes[0], `${ERASE_LINE}Scanning the repos…`);
    assert.equal(writes[0]!.length - ERASE_LINE.length, 19);
    const unknown = recorder();
    const wide = new ProgressLine(unknown.write, { columns: 0 }, true, { now: () => 0, delayMs: 0 });
    wide.report({ phase: 'scanning', done: 120, total: 4000 });
    wide.stop();
    assert.equal(unknown.writes[0], `${ERASE_LINE}Scanning the repository 120 of 4000 Markdown files…`);
  });

  it('writes nothing at all when disabled', () => {
    const { writes, write } = recorder();
    const line = new ProgressLine(write, { columns: 80 }, false, { now: () => 0, delayMs: 0 });
    line.report({ phase: 'linting', done: 1, total: 2 });
    line.clear();
    line.stop();
    assert.deepEqual(writes, []);
  });

  it('says each phase in words, with the total once it is known', () => {
    const events: Array<[ProgressEvent, string]> = [
      [{ phase: 'discovering', done: 12, total: 40 }, 'Finding postmortems 12 of 40 files…'],
      [{ phase: 'writing-cache', done: 0 }, 'Writing the cache…'],
      [{ phase: 'searching', done: 0 }, 'Searching the backend…'],
      [{ phase: 'fetching', done: 3, total: 250 }, 'Fetching 3 of 250 traces…'],
      [{ phase: 'scanning', done: 17 }, 'Scanning the repository: 17 Markdown files…'],
      [{ phase: 'linting', done: 12, total: 10 }, 'Linting 10 of 10 postmortems…'],
    ];
    for (const [event, text] of events) assert.equal(progressText(event), text);
  });

  it('is wanted only on a terminal, outside CI, for a human format, without --no-progress', () => {
    const terminal = { columns: 80 };
    assert.equal(progressWanted({ terminal, env: {} }), true);
    assert.equal(progressWanted({ terminal, env: { CI: 'false' }, format: 'stylish' }), true);
    assert.equal(progressWanted({ terminal: undefined, env: {} }), false);
    assert.equal(progressWanted({ terminal, env: { CI: '1' } }), false);
    assert.equal(progressWanted({ terminal, env: { CI: 'true' } }), false);
    assert.equal(progressWanted({ terminal, env: { TERM: 'dumb' } }), false);
    assert.equal(progressWanted({ terminal, env: {}, noProgress: true }), false);
    for (const format of ['json', 'sarif', 'github', 'rdjson', 'rdjsonl', 'gitlab'])
      assert.equal(progressWanted({ terminal, env: {}, format }), false, format);
    assert.equal(MACHINE_FORMATS.size, 6);
  });

  it('erases the line before a warning on stderr, and for good once results go to stdout', () => {
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(`out:${t}`),
      stderr: (t: string) => out.push(`err:${t}`),
      env: {},
      terminal: { columns: 80 },
    };
    const progress = startProgress(io, { delayMs: 0, intervalMs: 0 });
    progress.report({ phase: 'linting', done: 1, total: 3 });
    progress.io.stderr('warning\n');
    progress.report({ phase: 'linting', done: 2, total: 3 });
    progress.io.stdout('results\n');
    progress.report({ phase: 'linting', done: 3, total: 3 });
    progress.stop();
    assert.deepEqual(out, [
      `err:${ERASE_LINE}Linting 1 of 3 postmortems…`,
      `err:${ERASE_LINE}`,
      'err:warning\n',
      `err:${ERASE_LINE}Linting 2 of 3 postmortems…`,
      `err:${ERASE_LINE}`,
      'out:results\n',
    ]);
  });

  it("init's repository scan reports each Markdown file it looks at, of the total", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pm-progress-init-'));
    for (const name of ['a.postmortem.md', 'b/README.md', 'b/c.postmortem.md']) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(
        path.join(dir, name),
        '---\ntitle: T\ndate: 2026-01-02\nseverity: SEV3\nstatus: draft\n---\n\n# T\n',
      );
    }
    const events: ProgressEvent[] = [];
    const found = await findPostmortems(dir, (e) => events.push(e));
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(events, [
      { phase: 'scanning', done: 0 },
      { phase: 'scanning', done: 0, total: 3 },
      { phase: 'scanning', done: 1, total: 3 },
      { phase: 'scanning', done: 2, total: 3 },
    ]);
    assert.equal(found.postmortems.length, 2);
  });
});

// ---- Under a pseudo-terminal -------------------------------------------------------------------------------------

interface Generator {
  generateDocument(seed: number, index: number, size: number, invalid: boolean): string;
}

/** How this machine gives a process a terminal: util-linux `script`, else Python's `pty` module; undefined when neither. */
function ptyCommand(): ((shellCommand: string) => string[]) | undefined {
  if (spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0)
    return (command) => ['script', '-qfec', command, '/dev/null'];
  if (spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0)
    return (command) => [
      'python3',
      '-c',
      'import pty, sys; sys.exit(pty.spawn(["sh", "-c", sys.argv[1]]) >> 8)',
      command,
    ];
  return undefined;
}
const pty = ptyCommand();

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const COUNT = 200;
/** The repository of the runs that only ask whether the line shows: each run costs a CLI start-up and this many lints. */
const SMALL = 6;
/** Draw the line at every report from the first (src/cli/progress.ts). */
const AT_ONCE = { AI_POSTMORTEM_TEST_PROGRESS_DELAY: '0' };

/** A repository of `count` generated postmortems (about 2.5 KB each, seeded) in seven team folders. */
async function generatedRepository(count: number): Promise<string> {
  const generator = (await import(pathToFileURL(path.resolve('bench/generate.mjs')).href)) as Generator;
  const dir = mkdtempSync(path.join(tmpdir(), 'pm-progress-'));
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `team-${i % 7}`, `${String(i).padStart(4, '0')}-incident.postmortem.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, generator.generateDocument(5, i, 2500, false));
  }
  return dir;
}

/** Run a shell command line (under the terminal when `terminal`), without `CI` unless `env` sets it; all it printed. */
function runShell(
  command: string,
  cwd: string,
  env: Record<string, string>,
  terminal: boolean,
): Promise<{ output: string; code: number | null }> {
  const base: Record<string, string | undefined> = {
    ...process.env,
    GITHUB_ACTIONS: '',
    TERM: 'xterm',
    ...env,
  };
  if (env['CI'] === undefined) delete base['CI'];
  const argv = terminal ? pty!(command) : ['sh', '-c', `${command} 2>&1`];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, env: base, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ output: Buffer.concat(chunks).toString('utf8'), code }));
  });
}

const cli = (args: string) => `${quote(process.execPath)} ${quote(BIN)} ${args}`;
const PROGRESS = /(Finding postmortems|Indexing|Linting|Writing the cache)[^\r\n\u001b]*…/g;

describe(
  'The progress line under a pseudo-terminal, on generated postmortems',
  { skip: pty === undefined ? 'neither util-linux `script` nor python3 with `pty` on this machine' : false },
  () => {
    const repository = generatedRepository(COUNT);
    const small = generatedRepository(SMALL);
    after(async () => {
      rmSync(await repository, { recursive: true, force: true });
      rmSync(await small, { recursive: true, force: true });
    });

    it('lint shows "Linting N of 200 postmortems…" updating, then erases it before the results', async () => {
      const { output, code } = await runShell(cli('lint --jobs 2 .'), await repository, {}, true);
      assert.ok(code === 0 || code === 1, output.slice(-2000));
      const lastErase = output.lastIndexOf(ERASE_LINE);
      assert.ok(lastErase >= 0, `no progress line was drawn:\n${output.slice(0, 2000)}`);
      const drawn = [
        ...output.slice(0, lastErase).matchAll(/\r\u001b\[2KLinting (\d+) of (\d+) postmortems…/g),
      ];
      const counts = new Set(drawn.map((m) => Number(m[1])));
      assert.ok(counts.size >= 2, `the line did not update: ${[...counts].join(', ')}`);
      assert.ok(drawn.every((m) => m[2] === String(COUNT)));
      assert.ok([...counts].every((n) => n >= 0 && n <= COUNT));
      // Erased before the results: what follows the last erase is the report, with no progress text in it.
      const after = output.slice(lastErase + ERASE_LINE.length);
      assert.doesNotMatch(after, PROGRESS);
      assert.match(after, /^team-0\/0000-incident\.postmortem\.md:/);
      assert.match(after, new RegExp(`in ${COUNT} files of ${COUNT}\\.\\r?\\n$`));
      // Nothing of the results was printed while the line was on screen.
      assert.doesNotMatch(output.slice(0, lastErase), /incident\.postmortem\.md:\d+:\d+/);
    });

    it('report shows "Indexing N of 6 postmortems…", drawn from the first report, and erases it before the report', async () => {
      const { output, code } = await runShell(cli('report .'), await small, AT_ONCE, true);
      assert.equal(code, 0, output.slice(-2000));
      const lastErase = output.lastIndexOf(ERASE_LINE);
      assert.ok(lastErase >= 0, `no progress line was drawn:\n${output.slice(0, 2000)}`);
      assert.match(
        output.slice(0, lastErase),
        new RegExp(`\\r\\u001b\\[2KIndexing \\d+ of ${SMALL} postmortems…`),
      );
      const after = output.slice(lastErase + ERASE_LINE.length);
      assert.doesNotMatch(after, PROGRESS);
      assert.match(after, /^# Postmortem report/);
    });

    it('lint shows the line on the small repository too when it is drawn from the first report', async () => {
      // The control for the next test: this run shows the line, so its runs, which differ by one setting, would too.
      const { output, code } = await runShell(cli('lint --jobs 1 .'), await small, AT_ONCE, true);
      assert.ok(code === 0 || code === 1, `exit ${code}\n${output.slice(-1000)}`);
      assert.match(output, new RegExp(`\\r\\u001b\\[2KLinting \\d+ of ${SMALL} postmortems…`));
      assert.doesNotMatch(output.slice(output.lastIndexOf(ERASE_LINE) + ERASE_LINE.length), PROGRESS);
    });

    it('shows no progress line with stderr piped or with no terminal at all', async () => {
      // The process itself decides there is no terminal: these two need the built CLI under a real pseudo-terminal.
      const dir = await small;
      const runs: Array<[string, Promise<{ output: string; code: number | null }>]> = [
        ['stderr piped', runShell(`${cli('lint --jobs 1 .')} 2>&1 | cat`, dir, AT_ONCE, true)],
        ['no terminal at all', runShell(cli('lint --jobs 1 .'), dir, AT_ONCE, false)],
      ];
      for (const [name, pending] of runs) {
        const { output, code } = await pending;
        assert.ok(code === 0 || code === 1, `${name}: exit ${code}\n${output.slice(-1000)}`);
        assert.ok(!output.includes('\u001b[2K'), `${name}: an erase sequence was written`);
        assert.doesNotMatch(output, PROGRESS, name);
        assert.ok(output.length > 1000, `${name}: no results`);
      }
    });

    it('on a terminal, shows no progress line with --no-progress, with CI=1, in any machine format, or for report --format json', async () => {
      // The CLI's main function with a terminal on stderr, as bin/postmortem.js gives it on a TTY: what it decides from
      // its arguments and environment, without a process per case (the two runs above cover the process's own part).
      const dir = await small;
      const inProcess = async (args: string[], env: Record<string, string>) => {
        let output = '';
        const code = await main(args, {
          cwd: dir,
          stdout: (text) => (output += text),
          stderr: (text) => (output += text),
          env: { ...AT_ONCE, ...env },
          today: () => '2026-12-08',
          terminal: { columns: 80 },
        });
        return { output, code };
      };
      // The control: the same call with nothing that turns the line off draws it, and erases it before the results.
      const control = await inProcess(['lint', '--jobs', '1', '.'], {});
      assert.ok(control.code === 0 || control.code === 1, control.output.slice(-1000));
      assert.match(control.output, new RegExp(`\\r\\u001b\\[2KLinting \\d+ of ${SMALL} postmortems…`));
      assert.doesNotMatch(
        control.output.slice(control.output.lastIndexOf(ERASE_LINE) + ERASE_LINE.length),
        PROGRESS,
      );
      const runs: Array<[string, string[], Record<string, string>]> = [
        ['--no-progress', ['lint', '--jobs', '1', '--no-progress', '.'], {}],
        ['CI=1', ['lint', '--jobs', '1', '.'], { CI: '1' }],
        ...[...MACHINE_FORMATS].map((format): [string, string[], Record<string, string>] => [
          `--format ${format}`,
          ['lint', '--jobs', '1', '--format', format, '.'],
          {},
        ]),
        ['report --format json', ['report', '--format', 'json', '.'], {}],
        ['report --no-progress', ['report', '--no-progress', '.'], {}],
      ];
      for (const [name, args, env] of runs) {
        const { output, code } = await inProcess(args, env);
        assert.ok(code === 0 || code === 1, `${name}: exit ${code}\n${output.slice(-1000)}`);
        assert.ok(!output.includes('\u001b[2K'), `${name}: an erase sequence was written`);
        assert.doesNotMatch(output, PROGRESS, name);
        assert.ok(output.length > 1000, `${name}: no results`);
      }
    });
  },
);
