/**
 * The extension's way to the core: every lint, recognition, config lookup and explanation is a
 * request to the lint worker (`lint-host.ts`), which holds the resolvers and caches; this class only
 * says where a file is and whether the workspace is trusted. In Restricted Mode the worker reads no
 * workspace file, so only the built-in config and the bundled schema apply.
 */
import * as vscode from 'vscode';
import type { ConfigLookup, PostmortemRecord, Recognition } from '../core/index.js';
import type { LintWorker } from './lint-host.js';
import type { ExplainData, FileRef, LintData } from './lint-protocol.js';
import { LANGUAGE_ID } from './lint-service.js';

export { LANGUAGE_ID };

export class Resolvers {
  readonly worker: LintWorker;

  constructor(worker: LintWorker) {
    this.worker = worker;
  }

  /** Whether workspace files (config, schemas) may be read; false in Restricted Mode. */
  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  ref(uri: vscode.Uri): FileRef {
    return {
      uri: uri.toString(),
      fsRoot: `${uri.scheme}://${uri.authority}`,
      path: uri.path,
      folder: vscode.workspace.getWorkspaceFolder(uri)?.uri.path,
      trusted: this.trusted,
    };
  }

  /** The config lookup for files of `uri`'s file system (trusted workspaces only: callers check `trusted`). */
  for(uri: vscode.Uri): { configFor(path: string): Promise<ConfigLookup> } {
    return {
      configFor: (path) =>
        this.worker.request({
          op: 'config',
          ...this.ref(uri.with({ path, query: '', fragment: '' })),
          trusted: true,
        }),
    };
  }

  /** Forget cached configs and schemas (a config or schema file changed, or trust was granted). */
  clear(): Promise<null> {
    return this.worker.request({ op: 'clear' });
  }

  /**
   * Lint `text` as the file at `uri`, exactly like the CLI does (or bundled-only when untrusted);
   * `null` when a Markdown document is no postmortem. `save`: also record it in the repository index.
   */
  lint(
    uri: vscode.Uri,
    text: string,
    languageId = LANGUAGE_ID,
    save = false,
    urgent = false,
  ): Promise<LintData | null> {
    return this.worker.request({ op: 'lint', ...this.ref(uri), text, languageId, save }, { urgent });
  }

  /** A file's repository record, or `null` when it is no postmortem; `keep`: it goes into (or out of) the worker's index. */
  record(uri: vscode.Uri, text: string, keep: boolean): Promise<PostmortemRecord | null> {
    return this.worker.request({ op: 'record', ...this.ref(uri), text, keep });
  }

  explain(uri: vscode.Uri, text: string): Promise<ExplainData> {
    return this.worker.request({ op: 'explain', ...this.ref(uri), text });
  }

  /**
   * Whether a document is a postmortem: the `postmortem` language, or Markdown that the core's
   * `recognisePostmortem` takes (name, `files`, frontmatter, folder, section headings), as the CLI does.
   */
  async isPostmortem(document: vscode.TextDocument): Promise<boolean> {
    if (document.languageId === LANGUAGE_ID) return true;
    if (document.languageId !== 'markdown') return false;
    return this.isPostmortemFile(document.uri, document.getText());
  }

  /** The same test for a Markdown file that is not open (Lint Workspace), like the CLI's folder walk. */
  async isPostmortemFile(uri: vscode.Uri, text: string): Promise<boolean> {
    return (await this.recognise(uri, text)).postmortem;
  }

  /**
   * The core's verdict and its reasons. Folder names count from the workspace folder; in Restricted
   * Mode no config is read, so only the built-in defaults apply.
   */
  recognise(uri: vscode.Uri, text: string): Promise<Recognition> {
    return this.worker.request({ op: 'recognise', ...this.ref(uri), text });
  }
}
