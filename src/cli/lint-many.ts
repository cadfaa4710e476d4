/**
 * Findings for many files at once: from the `--cache` when nothing changed, else on a pool of worker
 * threads (one per core) when there is enough work to pay for starting them, else in process. Every
 * path gives the findings `Resolver.lintFile` gives (`test/perf-equivalence.test.ts`).
 *
 * With `across` (no cache), each file is parsed once: the first pass lints it without the
 * repository and records it; the second, on this thread, builds the index from the records and
 * adds the cross-file findings (`withCrossFileFindings`), exactly as `lint()` with the index would.
 */
import { RULES, createRuleParser, ruleUrl, withCrossFileFindings, type ConfigLookup, type CrossFileInput, type Finding, type RecurrenceRecord, type RepositoryIndex, type Resolver } from '../core/index.js';
import type { LintCache } from './cache.js';
import { lintAndRecord } from './lint-one.js';
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
  /** Seconds one file may take in a worker before it is given up (`--file-timeout`). */
  readonly fileTimeout?: number;
  /**
   * The repository index from the lint targets' records (by path): the shell adds the other
   * postmortems under the lint root. Only without `cache` (its keys need the index first).
   */
  readonly across?: ((records: ReadonlyMap<string, CrossFileInput>) => Promise<RepositoryIndex<RecurrenceRecord>>) | undefined;
}

/** Below this many files (or this many characters) starting workers costs more than it saves. */
const POOL_MIN_FILES = 24;
const POOL_MIN_LENGTH = 512 * 1024;

/** The finding of a file the pool gave up on (`--file-timeout`). */
export function timeoutFinding(seconds: number): Finding {
  return {
    ruleId: 'document-size',
    severity: 'error',
    message: `Document took longer than ${seconds} s to lint; the document is too complex to check (split it, or raise \`--file-timeout\`)`,
    range: { start: 0, end: 0 },
    url: ruleUrl('document-size'),
    fatal: true,
  };
}

let lintedHere = false;

/** Whether this thread linted a file itself (not on a worker, not from `--cache`): the code cache's grade. */
export function lintedOnThisThread(): boolean {
  return lintedHere;
}

export async function lintMany(jobs: readonly LintJob[], resolver: Resolver, options: LintManyOptions): Promise<Array<readonly Finding[]>> {
  const out: Array<readonly Finding[]> = new Array(jobs.length);
  const across = options.cache ? undefined : options.across;
  // With a repository index, a file's findings also depend on the postmortems that share its classes or services.
  const acrossKeys = options.cache && resolver.repository ? repositoryKeys(resolver.repository) : undefined;
  const keys: string[] = [];
  const misses: number[] = [];
  const crosses = new Map<number, CrossFileInput>();
  for (const [i, job] of jobs.entries()) {
    if (options.cache) {
      keys[i] = options.cache.key(job.text, job.lookup, acrossKeys?.(job.path));
      const hit = await options.cache.get(job.path, keys[i]!);
      if (hit) {
        out[i] = hit;
        continue;
      }
    }
    misses.push(i);
  }
  const length = misses.reduce((n, i) => n + jobs[i]!.text.length, 0);
  const seconds = options.fileTimeout ?? 20;
  if (options.threads > 1 && misses.length >= 2 && (misses.length >= POOL_MIN_FILES || length >= POOL_MIN_LENGTH)) {
    const tasks: LintTask[] = misses.map((i, id) => ({ id, path: jobs[i]!.path, text: jobs[i]!.text, ...(across ? { record: true } : {}) }));
    const results = await lintInWorkers(tasks, options.threads, { repository: across ? undefined : resolver.repository?.records, fileTimeout: seconds * 1000 });
    for (const [k, result] of results.entries()) {
      const i = misses[k]!;
      if (result.timedOut) {
        out[i] = [timeoutFinding(seconds)];
        continue;
      }
      if (result.error !== undefined) throw new Error(`linting ${jobs[i]!.path} in a worker failed: ${result.error}`);
      out[i] = result.findings;
      if (result.cross) crosses.set(i, result.cross);
      await options.cache?.set(jobs[i]!.path, keys[i]!, result.schema, result.findings);
    }
  } else if (across) {
    lintedHere ||= misses.length > 0;
    const markdown = createRuleParser();
    for (const i of misses) {
      const { findings, cross } = await lintAndRecord(resolver, markdown, jobs[i]!.path, jobs[i]!.text);
      out[i] = findings;
      crosses.set(i, cross);
    }
  } else {
    lintedHere ||= misses.length > 0;
    for (const i of misses) {
      const { findings, association } = await resolver.lintFile(jobs[i]!.path, jobs[i]!.text);
      out[i] = findings;
      await options.cache?.set(jobs[i]!.path, keys[i]!, { source: association.source, name: association.name }, findings);
    }
  }
  if (across) {
    const index = await across(new Map([...crosses].map(([i, cross]) => [jobs[i]!.path, cross])));
    resolver.repository = index;
    for (const [i, cross] of crosses) {
      const job = jobs[i]!;
      const merged = withCrossFileFindings(out[i]!, cross, { config: job.lookup.config, rules: RULES, repository: index, path: job.path });
      // A document with suppression directives and cross-file findings goes through the whole engine.
      out[i] = merged ?? (await resolver.lintFile(job.path, job.text, { repository: index })).findings;
    }
  }
  await options.cache?.save();
  return out;
}
