/**
 * Findings for many files at once: from the `--cache` when nothing changed, else on a pool of worker
 * threads (one per core) when there is enough work to pay for starting them, else in process. Every
 * path gives the findings `Resolver.lintFile` gives (`test/perf-equivalence.test.ts`).
 */
import type { ConfigLookup, Finding, Resolver } from '../core/index.js';
import type { LintCache } from './cache.js';
import { lintInWorkers, type LintTask } from './pool.js';
import { repositoryKeys } from './repository.js';

export interface LintJob {
  /** Absolute POSIX path for the core. */
  readonly path: string;
  readonly text: string;
  readonly lookup: ConfigLookup;
}

export interface LintManyOptions {
  /** Worker threads; 1 lints in process. */
  readonly threads: number;
  readonly cache: LintCache | undefined;
}

/** Below this many files (or this many characters) starting workers costs more than it saves. */
const POOL_MIN_FILES = 24;
const POOL_MIN_LENGTH = 512 * 1024;

export async function lintMany(jobs: readonly LintJob[], resolver: Resolver, options: LintManyOptions): Promise<Array<readonly Finding[]>> {
  const out: Array<readonly Finding[]> = new Array(jobs.length);
  // With a repository index, a file's findings also depend on the postmortems that share its classes or services.
  const across = options.cache && resolver.repository ? repositoryKeys(resolver.repository) : undefined;
  const keys: string[] = [];
  const misses: number[] = [];
  for (const [i, job] of jobs.entries()) {
    if (options.cache) {
      keys[i] = options.cache.key(job.text, job.lookup, across?.(job.path));
      const hit = await options.cache.get(job.path, keys[i]!);
      if (hit) {
        out[i] = hit;
        continue;
      }
    }
    misses.push(i);
  }
  const length = misses.reduce((n, i) => n + jobs[i]!.text.length, 0);
  if (options.threads > 1 && misses.length >= 2 && (misses.length >= POOL_MIN_FILES || length >= POOL_MIN_LENGTH)) {
    const tasks: LintTask[] = misses.map((i, id) => ({ id, path: jobs[i]!.path, text: jobs[i]!.text }));
    const results = await lintInWorkers(tasks, options.threads, resolver.repository?.records);
    for (const [k, result] of results.entries()) {
      const i = misses[k]!;
      if (result.error !== undefined) throw new Error(`linting ${jobs[i]!.path} in a worker failed: ${result.error}`);
      out[i] = result.findings;
      await options.cache?.set(jobs[i]!.path, keys[i]!, result.schema, result.findings);
    }
  } else {
    for (const i of misses) {
      const { findings, association } = await resolver.lintFile(jobs[i]!.path, jobs[i]!.text);
      out[i] = findings;
      await options.cache?.set(jobs[i]!.path, keys[i]!, { source: association.source, name: association.name }, findings);
    }
  }
  await options.cache?.save();
  return out;
}
