/**
 * The lint worker's side (a worker thread in the Node extension host, a Web Worker in the browser
 * one; entry `lint-worker.ts`): answers the extension's requests one at a time with the core's
 * linter instance, reading every file (configs, schemas) through the extension, which owns the
 * workspace's file systems (virtual ones included). No `vscode`, no Node: plain messages in and out.
 */
import {
  createLinter,
  buildRepositoryIndex,
  type FileLint,
  type Finding,
  type Linter,
  type LinterDocument,
  type PostmortemRecord,
  type PrecompiledSchema,
  type RepositoryIndex,
} from '../core/index.js';
import type {
  AssociationData,
  ExplainData,
  FileRef,
  FromWorker,
  LintData,
  Request,
  Responses,
  ToWorker,
} from './lint-protocol.js';

export const LANGUAGE_ID = 'postmortem';

function associationData(association: FileLint['association']): AssociationData {
  const { schema } = association;
  return {
    source: association.source,
    name: association.name,
    reason: association.reason,
    schema: schema.ok
      ? { ok: true, id: schema.id, schema: schema.schema }
      : { ok: false, id: schema.id, error: schema.error },
  };
}

/**
 * Answers requests with the core's linter instance (`createLinter`), one per file system (scheme
 * and authority), whose `Host` reads through the extension; `read` fetches a file's text from it
 * (`undefined`: missing or unreadable). Requests come one at a time (`serve`), so the file's
 * workspace folder and the trust each request carries hold for that request's whole run.
 */
export class LintService {
  readonly #read: (uri: string) => Promise<string | undefined>;
  readonly #precompiled: PrecompiledSchema | undefined;
  readonly #linters = new Map<string, Linter>();
  /** Per open document (by URI), the instance's handle whose Markdown chunks are kept between lints. */
  readonly #documents = new Map<string, LinterDocument>();
  readonly #records = new Map<string, PostmortemRecord>();
  readonly #indexes = new Map<string, RepositoryIndex>();
  /** The request being answered: where folder names count from, and whether workspace files may be read. */
  #file: FileRef | undefined;
  /** The files the instance's `index` takes for the request being answered (the extension finds and watches them). */
  #batch: readonly string[] = [];

  constructor(
    read: (uri: string) => Promise<string | undefined>,
    options: { readonly precompiledSchema?: PrecompiledSchema } = {},
  ) {
    this.#read = read;
    this.#precompiled = options.precompiledSchema;
  }

  async handle<R extends Request>(request: R): Promise<Responses[R['op']]> {
    if ('fsRoot' in request) this.#file = request;
    return (await this.#handle(request)) as Responses[R['op']];
  }

  async #handle(request: Request): Promise<Responses[Request['op']]> {
    switch (request.op) {
      case 'lint':
        return this.#lint(request, request.text, request.languageId, request.save);
      case 'recognise':
        return this.#linter(request).recognise(request.path, request.text);
      case 'record':
        return this.#record(request, request.text, request.keep);
      case 'config':
        return this.#linter(request).configFor(request.path);
      case 'explain':
        return this.#explain(request, request.text);
      case 'timeout':
        return this.#timeout(request, request.seconds);
      case 'unrecord':
        for (const uri of request.uris) this.#records.delete(uri);
        this.#indexes.clear();
        return null;
      case 'load':
        for (const { uri, record } of request.entries) this.#records.set(uri, record);
        this.#indexes.clear();
        return null;
      case 'forget':
        this.#documents.delete(request.uri);
        return null;
      case 'clear':
        for (const linter of this.#linters.values()) linter.clear();
        return null;
      case 'ping':
        return null;
    }
  }

  /** The instance for a file's file system. */
  #linter(file: FileRef): Linter {
    let linter = this.#linters.get(file.fsRoot);
    if (!linter) {
      const read = (path: string) => this.#read(`${file.fsRoot}${path}`);
      linter = createLinter({
        host: { readFile: read },
        // Discovery stays with the extension (`repository.ts`, `vscode.workspace.findFiles`); the instance reads and recognises.
        workspace: {
          markdownFiles: async () => this.#batch,
          readText: async (path) => {
            const text = await read(path);
            return text === undefined ? { error: 'no such file' } : { text };
          },
          recognitionRoot: () => this.#file?.folder,
        },
        trusted: () => this.#file?.trusted !== false,
        ...(this.#precompiled ? { precompiledSchema: this.#precompiled } : {}),
      });
      this.#linters.set(file.fsRoot, linter);
    }
    return linter;
  }

  /** The index a file is linted with: the postmortems of its workspace folder, like `postmortem lint .` run there. */
  #indexFor(file: FileRef): RepositoryIndex | undefined {
    if (file.folder === undefined) return undefined;
    const key = `${file.fsRoot}${file.folder}`;
    let index = this.#indexes.get(key);
    if (!index) {
      const prefix = `${key.replace(/\/+$/, '')}/`;
      index = buildRepositoryIndex(
        [...this.#records].filter(([uri]) => uri.startsWith(prefix)).map(([, record]) => record),
      );
      this.#indexes.set(key, index);
    }
    return index;
  }

  async #lint(file: FileRef, text: string, languageId: string, save: boolean): Promise<LintData | null> {
    const linter = this.#linter(file);
    if (
      languageId !== LANGUAGE_ID &&
      !(languageId === 'markdown' && (await linter.recognise(file.path, text)).postmortem)
    )
      return null;
    let document = this.#documents.get(file.uri);
    if (!document) this.#documents.set(file.uri, (document = linter.openDocument()));
    const result = await linter.lintFile(file.path, text, { document, repository: this.#indexFor(file) });
    // A saved version goes on into the repository index.
    const record = save ? ((await this.#record(file, text, true)) ?? undefined) : undefined;
    const parsed = result.document;
    const outline = {
      frontmatter: parsed?.frontmatter && {
        range: parsed.frontmatter.range,
        base: parsed.frontmatter.base,
        value: parsed.frontmatter.value,
        yaml: parsed.frontmatter.kind === 'yaml' && parsed.frontmatter.doc !== undefined,
      },
      sections: parsed?.sections ?? [],
      timeline: (parsed?.timeline ?? []).map(({ range, time, actor, text: row, agentTag }) => ({
        range,
        time,
        actor,
        text: row,
        agentTag,
      })),
    };
    return {
      findings: result.findings,
      association: associationData(result.association),
      config: { path: result.config.path },
      outline,
      record,
    };
  }

  /**
   * A file's record when it is a postmortem, else `null`. `keep`: a workspace file for the index
   * (put in, or taken out when no postmortem); otherwise an open document's current text (Show Related).
   */
  async #record(file: FileRef, text: string, keep: boolean): Promise<PostmortemRecord | null> {
    // The instance's index of this one file, from the text given: what `report` and the CLI record of it.
    this.#batch = [file.path];
    const { index } = await this.#linter(file).index(file.path, {
      records: keep ? 'full' : 'all-markdown',
      texts: new Map([[file.path, text]]),
    });
    this.#batch = [];
    const record = index.records[0] ?? null;
    if (!keep) return record;
    if (record) this.#put(file.uri, record);
    else if (this.#records.delete(file.uri)) this.#indexes.clear();
    return record;
  }

  #put(uri: string, record: PostmortemRecord): void {
    this.#records.set(uri, record);
    this.#indexes.clear();
  }

  async #explain(file: FileRef, text: string): Promise<ExplainData> {
    const { association, ...explained } = await this.#linter(file).explain(file.path, text);
    return { ...explained, association: associationData(association) };
  }

  /** The instance's finding for a lint given up at the time limit (none when the config turns `document-size` off), naming the editor's setting. */
  async #timeout(file: FileRef, seconds: number): Promise<Finding | null> {
    const finding = await this.#linter(file).timeoutFinding(file.path, seconds);
    return finding
      ? {
          ...finding,
          message: finding.message.replace(
            '`--file-timeout`',
            'the `ai-postmortem.lint.fileTimeout` setting',
          ),
        }
      : null;
  }
}

/**
 * Serve `LintService` over a message port: requests are answered one at a time, each announced with
 * `start` (the extension's time limit runs from there) and answered with `done` or `failed`; in order,
 * except that `urgent` ones (something waits for them: a save, a quick fix) go first and the background
 * index's `record` requests wait while anything else is asked.
 */
export function serve(
  post: (message: FromWorker) => void,
  onMessage: (listener: (message: ToWorker) => void) => void,
  options: { readonly precompiledSchema?: PrecompiledSchema } = {},
): void {
  let nextRead = 0;
  const reads = new Map<number, (text: string | undefined) => void>();
  const service = new LintService(
    (uri) =>
      new Promise((resolve) => {
        const rid = nextRead++;
        reads.set(rid, resolve);
        post({ kind: 'read', rid, uri });
      }),
    options,
  );
  const queue: Array<{ readonly id: number; readonly request: Request; readonly urgent?: boolean }> = [];
  let running = false;
  const next = async (): Promise<void> => {
    if (running) return;
    running = true;
    for (;;) {
      const urgent = queue.findIndex((item) => item.urgent === true);
      const foreground = urgent === -1 ? queue.findIndex((item) => item.request.op !== 'record') : urgent;
      const item = queue.splice(foreground === -1 ? 0 : foreground, 1)[0];
      if (!item) break;
      post({ kind: 'start', id: item.id });
      try {
        post({ kind: 'done', id: item.id, value: await service.handle(item.request) });
      } catch (error) {
        post({
          kind: 'failed',
          id: item.id,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
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
