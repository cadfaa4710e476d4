// Runs every compiled test (out/test/**/*.test.js) with node:test, each file in its own process,
// as many at once as the machine has cores (AI_POSTMORTEM_TEST_CONCURRENCY or --concurrency N to
// change it): the files keep the cores busy (a file's own CPU time plus its child processes'), so
// more at once would only share them. Prints each file's result as soon as that file finishes
// ("✔ unit/engine.test.js: 41 passed, 0 failed, 0 skipped (2.3 s, CPU 1.1 s)"; the CPU time on Linux),
// then the failures' details, a "skipped:" list naming each skipped test (or suite) with its reason
// (e.g. the shared third-party folder is missing), and ends with the plain
// "N passed, N failed[, N skipped]" line CI counts (scripts/test-all.mjs).
// Exit 1 on any failure or when no test ran.
//
//   node test/run.mjs [--root DIR] [--concurrency N] [--all] [SUBSTRING...]
//
// SUBSTRING keeps the files whose path contains it. Without one, the few files too slow for the
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
let concurrency = Number(process.env.AI_POSTMORTEM_TEST_CONCURRENCY) || availableParallelism();
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--root') root = path.resolve(argv[++i]);
  else if (argv[i] === '--concurrency') concurrency = Number(argv[++i]);
  else if (argv[i] === '--all') all = true;
  else only.push(argv[i]);
}
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`test/run.mjs: the concurrency must be a whole number of at least 1, not ${concurrency}`);
  process.exit(2);
}
const reporter = fileURLToPath(new URL('./run-reporter.mjs', import.meta.url));
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
const found = find(root).filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
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
// both counted on the first one's line; the run's total stays exact.)
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

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const child = spawn(
      process.execPath,
      [`--test-reporter=${reporter}`, '--test-reporter-destination=stdout', file],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env,
      },
    );
    running.add(child);
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
    let buffer = '';
    const onLine = (line) =>
      line.startsWith(PREFIX) ? onEvent(JSON.parse(line.slice(PREFIX.length))) : line && console.log(line);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      const lines = (buffer + chunk).split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => process.stderr.write(chunk));
    let cpu;
    child.on('exit', () => {
      const now = childrenCpu();
      if (now !== undefined && cpuSeen !== undefined) {
        cpu = now - cpuSeen;
        cpuSeen = now;
        cpuTotal += cpu;
      }
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      onLine(buffer);
      if ((code !== 0 || signal) && counts.failed === 0) {
        counts.failed++;
        failures.push(
          `✖ ${name(file)}: its process ended with ${signal ?? `exit code ${code}`} and reported no failing test (its error output is above)`,
        );
      }
      const ms = Date.now() - started;
      durations[name(file)] = ms;
      passed += counts.passed;
      failed += counts.failed;
      skipped += counts.skipped;
      const mark = counts.failed ? '✖' : '✔';
      console.log(
        `${mark} ${name(file)}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds(ms)}${cpu === undefined ? '' : `, CPU ${seconds(cpu)}`})`,
      );
      resolve();
    });
  });
}

const started = Date.now();
const ignored = found.filter(stale).length;
const held = found.filter((f) => !stale(f) && slow(f)).map(name);
console.log(
  `${files.length} test files, ${Math.min(concurrency, files.length)} at a time${ignored ? ` (${ignored} stale compiled files without a test/**/*.ts source not run)` : ''}${held.length ? `; slow, run by npm test or --all: ${held.join(', ')}` : ''}`,
);
const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(concurrency, files.length) }, async () => {
    while (queue.length) await runFile(queue.shift());
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
