/**
 * The lint worker's side (a worker thread in the Node extension host, a Web Worker in the browser
 * one; entries `lint-worker-node.ts`, `lint-worker-web.ts`): answers the extension's requests one at
 * a time with the core, reading every file (configs, schemas) through the extension, which owns the
 * workspace's file systems (virtual ones included). No `vscode`, no Node: plain messages in and out.
 */
import type { Root } from 'mdast';
import {
  DEFAULT_CONFIG,
  DEFAULT_SCHEMA_NAME,
  RULES,
  Resolver,
  allRuleInfo,
  buildRepositoryIndex,
  bundled,
  createIncrementalParser,
  createRuleParser,
  lint,
  parsePostmortem,
  recognisePostmortem,
  recordPostmortem,
  recordText,
  type FileLint,
  type PostmortemRecord,
  type PrecompiledSchema,
  type RepositoryIndex,
  type ResolvedConfig,
} from '../core/index.js';
import type { AssociationData, ExplainData, FileRef, FromWorker, LintData, Request, Responses, ToWorker } from './lint-protocol.js';

export const LANGUAGE_ID = 'postmortem';

/** The bundled schema's validator generated at build time, when the worker's entry gives it (`lint-worker.ts`). */
let precompiledSchema: PrecompiledSchema | undefined;

/** Use the bundled schema's precompiled validator for every lint of this worker (a (re)started worker compiles no schema). */
export function usePrecompiledSchema(schema: PrecompiledSchema): void {
  precompiledSchema = schema;
}

const RESTRICTED_REASON = 'the workspace is in Restricted Mode, so workspace configs and schemas are not read';

function associationData(association: FileLint['association']): AssociationData {
  const { schema } = association;
  return {
    source: association.source,
    name: association.name,
    reason: association.reason,
    schema: schema.ok ? { ok: true, id: schema.id, schema: schema.schema } : { ok: false, id: schema.id, error: schema.error },
  };
}

/** Answers requests; `read` fetches a file's text from the extension (`undefined`: missing or unreadable). */
export class LintService {
  readonly #read: (uri: string) => Promise<string | undefined>;
  readonly #resolvers = new Map<string, Resolver>();
  /** Per open document, a parser that re-parses only the chunks an edit touched (same tree as a full parse). */
  readonly #parsers = new Map<string, (text: string) => Root>();
  readonly #records = new Map<string, PostmortemRecord>();
  readonly #indexes = new Map<string, RepositoryIndex>();
  readonly #recordParser = createRuleParser();

  constructor(read: (uri: string) => Promise<string | undefined>) {
    this.#read = read;
  }

  async handle<R extends Request>(request: R): Promise<Responses[R['op']]> {
    return (await this.#handle(request)) as Responses[R['op']];
  }

  async #handle(request: Request): Promise<Responses[Request['op']]> {
    switch (request.op) {
      case 'lint':
        return this.#lint(request, request.text, request.languageId, request.save);
      case 'recognise':
        return this.#recognise(request, request.text);
      case 'record':
        return this.#record(request, request.text, request.keep);
      case 'config':
        return this.#config(request);
      case 'explain':
        return this.#explain(request, request.text);
      case 'unrecord':
        for (const uri of request.uris) this.#records.delete(uri);
        this.#indexes.clear();
        return null;
      case 'load':
        for (const { uri, record } of request.entries) this.#records.set(uri, record);
        this.#indexes.clear();
        return null;
      case 'forget':
        this.#parsers.delete(request.uri);
        return null;
      case 'clear':
        for (const resolver of this.#resolvers.values()) resolver.clear();
        return null;
      case 'ping':
        return null;
    }
  }

  /** One resolver per file system, reading through the extension. */
  #resolver(fsRoot: string): Resolver {
    let resolver = this.#resolvers.get(fsRoot);
    if (!resolver) {
      resolver = new Resolver({ readFile: (path) => this.#read(`${fsRoot}${path}`) }, RULES, { precompiled: precompiledSchema });
      this.#resolvers.set(fsRoot, resolver);
    }
    return resolver;
  }

  async #configOf(file: FileRef): Promise<ResolvedConfig> {
    return file.trusted ? (await this.#resolver(file.fsRoot).configFor(file.path)).config : DEFAULT_CONFIG;
  }

  async #config(file: FileRef): Promise<Responses['config']> {
    if (!file.trusted) return { config: DEFAULT_CONFIG, failure: undefined };
    const lookup = await this.#resolver(file.fsRoot).configFor(file.path);
    return { config: lookup.config, failure: lookup.failure };
  }

  async #recognise(file: FileRef, text: string): Promise<Responses['recognise']> {
    const config = await this.#configOf(file);
    return recognisePostmortem({ path: file.path, text, config, ...(file.folder === undefined ? {} : { root: file.folder }) });
  }

  /** The index a file is linted with: the postmortems of its workspace folder, like `postmortem lint .` run there. */
  #indexFor(file: FileRef): RepositoryIndex | undefined {
    if (file.folder === undefined) return undefined;
    const key = `${file.fsRoot}${file.folder}`;
    let index = this.#indexes.get(key);
    if (!index) {
      const prefix = `${key.replace(/\/+$/, '')}/`;
      index = buildRepositoryIndex([...this.#records].filter(([uri]) => uri.startsWith(prefix)).map(([, record]) => record));
      this.#indexes.set(key, index);
    }
    return index;
  }

  async #fileLint(file: FileRef, text: string, markdown?: (text: string) => Root): Promise<FileLint> {
    const index = this.#indexFor(file);
    const repository = index ? { repository: index } : {};
    if (!file.trusted) {
      const schema = bundled(precompiledSchema);
      const document = parsePostmortem(text, DEFAULT_CONFIG.limits, markdown);
      const { findings } = lint(text, { config: DEFAULT_CONFIG, schema, rules: RULES, document, path: file.path, ...repository });
      return { findings, document, config: DEFAULT_CONFIG, configFailure: undefined, association: { source: 'default', name: DEFAULT_SCHEMA_NAME, reason: RESTRICTED_REASON, schema } };
    }
    return this.#resolver(file.fsRoot).lintFile(file.path, text, { ...repository, ...(markdown ? { markdown } : {}) });
  }

  async #lint(file: FileRef, text: string, languageId: string, save: boolean): Promise<LintData | null> {
    if (languageId !== LANGUAGE_ID && !(languageId === 'markdown' && (await this.#recognise(file, text)).postmortem)) return null;
    let parser = this.#parsers.get(file.uri);
    if (!parser) this.#parsers.set(file.uri, (parser = createIncrementalParser()));
    const result = await this.#fileLint(file, text, parser);
    // A saved version goes on into the repository index from this parse (no second parse).
    const record = save ? (result.document ? recordPostmortem(file.path, result.document, result.config.phrases) : recordText({ path: file.path, text }, { phrases: result.config.phrases, limits: result.config.limits })) : undefined;
    if (record) this.#put(file.uri, record);
    return { findings: result.findings, association: associationData(result.association), config: { path: result.config.path }, record };
  }

  /**
   * A file's record when it is a postmortem, else `null`. `keep`: a workspace file for the index
   * (put in, or taken out when no postmortem); otherwise an open document's current text (Show Related).
   */
  async #record(file: FileRef, text: string, keep: boolean): Promise<PostmortemRecord | null> {
    if (keep && !(await this.#recognise(file, text)).postmortem) {
      if (keep && this.#records.delete(file.uri)) this.#indexes.clear();
      return null;
    }
    const config = await this.#configOf(file);
    const record = recordText({ path: file.path, text }, { phrases: config.phrases, limits: config.limits, markdown: this.#recordParser });
    if (keep) this.#put(file.uri, record);
    return record;
  }

  #put(uri: string, record: PostmortemRecord): void {
    this.#records.set(uri, record);
    this.#indexes.clear();
  }

  async #explain(file: FileRef, text: string): Promise<ExplainData> {
    const lookup = file.trusted ? await this.#resolver(file.fsRoot).configFor(file.path) : undefined;
    const recognition = await this.#recognise(file, text);
    const result = await this.#fileLint(file, text);
    return {
      trusted: file.trusted,
      recognition,
      config: { path: lookup?.config.path, failure: lookup?.failure },
      association: associationData(result.association),
      rules: allRuleInfo().map((rule) => {
        const setting = result.config.rules.get(rule.id);
        return { id: rule.id, severity: setting?.severity ?? rule.meta.defaultSeverity, fromConfig: setting !== undefined };
      }),
    };
  }
}

/**
 * Serve `LintService` over a message port: requests are answered one at a time, each announced with
 * `start` (the extension's time limit runs from there) and answered with `done` or `failed`; in order,
 * except that the background index's `record` requests wait while anything else is asked.
 */
export function serve(post: (message: FromWorker) => void, onMessage: (listener: (message: ToWorker) => void) => void): void {
  let nextRead = 0;
  const reads = new Map<number, (text: string | undefined) => void>();
  const service = new LintService(
    (uri) =>
      new Promise((resolve) => {
        const rid = nextRead++;
        reads.set(rid, resolve);
        post({ kind: 'read', rid, uri });
      }),
  );
  const queue: Array<{ readonly id: number; readonly request: Request }> = [];
  let running = false;
  const next = async (): Promise<void> => {
    if (running) return;
    running = true;
    for (;;) {
      const urgent = queue.findIndex((item) => item.request.op !== 'record');
      const item = queue.splice(urgent === -1 ? 0 : urgent, 1)[0];
      if (!item) break;
      post({ kind: 'start', id: item.id });
      try {
        post({ kind: 'done', id: item.id, value: await service.handle(item.request) });
      } catch (error) {
        post({ kind: 'failed', id: item.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
    running = false;
  };
  onMessage((message) => {
    if (message.kind === 'read') {
      reads.get(message.rid)?.(message.text);
      reads.delete(message.rid);
      return;
    }
    queue.push(message);
    void next();
  });
}
