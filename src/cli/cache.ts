/**
 * `--cache`: findings of unchanged files, like ESLint's `.eslintcache`. An entry is used only when
 * the file's text, its resolved config, the schema file it was validated against, the tool build
 * and the rule set are all unchanged; anything else re-lints the file.
 */
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_SCHEMA_NAME,
  RULES,
  SIX_VARIABLES,
  type ConfigLookup,
  type Finding,
  type PostmortemRecord,
  type RelatedLocation,
  type SchemaAssociation,
} from '../core/index.js';
import { readOptional } from './files.js';
import { VERSION } from './version.js';

const FORMAT = 3;
/** Characters of cache JSON gathered before each write. */
const SAVE_CHUNK = 1 << 20;

/**
 * A related location in another file (`recurrence` gives up to 50 per finding, the same ones across many files) is
 * stored as `[path, message, start, end, startLine, startColumn, endLine, endColumn]`, its two strings as indexes into
 * the file's string table: a 2,000-file cache went from 40 MB of JSON to a fraction, and a warm run parses it first.
 */
type PackedRelated = [number, number, number, number, number, number, number, number];

class StringTable {
  readonly strings: string[] = [];
  readonly #index = new Map<string, number>();
  of(value: string): number {
    let i = this.#index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.#index.set(value, i);
    }
    return i;
  }
}

/** Only the exact shape `recurrence` makes (key order included, so output is byte-identical); others stay objects. */
function pack(r: RelatedLocation, table: StringTable): RelatedLocation | PackedRelated {
  const p = r.position;
  if (
    r.path === undefined ||
    !p ||
    Object.keys(r).join() !== 'path,range,position,message' ||
    Object.keys(r.range).join() !== 'start,end'
  )
    return r;
  return [
    table.of(r.path),
    table.of(r.message),
    r.range.start,
    r.range.end,
    p.start.line,
    p.start.column,
    p.end.line,
    p.end.column,
  ];
}

function unpack(r: RelatedLocation | PackedRelated, strings: readonly string[]): RelatedLocation {
  if (!Array.isArray(r)) return r;
  const [path, message, start, end, sl, sc, el, ec] = r;
  // A damaged file (the caller starts an empty cache): never hand out a location without its strings.
  if (typeof strings[path] !== 'string' || typeof strings[message] !== 'string' || r.length !== 8)
    throw new Error('damaged cache entry');
  return {
    path: strings[path]!,
    range: { start, end },
    position: { start: { line: sl, column: sc }, end: { line: el, column: ec } },
    message: strings[message]!,
  };
}

function mapRelated<A, B>(findings: readonly Finding[], f: (r: A) => B): Finding[] {
  return findings.map((x) =>
    x.related ? ({ ...x, related: x.related.map((r) => f(r as A)) } as unknown as Finding) : x,
  );
}

interface Entry {
  /** Hash of the file text, the config and the tool. */
  readonly key: string;
  readonly schema: {
    readonly source: SchemaAssociation['source'];
    readonly name: string;
    readonly hash: string;
  };
  readonly findings: readonly Finding[];
}

function sha(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('base64url');
}

let toolKey: string | undefined;

/** The version, a hash of the running bundle (so a rebuilt dev build never reuses entries) and the rule ids. */
async function tool(): Promise<string> {
  if (toolKey === undefined) {
    const self = await fs.readFile(fileURLToPath(import.meta.url)).catch(() => Buffer.alloc(0));
    toolKey = sha(
      String(FORMAT),
      VERSION,
      createHash('sha256').update(self).digest('base64url'),
      RULES.map((r) => r.id).join(','),
    );
  }
  return toolKey;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
const isString = (value: unknown): value is string => typeof value === 'string';
const optionalString = (value: unknown) => value === undefined || isString(value);
const strings = (value: unknown) => Array.isArray(value) && value.every(isString);
const position = (value: unknown) =>
  isObject(value) && Number.isInteger(value['line']) && Number.isInteger(value['column']);
const anchor = (value: unknown) =>
  isObject(value) &&
  isObject(value['range']) &&
  Number.isInteger(value['range']['start']) &&
  Number.isInteger(value['range']['end']) &&
  position(value['start']) &&
  position(value['end']);

/** Whether `value` has every field of a `PostmortemRecord` of `path`, each of its type (what `JSON.parse` of a record gives). */
function wellFormedRecord(value: unknown, path: string): value is PostmortemRecord {
  if (!isObject(value) || value['path'] !== path || !isString(value['title'])) return false;
  if (![value['id'], value['date'], value['status'], value['severity']].every(optionalString)) return false;
  if (![value['services'], value['failureClasses'], value['classRoots']].every(strings)) return false;
  if (
    !Array.isArray(value['movedVariables']) ||
    !value['movedVariables'].every((v) => (SIX_VARIABLES as readonly unknown[]).includes(v))
  )
    return false;
  const variables = value['variables'];
  if (
    !isObject(variables) ||
    !SIX_VARIABLES.every(
      (v) =>
        isObject(variables[v]) &&
        typeof variables[v]['recorded'] === 'boolean' &&
        typeof variables[v]['moved'] === 'boolean',
    )
  )
    return false;
  if (value['movedSource'] !== 'declared' && value['movedSource'] !== 'inferred') return false;
  if (typeof value['aiInvolved'] !== 'boolean' || !Number.isInteger(value['agentDecisions'])) return false;
  if (!['inference-aware', 'deterministic-only', 'missing'].includes(value['rootCause'] as string))
    return false;
  const items = value['actionItems'];
  if (
    !Array.isArray(items) ||
    !items.every(
      (i) =>
        isObject(i) &&
        isString(i['text']) &&
        optionalString(i['owner']) &&
        optionalString(i['due']) &&
        ['open', 'done', 'unknown'].includes(i['state'] as string) &&
        anchor(i['anchor']),
    )
  )
    return false;
  const anchors = value['anchors'];
  if (!isObject(anchors) || !Object.values(anchors).every(anchor)) return false;
  return Array.isArray(value['classAnchors']) && value['classAnchors'].every(anchor);
}

export class LintCache {
  readonly #file: string;
  readonly #tool: string;
  readonly #entries: Map<string, Entry>;
  /** Repository records (`recurrence`) by path, with the key of the text they were made from. */
  readonly #records: Map<string, { key: string; record: PostmortemRecord }>;
  readonly #schemaHashes = new Map<string, Promise<string>>();
  #dirty = false;

  private constructor(
    file: string,
    tool: string,
    entries: Map<string, Entry>,
    records: Map<string, { key: string; record: PostmortemRecord }>,
  ) {
    this.#file = file;
    this.#tool = tool;
    this.#entries = entries;
    this.#records = records;
  }

  /** Load the cache file; a missing, corrupt or other-tool file starts empty. */
  static async load(file: string): Promise<LintCache> {
    const key = await tool();
    let entries = new Map<string, Entry>();
    let records = new Map<string, { key: string; record: PostmortemRecord }>();
    try {
      // Synchronous, like every read of a run: nothing else can proceed before the cache is in.
      const data = JSON.parse(readFileSync(file, 'utf8')) as {
        tool?: string;
        strings?: string[];
        entries?: Record<string, Entry>;
        records?: Record<string, { key: string; record: PostmortemRecord }>;
      };
      const strings = Array.isArray(data.strings) ? data.strings : [];
      if (data.tool === key && data.entries && typeof data.entries === 'object') {
        entries = new Map(
          Object.entries(data.entries).map(([path, entry]) => [
            path,
            {
              ...entry,
              findings: mapRelated(entry.findings, (r: RelatedLocation | PackedRelated) =>
                unpack(r, strings),
              ),
            },
          ]),
        );
      }
      // A record is used as it is (the repository index, `recurrence`): one that is not a record's shape is dropped
      // and its file recorded again, never handed on (a damaged or hand-edited file must not crash or mislead a run).
      if (data.tool === key && data.records && typeof data.records === 'object') {
        records = new Map(
          Object.entries(data.records).filter(
            ([path, entry]) =>
              isObject(entry) && typeof entry.key === 'string' && wellFormedRecord(entry.record, path),
          ),
        );
      }
    } catch {
      entries = new Map();
      records = new Map();
    }
    return new LintCache(file, key, entries, records);
  }

  /** The key of a file's text under its config lookup (its record's key, and its findings' without the repository index). */
  key(text: string, lookup: ConfigLookup): string {
    const config = lookup.failure
      ? `invalid:${lookup.failure.path}:${lookup.failure.text}`
      : `${lookup.config.path ?? ''}:${JSON.stringify(lookup.config.raw)}`;
    return sha(this.#tool, config, text);
  }

  /** The key of a file's findings with the repository index: its text key and what it reads in other files (`repositoryKeys`). */
  withAcross(key: string, across: string): string {
    return sha(key, across);
  }

  /** Cached findings for `path`, when every input is unchanged. */
  async get(path: string, key: string): Promise<readonly Finding[] | undefined> {
    const entry = this.#entries.get(path);
    if (!entry || entry.key !== key) return undefined;
    if ((await this.#schemaHash(entry.schema.source, entry.schema.name)) !== entry.schema.hash)
      return undefined;
    return entry.findings;
  }

  async set(
    path: string,
    key: string,
    schema: { source: SchemaAssociation['source']; name: string },
    findings: readonly Finding[],
  ): Promise<void> {
    this.#entries.set(path, {
      key,
      schema: { ...schema, hash: await this.#schemaHash(schema.source, schema.name) },
      findings,
    });
    this.#dirty = true;
  }

  /** The repository record of an unchanged file (`key` from `key(text, lookup)`), so a warm run parses nothing. */
  record(path: string, key: string): PostmortemRecord | undefined {
    const hit = this.#records.get(path);
    return hit && hit.key === key ? hit.record : undefined;
  }

  setRecord(path: string, key: string, record: PostmortemRecord): void {
    this.#records.set(path, { key, record });
    this.#dirty = true;
  }

  /**
   * Written entry by entry into a temporary file, then renamed over the cache: the same JSON object as one
   * `JSON.stringify` (keys in another order), without holding the whole text and a packed copy of every entry at
   * once (10,000 files: 66 MB), and an interrupted write leaves the previous cache, never half of one.
   */
  async save(): Promise<void> {
    if (!this.#dirty) return;
    const table = new StringTable();
    const temporary = `${this.#file}.${process.pid}.tmp`;
    const file = await fs.open(temporary, 'w');
    try {
      let chunk = `{"tool":${JSON.stringify(this.#tool)},"entries":{`;
      const put = async (text: string) => {
        chunk += text;
        if (chunk.length >= SAVE_CHUNK) {
          await file.write(chunk);
          chunk = '';
        }
      };
      let first = true;
      for (const [path, entry] of this.#entries) {
        await put(
          `${first ? '' : ','}${JSON.stringify(path)}:${JSON.stringify({ ...entry, findings: mapRelated(entry.findings, (r: RelatedLocation) => pack(r, table)) })}`,
        );
        first = false;
      }
      await put('},"records":{');
      first = true;
      for (const [path, record] of this.#records) {
        await put(`${first ? '' : ','}${JSON.stringify(path)}:${JSON.stringify(record)}`);
        first = false;
      }
      await file.write(`${chunk}},"strings":${JSON.stringify(table.strings)}}`);
    } catch (error) {
      await file.close();
      await fs.rm(temporary, { force: true });
      throw error;
    }
    await file.close();
    await fs.rename(temporary, this.#file);
  }

  /** The bundled schema is part of the tool; a schema file is hashed once per run; a URL is never read. */
  #schemaHash(source: SchemaAssociation['source'], name: string): Promise<string> {
    if (source === 'default' || name === DEFAULT_SCHEMA_NAME || /^[a-z][a-z0-9+.-]*:/i.test(name))
      return Promise.resolve(`name:${name}`);
    let hit = this.#schemaHashes.get(name);
    if (!hit) {
      hit = readOptional(name).then((text) => (text === undefined ? 'missing' : sha(text)));
      this.#schemaHashes.set(name, hit);
    }
    return hit;
  }
}
