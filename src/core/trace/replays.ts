/**
 * Replays → a behavior rate. Each trace is one replay of the same input; a judge or evaluator
 * result in the trace (OTel `gen_ai.evaluation.result`, OpenInference annotations, Langfuse
 * scores, LangSmith feedback) or a predicate the user gives decides whether it failed. The rate
 * k/n and its Wilson interval go into the frontmatter's `behavior_rate` (or its `after_fix`).
 * Pure: no I/O, no clock.
 */
import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import { parsePostmortem } from '../document/parse.js';
import type { TextEdit, TextRange } from '../types.js';
import { compact, editFrontmatter, scalar } from './import-trace.js';
import { Redactor } from './redact.js';
import { roundRate, wilsonInterval, type RateInterval } from './stats.js';
import type { Evaluation, TraceMetadata } from './types.js';
import VERDICT_LABELS from './verdict-labels.json' with { type: 'json' };

export type PredicateOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

/** One `--fail-when` condition. */
export interface FailPredicate {
  /** As the user wrote it, normalised (`correctness<0.5`). */
  readonly text: string;
  readonly kind: 'score' | 'label' | 'error';
  /** Evaluation name, lower case; `*` for any evaluation. */
  readonly name: string;
  readonly op: PredicateOp;
  readonly number?: number;
  readonly label?: string;
}

const PREDICATE = /^\s*([^<>=!\s][^<>=!]*?|\*)\s*(<=|>=|!=|<|>|=)\s*(.+?)\s*$/;

/**
 * Parse a failure predicate: `error` (any span with an error status), `<name><op><number>` with op
 * `<`, `<=`, `>`, `>=`, `=`, `!=` (a score), or `<name>=<label>` / `<name>!=<label>` (a label);
 * `<name>` is an evaluation name, or `*` for any.
 */
export function parseFailWhen(
  text: string,
): { ok: true; predicate: FailPredicate } | { ok: false; error: string } {
  const t = text.trim();
  if (/^error$/i.test(t))
    return { ok: true, predicate: { text: 'error', kind: 'error', name: '*', op: '=' } };
  const m = PREDICATE.exec(t);
  if (!m)
    return {
      ok: false,
      error: `cannot read the failure predicate \`${text}\`: expected \`error\`, \`<evaluation><op><number>\` (op: < <= > >= = !=) or \`<evaluation>=<label>\``,
    };
  const name = m[1]!.trim().toLowerCase();
  const op = m[2] as PredicateOp;
  const value = m[3]!;
  const number = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(value) ? Number(value) : undefined;
  if (number !== undefined && Number.isFinite(number))
    return { ok: true, predicate: { text: `${name}${op}${value}`, kind: 'score', name, op, number } };
  if (op !== '=' && op !== '!=')
    return {
      ok: false,
      error: `the failure predicate \`${text}\` compares with \`${op}\`, which needs a number (labels take = or !=)`,
    };
  const label = value.replace(/^(["'])(.*)\1$/, '$2').toLowerCase();
  if (label === '') return { ok: false, error: `the failure predicate \`${text}\` has an empty label` };
  return { ok: true, predicate: { text: `${name}${op}${label}`, kind: 'label', name, op, label } };
}

const FAIL_LABELS = new Set(VERDICT_LABELS.fail);
const PASS_LABELS = new Set(VERDICT_LABELS.pass);

export interface ReplayVerdict {
  readonly traceId: string;
  readonly verdict: 'fail' | 'pass' | 'undecided';
  /** The outcome class: the deciding label, the predicate that held, `error`, or `pass`/`fail`. */
  readonly outcome: string;
}

function compare(a: number, op: PredicateOp, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    case '!=':
      return a !== b;
  }
}

function named(evaluations: readonly Evaluation[], name: string): Evaluation[] {
  return evaluations.filter((e) => name === '*' || e.name.toLowerCase() === name);
}

/** `true` (holds), `false` (does not) or `undefined` (the trace has nothing to judge it by), and the label it saw. */
function holds(trace: TraceMetadata, p: FailPredicate): { value: boolean | undefined; label?: string } {
  if (p.kind === 'error') return { value: trace.spans.some((s) => s.status === 'error') };
  const candidates = named(trace.evaluations, p.name);
  if (p.kind === 'score') {
    const scored = candidates.filter((e) => e.score !== undefined && Number.isFinite(e.score));
    if (scored.length === 0) return { value: undefined };
    const hit = scored.find((e) => compare(e.score!, p.op, p.number!));
    return hit ? { value: true, ...(hit.label ? { label: hit.label.toLowerCase() } : {}) } : { value: false };
  }
  const labelled = candidates.filter((e) => e.label !== undefined);
  if (labelled.length === 0) return { value: undefined };
  const hit = labelled.find((e) => (e.label!.toLowerCase() === p.label) === (p.op === '='));
  return hit ? { value: true, label: hit.label!.toLowerCase() } : { value: false };
}

/** Whether one replay failed: by the predicates when there are any, else by the evaluation labels of `verdict-labels.json`. */
export function replayVerdict(trace: TraceMetadata, predicates: readonly FailPredicate[]): ReplayVerdict {
  const traceId = trace.traceId;
  if (predicates.length > 0) {
    let unknown = false;
    for (const p of predicates) {
      const r = holds(trace, p);
      if (r.value === true)
        return { traceId, verdict: 'fail', outcome: p.kind === 'error' ? 'error' : (r.label ?? p.text) };
      if (r.value === undefined) unknown = true;
    }
    return unknown
      ? { traceId, verdict: 'undecided', outcome: 'undecided' }
      : { traceId, verdict: 'pass', outcome: 'pass' };
  }
  const labels = trace.evaluations
    .map((e) => e.label?.trim().toLowerCase())
    .filter((l): l is string => l !== undefined && l !== '');
  const failed = labels.find((l) => FAIL_LABELS.has(l));
  if (failed) return { traceId, verdict: 'fail', outcome: failed };
  const passed = labels.find((l) => PASS_LABELS.has(l));
  if (passed) return { traceId, verdict: 'pass', outcome: passed };
  return { traceId, verdict: 'undecided', outcome: 'undecided' };
}

export interface BehaviorRate {
  readonly replays: number;
  readonly failures: number;
  readonly rate: number;
  readonly interval: RateInterval;
  readonly confidence: number;
  readonly outcomeClasses: Readonly<Record<string, number>>;
  /** Replays no evaluation or predicate decided, by trace id (not counted in `replays`). */
  readonly undecided: readonly string[];
  /** Trace ids given more than once (counted once). */
  readonly duplicates: readonly string[];
  /** The decision rule, as written to `fail_when`. */
  readonly failWhen: string;
  readonly verdicts: readonly ReplayVerdict[];
}

/** The decision rule in words for `fail_when`. */
export function describeFailWhen(predicates: readonly FailPredicate[]): string {
  return predicates.length > 0 ? predicates.map((p) => p.text).join(' or ') : 'judge label';
}

/** k failures of n decided replays, the exact rate and its Wilson interval (not rounded). */
export function behaviorRateOf(
  traces: readonly TraceMetadata[],
  predicates: readonly FailPredicate[],
  confidence = 0.95,
): BehaviorRate {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const verdicts: ReplayVerdict[] = [];
  for (const trace of traces) {
    if (seen.has(trace.traceId)) {
      duplicates.push(trace.traceId);
      continue;
    }
    seen.add(trace.traceId);
    verdicts.push(replayVerdict(trace, predicates));
  }
  const decided = verdicts.filter((v) => v.verdict !== 'undecided');
  const failures = decided.filter((v) => v.verdict === 'fail').length;
  const outcomeClasses: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const v of decided) outcomeClasses[v.outcome] = (outcomeClasses[v.outcome] ?? 0) + 1;
  const replays = decided.length;
  return {
    replays,
    failures,
    rate: replays > 0 ? failures / replays : 0,
    interval: wilsonInterval(failures, Math.max(replays, 1), confidence) ?? { low: 0, high: 1 },
    confidence,
    outcomeClasses,
    undecided: verdicts.filter((v) => v.verdict === 'undecided').map((v) => v.traceId),
    duplicates,
    failWhen: describeFailWhen(predicates),
    verdicts,
  };
}

export interface ReplayImportOptions {
  readonly predicates: readonly FailPredicate[];
  /** Write the rate after the fix (`behavior_rate.after_fix`) instead of the incident's rate. */
  readonly afterFix?: boolean;
  readonly confidence?: number;
}

export interface ReplayImportSummary {
  readonly rate: BehaviorRate;
  /** Where it was written: `behavior_rate` or `behavior_rate.after_fix`. */
  readonly key: 'behavior_rate' | 'behavior_rate.after_fix';
  readonly createdFrontmatter: boolean;
  readonly yaml: string;
  readonly problems: readonly string[];
}

export type ReplayImportResult =
  | { readonly ok: true; readonly edits: TextEdit[]; readonly summary: ReplayImportSummary }
  | { readonly ok: false; readonly error: string; readonly range: TextRange };

/** The `behavior_rate` entry (or `after_fix`) as written: rounded to 4 decimals, outcome labels through the secret scanner. */
export function rateEntry(rate: BehaviorRate): Record<string, unknown> {
  const r = new Redactor(false);
  const classes: Record<string, number> = {};
  for (const [label, count] of Object.entries(rate.outcomeClasses).sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
  )) {
    const safe = (r.metadata(label) ?? 'redacted').slice(0, 200);
    classes[safe] = (classes[safe] ?? 0) + count;
  }
  return compact({
    replays: rate.replays,
    failures: rate.failures,
    rate: roundRate(rate.rate),
    interval: {
      low: roundRate(rate.interval.low),
      high: roundRate(rate.interval.high),
      confidence: rate.confidence,
      method: 'wilson',
    },
    reproduced: rate.failures > 0,
    outcome_classes: Object.keys(classes).length > 0 ? classes : undefined,
    fail_when: r.metadata(rate.failWhen)?.slice(0, 500) ?? 'redacted',
    source: 'import',
  });
}

function isOurs(node: unknown): boolean {
  return isMap(node) && scalar((node as YAMLMap).get('source', true)) === 'import';
}

function isEmpty(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

/**
 * Write the behavior rate of `traces` (replays of one input) into the postmortem `text`. Refuses
 * (with the trace ids) when a replay has nothing that decides it, so the rate is never silently
 * computed over fewer replays than were given.
 */
export function importReplays(
  text: string,
  traces: readonly TraceMetadata[],
  options: ReplayImportOptions,
): ReplayImportResult {
  const zero = { start: 0, end: 0 };
  if (traces.length === 0) return { ok: false, error: 'no replay traces given', range: zero };
  const rate = behaviorRateOf(traces, options.predicates, options.confidence ?? 0.95);
  if (rate.undecided.length > 0) {
    const ids = rate.undecided
      .slice(0, 5)
      .map((id) => `\`${id}\``)
      .join(', ');
    return {
      ok: false,
      error: `${rate.undecided.length} of ${rate.undecided.length + rate.replays} replays have no ${options.predicates.length > 0 ? 'evaluation the failure predicates can judge' : 'judge label that says pass or fail'} (${ids}${rate.undecided.length > 5 ? ', …' : ''}); give a failure predicate (\`--fail-when\`, see docs/trace-import.md)`,
      range: zero,
    };
  }
  const entry = rateEntry(rate);
  const problems: string[] = [];
  if (rate.duplicates.length > 0)
    problems.push(
      `${rate.duplicates.length} trace${rate.duplicates.length === 1 ? '' : 's'} given more than once, counted once`,
    );
  const doc = parsePostmortem(text);
  const key = options.afterFix ? 'behavior_rate.after_fix' : 'behavior_rate';
  const edit = editFrontmatter(text, doc, (ydoc: Document) => {
    const existing = ydoc.get('behavior_rate', true);
    if (!options.afterFix) {
      if (isEmpty(existing)) return void ydoc.set('behavior_rate', ydoc.createNode(entry));
      if (!isOurs(existing))
        return void problems.push(
          '`behavior_rate` was written by hand (no `source: import`); left unchanged',
        );
      const after = (existing as YAMLMap).get('after_fix', true);
      const node = ydoc.createNode(entry) as YAMLMap;
      if (!isEmpty(after)) node.set('after_fix', after);
      ydoc.set('behavior_rate', node);
      return;
    }
    if (isEmpty(existing) || !isMap(existing))
      return void problems.push(
        "`behavior_rate` holds no rate before the fix; import the incident's replays first (without --after-fix)",
      );
    const after = existing.get('after_fix', true);
    if (!isEmpty(after) && !isOurs(after))
      return void problems.push(
        '`behavior_rate.after_fix` was written by hand (no `source: import`); left unchanged',
      );
    existing.set('after_fix', ydoc.createNode(entry));
  });
  if (!edit.ok) return edit;
  return {
    ok: true,
    edits: edit.edits,
    summary: { rate, key, createdFrontmatter: edit.createdFrontmatter, yaml: edit.yamlText, problems },
  };
}
