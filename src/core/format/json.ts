/**
 * `--format json`: versioned and documented in docs/json-format.md. Version 1 is stable:
 * fields may be added, never renamed or removed.
 */
import { count, positioned, type FileReport, type ToolInfo } from './report.js';

export const JSON_FORMAT_VERSION = 1;

export function formatJson(reports: readonly FileReport[], tool: ToolInfo): string {
  const c = count(reports);
  const out = {
    version: JSON_FORMAT_VERSION,
    tool,
    summary: { files: reports.length, errors: c.error, warnings: c.warning, infos: c.info },
    files: reports.map((report) => ({
      path: report.path,
      findings: positioned(report).map(({ finding, start, end }) => ({
        ruleId: finding.ruleId,
        severity: finding.severity,
        message: finding.message,
        url: finding.url,
        range: {
          start: { line: start.line, column: start.column, offset: finding.range.start },
          end: { line: end.line, column: end.column, offset: finding.range.end },
        },
        ...(finding.data ? { data: finding.data } : {}),
        ...(finding.fix ? { fix: finding.fix } : {}),
        ...(finding.related ? { related: finding.related } : {}),
        ...(finding.fatal ? { fatal: true } : {}),
      })),
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
