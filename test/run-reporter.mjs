// node:test reporter used by test/run.mjs inside each test process: one JSON line per passed, failed or skipped
// test (and per stderr chunk), prefixed so test/run.mjs can tell them apart. In a worker that runs several files
// (test/run-worker.mjs), the end of a file's own suite (named FILE_SUITE + path) becomes one `file:end` line with
// the file's CPU time and what it left changed in the process (the environment, the working directory, the
// globals it found), instead of a test of its own.
import { readFileSync } from 'node:fs';

export const PREFIX = '@@ai-postmortem-test@@';
/** The name prefix of the suite test/run-worker.mjs runs each file in. */
export const FILE_SUITE = '@@ai-postmortem-file@@';
/** Where test/run-worker.mjs keeps the process state (and CPU time) from before the running file. */
export const FILE_STATE = Symbol.for('ai-postmortem.test-file-state');

/**
 * CPU time (user + system, ms) of this process's ended child processes, the CLI runs a test started, from Linux's
 * /proc/self/stat (USER_HZ 100); undefined elsewhere.
 */
export function childrenCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function message(error) {
  const cause = error?.cause ?? error;
  return String(cause?.message ?? cause);
}

/** What the file changed of what test/run-worker.mjs snapshots, in words; empty when nothing. */
function leftChanged(before) {
  if (!before) return [];
  const changed = [];
  const env = new Map(Object.entries(process.env));
  const old = new Map(JSON.parse(before.env));
  for (const [name, value] of env) if (old.get(name) !== value) changed.push(`process.env.${name}`);
  for (const name of old.keys()) if (!env.has(name)) changed.push(`process.env.${name} (deleted)`);
  if (process.cwd() !== before.cwd) changed.push('the working directory');
  // A global a library defines when first loaded (zod's registry) is not the file's doing; one the file replaced
  // (fetch, a timer function) or deleted would change the files after it.
  for (const [name, value] of before.globals) {
    if (!Object.hasOwn(globalThis, name)) changed.push(`global ${name} (deleted)`);
    else if (!Object.is(globalThis[name], value)) changed.push(`global ${name}`);
  }
  return changed;
}

export default async function* reporter(source) {
  for await (const { type, data } of source) {
    if (
      (type === 'test:pass' || type === 'test:fail') &&
      data.nesting === 0 &&
      data.name.startsWith(FILE_SUITE)
    ) {
      const before = globalThis[FILE_STATE];
      const cpu = before ? process.cpuUsage(before.cpu) : undefined;
      const children = before?.children === undefined ? undefined : childrenCpuMs() - before.children;
      yield `${PREFIX}${JSON.stringify({
        type: 'file:end',
        file: data.name.slice(FILE_SUITE.length),
        // The file's suite fails on its own when the file did not load or a top-level hook failed; when only its
        // tests failed, they have their own lines.
        error:
          type === 'test:fail' && data.details?.error?.failureType !== 'subtestsFailed'
            ? message(data.details?.error)
            : undefined,
        // Its own and that of the processes it started (when the platform says).
        cpuMs: cpu === undefined ? undefined : (cpu.user + cpu.system) / 1000 + (children ?? 0),
        changed: leftChanged(before),
      })}\n`;
    } else if (type === 'test:pass' || type === 'test:fail') {
      yield `${PREFIX}${JSON.stringify({
        type,
        name: data.name,
        file: data.file,
        line: data.line,
        suite: data.details?.type === 'suite',
        skip: data.skip,
        todo: data.todo,
        error: type === 'test:fail' ? message(data.details?.error) : undefined,
      })}\n`;
    } else if (type === 'test:stderr') {
      yield `${PREFIX}${JSON.stringify({ type, message: data.message })}\n`;
    }
  }
}
