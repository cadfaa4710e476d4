/**
 * Lint many files on every core: a pool of worker threads (`lint-worker.ts`), each with its own
 * resolver. Results come back in the order of the input, whatever order the workers finish in, and
 * are the findings `Resolver.lintFile` gives in process (structured clone keeps every field).
 */
import { Worker } from 'node:worker_threads';
import type { Finding, PostmortemRecord, SchemaAssociation } from '../core/index.js';

export interface LintTask {
  readonly id: number;
  /** Absolute POSIX path, as the core expects. */
  readonly path: string;
  readonly text: string;
}

export type LintTaskResult =
  | { readonly id: number; readonly findings: readonly Finding[]; readonly schema: { readonly source: SchemaAssociation['source']; readonly name: string }; readonly error?: undefined }
  | { readonly id: number; readonly error: string };

/** Tasks in flight per worker: one being linted, one waiting, so a worker never idles on a message. */
const IN_FLIGHT = 2;

/** Lint `tasks` on `threads` workers; resolves with one result per task, in input order. */
/** `repository`: the repository index's records, sent once per worker as plain data (`recurrence`). */
export function lintInWorkers(tasks: readonly LintTask[], threads: number, repository?: readonly PostmortemRecord[]): Promise<LintTaskResult[]> {
  const results: LintTaskResult[] = new Array(tasks.length);
  if (tasks.length === 0) return Promise.resolve(results);
  const url = new URL('./lint-worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    let next = 0;
    let done = 0;
    const workers: Worker[] = [];
    const finish = (error?: Error) => {
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const feed = (worker: Worker) => {
      if (next < tasks.length) {
        const task = tasks[next]!;
        worker.postMessage({ ...task, id: next });
        next++;
      }
    };
    const count = Math.max(1, Math.min(threads, Math.ceil(tasks.length / IN_FLIGHT)));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(url, repository ? { workerData: { repository } } : {});
      workers.push(worker);
      worker.on('message', (result: LintTaskResult) => {
        results[result.id] = result;
        done++;
        if (done === tasks.length) finish();
        else feed(worker);
      });
      worker.on('error', (error) => finish(error));
      worker.on('exit', (code) => {
        if (done < tasks.length && code !== 0) finish(new Error(`a lint worker exited with code ${code}`));
      });
      for (let k = 0; k < IN_FLIGHT; k++) feed(worker);
    }
  });
}
