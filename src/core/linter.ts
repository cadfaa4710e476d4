/**
 * The linter instance: the one way every shell (CLI, lint worker, extension in both hosts) reaches findings.
 *
 * ```ts
 * const linter = createLinter({ host, workspace });
 * const { findings } = await linter.lintFile('/repo/incidents/2026-03-14-refunds.md', text);
 * ```
 *
 * An instance owns what was module-level state before: the config and schema caches (`clear()` forgets them), the
 * Markdown parsers whose chunks survive between lints, the choice of the precompiled bundled-schema validator, and the
 * fast-path switch. It resolves a file's config and schema once per lint, runs the engine's two phases (the document's
 * own rules, then the cross-file rules against the repository index), explains its choices as data, and fixes. File
 * discovery and reading are the shell's, through the `Workspace` port; whether a file is a postmortem is the core's
 * `recognisePostmortem`. Pure: no I/O but through `Host` and `Workspace`.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from './config.js';
import { ChunkedParser, RECORD_SECTIONS, parseMarkdown } from './document/chunks.js';
import { createMemoScope, inMemoScope, type MemoScope } from './memo.js';
import { parsePostmortem, type PostmortemDocument } from './document/parse.js';
import { fixAll } from './edits.js';
import { completeLint, lintFirstPass, timeoutFinding, type FirstPass } from './engine.js';
import { recognisePostmortem, type Recognition } from './recognise/recognise.js';
import {
  CATCH_ALL_CLASSES,
  recordPostmortem,
  recordRecurrence,
  type PostmortemRecord,
  type RecurrenceRecord,
} from './repository/record.js';
import { buildRepositoryIndex, type RepositoryIndex } from './repository/repository.js';
import {
  Resolver,
  type ConfigFailure,
  type ConfigLookup,
  type FileLint,
  type Host,
  type SchemaAssociation,
} from './resolve.js';
import { allRuleInfo, RULES } from './rules/index.js';
import type { AnyRule } from './rules/rule.js';
import { DEFAULT_SCHEMA_NAME, bundled } from './schema/bundled.js';
import type { PrecompiledSchema } from './schema/validator.js';
import type { Finding, Severity } from './types.js';
import type { Root } from 'mdast';

/**
 * The shell's side of files: listing, reading, where folder names count from. The CLI implements it over Node's file
 * system (`.gitignore` honoured), the extension over `vscode.workspace.fs`. Paths are absolute POSIX paths (the
 * core's naming), the same ones records and findings carry.
 */
export interface Workspace {
  /** Markdown files under `folder`, every `.gitignore` on the way honoured, sorted. */
  markdownFiles(folder: string): Promise<readonly string[]>;
  /** A file's text to lint or index (one leading BOM dropped), or why it cannot be read as UTF-8 text. */
  readText(path: string): Promise<ReadResult>;
  /** The folder that folder names count from when recognising `path` (the repository root), when there is one. */
  recognitionRoot(path: string, config: ResolvedConfig): string | undefined | Promise<string | undefined>;
}

/** A file's text, or the sentence that says why it cannot be read (`no such file`, `not UTF-8 text (…)`). */
export type ReadResult =
  | { readonly text: string; readonly error?: undefined }
  | { readonly error: string; readonly text?: undefined };

/** How a shell builds its linter instance. */
export interface LinterOptions {
  /** Reads config and schema files (`undefined` when one does not exist). */
  readonly host: Host;
  /** Lists and reads postmortems for `recognise` and `index`; without it `index` finds nothing and folder names count from nowhere. */
  readonly workspace?: Workspace;
  /** The rules to run; the full registry when absent. */
  readonly rules?: readonly AnyRule[];
  /**
   * `false` turns every fast path off: chunked and incremental parsing, the quick block parser, the parsers that
   * keep only what rules or records read, the precompiled schema, the indexed selection of cross-file rules and the
   * index's text prefilter. Findings are the same either way (the equivalence tests compare the two). Default `true`.
   */
  readonly fastPaths?: boolean;
  /** The build-time validator of the bundled schema (the CLI passes it; ignored when stale or with `fastPaths: false`). */
  readonly precompiledSchema?: PrecompiledSchema;
  /**
   * Whether workspace files (configs, schemas) may be read. `false` (or a function returning `false`: VS Code's
   * Restricted Mode, which can end while the instance lives) lints with the built-in defaults and the bundled schema.
   * Default `true`.
   */
  readonly trusted?: boolean | (() => boolean);
}

/** What a first-phase lint of one file leaves for the second, as plain data: it crosses worker threads. */
export interface FirstPassLint {
  readonly path: string;
  readonly first: FirstPass;
  /** Which schema applied, by name. */
  readonly schema: { readonly source: SchemaAssociation['source']; readonly name: string };
  /** The file's repository record from the same parse, when asked for (`lintFirstPass(…, { record: true })`). */
  readonly record?: PostmortemRecord;
}

/** One open document whose Markdown chunks are kept between lints (an editor's buffer): pass it to `lintFile`. */
export interface LinterDocument {
  /** What the last lint re-parsed: chunks and characters (for benchmarks and tests; zero with `fastPaths: false`). */
  readonly stats: { readonly parsedChunks: number; readonly parsedLength: number };
}

/** A rule's setting for one file, as `explain` shows it. */
export interface RuleSetting {
  readonly id: string;
  readonly severity: Severity | 'off';
  /** `config`: the nearest config file sets it; `default`: the rule's default. */
  readonly source: 'config' | 'default';
  /** Options the config gives the rule, when it gives any. */
  readonly options?: Record<string, unknown>;
}

/** Why a file is or is not taken, which config and schema apply, and every rule's setting: data a shell renders. */
export interface Explanation {
  readonly path: string;
  readonly recognition: Recognition;
  readonly config: ResolvedConfig;
  /** Set when the nearest config file is invalid (`config` is then the defaults). */
  readonly configFailure: ConfigFailure | undefined;
  /** `false` in Restricted Mode: no config or schema file was read. */
  readonly trusted: boolean;
  readonly association: SchemaAssociation;
  /** Every rule, the engine's included, in the registry's order. */
  readonly rules: readonly RuleSetting[];
}

/** What `fix` did to one text. */
export interface FixOutcome {
  /** The text with every safe fix applied (the input when nothing was fixable). */
  readonly text: string;
  /** How many findings each rule's fixes resolved. */
  readonly fixed: ReadonlyMap<string, number>;
}

/** A stage of a multi-file run, for `onProgress`. */
export type ProgressPhase = 'discovering' | 'indexing' | 'linting' | 'writing-cache';

/** Progress of a multi-file run: `done` of `total` items of `phase` (`total` is 0 while unknown). */
export interface Progress {
  readonly phase: ProgressPhase;
  readonly done: number;
  readonly total: number;
}

export interface IndexOptions {
  /** Records the caller already made, by path (lint targets recorded in their first phase), used as they are. */
  readonly known?: ReadonlyMap<string, RecurrenceRecord>;
  /** Paths left out unless `known` has them (targets a shell gave up on: not parsed again). */
  readonly skip?: ReadonlySet<string>;
  /** Texts the shell already read, by path (the lint targets), so they are not read twice. */
  readonly texts?: ReadonlyMap<string, string>;
  /**
   * `recurrence` (default): only what cross-file rules read of the postmortems that are not linted, and, with fast
   * paths on, only those whose text could share a failure class or a service with a `known` record. `full`: every
   * postmortem's whole record (`report`, the editor's view). `all-markdown`: `full`, for every Markdown file that is
   * not ignored by the config (folders of legacy write-ups).
   */
  readonly records?: 'recurrence' | 'full' | 'all-markdown';
  /** A record from the shell's cache, by path and text, or `undefined`; `store` is called with each record made. */
  readonly cache?: {
    lookup(path: string, text: string, lookup: ConfigLookup): PostmortemRecord | undefined;
    store(path: string, text: string, lookup: ConfigLookup, record: PostmortemRecord): void;
  };
  /** How a record names its file (default: its path); `report` names them relative to its folder. */
  readonly name?: (path: string) => string;
  /** Called as files are indexed (phase `indexing`), at most once per file. */
  readonly onProgress?: (progress: Progress) => void;
}

export interface IndexResult<R extends RecurrenceRecord> {
  readonly index: RepositoryIndex<R>;
  /** Files that could not be read as text, by path (as `name` names it), with the reason. */
  readonly unreadable: ReadonlyArray<{ readonly path: string; readonly error: string }>;
}

/** The linter instance (`createLinter`). Every method never throws on a document's content. */
export interface Linter {
  /** Whether fast paths are on (`LinterOptions.fastPaths`). */
  readonly fastPaths: boolean;
  readonly rules: readonly AnyRule[];
  /** The repository index `lintFile` reads when a call names none; a shell sets it after `index`. */
  repository: RepositoryIndex<RecurrenceRecord> | undefined;
  /** Forget cached configs and schemas (a config or schema file changed, or trust was granted). */
  clear(): void;
  /** The nearest `.postmortem.json` in the file's folder or above (the defaults when untrusted or none). */
  configFor(path: string): Promise<ConfigLookup>;
  /** The schema for a document: `$schema` in its frontmatter, else the config's `schema`, else the bundled one. */
  schemaFor(path: string, frontmatterSchema: unknown, config: ResolvedConfig): Promise<SchemaAssociation>;
  /** Whether a Markdown file is a postmortem, and why (`recognisePostmortem` with the file's config). */
  recognise(path: string, text: string): Promise<Recognition>;
  /** A document whose chunks are kept between lints (an editor buffer); give it to `lintFile` as `document`. */
  openDocument(): LinterDocument;
  /** Lint one file: its config and schema resolved once, both engine phases, the repository index when one is known. */
  lintFile(
    path: string,
    text: string,
    options?: {
      readonly repository?: RepositoryIndex<RecurrenceRecord> | undefined;
      readonly document?: LinterDocument;
    },
  ): Promise<FileLint>;
  /** The first phase of `lintFile` (no repository needed), as plain data; with `record`, the file's record from the same parse. */
  lintFirstPass(path: string, text: string, options?: { readonly record?: boolean }): Promise<FirstPassLint>;
  /** The second phase: the cross-file rules' findings added to a first phase's, with `repository` (else `this.repository`). */
  completeLint(first: FirstPassLint, repository?: RepositoryIndex<RecurrenceRecord>): readonly Finding[];
  /** The finding of a file whose lint exceeded a shell's time limit (`document-size`; none when the config turns it off). */
  timeoutFinding(path: string, seconds: number): Promise<Finding | undefined>;
  /** Apply every safe fix (`--fix`, fix-on-save) until none is left, with the file's config and schema. */
  fix(path: string, text: string): Promise<FixOutcome>;
  /** Why the file is or is not taken, which config, schema and rule settings apply. */
  explain(path: string, text: string): Promise<Explanation>;
  /** The repository index of the postmortems under `root`, through the workspace port. */
  index(
    root: string,
    options?: IndexOptions & { readonly records?: 'recurrence' },
  ): Promise<IndexResult<RecurrenceRecord>>;
  index(
    root: string,
    options: IndexOptions & { readonly records: 'full' | 'all-markdown' },
  ): Promise<IndexResult<PostmortemRecord>>;
}

const RESTRICTED_REASON =
  'the workspace is in Restricted Mode, so workspace configs and schemas are not read';

/** Build a linter instance. */
export function createLinter(options: LinterOptions): Linter {
  const rules = options.rules ?? RULES;
  const fastPaths = options.fastPaths !== false;
  const precompiled = fastPaths ? options.precompiledSchema : undefined;
  const trusted = typeof options.trusted === 'function' ? options.trusted : () => options.trusted !== false;
  const resolver = new Resolver(options.host, rules, { precompiled });
  const workspace = options.workspace;

  /** A parser that keeps what rules read (fast) or the whole tree (plain). */
  const chunked = (
    sections?: 'records',
  ): { parse: (text: string) => Root; stats: () => { parsedChunks: number; parsedLength: number } } => {
    if (!fastPaths) return { parse: parseMarkdown, stats: () => ({ parsedChunks: 0, parsedLength: 0 }) };
    const parser = new ChunkedParser();
    return {
      parse: (text) =>
        parser.parse(
          text,
          sections === 'records' ? { lite: true, sections: RECORD_SECTIONS } : { lite: true },
        ),
      stats: () => ({ parsedChunks: parser.lastParsedChunks, parsedLength: parser.lastParsedLength }),
    };
  };
  const ruleParser = chunked();
  const recordParser = chunked('records');
  /** Each open document's parser and memos (`memo.ts`; none with `fastPaths: false`), dropped with the document. */
  const documents = new WeakMap<
    LinterDocument,
    { readonly parse: (text: string) => Root; readonly memos: MemoScope | undefined }
  >();

  const configFor = async (path: string): Promise<ConfigLookup> =>
    trusted() ? resolver.configFor(path) : { config: DEFAULT_CONFIG, failure: undefined };
  const schemaFor = async (
    path: string,
    frontmatterSchema: unknown,
    config: ResolvedConfig,
  ): Promise<SchemaAssociation> =>
    trusted()
      ? resolver.schemaFor(path, frontmatterSchema, config)
      : {
          source: 'default',
          name: DEFAULT_SCHEMA_NAME,
          reason: RESTRICTED_REASON,
          schema: bundled(precompiled),
        };

  /** Config, parse and schema of one file: the steps every lint shares, each done once. */
  const prepare = async (
    path: string,
    text: string,
    markdown: (text: string) => Root,
    memos?: MemoScope | undefined,
  ) => {
    const lookup = await configFor(path);
    const document = inMemoScope(memos, () => parsePostmortem(text, lookup.config.limits, markdown));
    const association = await schemaFor(path, document.frontmatter?.data?.['$schema'], lookup.config);
    return { lookup, document, association };
  };

  /** The engine's first pass over a prepared file: the one call `lintFile`, `lintFirstPass` and `fix` share. */
  const firstPass = (
    path: string,
    text: string,
    prepared: { readonly lookup: ConfigLookup; readonly association: SchemaAssociation },
    document: PostmortemDocument,
    extra: { readonly prepare?: boolean; readonly record?: RecurrenceRecord } = {},
  ) =>
    lintFirstPass(text, {
      config: prepared.lookup.config,
      schema: prepared.association.schema,
      rules,
      document,
      path,
      fastPaths,
      ...extra,
    }).first;

  const recognise = async (path: string, text: string, config: ResolvedConfig): Promise<Recognition> => {
    const root = workspace ? await workspace.recognitionRoot(path, config) : undefined;
    return recognisePostmortem({ path, text, config, ...(root === undefined ? {} : { root }) });
  };

  const linter: Linter = {
    fastPaths,
    rules,
    repository: undefined,
    clear: () => resolver.clear(),
    configFor,
    schemaFor,
    recognise: async (path, text) => recognise(path, text, (await configFor(path)).config),
    openDocument() {
      const parser = chunked();
      const handle: LinterDocument = {
        get stats() {
          return parser.stats();
        },
      };
      documents.set(handle, { parse: parser.parse, memos: fastPaths ? createMemoScope() : undefined });
      return handle;
    },
    async lintFile(path, text, lintOptions = {}) {
      const open = lintOptions.document && documents.get(lintOptions.document);
      const { lookup, document, association } = await prepare(
        path,
        text,
        open?.parse ?? ruleParser.parse,
        open?.memos,
      );
      const repository = lintOptions.repository ?? linter.repository;
      const findings = inMemoScope(open?.memos, () => {
        const first = firstPass(path, text, { lookup, association }, document, {
          prepare: repository !== undefined,
        });
        return completeLint(first, { rules, repository, path, fastPaths }).findings;
      });
      return { findings, config: lookup.config, configFailure: lookup.failure, association, document };
    },
    async lintFirstPass(path, text, firstOptions = {}) {
      const { lookup, document, association } = await prepare(path, text, ruleParser.parse);
      const record = firstOptions.record
        ? recordPostmortem(path, document, lookup.config.phrases)
        : undefined;
      const first = firstPass(path, text, { lookup, association }, document, {
        prepare: true,
        ...(record ? { record } : {}),
      });
      return {
        path,
        first,
        schema: { source: association.source, name: association.name },
        ...(record ? { record } : {}),
      };
    },
    completeLint: (first, repository) =>
      completeLint(first.first, {
        rules,
        repository: repository ?? linter.repository,
        path: first.path,
        fastPaths,
      }).findings,
    timeoutFinding: async (path, seconds) => timeoutFinding(seconds, (await configFor(path)).config),
    async fix(path, text) {
      const { lookup, association } = await prepare(path, text, ruleParser.parse);
      const lintText = (t: string) => {
        const document = parsePostmortem(t, lookup.config.limits, ruleParser.parse);
        return completeLint(firstPass(path, t, { lookup, association }, document), { rules, path, fastPaths })
          .findings;
      };
      const { text: fixed, fixed: counts } = fixAll(text, lintText);
      return { text: fixed, fixed: counts };
    },
    async explain(path, text) {
      const lookup = await configFor(path);
      const { association } = await prepare(path, text, ruleParser.parse);
      const settings: RuleSetting[] = allRuleInfo().map((rule) => {
        const setting = lookup.config.rules.get(rule.id);
        return {
          id: rule.id,
          severity: setting?.severity ?? rule.meta.defaultSeverity,
          source: setting ? 'config' : 'default',
          ...(setting?.options ? { options: setting.options } : {}),
        };
      });
      return {
        path,
        recognition: await recognise(path, text, lookup.config),
        config: lookup.config,
        configFailure: lookup.failure,
        trusted: trusted(),
        association,
        rules: settings,
      };
    },
    index: (async (root: string, indexOptions: IndexOptions = {}) =>
      buildIndex(root, indexOptions)) as Linter['index'],
  };

  async function buildIndex(
    root: string,
    indexOptions: IndexOptions,
  ): Promise<IndexResult<RecurrenceRecord>> {
    const mode = indexOptions.records ?? 'recurrence';
    const known = indexOptions.known;
    const files = workspace ? [...(await workspace.markdownFiles(root))].sort() : [];
    const unreadable: Array<{ path: string; error: string }> = [];
    const name = indexOptions.name ?? ((p: string) => p);
    const found: RecurrenceRecord[] = [];
    // Only what `recurrence` can read: the failure classes and services of the known records. With fast paths, a file
    // whose text names none of them is not parsed (a text with an escape, where YAML could spell a name otherwise, is).
    let needles: string[] | undefined;
    if (mode === 'recurrence' && known) {
      const set = new Set<string>();
      for (const record of known.values()) {
        if (record.date === undefined) continue;
        for (const c of record.classRoots) if (!CATCH_ALL_CLASSES.has(c)) set.add(c.toLowerCase());
        if (record.movedVariables.length > 0) for (const s of record.services) set.add(s.toLowerCase());
      }
      if (set.size === 0) return { index: buildRepositoryIndex<RecurrenceRecord>([]), unreadable };
      needles = [...set].some((n) => /\s/.test(n)) ? undefined : [...set];
    }
    let done = 0;
    for (const file of files) {
      indexOptions.onProgress?.({ phase: 'indexing', done: done++, total: files.length });
      const own = known?.get(file);
      if (!own && indexOptions.skip?.has(file)) continue;
      const given = indexOptions.texts?.get(file);
      const read: ReadResult = given === undefined ? await workspace!.readText(file) : { text: given };
      if (read.error !== undefined) {
        unreadable.push({ path: name(file), error: read.error });
        continue;
      }
      const text = read.text;
      const lookup = await configFor(file);
      const recognition = await recognise(file, text, lookup.config);
      if (
        recognition.reasons[0]?.signal === 'ignored' ||
        (mode !== 'all-markdown' && !recognition.postmortem)
      )
        continue;
      if (own) {
        found.push(own);
        continue;
      }
      if (mode === 'recurrence') {
        const lower = text.toLowerCase();
        if (fastPaths && needles && !lower.includes('\\') && !needles.some((n) => lower.includes(n)))
          continue;
        found.push(
          recordRecurrence(name(file), parsePostmortem(text, lookup.config.limits, recordParser.parse)),
        );
        continue;
      }
      const cached = indexOptions.cache?.lookup(name(file), text, lookup);
      const record =
        cached ??
        recordPostmortem(
          name(file),
          parsePostmortem(text, lookup.config.limits, ruleParser.parse),
          lookup.config.phrases,
        );
      if (!cached) indexOptions.cache?.store(name(file), text, lookup, record);
      found.push(record);
    }
    if (files.length > 0)
      indexOptions.onProgress?.({ phase: 'indexing', done: files.length, total: files.length });
    return { index: buildRepositoryIndex(found), unreadable };
  }

  return linter;
}

export type { PostmortemDocument };
