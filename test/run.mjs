// Runs every compiled test (out/test/**/*.test.js) with node:test, as many files at once as the machine has cores
// (AI_POSTMORTEM_TEST_CONCURRENCY or --concurrency N to change it): the files keep the cores busy (a file's own CPU
// time plus its child processes'), so more at once would only share them. Each slot runs its files one after
// another in one long-lived worker process (test/run-worker.mjs), so the modules they share (the core, ajv,
// micromark, fast-check) load once per worker rather than once per file; only the files of ISOLATED below get a
// process of their own (--isolate: every file does).
//
// Prints each file's result as soon as that file finishes
// ("✔ unit/engine.test.js: 41 passed, 0 failed, 0 skipped (2.3 s, CPU 1.1 s)"; the CPU time on Linux),
// then the failures' details, a "skipped:" list naming each skipped test (or suite) with its reason
// (e.g. the shared third-party folder is missing), and ends with the plain
// "N passed, N failed[, N skipped]" line CI counts (scripts/test-all.mjs).
// A file that crashes its process or worker, does not load, or runs longer than the file timeout (30 minutes, past
// the slowest file on a loaded machine; --file-timeout S or AI_POSTMORTEM_TEST_FILE_TIMEOUT) fails with its name; a
// file that leaves process.env, the working directory or a global it found changed fails too (the next files run
// in the same worker). Exit 1 on any failure or when no test ran.
//
//   node test/run.mjs [--root DIR] [--concurrency N] [--file-timeout S] [--isolate] [--all] [SUBSTRING...]
//
// SUBSTRING keeps the files whose path under the root (unit/engine.test.js) contains it. Without one, the few files too slow for the
// developer loop (SLOW below) run only with --all, as `npm test` does. Compiled files whose TypeScript source is gone
// (a renamed or deleted test) are not run. The slowest files start first: each run records the
// durations in DIR/.durations.json for the next one.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREFIX } from './run-reporter.mjs';

const argv = process.argv.slice(2);
const only = [];
let root = path.resolve('out/test');
let all = false;
let isolate = false;
let concurrency = Number(process.env.AI_POSTMORTEM_TEST_CONCURRENCY) || availableParallelism();
let fileTimeout = Number(process.env.AI_POSTMORTEM_TEST_FILE_TIMEOUT) || 1800;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--root') root = path.resolve(argv[++i]);
  else if (argv[i] === '--concurrency') concurrency = Number(argv[++i]);
  else if (argv[i] === '--file-timeout') fileTimeout = Number(argv[++i]);
  else if (argv[i] === '--isolate') isolate = true;
  else if (argv[i] === '--all') all = true;
  else only.push(argv[i]);
}
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`test/run.mjs: the concurrency must be a whole number of at least 1, not ${concurrency}`);
  process.exit(2);
}
if (!(fileTimeout > 0)) {
  console.error(`test/run.mjs: the file timeout must be a positive number of seconds, not ${fileTimeout}`);
  process.exit(2);
}
const reporter = fileURLToPath(new URL('./run-reporter.mjs', import.meta.url));
const REPORTER_ARGS = [`--test-reporter=${reporter}`, '--test-reporter-destination=stdout'];
const WORKER = fileURLToPath(new URL('./run-worker.mjs', import.meta.url));
/** How long a worker may take to end once it has no more files. */
const WORKER_GRACE_MS = 10_000;
const compiledTests = root === path.resolve('out/test');

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? find(full) : name.endsWith('.test.js') ? [full] : [];
  });
}
const name = (file) => path.relative(root, file).split(path.sep).join('/');
// out/test/unit/x.test.js is stale when test/unit/x.test.ts no longer exists (tsc -b never deletes outputs).
const stale = (file) =>
  compiledTests && !existsSync(path.join('test', path.relative(root, file)).replace(/\.js$/, '.ts'));
// Files too slow for the developer loop. They run in `npm test` (scripts/test-all.mjs passes --all)
// and whenever a SUBSTRING selects them. perf-equivalence.test.js compares every fast path with the
// plain path on a 200-file generated corpus, the cache and every real postmortem: it alone takes
// more CPU time than all the other files together, longer than the whole unit run may take.
// oversize-memory.test.js lints a 50 MB file through the CLI to bound its memory: more than ten CPU-seconds for one
// test (a file just over the size limit covers the same path in the unit run).
const SLOW = ['perf-equivalence.test.js', 'oversize-memory.test.js'];
const slow = (file) => !all && only.length === 0 && SLOW.includes(name(file));
// Files that need a process of their own (none today): one that must change process state, or whose behaviour
// other files' module state would disturb, goes here with its reason.
const ISOLATED = [];
const grouped = (file) => !isolate && !ISOLATED.includes(name(file));
// Matched against the path under the root (unit/engine.test.js), not the absolute one: a checkout in a folder named
// like a test folder must not select every file.
const found = find(root).filter((f) => only.length === 0 || only.some((o) => name(f).includes(o)));
const files = found.filter((f) => !stale(f) && !slow(f));
const durationsFile = path.join(root, '.durations.json');
let durations = {};
try {
  durations = JSON.parse(readFileSync(durationsFile, 'utf8'));
} catch {
  // First run, or a cleaned build: files start in name order.
}
// Unknown files first (they may be slow), then the slowest known first, ties by name.
const known = (f) => durations[name(f)] ?? Infinity;
files.sort((a, b) => known(b) - known(a) || name(a).localeCompare(name(b)));

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const skips = [];
const where = (e) => (e.file ? path.relative(process.cwd(), e.file) : '');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// CPU time (user + system, in ms) of this runner's ended child processes and everything they waited for
// (the CLI processes a test starts), from Linux's /proc/self/stat; undefined elsewhere. Read as each test
// process ends, the growth since the previous reading is that file's CPU time, which a loaded machine
// does not inflate the way it inflates wall time. (Two files whose processes end in the same instant are
// both counted on the first one's line; the run's total stays exact.) A file run in a worker reports its own
// CPU time (process.cpuUsage, from its start to its end); the worker's start-up, the module loading the grouped
// files share, counts in the run's total only.
const ticks = 100; // USER_HZ, 100 on every Linux architecture Node supports
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticks;
  } catch {
    return undefined;
  }
}
let cpuSeen = childrenCpu();
let cpuTotal = 0;

// A runner started from inside a test (test/test-runner.test.ts) must not make its files report to that test's runner.
const { NODE_TEST_CONTEXT: _context, ...env } = process.env;

// Interrupted or terminated: end the test processes still running, then go.
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** A file's counts, and the handler of its reporter events. */
function fileRun(file) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const onEvent = (e) => {
    if (e.type === 'test:stderr') {
      process.stderr.write(e.message);
    } else if (e.type === 'test:pass') {
      // A skipped suite never runs its body: it counts as one skipped entry, named like a test.
      if (e.suite && !e.skip) return;
      if (e.skip || e.todo) {
        counts.skipped++;
        const reason =
          typeof e.skip === 'string'
            ? e.skip
            : typeof e.todo === 'string'
              ? `todo: ${e.todo}`
              : e.todo
                ? 'todo'
                : 'no reason given';
        skips.push(`- ${e.name}${e.suite ? ' (suite)' : ''} (${where(e)}): ${reason}`);
      } else counts.passed++;
    } else if (e.type === 'test:fail') {
      if (e.suite) return;
      counts.failed++;
      failures.push(`✖ ${e.name} (${where(e)}:${e.line ?? ''})\n  ${e.error.split('\n').join('\n  ')}`);
    }
  };
  const fail = (why) => {
    counts.failed++;
    failures.push(`✖ ${name(file)}: ${why}`);
  };
  return { counts, onEvent, fail };
}

/** Calls `onLine` with each whole line `stream` writes, and returns the function that flushes the last one. */
function lines(stream, onLine) {
  let buffer = '';
  stream.setEncoding('utf8').on('data', (chunk) => {
    const parts = (buffer + chunk).split('\n');
    buffer = parts.pop() ?? '';
    parts.forEach(onLine);
  });
  return () => {
    onLine(buffer);
    buffer = '';
  };
}
const parse = (line) => (line.startsWith(PREFIX) ? JSON.parse(line.slice(PREFIX.length)) : undefined);

/** Adds the CPU time of the test processes ended since the last reading to the run's total; returns it. */
function cpuSinceLast() {
  const now = childrenCpu();
  if (now === undefined || cpuSeen === undefined) return undefined;
  const cpu = now - cpuSeen;
  cpuSeen = now;
  cpuTotal += cpu;
  return cpu;
}

function report(file, counts, ms, cpu) {
  durations[name(file)] = ms;
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  const mark = counts.failed ? '✖' : '✔';
  console.log(
    `${mark} ${name(file)}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds(ms)}${cpu === undefined ? '' : `, CPU ${seconds(cpu)}`})`,
  );
}

/** Runs one test file in a process of its own. */
function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const { counts, onEvent, fail } = fileRun(file);
    const child = spawn(process.execPath, [...REPORTER_ARGS, file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    running.add(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, fileTimeout * 1000);
    const flush = lines(child.stdout, (line) => {
      const e = parse(line);
      if (e) onEvent(e);
      else if (line) console.log(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => process.stderr.write(chunk));
    let cpu;
    child.on('exit', () => (cpu = cpuSinceLast()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      flush();
      if (timedOut) fail(`did not finish within ${fileTimeout} s; its process was ended`);
      else if ((code !== 0 || signal) && counts.failed === 0)
        fail(
          `its process ended with ${signal ?? `exit code ${code}`} and reported no failing test (its error output is above)`,
        );
      report(file, counts, Date.now() - started, cpu);
      resolve();
    });
  });
}

/**
 * A long-lived process (test/run-worker.mjs) that runs grouped files one at a time. A file that ends the process,
 * or does not finish within the file timeout, fails with its name; the slot then starts a new worker.
 */
class Worker {
  constructor() {
    this.child = spawn(process.execPath, [...REPORTER_ARGS, WORKER], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
    });
    running.add(this.child);
    this.current = undefined;
    this.files = [];
    this.anyFailed = false;
    const flush = lines(this.child.stdout, (line) => {
      const e = parse(line);
      if (!e) {
        if (line) console.log(line);
      } else if (e.type === 'file:end' && this.current?.file === e.file) {
        const { counts, fail } = this.current.run;
        if (e.error) fail(`did not load, or a top-level hook failed: ${e.error}`);
        if (e.changed.length)
          fail(
            `left the process changed (${e.changed.join(', ')}); the files after it run in the same worker, so it must restore what it changes (or go to ISOLATED in test/run.mjs)`,
          );
        this.finish(counts, e.cpuMs);
      } else this.current?.run.onEvent(e);
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk) => process.stderr.write(chunk));
    // A worker that died as a file was sent to it (EPIPE) is reported by its close handler, with that file's name.
    this.child.stdin.on('error', () => {});
    this.child.on('exit', () => cpuSinceLast());
    this.closed = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        running.delete(this.child);
        flush();
        this.dead = true;
        if (this.current) {
          this.current.run.fail(
            this.current.timedOut
              ? `did not finish within ${fileTimeout} s; its worker process was ended`
              : `its worker process ended with ${signal ?? `exit code ${code}`} while running it (its error output is above)`,
          );
          this.finish(this.current.run.counts, undefined);
        } else if ((code !== 0 || signal) && !this.stopping) {
          failed++;
          failures.push(
            `✖ a test worker ended with ${signal ?? `exit code ${code}`} between files (it ran ${this.files.join(', ')})`,
          );
        } else if (code !== 0 && !this.anyFailed && !this.killed) {
          failed++;
          failures.push(
            `✖ a test worker ended with exit code ${code} and no file of it reported a failing test (it ran ${this.files.join(', ')}; its error output is above)`,
          );
        }
        resolve();
      }),
    );
  }

  finish(counts, cpu) {
    const { file, started, timer, resolve } = this.current;
    clearTimeout(timer);
    this.current = undefined;
    if (counts.failed) this.anyFailed = true;
    report(file, counts, Date.now() - started, cpu);
    resolve();
  }

  run(file) {
    return new Promise((resolve) => {
      this.files.push(name(file));
      const current = { file, run: fileRun(file), started: Date.now(), resolve, timedOut: false };
      current.timer = setTimeout(() => {
        current.timedOut = true;
        this.killed = true;
        this.child.kill('SIGKILL');
      }, fileTimeout * 1000);
      this.current = current;
      this.child.stdin.write(`${file}\n`);
    });
  }

  /** No more files: the worker ends once its test harness has; one still alive after WORKER_GRACE_MS is ended. */
  async stop() {
    this.stopping = true;
    this.child.stdin.end();
    const timer = setTimeout(() => {
      failed++;
      failures.push(
        `✖ a test worker did not end within ${WORKER_GRACE_MS / 1000} s of its last file: one of its files left a timer, server or other handle open (it ran ${this.files.join(', ')})`,
      );
      this.killed = true;
      this.child.kill('SIGKILL');
    }, WORKER_GRACE_MS);
    await this.closed;
    clearTimeout(timer);
  }
}

const started = Date.now();
const ignored = found.filter(stale).length;
const held = found.filter((f) => !stale(f) && slow(f)).map(name);
const inWorkers = files.filter(grouped).length;
console.log(
  `${files.length} test files, ${Math.min(concurrency, files.length)} at a time${inWorkers ? ` (${inWorkers} of them in long-lived workers, one per slot)` : ''}${ignored ? ` (${ignored} stale compiled files without a test/**/*.ts source not run)` : ''}${held.length ? `; slow, run by npm test or --all: ${held.join(', ')}` : ''}`,
);
const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(concurrency, files.length) }, async () => {
    let worker;
    while (queue.length) {
      const file = queue.shift();
      if (!grouped(file)) await runFile(file);
      else {
        if (!worker || worker.dead) worker = new Worker();
        await worker.run(file);
      }
    }
    if (worker && !worker.dead) await worker.stop();
  }),
);
try {
  writeFileSync(durationsFile, `${JSON.stringify(durations, null, 2)}\n`);
} catch {
  // A read-only output folder only loses the ordering hint.
}
if (failures.length) console.log(`\n${failures.join('\n\n')}\n`);
if (skips.length) console.log(`skipped:\n${skips.join('\n')}\n`);
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(
  `${files.length} files in ${seconds(Date.now() - started)}${cpuSeen === undefined ? '' : ` (CPU ${seconds(cpuTotal)})`}, ${Math.min(concurrency, files.length)} at a time (load average ${load})`,
);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
