/**
 * Findings for many files at once: from the `--cache` when nothing changed, else on a pool of worker
 * threads (one per core) when there is enough work to pay for starting them, else in process. Every
 * path gives the findings `Resolver.lintFile` gives (`test/perf-equivalence.test.ts`).
 *
 * With the repository index (`recurrence`), a file is parsed once: the first pass lints it without the
 * repository and records it; the second, on this thread, builds the index from the records and adds
 * the cross-file findings (`withCrossFileFindings`), exactly as `lint()` with the index would. With
 * `--cache`, the records of unchanged files come from the cache, so only changed files are linted in
 * that first pass; the index then gives every file its cache key, and a file whose text is unchanged
 * but whose group in the index changed is linted again with the index.
 */
import { RULES, createRuleParser, ruleUrl, withCrossFileFindings, type ConfigLookup, type CrossFileInput, type Finding, type PostmortemRecord, type RecurrenceRecord, type RepositoryIndex, type Resolver, type SchemaAssociation } from '../core/index.js';
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

/**
 * The repository index from the lint targets' records (by path); the shell adds the other postmortems under the lint
 * root. `skip`: targets that have no record (the pool gave up on them), left out rather than parsed on this thread.
 */
export type IndexAcross = (records: ReadonlyMap<string, PostmortemRecord>, skip: ReadonlySet<string>) => Promise<RepositoryIndex<RecurrenceRecord>>;

export interface LintManyOptions {
  /** Worker threads; 1 lints in process. */
  readonly threads: number;
  readonly cache: LintCache | undefined;
  /** Seconds one file may take in a worker before it is given up (`--file-timeout`). */
  readonly fileTimeout?: number;
  /** The repository index (`recurrence`), built once the targets are recorded; none when `recurrence` is off. */
  readonly across?: IndexAcross | undefined;
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

interface Linted {
  readonly findings: readonly Finding[];
  readonly schema: { readonly source: SchemaAssociation['source']; readonly name: string };
  /** With `record`: what the cross-file pass needs. */
  readonly cross?: CrossFileInput;
}

/**
 * Lint the jobs at `indexes`, on workers when there is enough work, else in process. `record`: without the
 * repository, each with its record; else with `resolver.repository`. A file the pool gave up on has no entry.
 */
async function lintSome(jobs: readonly LintJob[], indexes: readonly number[], resolver: Resolver, options: { readonly threads: number; readonly seconds: number; readonly record: boolean }): Promise<{ linted: Map<number, Linted>; timedOut: number[] }> {
  const linted = new Map<number, Linted>();
  const timedOut: number[] = [];
  const length = indexes.reduce((n, i) => n + jobs[i]!.text.length, 0);
  if (options.threads > 1 && indexes.length >= 2 && (indexes.length >= POOL_MIN_FILES || length >= POOL_MIN_LENGTH)) {
    const tasks: LintTask[] = indexes.map((i, id) => ({ id, path: jobs[i]!.path, text: jobs[i]!.text, ...(options.record ? { record: true } : {}) }));
    const results = await lintInWorkers(tasks, options.threads, { repository: options.record ? undefined : resolver.repository?.records, fileTimeout: options.seconds * 1000 });
    for (const [k, result] of results.entries()) {
      const i = indexes[k]!;
      if (result.timedOut) timedOut.push(i);
      else if (result.error !== undefined) throw new Error(`linting ${jobs[i]!.path} in a worker failed: ${result.error}`);
      else linted.set(i, result);
    }
    return { linted, timedOut };
  }
  lintedHere ||= indexes.length > 0;
  const markdown = options.record ? createRuleParser() : undefined;
  for (const i of indexes) {
    const job = jobs[i]!;
    if (markdown) linted.set(i, await lintAndRecord(resolver, markdown, job.path, job.text));
    else {
      const { findings, association } = await resolver.lintFile(job.path, job.text);
      linted.set(i, { findings, schema: { source: association.source, name: association.name } });
    }
  }
  return { linted, timedOut };
}

export async function lintMany(jobs: readonly LintJob[], resolver: Resolver, options: LintManyOptions): Promise<Array<readonly Finding[]>> {
  const out: Array<readonly Finding[]> = new Array(jobs.length);
  const { cache, across } = options;
  const seconds = options.fileTimeout ?? 20;
  const lintOf = (indexes: readonly number[], record: boolean) => lintSome(jobs, indexes, resolver, { threads: options.threads, seconds, record });
  /** Findings of a first-pass file with `recurrence` added from the index (a document with directives: the whole engine). */
  const withIndex = async (i: number, linted: Linted, index: RepositoryIndex<RecurrenceRecord>): Promise<readonly Finding[]> => {
    const job = jobs[i]!;
    const merged = withCrossFileFindings(linted.findings, linted.cross!, { config: job.lookup.config, rules: RULES, repository: index, path: job.path });
    return merged ?? (await resolver.lintFile(job.path, job.text, { repository: index })).findings;
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
      if (hit) out[i] = hit;
      else pending.push(i);
    }
  } else pending.push(...first);
  const { linted, timedOut } = await lintOf(pending, across !== undefined);
  for (const i of timedOut) out[i] = [timeoutFinding(seconds)];
  if (!across) {
    for (const [i, result] of linted) {
      out[i] = result.findings;
      await cache?.set(jobs[i]!.path, textKeys[i]!, result.schema, result.findings);
    }
    await cache?.save();
    return out;
  }

  const records = new Map<string, PostmortemRecord>();
  for (const [i, record] of known) records.set(jobs[i]!.path, record);
  for (const [i, result] of linted) records.set(jobs[i]!.path, result.cross!.record);
  const index = await across(records, new Set(timedOut.map((i) => jobs[i]!.path)));
  resolver.repository = index;
  const keyOf = cache ? repositoryKeys(index) : undefined;
  const keys = cache ? jobs.map((job, i) => cache.withAcross(textKeys[i]!, keyOf!(job.path))) : [];
  for (const [i, result] of linted) {
    out[i] = await withIndex(i, result, index);
    if (cache) {
      await cache.set(jobs[i]!.path, keys[i]!, result.schema, out[i]!);
      cache.setRecord(jobs[i]!.path, textKeys[i]!, result.cross!.record);
    }
  }
  if (cache) {
    // Unchanged files: cached findings while the files they share a class or service with are unchanged too.
    const again: number[] = [];
    for (const i of known.keys()) {
      const hit = await cache.get(jobs[i]!.path, keys[i]!);
      if (hit) out[i] = hit;
      else again.push(i);
    }
    const second = await lintOf(again, false);
    for (const i of second.timedOut) out[i] = [timeoutFinding(seconds)];
    for (const [i, result] of second.linted) {
      out[i] = result.findings;
      await cache.set(jobs[i]!.path, keys[i]!, result.schema, result.findings);
    }
    await cache.save();
  }
  return out;
}
