/**
 * Entry of a lint worker thread (`dist/lint-worker.js`): lints the files the pool sends, with one
 * `Resolver` per worker, so each config is read and each schema compiled once per worker. A task
 * with `record` also returns the file's repository record from the same parse (`lint-one.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import './precompiled.js';
import { RULES, Resolver, buildRepositoryIndex, createRuleParser, type RecurrenceRecord } from '../core/index.js';
import { readOptional } from './files.js';
import { lintAndRecord } from './lint-one.js';
import type { LintTask, LintTaskResult } from './pool.js';

const markdown = createRuleParser();
const resolver = new Resolver({ readFile: (p) => readOptional(p) }, RULES, { markdown });
const records = (workerData as { repository?: readonly RecurrenceRecord[] } | null)?.repository;
if (records) resolver.repository = buildRepositoryIndex<RecurrenceRecord>(records);
/** Tests only: a file whose path ends with this never finishes (the pool's time limit). */
const stall = process.env['AI_POSTMORTEM_TEST_STALL'];

parentPort?.on('message', (task: LintTask) => {
  void (async () => {
    let result: LintTaskResult;
    try {
      if (stall && task.path.endsWith(stall)) for (;;);
      if (task.record) {
        const { findings, schema, cross } = await lintAndRecord(resolver, markdown, task.path, task.text);
        result = { id: task.id, findings, schema, cross };
      } else {
        const { findings, association } = await resolver.lintFile(task.path, task.text);
        result = { id: task.id, findings, schema: { source: association.source, name: association.name } };
      }
    } catch (error) {
      result = { id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort?.postMessage(result);
  })();
});
