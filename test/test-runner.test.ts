/**
 * The unit test runner (test/run.mjs) on a folder of three tiny test files: each file's result is
 * printed as soon as that file finishes, with its counts, and the run ends with the failures'
 * details, the skipped tests with their reasons and the summary line CI counts. Then on a folder of
 * grouped files (unit/): they share one worker process, and a file that crashes it, hangs, does not
 * load or leaves the process changed fails with its name while the files after it still run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const RUNNER = path.resolve('test/run.mjs');
const FIXTURE = path.resolve('test/fixtures/test-runner');
const FILE_LINE = /^([✔✖]) (\S+): (\d+) passed, (\d+) failed, (\d+) skipped \(\d+\.\d s(, CPU \d+\.\d s)?\)$/;
/** Linux gives the runner its test processes' CPU time (/proc/self/stat); elsewhere the lines have none. */
const CPU = process.platform === 'linux';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  /** The per-file result lines, in the order they were printed. */
  readonly files: {
    mark: string;
    file: string;
    passed: number;
    failed: number;
    skipped: number;
    cpu: boolean;
  }[];
  /** True when the two other files' lines had been printed while the blocking file was still running. */
  readonly streamed: boolean;
  /** The durations the run recorded for the next one. */
  readonly durations: Record<string, number>;
}

/** Runs the runner on a copy of the fixture; releases the blocking file once the other two results are out. */
function runFixture(args: string[]): Promise<Run> {
  const root = mkdtempSync(path.join(tmpdir(), 'pm-runner-'));
  cpSync(FIXTURE, root, { recursive: true });
  const release = path.join(root, 'release');
  const child = spawn(process.execPath, [RUNNER, '--root', root, ...args], {
    env: { ...process.env, RUNNER_FIXTURE_RELEASE: release },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let streamed = false;
  const files: Run['files'] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    files.length = 0;
    for (const line of stdout.split('\n')) {
      const m = FILE_LINE.exec(line);
      if (m)
        files.push({
          mark: m[1]!,
          file: m[2]!,
          passed: Number(m[3]),
          failed: Number(m[4]),
          skipped: Number(m[5]),
          cpu: m[6] !== undefined,
        });
    }
    if (!streamed && files.length === 2 && files.every((f) => f.file !== 'blocks-until-released.test.js')) {
      streamed = true;
      writeFileSync(release, '');
    }
  });
  child.stderr.resume();
  const timer = setTimeout(() => child.kill(), 90_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      const durations = JSON.parse(readFileSync(path.join(root, '.durations.json'), 'utf8')) as Record<
        string,
        number
      >;
      resolve({ code, stdout, files, streamed, durations });
    }),
  );
}

describe('the unit test runner', () => {
  const both = runFixture(['--concurrency', '2']);

  it('prints each file as it finishes, with its counts, before the files still running', async () => {
    const run = await both;
    // The blocking file starts first (name order) but ends last: it waits until the other two were printed.
    assert.equal(run.streamed, true, run.stdout);
    assert.deepEqual(run.files, [
      { mark: '✖', file: 'fails-one.test.js', passed: 1, failed: 1, skipped: 0, cpu: CPU },
      { mark: '✔', file: 'passes-and-skips.test.js', passed: 2, failed: 0, skipped: 2, cpu: CPU },
      { mark: '✔', file: 'blocks-until-released.test.js', passed: 1, failed: 0, skipped: 0, cpu: CPU },
    ]);
    assert.equal(run.code, 1);
  });

  it("records each file's duration, for the next run to start the slowest first", async () => {
    const run = await both;
    assert.deepEqual(Object.keys(run.durations).sort(), [
      'blocks-until-released.test.js',
      'fails-one.test.js',
      'passes-and-skips.test.js',
    ]);
    // The blocking file waited for the two others to finish: it took longer than each of them.
    const blocked = run.durations['blocks-until-released.test.js']!;
    assert.ok(
      blocked > run.durations['fails-one.test.js']! && blocked > run.durations['passes-and-skips.test.js']!,
      JSON.stringify(run.durations),
    );
  });

  it('ends with the failures, the skipped tests with their reasons and the summary line CI counts', async () => {
    const run = await both;
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), '4 passed, 1 failed, 2 skipped');
    assert.match(
      lines.at(-2)!,
      CPU
        ? /^3 files in \d+\.\d s \(CPU \d+\.\d s\), 2 at a time \(load average [\d.]+ [\d.]+ [\d.]+\)$/
        : /^3 files in \d+\.\d s, 2 at a time \(load average [\d.]+ [\d.]+ [\d.]+\)$/,
    );
    assert.match(
      run.stdout,
      /^✖ counts the moons of Mars as three \(.*fails-one\.test\.js:6\)\n {2}Mars has 2 moons, not 3$/m,
    );
    assert.doesNotMatch(run.stdout, /adds two and two \(/);
    const skipped = run.stdout.slice(run.stdout.indexOf('skipped:\n'));
    assert.match(
      skipped,
      /^- is skipped for a reason \(.*passes-and-skips\.test\.js\): the shared folder is missing$/m,
    );
    assert.match(
      skipped,
      /^- a suite skipped whole \(suite\) \(.*passes-and-skips\.test\.js\): needs a network$/m,
    );
    assert.doesNotMatch(run.stdout, /never runs|a skipped suite ran its body/);
  });

  it('keeps only the files whose path holds a given substring, and fails a run where no test ran', async () => {
    const run = await runFixture(['--concurrency', '1', 'passes-and']);
    assert.deepEqual(
      run.files.map((f) => f.file),
      ['passes-and-skips.test.js'],
    );
    assert.equal(run.stdout.trimEnd().split('\n').at(-1), '2 passed, 0 failed, 2 skipped');
    assert.equal(run.code, 0);
    const none = await runFixture(['no-such-file']);
    assert.equal(none.stdout.trimEnd().split('\n').at(-1), '0 passed, 0 failed');
    assert.equal(none.code, 1);
  });
});

/** The runner over a copy of the grouped-files fixture, each fixture file writing its process id into `pids`. */
function runWorkersFixture(prefix: string, args: string[]) {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.resolve('test/fixtures/test-runner-workers'), root, { recursive: true });
  const pids = path.join(root, 'pids');
  writeFileSync(pids, '');
  const r = spawnSync(process.execPath, [RUNNER, '--root', root, ...args], {
    env: { ...process.env, RUNNER_FIXTURE_PIDS: pids },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { root, pids, r };
}

describe('the unit test runner with grouped files', () => {
  it('runs them one after another in a shared worker, and fails a file that crashes, hangs, does not load or leaves the process changed, by name', () => {
    const { pids, r } = runWorkersFixture('pm-runner-workers-', [
      '--concurrency',
      '1',
      '--file-timeout',
      '5',
    ]);
    const files = r.stdout
      .split('\n')
      .map((line) => FILE_LINE.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]} ${m[3]}/${m[4]}`);
    assert.deepEqual(files, [
      '✔ unit/a-passes.test.js 1/0',
      '✔ unit/b-hooks.test.js 1/0',
      '✖ unit/c-crashes.test.js 0/1',
      '✖ unit/d-hangs.test.js 0/1',
      '✖ unit/e-does-not-load.test.js 0/1',
      '✖ unit/f-changes-the-environment.test.js 1/1',
      '✔ unit/g-passes.test.js 1/0',
    ]);
    assert.match(r.stdout, /^7 test files, 1 at a time \(7 of them in long-lived workers, one per slot\)$/m);
    assert.match(
      r.stdout,
      /^✖ unit\/c-crashes\.test\.js: its worker process ended with exit code 7 while running it/m,
    );
    assert.match(
      r.stdout,
      /^✖ unit\/d-hangs\.test\.js: did not finish within 5 s; its worker process was ended$/m,
    );
    assert.match(
      r.stdout,
      /^✖ unit\/e-does-not-load\.test\.js: did not load, or a top-level hook failed: broken at load$/m,
    );
    assert.match(
      r.stdout,
      /^✖ unit\/f-changes-the-environment\.test\.js: left the process changed \(process\.env\.RUNNER_FIXTURE_LEFT_BEHIND\)/m,
    );
    assert.equal(r.stdout.trimEnd().split('\n').at(-1), '4 passed, 4 failed');
    assert.equal(r.status, 1);
    // a and b ran in one process (b's top-level after hook in it, after b's test); g in a new one after the crash and the hang.
    const ran = Object.fromEntries(
      readFileSync(pids, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(' ')),
    ) as Record<string, string>;
    assert.deepEqual(Object.keys(ran), ['a', 'b', 'b-after', 'g']);
    assert.equal(ran['b'], ran['a']);
    assert.equal(ran['b-after'], ran['a']);
    assert.notEqual(ran['g'], ran['a']);
    assert.notEqual(ran['a'], String(process.pid));
  });

  it('runs every file in a process of its own with --isolate', () => {
    const { pids, r } = runWorkersFixture('pm-runner-isolate-', [
      '--isolate',
      'a-passes',
      'b-hooks',
      'g-passes',
    ]);
    assert.equal(r.stdout.trimEnd().split('\n').at(-1), '3 passed, 0 failed', r.stdout);
    assert.match(r.stdout, /^3 test files, 2 at a time$/m);
    const processes = new Set(
      readFileSync(pids, 'utf8')
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('b-after'))
        .map((line) => line.split(' ')[1]),
    );
    assert.equal(processes.size, 3);
  });
});
