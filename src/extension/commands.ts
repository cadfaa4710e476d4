/**
 * The commands. Each is a plain async function of the extension's services, registered from the
 * `COMMANDS` table (`command-table.ts` adds the ones of the Postmortems view and of trace import,
 * whose modules import the `Services` type from here); a new command is one more row plus its
 * `contributes.commands` entry in package.json.
 */
import * as vscode from 'vscode';
import {
  CONFIG_FILE_NAME,
  configuredPostmortemFolder,
  datedFileName,
  newPostmortem,
  renderExplanation,
} from '../core/index.js';
import { applyEditsAt, APPLY_EDITS_COMMAND } from './code-actions.js';
import type { Linter } from './diagnostics.js';
import type { RecordedOutput } from './output.js';
import { LANGUAGE_ID, type Resolvers } from './resolvers.js';
import type { WorkspaceRepository } from './repository.js';

/** What the trace import needs of its previews; declared here so that this module imports no command module that imports it. */
export interface ImportPreviewStore {
  /** Keep `text` as the preview of `document`'s import; its URI for the diff editor. */
  add(document: vscode.Uri, text: string): vscode.Uri;
  /** Close the diff editor showing `uri`, and forget its text. */
  close(uri: vscode.Uri): Promise<void>;
}

export interface Services {
  readonly linter: Linter;
  readonly resolvers: Resolvers;
  readonly output: RecordedOutput;
  /** Trace backend credentials (`trace-import.ts`), and nothing else. */
  readonly secrets: vscode.SecretStorage;
  /** The right side of the trace import's diff (`trace-import.ts`'s `ImportPreviews`). */
  readonly previews: ImportPreviewStore;
  /** The workspace's postmortems as records (`recurrence`, the Postmortems view, Show Related). */
  readonly repository: WorkspaceRepository;
  /** The read-only documents Explain Schema opens. */
  readonly explanations: Explanations;
}

/**
 * Explain Schema's reports as read-only documents (`ai-postmortem-explain:` URIs), one per explained
 * file, opened at the top: an output channel would open scrolled to its end.
 */
export class Explanations implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'ai-postmortem-explain';
  readonly #texts = new Map<string, string>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#texts.get(uri.toString()) ?? '';
  }

  /** Store the report for `document`, telling an open copy it changed, and return its URI. */
  set(document: vscode.Uri, text: string): vscode.Uri {
    const name = document.path.split('/').pop() ?? 'postmortem.md';
    const uri = vscode.Uri.from({
      scheme: Explanations.scheme,
      path: `/Explain ${name}.txt`,
      query: document.toString(),
    });
    this.#texts.set(uri.toString(), text);
    this.#changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.#changed.dispose();
  }
}

export interface CommandSpec {
  readonly id: string;
  run(services: Services, ...args: unknown[]): unknown;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function targetDocument(arg: unknown): Thenable<vscode.TextDocument> | undefined {
  if (arg instanceof vscode.Uri) return vscode.workspace.openTextDocument(arg);
  if (typeof arg === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(arg));
  const editor = vscode.window.activeTextEditor;
  return editor ? Promise.resolve(editor.document) : undefined;
}

/**
 * New Postmortem: writes `<date>-<slug>.md` from the template into the postmortem folder (the
 * config's first `files` folder, else the folder holding the most postmortems), like `postmortem new`;
 * `<date>-<slug>.postmortem.md` at the workspace root when there is neither.
 */
async function newPostmortemCommand(services: Services, options?: unknown): Promise<vscode.Uri | undefined> {
  const opts = (typeof options === 'object' && options !== null ? options : {}) as {
    title?: string;
    folder?: vscode.Uri;
  };
  const title =
    opts.title ??
    (await vscode.window.showInputBox({
      prompt: 'Incident title',
      placeHolder: 'Refund agent approved out-of-policy refunds',
    }));
  if (title === undefined || title.trim() === '') return undefined;
  const date = today();
  const slug =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'incident';
  const text = newPostmortem({ title: title.trim(), date, id: `PM-${date}-${slug}` });
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const folder =
    opts.folder ?? (workspaceFolder ? await postmortemFolder(services, workspaceFolder) : undefined);
  if (!folder || !workspaceFolder) {
    const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
    await vscode.window.showTextDocument(document);
    return document.uri;
  }
  // In the team's postmortem folder the file is named as theirs are; elsewhere the name marks it.
  const inPostmortemFolder = !opts.folder && folder.toString() !== workspaceFolder.toString();
  const uri = vscode.Uri.joinPath(
    folder,
    inPostmortemFolder ? datedFileName(date, title) : `${date}-${slug}.postmortem.md`,
  );
  let exists = true;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    exists = false;
  }
  if (exists) {
    void vscode.window.showWarningMessage(
      `AI Postmortem: ${vscode.workspace.asRelativePath(uri)} already exists; not overwritten.`,
    );
  } else {
    await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
  }
  // A new postmortem opens in Postmortem mode, whatever its name.
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(
    document.languageId === 'markdown'
      ? await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID)
      : document,
  );
  return uri;
}

/** Where a new postmortem goes: the config's first `files` folder, else the folder with the most indexed postmortems, else the workspace folder. */
async function postmortemFolder(services: Services, workspaceFolder: vscode.Uri): Promise<vscode.Uri> {
  if (services.resolvers.trusted) {
    const { config } = await services.resolvers
      .for(workspaceFolder)
      .configFor(`${workspaceFolder.path.replace(/\/$/, '')}/${CONFIG_FILE_NAME}`);
    const configured = configuredPostmortemFolder(config);
    if (configured !== undefined) return workspaceFolder.with({ path: configured });
  }
  const counts = new Map<string, number>();
  for (const { uri } of services.repository.entries()) {
    const dir = uri.path.slice(0, uri.path.lastIndexOf('/'));
    if (dir.startsWith(workspaceFolder.path) && dir !== workspaceFolder.path.replace(/\/$/, ''))
      counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best ? workspaceFolder.with({ path: best[0] }) : workspaceFolder;
}

export interface WorkspaceLint {
  readonly files: number;
  readonly problems: number;
  /** The user cancelled: `files` and `problems` count what was linted until then. */
  readonly cancelled: boolean;
}

/** For a programmatic run (tests, other extensions): a token that cancels it, and each progress step as it is shown. */
export interface LintWorkspaceOptions {
  readonly token?: vscode.CancellationToken;
  readonly onProgress?: (event: {
    readonly phase: 'indexing' | 'linting';
    readonly done: number;
    readonly total: number;
  }) => void;
}

/**
 * Lint Workspace: every Markdown postmortem in the workspace, open or not, like `postmortem lint .`. A cancellable
 * notification shows "Linting 120 of 1000 files" (after "Waiting for the index" while the background index is read);
 * Cancel stops before the next file, keeping the findings published so far.
 */
async function lintWorkspaceCommand(services: Services, arg?: unknown): Promise<WorkspaceLint> {
  const options = (
    typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {}
  ) as LintWorkspaceOptions;
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'AI Postmortem: Lint Workspace',
      cancellable: true,
    },
    (progress, token) => {
      const cancelled = () =>
        token.isCancellationRequested || options.token?.isCancellationRequested === true;
      let shown = 0;
      const report = (phase: 'indexing' | 'linting', done: number, total: number) => {
        options.onProgress?.({ phase, done, total });
        // The bar moves by the share of files linted since the last step.
        const share = phase === 'linting' && total > 0 ? (done / total) * 100 : 0;
        progress.report({
          message:
            phase === 'indexing'
              ? `Waiting for the index (${done} of ${total} files read)`
              : `Linting ${done} of ${total} files`,
          increment: share - shown,
        });
        shown = Math.max(shown, share);
      };
      return lintWorkspace(services, report, cancelled);
    },
  );
}

async function lintWorkspace(
  services: Services,
  report: (phase: 'indexing' | 'linting', done: number, total: number) => void,
  cancelled: () => boolean,
): Promise<WorkspaceLint> {
  // `recurrence` needs the whole index, as the CLI has it before it lints.
  const waiting = services.repository.onProgress((e) => {
    if (e.done < e.total) report('indexing', e.done, e.total);
  });
  try {
    await services.repository.ready;
  } finally {
    waiting.dispose();
  }
  const uris = await vscode.workspace.findFiles('**/*.{md,markdown,mdown,mkd}', '**/{node_modules,.git}/**');
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  let files = 0;
  let problems = 0;
  let done = 0;
  report('linting', 0, uris.length);
  for (const uri of uris.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (cancelled()) break;
    const document = open.get(uri.toString());
    if (document) {
      // Overtaken by a re-lint of the same version (the index or a config changed): that one's findings.
      const state = (await services.linter.lint(document)) ?? (await services.linter.current(document));
      if (state) {
        files++;
        problems += state.result.findings.length;
      }
    } else {
      const bytes = await vscode.workspace.fs.readFile(uri);
      let text = decoder.decode(bytes);
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      // Markdown: linted only when the core takes it for a postmortem (`null` otherwise), like the CLI's folder walk.
      const result = await services.resolvers.lint(uri, text, 'markdown');
      if (result) {
        services.linter.publish(uri, text, result);
        files++;
        problems += result.findings.length;
      }
    }
    report('linting', ++done, uris.length);
  }
  const stopped = done < uris.length;
  vscode.window.setStatusBarMessage(
    `AI Postmortem: ${problems} problem${problems === 1 ? '' : 's'} in ${files} postmortem${files === 1 ? '' : 's'}${stopped ? ` (cancelled after ${done} of ${uris.length} files)` : ''}`,
    5000,
  );
  return { files, problems, cancelled: stopped };
}

/** Explain Schema: which config and schema apply to a document and why, in a read-only document opened at its top. */
async function explainSchemaCommand(services: Services, arg?: unknown): Promise<string | undefined> {
  const pending = targetDocument(arg);
  if (!pending) {
    void vscode.window.showInformationMessage(
      'AI Postmortem: open a postmortem to explain which schema applies.',
    );
    return undefined;
  }
  const document = await pending;
  const uri = document.uri;
  // The core instance's explanation, as data, rendered by the core's one renderer, as `postmortem explain` prints it.
  const explained = await services.resolvers.explain(uri, document.getText());
  const report = renderExplanation(explained, {
    relative: (path) => vscode.workspace.asRelativePath(uri.with({ path })),
    postmortemMode: document.languageId === LANGUAGE_ID,
  });
  const shown = await vscode.window.showTextDocument(services.explanations.set(uri, `${report}\n`), {
    preview: true,
    preserveFocus: true,
    viewColumn: vscode.ViewColumn.Beside,
  });
  const top = new vscode.Range(0, 0, 0, 0);
  shown.selection = new vscode.Selection(top.start, top.start);
  shown.revealRange(top, vscode.TextEditorRevealType.AtTop);
  return report;
}

/** Switch Mode: Postmortem ⇄ Markdown for the active document (markdownlint and friends keep working in Markdown mode). */
async function switchModeCommand(_services: Services, arg?: unknown): Promise<string | undefined> {
  const pending = targetDocument(arg);
  if (!pending) return undefined;
  const document = await pending;
  const next = document.languageId === LANGUAGE_ID ? 'markdown' : LANGUAGE_ID;
  const switched = await vscode.languages.setTextDocumentLanguage(document, next);
  return switched.languageId;
}

async function applyEditsCommand(
  _services: Services,
  uri: unknown,
  version: unknown,
  edits: unknown,
): Promise<boolean> {
  if (typeof uri !== 'string' || typeof version !== 'number' || !Array.isArray(edits)) return false;
  return applyEditsAt(vscode.Uri.parse(uri), version, edits);
}

export const COMMANDS: readonly CommandSpec[] = [
  { id: 'ai-postmortem.newPostmortem', run: newPostmortemCommand },
  { id: 'ai-postmortem.lintWorkspace', run: (s, ...args) => lintWorkspaceCommand(s, args[0]) },
  { id: 'ai-postmortem.explainSchema', run: explainSchemaCommand },
  { id: 'ai-postmortem.switchMode', run: switchModeCommand },
  { id: APPLY_EDITS_COMMAND, run: (s, ...args) => applyEditsCommand(s, args[0], args[1], args[2]) },
];
