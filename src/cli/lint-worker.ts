/**
 * Entry of a lint worker thread (`dist/lint-worker.js`): lints the files the pool sends through one linter instance
 * per worker, so each config is read and each schema compiled once per worker. A task with `record` runs only the
 * first phase and returns it with the file's repository record from the same parse (`Linter.lintFirstPass`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildRepositoryIndex, type RecurrenceRecord } from '../core/index.js';
import { cliLinter } from './linter.js';
import type { LintTask, LintTaskResult } from './pool.js';

const data = (workerData ?? {}) as {
  readonly repository?: readonly RecurrenceRecord[];
  readonly fastPaths?: boolean;
};
const linter = cliLinter({ cwd: process.cwd(), fastPaths: data.fastPaths !== false });
if (data.repository) linter.repository = buildRepositoryIndex<RecurrenceRecord>(data.repository);
/** Tests only: a file whose path ends with this never finishes (the pool's time limit). */
const stall = process.env['AI_POSTMORTEM_TEST_STALL'];

parentPort?.on('message', (task: LintTask) => {
  void (async () => {
    let result: LintTaskResult;
    try {
      if (stall && task.path.endsWith(stall)) for (;;);
      if (task.record) {
        const first = await linter.lintFirstPass(task.path, task.text, { record: true });
        result = { id: task.id, findings: first.first.findings, schema: first.schema, first };
      } else {
        const { findings, association } = await linter.lintFile(task.path, task.text);
        result = { id: task.id, findings, schema: { source: association.source, name: association.name } };
      }
    } catch (error) {
      result = {
        id: task.id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      };
    }
    parentPort?.postMessage(result);
  })();
});
