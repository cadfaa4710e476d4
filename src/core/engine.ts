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
import { recordRecurrence, type RecurrenceRecord } from './repository/record.js';
import { bundled } from './schema/bundled.js';
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
  /**
   * The repository's postmortems (`buildRepositoryIndex`), for the cross-file rules (`Rule.across`). Without it those
   * rules do not run: a document alone says nothing about the others.
   */
  readonly repository?: RepositoryIndex<RecurrenceRecord>;
  /** The document's path, named like the repository's records, so a rule can tell itself from the others. */
  readonly path?: string;
  /** `false`: every rule takes its plain path where it has a faster one (the equivalence tests compare the two). */
  readonly fastPaths?: boolean;
}

export interface LintResult {
  readonly document: PostmortemDocument;
  /** Sorted by start, end, rule id. */
  readonly findings: readonly Finding[];
  /** The document's suppression directives after this lint (what each covers, whether it suppressed something). */
  readonly suppression: readonly SuppressionSpan[];
}

/** A cross-file rule that is on for a document, with what it prepared of it in the first phase (plain data). */
export interface PreparedAcross {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly options: object;
  readonly prepared: unknown;
}

/**
 * The first phase of a lint as plain data (structured-cloneable, so it crosses worker threads): the findings of every
 * rule that reads the document alone, and what the second phase (`completeLint`) needs to add the cross-file rules'
 * findings once the repository index is known, exactly as one `lint()` with the index would.
 */
export interface FirstPass {
  /** Findings of the document's own rules, suppressions applied, without the unused-directive findings (the second phase tells those). */
  readonly findings: readonly Finding[];
  /** The suppression directives after the first phase. */
  readonly suppression: readonly SuppressionSpan[];
  /** The text's length (ranges are clamped to it). */
  readonly length: number;
  /** The text's line ending, for the second phase's fixes. */
  readonly eol: string;
  /** Severity of `unused-disable` under the document's config. */
  readonly unusedSeverity: Severity | 'off';
  /** The cross-file rules that are on, each with its prepared data; empty when the first phase was asked not to prepare. */
  readonly across: readonly PreparedAcross[];
}

function clamp(range: TextRange, length: number): TextRange {
  const start = Math.max(0, Math.min(Math.trunc(range.start) || 0, length));
  const end = Math.max(start, Math.min(Math.trunc(range.end) || 0, length));
  return { start, end };
}

function severityFor(
  config: ResolvedConfig,
  rule: { id: string; meta: { defaultSeverity: Severity } },
): Severity | 'off' {
  return config.rules.get(rule.id)?.severity ?? rule.meta.defaultSeverity;
}

/** One level up: `Report.escalate`. */
function escalated(severity: Severity): Severity {
  return severity === 'info' ? 'warning' : 'error';
}

/** Turns reports into findings at offsets of a text of `length` characters (the document's line ending in fixes). */
function stamper(length: number, eol: string) {
  const withEol = (newText: string) => (eol === '\n' ? newText : newText.replace(/\r\n?|\n/g, eol));
  const stampFix = (fix: Fix): Fix => ({
    title: fix.title,
    edits: fix.edits.map((e) => ({
      range: clamp(e.range, length),
      newText: withEol(e.newText),
      ...(e.snippet === undefined ? {} : { snippet: withEol(e.snippet) }),
    })),
  });
  return (id: string, severity: Severity, report: Report): Finding => ({
    ruleId: id,
    severity,
    message: report.message,
    range: clamp(report.range, length),
    url: ruleUrl(id),
    ...(report.data ? { data: report.data } : {}),
    ...(report.fix ? { fix: stampFix(report.fix) } : {}),
    ...(report.suggestions?.length ? { suggestions: report.suggestions.map(stampFix) } : {}),
    // A related location in another file has offsets into that file's text, not this one.
    ...(report.related
      ? {
          related: report.related.map((r) =>
            r.path === undefined ? { ...r, range: clamp(r.range, length) } : r,
          ),
        }
      : {}),
    ...(report.fatal ? { fatal: true } : {}),
  });
}

function failed(rule: AnyRule, error: unknown): Report {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    range: { start: 0, end: 0 },
    message: `Rule \`${rule.id}\` failed on this document: ${detail}`,
    fatal: true,
  };
}

/** The line ending rules' fixes get: the document's first, else `\n`. */
function eolOf(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? '\n';
}

/**
 * The first phase of `lint`: every rule that reads the document alone, and, with `prepare`, what each cross-file rule
 * needs of the document for the second phase. `record`: the document's repository record when the caller has it
 * (it is made from the document otherwise, only when a cross-file rule asks for it). Never throws.
 */
export function lintFirstPass(
  text: string,
  options: LintOptions & { readonly prepare?: boolean; readonly record?: RecurrenceRecord } = {},
): { readonly document: PostmortemDocument; readonly first: FirstPass } {
  const config = options.config ?? DEFAULT_CONFIG;
  const schema = options.schema ?? bundled();
  const rules = options.rules ?? RULES;
  const document = options.document ?? parsePostmortem(text, config.limits);
  const findings: Finding[] = [];
  const length = text.length;
  const eol = eolOf(text);
  const stamp = stamper(length, eol);
  const across: PreparedAcross[] = [];
  let record = options.record;
  const recordOf = () => (record ??= recordRecurrence(options.path ?? '', document));

  // A document over the size limit is read for its frontmatter only (its `document-size` finding says so): the rules
  // that read the body do not run on it, cross-file rules (which read frontmatter) still do.
  const bodyRead = document.tree !== undefined;
  for (const rule of rules) {
    const severity = severityFor(config, rule);
    if (severity === 'off') continue;
    if (!bodyRead && (rule.meta.category === 'ai' || rule.meta.category === 'hygiene') && !rule.across)
      continue;
    const userOptions = config.rules.get(rule.id)?.options;
    const ruleOptions = userOptions ? { ...rule.defaultOptions, ...userOptions } : rule.defaultOptions;
    const reports: Report[] = [];
    try {
      rule.check?.({
        document,
        options: ruleOptions,
        phrases: config.phrases,
        schema,
        path: options.path,
        report: (r) => reports.push(r),
      });
      for (const r of reports) findings.push(stamp(rule.id, r.escalate ? escalated(severity) : severity, r));
      if (rule.across && options.prepare) {
        across.push({
          ruleId: rule.id,
          severity,
          options: ruleOptions,
          prepared: rule.across.prepare({
            document,
            options: ruleOptions,
            phrases: config.phrases,
            path: options.path,
            record: recordOf,
          }),
        });
      }
    } catch (error) {
      findings.push(stamp('internal-error', 'error', failed(rule, error)));
    }
  }

  const directives = parseDirectives(document.comments);
  const known = new Set([...rules.map((r) => r.id), ...ENGINE_RULES.map((r) => r.id)]);
  const suppressions = new Suppressions(directives, document.lines, length);
  const kept = findings.filter(
    (f) => f.ruleId === 'internal-error' || !suppressions.suppresses(f.ruleId, f.range.start),
  );
  const unusedSeverity = unusedDisableSeverity(config);
  if (unusedSeverity !== 'off') {
    for (const d of directives) {
      for (const id of d.rules) {
        if (!known.has(id))
          kept.push(
            stamp('unused-disable', unusedSeverity, {
              range: d.range,
              message: `Unknown rule \`${id}\` in a \`postmortem-${d.kind}\` directive`,
            }),
          );
      }
    }
  }
  return {
    document,
    first: {
      findings: kept,
      suppression: directives.length > 0 ? suppressions.snapshot() : [],
      length,
      eol,
      unusedSeverity,
      across,
    },
  };
}

/**
 * The second phase of `lint`: the cross-file rules' findings from the first phase's prepared data and the repository
 * index (none without one), the document's suppression directives applied to them, then the directives that
 * suppressed nothing told, and everything sorted. `lint()` is exactly these two phases. Never throws.
 */
export function completeLint(
  first: FirstPass,
  options: {
    readonly rules?: readonly AnyRule[];
    readonly repository?: RepositoryIndex<RecurrenceRecord> | undefined;
    readonly path?: string | undefined;
    readonly fastPaths?: boolean;
  } = {},
): { readonly findings: readonly Finding[]; readonly suppression: readonly SuppressionSpan[] } {
  const rules = options.rules ?? RULES;
  const { length } = first;
  const stamp = stamper(length, first.eol);
  const suppressions = Suppressions.fromSnapshot(first.suppression);
  const findings: Finding[] = [...first.findings];
  const repository = options.repository;
  if (repository) {
    for (const entry of first.across) {
      const rule = rules.find((r) => r.id === entry.ruleId);
      if (!rule?.across) continue;
      const reports: Report[] = [];
      try {
        rule.across.check({
          prepared: entry.prepared,
          options: entry.options,
          repository,
          path: options.path,
          fastPaths: options.fastPaths !== false,
          report: (r) => reports.push(r),
        });
        for (const r of reports) {
          const finding = stamp(rule.id, r.escalate ? escalated(entry.severity) : entry.severity, r);
          if (!suppressions.suppresses(rule.id, finding.range.start)) findings.push(finding);
        }
      } catch (error) {
        findings.push(stamp('internal-error', 'error', failed(rule, error)));
      }
    }
  }
  if (first.unusedSeverity !== 'off') {
    for (const u of suppressions.unused()) findings.push(stamp('unused-disable', first.unusedSeverity, u));
  }
  findings.sort(compareFindings);
  return { findings, suppression: first.suppression.length > 0 ? suppressions.snapshot() : [] };
}

/** Lint one document: `lintFirstPass`, then `completeLint` with `options.repository`. Never throws. */
export function lint(text: string, options: LintOptions = {}): LintResult {
  const { document, first } = lintFirstPass(text, { ...options, prepare: options.repository !== undefined });
  const { findings, suppression } = completeLint(first, options);
  return { document, findings, suppression };
}

function unusedDisableSeverity(config: ResolvedConfig): Severity | 'off' {
  const rule = ENGINE_RULES.find((r) => r.id === 'unused-disable');
  return rule ? severityFor(config, rule) : 'off';
}

/** The engine's order of findings: start, end, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.range.start - b.range.start ||
    a.range.end - b.range.end ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * The finding of a document whose lint took longer than `seconds` (a shell's per-file time limit), as the engine's
 * `document-size` rule: always an error and fatal (the document was not checked), and none when the config turns
 * `document-size` off.
 */
export function timeoutFinding(
  seconds: number,
  config: ResolvedConfig = DEFAULT_CONFIG,
): Finding | undefined {
  if (config.rules.get('document-size')?.severity === 'off') return undefined;
  return {
    ruleId: 'document-size',
    severity: 'error',
    message: `Document took longer than ${seconds} s to lint; the document is too complex to check (split it, or raise \`--file-timeout\`)`,
    range: { start: 0, end: 0 },
    url: ruleUrl('document-size'),
    fatal: true,
  };
}
