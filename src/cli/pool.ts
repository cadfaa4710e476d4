/**
 * Lint many files on every core: a pool of worker threads (`lint-worker.ts`), each with its own
 * linter instance. Results come back in the order of the input, whatever order the workers finish in, and
 * are the findings `Linter.lintFile` gives in process (structured clone keeps every field). A
 * worker that spends longer than the time limit on one file is terminated and replaced; that file
 * gets a `timedOut` result and the others still lint.
 */
import { Worker } from 'node:worker_threads';
import type { FirstPassLint, Finding, RecurrenceRecord, SchemaAssociation } from '../core/index.js';

export interface LintTask {
  readonly id: number;
  /** Absolute POSIX path, as the core expects. */
  readonly path: string;
  readonly text: string;
  /** Only the first phase, with the file's record from the same parse (`Linter.lintFirstPass`). */
  readonly record?: boolean;
}

export type LintTaskResult =
  | {
      readonly id: number;
      readonly findings: readonly Finding[];
      readonly schema: { readonly source: SchemaAssociation['source']; readonly name: string };
      readonly first?: FirstPassLint;
      readonly error?: undefined;
      readonly timedOut?: undefined;
    }
  | { readonly id: number; readonly error: string; readonly timedOut?: undefined }
  | { readonly id: number; readonly timedOut: true; readonly error?: undefined };

export interface PoolOptions {
  /** The repository index's records, sent once per worker as plain data (`recurrence`). */
  readonly repository?: readonly RecurrenceRecord[] | undefined;
  /** Milliseconds one file may take in a worker (default 20 s). */
  readonly fileTimeout?: number;
  /** The workers' linter instances take their fast paths (`LinterOptions.fastPaths`; default true). */
  readonly fastPaths?: boolean;
  /** Called once per task as its result (or time-out) comes in, in completion order. */
  readonly onResult?: () => void;
}

export const DEFAULT_FILE_TIMEOUT_MS = 20_000;

/** Tasks in flight per worker: one being linted, one waiting, so a worker never idles on a message. */
const IN_FLIGHT = 2;

/** Lint `tasks` on `threads` workers; resolves with one result per task, in input order. */
export function lintInWorkers(
  tasks: readonly LintTask[],
  threads: number,
  options: PoolOptions = {},
): Promise<LintTaskResult[]> {
  const results: LintTaskResult[] = new Array(tasks.length);
  if (tasks.length === 0) return Promise.resolve(results);
  const url = new URL('./lint-worker.js', import.meta.url);
  const limit = options.fileTimeout ?? DEFAULT_FILE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    /** Task indexes not yet sent (a replaced worker's waiting tasks go back here first). */
    const queue: number[] = tasks.map((_, i) => i);
    let done = 0;
    let finished = false;
    const live = new Set<Worker>();
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      for (const w of live) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const start = () => {
      const worker = new Worker(url, {
        workerData: {
          fastPaths: options.fastPaths !== false,
          ...(options.repository ? { repository: options.repository } : {}),
        },
      });
      live.add(worker);
      /** Sent and not answered, in the order the worker handles them; the first is being linted. */
      const inFlight: number[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (inFlight.length === 0) return;
        timer = setTimeout(() => {
          const slow = inFlight.shift()!;
          results[slow] = { id: slow, timedOut: true };
          done++;
          options.onResult?.();
          live.delete(worker);
          queue.unshift(...inFlight);
          inFlight.length = 0;
          void worker.terminate();
          if (done === tasks.length) finish();
          else start();
        }, limit);
      };
      const feed = () => {
        while (inFlight.length < IN_FLIGHT && queue.length > 0) {
          const i = queue.shift()!;
          inFlight.push(i);
          worker.postMessage({ ...tasks[i]!, id: i });
          if (inFlight.length === 1) arm();
        }
      };
      worker.on('message', (result: LintTaskResult) => {
        if (!live.has(worker)) return;
        results[result.id] = result;
        inFlight.splice(inFlight.indexOf(result.id), 1);
        done++;
        options.onResult?.();
        arm();
        if (done === tasks.length) finish();
        else feed();
      });
      worker.on('error', (error) => {
        if (live.has(worker)) finish(error);
      });
      worker.on('exit', (code) => {
        if (timer) clearTimeout(timer);
        if (live.has(worker) && done < tasks.length && code !== 0)
          finish(new Error(`a lint worker exited with code ${code}`));
      });
      feed();
    };
    const count = Math.max(1, Math.min(threads, Math.ceil(tasks.length / IN_FLIGHT)));
    for (let i = 0; i < count; i++) start();
  });
}
