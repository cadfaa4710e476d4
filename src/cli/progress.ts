/**
 * The CLI's progress line: on an interactive terminal, one self-updating line on stderr ("Linting 120 of 1000
 * postmortems") for work that lasts longer than half a second, erased before anything else is written. It reads
 * `{ phase, done, total }` events, the shape the linter's multi-file API reports, so every long command (lint,
 * report, import-trace, init) shows the same line.
 *
 * No library: all it needs is a carriage return, ECMA-48's "erase in line" (`CSI 2 K`) and a cut to the terminal's
 * width of a line that is plain ASCII. The candidates pull in more than that: log-update 8 (six dependencies: ansi-escapes,
 * cli-cursor, slice-ansi, string-width, strip-ansi, wrap-ansi) rewrites whole blocks and hides the cursor through a
 * signal handler; cli-progress 3 (string-width) draws bars and owns its own timer and TTY checks. Neither decides the
 * things this module is for: when not to draw (a pipe, CI, a machine format, `--no-progress`) and erasing before output.
 */

/** What a long step is doing. `total` is undefined or 0 while it is not known yet (a folder walk), as the core's `Progress` says. */
export interface ProgressEvent {
  readonly phase: ProgressPhase;
  readonly done: number;
  readonly total?: number | undefined;
}

export type ProgressPhase =
  | 'discovering'
  | 'indexing'
  | 'linting'
  | 'writing-cache'
  | 'scanning'
  | 'reading'
  | 'searching'
  | 'fetching';

export type OnProgress = (event: ProgressEvent) => void;

/** How each phase reads on the line, and what it counts. */
const PHASES: Record<ProgressPhase, { readonly verb: string; readonly noun: string }> = {
  discovering: { verb: 'Finding postmortems', noun: 'files' },
  indexing: { verb: 'Indexing', noun: 'postmortems' },
  linting: { verb: 'Linting', noun: 'postmortems' },
  'writing-cache': { verb: 'Writing the cache', noun: 'files' },
  scanning: { verb: 'Scanning the repository', noun: 'Markdown files' },
  reading: { verb: 'Reading', noun: 'trace files' },
  searching: { verb: 'Searching the backend', noun: 'traces found' },
  fetching: { verb: 'Fetching', noun: 'traces' },
};

/** The line for an event, e.g. "Linting 120 of 1000 postmortems…". A `total` of 0 (or none) means not known yet. */
export function progressText(event: ProgressEvent): string {
  const { verb, noun } = PHASES[event.phase];
  // One write, whose size says nothing to a reader: no counts.
  if (event.phase === 'writing-cache') return `${verb}…`;
  if (!event.total) return event.done === 0 ? `${verb}…` : `${verb}: ${event.done} ${noun}…`;
  return `${verb} ${Math.min(event.done, event.total)} of ${event.total} ${noun}…`;
}

/** Formats whose output a program reads: never a progress line, even on a terminal (docs/formats.md). */
export const MACHINE_FORMATS: ReadonlySet<string> = new Set([
  'json',
  'sarif',
  'github',
  'rdjson',
  'rdjsonl',
  'gitlab',
]);

/** stderr when it is a terminal: its width now (0 or undefined when the terminal does not say). */
export interface Terminal {
  readonly columns: number | undefined;
}

/**
 * Whether a run draws the line: stderr is a terminal, not in CI (`CI` set to anything but `false` or `0`), a terminal that
 * understands the erase sequence (`TERM` not `dumb`), not a machine format, and not `--no-progress`.
 */
export function progressWanted(options: {
  readonly terminal: Terminal | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly format?: string | undefined;
  readonly noProgress?: boolean | undefined;
}): boolean {
  if (options.noProgress === true || options.terminal === undefined) return false;
  const ci = options.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  if (options.env['TERM'] === 'dumb') return false;
  return options.format === undefined || !MACHINE_FORMATS.has(options.format);
}

/** Carriage return, then erase the whole line (ECMA-48 EL with parameter 2). */
export const ERASE_LINE = '\r\u001b[2K';

export interface ProgressLineOptions {
  /** No line before the work has lasted this long (default 500 ms): a quick run prints nothing but its results. */
  readonly delayMs?: number;
  /** At most one redraw per this many milliseconds (default 100 ms). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/**
 * The line itself. `report` remembers the newest event and draws it once the delay has passed (a timer draws the
 * newest event at that moment, so a step that reports rarely still shows); `clear` erases it before other output, and
 * `stop` erases it for good. Writes only through `write`, only when enabled.
 */
export class ProgressLine {
  readonly #write: (text: string) => void;
  readonly #terminal: Terminal | undefined;
  readonly #delay: number;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #start: number;
  #latest: ProgressEvent | undefined;
  #shown = '';
  #lastDraw = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    write: (text: string) => void,
    terminal: Terminal | undefined,
    enabled: boolean,
    options: ProgressLineOptions = {},
  ) {
    this.#write = write;
    this.#terminal = terminal;
    this.#delay = options.delayMs ?? 500;
    this.#interval = options.intervalMs ?? 100;
    this.#now = options.now ?? Date.now;
    this.#start = this.#now();
    this.#stopped = !enabled;
    if (enabled) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#draw();
      }, this.#delay);
      // The line never keeps the process alive.
      this.#timer.unref?.();
    }
  }

  /** The newest state of the work; drawn now if the delay has passed and the last draw is old enough. */
  readonly report: OnProgress = (event) => {
    if (this.#stopped) return;
    this.#latest = event;
    const now = this.#now();
    if (now - this.#start >= this.#delay && now - this.#lastDraw >= this.#interval) this.#draw();
  };

  /** Erase the line (before other output); the next report draws it again. */
  clear(): void {
    if (this.#shown === '') return;
    this.#write(ERASE_LINE);
    this.#shown = '';
    // Drawn again at the next report, not a full interval later: output and line do not flicker in turn.
    this.#lastDraw = -Infinity;
  }

  /** Erase the line and draw no more. */
  stop(): void {
    this.clear();
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #draw(): void {
    if (this.#stopped || this.#latest === undefined) return;
    const columns = this.#terminal?.columns || 80;
    let text = progressText(this.#latest);
    // One column short of the width: a line that fills it wraps on some terminals, and the erase would miss the first row.
    if (text.length > columns - 1) text = text.slice(0, Math.max(0, columns - 2)) + '…';
    this.#lastDraw = this.#now();
    if (text === this.#shown) return;
    this.#write(`${ERASE_LINE}${text}`);
    this.#shown = text;
  }
}

/** The part of the CLI's `Io` the progress line needs. */
interface WritableIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly terminal?: Terminal | undefined;
}

/**
 * A progress line for one command run, and the run's `Io` with every write erasing the line first (so results,
 * warnings and errors never share a row with it); the first write to stdout (the results) ends it. Call `stop()` before
 * the command returns.
 */
export function startProgress<T extends WritableIo>(
  io: T,
  options: {
    readonly format?: string | undefined;
    readonly noProgress?: boolean | undefined;
  } & ProgressLineOptions = {},
): { readonly line: ProgressLine; readonly io: T; readonly report: OnProgress; stop(): void } {
  const enabled = progressWanted({
    terminal: io.terminal,
    env: io.env,
    format: options.format,
    noProgress: options.noProgress,
  });
  // Tests only: AI_POSTMORTEM_TEST_PROGRESS_DELAY=0 draws at every report from the first, so a short run shows whether
  // the line is wanted without having to last longer than the delay (test/cli-progress.test.ts).
  const testDelay = io.env['AI_POSTMORTEM_TEST_PROGRESS_DELAY'];
  const timing =
    testDelay !== undefined && /^\d+$/.test(testDelay) ? { delayMs: Number(testDelay), intervalMs: 0 } : {};
  const line = new ProgressLine(io.stderr, io.terminal, enabled, { ...timing, ...options });
  const wrapped: T = enabled
    ? {
        ...io,
        // Results are printing: the work is done, so the line is erased for good.
        stdout: (text: string) => {
          line.stop();
          io.stdout(text);
        },
        stderr: (text: string) => {
          line.clear();
          io.stderr(text);
        },
      }
    : io;
  return { line, io: wrapped, report: line.report, stop: () => line.stop() };
}
