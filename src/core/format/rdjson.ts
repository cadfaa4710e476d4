/**
 * `--format rdjsonl` (one reviewdog Diagnostic per line) and `--format rdjson` (one
 * DiagnosticResult) for reviewdog, which posts them as review comments with suggestions, as check
 * annotations without GitHub's 10-per-step cap, or to GitLab merge requests.
 *
 * reviewdog counts columns in UTF-8 *bytes* (1-based, end exclusive): in `a𐐀b`, `b` is at column 6.
 * Positions are converted here from the internal UTF-16 offsets; nowhere else needs bytes.
 */
import { LineIndex } from '../document/line-index.js';
import type { Finding, Severity, TextRange } from '../types.js';
import { utf8Length } from './utf8.js';
import type { FormatContext, FormatOutput } from './report.js';
import type { FileReport } from './report.js';
import { INFORMATION_URI } from './sarif.js';

const SEVERITY: Record<Severity, 'ERROR' | 'WARNING' | 'INFO'> = {
  error: 'ERROR',
  warning: 'WARNING',
  info: 'INFO',
};

export interface BytePosition {
  readonly line: number;
  /** 1-based, in UTF-8 bytes from the start of the line. */
  readonly column: number;
}

/** The reviewdog position of a UTF-16 offset: same line, column in UTF-8 bytes. */
export function bytePosition(text: string, lines: LineIndex, offset: number): BytePosition {
  const { line } = lines.position(offset);
  const lineStart = lines.lineStart(line);
  return {
    line,
    column: utf8Length(text.slice(lineStart, Math.max(lineStart, Math.min(offset, text.length)))) + 1,
  };
}

function range(text: string, lines: LineIndex, r: TextRange) {
  return { start: bytePosition(text, lines, r.start), end: bytePosition(text, lines, r.end) };
}

function diagnostic(report: FileReport, lines: LineIndex, finding: Finding, context: FormatContext) {
  const related = (finding.related ?? []).filter((r) => r.path === undefined || r.path === report.path);
  const suggestions =
    finding.fix?.edits.map((edit) => ({
      range: range(report.text, lines, edit.range),
      text: edit.newText,
    })) ?? [];
  return {
    message: finding.message,
    location: { path: report.path, range: range(report.text, lines, finding.range) },
    severity: SEVERITY[finding.severity],
    source: { name: context.tool.name, url: INFORMATION_URI },
    code: { value: finding.ruleId, url: finding.url },
    ...(suggestions.length ? { suggestions } : {}),
    ...(related.length
      ? {
          related_locations: related.map((r) => ({
            message: r.message,
            location: { path: report.path, range: range(report.text, lines, r.range) },
          })),
        }
      : {}),
  };
}

function diagnostics(reports: readonly FileReport[], context: FormatContext) {
  return reports.flatMap((report) => {
    const lines = new LineIndex(report.text);
    return report.findings.map((finding) => diagnostic(report, lines, finding, context));
  });
}

/** One JSON object per line (`reviewdog -f=rdjsonl`); no findings, no output. */
export function formatRdjsonl(reports: readonly FileReport[], context: FormatContext): FormatOutput {
  return {
    stdout: diagnostics(reports, context)
      .map((d) => `${JSON.stringify(d)}\n`)
      .join(''),
  };
}

/** One DiagnosticResult (`reviewdog -f=rdjson`). */
export function formatRdjson(reports: readonly FileReport[], context: FormatContext): FormatOutput {
  const result = {
    source: { name: context.tool.name, url: INFORMATION_URI },
    diagnostics: diagnostics(reports, context),
  };
  return { stdout: `${JSON.stringify(result, null, 2)}\n` };
}
