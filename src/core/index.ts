/**
 * The public surface of the core. Pure: no `vscode`, no Node I/O, no globals of a host. The CLI
 * and the extension import only from here, so they cannot disagree.
 */
export type {
  ActionItem,
  Finding,
  Fix,
  Located,
  RelatedLocation,
  Section,
  SectionKind,
  Severity,
  SeveritySetting,
  TextEdit,
  TextRange,
  TimelineEntry,
  TimelineTime,
} from './types.js';
export { LineIndex, type Position } from './document/line-index.js';
export { YAML_OPTIONS as FRONTMATTER_YAML_OPTIONS } from './document/frontmatter.js';
export {
  parsePostmortem,
  DEFAULT_LIMITS,
  type PostmortemDocument,
  type ParseLimits,
} from './document/parse.js';
/** `createLinter({ host, workspace })`: the linter instance, the one way every shell reaches findings. */
export {
  createLinter,
  type Linter,
  type LinterOptions,
  type LinterDocument,
  type Workspace,
  type ReadResult,
  type FirstPassLint,
  type Explanation,
  type RuleSetting,
  type FixOutcome,
  type IndexOptions,
  type IndexResult,
  type Progress,
  type ProgressPhase,
} from './linter.js';
/** The engine under the instance: `lint(text, {config, schema})` for one text (tests, benchmarks, the incremental linter). */
export {
  lint,
  lintFirstPass,
  completeLint,
  timeoutFinding,
  ruleUrl,
  DOCS_BASE,
  compareFindings,
  type FirstPass,
  type PreparedAcross,
  type LintOptions,
  type LintResult,
} from './engine.js';
/** `createIncrementalLinter()`: re-lint after an edit by re-parsing only the changed chunks (same findings as `lint`). */
export {
  createIncrementalLinter,
  createIncrementalParser,
  type IncrementalLinter,
  type IncrementalStats,
} from './incremental.js';
export { createRecordParser, createRuleParser } from './document/chunks.js';
export { applyEdits, fixAll, fixEdits } from './edits.js';
export {
  CONFIG_FILE_NAME,
  DEFAULT_CONFIG,
  DEFAULT_FILES,
  parseConfig,
  resolveConfig,
  type ConfigProblem,
  type PostmortemConfig,
  type ResolvedConfig,
} from './config.js';
export {
  Resolver,
  bundled,
  DEFAULT_SCHEMA_ID,
  DEFAULT_SCHEMA_NAME,
  type ConfigFailure,
  type ConfigLookup,
  type FileLint,
  type Host,
  type SchemaAssociation,
} from './resolve.js';
/** `explain` as text, the one renderer both shells print. */
export {
  configFailureLines,
  renderExplanation,
  type ExplanationData,
  type ExplanationView,
} from './explain.js';
/** `recognisePostmortem({path, text, config, root})`: whether a Markdown file is a postmortem, and why (docs/recognition.md). */
export { configuredPostmortemFolder, dateInName, datedFileName } from './recognise/new-file.js';
export {
  recognisePostmortem,
  describeRecognition,
  recognitionSummary,
  type Recognition,
  type RecognitionInput,
  type RecognitionReason,
  type RecognitionSignal,
} from './recognise/recognise.js';
export { compileSchema, type CompiledSchema, type PrecompiledSchema } from './schema/validator.js';
export { RULES, ENGINE_RULES, allRuleInfo, type EngineRule } from './rules/index.js';
export { ruleProse, type RuleProse } from './rules/prose.js';
export type {
  AnyRule,
  Rule,
  RuleExample,
  RuleMeta,
  RuleDocs,
  CrossFile,
  PrepareContext,
  AcrossContext,
} from './rules/rule.js';
export { BUILTIN_PHRASES, PHRASE_KEYS, type PhraseLists } from './rules/phrases.js';
export { formatStylish, formatLine, STYLISH_LINE } from './format/stylish.js';
export { formatJson, JSON_FORMAT_VERSION } from './format/json.js';
export {
  positioned,
  count,
  type FileReport,
  type ToolInfo,
  type PositionedFinding,
} from './format/report.js';
export * as paths from './path.js';
export { fnv1a } from './hash.js';
export { newPostmortem, type TemplateValues } from './template.js';
export { FORMATTERS, type Formatter, type FormatContext, type FormatOutput } from './format/index.js';
/** Trace import: `parseTrace(text)` → `TraceMetadata`, then `importTrace(doc, trace, options)` → edits (see docs/trace-import.md). */
export {
  parseTrace,
  splitTraces,
  MAX_TRACE_LENGTH,
  FORMAT_HINTS,
  type FormatHint,
  type ParseTraceOptions,
} from './trace/parse-trace.js';
export {
  importTrace,
  BLOCK_OPEN,
  BLOCK_CLOSE,
  type ImportOptions,
  type ImportResult,
  type ImportSummary,
} from './trace/import-trace.js';
export {
  Redactor,
  findSecrets,
  isAllowedAttribute,
  isDeniedAttribute,
  ALLOWED_ATTRIBUTES,
  DENIED_ATTRIBUTES,
  REDACTED,
  type SecretKind,
} from './trace/redact.js';
export {
  importReplays,
  behaviorRateOf,
  replayVerdict,
  parseFailWhen,
  describeFailWhen,
  rateEntry,
  type FailPredicate,
  type BehaviorRate,
  type ReplayVerdict,
  type ReplayImportOptions,
  type ReplayImportResult,
  type ReplayImportSummary,
} from './trace/replays.js';
export {
  importComparison,
  compareWindows,
  describeChange,
  sharesOf,
  DEFAULT_MIX_THRESHOLD,
  COMPARE_ATTRIBUTES,
  type Comparison,
  type ComparisonImportResult,
  type ComparisonSummary,
  type VariableComparison,
  type VariableChange,
  type Variable,
  type Shares,
} from './trace/compare.js';
export {
  wilsonInterval,
  compareRates,
  replaysToRuleOut,
  normalQuantile,
  zFor,
  roundRate,
  type RateInterval,
  type RateComparison,
} from './trace/stats.js';
export type {
  TraceMetadata,
  TraceSpan,
  TraceBackend,
  TraceFormat,
  SpanCategory,
  Evaluation,
  TraceParseResult,
  TraceParseProblem,
} from './trace/types.js';
/** The repository index and report: every postmortem of a folder as plain records, for `recurrence` and `postmortem report` (docs/repository.md). */
export {
  buildRepositoryIndex,
  recordRecurrenceText,
  recordText,
  compareRecords,
  daysBetween,
  RepositoryIndex,
  type OpenItem,
  type RecordOptions,
  type RepositoryFile,
} from './repository/repository.js';
export {
  recordPostmortem,
  recordRecurrence,
  CATCH_ALL_CLASSES,
  dayOf,
  label,
  movedBy,
  MOVE_WINDOW_DAYS,
  SIX_VARIABLES,
  type ActionItemRecord,
  type ActionItemState,
  type Anchor,
  type PostmortemRecord,
  type RecurrenceRecord,
  type RootCauseKind,
  type SixVariable,
  type VariableState,
} from './repository/record.js';
export {
  summarizeRepository,
  REPORT_VERSION,
  type RepositorySummary,
  type SummaryOptions,
  type PostmortemRef,
  type ClassCount,
  type AgeBucket,
  type OpenItemRow,
  type Recurrence,
  type ServiceVariableRecurrence,
} from './repository/summary.js';
export { renderReportJson } from './repository/report-json.js';
export { renderReportMarkdown } from './repository/report-md.js';
export { renderReportHtml } from './repository/report-html.js';
