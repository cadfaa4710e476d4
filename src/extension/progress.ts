/**
 * What the editor shows while postmortems are indexed: window progress ("Indexing postmortems: 120 of 300"), the
 * Postmortems view's message ("Indexing 120 of 300…") and the `ai-postmortem.indexing` context key that shows the view
 * meanwhile. It reads `{ done, total }` events (the repository's `onProgress`), one scan after another;
 * a scan ends with an event whose `done` reaches its `total`.
 */
import * as vscode from 'vscode';

/** The events this module reads; the repository index fires them (`repository.ts`'s `onProgress`). */
export interface ProgressEvent {
  readonly phase?: string;
  readonly done: number;
  readonly total: number;
}

/** What `IndexProgress` reads of the repository: its progress events, and how many postmortems it holds so far. */
export interface IndexSource {
  readonly onProgress: vscode.Event<ProgressEvent>;
  readonly size: number;
}

/** The state after an update: `undefined` once a scan has ended. */
export type IndexState = { readonly done: number; readonly total: number } | undefined;

/** At most one update of the window progress, the view and the status bar per this many milliseconds (and the last one always). */
const INTERVAL_MS = 100;

/** The view's message while indexing. */
export function indexingMessage(state: { readonly done: number; readonly total: number }): string {
  return `Indexing ${state.done} of ${state.total}…`;
}

export class IndexProgress implements vscode.Disposable {
  readonly #source: IndexSource;
  readonly #treeView: vscode.TreeView<unknown>;
  readonly #subscription: vscode.Disposable;
  readonly #onDidUpdate = new vscode.EventEmitter<IndexState>();
  /** Fires after the window progress, the view's message and the context key were updated (throttled). */
  readonly onDidUpdate = this.#onDidUpdate.event;
  #state: IndexState;
  #latest: ProgressEvent | undefined;
  #lastUpdate = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The open window progress: report to it, end it. */
  #window: { report(message: string): void; end(): void } | undefined;
  #shownView = false;

  constructor(source: IndexSource, treeView: vscode.TreeView<unknown>) {
    this.#source = source;
    this.#treeView = treeView;
    this.#subscription = source.onProgress((event) => this.#onEvent(event));
  }

  /** The scan in progress (`done` of `total` files), or `undefined` when none is. */
  get state(): IndexState {
    return this.#state;
  }

  #onEvent(event: ProgressEvent): void {
    this.#latest = event;
    const ended = event.done >= event.total;
    const now = Date.now();
    if (ended || this.#state === undefined || now - this.#lastUpdate >= INTERVAL_MS) {
      this.#update();
      return;
    }
    // A throttled event still shows, at the end of the interval, if no other comes first.
    this.#timer ??= setTimeout(
      () => {
        this.#timer = undefined;
        this.#update();
      },
      INTERVAL_MS - (now - this.#lastUpdate),
    );
  }

  #update(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const event = this.#latest;
    if (!event) return;
    this.#lastUpdate = Date.now();
    const ended = event.done >= event.total;
    this.#state = ended ? undefined : { done: event.done, total: event.total };
    if (this.#state) {
      const message = `${this.#state.done} of ${this.#state.total}`;
      if (!this.#window) this.#window = openWindowProgress();
      this.#window.report(message);
      this.#treeView.message = indexingMessage(this.#state);
      // The view is shown while indexing once a postmortem is found (a Markdown workspace without any never sees it).
      const show = this.#source.size > 0;
      if (show !== this.#shownView) {
        this.#shownView = show;
        void vscode.commands.executeCommand('setContext', 'ai-postmortem.indexing', show);
      }
    } else {
      this.#window?.end();
      this.#window = undefined;
      this.#treeView.message = ''; // No message (the property is optional, not undefined-able).
      if (this.#shownView) {
        this.#shownView = false;
        void vscode.commands.executeCommand('setContext', 'ai-postmortem.indexing', false);
      }
    }
    this.#onDidUpdate.fire(this.#state);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#window?.end();
    this.#subscription.dispose();
    this.#onDidUpdate.dispose();
  }
}

/** Window progress (the status bar's spinner with a title) that lasts until `end()`. Not cancellable: the index is what `recurrence` and the view read. */
function openWindowProgress(): { report(message: string): void; end(): void } {
  let report: (message: string) => void = () => undefined;
  let end: () => void = () => undefined;
  let pending: string | undefined;
  let ended = false;
  void vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Indexing postmortems' },
    (progress) => {
      report = (message) => progress.report({ message });
      if (pending !== undefined) report(pending);
      return new Promise<void>((resolve) => {
        end = resolve;
        if (ended) resolve();
      });
    },
  );
  return {
    report: (message) => {
      pending = message;
      report(message);
    },
    end: () => {
      ended = true;
      end();
    },
  };
}
