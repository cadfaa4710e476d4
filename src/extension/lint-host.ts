/**
 * The extension's side of the lint worker: starts it (a worker thread in the Node extension host, a
 * Web Worker in the browser one), sends it requests, answers its file reads through
 * `vscode.workspace.fs` (so virtual workspaces keep working), and holds the per-file time limit of
 * the CLI: a lint still running after the limit gets one fatal finding, the worker is terminated and
 * started again, and the requests it had not answered go to the new one. The extension host's thread
 * never runs a lint, so other extensions and commands stay responsive while a long one runs.
 */
import * as vscode from 'vscode';
import { DEFAULT_SCHEMA_NAME, type Finding } from '../core/index.js';
import {
  LIMITED_OPS,
  type FromWorker,
  type LintData,
  type Request,
  type Responses,
  type ToWorker,
} from './lint-protocol.js';
import { serve } from './lint-service.js';

/** CommonJS `require` of the Node bundle (the shell compiles without Node types). */
declare const require: (id: string) => unknown;

/** The two workers' common surface, and the in-thread stand-in's. */
interface Channel {
  post(message: ToWorker): void;
  terminate(): void;
}

/** Where the lint runs: `worker` (the normal case) or `in-thread` (the host could not start a worker). */
export type LintMode = 'worker' | 'in-thread';

interface NodeWorker {
  postMessage(message: ToWorker): void;
  on(event: 'message', listener: (message: FromWorker) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
}

interface WebWorker {
  postMessage(message: ToWorker): void;
  onmessage: ((event: { data: FromWorker }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  terminate(): void;
}

declare const Blob: new (parts: Uint8Array[], options: { type: string }) => unknown;
declare const URL: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };

/** A lint given up at the time limit: the instance's fatal finding (none when the config turns `document-size` off). */
function timedOutLint(finding: Finding | null): LintData {
  return {
    findings: finding ? [finding] : [],
    outline: { frontmatter: undefined, sections: [], timeline: [] },
    association: {
      source: 'default',
      name: DEFAULT_SCHEMA_NAME,
      reason: 'the lint was given up at the time limit',
      schema: {
        ok: false,
        id: DEFAULT_SCHEMA_NAME,
        error: 'not checked: the lint was given up at the time limit',
      },
    },
    config: { path: undefined },
    timedOut: true,
  };
}

interface Pending {
  readonly request: Request;
  readonly urgent: boolean;
  /** The worker it was sent to (a restart sends it again to the new one). */
  sent?: Channel;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface LintWorkerOptions {
  /** The extension's folder (`context.extensionUri`): the worker bundles are in its `dist/`. */
  readonly extensionUri: vscode.Uri;
  /** Milliseconds one lint may take (read per request, so a settings change applies at once). */
  readonly limitMs: () => number;
  /** Requests a restarted worker gets before any other (the repository index's records). */
  readonly seed?: () => Request[];
  /** Told what happened (the worker restarted, a file was given up). */
  readonly log?: (line: string) => void;
}

const decoder = new TextDecoder('utf-8');

export class LintWorker implements vscode.Disposable {
  readonly #options: LintWorkerOptions;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #channel: Promise<Channel>;
  /** The worker that answers; messages of an earlier (terminated) one are ignored. */
  #current: Channel | undefined;
  /** The request the worker is working on, and its time-limit timer. */
  #active: { id: number; timer: unknown } | undefined;
  #disposed = false;
  #mode: LintMode = 'worker';
  /** How many times the worker was started again (time limit or crash). */
  restarts = 0;
  readonly #onDidRestart = new vscode.EventEmitter<void>();
  readonly onDidRestart = this.#onDidRestart.event;

  constructor(options: LintWorkerOptions) {
    this.#options = options;
    this.#channel = this.#start();
  }

  /** Where the lint runs; `in-thread` only when the host refused to start a worker. */
  get mode(): LintMode {
    return this.#mode;
  }

  /** `urgent`: something waits for the answer (a save, a quick fix, a completion): it goes before queued lints. */
  request<R extends Request>(
    request: R,
    options: { readonly urgent?: boolean } = {},
  ): Promise<Responses[R['op']]> {
    if (this.#disposed) return Promise.reject(new Error('the lint worker was disposed'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        request,
        urgent: options.urgent === true,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      void this.#channel.then((channel) => this.#send(channel, id));
    });
  }

  #send(channel: Channel, id: number): void {
    const pending = this.#pending.get(id);
    if (!pending || pending.sent === channel || channel !== this.#current) return;
    pending.sent = channel;
    channel.post({
      kind: 'request',
      id,
      request: pending.request,
      ...(pending.urgent ? { urgent: true } : {}),
    });
  }

  async #start(): Promise<Channel> {
    let channel: Channel;
    try {
      channel = __WEB__ ? await this.#startWeb() : this.#startNode();
      this.#mode = 'worker';
    } catch (error) {
      this.#options.log?.(
        `The lint worker could not start (${error instanceof Error ? error.message : String(error)}); linting on the extension host's thread, without the time limit.`,
      );
      channel = this.#startInThread();
      this.#mode = 'in-thread';
    }
    this.#current = channel;
    if (this.restarts > 0)
      for (const request of this.#options.seed?.() ?? [])
        channel.post({ kind: 'request', id: this.#nextId++, request });
    return channel;
  }

  #startNode(): Channel {
    const { Worker } = require('node:worker_threads') as { Worker: new (file: string) => NodeWorker };
    const worker = new Worker(
      vscode.Uri.joinPath(this.#options.extensionUri, 'dist', 'editor-worker.cjs').fsPath,
    );
    const channel: Channel = {
      post: (message) => worker.postMessage(message),
      terminate: () => void worker.terminate(),
    };
    worker.on('message', (message) => this.#receive(channel, message));
    worker.on('error', (error) => this.#crashed(channel, error.message));
    worker.on('exit', (code) => this.#crashed(channel, `exit code ${code}`));
    return channel;
  }

  /** The web worker's script as a blob URL, read once: a restart starts from it without reading the bundle again. */
  #webUrl: Promise<string> | undefined;

  async #startWeb(): Promise<Channel> {
    // An extension's files are not same-origin URLs in every web host (code-server refuses workers of
    // remote extensions): the bundle is read through the workspace file system and started from a blob.
    this.#webUrl ??= Promise.resolve(
      vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(this.#options.extensionUri, 'dist', 'web', 'editor-worker.js'),
      ),
    ).then((bytes) => URL.createObjectURL(new Blob([bytes], { type: 'application/javascript' })));
    const url = await this.#webUrl;
    const WorkerClass = (globalThis as unknown as { Worker?: new (url: string) => WebWorker }).Worker;
    if (!WorkerClass) throw new Error('this host has no Worker');
    const worker = new WorkerClass(url);
    const channel: Channel = {
      post: (message) => worker.postMessage(message),
      terminate: () => worker.terminate(),
    };
    worker.onmessage = (event) => this.#receive(channel, event.data);
    worker.onerror = (event) => this.#crashed(channel, event.message ?? 'error');
    return channel;
  }

  /** The same service on this thread, still through messages (asynchronous), for hosts without workers. */
  #startInThread(): Channel {
    let listener: ((message: ToWorker) => void) | undefined;
    const channel: Channel = {
      post: (message) => void Promise.resolve().then(() => listener?.(message)),
      terminate: () => {
        listener = undefined;
      },
    };
    serve(
      (message) => void Promise.resolve().then(() => this.#receive(channel, message)),
      (l) => {
        listener = l;
      },
    );
    return channel;
  }

  #receive(channel: Channel, message: FromWorker): void {
    if (channel !== this.#current) return; // A terminated worker's late message.
    switch (message.kind) {
      case 'read':
        void this.#read(message.uri).then(
          (text) => channel === this.#current && channel.post({ kind: 'read', rid: message.rid, text }),
        );
        return;
      case 'start': {
        this.#clearTimer();
        const pending = this.#pending.get(message.id);
        if (pending && LIMITED_OPS.has(pending.request.op) && this.#mode === 'worker') {
          const limit = this.#options.limitMs();
          this.#active = {
            id: message.id,
            timer: setTimeout(() => this.#timedOut(message.id, limit), limit),
          };
        }
        return;
      }
      case 'done':
      case 'failed': {
        if (this.#active?.id === message.id) this.#clearTimer();
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.kind === 'done') pending?.resolve(message.value);
        else pending?.reject(new Error(message.error));
      }
    }
  }

  #clearTimer(): void {
    if (this.#active) clearTimeout(this.#active.timer);
    this.#active = undefined;
  }

  async #read(uri: string): Promise<string | undefined> {
    try {
      const text = decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      // Missing or unreadable: like the CLI, the lookup goes on (Explain Schema shows what applied).
      return undefined;
    }
  }

  #timedOut(id: number, limit: number): void {
    const pending = this.#pending.get(id);
    this.#pending.delete(id);
    this.#active = undefined;
    this.#restart();
    if (!pending) return;
    const request = pending.request;
    const seconds = limit / 1000;
    if ('uri' in request)
      this.#options.log?.(
        `${request.uri}: given up after ${seconds} s (ai-postmortem.lint.fileTimeout); the lint worker restarts.`,
      );
    if (request.op === 'lint') {
      // The new worker makes the finding, with the file's config, as the CLI's instance does.
      const { uri, fsRoot, path, folder, trusted } = request;
      this.request({ op: 'timeout', uri, fsRoot, path, folder, trusted, seconds }).then(
        (finding) => pending.resolve(timedOutLint(finding)),
        (error: Error) => pending.reject(error),
      );
    } else if (request.op === 'record') pending.resolve(null);
    else pending.reject(new Error(`the lint took longer than ${seconds} s`));
  }

  #crashed(channel: Channel, reason: string): void {
    if (channel !== this.#current || this.#disposed) return;
    // The request being worked on crashed the worker: it fails; the others go to a new worker.
    const active = this.#active && this.#pending.get(this.#active.id);
    if (this.#active) this.#pending.delete(this.#active.id);
    this.#clearTimer();
    active?.reject(new Error(`the lint worker stopped (${reason})`));
    this.#options.log?.(`The lint worker stopped (${reason}); it restarts.`);
    this.#restart();
  }

  #restart(): void {
    const old = this.#current;
    this.#current = undefined;
    old?.terminate();
    if (this.#disposed) return;
    this.restarts++;
    this.#channel = this.#start().then((channel) => {
      for (const id of [...this.#pending.keys()].sort((a, b) => a - b)) this.#send(channel, id);
      return channel;
    });
    this.#onDidRestart.fire();
  }

  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
    this.#current?.terminate();
    this.#current = undefined;
    void this.#webUrl?.then((url) => URL.revokeObjectURL(url));
    for (const pending of this.#pending.values()) pending.reject(new Error('the lint worker was disposed'));
    this.#pending.clear();
    this.#onDidRestart.dispose();
  }
}
