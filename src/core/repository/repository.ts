/**
 * The repository index: every postmortem of a folder as a `PostmortemRecord`, with the lookups the
 * `recurrence` rule and `postmortem report` need. Pure; shells read the files and hand over text
 * (`recordText`) or records they already have (a worker receives them as plain data).
 */
import type { Root } from 'mdast';
import { parsePostmortem, DEFAULT_LIMITS, type ParseLimits } from '../document/parse.js';
import { BUILTIN_PHRASES, type PhraseLists } from '../rules/phrases.js';
import {
  recordPostmortem,
  recordRecurrence,
  type ActionItemRecord,
  type PostmortemRecord,
  type RecurrenceRecord,
  type SixVariable,
} from './record.js';

/** A file a shell read: its path as the shell names it, and its text (one leading BOM stripped). */
export interface RepositoryFile {
  readonly path: string;
  readonly text: string;
}

export interface RecordOptions {
  readonly phrases?: PhraseLists;
  readonly limits?: ParseLimits;
  /** Replaces the whole-document Markdown parse (the CLI passes `createRuleParser()`). */
  readonly markdown?: (text: string) => Root;
}

/** Parse and record one file. Never throws. */
export function recordText(file: RepositoryFile, options: RecordOptions = {}): PostmortemRecord {
  return recordPostmortem(
    file.path,
    parsePostmortem(file.text, options.limits ?? DEFAULT_LIMITS, options.markdown),
    options.phrases ?? BUILTIN_PHRASES,
  );
}

/** Parse and record one file for `recurrence` only (`RecurrenceRecord`: no AI signals). Never throws. */
export function recordRecurrenceText(
  file: RepositoryFile,
  options: Omit<RecordOptions, 'phrases'> = {},
): RecurrenceRecord {
  return recordRecurrence(
    file.path,
    parsePostmortem(file.text, options.limits ?? DEFAULT_LIMITS, options.markdown),
  );
}

/** An open action item with the postmortem it belongs to and its age in whole days. */
export interface OpenItem<R extends RecurrenceRecord = PostmortemRecord> {
  readonly record: R;
  readonly item: ActionItemRecord;
  /** Days from the postmortem's `date` to `asOf`; `undefined` when the postmortem has no date. */
  readonly ageDays: number | undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Order of records everywhere: by date (undated last), then path. */
export function compareRecords(a: RecurrenceRecord, b: RecurrenceRecord): number {
  if (a.date !== b.date) {
    if (a.date === undefined) return 1;
    if (b.date === undefined) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The index of whole records (`PostmortemRecord`, the report and the editor) or of what `recurrence` reads
 * (`RepositoryIndex<RecurrenceRecord>`: `lint` indexes the postmortems it does not lint that way).
 */
export class RepositoryIndex<R extends RecurrenceRecord = PostmortemRecord> {
  /** Every record, sorted by date (undated last), then path. */
  readonly records: readonly R[];
  readonly #byPath = new Map<string, R>();
  readonly #byId = new Map<string, R[]>();
  readonly #byClass = new Map<string, R[]>();
  readonly #byService = new Map<string, R[]>();
  readonly #byServiceVariable = new Map<string, R[]>();

  constructor(records: readonly R[]) {
    this.records = [...records].sort(compareRecords);
    for (const r of this.records) {
      this.#byPath.set(r.path, r);
      if (r.id !== undefined) push(this.#byId, r.id, r);
      for (const c of r.classRoots) push(this.#byClass, c, r);
      for (const s of r.services) {
        push(this.#byService, s, r);
        for (const v of r.movedVariables) push(this.#byServiceVariable, `${s}\u0000${v}`, r);
      }
    }
  }

  get size(): number {
    return this.records.length;
  }

  /** Whether no two records have the same path (every index the shells build; `recurrence` relies on it to be fast). */
  get pathsUnique(): boolean {
    return this.#byPath.size === this.records.length;
  }

  byPath(path: string): R | undefined {
    return this.#byPath.get(path);
  }

  /** Records with this `id` (more than one is a duplicate id). */
  byId(id: string): readonly R[] {
    return this.#byId.get(id) ?? [];
  }

  /** Records whose chain contains this class root (`tool-misuse` matches `tool-misuse/wrong-arguments`). */
  withClass(root: string): readonly R[] {
    return this.#byClass.get(root) ?? [];
  }

  withService(service: string): readonly R[] {
    return this.#byService.get(service) ?? [];
  }

  /** Records that list `service` and in which `variable` moved. */
  withServiceAndMoved(service: string, variable: SixVariable): readonly R[] {
    return this.#byServiceVariable.get(`${service}\u0000${variable}`) ?? [];
  }

  /** Every class root, sorted. */
  classRoots(): readonly string[] {
    return [...this.#byClass.keys()].sort();
  }

  /** Every service, sorted. */
  services(): readonly string[] {
    return [...this.#byService.keys()].sort();
  }

  /**
   * The records of `among` strictly before `date` (a postmortem of the same day is not earlier),
   * except the one at `path`. An undated postmortem has no earlier ones and is earlier than none.
   */
  earlier(among: readonly R[], date: string | undefined, path?: string): R[] {
    if (date === undefined) return [];
    return among.filter((r) => r.date !== undefined && r.date < date && r.path !== path);
  }

  /** Open action items of every postmortem, oldest first, with ages counted to `asOf` (`YYYY-MM-DD`). */
  openItems(asOf: string): Array<OpenItem<R>> {
    const out: Array<OpenItem<R>> = [];
    for (const record of this.records) {
      for (const item of record.actionItems) {
        if (item.state !== 'open') continue;
        out.push({
          record,
          item,
          ageDays: record.date === undefined ? undefined : Math.max(0, daysBetween(record.date, asOf)),
        });
      }
    }
    return out.sort((a, b) => (b.ageDays ?? -1) - (a.ageDays ?? -1) || compareRecords(a.record, b.record));
  }
}

/** Build the index from records (plain data: a shell may have computed them in another thread). */
export function buildRepositoryIndex<R extends RecurrenceRecord = PostmortemRecord>(
  records: readonly R[],
): RepositoryIndex<R> {
  return new RepositoryIndex<R>(records);
}
