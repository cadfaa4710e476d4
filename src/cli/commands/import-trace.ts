/**
 * `postmortem import-trace`: read a trace (a file, or a backend by id), run the core's
 * `parseTrace` + `importTrace`, and print the result, a unified diff against `--into`, or write
 * it (`--write`: temp file + rename, only if the file did not change since it was read).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import {
  FORMAT_HINTS,
  MAX_TRACE_LENGTH,
  applyEdits,
  describeChange,
  importComparison,
  importReplays,
  importTrace,
  parseFailWhen,
  parseTrace,
  splitTraces,
  type FailPredicate,
  type ComparisonSummary,
  type FormatHint,
  type ImportSummary,
  type ReplayImportSummary,
  type TraceBackend,
  type TraceMetadata,
} from '../../core/index.js';
import { BACKENDS, BackendError, fetchTrace, searchTraces, type BackendName } from '../backends/index.js';
import { toPosix } from '../files.js';
import { cliLinter } from '../linter.js';
import type { Command, Io } from '../command.js';
import { startProgress, type OnProgress } from '../progress.js';
import { UsageError } from '../usage.js';

export const IMPORT_TRACE_HELP = `Usage: postmortem import-trace <trace file or folder>... [--into <postmortem.md>] [--write] [--include-content]
       postmortem import-trace --backend jaeger|tempo|langfuse|langsmith|phoenix --trace-id <id>... [--endpoint <url>] [--into …]
       postmortem import-trace --replays [--fail-when <predicate>]... [--after-fix] <replay traces>... [--into …]
       postmortem import-trace --baseline <traces>... [--mix-threshold <share>] <incident traces>... [--into …]

Reads trace metadata (OTLP/JSON, Jaeger, Tempo, Langfuse, LangSmith, Phoenix, GenAI/OpenInference
attributes)
into a postmortem: a \`traces\` entry, model slice, prompt revision, tool schemas, judge results,
retrieval sources and agent decisions in the frontmatter, and timeline rows in a marked block.
Each trace of each file (folders: their .json, .jsonl and .ndjson files) is imported in turn.
With --replays the traces are replays of one input: a replay fails when a judge label says so, or
when a --fail-when predicate holds; k of n and a Wilson 95% interval go to \`behavior_rate\`.
Prompts, completions, tool arguments and anything secret-looking are not copied unless
--include-content (then masked and truncated). Credentials come only from the environment:
JAEGER_TOKEN, TEMPO_TOKEN, TEMPO_ORG_ID, LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY, LANGSMITH_API_KEY,
PHOENIX_API_KEY (Phoenix's project: trace_backends.phoenix.project, else PHOENIX_PROJECT, else default).

Options:
  --into <file>             Postmortem to import into (prints a unified diff)
  --write                   Write the change to --into
  --include-content         Also copy content (masked, truncated)
  --format-hint <format>    ${FORMAT_HINTS.join(' | ')}
  --backend <name>          ${BACKENDS.join(' | ')}
  --trace-id <id>           Trace to fetch from --backend (repeatable)
  --endpoint <url>          Backend base URL (else .postmortem.json trace_backends, else environment)
  --replays                 The traces are replays of one input: write behavior_rate
  --fail-when <predicate>   A replay fails when: error | <evaluation><op><number> (op < <= > >= = !=)
                            | <evaluation>=<label>; * for any evaluation (repeatable: any holds)
  --after-fix               Write the replays' rate as behavior_rate.after_fix (the rate after the fix)
  --baseline <file|folder>  Traces of a window where the system behaved (repeatable): compare the
                            given (incident) traces with them and write moved_variables, the
                            variables' values per window and traffic_mix
  --mix-threshold <share>   A traffic share moves when it shifts by more than this (default 0.1)
  --search <filter>         Find the traces in --backend (Tempo: TraceQL; Jaeger, Langfuse: key=value,…;
                            LangSmith: project=<id>;<run filter>; Phoenix: project=,session=),
                            within --from/--to (RFC 3339),
                            at most --limit (default 100, at most 1000), paged
  --baseline-trace-id <id>  A baseline trace from --backend (repeatable)
  --baseline-search <filter> with --baseline-from/--baseline-to: the baseline window by search
  --no-progress             No progress line on stderr while traces are read or fetched (it shows
                            only on an interactive terminal, never in CI or when stderr is piped)
`;

/** A usage mistake in `postmortem import-trace`; `main` points at this command's help. */
class Usage extends UsageError {
  constructor(message: string) {
    super(message, 'postmortem import-trace --help');
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The import time: SOURCE_DATE_EPOCH (seconds) when set, for reproducible output; else now. */
function importedAt(env: Io['env']): string {
  const epoch = env['SOURCE_DATE_EPOCH'];
  const ms = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now();
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function readTraceFile(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new Usage(`${file}: no such file`);
  }
  if (!stat.isFile()) throw new Usage(`${file}: not a file`);
  if (stat.size > MAX_TRACE_LENGTH)
    throw new Usage(`${file}: ${stat.size} bytes, over the 50 MiB limit for trace files`);
  return fs.readFile(file, 'utf8');
}

/** Write `text` to `file` through a temp file + rename, unless the file's bytes changed since `hash`. */
async function writeIfUnchanged(file: string, hash: string, text: string): Promise<boolean> {
  const now = await fs.readFile(file);
  if (sha256(now) !== hash) return false;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(temp, text, { flag: 'wx' });
  try {
    const again = await fs.readFile(file);
    if (sha256(again) !== hash) {
      await fs.rm(temp, { force: true });
      return false;
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  return true;
}

function describe(s: ImportSummary, includeContent: boolean): string {
  const parts = [
    `${s.spans} spans`,
    `${s.errors} with errors`,
    `${s.timelineRows} timeline rows`,
    `${s.agentDecisions} agent decisions`,
    `${s.modelSlices} model slices`,
    `${s.promptRevisions} prompt revisions`,
    `${s.toolSchemas} tool schemas`,
    `${s.judges} judge results`,
    `${s.retrievalIndexes} retrieval sources`,
  ];
  const redaction = [`${s.droppedValues} secret-looking values dropped`];
  if (includeContent) redaction.push(`${s.maskedSecrets} secrets masked in content`);
  else if (s.withheldContent > 0)
    redaction.push(`${s.withheldContent} content values left out (--include-content copies them, masked)`);
  const changed =
    s.changed.length > 0
      ? `Changed: ${s.changed.join('; ')}.\n`
      : 'Changed: nothing (the trace is imported as it is).\n';
  const kept = s.kept.length > 0 ? `Kept the author's keys: ${s.kept.join('; ')}.\n` : '';
  return `Imported trace ${s.traceId} (${s.backend}): ${parts.join(', ')}; ${redaction.join(', ')}.\n${changed}${kept}${s.problems.map((p) => `warning: ${p}\n`).join('')}`;
}

/** Trace files under `dir` (`.json`, `.jsonl`, `.ndjson`), depth first in name order, skipping dot entries. */
async function traceFilesIn(dir: string, out: string[]): Promise<void> {
  const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await traceFilesIn(full, out);
    else if (entry.isFile() && /\.(?:json|jsonl|ndjson)$/i.test(entry.name)) out.push(full);
    if (out.length > MAX_TRACE_FILES) throw new Usage(`${dir}: more than ${MAX_TRACE_FILES} trace files`);
  }
}

/** At most this many trace files per import (files and folders together). */
const MAX_TRACE_FILES = 10_000;

interface Gathered {
  readonly traces: TraceMetadata[];
  /** What was read, for messages. */
  readonly sources: string[];
  /** The UI link, for a single backend trace. */
  url: string | undefined;
}

/** Read the files and folders `paths`, each file split into its traces. Exit code 2 (as a message) on an unreadable trace. */
async function gatherFiles(
  paths: readonly string[],
  io: Io,
  hint: FormatHint | undefined,
  into: Gathered,
  onProgress?: OnProgress,
): Promise<string | undefined> {
  const files: string[] = [];
  for (const p of paths) {
    const full = path.resolve(io.cwd, p);
    let stat;
    try {
      stat = await fs.stat(full);
    } catch {
      throw new Usage(`${p}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      const before = files.length;
      await traceFilesIn(full, files);
      if (files.length === before)
        throw new Usage(`${p}: no trace files (.json, .jsonl, .ndjson) in this folder`);
    } else files.push(full);
    if (files.length > MAX_TRACE_FILES) throw new Usage(`more than ${MAX_TRACE_FILES} trace files`);
  }
  for (const [done, file] of files.entries()) {
    onProgress?.({ phase: 'reading', done, total: files.length });
    const shown = toPosix(path.relative(io.cwd, file));
    const parsed = parseTrace(await readTraceFile(file), { formatHint: hint });
    if (!parsed.ok) return `${shown}: ${parsed.error.path}: ${parsed.error.message}`;
    into.traces.push(...splitTraces(parsed.trace));
    into.sources.push(shown);
  }
  return undefined;
}

function describeRate(s: ReplayImportSummary): string {
  const r = s.rate;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const classes = Object.entries(r.outcomeClasses)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `Behavior rate (${s.key}): ${r.failures} of ${r.replays} replays failed (${pct(r.rate)}, ${Math.round(r.confidence * 100)}% Wilson interval ${pct(r.interval.low)}–${pct(r.interval.high)}); failure when ${r.failWhen}${classes ? `; outcomes: ${classes}` : ''}.\n${s.problems.map((p) => `warning: ${p}\n`).join('')}`;
}

function describeComparison(s: ComparisonSummary): string {
  const c = s.comparison;
  const moved = c.variables
    .filter((v) => v.moved)
    .map((v) => `${v.variable} (${v.changes.map((ch) => describeChange(v.variable, ch)).join('; ')})`);
  const hidden = c.variables
    .filter((v) => !v.visible)
    .map((v) => (v.seenIn === 'neither' ? v.variable : `${v.variable} (only in the ${v.seenIn})`));
  return `Compared ${c.incidentTraces} incident trace${c.incidentTraces === 1 ? '' : 's'} with ${c.baselineTraces} baseline trace${c.baselineTraces === 1 ? '' : 's'}. Moved: ${moved.length > 0 ? moved.join(', ') : 'none'}. Unchanged: ${s.unchanged.length > 0 ? s.unchanged.join(', ') : 'none'}. Not visible in the traces (left as they were): ${hidden.length > 0 ? hidden.join(', ') : 'none'}.\n${s.problems.map((p) => `warning: ${p}\n`).join('')}`;
}

/** `import-trace`, with the progress line on stderr while traces are read, searched and fetched (`progress.ts`). */
async function run(args: readonly string[], io: Io): Promise<number> {
  const end = args.indexOf('--');
  const progress = startProgress(io, {
    noProgress: (end < 0 ? args : args.slice(0, end)).includes('--no-progress'),
  });
  try {
    return await runImport(args, progress.io, progress.report);
  } finally {
    progress.stop();
  }
}

async function runImport(args: readonly string[], io: Io, onProgress: OnProgress): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        into: { type: 'string' },
        write: { type: 'boolean' },
        'include-content': { type: 'boolean' },
        'format-hint': { type: 'string' },
        backend: { type: 'string' },
        'trace-id': { type: 'string', multiple: true },
        endpoint: { type: 'string' },
        replays: { type: 'boolean' },
        'after-fix': { type: 'boolean' },
        'fail-when': { type: 'string', multiple: true },
        baseline: { type: 'string', multiple: true },
        search: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        limit: { type: 'string' },
        'baseline-trace-id': { type: 'string', multiple: true },
        'baseline-search': { type: 'string' },
        'baseline-from': { type: 'string' },
        'baseline-to': { type: 'string' },
        'mix-threshold': { type: 'string' },
        'no-progress': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new Usage((error as Error).message);
  }
  if (values.help) {
    io.stdout(IMPORT_TRACE_HELP);
    return 0;
  }
  const hint = values['format-hint'];
  if (hint !== undefined && !(FORMAT_HINTS as readonly string[]).includes(hint))
    throw new Usage(`unknown --format-hint \`${hint}\` (expected ${FORMAT_HINTS.join(', ')})`);
  const backend = values.backend;
  const traceIds = values['trace-id'] ?? [];
  if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend))
    throw new Usage(`unknown --backend \`${backend}\` (expected ${BACKENDS.join(', ')})`);
  const baselineIds = values['baseline-trace-id'] ?? [];
  const searching = values.search !== undefined;
  const baselineSearching = values['baseline-search'] !== undefined;
  const remote = traceIds.length > 0 || searching || baselineIds.length > 0 || baselineSearching;
  if (backend === undefined && positionals.length === 0)
    throw new Usage('import-trace takes trace files or folders, or --backend with --trace-id or --search');
  if (backend !== undefined && !remote) throw new Usage('--backend needs --trace-id or --search');
  if (backend === undefined && (remote || values.endpoint !== undefined))
    throw new Usage(
      '--trace-id, --search, --baseline-trace-id, --baseline-search and --endpoint need --backend',
    );
  if (
    (values.from !== undefined || values.to !== undefined || values.limit !== undefined) &&
    !searching &&
    !baselineSearching
  )
    throw new Usage('--from, --to and --limit need --search or --baseline-search');
  if ((values['baseline-from'] !== undefined || values['baseline-to'] !== undefined) && !baselineSearching)
    throw new Usage('--baseline-from and --baseline-to need --baseline-search');
  const limit = values.limit !== undefined ? Number(values.limit) : undefined;
  if (values.limit !== undefined && !/^\d+$/.test(values.limit))
    throw new Usage('--limit takes a whole number of traces');
  if (values.write && !values.into) throw new Usage('--write needs --into');
  const replays = values.replays === true;
  if (!replays && (values['after-fix'] || values['fail-when'] !== undefined))
    throw new Usage('--after-fix and --fail-when need --replays');
  const baselinePaths = values.baseline ?? [];
  const comparing = baselinePaths.length > 0 || baselineIds.length > 0 || baselineSearching;
  if (replays && comparing)
    throw new Usage('--replays and --baseline are separate imports: run one, then the other');
  const mixText = values['mix-threshold'];
  const mixThreshold = mixText !== undefined ? Number(mixText) : undefined;
  if (
    mixText !== undefined &&
    (!comparing || !/^\d*\.?\d+$/.test(mixText) || !(mixThreshold! >= 0 && mixThreshold! <= 1))
  )
    throw new Usage('--mix-threshold takes a share from 0 to 1 (e.g. 0.1) and needs --baseline');
  const predicates: FailPredicate[] = [];
  for (const text of values['fail-when'] ?? []) {
    const p = parseFailWhen(text);
    if (!p.ok) throw new Usage(p.error);
    predicates.push(p.predicate);
  }
  const into = values.into !== undefined ? path.resolve(io.cwd, values.into) : undefined;

  const incident: Gathered = { traces: [], sources: [], url: undefined };
  const unreadable = await gatherFiles(positionals, io, hint as FormatHint | undefined, incident, onProgress);
  if (unreadable) {
    io.stderr(`postmortem: ${unreadable}\n`);
    return 2;
  }
  const baseline: Gathered = { traces: [], sources: [], url: undefined };
  const unreadableBaseline = await gatherFiles(
    baselinePaths,
    io,
    hint as FormatHint | undefined,
    baseline,
    onProgress,
  );
  if (unreadableBaseline) {
    io.stderr(`postmortem: ${unreadableBaseline}\n`);
    return 2;
  }
  if (backend !== undefined) {
    const lookup = await cliLinter({ cwd: io.cwd, fastPaths: true }).configFor(
      toPosix(into ?? path.join(io.cwd, 'postmortem.md')),
    );
    const backendOptions = {
      endpoint: values.endpoint,
      config: lookup.config.raw.trace_backends,
      env: io.env,
    };
    /** Fetch `ids` (and the ids a search finds) into `set`; a message on failure. */
    const fetchInto = async (
      ids: readonly string[],
      search: { filter: string; from: string | undefined; to: string | undefined } | undefined,
      set: Gathered,
    ): Promise<string | undefined> => {
      try {
        const all = [...ids];
        if (search) onProgress({ phase: 'searching', done: 0 });
        if (search)
          for (const id of await searchTraces(backend as BackendName, { ...search, limit }, backendOptions))
            if (!all.includes(id)) all.push(id);
        if (search && all.length === ids.length) return `${backend}: the search found no traces`;
        for (const [done, id] of all.entries()) {
          onProgress({ phase: 'fetching', done, total: all.length });
          const fetched = await fetchTrace(backend as BackendName, id, backendOptions);
          const source = `${backend} ${fetched.endpoint}`;
          const parsed = parseTrace(fetched.text, { formatHint: hint as FormatHint | undefined });
          if (!parsed.ok) return `${source}: ${parsed.error.path}: ${parsed.error.message}`;
          set.traces.push(...splitTraces(parsed.trace));
          set.sources.push(source);
          set.url = all.length === 1 ? fetched.url : undefined;
        }
      } catch (error) {
        if (error instanceof BackendError) return `${backend}: ${error.message}`;
        throw error;
      }
      return undefined;
    };
    const failed =
      (await fetchInto(
        traceIds,
        searching ? { filter: values.search!, from: values.from, to: values.to } : undefined,
        incident,
      )) ??
      (await fetchInto(
        baselineIds,
        baselineSearching
          ? { filter: values['baseline-search']!, from: values['baseline-from'], to: values['baseline-to'] }
          : undefined,
        baseline,
      ));
    if (failed) {
      io.stderr(`postmortem: ${failed}\n`);
      return 2;
    }
  }
  const options = {
    importedAt: importedAt(io.env),
    includeContent: values['include-content'] === true,
    url: incident.url,
    backend: backend as TraceBackend | undefined,
  };

  /** The document after the import, and what to tell the user; or a message (exit 2). */
  const transform = (
    document: string,
  ): { ok: true; text: string; report: string } | { ok: false; error: string } => {
    if (comparing) {
      const result = importComparison(document, incident.traces, baseline.traces, { mixThreshold });
      if (!result.ok) return { ok: false, error: result.error };
      return {
        ok: true,
        text: applyEdits(document, result.edits),
        report: describeComparison(result.summary),
      };
    }
    if (replays) {
      const result = importReplays(document, incident.traces, {
        predicates,
        afterFix: values['after-fix'] === true,
      });
      if (!result.ok) return { ok: false, error: result.error };
      return { ok: true, text: applyEdits(document, result.edits), report: describeRate(result.summary) };
    }
    let text = document;
    let report = '';
    for (const trace of incident.traces) {
      const result = importTrace(text, trace, options);
      if (!result.ok) return { ok: false, error: result.error };
      text = applyEdits(text, result.edits);
      report += describe(result.summary, options.includeContent);
    }
    return { ok: true, text, report };
  };

  if (!into) {
    const result = transform('');
    if (!result.ok) {
      io.stderr(`postmortem: ${result.error}\n`);
      return 2;
    }
    io.stdout(result.text);
    io.stderr(result.report);
    return 0;
  }

  let bytes: Buffer;
  try {
    bytes = await fs.readFile(into);
  } catch {
    throw new Usage(`${values.into}: no such file`);
  }
  const decoded = bytes.toString('utf8');
  const bom = decoded.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  const document = bom ? decoded.slice(1) : decoded;
  const result = transform(document);
  const shown = toPosix(path.relative(io.cwd, into));
  if (!result.ok) {
    io.stderr(`postmortem: ${shown}: ${result.error}\n`);
    return 2;
  }
  const updated = result.text;
  if (updated === document) {
    io.stderr(`${result.report}${shown}: already up to date.\n`);
    return 0;
  }
  io.stdout(
    createTwoFilesPatch(`a/${shown}`, `b/${shown}`, document, updated, undefined, undefined, { context: 3 }),
  );
  io.stderr(result.report);
  if (values.write) {
    if (!(await writeIfUnchanged(into, sha256(bytes), bom + updated))) {
      io.stderr(`postmortem: ${shown}: changed on disk since it was read; nothing written (run again)\n`);
      return 2;
    }
    io.stderr(`Wrote ${shown}\n`);
  }
  return 0;
}

export const importTraceCommand: Command = {
  summary: 'Import trace metadata (file or backend) into a postmortem',
  run,
};
