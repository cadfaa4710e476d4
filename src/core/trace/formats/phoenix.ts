/**
 * Arize Phoenix spans: the REST answer of `GET /v1/projects/{project}/spans` (`{data: [span…],
 * next_cursor}`), a list of such spans, or Phoenix's JSON Lines span export (one span a line).
 * A span is `{name, context: {trace_id, span_id}, span_kind, parent_id, start_time, end_time,
 * status_code, status_message, attributes, events}`; attributes may be flat (`llm.model_name`) or
 * nested (`{llm: {model_name}}`), and are read as OpenInference attributes either way.
 * `annotations` beside `data` (what the phoenix backend adds from `GET /v1/projects/{project}/span_annotations`:
 * `{span_id, name, annotator_kind, result: {label, score, explanation}}`) are the spans' judge verdicts.
 */
import {
  arrayAt,
  fail,
  isRecord,
  isoToMs,
  join,
  keys,
  normaliseId,
  own,
  statusCode,
  stringAt,
  toAttr,
  type Json,
} from '../json.js';
import type { AttrValue, Evaluation, RawSpan, SpanEvent } from '../types.js';

function isPhoenixSpan(node: Json): boolean {
  if (!isRecord(node)) return false;
  const context = own(node, 'context');
  return (
    isRecord(context) &&
    typeof own(context, 'trace_id') === 'string' &&
    typeof own(context, 'span_id') === 'string' &&
    own(node, 'start_time') !== undefined
  );
}

export function isPhoenix(root: Json): boolean {
  const list = Array.isArray(root)
    ? root
    : isRecord(root) && Array.isArray(own(root, 'data'))
      ? (own(root, 'data') as Json[])
      : undefined;
  return list !== undefined && list.length > 0 && list.every(isPhoenixSpan);
}

/** Nested attribute objects → dotted names, lists of objects with their indexes (OpenInference's flattening). */
function flatten(value: Json, prefix: string, out: Map<string, AttrValue>, depth = 0): void {
  if (depth > 12) return;
  if (isRecord(value)) {
    for (const key of keys(value))
      flatten(value[key] as Json, prefix ? `${prefix}.${key}` : key, out, depth + 1);
    return;
  }
  if (Array.isArray(value) && value.some(isRecord)) {
    value.forEach((item, i) => flatten(item, `${prefix}.${i}`, out, depth + 1));
    return;
  }
  if (prefix !== '') out.set(prefix, toAttr(value));
}

function event(node: Json, path: string): SpanEvent {
  if (!isRecord(node)) fail(path, 'an event object', node);
  const attributes = new Map<string, AttrValue>();
  flatten(own(node, 'attributes'), '', attributes);
  return {
    name: stringAt(node, 'name', path) ?? 'event',
    timeMs: isoToMs(own(node, 'timestamp'), join(path, 'timestamp')),
    attributes,
  };
}

/** Phoenix span annotations on spans of this trace, as evaluations; the others are ignored. */
function annotations(root: Json, spanIds: ReadonlySet<string>): Evaluation[] {
  if (Array.isArray(root)) return [];
  const list = own(root, 'annotations');
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) fail('annotations', 'a list of span annotations', list);
  const out: Evaluation[] = [];
  list.forEach((node, i) => {
    const p = join('annotations', i);
    if (!isRecord(node)) fail(p, 'a span annotation object', node);
    const spanId = normaliseId(own(node, 'span_id'), join(p, 'span_id'), 8);
    const name = stringAt(node, 'name', p)?.trim();
    if (!spanId || !spanIds.has(spanId) || !name) return;
    const result = own(node, 'result');
    const r = isRecord(result) ? result : undefined;
    const score = r ? own(r, 'score') : undefined;
    const label = r ? stringAt(r, 'label', join(p, 'result'))?.trim() : undefined;
    const explanation = r ? stringAt(r, 'explanation', join(p, 'result')) : undefined;
    out.push({
      name,
      score: typeof score === 'number' && Number.isFinite(score) ? score : undefined,
      label: label || undefined,
      spanId,
      judgeModel: undefined,
      explanation: explanation || undefined,
    });
  });
  return out;
}

export function parsePhoenix(root: Json): { spans: RawSpan[]; evaluations: Evaluation[] } {
  const spans = parseSpans(root);
  return { spans, evaluations: annotations(root, new Set(spans.map((s) => s.spanId))) };
}

function parseSpans(root: Json): RawSpan[] {
  const path = Array.isArray(root) ? '' : 'data';
  const list = Array.isArray(root) ? root : arrayAt(root, 'data', '');
  return list.map((span, i): RawSpan => {
    const p = join(path, i);
    const context = own(span, 'context');
    const traceId = normaliseId(own(context, 'trace_id'), join(p, 'context.trace_id'), 16);
    const spanId = normaliseId(own(context, 'span_id'), join(p, 'context.span_id'), 8);
    if (!traceId || !spanId) fail(join(p, 'context'), 'a trace id and a span id', context);
    const attributes = new Map<string, AttrValue>();
    flatten(own(span, 'attributes'), '', attributes);
    // The span kind is a column of its own; OpenInference reads it from the attribute.
    const kind = stringAt(span, 'span_kind', p);
    if (kind && !attributes.has('openinference.span.kind'))
      attributes.set('openinference.span.kind', kind.toUpperCase());
    const events = own(span, 'events');
    return {
      traceId,
      spanId,
      parentSpanId: normaliseId(own(span, 'parent_id'), join(p, 'parent_id'), 8),
      name: stringAt(span, 'name', p) ?? 'span',
      kind: undefined,
      startMs: isoToMs(own(span, 'start_time'), join(p, 'start_time')),
      endMs: isoToMs(own(span, 'end_time'), join(p, 'end_time')),
      status: statusCode(own(span, 'status_code') ?? null, join(p, 'status_code')),
      statusMessage: stringAt(span, 'status_message', p) || undefined,
      attributes,
      resource: new Map(),
      events: Array.isArray(events) ? events.map((e, j) => event(e, join(join(p, 'events'), j))) : [],
      links: [],
      native: {},
    };
  });
}
