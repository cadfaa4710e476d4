/** Small converters tests use to write one hand-made trace in the shapes the backends answer with. */

/** `i` as `len` lower-case hex digits: a trace or span id. */
export const hex = (i: number, len: number): string => i.toString(16).padStart(len, '0');

/** An OTLP/JSON trace as Tempo answers it: `batches`, base64 ids, enum names. */
export function tempo(otlp: string): string {
  const root = JSON.parse(otlp) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
  };
  const b64 = (h: string) => Buffer.from(h, 'hex').toString('base64');
  for (const rs of root.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const sp of ss.spans) {
        sp['traceId'] = b64(sp['traceId'] as string);
        sp['spanId'] = b64(sp['spanId'] as string);
        sp['kind'] = 'SPAN_KIND_CLIENT';
      }
  return JSON.stringify({ batches: root.resourceSpans });
}
