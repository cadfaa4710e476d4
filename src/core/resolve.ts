/**
 * Which config and which schema apply to a file, and why; behind a `Host` port so the CLI
 * (Node fs) and the extension (`workspace.fs`) resolve exactly alike.
 */
import {
  CONFIG_FILE_NAME,
  DEFAULT_CONFIG,
  parseConfig,
  type ConfigProblem,
  type ResolvedConfig,
} from './config.js';
import { dirname, join } from './path.js';
import type { AnyRule } from './rules/rule.js';
import { SchemaCompiler, type CompiledSchema, type PrecompiledSchema } from './schema/validator.js';
import { DEFAULT_SCHEMA_ID, DEFAULT_SCHEMA_NAME, bundled } from './schema/bundled.js';

export { DEFAULT_SCHEMA_ID, DEFAULT_SCHEMA_NAME, bundled };
import { lint } from './engine.js';
import { parsePostmortem, type PostmortemDocument } from './document/parse.js';
import type { Finding } from './types.js';
import type { Root } from 'mdast';
import type { RepositoryIndex } from './repository/repository.js';
import type { RecurrenceRecord } from './repository/record.js';

/** The only I/O the core asks for: read a text file, `undefined` when it does not exist. */
export interface Host {
  readFile(path: string): Promise<string | undefined>;
}

/** A config file that exists but cannot be used. */
export interface ConfigFailure {
  readonly path: string;
  readonly text: string;
  readonly problems: readonly ConfigProblem[];
}

export interface ConfigLookup {
  readonly config: ResolvedConfig;
  /** Set when the nearest config file is invalid; `config` is then the defaults. */
  readonly failure: ConfigFailure | undefined;
}

/** The outcome of linting one file through a `Resolver`. */
export interface FileLint {
  readonly findings: readonly Finding[];
  readonly config: ResolvedConfig;
  readonly configFailure: ConfigFailure | undefined;
  readonly association: SchemaAssociation;
  /** The document parsed from the text (with the config's limits), for shells that reuse it: the editor records it for the repository index. */
  readonly document?: PostmortemDocument;
}

/** Which schema applies to a document, and the sentence that says why. */
export interface SchemaAssociation {
  readonly source: 'frontmatter' | 'config' | 'default';
  /** Path of the schema file, or the bundled schema's name. */
  readonly name: string;
  readonly reason: string;
  readonly schema: CompiledSchema;
}

/** Caches config files by folder and schemas by path; shells keep one and `clear()` it on change. */
export class Resolver {
  readonly #host: Host;
  readonly #rules: readonly AnyRule[];
  readonly #markdown: ((text: string) => Root) | undefined;
  readonly #precompiled: PrecompiledSchema | undefined;
  readonly #configs = new Map<string, Promise<ConfigLookup>>();
  readonly #schemas = new Map<string, Promise<string | undefined>>();
  /** This resolver's compiled schema texts (bounded; kept across `clear()`, since a text compiles the same). */
  readonly #compiler = new SchemaCompiler();
  /** The repository index `lintFile` gives the rules (`recurrence`) when a call names none; shells set it after indexing. */
  repository: RepositoryIndex<RecurrenceRecord> | undefined;

  /**
   * `markdown` replaces the whole-document Markdown parse (the CLI passes `createRuleParser()`,
   * which parses only what the rules read).
   */
  constructor(
    host: Host,
    rules: readonly AnyRule[],
    options: {
      readonly markdown?: (text: string) => Root;
      readonly precompiled?: PrecompiledSchema | undefined;
    } = {},
  ) {
    this.#host = host;
    this.#rules = rules;
    this.#markdown = options.markdown;
    this.#precompiled = options.precompiled;
  }

  clear(): void {
    this.#configs.clear();
    this.#schemas.clear();
  }

  /** The nearest `.postmortem.json` in the file's folder or any ancestor. */
  configFor(filePath: string): Promise<ConfigLookup> {
    return this.#configIn(dirname(filePath));
  }

  #configIn(dir: string): Promise<ConfigLookup> {
    let hit = this.#configs.get(dir);
    if (!hit) {
      hit = this.#lookup(dir);
      this.#configs.set(dir, hit);
    }
    return hit;
  }

  async #lookup(dir: string): Promise<ConfigLookup> {
    const path = join(dir, CONFIG_FILE_NAME);
    const text = await this.#host.readFile(path);
    if (text !== undefined) {
      const { config, problems } = parseConfig(text, path, this.#rules);
      return config
        ? { config, failure: undefined }
        : { config: DEFAULT_CONFIG, failure: { path, text, problems } };
    }
    const parent = dirname(dir);
    if (parent === dir) return { config: DEFAULT_CONFIG, failure: undefined };
    return this.#configIn(parent);
  }

  #read(path: string): Promise<string | undefined> {
    let hit = this.#schemas.get(path);
    if (!hit) {
      hit = this.#host.readFile(path);
      this.#schemas.set(path, hit);
    }
    return hit;
  }

  /**
   * The schema for a document: `$schema` in its frontmatter, else the config's `schema`,
   * else the bundled default.
   */
  async schemaFor(
    filePath: string,
    frontmatterSchema: unknown,
    config: ResolvedConfig,
  ): Promise<SchemaAssociation> {
    if (typeof frontmatterSchema === 'string' && frontmatterSchema.trim() !== '') {
      const ref = frontmatterSchema.trim();
      if (ref === DEFAULT_SCHEMA_ID) {
        return {
          source: 'frontmatter',
          name: DEFAULT_SCHEMA_NAME,
          reason: `\`$schema\` in the frontmatter names the bundled schema`,
          schema: bundled(this.#precompiled),
        };
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
        return {
          source: 'frontmatter',
          name: ref,
          reason: `\`$schema\` in the frontmatter is a URL`,
          schema: {
            ok: false,
            id: ref,
            error: `Schema \`${ref}\` is a URL, which is never fetched during lint: use a path in the repository`,
          },
        };
      }
      const path = join(dirname(filePath), ref);
      return {
        source: 'frontmatter',
        name: path,
        reason: `\`$schema\` in the frontmatter`,
        schema: await this.#load(path, ref),
      };
    }
    if (config.raw.schema !== undefined && config.path !== undefined) {
      const path = join(dirname(config.path), config.raw.schema);
      return {
        source: 'config',
        name: path,
        reason: '`schema` in the config file names it',
        schema: await this.#load(path, config.raw.schema),
      };
    }
    return {
      source: 'default',
      name: DEFAULT_SCHEMA_NAME,
      reason: config.path
        ? 'neither the frontmatter (`$schema`) nor the config file (`schema`) names one'
        : 'the frontmatter names no `$schema` and there is no config file',
      schema: bundled(this.#precompiled),
    };
  }

  /**
   * @deprecated Shells lint through the linter instance (`createLinter(…).lintFile`); this stays only until the
   * extension has moved to it.
   *
   * Lint a file the way every shell does: nearest config, then the schema association, then the
   * engine, parsing the text once.
   */
  async lintFile(
    filePath: string,
    text: string,
    options: {
      readonly repository?: RepositoryIndex<RecurrenceRecord>;
      readonly markdown?: (text: string) => Root;
    } = {},
  ): Promise<FileLint> {
    const lookup = await this.configFor(filePath);
    const document = parsePostmortem(text, lookup.config.limits, options.markdown ?? this.#markdown);
    const association = await this.schemaFor(
      filePath,
      document.frontmatter?.data?.['$schema'],
      lookup.config,
    );
    const index = options.repository ?? this.repository;
    const repository = index ? { repository: index } : {};
    const { findings } = lint(text, {
      config: lookup.config,
      schema: association.schema,
      rules: this.#rules,
      document,
      path: filePath,
      ...repository,
    });
    return { findings, config: lookup.config, configFailure: lookup.failure, association, document };
  }

  async #load(path: string, written: string): Promise<CompiledSchema> {
    const text = await this.#read(path);
    if (text === undefined)
      return { ok: false, id: written, error: `Schema \`${written}\` not found (looked for ${path})` };
    return this.#compiler.compile(text, written, { precompiled: this.#precompiled });
  }
}
