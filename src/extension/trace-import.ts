/**
 * "Import Trace Metadata…" and "Set Trace Backend Token…": the editor's shell around the core's
 * `parseTrace` + `importTrace`, and around the backend clients shared with the CLI
 * (src/shared/trace-backends). Every question goes through `ImportPrompts`, the window's pickers by
 * default, or answers given to the command when it is run programmatically (tests, other
 * extensions). The edits are computed on one document version and applied as one `WorkspaceEdit`
 * on that version only. Credentials live in SecretStorage alone and are never written anywhere.
 */
import * as vscode from 'vscode';
import {
  MAX_TRACE_LENGTH,
  describeChange,
  importComparison,
  importReplays,
  importTrace,
  parseFailWhen,
  parseTrace,
  splitTraces,
  applyEdits,
  type ComparisonSummary,
  type FailPredicate,
  type ImportSummary,
  type ReplayImportSummary,
  type TextEdit,
  type TraceBackend,
  type TraceMetadata,
} from '../core/index.js';
import {
  BACKENDS,
  BACKEND_LABELS,
  BackendError,
  CREDENTIALS,
  DEFAULT_ENDPOINTS,
  checkTraceId,
  fetchTrace,
  joinAnd,
  type BackendName,
} from '../shared/trace-backends/index.js';
import { applyEditsAt } from './code-actions.js';
import type { Services } from './commands.js';
import { LANGUAGE_ID } from './resolvers.js';
import { phoenixProject, traceBackendEndpoint } from './settings.js';

export const IMPORT_TRACE_COMMAND = 'ai-postmortem.importTrace';
export const SET_TOKEN_COMMAND = 'ai-postmortem.setTraceBackendToken';
const SET_TOKEN_TITLE = 'AI Postmortem: Set Trace Backend Token…';

const decoder = new TextDecoder('utf-8');

/** Where a credential is kept: SecretStorage only, never settings or files. */
export function secretKey(backend: BackendName, name: string): string {
  return `ai-postmortem.traceBackend.${backend}.${name}`;
}

export type SourceId = 'file' | BackendName;
export type ReviewAnswer = 'apply' | 'diff' | 'cancel';
/** One trace as today; incident against a baseline window; replays of one input (before or after the fix). */
export type ImportMode = 'trace' | 'baseline' | 'replays' | 'after-fix';
/** Which set of traces a multi-trace question is about. */
export type TraceSet = 'incident' | 'baseline' | 'replays';

/** What the preview shows: counts and names of what will be written, never a value from the trace's content. */
export interface ImportPreview {
  readonly title: string;
  readonly lines: readonly string[];
}

/** The questions an import asks, in order. `undefined` means the user cancelled. */
export interface ImportPrompts {
  source(trusted: boolean): Thenable<SourceId | undefined>;
  traceFile(near: vscode.Uri): Thenable<vscode.Uri | undefined>;
  traceId(backend: BackendName, origin: string): Thenable<string | undefined>;
  includeContent(): Thenable<boolean | undefined>;
  review(preview: ImportPreview, diffShown: boolean): Thenable<ReviewAnswer | undefined>;
  mode(): Thenable<ImportMode | undefined>;
  /** Trace files and folders for a set of traces (baseline, incident or replays). */
  traceFiles(near: vscode.Uri, set: TraceSet): Thenable<readonly vscode.Uri[] | undefined>;
  /** Trace ids for a set of traces, from a backend. */
  traceIds(backend: BackendName, origin: string, set: TraceSet): Thenable<readonly string[] | undefined>;
  /** Failure predicates for replays (`--fail-when`); empty: judge labels decide. */
  failWhen(): Thenable<readonly string[] | undefined>;
}

/** Answers for a programmatic run; a question without an answer is asked in the window. */
export interface ImportTraceOptions {
  /** The postmortem to import into (else the active editor's document). */
  readonly document?: vscode.Uri | string;
  readonly source?: SourceId;
  readonly file?: vscode.Uri | string;
  readonly traceId?: string;
  readonly includeContent?: boolean;
  /** Answers to the preview, in order (`diff` opens the diff editor, then the next answer applies). */
  readonly review?: ReviewAnswer | readonly ReviewAnswer[];
  /** The `imported_at` to write (else now, to the second). */
  readonly importedAt?: string;
  /** Questions answered by the caller's code (a test, another extension), after the fixed answers above. */
  readonly prompts?: Partial<ImportPrompts>;
  /** `trace` (default when `file` or `traceId` is given), `baseline`, `replays` or `after-fix`. */
  readonly mode?: ImportMode;
  /** Incident or replay trace files and folders (modes other than `trace`). */
  readonly files?: ReadonlyArray<vscode.Uri | string>;
  /** Baseline trace files and folders (`baseline` mode). */
  readonly baselineFiles?: ReadonlyArray<vscode.Uri | string>;
  /** Incident or replay trace ids from the backend (modes other than `trace`). */
  readonly traceIds?: readonly string[];
  readonly baselineTraceIds?: readonly string[];
  /** Failure predicates for replays (`--fail-when` syntax, docs/trace-import.md). */
  readonly failWhen?: readonly string[];
}

export interface ImportOutcome {
  readonly status: 'applied' | 'unchanged' | 'cancelled' | 'stale' | 'failed';
  /** What the user was told. */
  readonly message: string;
  readonly preview?: ImportPreview;
  readonly summary?: ImportSummary;
  /** `baseline` mode: what moved. */
  readonly comparison?: ComparisonSummary;
  /** `replays` and `after-fix` modes: the rate. */
  readonly rate?: ReplayImportSummary;
}

const MODE_ITEMS: ReadonlyArray<vscode.QuickPickItem & { id: ImportMode }> = [
  {
    id: 'trace',
    label: '$(pulse) One trace',
    detail:
      'Copy what one trace says: model slice, prompt revision, tools, judges, agent decisions, timeline rows',
  },
  {
    id: 'baseline',
    label: '$(diff) Incident against a baseline',
    detail:
      'Compare incident traces with traces of a window where the system behaved: which of the six variables moved',
  },
  {
    id: 'replays',
    label: '$(graph) Replays: behavior rate',
    detail:
      'Traces of replays of one input: k of n failed (judge results or your predicate), with a Wilson 95% interval',
  },
  {
    id: 'after-fix',
    label: '$(check) Replays after the fix',
    detail: 'The same, after the fix: behavior_rate.after_fix, which the fix-evidence rule checks',
  },
];

const SOURCE_ITEMS: ReadonlyArray<vscode.QuickPickItem & { id: SourceId }> = [
  {
    id: 'file',
    label: '$(file) Trace file…',
    detail:
      'OTLP/JSON, Jaeger, Tempo, Langfuse export, LangSmith runs, Phoenix spans, OpenInference / GenAI attributes',
  },
  ...BACKENDS.map((b) => ({
    id: b,
    label: `$(cloud-download) ${BACKEND_LABELS[b]}`,
    detail: `Fetch a trace by id from ${BACKEND_LABELS[b]}`,
  })),
];

/** The window's pickers and boxes. */
export const WINDOW_PROMPTS: ImportPrompts = {
  async source(trusted) {
    const items = trusted ? SOURCE_ITEMS : SOURCE_ITEMS.filter((i) => i.id === 'file');
    const placeHolder = trusted
      ? 'Import from a trace file or a trace backend'
      : 'Restricted Mode: trace files only (trust the workspace to fetch from a backend)';
    return (
      await vscode.window.showQuickPick(items, {
        title: 'Import Trace Metadata',
        placeHolder,
        ignoreFocusOut: true,
      })
    )?.id;
  },
  async traceFile(near) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Trace file to import',
      defaultUri: near,
      canSelectMany: false,
      canSelectFolders: false,
      openLabel: 'Import',
      filters: { 'Trace JSON': ['json', 'jsonl', 'ndjson'], 'All files': ['*'] },
    });
    return picked?.[0];
  },
  traceId(backend, origin) {
    return vscode.window.showInputBox({
      title: `Trace id in ${BACKEND_LABELS[backend]} (${origin})`,
      prompt:
        backend === 'langsmith' ? 'The id of a run of the trace (the root run, usually)' : 'The trace id',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          checkTraceId(v.trim());
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
  },
  async includeContent() {
    const items: Array<vscode.QuickPickItem & { content: boolean }> = [
      {
        content: false,
        label: '$(shield) Metadata only',
        description: 'recommended',
        detail:
          'Models, prompt names and revisions, tool names and schema hashes, judge scores, timings, errors. No prompts, completions or tool arguments.',
      },
      {
        content: true,
        label: '$(warning) Also copy content',
        detail:
          'Adds tool arguments and results, model output, error messages, score comments. Still scanned: secret-looking values become [REDACTED] and long values are truncated, but a scanner can miss a secret: review before sharing.',
      },
    ];
    return (
      await vscode.window.showQuickPick(items, {
        title: 'Include content from the trace?',
        placeHolder: 'Default: metadata only',
        ignoreFocusOut: true,
      })
    )?.content;
  },
  async mode() {
    return (
      await vscode.window.showQuickPick(MODE_ITEMS, {
        title: 'Import Trace Metadata',
        placeHolder: 'What to import',
        ignoreFocusOut: true,
      })
    )?.id;
  },
  async traceFiles(near, set) {
    const picked = await vscode.window.showOpenDialog({
      title:
        set === 'baseline'
          ? 'Baseline traces: a window where the system behaved (files or folders)'
          : set === 'replays'
            ? 'Replay traces (files or folders)'
            : 'Incident traces (files or folders)',
      defaultUri: near,
      canSelectMany: true,
      canSelectFiles: true,
      canSelectFolders: true,
      openLabel: 'Use',
      filters: { 'Trace JSON': ['json', 'jsonl', 'ndjson'], 'All files': ['*'] },
    });
    return picked && picked.length > 0 ? picked : undefined;
  },
  async traceIds(backend, origin, set) {
    const typed = await vscode.window.showInputBox({
      title: `${set === 'baseline' ? 'Baseline' : set === 'replays' ? 'Replay' : 'Incident'} trace ids in ${BACKEND_LABELS[backend]} (${origin})`,
      prompt: 'Trace ids, separated by spaces or commas',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          for (const id of splitIds(v)) checkTraceId(id);
          return splitIds(v).length === 0 ? 'at least one trace id' : undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    return typed === undefined ? undefined : splitIds(typed);
  },
  async failWhen() {
    const typed = await vscode.window.showInputBox({
      title: 'When does a replay fail?',
      prompt:
        'Empty: a judge label in the trace decides (fail, incorrect, unsafe…). Else predicates separated by commas: error, correctness<0.5, verdict=unsafe',
      ignoreFocusOut: true,
      validateInput: (v) => {
        for (const p of splitPredicates(v)) {
          const r = parseFailWhen(p);
          if (!r.ok) return r.error;
        }
        return undefined;
      },
    });
    return typed === undefined ? undefined : splitPredicates(typed);
  },
  async review(preview, diffShown) {
    const items: Array<vscode.QuickPickItem & { answer: ReviewAnswer }> = [
      { answer: 'apply', label: '$(check) Apply', detail: preview.lines.join(' · ') },
      ...(diffShown
        ? []
        : [
            {
              answer: 'diff' as const,
              label: '$(diff) Show the changes first',
              detail: 'Opens a diff of the current text and the result',
            },
          ]),
      { answer: 'cancel', label: '$(close) Cancel' },
    ];
    return (
      await vscode.window.showQuickPick(items, {
        title: preview.title,
        placeHolder: preview.lines[0] ?? '',
        ignoreFocusOut: true,
      })
    )?.answer;
  },
};

function splitIds(text: string): string[] {
  return text.split(/[\s,]+/).filter((t) => t !== '');
}

function splitPredicates(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Prompts that take the given answers first, then the given prompts, and ask the window for the rest. */
export function promptsFrom(options: ImportTraceOptions): ImportPrompts {
  const fallback: ImportPrompts = { ...WINDOW_PROMPTS, ...options.prompts };
  const reviews =
    options.review === undefined
      ? undefined
      : Array.isArray(options.review)
        ? [...(options.review as readonly ReviewAnswer[])]
        : [options.review as ReviewAnswer];
  const uri = (v: vscode.Uri | string) => (typeof v === 'string' ? vscode.Uri.parse(v) : v);
  return {
    source: (trusted) =>
      options.source !== undefined ? Promise.resolve(options.source) : fallback.source(trusted),
    traceFile: (near) =>
      options.file !== undefined ? Promise.resolve(uri(options.file)) : fallback.traceFile(near),
    traceId: (backend, origin) =>
      options.traceId !== undefined ? Promise.resolve(options.traceId) : fallback.traceId(backend, origin),
    includeContent: () =>
      options.includeContent !== undefined
        ? Promise.resolve(options.includeContent)
        : fallback.includeContent(),
    review: (preview, diffShown) =>
      reviews && reviews.length > 0 ? Promise.resolve(reviews.shift()) : fallback.review(preview, diffShown),
    mode: () =>
      options.mode !== undefined
        ? Promise.resolve(options.mode)
        : options.file !== undefined || options.traceId !== undefined
          ? Promise.resolve('trace')
          : fallback.mode(),
    traceFiles: (near, set) => {
      const given = set === 'baseline' ? options.baselineFiles : options.files;
      return given !== undefined ? Promise.resolve(given.map(uri)) : fallback.traceFiles(near, set);
    },
    traceIds: (backend, origin, set) => {
      const given = set === 'baseline' ? options.baselineTraceIds : options.traceIds;
      return given !== undefined ? Promise.resolve(given) : fallback.traceIds(backend, origin, set);
    },
    failWhen: () =>
      options.failWhen !== undefined
        ? Promise.resolve(options.failWhen)
        : options.mode !== undefined
          ? Promise.resolve([])
          : fallback.failWhen(),
  };
}

/** In-memory documents for the diff editor's right side. */
export class ImportPreviews implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'ai-postmortem-import';
  readonly #texts = new Map<string, string>();
  #next = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#texts.get(uri.toString()) ?? '';
  }

  add(document: vscode.Uri, text: string): vscode.Uri {
    const name = document.path.split('/').pop() ?? 'postmortem.md';
    const uri = vscode.Uri.from({ scheme: ImportPreviews.scheme, path: `/${this.#next++}/${name}` });
    this.#texts.set(uri.toString(), text);
    return uri;
  }

  async close(uri: vscode.Uri): Promise<void> {
    this.#texts.delete(uri.toString());
    const tabs = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter(
        (t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString(),
      );
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }
}

function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Counts only: the trace's content never appears in the preview. */
export function previewOf(
  summary: ImportSummary,
  source: string,
  includeContent: boolean,
  file: string,
): ImportPreview {
  const redaction = [`${plural(summary.droppedValues, 'secret-looking value')} dropped`];
  if (includeContent) redaction.push(`${plural(summary.maskedSecrets, 'secret')} masked in content`);
  else if (summary.withheldContent > 0)
    redaction.push(`${plural(summary.withheldContent, 'content value')} left out`);
  return {
    title: `Import trace ${summary.traceId} (${summary.backend}) from ${source} into ${file}`,
    lines: [
      `${plural(summary.spans, 'span')}, ${summary.errors} with errors, ${plural(summary.timelineRows, 'timeline row')}, ${plural(summary.agentDecisions, 'agent decision')}`,
      `${plural(summary.modelSlices, 'model slice')}, ${plural(summary.promptRevisions, 'prompt revision')}, ${plural(summary.toolSchemas, 'tool schema')}, ${plural(summary.judges, 'judge result')}, ${plural(summary.retrievalIndexes, 'retrieval source')}`,
      redaction.join(', '),
      ...(summary.changed.length > 0 ? [`changed: ${summary.changed.join('; ')}`] : []),
      ...(summary.kept.length > 0 ? [`kept the author's keys: ${summary.kept.join('; ')}`] : []),
      ...summary.problems.map((p) => `warning: ${p}`),
    ],
  };
}

function isOptions(arg: unknown): arg is ImportTraceOptions {
  return typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) && !('groupId' in arg);
}

async function targetDocument(
  arg: unknown,
  options: ImportTraceOptions,
): Promise<vscode.TextDocument | undefined> {
  const target = options.document ?? (arg instanceof vscode.Uri ? arg : undefined);
  if (target !== undefined)
    return vscode.workspace.openTextDocument(typeof target === 'string' ? vscode.Uri.parse(target) : target);
  return vscode.window.activeTextEditor?.document;
}

interface Fetched {
  readonly text: string;
  readonly source: string;
  readonly url: string | undefined;
  readonly backend: TraceBackend | undefined;
}

/** The endpoint of `backend`: user settings, then `.postmortem.json` (trusted workspaces), then the hosted default. */
async function endpointOf(
  services: Services,
  backend: BackendName,
  document: vscode.Uri,
): Promise<{ endpoint: string; orgId: string | undefined; project: string | undefined } | undefined> {
  const lookup = services.resolvers.trusted
    ? await services.resolvers.for(document).configFor(document.path)
    : undefined;
  const configured = lookup?.config.raw.trace_backends?.[backend];
  const endpoint = traceBackendEndpoint(backend) ?? configured?.endpoint ?? DEFAULT_ENDPOINTS[backend];
  const orgId = backend === 'tempo' ? lookup?.config.raw.trace_backends?.tempo?.org_id : undefined;
  const project =
    backend === 'phoenix'
      ? (phoenixProject() ?? lookup?.config.raw.trace_backends?.phoenix?.project)
      : undefined;
  return endpoint === undefined ? undefined : { endpoint, orgId, project };
}

class Stop extends Error {
  constructor(
    message: string,
    readonly status: 'cancelled' | 'failed',
  ) {
    super(message);
  }
}

async function readTraceFile(uri: vscode.Uri): Promise<string> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    throw new Stop(`${vscode.workspace.asRelativePath(uri)}: no such file`, 'failed');
  }
  if (size > MAX_TRACE_LENGTH)
    throw new Stop(
      `${vscode.workspace.asRelativePath(uri)}: ${size} bytes, over the 50 MiB limit for trace files`,
      'failed',
    );
  const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface BackendWhere {
  readonly endpoint: string;
  readonly orgId: string | undefined;
  readonly project: string | undefined;
  readonly origin: string;
}

/** Where a backend is, for this document; refused in Restricted Mode. */
async function backendEndpoint(
  services: Services,
  backend: BackendName,
  document: vscode.Uri,
): Promise<BackendWhere> {
  // Restricted Mode: no request leaves the editor, whatever the caller asked.
  if (!services.resolvers.trusted)
    throw new Stop(
      'fetching a trace from a backend needs a trusted workspace; in Restricted Mode only trace files can be imported',
      'failed',
    );
  const where = await endpointOf(services, backend, document);
  if (!where) {
    throw new Stop(
      `no ${BACKEND_LABELS[backend]} endpoint: set \`ai-postmortem.traceBackends.${backend}.endpoint\` in your user settings, or \`trace_backends.${backend}.endpoint\` in .postmortem.json`,
      'failed',
    );
  }
  const parsedEndpoint = vscode.Uri.parse(where.endpoint);
  const origin = parsedEndpoint.authority
    ? `${parsedEndpoint.scheme}://${parsedEndpoint.authority.replace(/^.*@/, '')}`
    : where.endpoint;
  return { ...where, origin };
}

async function fetchById(
  services: Services,
  backend: BackendName,
  where: BackendWhere,
  traceId: string,
): Promise<Fetched> {
  const credentials: Record<string, string | undefined> = {};
  for (const c of CREDENTIALS[backend])
    credentials[c.name] = await services.secrets.get(secretKey(backend, c.name));
  try {
    const fetched = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `AI Postmortem: fetching trace ${traceId} from ${BACKEND_LABELS[backend]}…`,
      },
      () =>
        fetchTrace(backend, traceId, {
          endpoint: where.endpoint,
          credentials,
          orgId: where.orgId,
          project: where.project,
          describe: (list) => joinAnd(list.map((c) => `the ${c.label}`)),
          whereToSet: `(run "${SET_TOKEN_TITLE}")`,
        }),
    );
    return { text: fetched.text, source: `${backend} ${fetched.endpoint}`, url: fetched.url, backend };
  } catch (error) {
    if (error instanceof BackendError) throw new Stop(`${backend}: ${error.message}`, 'failed');
    throw error;
  }
}

async function fetchFromBackend(
  services: Services,
  prompts: ImportPrompts,
  backend: BackendName,
  document: vscode.Uri,
): Promise<Fetched> {
  const where = await backendEndpoint(services, backend, document);
  const traceId = (await prompts.traceId(backend, where.origin))?.trim();
  if (!traceId) throw new Stop('cancelled', 'cancelled');
  return fetchById(services, backend, where, traceId);
}

async function runImport(services: Services, arg: unknown): Promise<ImportOutcome> {
  const options = isOptions(arg) ? arg : {};
  const prompts = promptsFrom(options);
  const document = await targetDocument(arg, options);
  if (
    !document ||
    !(document.languageId === LANGUAGE_ID || (await services.resolvers.isPostmortem(document)))
  ) {
    throw new Stop('open a postmortem to import a trace into', 'failed');
  }
  const file = vscode.workspace.asRelativePath(document.uri);
  const trusted = services.resolvers.trusted;
  const mode = await prompts.mode();
  if (mode === undefined) throw new Stop('cancelled', 'cancelled');
  if (mode !== 'trace') return runWindows(services, prompts, document, mode);
  const source = await prompts.source(trusted);
  if (source === undefined) throw new Stop('cancelled', 'cancelled');

  let fetched: Fetched;
  if (source === 'file') {
    const near = vscode.workspace.getWorkspaceFolder(document.uri)?.uri ?? document.uri;
    const uri = await prompts.traceFile(near);
    if (!uri) throw new Stop('cancelled', 'cancelled');
    fetched = {
      text: await readTraceFile(uri),
      source: vscode.workspace.asRelativePath(uri),
      url: undefined,
      backend: undefined,
    };
  } else if ((BACKENDS as readonly string[]).includes(source)) {
    fetched = await fetchFromBackend(services, prompts, source, document.uri);
  } else {
    throw new Stop(
      `unknown trace source \`${String(source)}\` (expected file, ${BACKENDS.join(', ')})`,
      'failed',
    );
  }

  const parsed = parseTrace(fetched.text);
  if (!parsed.ok)
    throw new Stop(`${fetched.source}: ${parsed.error.path}: ${parsed.error.message}`, 'failed');

  // Restricted Mode imports metadata only: the default-deny redaction, no question asked.
  const includeContent = trusted ? await prompts.includeContent() : false;
  if (includeContent === undefined) throw new Stop('cancelled', 'cancelled');

  // The text and the version the edits are computed for, read together.
  const version = document.version;
  const text = document.getText();
  const result = importTrace(text, parsed.trace, {
    importedAt: options.importedAt ?? nowSeconds(),
    includeContent,
    url: fetched.url,
    backend: fetched.backend,
  });
  if (!result.ok) {
    const at = document.positionAt(result.range.start);
    throw new Stop(`${file}:${at.line + 1}:${at.character + 1}: ${result.error}`, 'failed');
  }
  const preview = previewOf(result.summary, fetched.source, includeContent, file);
  const updated = applyEdits(text, result.edits);
  if (updated === text) {
    const message = `${file} already has trace ${result.summary.traceId}: nothing to change.`;
    void vscode.window.showInformationMessage(`AI Postmortem: ${message}`);
    return { status: 'unchanged', message, preview, summary: result.summary };
  }

  const applied = await reviewAndApply(services, prompts, document, version, updated, result.edits, preview);
  if (applied !== 'applied')
    return {
      status: applied,
      message:
        applied === 'stale'
          ? 'the document changed since the import was computed; nothing was applied'
          : 'cancelled',
      preview,
      summary: result.summary,
    };
  const message = `Imported trace ${result.summary.traceId} (${result.summary.backend}) from ${fetched.source} into ${file}: ${preview.lines.join('; ')}.`;
  services.output.appendLine(`[${nowSeconds()}] ${message}`);
  vscode.window.setStatusBarMessage(`AI Postmortem: imported trace ${result.summary.traceId}`, 5000);
  return { status: 'applied', message, preview, summary: result.summary };
}

/** Ask about the preview (the diff on request), then apply `edits` on `version` only. */
async function reviewAndApply(
  services: Services,
  prompts: ImportPrompts,
  document: vscode.TextDocument,
  version: number,
  updated: string,
  edits: TextEdit[],
  preview: ImportPreview,
): Promise<'applied' | 'cancelled' | 'stale'> {
  const file = vscode.workspace.asRelativePath(document.uri);
  let diff: vscode.Uri | undefined;
  try {
    for (;;) {
      const answer = await prompts.review(preview, diff !== undefined);
      if (answer === 'diff' && diff === undefined) {
        diff = services.previews.add(document.uri, updated);
        await vscode.commands.executeCommand(
          'vscode.diff',
          document.uri,
          diff,
          `${file} ↔ after trace import`,
          { preview: true },
        );
        continue;
      }
      if (answer !== 'apply') return 'cancelled';
      break;
    }
  } finally {
    if (diff) await services.previews.close(diff);
  }
  const applied = await applyEditsAt(
    document.uri,
    version,
    edits,
    'AI Postmortem: the postmortem changed while the import was being reviewed; nothing was applied. Run the import again.',
  );
  return applied ? 'applied' : 'stale';
}

/** Every trace file under the given files and folders (.json, .jsonl, .ndjson), at most 10,000. */
async function expandFiles(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const visit = async (uri: vscode.Uri): Promise<void> => {
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      throw new Stop(`${vscode.workspace.asRelativePath(uri)}: no such file or folder`, 'failed');
    }
    if (type & vscode.FileType.Directory) {
      const entries = (await vscode.workspace.fs.readDirectory(uri)).sort((a, b) =>
        a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
      );
      for (const [name, kind] of entries) {
        if (name.startsWith('.')) continue;
        const child = vscode.Uri.joinPath(uri, name);
        if (kind & vscode.FileType.Directory) await visit(child);
        else if (/\.(?:json|jsonl|ndjson)$/i.test(name)) out.push(child);
        if (out.length > 10_000) throw new Stop('more than 10,000 trace files', 'failed');
      }
    } else out.push(uri);
  };
  for (const uri of uris) await visit(uri);
  return out;
}

/** The traces of one set, from files and folders or from the backend by ids; each file split by trace id. */
async function gatherSet(
  services: Services,
  prompts: ImportPrompts,
  source: SourceId,
  document: vscode.Uri,
  set: TraceSet,
): Promise<TraceMetadata[]> {
  const traces: TraceMetadata[] = [];
  if (source === 'file') {
    const near = vscode.workspace.getWorkspaceFolder(document)?.uri ?? document;
    const picked = await prompts.traceFiles(near, set);
    if (!picked || picked.length === 0) throw new Stop('cancelled', 'cancelled');
    for (const uri of await expandFiles(picked)) {
      const parsed = parseTrace(await readTraceFile(uri));
      if (!parsed.ok)
        throw new Stop(
          `${vscode.workspace.asRelativePath(uri)}: ${parsed.error.path}: ${parsed.error.message}`,
          'failed',
        );
      traces.push(...splitTraces(parsed.trace));
    }
    return traces;
  }
  const where = await backendEndpoint(services, source, document);
  const ids = await prompts.traceIds(source, where.origin, set);
  if (!ids || ids.length === 0) throw new Stop('cancelled', 'cancelled');
  for (const id of ids) {
    const fetched = await fetchById(services, source, where, id.trim());
    const parsed = parseTrace(fetched.text);
    if (!parsed.ok)
      throw new Stop(`${fetched.source}: ${parsed.error.path}: ${parsed.error.message}`, 'failed');
    traces.push(...splitTraces(parsed.trace));
  }
  return traces;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** What moved, or the rate: names and numbers the import computed, never a value from the trace's content. */
export function windowsPreviewOf(
  summary: ComparisonSummary | ReplayImportSummary,
  file: string,
): ImportPreview {
  if ('comparison' in summary) {
    const c = summary.comparison;
    const moved = c.variables
      .filter((v) => v.moved)
      .map((v) => `${v.variable}: ${v.changes.map((ch) => describeChange(v.variable, ch)).join('; ')}`);
    const hidden = c.variables.filter((v) => !v.visible).map((v) => v.variable);
    return {
      title: `Compare ${plural(c.incidentTraces, 'incident trace')} with ${plural(c.baselineTraces, 'baseline trace')} into ${file}`,
      lines: [
        moved.length > 0 ? `Moved: ${moved.join(' · ')}` : 'Moved: none',
        `Unchanged: ${summary.unchanged.length > 0 ? summary.unchanged.join(', ') : 'none'}`,
        `Not visible in the traces (left as they are): ${hidden.length > 0 ? hidden.join(', ') : 'none'}`,
        ...summary.problems.map((p) => `warning: ${p}`),
      ],
    };
  }
  const r = summary.rate;
  return {
    title: `Write ${summary.key} from ${plural(r.replays, 'replay')} into ${file}`,
    lines: [
      `${r.failures} of ${r.replays} replays failed (${pct(r.rate)}, ${Math.round(r.confidence * 100)}% Wilson interval ${pct(r.interval.low)}–${pct(r.interval.high)})`,
      `Failure when: ${r.failWhen}; outcomes: ${Object.entries(r.outcomeClasses)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      ...summary.problems.map((p) => `warning: ${p}`),
    ],
  };
}

/** Baseline comparison or replays: several traces per set, one frontmatter edit. */
async function runWindows(
  services: Services,
  prompts: ImportPrompts,
  document: vscode.TextDocument,
  mode: Exclude<ImportMode, 'trace'>,
): Promise<ImportOutcome> {
  const file = vscode.workspace.asRelativePath(document.uri);
  const source = await prompts.source(services.resolvers.trusted);
  if (source === undefined) throw new Stop('cancelled', 'cancelled');
  if (source !== 'file' && !(BACKENDS as readonly string[]).includes(source))
    throw new Stop(
      `unknown trace source \`${String(source)}\` (expected file, ${BACKENDS.join(', ')})`,
      'failed',
    );
  let computed: { edits: TextEdit[]; summary: ComparisonSummary | ReplayImportSummary } | { error: string };
  let text: string;
  let version: number;
  if (mode === 'baseline') {
    const baseline = await gatherSet(services, prompts, source, document.uri, 'baseline');
    const incident = await gatherSet(services, prompts, source, document.uri, 'incident');
    version = document.version;
    text = document.getText();
    const r = importComparison(text, incident, baseline);
    computed = r.ok ? { edits: r.edits, summary: r.summary } : { error: r.error };
  } else {
    const replays = await gatherSet(services, prompts, source, document.uri, 'replays');
    const texts = await prompts.failWhen();
    if (texts === undefined) throw new Stop('cancelled', 'cancelled');
    const predicates: FailPredicate[] = [];
    for (const t of texts) {
      const p = parseFailWhen(t);
      if (!p.ok) throw new Stop(p.error, 'failed');
      predicates.push(p.predicate);
    }
    version = document.version;
    text = document.getText();
    const r = importReplays(text, replays, { predicates, afterFix: mode === 'after-fix' });
    computed = r.ok ? { edits: r.edits, summary: r.summary } : { error: r.error };
  }
  if ('error' in computed) throw new Stop(`${file}: ${computed.error}`, 'failed');
  const preview = windowsPreviewOf(computed.summary, file);
  const detail =
    'comparison' in computed.summary ? { comparison: computed.summary } : { rate: computed.summary };
  const updated = applyEdits(text, computed.edits);
  if (updated === text) {
    const message = `${file} is up to date with these traces: nothing to change.`;
    void vscode.window.showInformationMessage(`AI Postmortem: ${message}`);
    return { status: 'unchanged', message, preview, ...detail };
  }
  const applied = await reviewAndApply(
    services,
    prompts,
    document,
    version,
    updated,
    computed.edits,
    preview,
  );
  if (applied !== 'applied')
    return {
      status: applied,
      message:
        applied === 'stale'
          ? 'the document changed since the import was computed; nothing was applied'
          : 'cancelled',
      preview,
      ...detail,
    };
  const message = `${preview.title}: ${preview.lines.join('; ')}.`;
  services.output.appendLine(`[${nowSeconds()}] ${message}`);
  return { status: 'applied', message, preview, ...detail };
}

/** Import Trace Metadata…: resolves to what happened (for tests and callers); failures are shown, never thrown. */
export async function importTraceCommand(services: Services, arg?: unknown): Promise<ImportOutcome> {
  try {
    return await runImport(services, arg);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    if (error.status === 'failed') {
      services.output.appendLine(`[${nowSeconds()}] Trace import failed: ${error.message}`);
      void vscode.window.showErrorMessage(`AI Postmortem: ${error.message}`);
    }
    return { status: error.status, message: error.message };
  }
}

export interface SetTokenOptions {
  readonly backend?: BackendName;
  /** By credential name (`LANGFUSE_SECRET_KEY`…): a string stores it, `null` clears it; a name left out is kept. */
  readonly values?: Readonly<Record<string, string | null>>;
}

export interface SetTokenOutcome {
  readonly backend: BackendName | undefined;
  /** Names, never values. */
  readonly stored: readonly string[];
  readonly cleared: readonly string[];
}

/** Set Trace Backend Token…: store or clear a backend's credentials in SecretStorage. */
export async function setTraceBackendTokenCommand(
  services: Services,
  arg?: unknown,
): Promise<SetTokenOutcome> {
  const options: SetTokenOptions = typeof arg === 'object' && arg !== null ? (arg as SetTokenOptions) : {};
  let backend = options.backend;
  if (backend === undefined) {
    const items = await Promise.all(
      BACKENDS.map(async (b) => {
        const stored = (
          await Promise.all(
            CREDENTIALS[b].map(async (c) =>
              (await services.secrets.get(secretKey(b, c.name))) !== undefined ? 1 : 0,
            ),
          )
        ).reduce<number>((n, x) => n + x, 0);
        return {
          id: b,
          label: BACKEND_LABELS[b],
          description: `${stored} of ${CREDENTIALS[b].length} stored`,
          detail: CREDENTIALS[b].map((c) => c.label).join(', '),
        };
      }),
    );
    backend = (
      await vscode.window.showQuickPick(items, {
        title: 'Trace backend credentials',
        placeHolder: "Kept in the editor's secret storage, never in settings or files",
        ignoreFocusOut: true,
      })
    )?.id;
  }
  if (backend === undefined || !(BACKENDS as readonly string[]).includes(backend))
    return { backend: undefined, stored: [], cleared: [] };
  const stored: string[] = [];
  const cleared: string[] = [];
  for (const credential of CREDENTIALS[backend]) {
    const key = secretKey(backend, credential.name);
    let value: string | null | undefined;
    if (options.values) value = options.values[credential.name];
    else {
      const has = (await services.secrets.get(key)) !== undefined;
      const typed = await vscode.window.showInputBox({
        title: `${credential.label}${credential.required ? '' : ' (optional)'}`,
        prompt: 'Enter to store; an empty box clears it; Escape keeps what is stored',
        placeHolder: has ? 'stored (hidden)' : 'not set',
        password: true,
        ignoreFocusOut: true,
      });
      value = typed === undefined ? undefined : typed.trim() === '' ? null : typed.trim();
    }
    if (value === undefined) continue;
    if (value === null) {
      await services.secrets.delete(key);
      cleared.push(credential.name);
    } else {
      await services.secrets.store(key, value);
      stored.push(credential.name);
    }
  }
  const label = (names: string[]) =>
    joinAnd(names.map((n) => CREDENTIALS[backend].find((c) => c.name === n)?.label ?? n));
  const parts = [
    stored.length ? `stored the ${label(stored)}` : '',
    cleared.length ? `cleared the ${label(cleared)}` : '',
  ].filter(Boolean);
  if (parts.length > 0)
    void vscode.window.showInformationMessage(`AI Postmortem: ${parts.join('; ')} (secret storage).`);
  return { backend, stored, cleared };
}
