// A long-lived test process of test/run.mjs: it runs test files one after another, so the modules they share (the
// core, ajv, micromark, fast-check) load once per worker instead of once per file. test/run.mjs writes one compiled
// test file's path per line on stdin and sends the next only once this one's end has come through the reporter
// (test/run-reporter.mjs), so files never overlap. Each file runs
// inside a suite of its own, named FILE_SUITE + path: its tests, suites and top-level hooks (before/after) belong
// to it as they would to the root of a process of its own, and the reporter turns that suite's end into the file's
// end, with its CPU time and any change to process state the file left behind (a grouped file must leave the
// process as it found it: the files after it run in the same process).
//
// A file that crashes this process, or hangs, is reported by test/run.mjs with its name; the next files run in a
// new worker.
import { describe } from 'node:test';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { FILE_SUITE, FILE_STATE, childrenCpuMs } from './run-reporter.mjs';

/** What a file must leave as it found it: the environment, the working directory and the globals' values. */
function snapshot() {
  return {
    env: JSON.stringify(Object.entries(process.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    cwd: process.cwd(),
    // Read through the getters: Node defines some globals (TextEncoder, fetch) lazily, replaced by their value when
    // first read.
    globals: Object.getOwnPropertyNames(globalThis).map((name) => [name, globalThis[name]]),
    cpu: process.cpuUsage(),
    children: childrenCpuMs(),
  };
}

const files = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const file of files) {
  if (!file) continue;
  globalThis[FILE_STATE] = snapshot();
  describe(`${FILE_SUITE}${file}`, async () => {
    await import(pathToFileURL(file).href);
  });
}
