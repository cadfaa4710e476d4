/**
 * Jaeger's query API (`GET /api/traces/{id}` → `{data: [trace], total, errors}`) and its UI/JSON
 * trace model (one trace without the envelope). Times are microseconds; tags are typed
 * `{key, type, value}`; `references` carry the parent (`CHILD_OF`) and links (`FOLLOWS_FROM`).
 */
import { arrayAt, fail, isRecord, join, normaliseId, own, stringAt, toNumber, type Json } from '../json.js';
import type { AttrValue, RawSpan, SpanEvent, SpanLink } from '../types.js';

function tags(list: readonly Json[], path: string): Map<string, AttrValue> {
  const map = new Map<string, AttrValue>();
  list.forEach((tag, i) => {
    const p = join(path, i);
    const key = stringAt(tag, 'key', p);
    if (key === undefined) fail(join(p, 'key'), 'a tag key', own(tag, 'key'));
    const type = stringAt(tag, 'type', p)?.toLowerCase();
    const value = own(tag, 'value');
    if (type === 'bool' || type === 'boolean') map.set(key, value === true || value === 'true');
    else if (type === 'int64' || type === 'float64') {
      const n = toNumber(value);
      map.set(key, n !== undefined && (type === 'float64' || Number.isSafeInteger(n)) ? n : String(value));
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      map.set(key, value);
    else map.set(key, null);
  });
  return map;
}

function micros(value: Json, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = toNumber(value);
  if (n === undefined || n < 0) return fail(path, 'microseconds as a number', value);
  return n / 1000;
}

export function isJaegerTrace(node: Json): boolean {
  return isRecord(node) && typeof own(node, 'traceID') === 'string' && Array.isArray(own(node, 'spans'));
}

/** Traces of a query-API envelope or a single UI-model trace. */
export function parseJaeger(root: Json): RawSpan[] {
  const traces: Array<[Json, string]> = isJaegerTrace(root)
    ? [[root, '']]
    : arrayAt(root, 'data', '').map((t, i) => [t, join('data', i)] as [Json, string]);
  const spans: RawSpan[] = [];
  for (const [trace, tp] of traces) {
    if (!isRecord(trace)) fail(tp, 'a trace object', trace);
    const processes = own(trace, 'processes');
    arrayAt(trace, 'spans', tp).forEach((span, k) => {
      const p = join(join(tp, 'spans'), k);
      if (!isRecord(span)) fail(p, 'a span object', span);
      const traceId = normaliseId(own(span, 'traceID') ?? own(trace, 'traceID'), join(p, 'traceID'), 16);
      const spanId = normaliseId(own(span, 'spanID'), join(p, 'spanID'), 8);
      if (!traceId) fail(join(p, 'traceID'), 'a trace id', own(span, 'traceID'));
      if (!spanId) fail(join(p, 'spanID'), 'a span id', own(span, 'spanID'));
      let parentSpanId: string | undefined;
      const links: SpanLink[] = [];
      arrayAt(span, 'references', p).forEach((ref, r) => {
        const rp = join(join(p, 'references'), r);
        const refTrace = normaliseId(own(ref, 'traceID'), join(rp, 'traceID'), 16) ?? traceId;
        const refSpan = normaliseId(own(ref, 'spanID'), join(rp, 'spanID'), 8);
        if (!refSpan) return;
        if (stringAt(ref, 'refType', rp) === 'CHILD_OF' && parentSpanId === undefined && refTrace === traceId)
          parentSpanId = refSpan;
        else links.push({ traceId: refTrace, spanId: refSpan });
      });
      const attributes = tags(arrayAt(span, 'tags', p), join(p, 'tags'));
      const processId = stringAt(span, 'processID', p);
      const process = processId !== undefined ? own(processes, processId) : own(span, 'process');
      const resource = tags(arrayAt(process, 'tags', join(p, 'process')), join(join(p, 'process'), 'tags'));
      const serviceName = stringAt(process, 'serviceName', join(p, 'process'));
      if (serviceName && !resource.has('service.name')) resource.set('service.name', serviceName);
      const events: SpanEvent[] = arrayAt(span, 'logs', p).map((log, l) => {
        const lp = join(join(p, 'logs'), l);
        const fields = tags(arrayAt(log, 'fields', lp), join(lp, 'fields'));
        const name = fields.get('event');
        return {
          name: typeof name === 'string' ? name : '',
          timeMs: micros(own(log, 'timestamp'), join(lp, 'timestamp')),
          attributes: fields,
        };
      });
      const startMs = micros(own(span, 'startTime'), join(p, 'startTime'));
      const duration = micros(own(span, 'duration'), join(p, 'duration'));
      const otelStatus = attributes.get('otel.status_code');
      const error = attributes.get('error') === true || otelStatus === 'ERROR';
      const kind = attributes.get('span.kind');
      const message = attributes.get('otel.status_description');
      spans.push({
        traceId,
        spanId,
        parentSpanId,
        name: stringAt(span, 'operationName', p) ?? '',
        kind: typeof kind === 'string' ? kind.toLowerCase() : undefined,
        startMs,
        endMs: startMs !== undefined && duration !== undefined ? startMs + duration : undefined,
        status: error ? 'error' : otelStatus === 'OK' ? 'ok' : 'unset',
        statusMessage: typeof message === 'string' ? message : undefined,
        attributes,
        resource,
        events,
        links,
        native: {},
      });
    });
  }
  return spans;
}
