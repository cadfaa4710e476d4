/**
 * The common shape every trace format is read into. Parsers fill `RawSpan`s (ids, times, status and
 * attributes as found); `derive.ts` reads the attribute vocabularies into the semantic fields of
 * `TraceSpan`. Attribute maps are `Map`s, never plain objects: trace files are untrusted input.
 */

/** An attribute value as decoded from any format (OTLP `AnyValue`, Jaeger typed tags, JSON). */
export type AttrValue =
  string | number | boolean | null | readonly AttrValue[] | ReadonlyMap<string, AttrValue>;

export type Attributes = ReadonlyMap<string, AttrValue>;

/** The format a trace file was read as. */
export type TraceFormat =
  'otlp' | 'jaeger' | 'tempo' | 'openinference' | 'genai-attributes' | 'langfuse' | 'langsmith' | 'phoenix';

/** Values of the `backend` field of a `traces` entry (schemas/postmortem.schema.json). */
export type TraceBackend =
  'otlp' | 'jaeger' | 'tempo' | 'langfuse' | 'langsmith' | 'openinference' | 'phoenix' | 'other';

/** What a span did, as far as the postmortem cares. */
export type SpanCategory =
  'agent' | 'llm' | 'tool' | 'retrieval' | 'embedding' | 'evaluator' | 'chain' | 'other';

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
}

/** One judge or evaluation result attached to a span or to the whole trace. */
export interface Evaluation {
  readonly name: string;
  readonly score: number | undefined;
  readonly label: string | undefined;
  /** The span it judged, when known. */
  readonly spanId: string | undefined;
  /** The judge's own model, when the evaluation says. */
  readonly judgeModel: string | undefined;
  /** Free text (explanations, comments): content, copied only on request. */
  readonly explanation: string | undefined;
}

export interface TokenUsage {
  readonly input: number | undefined;
  readonly output: number | undefined;
  readonly total: number | undefined;
  /** Input tokens read from the provider's prompt cache (part of `input`). */
  readonly cacheRead?: number | undefined;
  /** Output tokens spent on reasoning (part of `output`). */
  readonly reasoning?: number | undefined;
}

/** A span as a parser found it, before the attribute vocabularies are read. */
export interface RawSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** OTel span kind in lower case (`internal`, `server`, `client`, `producer`, `consumer`), if known. */
  readonly kind: string | undefined;
  /** Milliseconds since the epoch (fractions allowed). */
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
  readonly status: 'unset' | 'ok' | 'error';
  readonly statusMessage: string | undefined;
  readonly attributes: Attributes;
  /** Attributes of the resource (service) that emitted the span. */
  readonly resource: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  /** Fields the format has natively (Langfuse `model`, LangSmith `run_type`…), read before attributes. */
  readonly native: NativeFields;
}

export interface SpanEvent {
  readonly name: string;
  readonly timeMs: number | undefined;
  readonly attributes: Attributes;
}

/** Semantic fields a format carries outside OTel attributes. */
export interface NativeFields {
  readonly category?: SpanCategory | undefined;
  readonly requestedModel?: string | undefined;
  readonly servedModel?: string | undefined;
  readonly provider?: string | undefined;
  readonly promptName?: string | undefined;
  readonly promptVersion?: string | undefined;
  readonly usage?: TokenUsage | undefined;
  readonly toolDefinitions?: readonly AttrValue[] | undefined;
  readonly agentName?: string | undefined;
  readonly errorType?: string | undefined;
  /** The format's own input and output of the span (Langfuse observation `input`/`output`, LangSmith run `inputs`/`outputs`): content, copied only on request. */
  readonly input?: AttrValue | undefined;
  readonly output?: AttrValue | undefined;
}

export interface ToolDefinition {
  readonly name: string;
  /** `sha256:` and 16 hex digits of the canonical JSON of the definition. */
  readonly hash: string | undefined;
  readonly version: string | undefined;
}

/** A span with everything the import needs, read from whichever vocabulary the trace used. */
export interface TraceSpan extends Pick<
  RawSpan,
  'traceId' | 'spanId' | 'parentSpanId' | 'name' | 'kind' | 'startMs' | 'endMs' | 'status' | 'statusMessage'
> {
  /** `gen_ai.operation.name` or its equivalent (`chat`, `execute_tool`, `invoke_agent`, `plan`…). */
  readonly operation: string | undefined;
  readonly category: SpanCategory;
  readonly agentName: string | undefined;
  readonly toolName: string | undefined;
  readonly requestedModel: string | undefined;
  readonly servedModel: string | undefined;
  readonly provider: string | undefined;
  readonly promptName: string | undefined;
  readonly promptVersion: string | undefined;
  /** Hash of the system instructions or prompt template, when the trace carries them. */
  readonly promptHash: string | undefined;
  readonly toolDefinitions: readonly ToolDefinition[];
  readonly dataSource: string | undefined;
  readonly usage: TokenUsage | undefined;
  readonly errorType: string | undefined;
  /** `gen_ai.agent.tool.disposition`: allow, simulate or deny. */
  readonly toolDisposition: string | undefined;
  readonly links: readonly SpanLink[];
  readonly serviceName: string | undefined;
  /** Every attribute as found; redaction decides what may leave (see `redact.ts`). */
  readonly attributes: Attributes;
  /** The format's native input and output (content: copied only with `includeContent`). */
  readonly input: AttrValue | undefined;
  readonly output: AttrValue | undefined;
  /**
   * A framework's record of an event of another span (BeeAI's emitter events), not an act: no row, and its
   * error is the failure of the span it records, reported there.
   */
  readonly plumbing?: boolean;
}

/** A whole trace in the common shape. */
export interface TraceMetadata {
  readonly format: TraceFormat;
  readonly backend: TraceBackend;
  /** The trace id; for a bare attribute map (no id) a hash of the file, prefixed `local-`. */
  readonly traceId: string;
  /** Spans in start-time order (spans without a time keep file order, after timed ones of equal rank). */
  readonly spans: readonly TraceSpan[];
  readonly evaluations: readonly Evaluation[];
  /** Spans dropped because another span had the same id, name and start. */
  readonly duplicateSpans: number;
}

/** Where in the input a problem is, as a JSON path (`resourceSpans[0].scopeSpans[1].spans[3].startTimeUnixNano`). */
export interface TraceParseProblem {
  readonly message: string;
  readonly path: string;
}

export type TraceParseResult =
  | { readonly ok: true; readonly trace: TraceMetadata }
  | { readonly ok: false; readonly error: TraceParseProblem };
