/**
 * The status bar item: while postmortems are indexed, "Indexing postmortems 120/300" with a spinner (shown whatever the
 * active editor); otherwise the schema in use for the active postmortem, which a click explains.
 */
import * as vscode from 'vscode';
import type { Linter } from './diagnostics.js';
import type { IndexProgress } from './progress.js';

export class StatusItem implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  readonly #linter: Linter;
  readonly #progress: IndexProgress;
  readonly #subscriptions: vscode.Disposable[];
  #visible = false;

  constructor(linter: Linter, progress: IndexProgress) {
    this.#linter = linter;
    this.#progress = progress;
    this.item = vscode.window.createStatusBarItem(
      'ai-postmortem.schema',
      vscode.StatusBarAlignment.Right,
      100,
    );
    this.item.name = 'AI Postmortem';
    this.#subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      linter.onDidLint(() => this.update()),
      progress.onDidUpdate(() => this.update()),
    ];
  }

  /** Whether the item is on the status bar now (its text stays set when hidden). */
  get visible(): boolean {
    return this.#visible;
  }

  update(): void {
    const indexing = this.#progress.state;
    if (indexing) {
      this.item.text = `$(sync~spin) Indexing postmortems ${indexing.done}/${indexing.total}`;
      this.item.tooltip = `AI Postmortem is reading the workspace's postmortems (${indexing.done} of ${indexing.total} Markdown files) for the Postmortems view and the \`recurrence\` rule.`;
      this.item.command = undefined;
      this.#show(true);
      return;
    }
    const document = vscode.window.activeTextEditor?.document;
    const state = document && this.#linter.isPostmortem(document) ? this.#linter.state(document) : undefined;
    if (!document || !state) {
      this.#show(false);
      return;
    }
    const association = state.result.association;
    const short = association.name.startsWith('bundled')
      ? 'bundled'
      : (association.name.split('/').pop() ?? association.name);
    this.item.text = `$(checklist) ${association.schema.ok ? '' : '$(warning) '}Schema: ${short}`;
    this.item.tooltip = `AI Postmortem schema: ${association.name}, because ${association.reason}${association.schema.ok ? '' : ` (cannot be used: ${association.schema.error})`}. Click to explain.`;
    this.item.command = 'ai-postmortem.explainSchema';
    this.#show(true);
  }

  #show(visible: boolean): void {
    this.#visible = visible;
    if (visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const s of this.#subscriptions) s.dispose();
    this.item.dispose();
  }
}
