/**
 * Entry of a lint worker thread (`dist/lint-worker.js`): lints the files the pool sends, with one
 * `Resolver` per worker, so each config is read and each schema compiled once per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RULES, Resolver, buildRepositoryIndex, createRuleParser, type PostmortemRecord } from '../core/index.js';
import { readOptional } from './files.js';
import type { LintTask, LintTaskResult } from './pool.js';

const resolver = new Resolver({ readFile: (p) => readOptional(p) }, RULES, { markdown: createRuleParser() });
const records = (workerData as { repository?: readonly PostmortemRecord[] } | null)?.repository;
if (records) resolver.repository = buildRepositoryIndex(records);

parentPort?.on('message', (task: LintTask) => {
  void (async () => {
    let result: LintTaskResult;
    try {
      const { findings, association } = await resolver.lintFile(task.path, task.text);
      result = { id: task.id, findings, schema: { source: association.source, name: association.name } };
    } catch (error) {
      result = { id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort?.postMessage(result);
  })();
});
