/**
 * Trace metadata → text edits of a postmortem: one edit for the frontmatter (through the `yaml`
 * Document API, so comments and key order stay) and one for the timeline (rows inside a marked
 * block that a re-import replaces). Everything outside the two edits is byte-identical, and
 * importing the same trace twice gives the same text as importing it once. Pure: the caller
 * passes the import time.
 */
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node as YamlNode,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { parsePostmortem } from '../document/parse.js';
import type { TextEdit, TextRange } from '../types.js';
import { canonicalJson, sha256Hex } from './hash.js';
import { Redactor } from './redact.js';
import { snapshotYaml, spliceYaml } from './yaml-splice.js';
import { mergeTimeline, type TimelineRow } from './timeline-merge.js';
import type { TraceBackend, TraceMetadata, TraceSpan } from './types.js';

export interface ImportOptions {
  /** RFC 3339 time of the import (`imported_at`); the core has no clock. */
  readonly importedAt: string;
  /** Copy (masked, truncated) prompts, completions, tool arguments and results, comments. Default off. */
  readonly includeContent?: boolean;
  /** Link to the trace in the backend's UI. */
  readonly url?: string | undefined;
  /** Overrides the backend the format implies (a trace fetched from Tempo is OTLP/JSON). */
  readonly backend?: TraceBackend | undefined;
}

export interface ImportSummary {
  readonly traceId: string;
  readonly backend: TraceBackend;
  readonly spans: number;
  readonly errors: number;
  readonly timelineRows: number;
  readonly agentDecisions: number;
  readonly modelSlices: number;
  readonly promptRevisions: number;
  readonly toolSchemas: number;
  readonly judges: number;
  readonly retrievalIndexes: number;
  readonly usage: Readonly<UsageEntry> | undefined;
  /** Metadata values dropped because they looked like secrets. */
  readonly droppedValues: number;
  /** Secrets masked inside copied content (only with `includeContent`). */
  readonly maskedSecrets: number;
  /** Content values left out because `includeContent` was off. */
  readonly withheldContent: number;
  readonly createdFrontmatter: boolean;
  readonly createdTimeline: boolean;
  /** The frontmatter part as YAML (for printing without a document). */
  readonly yaml: string;
  /** The timeline block as written. */
  readonly block: string;
  /** Parts left unchanged, with why (`judge` is not a list…). */
  readonly problems: readonly string[];
  /** What the import changed, list by list (`model_slice: 1 added, 2 updated`); empty when nothing did. */
  readonly changed: readonly string[];
  /** The author's keys kept inside imported entries (`agent_decisions[2]: kept concluded, correct`). */
  readonly kept: readonly string[];
}

export type ImportResult =
  | { readonly ok: true; readonly edits: TextEdit[]; readonly summary: ImportSummary }
  | { readonly ok: false; readonly error: string; readonly range: TextRange };

export { BLOCK_OPEN, BLOCK_CLOSE } from './timeline-merge.js';

type Entry = Record<string, unknown>;

const TRACE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

function iso(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const d = new Date(Math.floor(ms));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Drop `undefined` fields so the YAML has no `null`s. */
export function compact(entry: Entry): Entry {
  const out: Entry = {};
  for (const [k, v] of Object.entries(entry)) if (v !== undefined) out[k] = v;
  return out;
}

function uniqueBy(entries: Entry[]): Entry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = canonicalJson(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type UsageEntry = {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  cache_read_input_tokens?: number;
  reasoning_output_tokens?: number;
};

/** Spans with usage whose descendants report none: wrappers (agent runs, `ai.generateText`) repeat their children's totals. */
function leafUsage(spans: readonly TraceSpan[]): UsageEntry | undefined {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const hasUsageBelow = new Set<string>();
  for (const span of spans) {
    if (!span.usage) continue;
    let parent = span.parentSpanId;
    const guard = new Set<string>();
    while (parent !== undefined && !guard.has(parent)) {
      guard.add(parent);
      hasUsageBelow.add(parent);
      parent = byId.get(parent)?.parentSpanId;
    }
  }
  const sum: Record<string, number | undefined> = {};
  const add = (key: string, n: number | undefined) => {
    if (n !== undefined) sum[key] = (sum[key] ?? 0) + n;
  };
  for (const span of spans) {
    if (!span.usage || hasUsageBelow.has(span.spanId)) continue;
    add('input_tokens', span.usage.input);
    add('output_tokens', span.usage.output);
    add('total_tokens', span.usage.total);
    add('cache_read_input_tokens', span.usage.cacheRead);
    add('reasoning_output_tokens', span.usage.reasoning);
  }
  if (Object.keys(sum).length === 0) return undefined;
  return compact({
    input_tokens: sum['input_tokens'],
    output_tokens: sum['output_tokens'],
    total_tokens: sum['total_tokens'],
    cache_read_input_tokens: sum['cache_read_input_tokens'],
    reasoning_output_tokens: sum['reasoning_output_tokens'],
  }) as UsageEntry;
}

/** The nearest agent span above `span` (or the span itself). */
function agentOf(span: TraceSpan, byId: ReadonlyMap<string, TraceSpan>): TraceSpan | undefined {
  let current: TraceSpan | undefined = span;
  const guard = new Set<string>();
  while (current && !guard.has(current.spanId)) {
    if (current.category === 'agent') return current;
    guard.add(current.spanId);
    current = current.parentSpanId !== undefined ? byId.get(current.parentSpanId) : undefined;
  }
  return undefined;
}

/**
 * `create_agent` spans that an `invoke_agent` span runs under: Koog opens one per agent, around its runs
 * (`create_agent <id>` over `invoke_agent <id>`). The run is the agent's row; the wrapper, unless it failed, is none.
 */
function runWrappers(spans: readonly TraceSpan[], byId: ReadonlyMap<string, TraceSpan>): Set<string> {
  const out = new Set<string>();
  for (const s of spans) {
    if (s.operation !== 'invoke_agent') continue;
    const guard = new Set<string>([s.spanId]);
    let current = s.parentSpanId !== undefined ? byId.get(s.parentSpanId) : undefined;
    while (current && !guard.has(current.spanId)) {
      if (current.operation === 'create_agent') out.add(current.spanId);
      guard.add(current.spanId);
      current = current.parentSpanId !== undefined ? byId.get(current.parentSpanId) : undefined;
    }
  }
  return out;
}

interface Derived {
  traceId: string;
  backend: TraceBackend;
  trace: Entry;
  lists: ReadonlyArray<readonly [string, Entry[]]>;
  decisions: Entry[];
  rows: Row[];
  errors: number;
  usage: ImportSummary['usage'];
}

type Row = TimelineRow;

const GATES: Record<string, string> = { allow: 'policy', deny: 'deny', simulate: 'simulate' };

function code(text: string): string {
  const t = text.replace(/`/g, "'");
  return `\`${t}\``;
}

function derive(trace: TraceMetadata, options: ImportOptions, r: Redactor): Derived {
  const idCandidate = r.metadata(trace.traceId);
  const traceId =
    idCandidate && TRACE_ID.test(idCandidate)
      ? idCandidate
      : `local-${sha256Hex(trace.traceId).slice(0, 16)}`;
  const backend = options.backend ?? trace.backend;
  const spans = trace.spans;
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const starts = spans.map((s) => s.startMs).filter((v): v is number => v !== undefined);
  const ends = spans.map((s) => s.endMs ?? s.startMs).filter((v): v is number => v !== undefined);
  const errors = spans.filter((s) => s.status === 'error' && !s.plumbing).length;
  const usage = leafUsage(spans);
  const url = options.url !== undefined ? r.link(options.url) : undefined;
  const traceEntry = compact({
    backend,
    trace_id: traceId,
    url,
    window: starts.length > 0 ? { start: iso(Math.min(...starts)), end: iso(Math.max(...ends)) } : undefined,
    imported_at: options.importedAt,
    spans: spans.length,
    usage,
    errors,
  });
  const mark = { source: 'import', trace_id: traceId };

  const models = uniqueBy(
    spans
      .filter(
        (s) => (s.category === 'llm' || s.category === 'embedding') && (s.requestedModel || s.servedModel),
      )
      .map((s) =>
        compact({
          requested_model: r.metadata(s.requestedModel),
          served_model: r.metadata(s.servedModel),
          provider: r.metadata(s.provider),
        }),
      )
      .filter((e) => Object.keys(e).length > 0),
  ).map((e) => ({ ...e, ...mark }));

  const prompts = uniqueBy(
    spans
      .filter((s) => s.promptName || s.promptVersion || s.promptHash)
      .map((s) =>
        compact({ name: r.metadata(s.promptName), version: r.metadata(s.promptVersion), hash: s.promptHash }),
      )
      .filter((e) => Object.keys(e).length > 0),
  ).map((e) => ({ ...e, ...mark }));

  const toolEntries: Entry[] = [];
  for (const s of spans)
    for (const d of s.toolDefinitions)
      toolEntries.push(
        compact({ name: r.metadata(d.name), version: r.metadata(d.version), schema_hash: d.hash }),
      );
  const defined = new Set(toolEntries.map((e) => e['name']));
  for (const s of spans) {
    const name = s.category === 'tool' ? r.metadata(s.toolName) : undefined;
    if (name && !defined.has(name)) {
      toolEntries.push({ name });
      defined.add(name);
    }
  }
  const tools = uniqueBy(toolEntries.filter((e) => typeof e['name'] === 'string')).map((e) => ({
    ...e,
    ...mark,
  }));

  const judgeEntries: Entry[] = trace.evaluations.map((e) =>
    compact({
      name: r.metadata(e.name) ?? 'evaluation',
      judge_model: r.metadata(e.judgeModel),
      score: e.score !== undefined && Number.isFinite(e.score) ? e.score : undefined,
    }),
  );
  for (const s of spans) {
    if (s.category !== 'evaluator') continue;
    judgeEntries.push(
      compact({
        name: r.metadata(s.name) ?? 'evaluator',
        judge_model: r.metadata(s.servedModel ?? s.requestedModel),
      }),
    );
  }
  const judges = uniqueBy(judgeEntries).map((e) => ({ ...e, ...mark }));

  const retrieval = uniqueBy(
    spans
      .filter((s) => s.dataSource || s.category === 'retrieval')
      .map((s) => compact({ data_source: r.metadata(s.dataSource ?? s.name) }))
      .filter((e) => e['data_source'] !== undefined),
  ).map((e) => ({ ...e, ...mark }));

  const decisions: Entry[] = [];
  const rows: Row[] = [];
  const agents = spans.filter((s) => s.category === 'agent');
  const wrappers = runWrappers(spans, byId);
  for (const s of spans) {
    if (wrappers.has(s.spanId) && s.status !== 'error') continue;
    const acting = ['agent', 'llm', 'tool', 'retrieval', 'evaluator'].includes(s.category);
    // A failed span is a row whatever it was (a database error, a failed HTTP call): a reader looks there first.
    if (!acting && (s.status !== 'error' || s.plumbing)) continue;
    // The agent a span acted for: the nearest agent above it, else the last agent that started before it
    // (LangGraph runs the tool node beside the agent node that chose the call, not under it).
    const agent =
      agentOf(s, byId) ??
      agents
        .filter((a) => a.startMs !== undefined && s.startMs !== undefined && a.startMs <= s.startMs)
        .at(-1);
    const agentName = r.metadata(agent?.agentName ?? agent?.name);
    const isDecision = s.category === 'tool' || s.operation === 'plan';
    const ref = `span ${code(s.spanId)}`;
    const links =
      s.links.length > 0 ? `, links ${s.links.map((l) => code(`${l.traceId}/${l.spanId}`)).join(', ')}` : '';
    const errorType = s.errorType ? code(r.metadata(s.errorType) ?? 'redacted') : undefined;
    const failed = s.status === 'error' && acting ? ` — error${errorType ? ` ${errorType}` : ''}` : '';
    const errorText = s.status === 'error' ? r.content(s.statusMessage, 120) : undefined;
    const errorNote = errorText ? `: ${code(errorText)}` : '';
    let text: string;
    let actor: string | undefined;
    if (s.category === 'agent') {
      actor = r.metadata(s.agentName ?? s.name);
      text = `[agent] ${code(s.operation ?? 'invoke_agent')} ${code(r.metadata(s.name) ?? 'redacted')}`;
    } else if (s.category === 'tool') {
      actor = agentName ?? 'agent';
      const tool = r.metadata(s.toolName ?? s.name) ?? 'redacted';
      const gate = s.toolDisposition ? `, gate ${code(r.metadata(s.toolDisposition) ?? 'redacted')}` : '';
      const args = r.content(
        toText(
          s.attributes.get('gen_ai.tool.call.arguments') ??
            s.attributes.get('input.value') ??
            s.attributes.get('ai.toolCall.args') ??
            s.input,
        ),
      );
      const result = r.content(
        toText(
          s.attributes.get('gen_ai.tool.call.result') ??
            s.attributes.get('output.value') ??
            s.attributes.get('ai.toolCall.result') ??
            s.output,
        ),
      );
      text = `[agent] called tool ${code(tool)}${gate}${args ? ` with ${code(args)}` : ''}${result ? ` → ${code(result)}` : ''}`;
    } else if (s.category === 'llm') {
      actor = r.metadata(s.servedModel ?? s.requestedModel) ?? 'model';
      const requested = r.metadata(s.requestedModel);
      const served = r.metadata(s.servedModel);
      const model =
        requested && served && requested !== served
          ? `${code(requested)} served as ${code(served)}`
          : code(requested ?? served ?? 'model');
      const provider = r.metadata(s.provider);
      const details = [
        s.usage?.cacheRead ? `${s.usage.cacheRead} cached` : '',
        s.usage?.reasoning ? `${s.usage.reasoning} reasoning` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const tokens =
        s.usage && (s.usage.input !== undefined || s.usage.output !== undefined)
          ? `, ${s.usage.input ?? '?'} in / ${s.usage.output ?? '?'} out tokens${details ? ` (${details})` : ''}`
          : '';
      const output = r.content(
        toText(
          s.attributes.get('gen_ai.output.messages') ??
            s.attributes.get('output.value') ??
            s.attributes.get('gen_ai.completion') ??
            s.output,
        ),
      );
      text = `${code(s.operation ?? 'chat')} ${model}${provider ? ` (${provider})` : ''}${tokens}${output ? ` → ${code(output)}` : ''}`;
    } else if (s.category === 'retrieval') {
      actor = agentName ?? 'retriever';
      text = `retrieval from ${code(r.metadata(s.dataSource ?? s.name) ?? 'redacted')}`;
    } else if (s.category === 'evaluator') {
      actor = 'evaluator';
      text = `evaluator ${code(r.metadata(s.name) ?? 'redacted')}`;
    } else {
      actor = r.metadata(s.serviceName) ?? 'system';
      text = `span ${code(r.metadata(s.name) ?? 'redacted')} failed${errorType ? ` with ${errorType}` : ''}`;
    }
    rows.push({ ms: s.startMs, actor, text: `${text}${failed}${errorNote} (${ref}${links})` });
    if (isDecision) {
      const tool = r.metadata(s.toolName ?? s.name);
      decisions.push(
        compact({
          at: iso(s.startMs),
          agent: agentName ?? r.metadata(s.agentName) ?? 'unknown',
          action:
            s.category === 'tool'
              ? `Called tool ${tool ?? 'redacted'}`
              : `Planned (${r.metadata(s.name) ?? 'plan'})`,
          gate: s.toolDisposition ? GATES[s.toolDisposition] : undefined,
          trace_ref: `${traceId}/${s.spanId}`.slice(0, 200),
          source: 'import',
        }),
      );
    }
  }
  // Each judge's verdict is a row, at the span it judged (else at the trace's end); its comment is content.
  const endMs = ends.length > 0 ? Math.max(...ends) : undefined;
  for (const e of trace.evaluations) {
    const judged = e.spanId !== undefined ? byId.get(e.spanId) : undefined;
    const score = e.score !== undefined && Number.isFinite(e.score) ? ` scored ${e.score}` : '';
    const label = e.label ? ` ${code(r.metadata(e.label) ?? 'redacted')}` : '';
    const comment = r.content(e.explanation, 160);
    const on = judged ? ` (on span ${code(judged.spanId)})` : '';
    rows.push({
      ms: judged?.endMs ?? judged?.startMs ?? endMs,
      actor: 'judge',
      text: `judge ${code(r.metadata(e.name) ?? 'evaluation')}${score}${label}${comment ? `: ${code(comment)}` : ''}${on}`,
    });
  }
  return {
    traceId,
    backend,
    trace: traceEntry,
    lists: [
      ['model_slice', models],
      ['prompt_revision', prompts],
      ['tool_schemas', tools],
      ['judge', judges],
      ['retrieval_index_state', retrieval],
    ],
    decisions,
    rows,
    errors,
    usage,
  };
}

function toText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return canonicalJson(value);
}

// ---------------------------------------------------------------------------------------------
// Frontmatter

const YAML_OPTIONS = {
  version: '1.2',
  merge: false,
  uniqueKeys: true,
  strict: true,
  stringKeys: true,
  resolveKnownTags: false,
} as const;
const STRINGIFY = { lineWidth: 0, minContentWidth: 0 } as const;

export function scalar(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

function itemIsOurs(item: unknown, traceId: string, refKey: 'trace_id' | 'trace_ref'): boolean {
  if (!isMap(item)) return false;
  if (scalar(item.get('source', true)) !== 'import') return false;
  const ref = scalar(item.get(refKey, true));
  return refKey === 'trace_id' ? ref === traceId : typeof ref === 'string' && ref.startsWith(`${traceId}/`);
}

/**
 * What the import owns in each list it writes. `identity`: the keys that name an entry (a re-import
 * updates the entry with the same identity in place, so the order stays). `derived`: keys only a
 * trace can fill, removed when the trace no longer yields them. Every other key is set when the
 * trace yields it and otherwise left as it is: the author's (a tool's `version`, a decision's
 * `concluded`, a retrieval entry's `index_version`).
 */
export const OWNED: Readonly<
  Record<
    string,
    {
      readonly identity: readonly string[];
      readonly written: readonly string[];
      readonly derived: readonly string[];
    }
  >
> = {
  traces: {
    identity: ['trace_id'],
    written: ['backend', 'trace_id', 'imported_at', 'url', 'window', 'spans', 'usage', 'errors'],
    derived: ['url', 'window', 'spans', 'usage', 'errors'],
  },
  model_slice: {
    identity: ['requested_model', 'served_model', 'provider'],
    written: ['requested_model', 'served_model', 'provider'],
    derived: [],
  },
  prompt_revision: {
    identity: ['name', 'version', 'hash'],
    written: ['name', 'version', 'hash'],
    derived: [],
  },
  tool_schemas: { identity: ['name'], written: ['name', 'schema_hash'], derived: ['schema_hash'] },
  judge: {
    identity: ['name'],
    written: ['name', 'judge_model', 'score', 'label'],
    derived: ['judge_model', 'score', 'label'],
  },
  retrieval_index_state: { identity: ['data_source'], written: ['data_source'], derived: [] },
  agent_decisions: {
    identity: ['trace_ref'],
    written: ['at', 'agent', 'action', 'gate', 'trace_ref'],
    derived: ['gate'],
  },
};

/** What one import did to the frontmatter, list by list, for the CLI and the editor to say. */
export interface MergeReport {
  /** `model_slice: 1 added, 2 updated` … one line per list that changed. */
  readonly changed: string[];
  /** `agent_decisions[2]: kept concluded, correct` … the author's keys kept in imported entries. */
  readonly kept: string[];
}

function identityOf(value: unknown, identity: readonly string[]): string {
  const get = (k: string): unknown => (isMap(value) ? (value as YAMLMap).toJSON()?.[k] : (value as Entry)[k]);
  return canonicalJson(identity.map((k) => get(k) ?? null));
}

/** Set `entry`'s keys in `map` (only where they differ) and drop the `derived` keys `entry` no longer has. */
function mergeMap(doc: Document, map: YAMLMap, entry: Entry, derived: readonly string[]): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(entry)) {
    const current = map.get(key, true) as YamlNode | undefined;
    const now =
      current === undefined
        ? undefined
        : typeof (current as { toJSON?: unknown }).toJSON === 'function'
          ? (current as { toJSON(): unknown }).toJSON()
          : current;
    if (current !== undefined && canonicalJson(now) === canonicalJson(value)) continue;
    map.set(key, doc.createNode(value));
    changed = true;
  }
  for (const key of derived) {
    if (!(key in entry) && map.has(key)) {
      map.delete(key);
      changed = true;
    }
  }
  return changed;
}

/** Keys of `map` the import does not write: neither in `entry` nor among the list's `written` keys nor its marks. */
function authorKeys(map: YAMLMap, entry: Entry | undefined, written: readonly string[]): string[] {
  const out: string[] = [];
  for (const pair of map.items) {
    const k = scalar(pair.key);
    if (
      typeof k === 'string' &&
      !(entry && k in entry) &&
      !written.includes(k) &&
      k !== 'source' &&
      k !== 'trace_id' &&
      k !== 'trace_ref'
    )
      out.push(k);
  }
  return out;
}

/**
 * Merge the import's `entries` into the list `key`: an entry of this import with the same identity
 * is updated in place (the author's keys kept); a new one goes after the import's last entry; an
 * entry of this import the trace no longer yields is removed unless the author added keys to it.
 */
export function mergeSeq(
  doc: Document,
  key: string,
  entries: Entry[],
  isOurs: (item: unknown) => boolean,
  problems: string[],
  report?: MergeReport,
): void {
  const all = [...new Set(entries.flatMap((e) => Object.keys(e)))];
  const owned = OWNED[key] ?? { identity: all, written: all, derived: [] };
  const existing = doc.get(key, true) as YamlNode | undefined | null;
  if (existing === undefined || existing === null || (isScalar(existing) && existing.value === null)) {
    if (entries.length > 0) {
      doc.set(key, doc.createNode(entries));
      report?.changed.push(`${key}: ${entries.length} added`);
    }
    return;
  }
  if (!isSeq(existing)) {
    problems.push(`\`${key}\` is not a list; left unchanged`);
    return;
  }
  const seq = existing as YAMLSeq;
  const wanted = new Map<string, Entry>();
  for (const e of entries)
    if (!wanted.has(identityOf(e, owned.identity))) wanted.set(identityOf(e, owned.identity), e);
  const matched = new Set<string>();
  let added = 0;
  let updated = 0;
  let removed = 0;
  let lastOurs = -1;
  const items: unknown[] = [];
  for (const item of seq.items) {
    if (!isOurs(item)) {
      items.push(item);
      continue;
    }
    const map = item as YAMLMap;
    const id = identityOf(map, owned.identity);
    const entry = wanted.get(id);
    const extra = authorKeys(map, entry, owned.written);
    if (entry && !matched.has(id)) {
      matched.add(id);
      if (mergeMap(doc, map, entry, owned.derived)) updated++;
      items.push(map);
      lastOurs = items.length - 1;
      if (extra.length > 0) report?.kept.push(`${key}[${items.length - 1}]: kept ${extra.join(', ')}`);
    } else if (extra.length > 0) {
      // No longer in the trace, but the author wrote into it: theirs now as much as ours.
      items.push(map);
      lastOurs = items.length - 1;
      report?.kept.push(
        `${key}[${items.length - 1}]: kept (no longer in the trace; it holds ${extra.join(', ')})`,
      );
    } else removed++;
  }
  const fresh = [...wanted].filter(([id]) => !matched.has(id)).map(([, e]) => doc.createNode(e));
  added = fresh.length;
  if (fresh.length > 0) items.splice(lastOurs >= 0 ? lastOurs + 1 : items.length, 0, ...fresh);
  if (added === 0 && removed === 0 && updated === 0) return;
  if (seq.items.length === 0 && items.length > 0) seq.flow = false;
  seq.items = items;
  const parts = [
    added > 0 ? `${added} added` : '',
    updated > 0 ? `${updated} updated` : '',
    removed > 0 ? `${removed} removed` : '',
  ].filter(Boolean);
  report?.changed.push(`${key}: ${parts.join(', ')}`);
}

function mergeTrace(
  doc: Document,
  entry: Entry,
  traceId: string,
  problems: string[],
  report?: MergeReport,
): void {
  const { derived: owned, written } = OWNED['traces']!;
  const existing = doc.get('traces', true) as YamlNode | undefined | null;
  if (existing === undefined || existing === null || (isScalar(existing) && existing.value === null)) {
    doc.set('traces', doc.createNode([entry]));
    report?.changed.push('traces: 1 added');
    return;
  }
  if (!isSeq(existing)) {
    problems.push('`traces` is not a list; left unchanged');
    return;
  }
  const seq = existing as YAMLSeq;
  const at = seq.items.findIndex(
    (item) => isMap(item) && scalar((item as YAMLMap).get('trace_id', true)) === traceId,
  );
  if (at >= 0) {
    const map = seq.items[at] as YAMLMap;
    if (mergeMap(doc, map, entry, owned)) report?.changed.push(`traces[${at}]: updated`);
    const extra = authorKeys(map, entry, written);
    if (extra.length > 0) report?.kept.push(`traces[${at}]: kept ${extra.join(', ')}`);
  } else {
    if (seq.items.length === 0) seq.flow = false;
    seq.items.push(doc.createNode(entry));
    report?.changed.push('traces: 1 added');
  }
}

function applyToDoc(doc: Document, d: Derived, problems: string[], report?: MergeReport): void {
  mergeTrace(doc, d.trace, d.traceId, problems, report);
  for (const [key, entries] of d.lists)
    mergeSeq(doc, key, entries, (item) => itemIsOurs(item, d.traceId, 'trace_id'), problems, report);
  mergeSeq(
    doc,
    'agent_decisions',
    d.decisions,
    (item) => itemIsOurs(item, d.traceId, 'trace_ref'),
    problems,
    report,
  );
}

/** The `imported_at` of this trace's `traces` entry, if the document has one. */
function priorImportedAt(doc: ReturnType<typeof parsePostmortem>, traceId: string): string | undefined {
  const ydoc = doc.frontmatter?.kind === 'yaml' ? doc.frontmatter.doc : undefined;
  if (!ydoc || ydoc.errors.length > 0) return undefined;
  const traces = ydoc.get('traces', true);
  if (!isSeq(traces)) return undefined;
  for (const item of (traces as YAMLSeq).items) {
    if (!isMap(item) || scalar((item as YAMLMap).get('trace_id', true)) !== traceId) continue;
    const at = (item as YAMLMap).get('imported_at', true);
    return isScalar(at) && typeof at.value === 'string' ? at.value : undefined;
  }
  return undefined;
}

/** Whether `text` parses, without errors, to the same data as `doc`. */
function readsAs(text: string, doc: Document): boolean {
  const again = parseDocument(text, YAML_OPTIONS);
  return again.errors.length === 0 && JSON.stringify(again.toJSON()) === JSON.stringify(doc.toJSON());
}

export type FrontmatterEdit =
  | {
      readonly ok: true;
      readonly edits: TextEdit[];
      readonly yamlText: string;
      readonly createdFrontmatter: boolean;
    }
  | { readonly ok: false; readonly error: string; readonly range: TextRange };

/**
 * Edit the YAML frontmatter of `text` (parsed as `doc`) through the `yaml` Document API: `mutate`
 * changes the document; the result is at most one edit. A document without frontmatter gets one;
 * TOML or broken YAML is refused with the fence's range.
 */
export function editFrontmatter(
  text: string,
  doc: ReturnType<typeof parsePostmortem>,
  mutate: (ydoc: Document) => void,
): FrontmatterEdit {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const fm = doc.frontmatter;
  if (fm) {
    if (fm.kind !== 'yaml')
      return {
        ok: false,
        error: 'TOML frontmatter (`+++`) cannot be edited; convert it to YAML (`---`) first',
        range: fm.openingFence,
      };
    if (
      !fm.doc ||
      fm.doc.errors.length > 0 ||
      (fm.doc.contents !== null &&
        !isMap(fm.doc.contents) &&
        !(isScalar(fm.doc.contents) && fm.doc.contents.value === null))
    ) {
      return {
        ok: false,
        error:
          'The frontmatter has YAML errors or is not a mapping; fix it (`postmortem lint`) before importing',
        range: fm.openingFence,
      };
    }
    const ydoc: Document = parseDocument(fm.value, YAML_OPTIONS);
    if (ydoc.contents === null || (isScalar(ydoc.contents) && ydoc.contents.value === null))
      ydoc.contents = ydoc.createNode({});
    const before = snapshotYaml(ydoc);
    mutate(ydoc);
    // Only the changed entries are re-printed; every other byte stays (checked: the spliced text must read back as the document).
    const spliced = spliceYaml(fm.value, before, ydoc, STRINGIFY, YAML_OPTIONS);
    let out: string;
    if (spliced !== undefined && readsAs(spliced, ydoc)) out = spliced;
    else {
      out = ydoc.toString(STRINGIFY);
      if (fm.value === '' || !/\r?\n$/.test(fm.value)) out = fm.value === '' ? out : out.replace(/\n$/, '');
      if (eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
    }
    const edits: TextEdit[] =
      out !== fm.value ? [{ range: { start: fm.base, end: fm.base + fm.value.length }, newText: out }] : [];
    return { ok: true, edits, yamlText: out, createdFrontmatter: false };
  }
  const ydoc = new Document({}, YAML_OPTIONS);
  mutate(ydoc);
  const out = ydoc.toString(STRINGIFY).replace(/\n/g, eol);
  return {
    ok: true,
    edits: [
      { range: { start: 0, end: 0 }, newText: `---${eol}${out}---${eol}${text.length > 0 ? eol : ''}` },
    ],
    yamlText: out,
    createdFrontmatter: true,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Import `trace` into the postmortem `text`. Returns at most two non-overlapping edits (frontmatter,
 * timeline), or an error with a range when the frontmatter cannot be edited safely.
 */
export function importTrace(text: string, trace: TraceMetadata, options: ImportOptions): ImportResult {
  const doc = parsePostmortem(text);
  // `imported_at` says when the imported content last changed: try the import at the time already
  // written first, and stamp the new time only when something else changed.
  const probe = new Redactor(options.includeContent === true);
  const probeDerived = derive(trace, options, probe);
  const prior = priorImportedAt(doc, probeDerived.traceId);
  if (prior !== undefined && prior !== options.importedAt) {
    const same = importAt(text, doc, trace, { ...options, importedAt: prior });
    if (!same.ok || same.edits.length === 0) return same;
  }
  return importAt(text, doc, trace, options);
}

function importAt(
  text: string,
  doc: ReturnType<typeof parsePostmortem>,
  trace: TraceMetadata,
  options: ImportOptions,
): ImportResult {
  const redactor = new Redactor(options.includeContent === true);
  const d = derive(trace, options, redactor);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const problems: string[] = [];
  const edits: TextEdit[] = [];
  const report: MergeReport = { changed: [], kept: [] };

  // Frontmatter.
  const fmEdit = editFrontmatter(text, doc, (ydoc) => applyToDoc(ydoc, d, problems, report));
  if (!fmEdit.ok) return fmEdit;
  edits.push(...fmEdit.edits);
  const { yamlText, createdFrontmatter } = fmEdit;

  // Timeline: the rows join the author's, in time order and the document's time format.
  const timeline = mergeTimeline(text, doc, d.traceId, d.rows, eol);
  if (timeline.edit) {
    edits.push(timeline.edit);
    report.changed.push(`timeline: ${d.rows.length} imported rows written`);
  }
  const block = timeline.lines.join(eol);
  const createdTimeline = timeline.createdSection;
  return {
    ok: true,
    edits,
    summary: {
      traceId: d.traceId,
      backend: d.backend,
      spans: trace.spans.length,
      errors: d.errors,
      timelineRows: d.rows.length,
      agentDecisions: d.decisions.length,
      modelSlices: d.lists[0]![1].length,
      promptRevisions: d.lists[1]![1].length,
      toolSchemas: d.lists[2]![1].length,
      judges: d.lists[3]![1].length,
      retrievalIndexes: d.lists[4]![1].length,
      usage: d.usage,
      droppedValues: redactor.droppedValues,
      maskedSecrets: redactor.maskedSecrets,
      withheldContent: redactor.withheldContent,
      createdFrontmatter,
      createdTimeline,
      yaml: yamlText,
      block,
      problems,
      changed: report.changed,
      kept: report.kept,
    },
  };
}
