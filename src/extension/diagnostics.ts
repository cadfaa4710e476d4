/**
 * Live diagnostics: the one converter from a core `Finding` to a `vscode.Diagnostic`, and the
 * scheduler that lints (in the lint worker) on open, change (debounced) and save, dropping stale
 * results with a per-document generation counter.
 */
import * as vscode from 'vscode';
import { LineIndex, type Finding, type PostmortemRecord, type Severity } from '../core/index.js';
import type { LintData } from './lint-protocol.js';
import type { Resolvers } from './resolvers.js';
import { settings } from './settings.js';

export const SOURCE = 'ai-postmortem';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A core offset range as a 0-based editor range of `document`. */
export function toRange(document: vscode.TextDocument, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}

/** The one converter: every diagnostic this extension shows is made here. */
export function toDiagnostic(document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(document, finding.range),
    finding.message,
    SEVERITY[finding.severity],
  );
  diagnostic.source = SOURCE;
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(finding.url) };
  if (finding.related && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((related) => {
      const uri = related.path === undefined ? document.uri : document.uri.with({ path: related.path });
      // Another file's offsets cannot be placed without its text: use the 1-based positions the core adds, else its start.
      const p = related.position;
      const range =
        related.path === undefined
          ? toRange(document, related.range)
          : p
            ? new vscode.Range(p.start.line - 1, p.start.column - 1, p.end.line - 1, p.end.column - 1)
            : new vscode.Range(0, 0, 0, 0);
      return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, range), related.message);
    });
  }
  return diagnostic;
}

/** The last lint of an open document, for code actions and the status bar. */
export interface LintState {
  readonly version: number;
  readonly result: LintData;
}

/** Whether a diagnostic shown in the editor is the one made from `finding`. */
export function sameDiagnostic(
  diagnostic: vscode.Diagnostic,
  document: vscode.TextDocument,
  finding: Finding,
): boolean {
  const code = diagnostic.code;
  const id = typeof code === 'object' && code !== null ? code.value : code;
  return (
    diagnostic.source === SOURCE &&
    id === finding.ruleId &&
    diagnostic.message === finding.message &&
    diagnostic.range.isEqual(toRange(document, finding.range))
  );
}

export class Linter implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(SOURCE);
  readonly #resolvers: Resolvers;
  readonly #generation = new Map<string, number>();
  readonly #timers = new Map<string, unknown>();
  readonly #states = new Map<string, LintState>();
  readonly #postmortems = new Set<string>();
  /** The newest lint started per document, with the version it lints and the repository index generation it reads. */
  readonly #inflight = new Map<
    string,
    { readonly version: number; readonly index: number; readonly promise: Promise<LintState | undefined> }
  >();
  /** Counts the repository index's changes; a lint started after the last one reads the current index. */
  #index = 0;
  readonly #onDidLint = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's diagnostics were replaced (or cleared because it is no postmortem). */
  readonly onDidLint = this.#onDidLint.event;

  constructor(resolvers: Resolvers) {
    this.#resolvers = resolvers;
  }

  /** The findings of the current version of `document`, if it was linted at that version. */
  state(document: vscode.TextDocument): LintState | undefined {
    const state = this.#states.get(document.uri.toString());
    return state && state.version === document.version ? state : undefined;
  }

  /** Whether the last lint found `document` to be a postmortem. */
  isPostmortem(document: vscode.TextDocument): boolean {
    return this.#postmortems.has(document.uri.toString());
  }

  /** Lint after the configured debounce; a newer call for the same document replaces this one. */
  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.#timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        // A lint of this very version already started (a command asked for it): its result stands.
        if (this.#inflight.get(key)?.version === document.version) return;
        void this.lint(document);
      }, settings().debounceMs),
    );
  }

  /**
   * Lint now (in the lint worker). Resolves to the state, or `undefined` when the result was stale or
   * not a postmortem. `save`: the saved version also goes into the repository index (`result.record`).
   */
  lint(
    document: vscode.TextDocument,
    options: { readonly save?: boolean; readonly urgent?: boolean } = {},
  ): Promise<LintState | undefined> {
    const promise = this.#lint(document, options.save === true, options.urgent === true);
    this.#inflight.set(document.uri.toString(), { version: document.version, index: this.#index, promise });
    return promise;
  }

  /** The repository index changed (in the worker): lints started from now on read the new one. */
  indexChanged(): void {
    this.#index++;
  }

  /** Lint again for a changed index, unless the newest lint of this version started after the change (it reads it already). */
  refresh(document: vscode.TextDocument): Promise<LintState | undefined> {
    const newest = this.#inflight.get(document.uri.toString());
    if (newest && newest.version === document.version && newest.index === this.#index) return newest.promise;
    return this.lint(document);
  }

  /**
   * The state of the document's current version: the last lint's, else the newest lint's in flight
   * for that version, else a new lint's. Unlike `lint`, a background re-lint that overtakes it (the
   * repository index changed, a config changed) is waited for instead of giving `undefined`, so
   * fix-on-save and the commands see the findings. `undefined`: not a postmortem, or closed.
   */
  async current(document: vscode.TextDocument): Promise<LintState | undefined> {
    const key = document.uri.toString();
    for (;;) {
      const cached = this.state(document);
      if (cached) return cached;
      const pending = this.#inflight.get(key);
      // Someone waits (fix on save, a quick fix, completion): ahead of the background re-lints.
      const running =
        pending && pending.version === document.version
          ? pending.promise
          : this.lint(document, { urgent: true });
      const state = await running;
      if (state && state.version === document.version) return state;
      // The newest lint gave nothing: no postmortem. Otherwise a newer one started: wait for it.
      if (document.isClosed || this.#inflight.get(key)?.promise === running) return undefined;
    }
  }

  async #lint(document: vscode.TextDocument, save: boolean, urgent: boolean): Promise<LintState | undefined> {
    const key = document.uri.toString();
    const generation = (this.#generation.get(key) ?? 0) + 1;
    this.#generation.set(key, generation);
    const version = document.version;
    const text = document.getText();
    // Whether it is a postmortem and its findings, in one request; the incremental parser lives in the worker.
    const result = await this.#resolvers.lint(document.uri, text, document.languageId, save, urgent);
    if (!result) {
      if (this.#generation.get(key) !== generation) return undefined;
      this.#postmortems.delete(key);
      this.#states.delete(key);
      this.collection.delete(document.uri);
      this.#onDidLint.fire(document);
      return undefined;
    }
    // A newer lint started (or the document closed) while this one awaited: drop the result.
    if (this.#generation.get(key) !== generation || document.isClosed) return undefined;
    const state = { version, result };
    this.#postmortems.add(key);
    this.#states.set(key, state);
    this.collection.set(
      document.uri,
      result.findings.map((finding) => toDiagnostic(document, finding)),
    );
    this.#onDidLint.fire(document);
    return state;
  }

  /** Publish findings for a file that is not open (Lint Workspace). */
  publish(uri: vscode.Uri, text: string, result: LintData): void {
    const lines = new LineIndex(text);
    const position = (offset: number): vscode.Position => {
      const p = lines.position(offset);
      return new vscode.Position(p.line - 1, p.column - 1);
    };
    // A minimal stand-in with the only two members the converter reads.
    const document = { uri, positionAt: position } as unknown as vscode.TextDocument;
    this.collection.set(
      uri,
      result.findings.map((finding) => toDiagnostic(document, finding)),
    );
  }

  /** The repository record of `document`'s current text (made in the worker, not kept in the index), if it is a postmortem. */
  async record(document: vscode.TextDocument): Promise<PostmortemRecord | undefined> {
    if (!(await this.current(document))) return undefined;
    return (await this.#resolvers.record(document.uri, document.getText(), false)) ?? undefined;
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.#timers.get(key);
    if (pending !== undefined) clearTimeout(pending);
    this.#timers.delete(key);
    this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
    this.#states.delete(key);
    this.#postmortems.delete(key);
    this.#inflight.delete(key);
    void this.#resolvers.worker.request({ op: 'forget', uri: key }).catch(() => undefined);
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.collection.dispose();
    this.#onDidLint.dispose();
  }
}
