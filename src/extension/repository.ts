/**
 * The workspace's repository index for the editor: every postmortem of each workspace folder as a
 * core `PostmortemRecord`, read through `workspace.fs` in the background, kept current on save,
 * create and delete. The records are made in the lint worker, which keeps the index it lints with
 * (`recurrence` reports what `postmortem lint .` run in that folder reports); this side keeps a copy
 * for the Postmortems view and Show Related, and gives it back to a restarted worker. Typing never
 * waits for it: a lint uses the index as it is. `onProgress` tells how far a scan is.
 */
import ignore, { type Ignore } from 'ignore';
import * as vscode from 'vscode';
import { buildRepositoryIndex, fnv1a, type PostmortemRecord, type RepositoryIndex } from '../core/index.js';
import type { LintState } from './diagnostics.js';
import type { Resolvers } from './resolvers.js';

/** The Markdown files a folder walk considers, as Lint Workspace finds them. */
export const MARKDOWN_GLOB = '**/*.{md,markdown,mdown,mkd}';
export const MARKDOWN_EXCLUDE = '**/{node_modules,.git}/**';

const decoder = new TextDecoder('utf-8');

function yieldNow(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A cheap fingerprint of a file's text (FNV-1a and the length), to skip re-recording an unchanged file. */
function fingerprint(text: string): string {
  return `${text.length}:${fnv1a(text).toString(36)}`;
}

/** A `.gitignore` and the folder it applies under (`scheme://authority/path`, no trailing slash). */
interface IgnoreRule {
  readonly base: string;
  readonly ig: Ignore;
}

function folderKey(uri: vscode.Uri): string {
  return `${uri.scheme}://${uri.authority}${uri.path.replace(/\/+$/, '')}`;
}

/**
 * Whether `.gitignore` files hide `uri`, as the CLI's folder walk decides: a file is skipped when it
 * or any folder above it is ignored (the walk does not enter an ignored folder); deeper files win.
 */
function gitIgnored(rules: readonly IgnoreRule[], uri: vscode.Uri): boolean {
  const full = folderKey(uri);
  const applicable = rules.filter((r) => full.startsWith(`${r.base}/`));
  if (applicable.length === 0) return false;
  const segments = full.slice(applicable[0]!.base.length + 1).split('/');
  let prefix = applicable[0]!.base;
  for (const [i, segment] of segments.entries()) {
    prefix = `${prefix}/${segment}`;
    const isDir = i < segments.length - 1;
    let result = false;
    for (const { base, ig } of applicable) {
      if (!prefix.startsWith(`${base}/`)) continue;
      const rel = prefix.slice(base.length + 1);
      const r = ig.test(isDir ? `${rel}/` : rel);
      if (r.ignored) result = true;
      else if (r.unignored) result = false;
    }
    if (result) return true;
  }
  return false;
}

interface Entry {
  readonly uri: vscode.Uri;
  readonly record: PostmortemRecord;
  readonly fingerprint: string;
}

/** How far the background scan is: `done` of `total` files read (`done === total`: finished). */
export interface IndexProgress {
  readonly done: number;
  readonly total: number;
}

export class WorkspaceRepository implements vscode.Disposable {
  readonly #resolvers: Resolvers;
  /** By `uri.toString()`. */
  readonly #entries = new Map<string, Entry>();
  /** One index per workspace folder (`uri.toString()` of the folder), built on first use after a change. */
  readonly #indexes = new Map<string, RepositoryIndex>();
  readonly #onDidChange = new vscode.EventEmitter<void>();
  /** Fires after records were added, changed or removed (not for a re-save that changed nothing the index keeps). */
  readonly onDidChange = this.#onDidChange.event;
  readonly #onProgress = new vscode.EventEmitter<IndexProgress>();
  /** Fires as a scan reads the workspace's Markdown files: once with `done: 0` at its start, then after each file. */
  readonly onProgress = this.#onProgress.event;
  #progress: IndexProgress = { done: 0, total: 0 };
  #scan: Promise<void> = Promise.resolve();
  #scanGeneration = 0;
  readonly #pending = new Set<string>();
  #flush: Promise<void> | undefined;
  #disposed = false;
  /** The workspace's `.gitignore` files, outermost first, read by the last scan. */
  #ignores: IgnoreRule[] = [];

  constructor(resolvers: Resolvers) {
    this.#resolvers = resolvers;
  }

  /** Resolves once the current scan of the workspace has finished. */
  get ready(): Promise<void> {
    return this.#scan;
  }

  /** How many postmortems the index holds now (during a scan too). */
  get size(): number {
    return this.#entries.size;
  }

  /** The last progress of the scan (`done === total` when none is running). */
  get progress(): IndexProgress {
    return this.#progress;
  }

  #report(done: number, total: number): void {
    this.#progress = { done, total };
    this.#onProgress.fire(this.#progress);
  }

  /** Every record with its file, in the order of the index (date, then path). */
  entries(): Array<{ uri: vscode.Uri; record: PostmortemRecord }> {
    return [...this.#entries.values()].sort((a, b) =>
      a.record.date === b.record.date
        ? a.record.path < b.record.path
          ? -1
          : 1
        : a.record.date === undefined
          ? 1
          : b.record.date === undefined
            ? -1
            : a.record.date < b.record.date
              ? -1
              : 1,
    );
  }

  /** The file of a record (records name files by `uri.path`). */
  uriOf(record: PostmortemRecord, near?: vscode.Uri): vscode.Uri {
    for (const e of this.#entries.values()) if (e.record === record) return e.uri;
    return (near ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file('/')).with({
      path: record.path,
    });
  }

  /**
   * The index `uri` is linted with: the postmortems of its workspace folder, like `postmortem lint .`
   * run there (the CLI's lint root). A file outside every workspace folder gets none.
   */
  indexFor(uri: vscode.Uri): RepositoryIndex | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    const key = folder.uri.toString();
    let index = this.#indexes.get(key);
    if (!index) {
      const prefix = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
      index = buildRepositoryIndex(
        [...this.#entries.values()]
          .filter(
            (e) =>
              e.uri.scheme === folder.uri.scheme &&
              e.uri.authority === folder.uri.authority &&
              e.record.path.startsWith(prefix),
          )
          .map((e) => e.record),
      );
      this.#indexes.set(key, index);
    }
    return index;
  }

  /** Read every postmortem of the workspace again (start, a config change, trust granted). Resolves when done. */
  rescan(): Promise<void> {
    const generation = ++this.#scanGeneration;
    const previous = this.#scan;
    this.#scan = previous.then(() =>
      generation === this.#scanGeneration ? this.#doScan(generation) : undefined,
    );
    return this.#scan;
  }

  async #doScan(generation: number): Promise<void> {
    let uris: vscode.Uri[];
    try {
      uris = await vscode.workspace.findFiles(MARKDOWN_GLOB, MARKDOWN_EXCLUDE);
      this.#ignores = await this.#readIgnores();
    } catch {
      return;
    }
    const seen = new Set<string>();
    let changed = false;
    let done = 0;
    this.#report(0, uris.length);
    for (const uri of uris.sort((a, b) => (a.path < b.path ? -1 : 1))) {
      if (this.#disposed || generation !== this.#scanGeneration) return;
      seen.add(uri.toString());
      // The watcher's update of this file comes next anyway.
      if (!this.#pending.has(uri.toString()) && (await this.#readAndRecord(uri))) changed = true;
      this.#report(++done, uris.length);
    }
    const gone = [...this.#entries.keys()].filter((key) => !seen.has(key));
    if (gone.length > 0) {
      this.#drop(gone);
      changed = true;
    }
    if (changed) this.#changed();
  }

  /** A saved document: record it from what the linter already parsed at that version. */
  saved(document: vscode.TextDocument, state: LintState | undefined): void {
    const key = document.uri.toString();
    // No state: not a postmortem (any more), or a newer lint overtook this one; the file on disk decides.
    if (!state) return this.touched(document.uri);
    const record = state.result.record;
    if (!record) return this.touched(document.uri);
    const print = fingerprint(document.getText());
    if (this.#entries.get(key)?.fingerprint === print) return;
    this.#set(document.uri, record, print);
  }

  /** A file created, changed or deleted outside the editor: re-read it in the background. */
  touched(uri: vscode.Uri): void {
    this.#pending.add(uri.toString());
    this.#flush ??= (async () => {
      await yieldNow();
      let changed = false;
      while (this.#pending.size > 0 && !this.#disposed) {
        const key = this.#pending.values().next().value as string;
        this.#pending.delete(key);
        if (await this.#readAndRecord(vscode.Uri.parse(key))) changed = true;
      }
      this.#flush = undefined;
      if (changed) this.#changed();
    })();
  }

  deleted(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`;
    const gone = [...this.#entries.keys()].filter((key) => key === uri.toString() || key.startsWith(prefix));
    if (gone.length === 0) return;
    this.#drop(gone);
    this.#changed();
  }

  /** Every `.gitignore` of the workspace, outermost first (the CLI honours them in its folder walk). */
  async #readIgnores(): Promise<IgnoreRule[]> {
    const rules: IgnoreRule[] = [];
    for (const uri of await vscode.workspace.findFiles('**/.gitignore', MARKDOWN_EXCLUDE)) {
      try {
        const dir = uri.with({ path: uri.path.slice(0, uri.path.lastIndexOf('/')) });
        rules.push({
          base: folderKey(dir),
          ig: ignore().add(decoder.decode(await vscode.workspace.fs.readFile(uri))),
        });
      } catch {
        // Unreadable: like a missing one.
      }
    }
    return rules.sort((a, b) => a.base.length - b.base.length);
  }

  /** Read, test and record one file (in the lint worker); true when the index changed. Never throws. */
  async #readAndRecord(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    if (gitIgnored(this.#ignores, uri)) return this.#drop([key]);
    let text: string;
    try {
      text = decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return this.#drop([key]);
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const print = fingerprint(text);
    if (this.#entries.get(key)?.fingerprint === print) return false;
    let record: PostmortemRecord | null;
    try {
      // `null`: no postmortem, or given up at the time limit; the worker then keeps none for it either.
      record = await this.#resolvers.record(uri, text, true);
    } catch {
      record = null;
    }
    if (!record) return this.#entries.delete(key);
    this.#set(uri, record, print, false);
    return true;
  }

  /** Take files out of this copy and out of the worker's index; true when one was in. */
  #drop(keys: readonly string[]): boolean {
    const had = keys.filter((key) => this.#entries.delete(key));
    if (had.length > 0)
      void this.#resolvers.worker.request({ op: 'unrecord', uris: had }).catch(() => undefined);
    return had.length > 0;
  }

  /** What a restarted lint worker is given: every record this side holds. */
  records(): Array<{ uri: string; record: PostmortemRecord }> {
    return [...this.#entries].map(([uri, { record }]) => ({ uri, record }));
  }

  #set(uri: vscode.Uri, record: PostmortemRecord, print: string, notify = true): void {
    const key = uri.toString();
    const before = this.#entries.get(key);
    this.#entries.set(key, { uri, record, fingerprint: print });
    // A save that changed only prose the index does not keep changes nothing for the other documents.
    if (notify && (!before || JSON.stringify(before.record) !== JSON.stringify(record))) this.#changed();
    else this.#indexes.clear();
  }

  #changed(): void {
    this.#indexes.clear();
    this.#onDidChange.fire();
  }

  dispose(): void {
    this.#disposed = true;
    this.#onDidChange.dispose();
    this.#onProgress.dispose();
  }
}
