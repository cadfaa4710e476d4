/** What every formatter receives: per file, its text (for positions) and its findings. */
import type { EngineRule } from '../rules/index.js';
import { LineIndex, type Position } from '../document/line-index.js';
import type { Finding, Severity } from '../types.js';

export interface FileReport {
  /** As shown to the user: relative to the working directory, `/` separators. */
  readonly path: string;
  readonly text: string;
  readonly findings: readonly Finding[];
}

export interface ToolInfo {
  readonly name: string;
  readonly version: string;
}

/** A finding with 1-based line/column positions (end exclusive). */
export interface PositionedFinding {
  readonly finding: Finding;
  readonly start: Position;
  readonly end: Position;
}

export function positioned(report: FileReport): PositionedFinding[] {
  const lines = new LineIndex(report.text);
  return report.findings.map((finding) => ({
    finding,
    start: lines.position(finding.range.start),
    end: lines.position(finding.range.end),
  }));
}

export interface Counts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export function count(reports: readonly FileReport[]): Counts {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const r of reports) for (const f of r.findings) c[f.severity]++;
  return c;
}

/** What every formatter is given besides the reports. */
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
