/**
 * Entry point of the extension (Node and web-worker hosts alike): wires the core, through the
 * `Resolvers` port, to diagnostics, code actions, completion, hover, outline, commands and the
 * status bar. Nothing here decides what a finding is; the core does.
 */
import * as vscode from 'vscode';
import { fixEdits } from '../core/index.js';
import { PostmortemCodeActions } from './code-actions.js';
import { ALL_COMMANDS } from './command-table.js';
import { Explanations, type Services } from './commands.js';
import { Linter, toRange } from './diagnostics.js';
import { LintWorker } from './lint-host.js';
import type { Request } from './lint-protocol.js';
import { FrontmatterCompletion, FrontmatterHover } from './frontmatter.js';
import { PostmortemFolding, PostmortemSymbols } from './outline.js';
import { RecordedOutput } from './output.js';
import { PostmortemsView, VIEW_ID, type PostmortemNode } from './postmortems-view.js';
import { MARKDOWN_GLOB, WorkspaceRepository } from './repository.js';
import { LANGUAGE_ID, Resolvers } from './resolvers.js';
import { settings } from './settings.js';
import { ImportPreviews } from './trace-import.js';
import { IndexProgress } from './progress.js';
import { StatusItem } from './status.js';

/** Documents the providers serve; they return nothing for Markdown that is no postmortem. */
const SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID }, { language: 'markdown' }];

/** What `activate` returns: the services, for the integration tests and for other extensions. */
export interface Api extends Services {
  readonly version: 1;
  /** The Postmortems view's data, and the view. */
  readonly view: PostmortemsView;
  readonly treeView: vscode.TreeView<PostmortemNode>;
  /** The background index's progress as the window, the view and the status bar show it. */
  readonly indexProgress: IndexProgress;
  readonly status: StatusItem;
}

function isCandidate(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID || document.languageId === 'markdown';
}

export function activate(context: vscode.ExtensionContext): Api {
  const output = new RecordedOutput('AI Postmortem');
  // Every lint runs in the lint worker, off this thread; a restarted worker gets the index's records back.
  const worker = new LintWorker({
    extensionUri: context.extensionUri,
    limitMs: () => settings().fileTimeoutMs,
    seed: (): Request[] => [{ op: 'load', entries: repository.records() }],
    log: (line) => output.appendLine(line),
  });
  const resolvers = new Resolvers(worker);
  const linter = new Linter(resolvers);
  const previews = new ImportPreviews();
  const repository = new WorkspaceRepository(resolvers);
  const explanations = new Explanations();
  const services: Services = {
    linter,
    resolvers,
    output,
    secrets: context.secrets,
    previews,
    repository,
    explanations,
  };
  const subs = context.subscriptions;
  subs.push(
    worker,
    linter,
    output,
    repository,
    explanations,
    vscode.workspace.registerTextDocumentContentProvider(ImportPreviews.scheme, previews),
  );
  subs.push(vscode.workspace.registerTextDocumentContentProvider(Explanations.scheme, explanations));

  const relintOpen = (): void => {
    for (const document of vscode.workspace.textDocuments)
      if (isCandidate(document)) void linter.lint(document);
  };

  // Diagnostics: on open, on change (debounced, unless "on save" only), on save.
  subs.push(
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (isCandidate(d)) void linter.lint(d);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isCandidate(e.document) && e.contentChanges.length > 0 && settings(e.document).run === 'onType')
        linter.schedule(e.document);
    }),
    vscode.workspace.onDidSaveTextDocument((d) => {
      // The saved version's parse goes on into the repository index (no second parse).
      if (isCandidate(d)) void linter.lint(d, { save: true }).then((state) => repository.saved(d, state));
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      linter.forget(d);
      linter.collection.delete(d.uri);
    }),
  );

  // Fix on save (opt-in): the safe fixes of the version being saved.
  subs.push(
    vscode.workspace.onWillSaveTextDocument((e) => {
      if (!isCandidate(e.document) || !settings(e.document).fixOnSave) return;
      e.waitUntil(
        (async () => {
          const state = await linter.current(e.document);
          if (!state || state.version !== e.document.version) return [];
          return fixEdits(state.result.findings).map((edit) =>
            vscode.TextEdit.replace(toRange(e.document, edit.range), edit.newText),
          );
        })(),
      );
    }),
  );

  // A config or schema changed: forget every cached one and lint again.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.json');
  const onConfig = (): void => {
    void resolvers.clear();
    relintOpen();
    // A config decides which files are postmortems and their phrases: index again.
    void repository.rescan();
  };
  subs.push(
    watcher,
    watcher.onDidChange(onConfig),
    watcher.onDidCreate(onConfig),
    watcher.onDidDelete(onConfig),
  );

  // Restricted Mode reads no workspace config or schema; once trusted, they apply.
  subs.push(vscode.workspace.onDidGrantWorkspaceTrust(onConfig));

  // The settings are editor preferences only (settings.ts): none changes a finding, so a change re-lints nothing.

  subs.push(
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      new PostmortemCodeActions(linter),
      PostmortemCodeActions.metadata,
    ),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new FrontmatterCompletion(linter), ' '),
    vscode.languages.registerHoverProvider(SELECTOR, new FrontmatterHover(linter)),
    vscode.languages.registerDocumentSymbolProvider(
      { language: LANGUAGE_ID },
      new PostmortemSymbols(linter),
      { label: 'Postmortem' },
    ),
    vscode.languages.registerFoldingRangeProvider({ language: LANGUAGE_ID }, new PostmortemFolding(linter)),
  );
  // Markdown documents already get Markdown's outline and folding; postmortem ones get ours on top.
  subs.push(
    vscode.languages.registerDocumentSymbolProvider(
      { language: 'markdown' },
      {
        provideDocumentSymbols: (d) =>
          linter.isPostmortem(d) ? new PostmortemSymbols(linter).provideDocumentSymbols(d) : [],
      },
      { label: 'Postmortem' },
    ),
  );

  // The repository index (`recurrence`, the Postmortems view, Show Related): read in the background,
  // then kept current; when it changes, the open postmortems are linted again (debounced).
  const markdownWatcher = vscode.workspace.createFileSystemWatcher(MARKDOWN_GLOB);
  const gitignoreWatcher = vscode.workspace.createFileSystemWatcher('**/.gitignore');
  const rescan = (): void => void repository.rescan();
  let relintTimer: unknown;
  const relintSoon = (): void => {
    if (relintTimer !== undefined) clearTimeout(relintTimer);
    relintTimer = setTimeout(() => {
      relintTimer = undefined;
      // Only documents whose newest lint started before the index changed: a newer one already reads it.
      for (const document of vscode.workspace.textDocuments)
        if (isCandidate(document)) void linter.refresh(document);
    }, settings().debounceMs);
  };
  const view = new PostmortemsView(repository);
  const treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
  subs.push(
    markdownWatcher,
    markdownWatcher.onDidCreate((uri) => repository.touched(uri)),
    markdownWatcher.onDidChange((uri) => repository.touched(uri)),
    markdownWatcher.onDidDelete((uri) => repository.deleted(uri)),
    gitignoreWatcher,
    gitignoreWatcher.onDidCreate(rescan),
    gitignoreWatcher.onDidChange(rescan),
    gitignoreWatcher.onDidDelete(rescan),
    vscode.workspace.onDidChangeWorkspaceFolders(rescan),
    repository.onDidChange(() => {
      linter.indexChanged();
      void vscode.commands.executeCommand(
        'setContext',
        'ai-postmortem.hasPostmortems',
        repository.entries().length > 0,
      );
      relintSoon();
    }),
    view,
    treeView,
    { dispose: () => relintTimer !== undefined && clearTimeout(relintTimer) },
  );
  // Window progress, the view's "Indexing N of M…" and the status bar while the index is read (before the first scan starts).
  const indexProgress = new IndexProgress(repository, treeView);
  subs.push(indexProgress);
  void repository.rescan();

  for (const command of ALL_COMMANDS)
    subs.push(
      vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(services, ...args)),
    );

  // Status bar: indexing, else the schema in use for the active postmortem (click to explain).
  const status = new StatusItem(linter, indexProgress);
  subs.push(status);
  status.update();

  relintOpen();
  return { version: 1, ...services, view, treeView, indexProgress, status };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
