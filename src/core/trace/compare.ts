/**
 * Incident window against baseline window: which of the six variables moved. Each variable is read
 * from both sets of traces as values per identity (a prompt's versions by prompt name, the served
 * models by requested model, a tool's schema hashes by tool name, a judge's model by judge name, an
 * index's version by data source) plus the traffic mix as shares; a variable moved when its values
 * differ between the windows, or a share shifted by more than the threshold. A variable one window
 * cannot see is not compared. Pure: no I/O, no clock.
 */
import { isMap, isScalar, isSeq, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { parsePostmortem } from '../document/parse.js';
import type { TextEdit, TextRange } from '../types.js';
import { attrString } from './derive.js';
import { compact, editFrontmatter, scalar } from './import-trace.js';
import { Redactor } from './redact.js';
import type { TraceMetadata, TraceSpan } from './types.js';

export const SIX_VARIABLES = [
  'prompt_revision',
  'model_slice',
  'judge',
  'retrieval_index_state',
  'tool_schemas',
  'traffic_mix',
] as const;
export type Variable = (typeof SIX_VARIABLES)[number];
type ListVariable = Exclude<Variable, 'traffic_mix'>;

/** A share moves when it shifts by more than this (10 percentage points) unless told otherwise. */
export const DEFAULT_MIX_THRESHOLD = 0.1;

/** Attributes read for the parts of the mix and of the index state no convention names (documented in docs/trace-import.md). */
export const COMPARE_ATTRIBUTES = {
  tenant: [
    'tenant.id',
    'tenant.name',
    'app.tenant.id',
    'langsmith.metadata.tenant',
    'langsmith.metadata.tenant_id',
  ],
  locale: ['locale', 'app.locale', 'gen_ai.request.locale', 'langsmith.metadata.locale'],
  indexVersion: ['gen_ai.data_source.version', 'retrieval.index.version', 'db.collection.version'],
  indexRefresh: ['gen_ai.data_source.last_refresh', 'retrieval.index.last_refresh'],
} as const;

type Entry = Record<string, unknown>;

/** One value of a variable: its identity (`ops-triage`), how it reads (`ops-triage@41`) and the entry it writes. */
interface Value {
  readonly identity: string;
  readonly label: string;
  readonly entry: Entry;
}

export interface VariableChange {
  readonly identity: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

export interface VariableComparison {
  readonly variable: Variable;
  /** Both windows show the variable: only then is it compared. */
  readonly visible: boolean;
  readonly moved: boolean;
  readonly changes: readonly VariableChange[];
  /** Which window showed it when only one did. */
  readonly seenIn: 'both' | 'baseline' | 'incident' | 'neither';
}

export type Shares = Partial<
  Record<'by_model' | 'by_operation' | 'by_tenant' | 'by_locale', Record<string, number>>
>;

export interface Comparison {
  readonly variables: readonly VariableComparison[];
  /** Entries per list variable, each with `window`. */
  readonly entries: Readonly<Record<ListVariable, readonly Entry[]>>;
  readonly mix: {
    readonly incident: Shares;
    readonly baseline: Shares;
    readonly incidentWindow: string | undefined;
    readonly baselineWindow: string | undefined;
    readonly threshold: number;
  };
  readonly incidentTraces: number;
  readonly baselineTraces: number;
}

function valuesOf(variable: ListVariable, traces: readonly TraceMetadata[], r: Redactor): Value[] {
  const out: Value[] = [];
  for (const t of traces) {
    for (const s of t.spans) {
      switch (variable) {
        case 'prompt_revision': {
          if (!s.promptName && !s.promptVersion && !s.promptHash) break;
          const name = r.metadata(s.promptName);
          const version = r.metadata(s.promptVersion);
          const identity = name ?? '(unnamed prompt)';
          out.push({
            identity,
            label:
              `${name ?? ''}${version ? `@${version}` : ''}${!version && s.promptHash ? `#${s.promptHash.replace(/^sha256:/, '').slice(0, 8)}` : ''}` ||
              identity,
            entry: compact({ name, version, hash: s.promptHash }),
          });
          break;
        }
        case 'model_slice': {
          if ((s.category !== 'llm' && s.category !== 'embedding') || (!s.requestedModel && !s.servedModel))
            break;
          const requested = r.metadata(s.requestedModel);
          const served = r.metadata(s.servedModel);
          const provider = r.metadata(s.provider);
          const identity = requested ?? provider ?? 'model';
          out.push({
            identity,
            label: `${requested ?? '?'} → ${served ?? requested ?? '?'}`,
            entry: compact({ requested_model: requested, served_model: served, provider }),
          });
          break;
        }
        case 'tool_schemas': {
          for (const d of s.toolDefinitions) {
            const name = r.metadata(d.name);
            if (!name) continue;
            const version = r.metadata(d.version);
            out.push({
              identity: name,
              label: `${name}${version ? `@${version}` : ''}${d.hash ? ` ${d.hash}` : ''}`,
              entry: compact({ name, version, schema_hash: d.hash }),
            });
          }
          break;
        }
        case 'retrieval_index_state': {
          if (!s.dataSource && s.category !== 'retrieval') break;
          const source = r.metadata(s.dataSource ?? s.name);
          if (!source) break;
          const version = r.metadata(attrString(s.attributes, COMPARE_ATTRIBUTES.indexVersion));
          const refresh = attrString(s.attributes, COMPARE_ATTRIBUTES.indexRefresh);
          const lastRefresh =
            refresh && !Number.isNaN(Date.parse(refresh)) && /^\d{4}-\d\d-\d\dT/.test(refresh)
              ? refresh
              : undefined;
          out.push({
            identity: source,
            label: `${source}${version ? `@${version}` : ''}${lastRefresh ? ` refreshed ${lastRefresh}` : ''}`,
            entry: compact({ data_source: source, index_version: version, last_refresh: lastRefresh }),
          });
          break;
        }
        case 'judge':
          if (s.category === 'evaluator') {
            const name = r.metadata(s.name) ?? 'evaluator';
            const model = r.metadata(s.servedModel ?? s.requestedModel);
            out.push({
              identity: name,
              label: `${name}${model ? ` (${model})` : ''}`,
              entry: compact({ name, judge_model: model }),
            });
          }
          break;
      }
    }
    if (variable === 'judge') {
      for (const e of t.evaluations) {
        const name = r.metadata(e.name) ?? 'evaluation';
        const model = r.metadata(e.judgeModel);
        out.push({
          identity: name,
          label: `${name}${model ? ` (${model})` : ''}`,
          entry: compact({ name, judge_model: model }),
        });
      }
    }
  }
  return out;
}

function byIdentity(values: readonly Value[]): Map<string, Map<string, Value>> {
  const out = new Map<string, Map<string, Value>>();
  for (const v of values) {
    let labels = out.get(v.identity);
    if (!labels) out.set(v.identity, (labels = new Map()));
    if (!labels.has(v.label)) labels.set(v.label, v);
  }
  return out;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

function windowOf(traces: readonly TraceMetadata[]): string | undefined {
  const starts = traces
    .flatMap((t) => t.spans.map((s) => s.startMs))
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  const ends = traces
    .flatMap((t) => t.spans.map((s) => s.endMs ?? s.startMs))
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (starts.length === 0) return undefined;
  const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
  return `${iso(Math.min(...starts))}/${iso(Math.max(...ends))}`;
}

function share(counts: Map<string, number>): Record<string, number> | undefined {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const out: Record<string, number> = {};
  for (const key of sorted(counts.keys())) out[key] = Math.round((counts.get(key)! / total) * 1000) / 1000;
  return out;
}

function firstAttr(spans: readonly TraceSpan[], names: readonly string[]): string | undefined {
  for (const s of spans) {
    const v = attrString(s.attributes, names);
    if (v) return v;
  }
  return undefined;
}

/**
 * Shares of LLM calls by requested model (what the traffic asked for; the served model is `model_slice`'s)
 * and of spans by operation; of traces by tenant and locale.
 */
export function sharesOf(traces: readonly TraceMetadata[], r: Redactor = new Redactor(false)): Shares {
  const model = new Map<string, number>();
  const operation = new Map<string, number>();
  const tenant = new Map<string, number>();
  const locale = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string | undefined) => {
    if (k) m.set(k.slice(0, 200), (m.get(k.slice(0, 200)) ?? 0) + 1);
  };
  for (const t of traces) {
    for (const s of t.spans) {
      if (s.category === 'llm') bump(model, r.metadata(s.requestedModel ?? s.servedModel));
      bump(operation, r.metadata(s.operation));
    }
    bump(tenant, r.metadata(firstAttr(t.spans, COMPARE_ATTRIBUTES.tenant)));
    bump(locale, r.metadata(firstAttr(t.spans, COMPARE_ATTRIBUTES.locale)));
  }
  return compact({
    by_model: share(model),
    by_operation: share(operation),
    by_tenant: share(tenant),
    by_locale: share(locale),
  }) as Shares;
}

/** Compare the incident traces with the baseline traces, variable by variable. */
export function compareWindows(
  incident: readonly TraceMetadata[],
  baseline: readonly TraceMetadata[],
  options: { mixThreshold?: number | undefined } = {},
): Comparison {
  const r = new Redactor(false);
  const threshold = options.mixThreshold ?? DEFAULT_MIX_THRESHOLD;
  const variables: VariableComparison[] = [];
  const entries = {} as Record<ListVariable, Entry[]>;
  for (const variable of SIX_VARIABLES) {
    if (variable === 'traffic_mix') continue;
    const before = byIdentity(valuesOf(variable, baseline, r));
    const after = byIdentity(valuesOf(variable, incident, r));
    const seenIn =
      before.size > 0 && after.size > 0
        ? 'both'
        : before.size > 0
          ? 'baseline'
          : after.size > 0
            ? 'incident'
            : 'neither';
    const changes: VariableChange[] = [];
    const list: Entry[] = [];
    for (const identity of sorted(new Set([...before.keys(), ...after.keys()]))) {
      const b = before.get(identity) ?? new Map<string, Value>();
      const a = after.get(identity) ?? new Map<string, Value>();
      for (const label of sorted(new Set([...b.keys(), ...a.keys()]))) {
        const v = (a.get(label) ?? b.get(label))!;
        list.push({
          ...v.entry,
          window: a.has(label) && b.has(label) ? 'both' : a.has(label) ? 'incident' : 'baseline',
          source: 'import',
        });
      }
      const same = a.size === b.size && [...a.keys()].every((l) => b.has(l));
      if (!same) changes.push({ identity, before: sorted(b.keys()), after: sorted(a.keys()) });
    }
    const visible = seenIn === 'both';
    variables.push({
      variable,
      visible,
      moved: visible && changes.length > 0,
      changes: visible ? changes : [],
      seenIn,
    });
    entries[variable] = list;
  }
  const mixBefore = sharesOf(baseline, r);
  const mixAfter = sharesOf(incident, r);
  const mixChanges: VariableChange[] = [];
  let mixVisible = false;
  for (const dim of ['by_model', 'by_operation', 'by_tenant', 'by_locale'] as const) {
    const b = mixBefore[dim];
    const a = mixAfter[dim];
    if (!b || !a) continue;
    mixVisible = true;
    for (const key of sorted(new Set([...Object.keys(b), ...Object.keys(a)]))) {
      const x = b[key] ?? 0;
      const y = a[key] ?? 0;
      if (Math.abs(y - x) > threshold + 1e-9)
        mixChanges.push({
          identity: `${dim.slice(3)} ${key}`,
          before: [`${Math.round(x * 1000) / 10}%`],
          after: [`${Math.round(y * 1000) / 10}%`],
        });
    }
  }
  const mixSeen =
    Object.keys(mixBefore).length > 0 && Object.keys(mixAfter).length > 0
      ? 'both'
      : Object.keys(mixBefore).length > 0
        ? 'baseline'
        : Object.keys(mixAfter).length > 0
          ? 'incident'
          : 'neither';
  variables.push({
    variable: 'traffic_mix',
    visible: mixVisible,
    moved: mixChanges.length > 0,
    changes: mixChanges,
    seenIn: mixVisible ? 'both' : mixSeen === 'both' ? 'neither' : mixSeen,
  });
  return {
    variables,
    entries,
    mix: {
      incident: mixAfter,
      baseline: mixBefore,
      incidentWindow: windowOf(incident),
      baselineWindow: windowOf(baseline),
      threshold,
    },
    incidentTraces: incident.length,
    baselineTraces: baseline.length,
  };
}

/** `ops-triage@40 → ops-triage@41`, `by_model gpt-4.1-mini: 3% → 40%`. */
export function describeChange(variable: Variable, change: VariableChange): string {
  const side = (xs: readonly string[]) => (xs.length === 0 ? 'absent' : xs.join(', '));
  if (variable === 'traffic_mix') return `${change.identity}: ${side(change.before)} → ${side(change.after)}`;
  if (variable === 'model_slice') {
    const served = (xs: readonly string[]) => xs.map((x) => x.split(' → ')[1] ?? x);
    return `${change.identity}: ${side(served(change.before))} → ${side(served(change.after))}`;
  }
  return `${side(change.before)} → ${side(change.after)}`;
}

export interface ComparisonSummary {
  readonly comparison: Comparison;
  readonly moved: readonly Variable[];
  readonly unchanged: readonly Variable[];
  /** Variables one window (or both) cannot see: left as they were. */
  readonly notVisible: readonly Variable[];
  readonly createdFrontmatter: boolean;
  readonly yaml: string;
  readonly problems: readonly string[];
}

export type ComparisonImportResult =
  | { readonly ok: true; readonly edits: TextEdit[]; readonly summary: ComparisonSummary }
  | { readonly ok: false; readonly error: string; readonly range: TextRange };

function isComparisonEntry(item: unknown): boolean {
  return (
    isMap(item) &&
    scalar((item as YAMLMap).get('source', true)) === 'import' &&
    (item as YAMLMap).has('window')
  );
}

function isEmpty(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

/**
 * Write the comparison into the postmortem `text`: the entries of each variable with `window`
 * (replacing the entries an earlier comparison wrote), `traffic_mix` with its baseline, and
 * `moved_variables` for the variables both windows show (others keep what the authors wrote).
 */
export function importComparison(
  text: string,
  incident: readonly TraceMetadata[],
  baseline: readonly TraceMetadata[],
  options: { mixThreshold?: number | undefined } = {},
): ComparisonImportResult {
  const zero = { start: 0, end: 0 };
  if (incident.length === 0) return { ok: false, error: 'no incident traces given', range: zero };
  if (baseline.length === 0) return { ok: false, error: 'no baseline traces given', range: zero };
  if (options.mixThreshold !== undefined && !(options.mixThreshold >= 0 && options.mixThreshold <= 1))
    return { ok: false, error: 'the traffic-mix threshold must be between 0 and 1', range: zero };
  const comparison = compareWindows(incident, baseline, options);
  const problems: string[] = [];
  const doc = parsePostmortem(text);
  const edit = editFrontmatter(text, doc, (ydoc: Document) => {
    for (const [key, list] of Object.entries(comparison.entries)) {
      const existing = ydoc.get(key, true);
      if (isEmpty(existing)) {
        if (list.length > 0) ydoc.set(key, ydoc.createNode(list));
        continue;
      }
      if (!isSeq(existing)) {
        problems.push(`\`${key}\` is not a list; left unchanged`);
        continue;
      }
      const seq = existing as YAMLSeq;
      const kept = seq.items.filter((item) => !isComparisonEntry(item));
      if (kept.length === seq.items.length && list.length === 0) continue;
      seq.items = kept;
      if (kept.length === 0 && list.length > 0) seq.flow = false;
      for (const entry of list) seq.items.push(ydoc.createNode(entry));
    }
    const mix = comparison.variables.find((v) => v.variable === 'traffic_mix')!;
    if (mix.seenIn !== 'neither' || mix.visible) {
      const existing = ydoc.get('traffic_mix', true);
      const ours =
        isEmpty(existing) ||
        (isMap(existing) && scalar((existing as YAMLMap).get('source', true)) === 'import');
      if (!ours) problems.push('`traffic_mix` was written by hand (no `source: import`); left unchanged');
      else {
        const m = comparison.mix;
        ydoc.set(
          'traffic_mix',
          ydoc.createNode(
            compact({
              window: m.incidentWindow,
              source: 'import',
              ...m.incident,
              baseline:
                Object.keys(m.baseline).length > 0 || m.baselineWindow
                  ? compact({ window: m.baselineWindow, ...m.baseline })
                  : undefined,
              threshold: m.threshold,
            }),
          ),
        );
      }
    }
    const existing = ydoc.get('moved_variables', true);
    if (!isEmpty(existing) && !isSeq(existing)) {
      problems.push('`moved_variables` is not a list; left unchanged');
      return;
    }
    const current = new Set(
      isSeq(existing)
        ? (existing as YAMLSeq).items.map((i) => scalar(i)).filter((v): v is string => typeof v === 'string')
        : [],
    );
    const next = new Set(current);
    for (const v of comparison.variables) {
      if (!v.visible) continue;
      if (v.moved) next.add(v.variable);
      else next.delete(v.variable);
    }
    const ordered = [
      ...SIX_VARIABLES.filter((v) => next.has(v)),
      ...[...next].filter((v) => !(SIX_VARIABLES as readonly string[]).includes(v)),
    ];
    const same = ordered.length === current.size && ordered.every((v) => current.has(v));
    if (!same || isEmpty(existing)) ydoc.set('moved_variables', ydoc.createNode(ordered));
  });
  if (!edit.ok) return edit;
  const vs = comparison.variables;
  return {
    ok: true,
    edits: edit.edits,
    summary: {
      comparison,
      moved: vs.filter((v) => v.moved).map((v) => v.variable),
      unchanged: vs.filter((v) => v.visible && !v.moved).map((v) => v.variable),
      notVisible: vs.filter((v) => !v.visible).map((v) => v.variable),
      createdFrontmatter: edit.createdFrontmatter,
      yaml: edit.yamlText,
      problems,
    },
  };
}
