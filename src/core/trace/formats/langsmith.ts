/**
 * LangSmith runs: the ingest batch `{post: [run], patch: [run]}` (patches complete the posted run
 * with the same id), the `/runs/query` page `{runs: [...]}`, an array of runs, or one run
 * (`GET /runs/{id}`). Times are ISO strings (zone optional, meaning UTC) or epoch milliseconds
 * (JS SDK). `extra` may be a JSON string.
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

const RUN_TYPES: Record<string, SpanCategory> = {
  llm: 'llm',
  tool: 'tool',
  retriever: 'retrieval',
  embedding: 'embedding',
  chain: 'chain',
  prompt: 'other',
  parser: 'other',
};

function isRun(node: Json): boolean {
  return (
    isRecord(node) &&
    typeof own(node, 'id') === 'string' &&
    (typeof own(node, 'run_type') === 'string' || typeof own(node, 'dotted_order') === 'string')
  );
}

export function isLangsmith(root: Json): boolean {
  if (Array.isArray(root)) return root.length > 0 && root.every(isRun);
  if (!isRecord(root)) return false;
  if (Array.isArray(own(root, 'post')) || Array.isArray(own(root, 'patch'))) return true;
  const runs = own(root, 'runs');
  if (Array.isArray(runs)) return runs.every(isRun);
  return isRun(root);
}

function objectOrJson(value: Json): Json {
  return typeof value === 'string' ? parseJsonString(value) : value;
}

/** Runs by id, patches applied field by field onto null-prototype records. */
function collect(root: Json): Array<{ run: Record<string, unknown>; path: string }> {
  const byId = new Map<string, { run: Record<string, unknown>; path: string }>();
  const add = (node: Json, path: string) => {
    if (!isRecord(node)) fail(path, 'a run object', node);
    const dotted = stringAt(node, 'dotted_order', path);
    const id = stringAt(node, 'id', path) ?? (dotted ? /([0-9a-f-]{36})$/i.exec(dotted)?.[1] : undefined);
    if (!id) fail(join(path, 'id'), 'a run id (or a `dotted_order` ending in one)', own(node, 'id'));
    let entry = byId.get(id);
    if (!entry) {
      entry = { run: Object.create(null) as Record<string, unknown>, path };
      entry.run['id'] = id;
      byId.set(id, entry);
    }
    for (const key of Object.keys(node)) {
      const value = node[key];
      if (value !== undefined && value !== null) entry.run[key] = value;
      else if (!(key in entry.run)) entry.run[key] = value;
    }
  };
  if (Array.isArray(root)) root.forEach((r, i) => add(r, join('', i)));
  else if (Array.isArray(own(root, 'post')) || Array.isArray(own(root, 'patch'))) {
    arrayAt(root, 'post', '').forEach((r, i) => add(r, join('post', i)));
    arrayAt(root, 'patch', '').forEach((r, i) => add(r, join('patch', i)));
  } else if (Array.isArray(own(root, 'runs')))
    arrayAt(root, 'runs', '').forEach((r, i) => add(r, join('runs', i)));
  else add(root, '');
  return [...byId.values()];
}

function usageOf(run: Json, outputs: Json): TokenUsage | undefined {
  const meta =
    own(outputs, 'usage_metadata') ?? own(own(outputs, 'llm_output'), 'token_usage') ?? own(outputs, 'usage');
  const input =
    toNumber(own(meta, 'input_tokens')) ??
    toNumber(own(meta, 'prompt_tokens')) ??
    toNumber(own(run, 'prompt_tokens'));
  const output =
    toNumber(own(meta, 'output_tokens')) ??
    toNumber(own(meta, 'completion_tokens')) ??
    toNumber(own(run, 'completion_tokens'));
  const total = toNumber(own(meta, 'total_tokens')) ?? toNumber(own(run, 'total_tokens'));
  // LangChain's usage_metadata (`input_token_details.cache_read`) or OpenAI's usage (`prompt_tokens_details.cached_tokens`).
  const cacheRead =
    toNumber(own(own(meta, 'input_token_details'), 'cache_read')) ??
    toNumber(own(own(meta, 'prompt_tokens_details'), 'cached_tokens'));
  const reasoning =
    toNumber(own(own(meta, 'output_token_details'), 'reasoning')) ??
    toNumber(own(own(meta, 'completion_tokens_details'), 'reasoning_tokens'));
  if (input === undefined && output === undefined && total === undefined) return undefined;
  return { input, output, total, ...(cacheRead ? { cacheRead } : {}), ...(reasoning ? { reasoning } : {}) };
}

export function parseLangsmith(root: Json): { spans: RawSpan[]; evaluations: Evaluation[] } {
  const evaluations: Evaluation[] = [];
  const spans = collect(root).map(({ run, path: p }): RawSpan => {
    const id = normaliseId(own(run, 'id'), join(p, 'id'), 16)!;
    const traceId = normaliseId(own(run, 'trace_id'), join(p, 'trace_id'), 16) ?? id;
    const extra = objectOrJson(own(run, 'extra'));
    const metadata = own(extra, 'metadata');
    const invocation = own(extra, 'invocation_params');
    const outputs = objectOrJson(own(run, 'outputs'));
    const runType = (stringAt(run, 'run_type', p) ?? 'chain').toLowerCase();
    const error = stringAt(run, 'error', p);
    const tools = own(invocation, 'tools');
    const feedback = own(run, 'feedback_stats');
    if (isRecord(feedback)) {
      for (const key of Object.keys(feedback)) {
        const avg = toNumber(own(feedback[key], 'avg'));
        // Categorical feedback counts its labels (`values: {"unsafe": 1}`); one label is this run's.
        const values = own(feedback[key], 'values');
        const labels = isRecord(values)
          ? Object.keys(values).filter((l) => (toNumber(own(values, l)) ?? 0) > 0)
          : [];
        evaluations.push({
          name: key,
          score: avg,
          label: labels.length === 1 ? labels[0] : undefined,
          spanId: id,
          judgeModel: undefined,
          explanation: undefined,
        });
      }
    }
    const attributes = new Map<string, AttrValue>();
    if (isRecord(metadata))
      for (const key of Object.keys(metadata))
        attributes.set(`langsmith.metadata.${key}`, toAttr(metadata[key]));
    return {
      traceId,
      spanId: id,
      parentSpanId: normaliseId(own(run, 'parent_run_id'), join(p, 'parent_run_id'), 16),
      name: stringAt(run, 'name', p) ?? runType,
      kind: undefined,
      startMs: isoToMs(own(run, 'start_time'), join(p, 'start_time')),
      endMs: isoToMs(own(run, 'end_time'), join(p, 'end_time')),
      status: error || own(run, 'status') === 'error' ? 'error' : own(run, 'end_time') ? 'ok' : 'unset',
      statusMessage: error,
      attributes,
      resource: new Map(),
      events: [],
      links: [],
      native: {
        category: Object.prototype.hasOwnProperty.call(RUN_TYPES, runType) ? RUN_TYPES[runType] : 'other',
        requestedModel:
          stringAt(metadata, 'ls_model_name', join(p, 'extra.metadata')) ??
          stringAt(invocation, 'model', join(p, 'extra.invocation_params')),
        servedModel:
          typeof own(outputs, 'model') === 'string'
            ? (own(outputs, 'model') as string)
            : (stringAt(own(outputs, 'llm_output'), 'model_name', join(p, 'outputs.llm_output')) ??
              undefined),
        provider: stringAt(metadata, 'ls_provider', join(p, 'extra.metadata')),
        usage: usageOf(run, outputs),
        input:
          own(run, 'inputs') === undefined || own(run, 'inputs') === null
            ? undefined
            : toAttr(objectOrJson(own(run, 'inputs') as Json)),
        output: outputs === undefined || outputs === null ? undefined : toAttr(outputs),
        toolDefinitions: Array.isArray(tools) ? tools.map((t) => toAttr(t)) : undefined,
      },
    };
  });
  return { spans, evaluations };
}
