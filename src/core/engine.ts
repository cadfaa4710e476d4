/**
 * The engine: one document's text plus configuration in, sorted findings out. Rules only report;
 * the engine applies severity, stamps ids and URLs, applies suppressions, and turns a throwing
 * rule into one `internal-error` finding while the other rules still run.
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from './config.js';
import { parseDirectives, Suppressions, type SuppressionSpan } from './directives.js';
import { parsePostmortem, type PostmortemDocument } from './document/parse.js';
import { ENGINE_RULES, RULES } from './rules/index.js';
import type { AnyRule, Report } from './rules/rule.js';
import type { CompiledSchema } from './schema/validator.js';
import type { RepositoryIndex } from './repository/repository.js';
import type { PostmortemRecord, RecurrenceRecord } from './repository/record.js';
import { recurrencePlaces, recurrenceReports, type RecurrencePlaces } from './rules/recurrence.js';
import { bundled } from './resolve.js';
import type { Finding, Fix, Severity, TextRange } from './types.js';

/** Where each rule's documentation lives; the diagnostic links there. */
export const DOCS_BASE = 'https://github.com/ai-postmortem/ai-postmortem/blob/main/docs/rules/';

export function ruleUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

export interface LintOptions {
  readonly config?: ResolvedConfig;
  /** The frontmatter schema; the bundled default when absent. */
  readonly schema?: CompiledSchema;
  /** The rules to run; the full registry when absent. */
  readonly rules?: readonly AnyRule[];
  /** The document already parsed from `text` with the same limits (saves a second parse). */
  readonly document?: PostmortemDocument;
  /** The repository's postmortems (`buildRepositoryIndex`), for rules that read across documents. */
  readonly repository?: RepositoryIndex<RecurrenceRecord>;
  /** The document's path, named like the repository's records, so a rule can tell itself from the others. */
  readonly path?: string;
}

export interface LintResult {
  readonly document: PostmortemDocument;
  /** Sorted by start, end, rule id. */
  readonly findings: readonly Finding[];
  /** The document's suppression directives after this lint (what each covers, whether it suppressed something). */
  readonly suppression: readonly SuppressionSpan[];
}

function clamp(range: TextRange, length: number): TextRange {
  const start = Math.max(0, Math.min(Math.trunc(range.start) || 0, length));
  const end = Math.max(start, Math.min(Math.trunc(range.end) || 0, length));
  return { start, end };
}

function severityFor(config: ResolvedConfig, rule: { id: string; meta: { defaultSeverity: Severity } }): Severity | 'off' {
  return config.rules.get(rule.id)?.severity ?? rule.meta.defaultSeverity;
}

/** One level up: `Report.escalate`. */
function escalated(severity: Severity): Severity {
  return severity === 'info' ? 'warning' : 'error';
}

/** Lint one document. Never throws. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const schema = options.schema ?? bundled();
  const rules = options.rules ?? RULES;
  const document = options.document ?? parsePostmortem(text, config.limits);
  const findings: Finding[] = [];
  const length = text.length;
  // Rules write fixes with `\n`; the engine gives them the document's own line ending (its first).
  const eol = /\r\n?|\n/.exec(text)?.[0] ?? '\n';
  const withEol = (newText: string) => (eol === '\n' ? newText : newText.replace(/\r\n?|\n/g, eol));

  const stampFix = (fix: Fix): Fix => ({
    title: fix.title,
    edits: fix.edits.map((e) => ({ range: clamp(e.range, length), newText: withEol(e.newText), ...(e.snippet === undefined ? {} : { snippet: withEol(e.snippet) }) })),
  });
  const stamp = (id: string, severity: Severity, report: Report): Finding => ({
    ruleId: id,
    severity,
    message: report.message,
    range: clamp(report.range, length),
    url: ruleUrl(id),
    ...(report.data ? { data: report.data } : {}),
    ...(report.fix ? { fix: stampFix(report.fix) } : {}),
    ...(report.suggestions?.length ? { suggestions: report.suggestions.map(stampFix) } : {}),
    // A related location in another file has offsets into that file's text, not this one.
    ...(report.related ? { related: report.related.map((r) => (r.path === undefined ? { ...r, range: clamp(r.range, length) } : r)) } : {}),
    ...(report.fatal ? { fatal: true } : {}),
  });

  for (const rule of rules) {
    const severity = severityFor(config, rule);
    if (severity === 'off') continue;
    const userOptions = config.rules.get(rule.id)?.options;
    const reports: Report[] = [];
    try {
      rule.check({
        document,
        options: userOptions ? { ...rule.defaultOptions, ...userOptions } : rule.defaultOptions,
        phrases: config.phrases,
        schema,
        repository: options.repository,
        path: options.path,
        report: (r) => reports.push(r),
      });
      for (const r of reports) findings.push(stamp(rule.id, r.escalate ? escalated(severity) : severity, r));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      findings.push(
        stamp('internal-error', 'error', {
          range: { start: 0, end: 0 },
          message: `Rule \`${rule.id}\` failed on this document: ${detail}`,
          fatal: true,
        }),
      );
    }
  }

  const directives = parseDirectives(document.comments);
  const known = new Set([...rules.map((r) => r.id), ...ENGINE_RULES.map((r) => r.id)]);
  const suppressions = new Suppressions(directives, document.lines, length);
  const kept = findings.filter((f) => f.ruleId === 'internal-error' || !suppressions.suppresses(f.ruleId, f.range.start));
  const unusedSeverity = unusedDisableSeverity(config);
  if (unusedSeverity !== 'off') {
    for (const d of directives) {
      for (const id of d.rules) {
        if (!known.has(id)) kept.push(stamp('unused-disable', unusedSeverity, { range: d.range, message: `Unknown rule \`${id}\` in a \`postmortem-${d.kind}\` directive` }));
      }
    }
    for (const u of suppressions.unused()) kept.push(unusedFinding(unusedSeverity, u, length));
  }
  kept.sort(compareFindings);
  return { document, findings: kept, suppression: directives.length > 0 ? suppressions.snapshot() : [] };
}

function unusedDisableSeverity(config: ResolvedConfig): Severity | 'off' {
  const rule = ENGINE_RULES.find((r) => r.id === 'unused-disable');
  return rule ? severityFor(config, rule) : 'off';
}

/** An unused directive's finding (`Suppressions.unused`); the cross-file merge makes the same ones. */
function unusedFinding(severity: Severity, unused: { range: TextRange; message: string }, length: number): Finding {
  return { ruleId: 'unused-disable', severity, message: unused.message, range: clamp(unused.range, length), url: ruleUrl('unused-disable') };
}

/** Message prefix of the findings `unusedFinding` makes (the others of `unused-disable` name unknown rules). */
const UNUSED_PREFIX = 'Unused `postmortem-';

/** The engine's order of findings: start, end, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message);
}

/**
 * What the cross-file rule (`recurrence`) needs of one document, as plain data: its record, where
 * its findings go, its length, and whether it has suppression directives. A shell computes it
 * where it parsed the document (a worker), then the findings later from records alone.
 */
export interface CrossFileInput {
  readonly record: PostmortemRecord;
  readonly places: RecurrencePlaces;
  readonly length: number;
  readonly directives: boolean;
  /** The suppression directives after the document's own lint (`LintResult.suppression`), when known. */
  readonly suppression?: readonly SuppressionSpan[];
}

/** `suppression`: `LintResult.suppression` of the lint whose findings `withCrossFileFindings` will be given. */
export function crossFileInput(text: string, document: PostmortemDocument, record: PostmortemRecord, suppression?: readonly SuppressionSpan[]): CrossFileInput {
  const directives = parseDirectives(document.comments).length > 0;
  return { record, places: recurrencePlaces(document, record), length: text.length, directives, ...(directives && suppression ? { suppression } : {}) };
}

/**
 * Add the cross-file findings to the findings `lint()` gave without a repository, exactly as
 * `lint()` with `repository` would: the config's severity (and `escalate`), ids, URLs, the sort
 * order, and the document's suppression directives (`input.suppression`: a suppressed finding is left out, and a
 * directive it used is no longer reported unused). `undefined` when the document has directives, there is something to
 * add and `input.suppression` is missing: the shell must then call `lint()` with the repository.
 */
export function withCrossFileFindings(findings: readonly Finding[], input: CrossFileInput, options: { readonly config?: ResolvedConfig; readonly rules?: readonly AnyRule[]; readonly repository: RepositoryIndex<RecurrenceRecord>; readonly path?: string }): readonly Finding[] | undefined {
  const config = options.config ?? DEFAULT_CONFIG;
  const rule = (options.rules ?? RULES).find((r) => r.id === 'recurrence');
  if (!rule) return findings;
  const severity = severityFor(config, rule);
  if (severity === 'off') return findings;
  const reports = recurrenceReports(input.record, options.repository, options.path, input.places);
  if (reports.length === 0) return findings;
  if (input.directives && !input.suppression) return undefined;
  const suppressions = input.suppression ? Suppressions.fromSnapshot(input.suppression) : undefined;
  const kept = suppressions ? reports.filter((report) => !suppressions.suppresses(rule.id, clamp(report.range, input.length).start)) : reports;
  const added: Finding[] = kept.map((report) => ({
    ruleId: rule.id,
    severity: report.escalate ? escalated(severity) : severity,
    message: report.message,
    range: clamp(report.range, input.length),
    url: ruleUrl(rule.id),
    ...(report.related ? { related: report.related.map((r) => (r.path === undefined ? { ...r, range: clamp(r.range, input.length) } : r)) } : {}),
  }));
  if (!suppressions) return [...findings, ...added].sort(compareFindings);
  // The directives the added findings used are no longer unused: tell the unused ones again.
  const unusedSeverity = unusedDisableSeverity(config);
  const others = findings.filter((f) => f.ruleId !== 'unused-disable' || !f.message.startsWith(UNUSED_PREFIX));
  const unused = unusedSeverity === 'off' ? [] : suppressions.unused().map((u) => unusedFinding(unusedSeverity, u, input.length));
  return [...others, ...added, ...unused].sort(compareFindings);
}
