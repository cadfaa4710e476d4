/**
 * Findings for many files at once, through the linter instance: from the `--cache` when nothing changed, else on a
 * pool of worker threads (one per core, each with its own instance) when there is enough work to pay for starting
 * them, else in process. Every path gives the findings `Linter.lintFile` gives (`test/perf-equivalence.test.ts`).
 *
 * With the repository index (cross-file rules), a file is parsed once: its first phase (`Linter.lintFirstPass`, with
 * its record) runs on a worker or here; then, on this thread, the index is built from the records and the second
 * phase (`Linter.completeLint`) adds the cross-file findings. With `--cache`, the records of unchanged files come from
 * the cache, so only changed files take the first phase; the index then gives every file its cache key, and a file
 * whose text is unchanged but whose group in the index changed is linted again with the index.
 */
import type {
  ConfigLookup,
  FirstPassLint,
  Finding,
  Linter,
  PostmortemRecord,
  Progress,
  RecurrenceRecord,
  RepositoryIndex,
  SchemaAssociation,
} from '../core/index.js';
import type { LintCache } from './cache.js';
import { lintInWorkers, type LintTask } from './pool.js';
import { repositoryKeys } from './repository.js';

export interface LintJob {
  /** Absolute POSIX path for the core. */
  readonly path: string;
  readonly text: string;
  readonly lookup: ConfigLookup;
}

/**
 * The repository index from the lint targets' records (by path); the shell adds the other postmortems under the lint
 * root. `skip`: targets that have no record (the pool gave up on them), left out rather than parsed on this thread.
 */
export type IndexAcross = (
  records: ReadonlyMap<string, PostmortemRecord>,
  skip: ReadonlySet<string>,
  onProgress?: (progress: Progress) => void,
) => Promise<RepositoryIndex<RecurrenceRecord>>;

export interface LintManyOptions {
  /** Worker threads; 1 lints in process. */
  readonly threads: number;
  readonly cache: LintCache | undefined;
  /** Seconds one file may take in a worker before it is given up (`--file-timeout`). */
  readonly fileTimeout?: number;
  /** The repository index (cross-file rules), built once the targets are recorded; none when no cross-file rule is on. */
  readonly across?: IndexAcross | undefined;
  /** Progress of the lint (phase `linting`), of the index (`indexing`) and of the cache write (`writing-cache`). */
  readonly onProgress?: ((progress: Progress) => void) | undefined;
}

/** Below this many files (or this many characters) starting workers costs more than it saves. */
const POOL_MIN_FILES = 24;
const POOL_MIN_LENGTH = 512 * 1024;

let lintedHere = false;

/** Whether this thread linted a file itself (not on a worker, not from `--cache`): the code cache's grade. */
export function lintedOnThisThread(): boolean {
  return lintedHere;
}

interface Linted {
  readonly findings: readonly Finding[];
  readonly schema: { readonly source: SchemaAssociation['source']; readonly name: string };
  /** With `record`: the first phase, for the cross-file pass. */
  readonly first?: FirstPassLint;
}

/**
 * Lint the jobs at `indexes`, on workers when there is enough work, else in process. `record`: without the
 * repository, each with its record; else with `linter.repository`. A file the pool gave up on has no entry.
 */
async function lintSome(
  jobs: readonly LintJob[],
  indexes: readonly number[],
  linter: Linter,
  options: {
    readonly threads: number;
    readonly seconds: number;
    readonly record: boolean;
    readonly progress: (n: number) => void;
  },
): Promise<{ linted: Map<number, Linted>; timedOut: number[] }> {
  const linted = new Map<number, Linted>();
  const timedOut: number[] = [];
  const length = indexes.reduce((n, i) => n + jobs[i]!.text.length, 0);
  if (
    options.threads > 1 &&
    indexes.length >= 2 &&
    (indexes.length >= POOL_MIN_FILES || length >= POOL_MIN_LENGTH)
  ) {
    const tasks: LintTask[] = indexes.map((i, id) => ({
      id,
      path: jobs[i]!.path,
      text: jobs[i]!.text,
      ...(options.record ? { record: true } : {}),
    }));
    const results = await lintInWorkers(tasks, options.threads, {
      repository: options.record ? undefined : linter.repository?.records,
      fileTimeout: options.seconds * 1000,
      fastPaths: linter.fastPaths,
      onResult: () => options.progress(1),
    });
    for (const [k, result] of results.entries()) {
      const i = indexes[k]!;
      if (result.timedOut) timedOut.push(i);
      else if (result.error !== undefined)
        throw new Error(`linting ${jobs[i]!.path} in a worker failed: ${result.error}`);
      else linted.set(i, result);
    }
    return { linted, timedOut };
  }
  lintedHere ||= indexes.length > 0;
  for (const i of indexes) {
    const job = jobs[i]!;
    if (options.record) {
      const first = await linter.lintFirstPass(job.path, job.text, { record: true });
      linted.set(i, { findings: first.first.findings, schema: first.schema, first });
    } else {
      const { findings, association } = await linter.lintFile(job.path, job.text);
      linted.set(i, { findings, schema: { source: association.source, name: association.name } });
    }
    options.progress(1);
  }
  return { linted, timedOut };
}

export async function lintMany(
  jobs: readonly LintJob[],
  linter: Linter,
  options: LintManyOptions,
): Promise<Array<readonly Finding[]>> {
  const out: Array<readonly Finding[]> = new Array(jobs.length);
  const { cache, across } = options;
  const seconds = options.fileTimeout ?? 20;
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.({ phase: 'linting', done, total: jobs.length });
  };
  const lintOf = (indexes: readonly number[], record: boolean) =>
    lintSome(jobs, indexes, linter, { threads: options.threads, seconds, record, progress });
  const timedOutFindings = async (i: number): Promise<readonly Finding[]> => {
    const finding = await linter.timeoutFinding(jobs[i]!.path, seconds);
    return finding ? [finding] : [];
  };
  const saveCache = async () => {
    options.onProgress?.({ phase: 'writing-cache', done: 0, total: 1 });
    await cache?.save();
    options.onProgress?.({ phase: 'writing-cache', done: 1, total: 1 });
  };

  // The key of each file's text and config; with the index, what it reads of the other files is added below.
  const textKeys = cache ? jobs.map((job) => cache.key(job.text, job.lookup)) : [];
  // First pass: every file, or with the cache the files whose record is not cached (changed, or never seen).
  const known = new Map<number, PostmortemRecord>();
  const first: number[] = [];
  for (const [i, job] of jobs.entries()) {
    const record = cache && across ? cache.record(job.path, textKeys[i]!) : undefined;
    if (record) known.set(i, record);
    else first.push(i);
  }
  // Without the index, a file's key is its text key, so a cache hit needs no lint at all.
  const pending: number[] = [];
  if (cache && !across) {
    for (const i of first) {
      const hit = await cache.get(jobs[i]!.path, textKeys[i]!);
      if (hit) {
        out[i] = hit;
        progress(1);
      } else pending.push(i);
    }
  } else pending.push(...first);
  const { linted, timedOut } = await lintOf(pending, across !== undefined);
  for (const i of timedOut) out[i] = await timedOutFindings(i);
  if (!across) {
    for (const [i, result] of linted) {
      out[i] = result.findings;
      await cache?.set(jobs[i]!.path, textKeys[i]!, result.schema, result.findings);
    }
    if (cache) await saveCache();
    return out;
  }

  const records = new Map<string, PostmortemRecord>();
  for (const [i, record] of known) records.set(jobs[i]!.path, record);
  for (const [i, result] of linted) records.set(jobs[i]!.path, result.first!.record!);
  const index = await across(records, new Set(timedOut.map((i) => jobs[i]!.path)), options.onProgress);
  linter.repository = index;
  const keyOf = cache ? repositoryKeys(index) : undefined;
  const keys = cache ? jobs.map((job, i) => cache.withAcross(textKeys[i]!, keyOf!(job.path))) : [];
  for (const [i, result] of linted) {
    out[i] = linter.completeLint(result.first!, index);
    if (cache) {
      await cache.set(jobs[i]!.path, keys[i]!, result.schema, out[i]!);
      cache.setRecord(jobs[i]!.path, textKeys[i]!, result.first!.record!);
    }
  }
  if (cache) {
    // Unchanged files: cached findings while the files they share a class or service with are unchanged too.
    const again: number[] = [];
    for (const i of known.keys()) {
      const hit = await cache.get(jobs[i]!.path, keys[i]!);
      if (hit) {
        out[i] = hit;
        progress(1);
      } else again.push(i);
    }
    const second = await lintOf(again, false);
    for (const i of second.timedOut) out[i] = await timedOutFindings(i);
    for (const [i, result] of second.linted) {
      out[i] = result.findings;
      await cache.set(jobs[i]!.path, keys[i]!, result.schema, result.findings);
    }
    await saveCache();
  }
  return out;
}
