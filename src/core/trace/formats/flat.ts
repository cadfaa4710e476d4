/**
 * A bare attribute map: the attributes of one span as OpenInference or the OTel GenAI
 * conventions name them (test fixtures, a span copied out of a UI). It has no ids and no times,
 * so the trace id is `local-` + a hash of the map, stable across imports of the same file.
 */
import { canonicalJson, sha256Hex } from '../hash.js';
import { isRecord, keys, toAttr, type Json } from '../json.js';
import type { AttrValue, RawSpan } from '../types.js';

const PREFIXES = [
  'gen_ai.',
  'llm.',
  'openinference.',
  'tool.',
  'input.',
  'output.',
  'retrieval.',
  'embedding.',
  'agent.',
  'session.',
  'ai.',
  'langsmith.',
  'annotations.',
  'evaluations.',
  'trace.annotations.',
  'trace.evaluations.',
];

/** Most keys are dotted attribute names of the GenAI or OpenInference vocabularies. */
export function isFlatAttributes(root: Json): boolean {
  if (!isRecord(root)) return false;
  const names = keys(root);
  if (names.length === 0) return false;
  const known = names.filter((k) => PREFIXES.some((p) => k.startsWith(p))).length;
  return (
    known > 0 &&
    known * 2 >= names.length &&
    names.some((k) => k.startsWith('gen_ai.') || k.startsWith('openinference.') || k.startsWith('llm.'))
  );
}

export function parseFlat(root: Json): { spans: RawSpan[]; traceId: string; openinference: boolean } {
  const attributes = new Map<string, AttrValue>();
  for (const key of keys(root)) attributes.set(key, toAttr((root as Record<string, unknown>)[key]));
  const digest = sha256Hex(canonicalJson(attributes));
  const traceId = `local-${digest.slice(0, 16)}`;
  const op = attributes.get('gen_ai.operation.name');
  const kind = attributes.get('openinference.span.kind');
  const subject =
    attributes.get('gen_ai.tool.name') ??
    attributes.get('tool.name') ??
    attributes.get('gen_ai.request.model') ??
    attributes.get('llm.model_name');
  const name = [
    typeof op === 'string' ? op : typeof kind === 'string' ? kind : 'span',
    typeof subject === 'string' ? subject : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    traceId,
    openinference: attributes.has('openinference.span.kind'),
    spans: [
      {
        traceId,
        spanId: digest.slice(16, 32),
        parentSpanId: undefined,
        name,
        kind: undefined,
        startMs: undefined,
        endMs: undefined,
        status: 'unset',
        statusMessage: undefined,
        attributes,
        resource: new Map(),
        events: [],
        links: [],
        native: {},
      },
    ],
  };
}
