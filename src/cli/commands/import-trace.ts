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
import { FORMAT_HINTS, MAX_TRACE_LENGTH, RULES, Resolver, applyEdits, importTrace, parseTrace, type FormatHint, type ImportSummary, type TraceBackend } from '../../core/index.js';
import { BACKENDS, BackendError, fetchTrace, type BackendName } from '../backends/index.js';
import { readOptional, toPosix } from '../files.js';
import type { Command, Io } from '../main.js';
import { UsageError } from '../usage.js';

export const IMPORT_TRACE_HELP = `Usage: postmortem import-trace <trace-file> [--into <postmortem.md>] [--write] [--include-content]
       postmortem import-trace --backend jaeger|tempo|langfuse|langsmith --trace-id <id> [--endpoint <url>] [--into …]

Reads trace metadata (OTLP/JSON, Jaeger, Tempo, Langfuse, LangSmith, GenAI/OpenInference attributes)
into a postmortem: a \`traces\` entry, model slice, prompt revision, tool schemas, judge results,
retrieval sources and agent decisions in the frontmatter, and timeline rows in a marked block.
Prompts, completions, tool arguments and anything secret-looking are not copied unless
--include-content (then masked and truncated). Credentials come only from the environment:
JAEGER_TOKEN, TEMPO_TOKEN, TEMPO_ORG_ID, LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY, LANGSMITH_API_KEY.

Options:
  --into <file>             Postmortem to import into (prints a unified diff)
  --write                   Write the change to --into
  --include-content         Also copy content (masked, truncated)
  --format-hint <format>    ${FORMAT_HINTS.join(' | ')}
  --backend <name>          ${BACKENDS.join(' | ')}
  --trace-id <id>           Trace to fetch from --backend
  --endpoint <url>          Backend base URL (else .postmortem.json trace_backends, else environment)
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
  if (stat.size > MAX_TRACE_LENGTH) throw new Usage(`${file}: ${stat.size} bytes, over the 50 MiB limit for trace files`);
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
  else if (s.withheldContent > 0) redaction.push(`${s.withheldContent} content values left out (--include-content copies them, masked)`);
  return `Imported trace ${s.traceId} (${s.backend}): ${parts.join(', ')}; ${redaction.join(', ')}.\n${s.problems.map((p) => `warning: ${p}\n`).join('')}`;
}

async function run(args: readonly string[], io: Io): Promise<number> {
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
        'trace-id': { type: 'string' },
        endpoint: { type: 'string' },
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
  if (hint !== undefined && !(FORMAT_HINTS as readonly string[]).includes(hint)) throw new Usage(`unknown --format-hint \`${hint}\` (expected ${FORMAT_HINTS.join(', ')})`);
  const backend = values.backend;
  if (backend !== undefined && !(BACKENDS as readonly string[]).includes(backend)) throw new Usage(`unknown --backend \`${backend}\` (expected ${BACKENDS.join(', ')})`);
  if (backend !== undefined ? positionals.length > 0 : positionals.length !== 1) throw new Usage('import-trace takes one trace file, or --backend with --trace-id');
  if (backend !== undefined && !values['trace-id']) throw new Usage('--backend needs --trace-id');
  if (backend === undefined && (values['trace-id'] !== undefined || values.endpoint !== undefined)) throw new Usage('--trace-id and --endpoint need --backend');
  if (values.write && !values.into) throw new Usage('--write needs --into');
  const into = values.into !== undefined ? path.resolve(io.cwd, values.into) : undefined;

  let text: string;
  let url: string | undefined;
  let source: string;
  if (backend !== undefined) {
    const resolver = new Resolver({ readFile: (p) => readOptional(p) }, RULES);
    const lookup = await resolver.configFor(toPosix(into ?? path.join(io.cwd, 'postmortem.md')));
    try {
      const fetched = await fetchTrace(backend as BackendName, values['trace-id']!, { endpoint: values.endpoint, config: lookup.config.raw.trace_backends, env: io.env });
      text = fetched.text;
      url = fetched.url;
      source = `${backend} ${fetched.endpoint}`;
    } catch (error) {
      if (error instanceof BackendError) {
        io.stderr(`postmortem: ${backend}: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  } else {
    const file = path.resolve(io.cwd, positionals[0]!);
    text = await readTraceFile(file);
    source = toPosix(path.relative(io.cwd, file));
  }

  const parsed = parseTrace(text, { formatHint: hint as FormatHint | undefined });
  if (!parsed.ok) {
    io.stderr(`postmortem: ${source}: ${parsed.error.path}: ${parsed.error.message}\n`);
    return 2;
  }
  const options = {
    importedAt: importedAt(io.env),
    includeContent: values['include-content'] === true,
    url,
    backend: backend as TraceBackend | undefined,
  };

  if (!into) {
    const result = importTrace('', parsed.trace, options);
    if (!result.ok) {
      io.stderr(`postmortem: ${result.error}\n`);
      return 2;
    }
    io.stdout(applyEdits('', result.edits));
    io.stderr(describe(result.summary, options.includeContent));
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
  const result = importTrace(document, parsed.trace, options);
  const shown = toPosix(path.relative(io.cwd, into));
  if (!result.ok) {
    io.stderr(`postmortem: ${shown}: ${result.error}\n`);
    return 2;
  }
  const updated = applyEdits(document, result.edits);
  if (updated === document) {
    io.stderr(`${describe(result.summary, options.includeContent)}${shown}: already up to date.\n`);
    return 0;
  }
  io.stdout(createTwoFilesPatch(`a/${shown}`, `b/${shown}`, document, updated, undefined, undefined, { context: 3 }));
  io.stderr(describe(result.summary, options.includeContent));
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
