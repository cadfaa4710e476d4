/**
 * Trace file text → `TraceMetadata`. The format is detected from the content (a hint may force
 * it); the text is untrusted: size-capped, read through own-property accessors into `Map`s, and
 * every malformed value is reported with its JSON path instead of throwing.
 */
import { attrString, deriveSpan } from './derive.js';
import { isJaegerTrace, parseJaeger } from './formats/jaeger.js';
import { isFlatAttributes, parseFlat } from './formats/flat.js';
import { isLangfuse, parseLangfuse } from './formats/langfuse.js';
import { isLangsmith, parseLangsmith } from './formats/langsmith.js';
import { parseOtlp, parseOtlpEvaluationLogs, unwrapOtlp } from './formats/otlp.js';
import { isPhoenix, parsePhoenix } from './formats/phoenix.js';
import { TraceInputError, arrayAt, isRecord, own, parseJsonString, toNumber, type Json } from './json.js';
import type {
  Evaluation,
  RawSpan,
  TraceBackend,
  TraceFormat,
  TraceMetadata,
  TraceParseResult,
} from './types.js';

/** 50 MiB of UTF-16 text: far above any real trace of one incident, far below what hurts. */
export const MAX_TRACE_LENGTH = 50 * 1024 * 1024;

export const FORMAT_HINTS = [
  'otlp',
  'jaeger',
  'tempo',
  'langfuse',
  'langsmith',
  'phoenix',
  'openinference',
  'genai-attributes',
] as const;
export type FormatHint = (typeof FORMAT_HINTS)[number];

export interface ParseTraceOptions {
  /** Skip detection and read the file as this format. */
  readonly formatHint?: FormatHint | undefined;
}

function detect(root: Json): TraceFormat | undefined {
  const otlp = unwrapOtlp(root);
  if (otlp) return otlp.wrapper === 'tempo' ? 'tempo' : otlp.wrapper === 'jaeger' ? 'jaeger' : 'otlp';
  if (isLangfuse(root)) return 'langfuse';
  if (isPhoenix(root)) return 'phoenix';
  if (
    isJaegerTrace(root) ||
    (isRecord(root) && Array.isArray(own(root, 'data')) && arrayAt(root, 'data', '').some(isJaegerTrace))
  )
    return 'jaeger';
  if (isLangsmith(root)) return 'langsmith';
  if (isFlatAttributes(root))
    return isRecord(root) && own(root, 'openinference.span.kind') !== undefined
      ? 'openinference'
      : 'genai-attributes';
  return undefined;
}

const BACKENDS: Record<TraceFormat, TraceBackend> = {
  otlp: 'otlp',
  jaeger: 'jaeger',
  tempo: 'tempo',
  langfuse: 'langfuse',
  langsmith: 'langsmith',
  phoenix: 'phoenix',
  openinference: 'openinference',
  'genai-attributes': 'other',
};

/** Read JSON, or JSON Lines (the Collector's file exporter writes one request per line). */
function readJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (lines.length > 1) {
      const requests: Json[] = [];
      for (const [i, line] of lines.entries()) {
        try {
          requests.push(JSON.parse(line) as Json);
        } catch {
          throw new TraceInputError(`line ${i + 1}`, `not JSON: ${(error as Error).message}`);
        }
      }
      if (requests.every((r) => isRecord(r) && Array.isArray(own(r, 'resourceSpans')))) {
        return { resourceSpans: requests.flatMap((r) => own(r, 'resourceSpans') as Json[]) };
      }
      // Traces and logs exported together (the judge's `gen_ai.evaluation.result` events are log records).
      const list = (r: Json, key: string) =>
        isRecord(r) && Array.isArray(own(r, key)) ? (own(r, key) as Json[]) : [];
      if (
        requests.every((r) => list(r, 'resourceSpans').length > 0 || list(r, 'resourceLogs').length > 0) &&
        requests.some((r) => list(r, 'resourceSpans').length > 0)
      ) {
        return {
          resourceSpans: requests.flatMap((r) => list(r, 'resourceSpans')),
          resourceLogs: requests.flatMap((r) => list(r, 'resourceLogs')),
        };
      }
      // Phoenix's span export: one span a line.
      if (isPhoenix(requests)) return requests;
    }
    throw new TraceInputError('(root)', `not JSON: ${(error as Error).message}`);
  }
}

/** `gen_ai.evaluation.result` events (the OTel judge) on any span. */
function eventEvaluations(spans: readonly RawSpan[]): Evaluation[] {
  const out: Evaluation[] = [];
  for (const span of spans) {
    for (const event of span.events) {
      if (event.name !== 'gen_ai.evaluation.result') continue;
      const a = event.attributes;
      out.push({
        name: attrString(a, ['gen_ai.evaluation.name']) ?? 'evaluation',
        score: toNumber(a.get('gen_ai.evaluation.score.value')),
        label: attrString(a, ['gen_ai.evaluation.score.label']),
        spanId: span.spanId,
        judgeModel: attrString(a, ['gen_ai.request.model', 'gen_ai.response.model']),
        explanation: attrString(a, ['gen_ai.evaluation.explanation']),
      });
    }
  }
  return out;
}

const ANNOTATION =
  /^(?:(trace)\.)?(annotations|evaluations)\.(\d+)\.(?:annotation|evaluation)\.(name|score|label|explanation)$/;

/**
 * OpenInference annotations and evaluations, flattened into span attributes
 * (`annotations.0.annotation.name`, `evaluations.1.evaluation.label`, `trace.evaluations.0.evaluation.score`).
 */
function attributeEvaluations(spans: readonly RawSpan[]): Evaluation[] {
  const out: Evaluation[] = [];
  for (const span of spans) {
    const found = new Map<string, Map<string, unknown>>();
    for (const [key, value] of span.attributes) {
      const m = ANNOTATION.exec(key);
      if (!m) continue;
      const id = `${m[1] ?? ''}.${m[2]}.${m[3]}`;
      let fields = found.get(id);
      if (!fields) found.set(id, (fields = new Map()));
      fields.set(m[4]!, value);
    }
    for (const [id, fields] of found) {
      const name = fields.get('name');
      if (typeof name !== 'string' || name.trim() === '') continue;
      const label = fields.get('label');
      const explanation = fields.get('explanation');
      out.push({
        name: name.trim(),
        score: toNumber(fields.get('score') as Json),
        label: typeof label === 'string' && label.trim() !== '' ? label.trim() : undefined,
        spanId: id.startsWith('trace.') ? undefined : span.spanId,
        judgeModel: undefined,
        explanation: typeof explanation === 'string' ? explanation : undefined,
      });
    }
  }
  return out;
}

/**
 * Pydantic Evals' offline evaluation (`Dataset.evaluate`): each case is a `case: {case_name}` span holding the
 * task run (`execute {task}`) and one `evaluator: {evaluator_name}` span per evaluator (`evaluator_name`; the span
 * holds no result). The results are set on the case span when its evaluators end: `assertions`, `scores` and
 * `labels`, each a JSON object of `{name, value, reason, source}` by result name (booleans, numbers, strings).
 * Read as verdicts on the case span; the reason is content. An evaluator that raised is no verdict (its span failed).
 */
function caseEvaluations(spans: readonly RawSpan[]): Evaluation[] {
  const cases = new Set<string>();
  for (const span of spans)
    if (span.parentSpanId && span.name.startsWith('evaluator: ') && span.attributes.has('evaluator_name'))
      cases.add(span.parentSpanId);
  const out: Evaluation[] = [];
  for (const span of spans) {
    if (!cases.has(span.spanId)) continue;
    for (const kind of ['assertions', 'scores', 'labels'] as const) {
      const raw = span.attributes.get(kind);
      const parsed = typeof raw === 'string' ? parseJsonString(raw) : undefined;
      if (!isRecord(parsed)) continue;
      for (const [key, result] of Object.entries(parsed)) {
        if (!isRecord(result)) continue;
        const value = own(result, 'value');
        const name = own(result, 'name');
        const reason = own(result, 'reason');
        const score =
          kind === 'assertions' && typeof value === 'boolean'
            ? Number(value)
            : kind === 'scores' && typeof value === 'number' && Number.isFinite(value)
              ? value
              : undefined;
        const label =
          kind === 'labels' && typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
        if (score === undefined && label === undefined) continue;
        out.push({
          name: typeof name === 'string' && name.trim() !== '' ? name.trim() : key,
          score,
          label,
          spanId: span.spanId,
          judgeModel: undefined,
          explanation: typeof reason === 'string' ? reason : undefined,
        });
      }
    }
  }
  return out;
}

/**
 * CrewAI (OpenInference) marks `Task._execute_core` as the AGENT span but names the agent only in the
 * crew's `crew_agents` list (its `role`). With one agent in the crew, that role is the agent's name.
 */
function singleCrewRole(spans: readonly RawSpan[]): string | undefined {
  const roles = new Set<string>();
  for (const span of spans) {
    const list = span.attributes.get('crew_agents');
    if (typeof list !== 'string') continue;
    const parsed = parseJsonString(list);
    if (!Array.isArray(parsed)) continue;
    for (const agent of parsed) {
      const role = isRecord(agent) ? own(agent, 'role') : undefined;
      if (typeof role === 'string' && role.trim() !== '') roles.add(role.trim());
    }
  }
  return roles.size === 1 ? [...roles][0] : undefined;
}

function build(
  format: TraceFormat,
  raw: RawSpan[],
  evaluations: Evaluation[],
  traceId: string | undefined,
): TraceMetadata {
  const seen = new Set<string>();
  const unique: RawSpan[] = [];
  for (const span of raw) {
    const key = `${span.traceId}\u0000${span.spanId}\u0000${span.name}\u0000${span.startMs ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(span);
  }
  const crewRole = singleCrewRole(unique);
  const spans = unique
    .map((span, index) => ({ span: deriveSpan(span), index }))
    .sort((a, b) => (a.span.startMs ?? Infinity) - (b.span.startMs ?? Infinity) || a.index - b.index)
    .map((s) =>
      crewRole && s.span.category === 'agent' && !s.span.agentName
        ? { ...s.span, agentName: crewRole }
        : s.span,
    );
  return {
    format,
    backend: BACKENDS[format],
    traceId: traceId ?? spans[0]?.traceId ?? 'unknown',
    spans,
    evaluations: [
      ...evaluations,
      ...eventEvaluations(unique),
      ...attributeEvaluations(unique),
      ...caseEvaluations(unique),
    ],
    duplicateSpans: raw.length - unique.length,
  };
}

function read(root: Json, format: TraceFormat): TraceMetadata {
  switch (format) {
    case 'otlp':
    case 'tempo':
    case 'jaeger': {
      const otlp = unwrapOtlp(root);
      if (otlp) {
        const spans = parseOtlp(otlp.list, otlp.path);
        const ids = new Set(spans.map((x) => x.spanId));
        const judged = parseOtlpEvaluationLogs(root).filter(
          (e) => e.spanId === undefined || ids.has(e.spanId),
        );
        return build(format, spans, judged, undefined);
      }
      if (format !== 'jaeger')
        throw new TraceInputError('(root)', 'expected `resourceSpans` or `batches` (OTLP/JSON)');
      return build('jaeger', parseJaeger(root), [], undefined);
    }
    case 'langfuse': {
      const { spans, evaluations, traceId } = parseLangfuse(root);
      return build('langfuse', spans, evaluations, traceId);
    }
    case 'langsmith': {
      const { spans, evaluations } = parseLangsmith(root);
      const rootRun = spans.find((s) => s.parentSpanId === undefined);
      return build('langsmith', spans, evaluations, rootRun?.traceId);
    }
    case 'phoenix': {
      const { spans, evaluations } = parsePhoenix(root);
      return build('phoenix', spans, evaluations, undefined);
    }
    case 'openinference':
    case 'genai-attributes': {
      if (!isRecord(root)) throw new TraceInputError('(root)', 'expected an object of span attributes');
      const { spans, traceId } = parseFlat(root);
      return build(format, spans, [], traceId);
    }
  }
}

/** Parse a trace file. Never throws: malformed input gives `{ok: false, error: {message, path}}`. */
export function parseTrace(text: string, options: ParseTraceOptions = {}): TraceParseResult {
  if (text.length > MAX_TRACE_LENGTH) {
    return {
      ok: false,
      error: {
        path: '(root)',
        message: `trace is ${text.length} characters, over the limit of ${MAX_TRACE_LENGTH} (50 MiB)`,
      },
    };
  }
  try {
    const root = readJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    const format = options.formatHint ?? detect(root);
    if (!format) {
      return {
        ok: false,
        error: {
          path: '(root)',
          message:
            'unknown trace format: expected OTLP/JSON (`resourceSpans`), a Jaeger trace (`data` or `traceID` + `spans`), a Langfuse export (`trace` + `observations`), LangSmith runs (`post`/`patch`, `runs` or a run), Phoenix spans (`data` of spans with `context`) or a map of GenAI/OpenInference attributes',
        },
      };
    }
    const trace = read(root, format);
    if (trace.spans.length === 0)
      return { ok: false, error: { path: '(root)', message: `no spans found in this ${format} trace` } };
    return { ok: true, trace };
  } catch (error) {
    if (error instanceof TraceInputError)
      return { ok: false, error: { path: error.path, message: error.message } };
    if (error instanceof RangeError)
      return {
        ok: false,
        error: { path: '(root)', message: `trace nests too deeply to read: ${error.message}` },
      };
    return {
      ok: false,
      error: {
        path: '(root)',
        message: `cannot read trace: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
}

/**
 * One `TraceMetadata` per trace id: an OTLP batch, a Collector file or a Jaeger search answer may
 * hold many traces (replays, a window of traffic). Evaluations follow the span they judged; one
 * that names no span stays with the first trace. A single trace is returned as it is.
 */
export function splitTraces(trace: TraceMetadata): TraceMetadata[] {
  const ids = [...new Set(trace.spans.map((s) => s.traceId))];
  if (ids.length <= 1) return [trace];
  const spanTrace = new Map(trace.spans.map((s) => [s.spanId, s.traceId]));
  return ids.map((id, i) => ({
    format: trace.format,
    backend: trace.backend,
    traceId: id,
    spans: trace.spans.filter((s) => s.traceId === id),
    evaluations: trace.evaluations.filter((e) =>
      e.spanId !== undefined && spanTrace.has(e.spanId) ? spanTrace.get(e.spanId) === id : i === 0,
    ),
    duplicateSpans: i === 0 ? trace.duplicateSpans : 0,
  }));
}
