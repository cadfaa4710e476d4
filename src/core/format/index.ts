/**
 * Output formats by name. A formatter is a pure function of the reports; what it returns for
 * standard output and (for `github`) for the step summary is written by the CLI.
 */
import type { EngineRule } from '../rules/index.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatRdjson, formatRdjsonl } from './rdjson.js';
import type { FileReport, ToolInfo } from './report.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export interface FormatContext {
  readonly tool: ToolInfo;
  /** Every rule with its metadata (SARIF lists them all). */
  readonly rules: readonly EngineRule[];
  /** Per path (as in the reports), the 1-based lines changed since `--changed-since`; absent: unknown. */
  readonly changedLines?: ReadonlyMap<string, ReadonlySet<number>>;
}

export interface FormatOutput {
  readonly stdout: string;
  /** Markdown for `$GITHUB_STEP_SUMMARY`, when the format writes one. */
  readonly stepSummary?: string;
}

export type Formatter = (reports: readonly FileReport[], context: FormatContext) => FormatOutput;

export const FORMATTERS: ReadonlyMap<string, Formatter> = new Map<string, Formatter>([
  ['stylish', (reports) => ({ stdout: formatStylish(reports) })],
  ['json', (reports, context) => ({ stdout: formatJson(reports, context.tool) })],
  ['github', formatGithub],
  ['sarif', formatSarif],
  ['rdjson', formatRdjson],
  ['rdjsonl', formatRdjsonl],
  ['gitlab', (reports) => formatGitlab(reports)],
]);
