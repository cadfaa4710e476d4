/**
 * OTLP/JSON (`ExportTraceServiceRequest`) and the shapes that wrap it: Jaeger v3 `{"result": …}`,
 * Tempo `{"batches": …}` and `{"trace": …}`. Tolerant of both encodings seen in the wild: hex or
 * base64 ids, integer or named enums, int64 as strings or numbers, `scopeSpans` or the older
 * `instrumentationLibrarySpans`. Unknown fields are ignored.
 */
import {
  arrayAt,
  fail,
  isRecord,
  join,
  nanosToMs,
  normaliseId,
  own,
  spanKind,
  statusCode,
  stringAt,
  toNumber,
  type Json,
} from '../json.js';
import type { AttrValue, Attributes, Evaluation, RawSpan, SpanEvent, SpanLink } from '../types.js';

/** An OTLP `AnyValue`. */
export function anyValue(value: Json, path: string, depth = 0): AttrValue {
  if (!isRecord(value)) return fail(path, 'an AnyValue object', value);
  if (depth > 32) return null;
  if (own(value, 'stringValue') !== undefined) return stringAt(value, 'stringValue', path) ?? '';
  const b = own(value, 'boolValue');
  if (b !== undefined) return b === true || b === 'true';
  const i = own(value, 'intValue');
  if (i !== undefined) {
    const n = toNumber(i);
    if (n === undefined) return fail(join(path, 'intValue'), 'an integer', i);
    return Number.isSafeInteger(n) ? n : String(i);
  }
  const d = own(value, 'doubleValue');
  if (d !== undefined) {
    const n = toNumber(d);
    return n === undefined ? String(d) : n;
  }
  const arr = own(value, 'arrayValue');
  if (arr !== undefined)
    return arrayAt(arr, 'values', join(path, 'arrayValue')).map((v, k) =>
      anyValue(v, join(join(join(path, 'arrayValue'), 'values'), k), depth + 1),
    );
  const kv = own(value, 'kvlistValue');
  if (kv !== undefined)
    return keyValues(
      arrayAt(kv, 'values', join(path, 'kvlistValue')),
      join(join(path, 'kvlistValue'), 'values'),
      depth + 1,
    );
  const bytes = own(value, 'bytesValue');
  if (bytes !== undefined)
    return typeof bytes === 'string' ? bytes : fail(join(path, 'bytesValue'), 'a base64 string', bytes);
  return null;
}

/** A `KeyValue[]` list as a Map (later duplicates win, as in the SDKs). */
export function keyValues(list: readonly Json[], path: string, depth = 0): Map<string, AttrValue> {
  const map = new Map<string, AttrValue>();
  list.forEach((kv, i) => {
    const p = join(path, i);
    const key = stringAt(kv, 'key', p);
    if (key === undefined) return fail(join(p, 'key'), 'an attribute key', own(kv, 'key'));
    const value = own(kv, 'value');
    map.set(key, value === undefined || value === null ? null : anyValue(value, join(p, 'value'), depth));
  });
  return map;
}

function events(span: Json, path: string): SpanEvent[] {
  return arrayAt(span, 'events', path).map((e, i) => {
    const p = join(join(path, 'events'), i);
    return {
      name: stringAt(e, 'name', p) ?? '',
      timeMs: nanosToMs(own(e, 'timeUnixNano'), join(p, 'timeUnixNano')),
      attributes: keyValues(arrayAt(e, 'attributes', p), join(p, 'attributes')),
    };
  });
}

function links(span: Json, path: string): SpanLink[] {
  const out: SpanLink[] = [];
  arrayAt(span, 'links', path).forEach((l, i) => {
    const p = join(join(path, 'links'), i);
    const traceId = normaliseId(own(l, 'traceId'), join(p, 'traceId'), 16);
    const spanId = normaliseId(own(l, 'spanId'), join(p, 'spanId'), 8);
    if (traceId && spanId) out.push({ traceId, spanId });
  });
  return out;
}

/** Find the request inside the wrappers; returns the `resourceSpans` array and its path. */
export function unwrapOtlp(
  root: Json,
): { list: Json[]; path: string; wrapper: 'otlp' | 'jaeger' | 'tempo' } | undefined {
  const candidates: Array<[Json, string, 'otlp' | 'jaeger' | 'tempo']> = [
    [root, '', 'otlp'],
    [own(root, 'result'), 'result', 'jaeger'],
    [own(root, 'trace'), 'trace', 'tempo'],
  ];
  for (const [node, path, wrapper] of candidates) {
    if (!isRecord(node)) continue;
    if (own(node, 'resourceSpans') !== undefined)
      return { list: arrayAt(node, 'resourceSpans', path), path: join(path, 'resourceSpans'), wrapper };
    if (own(node, 'batches') !== undefined)
      return { list: arrayAt(node, 'batches', path), path: join(path, 'batches'), wrapper: 'tempo' };
  }
  return undefined;
}

export function parseOtlp(list: readonly Json[], path: string): RawSpan[] {
  const spans: RawSpan[] = [];
  list.forEach((rs, r) => {
    const rp = join(path, r);
    if (!isRecord(rs)) fail(rp, 'a ResourceSpans object', rs);
    const resourceNode = own(rs, 'resource');
    const resource: Attributes = keyValues(
      arrayAt(resourceNode, 'attributes', join(rp, 'resource')),
      join(join(rp, 'resource'), 'attributes'),
    );
    const scopeKey = own(rs, 'scopeSpans') !== undefined ? 'scopeSpans' : 'instrumentationLibrarySpans';
    arrayAt(rs, scopeKey, rp).forEach((ss, s) => {
      const sp = join(join(rp, scopeKey), s);
      arrayAt(ss, 'spans', sp).forEach((span, k) => {
        const p = join(join(sp, 'spans'), k);
        if (!isRecord(span)) fail(p, 'a Span object', span);
        const traceId = normaliseId(own(span, 'traceId'), join(p, 'traceId'), 16);
        const spanId = normaliseId(own(span, 'spanId'), join(p, 'spanId'), 8);
        if (!traceId) fail(join(p, 'traceId'), 'a trace id', own(span, 'traceId'));
        if (!spanId) fail(join(p, 'spanId'), 'a span id', own(span, 'spanId'));
        const status = own(span, 'status');
        spans.push({
          traceId,
          spanId,
          parentSpanId: normaliseId(own(span, 'parentSpanId'), join(p, 'parentSpanId'), 8),
          name: stringAt(span, 'name', p) ?? '',
          kind: spanKind(own(span, 'kind'), join(p, 'kind')),
          startMs: nanosToMs(own(span, 'startTimeUnixNano'), join(p, 'startTimeUnixNano')),
          endMs: nanosToMs(own(span, 'endTimeUnixNano'), join(p, 'endTimeUnixNano')),
          status: statusCode(own(status, 'code'), join(join(p, 'status'), 'code')),
          statusMessage: stringAt(status, 'message', join(p, 'status')) || undefined,
          attributes: keyValues(arrayAt(span, 'attributes', p), join(p, 'attributes')),
          resource,
          events: events(span, p),
          links: links(span, p),
          native: {},
        });
      });
    });
  });
  return spans;
}

/**
 * `gen_ai.evaluation.result` log records beside the spans (`resourceLogs`, the OTLP logs signal): the OTel
 * GenAI judge event as an event API emits it (Pydantic Evals' online evaluation does, parented to the span it
 * judged), with its trace and span ids. Other log records, and an evaluator's failure (no score, no label),
 * are not read.
 */
export function parseOtlpEvaluationLogs(root: Json): Evaluation[] {
  if (!isRecord(root) || own(root, 'resourceLogs') === undefined) return [];
  const out: Evaluation[] = [];
  arrayAt(root, 'resourceLogs', '').forEach((rl, r) => {
    const rp = join('resourceLogs', r);
    arrayAt(rl, 'scopeLogs', rp).forEach((sl, s) => {
      const sp = join(join(rp, 'scopeLogs'), s);
      arrayAt(sl, 'logRecords', sp).forEach((record, i) => {
        const p = join(join(sp, 'logRecords'), i);
        if (!isRecord(record)) fail(p, 'a LogRecord object', record);
        const a = keyValues(arrayAt(record, 'attributes', p), join(p, 'attributes'));
        const eventName = own(record, 'eventName') ?? a.get('event.name');
        if (eventName !== 'gen_ai.evaluation.result') return;
        const text = (key: string) => {
          const v = a.get(key);
          return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
        };
        const score = a.get('gen_ai.evaluation.score.value');
        const label = text('gen_ai.evaluation.score.label');
        // An evaluator that failed (`error.type`, no score) gave no verdict.
        if (score === undefined && label === undefined) return;
        out.push({
          name: text('gen_ai.evaluation.name') ?? 'evaluation',
          score: typeof score === 'number' && Number.isFinite(score) ? score : toNumber(score as Json),
          label,
          spanId: normaliseId(own(record, 'spanId'), join(p, 'spanId'), 8),
          judgeModel: text('gen_ai.request.model') ?? text('gen_ai.response.model'),
          explanation: text('gen_ai.evaluation.explanation'),
        });
      });
    });
  });
  return out;
}
