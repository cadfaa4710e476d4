/**
 * Feeding the core's repository index from disk: find the lint root, read its postmortems and
 * record them. The records are plain data (`PostmortemRecord[]`), so the lint worker pool can
 * receive them as they are.
 */
import type { LintCache } from './cache.js';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_FILE_NAME,
  type Linter,
  type PostmortemRecord,
  type Progress,
  type RecurrenceRecord,
  type RepositoryIndex,
} from '../core/index.js';
import { corePath } from './linter.js';

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
  /** Texts the caller already read, by file (the lint targets), so they are not read twice. */
  readonly texts?: ReadonlyMap<string, string>;
  /** Records the caller already made, by core path (the lint targets), used as they are. */
  readonly known?: ReadonlyMap<string, PostmortemRecord>;
  /** Core paths left out unless `known` has them (targets the lint pool gave up on: not parsed again here). */
  readonly skip?: ReadonlySet<string>;
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * Record every postmortem under `root` the way a folder walk of `lint` selects them (`.gitignore`, then the core's
 * `recognisePostmortem`), each with its own config's phrases and limits, through the linter instance
 * (`Linter.index`). Unreadable files are returned as failures, not thrown.
 */
export async function collectRecords(
  root: string,
  linter: Linter,
  options: CollectOptions = {},
): Promise<{ records: PostmortemRecord[]; failures: string[] }> {
  const name = options.name ? (p: string) => options.name!(nativeOf(p)) : undefined;
  const cache = options.cache;
  const { index, unreadable } = await linter.index(corePath(root), {
    records: options.all ? 'all-markdown' : 'full',
    ...(name ? { name } : {}),
    ...(options.known ? { known: options.known } : {}),
    ...(options.skip ? { skip: options.skip } : {}),
    ...(options.texts ? { texts: options.texts } : {}),
    ...(cache
      ? {
          cache: {
            lookup: (file, text, lookup) => cache.record(file, cache.key(text, lookup)),
            store: (file, text, lookup, record) => cache.setRecord(file, cache.key(text, lookup), record),
          },
        }
      : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { records: [...index.records], failures: unreadable.map((u) => `${u.path}: ${u.error}`) };
}

/** The native path of a core path. */
function nativeOf(p: string): string {
  return path.sep === '/' ? p : path.resolve(p.split('/').join(path.sep));
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
    return [
      ...self.classRoots.map((c) => group(`class\u0000${c}`, index.withClass(c))),
      ...self.services.map((s) => group(`service\u0000${s}`, index.withService(s))),
    ].join(',');
  };
}

/**
 * The repository index for linting targets that were already recorded (`records`, by core path): the targets' own
 * records, plus those of the other postmortems under `root` that could share a failure class or a service with a
 * target (`Linter.index` with `records: 'recurrence'`).
 */
export async function indexAcross(
  root: string,
  linter: Linter,
  records: ReadonlyMap<string, PostmortemRecord>,
  skip: ReadonlySet<string> = new Set(),
  texts?: ReadonlyMap<string, string>,
  onProgress?: (progress: Progress) => void,
): Promise<RepositoryIndex<RecurrenceRecord>> {
  return (
    await linter.index(corePath(root), {
      known: records,
      skip,
      ...(texts ? { texts } : {}),
      ...(onProgress ? { onProgress } : {}),
    })
  ).index;
}
