/**
 * Langfuse: a trace export `{trace, observations}`, the v3 trace object (`observations` inside
 * the trace), or the v2 observations API page `{data: [observation…], meta}`. The original OTel
 * attributes sit under `metadata.attributes` with every value a string; `metadata` itself may be
 * a JSON string. LangChain-callback traces carry `ls_provider` / `ls_model_name` in `metadata`.
 */
import {
  arrayAt,
  fail,
  isRecord,
  isoToMs,
  join,
  normaliseId,
  own,
  parseJsonString,
  stringAt,
  toAttr,
  toNumber,
  type Json,
} from '../json.js';
import type { AttrValue, Evaluation, RawSpan, SpanCategory, TokenUsage } from '../types.js';
import { isPlumbing } from '../derive.js';

const TYPES: Record<string, SpanCategory> = {
  GENERATION: 'llm',
  AGENT: 'agent',
  TOOL: 'tool',
  RETRIEVER: 'retrieval',
  EMBEDDING: 'embedding',
  EVALUATOR: 'evaluator',
  GUARDRAIL: 'evaluator',
  CHAIN: 'chain',
  SPAN: 'other',
  EVENT: 'other',
};

function isObservation(node: Json): boolean {
  return (
    isRecord(node) &&
    typeof own(node, 'traceId') === 'string' &&
    typeof own(node, 'type') === 'string' &&
    own(node, 'startTime') !== undefined
  );
}

export function isLangfuse(root: Json): boolean {
  if (!isRecord(root)) return false;
  const trace = own(root, 'trace');
  if (isRecord(trace) && Array.isArray(own(root, 'observations'))) return true;
  if (
    typeof own(root, 'id') === 'string' &&
    Array.isArray(own(root, 'observations')) &&
    own(root, 'timestamp') !== undefined
  )
    return true;
  const data = own(root, 'data');
  return Array.isArray(data) && data.length > 0 && data.every(isObservation);
}

function objectOrJson(value: Json): Json {
  return typeof value === 'string' ? parseJsonString(value) : value;
}

function stringMap(value: Json): Map<string, AttrValue> {
  const map = new Map<string, AttrValue>();
  if (!isRecord(value)) return map;
  for (const key of Object.keys(value)) map.set(key, toAttr(value[key]));
  return map;
}

/** `usageDetails`: `input`, `output`, `total`, and the provider's details under the names Langfuse's integrations give them. */
function usage(value: Json): TokenUsage | undefined {
  if (!isRecord(value)) return undefined;
  const input = toNumber(own(value, 'input'));
  const output = toNumber(own(value, 'output'));
  const total = toNumber(own(value, 'total'));
  const first = (keys: readonly string[]) =>
    keys.map((k) => toNumber(own(value, k))).find((n) => n !== undefined);
  const cacheRead = first([
    'input_cache_read',
    'prompt_details.cache_read',
    'cache_read_input_tokens',
    'input_cached_tokens',
  ]);
  const reasoning = first(['output_reasoning', 'completion_details.reasoning', 'output_reasoning_tokens']);
  if (input === undefined && output === undefined && total === undefined) return undefined;
  return { input, output, total, ...(cacheRead ? { cacheRead } : {}), ...(reasoning ? { reasoning } : {}) };
}

function scores(list: readonly Json[], path: string): Evaluation[] {
  return list.map((score, i) => {
    const p = join(path, i);
    const value = own(score, 'value');
    return {
      name: stringAt(score, 'name', p) ?? 'score',
      score: typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : undefined,
      label: stringAt(score, 'stringValue', p) ?? undefined,
      spanId: normaliseId(own(score, 'observationId'), join(p, 'observationId'), 8),
      judgeModel: undefined,
      explanation: stringAt(score, 'comment', p),
    };
  });
}

export function parseLangfuse(root: Json): {
  spans: RawSpan[];
  evaluations: Evaluation[];
  traceId: string | undefined;
} {
  let trace: Json = own(root, 'trace');
  let observations: Json[];
  let obsPath: string;
  if (isRecord(trace)) {
    observations = arrayAt(root, 'observations', '');
    obsPath = 'observations';
  } else if (Array.isArray(own(root, 'observations'))) {
    trace = root;
    observations = arrayAt(root, 'observations', '');
    obsPath = 'observations';
  } else {
    trace = undefined;
    observations = arrayAt(root, 'data', '');
    obsPath = 'data';
  }
  const tracePath = trace === root ? '' : 'trace';
  const evaluations = scores(
    isRecord(trace) ? arrayAt(trace, 'scores', tracePath) : [],
    join(tracePath, 'scores'),
  );
  const spans = observations.map((obs, i): RawSpan => {
    const p = join(obsPath, i);
    if (!isRecord(obs)) fail(p, 'an observation object', obs);
    const metadata = objectOrJson(own(obs, 'metadata'));
    const attributes = stringMap(objectOrJson(own(metadata, 'attributes')));
    const resource = stringMap(objectOrJson(own(metadata, 'resourceAttributes')));
    const type = (stringAt(obs, 'type', p) ?? 'SPAN').toUpperCase();
    const level = stringAt(obs, 'level', p);
    const traceId = normaliseId(own(obs, 'traceId') ?? own(trace, 'id'), join(p, 'traceId'), 16);
    const spanId = normaliseId(own(obs, 'id'), join(p, 'id'), 8);
    if (!traceId) fail(join(p, 'traceId'), 'a trace id', own(obs, 'traceId'));
    if (!spanId) fail(join(p, 'id'), 'an observation id', own(obs, 'id'));
    const lsModel = stringAt(metadata, 'ls_model_name', join(p, 'metadata'));
    const name = stringAt(obs, 'name', p) ?? type.toLowerCase();
    let category: SpanCategory = Object.prototype.hasOwnProperty.call(TYPES, type) ? TYPES[type]! : 'other';
    // LangChain/LangGraph callback traces have no OTel attributes; the graph node names the role.
    const node = stringAt(metadata, 'langgraph_node', join(p, 'metadata'));
    if (category === 'other' && node === 'tools' && name !== 'tools' && !isPlumbing(name)) category = 'tool';
    else if (category === 'other' && node === name && /agent/i.test(name)) category = 'agent';
    const promptVersion = own(obs, 'promptVersion');
    const toolDefinitions = own(obs, 'toolDefinitions');
    return {
      traceId,
      spanId,
      parentSpanId: normaliseId(own(obs, 'parentObservationId'), join(p, 'parentObservationId'), 8),
      name,
      kind: undefined,
      startMs: isoToMs(own(obs, 'startTime'), join(p, 'startTime')),
      endMs: isoToMs(own(obs, 'endTime'), join(p, 'endTime')),
      status: level === 'ERROR' ? 'error' : 'unset',
      statusMessage: stringAt(obs, 'statusMessage', p),
      attributes,
      resource,
      events: [],
      links: [],
      native: {
        category,
        servedModel: stringAt(obs, 'model', p),
        requestedModel: lsModel,
        provider: stringAt(metadata, 'ls_provider', join(p, 'metadata')),
        promptName: stringAt(obs, 'promptName', p),
        promptVersion:
          typeof promptVersion === 'number' || typeof promptVersion === 'string'
            ? String(promptVersion)
            : undefined,
        usage: usage(own(obs, 'usageDetails')),
        input:
          own(obs, 'input') === undefined || own(obs, 'input') === null
            ? undefined
            : toAttr(own(obs, 'input')),
        output:
          own(obs, 'output') === undefined || own(obs, 'output') === null
            ? undefined
            : toAttr(own(obs, 'output')),
        toolDefinitions: isRecord(toolDefinitions)
          ? [...stringMap(toolDefinitions).values()]
          : Array.isArray(toolDefinitions)
            ? toolDefinitions.map((d) => toAttr(d))
            : undefined,
      },
    };
  });
  const traceId = normaliseId(own(trace, 'id'), join(tracePath, 'id'), 16) ?? spans[0]?.traceId;
  return { spans, evaluations, traceId };
}
