/**
 * Feeding the core's repository index from disk: find the lint root, read its postmortems and
 * record them. The records are plain data (`PostmortemRecord[]`), so the lint worker pool can
 * receive them as they are.
 */
import type { Root } from 'mdast';
import type { LintCache } from './cache.js';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CATCH_ALL_CLASSES, CONFIG_FILE_NAME, buildRepositoryIndex, recordRecurrenceText, recordText, type PostmortemRecord, type RecurrenceRecord, type RepositoryIndex, type Resolver } from '../core/index.js';
import { ReadError, readText, readTextIfReadable, toPosix, walkMarkdown } from './files.js';
import type { OnProgress } from './progress.js';
import { recognise } from './recognise.js';

/** Absolute POSIX path, as the core names files. */
export function corePath(file: string): string {
  return toPosix(path.resolve(file));
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The deepest folder that contains every target (a file target counts by its folder). */
export async function commonFolder(targets: readonly string[]): Promise<string | undefined> {
  const folders: string[] = [];
  for (const t of targets) {
    const stat = await fs.stat(t).catch(() => undefined);
    if (stat) folders.push(stat.isDirectory() ? path.resolve(t) : path.dirname(path.resolve(t)));
  }
  if (folders.length === 0) return undefined;
  let common = folders[0]!;
  for (const f of folders.slice(1)) {
    while (f !== common && !f.startsWith(common.endsWith(path.sep) ? common : `${common}${path.sep}`)) {
      const up = path.dirname(common);
      if (up === common) break;
      common = up;
    }
  }
  return common;
}

/**
 * Where `postmortem lint` looks for the other postmortems: the folder of the nearest
 * `.postmortem.json` at or above the targets' common folder, else that common folder.
 */
export async function lintRoot(targets: readonly string[]): Promise<string | undefined> {
  const common = await commonFolder(targets);
  if (common === undefined) return undefined;
  for (let dir = common; ; dir = path.dirname(dir)) {
    if (await exists(path.join(dir, CONFIG_FILE_NAME))) return dir;
    if (path.dirname(dir) === dir) return common;
  }
}

export interface CollectOptions {
  /** How a record names its file (default: the core's absolute POSIX path). */
  readonly name?: (file: string) => string;
  /** Every Markdown file, not only postmortems (for folders of legacy write-ups). */
  readonly all?: boolean;
  /** `--cache`: records of unchanged files are read from it, new ones written to it. */
  readonly cache?: LintCache | undefined;
  /** The parser for records (the CLI passes `createRuleParser()`: only what records read). */
  readonly markdown?: (text: string) => Root;
  /** Texts the caller already read, by file (the lint targets), so they are not read twice. */
  readonly texts?: ReadonlyMap<string, string>;
  /** Records the caller already made, by core path (the lint targets), used as they are. */
  readonly known?: ReadonlyMap<string, PostmortemRecord>;
  /** Core paths left out unless `known` has them (targets the lint pool gave up on: not parsed again here). */
  readonly skip?: ReadonlySet<string>;
  /** The working folder (folder names count from it when there is neither a config nor a repository); default `process.cwd()`. */
  readonly cwd?: string;
  /** Files looked at so far of the walk (`indexing`). */
  readonly onProgress?: OnProgress | undefined;
}

/**
 * Record every postmortem under `root` the way a folder walk of `lint` selects them (`.gitignore`,
 * then the core's `recognisePostmortem`), each with its own config's phrases
 * and limits. Unreadable files are returned as failures, not thrown.
 */
export async function collectRecords(root: string, resolver: Resolver, options: CollectOptions = {}): Promise<{ records: PostmortemRecord[]; failures: string[] }> {
  const records: PostmortemRecord[] = [];
  const failures: string[] = [];
  const name = options.name ?? corePath;
  const files = (await walkMarkdown(root)).sort();
  for (const [done, file] of files.entries()) {
    options.onProgress?.({ phase: 'indexing', done, total: files.length });
    const p = corePath(file);
    const lookup = await resolver.configFor(p);
    const { config } = lookup;
    const own = options.known?.get(p);
    if (!own && options.skip?.has(p)) continue;
    let text: string;
    try {
      text = options.texts?.get(file) ?? (await readText(file));
    } catch (error) {
      if (error instanceof ReadError) {
        failures.push(`${name(file)}: ${error.message}`);
        continue;
      }
      throw error;
    }
    const recognition = recognise(file, text, config, options.cwd ?? process.cwd());
    if (recognition.reasons[0]?.signal === 'ignored' || (!options.all && !recognition.postmortem)) continue;
    if (own) {
      records.push(own);
      continue;
    }
    const key = options.cache?.key(text, lookup);
    const cached = key === undefined ? undefined : options.cache?.record(name(file), key);
    const record = cached ?? recordText({ path: name(file), text }, { phrases: config.phrases, limits: config.limits, ...(options.markdown ? { markdown: options.markdown } : {}) });
    if (!cached && key !== undefined) options.cache?.setRecord(name(file), key, record);
    records.push(record);
  }
  return { records, failures };
}

/**
 * For `--cache`: a key per file for what the `recurrence` rule reads about the other postmortems.
 * A file's findings can change only when a postmortem sharing one of its class roots or services
 * changes, so the key hashes those groups (each hashed once); a file outside the index gets the
 * digest of the whole repository.
 */
export function repositoryKeys(index: RepositoryIndex<RecurrenceRecord>): (path: string) => string {
  const recordHash = new Map<RecurrenceRecord, string>();
  const hashOf = (r: RecurrenceRecord) => {
    let h = recordHash.get(r);
    if (h === undefined) {
      h = createHash('sha256').update(JSON.stringify(r)).digest('base64url');
      recordHash.set(r, h);
    }
    return h;
  };
  const groups = new Map<string, string>();
  const group = (key: string, members: readonly RecurrenceRecord[]) => {
    let h = groups.get(key);
    if (h === undefined) {
      const hash = createHash('sha256');
      for (const r of members) hash.update(hashOf(r));
      h = hash.digest('base64url');
      groups.set(key, h);
    }
    return h;
  };
  let all: string | undefined;
  return (path) => {
    const self = index.byPath(path);
    if (!self) return (all ??= group('\u0000all', index.records));
    return [...self.classRoots.map((c) => group(`class\u0000${c}`, index.withClass(c))), ...self.services.map((s) => group(`service\u0000${s}`, index.withService(s)))].join(',');
  };
}

/**
 * The repository index for linting targets that were already recorded (`records`, by core path):
 * the targets' own records, plus those of the other postmortems under `root` that could share a
 * failure class or a service with a target. A file whose text does not contain one of those names
 * cannot be in any group `recurrence` reads, so it is not parsed (a text with an escape, where a
 * YAML string could spell a name differently, always is). No target that could recur: no walk.
 */
export async function indexAcross(root: string, resolver: Resolver, records: ReadonlyMap<string, PostmortemRecord>, markdown: (text: string) => Root, skip: ReadonlySet<string> = new Set(), onProgress?: OnProgress): Promise<RepositoryIndex<RecurrenceRecord>> {
  const needles = new Set<string>();
  let spaced = false;
  for (const record of records.values()) {
    if (record.date === undefined) continue;
    for (const c of record.classRoots) if (!CATCH_ALL_CLASSES.has(c)) needles.add(c.toLowerCase());
    if (record.movedVariables.length > 0) for (const s of record.services) needles.add(s.toLowerCase());
  }
  for (const n of needles) if (/\s/.test(n)) spaced = true;
  if (needles.size === 0) return buildRepositoryIndex<RecurrenceRecord>([]);
  const found: RecurrenceRecord[] = [];
  const files = await walkMarkdown(root);
  for (const [done, file] of files.entries()) {
    onProgress?.({ phase: 'indexing', done, total: files.length });
    const p = corePath(file);
    const lookup = await resolver.configFor(p);
    const { config } = lookup;
    const own = records.get(p);
    // A target without a record (the pool gave up on it) is not parsed again here.
    if (!own && skip.has(p)) continue;
    const text = await readTextIfReadable(file);
    if (text === undefined) continue;
    if (!recognise(file, text, config, process.cwd()).postmortem) continue;
    if (own) {
      found.push(own);
      continue;
    }
    const lower = text.toLowerCase();
    if (!spaced && !lower.includes('\\') && ![...needles].some((n) => lower.includes(n))) continue;
    // Only what `recurrence` reads: the AI signals of a postmortem that is not linted are never used.
    found.push(recordRecurrenceText({ path: p, text }, { limits: config.limits, markdown }));
  }
  return buildRepositoryIndex(found);
}
