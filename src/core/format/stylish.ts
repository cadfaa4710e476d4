/**
 * The default output: one matchable line per finding,
 * `path:line:column-endLine:endColumn severity message  rule-id` (two spaces before the id),
 * then a summary line. The extension's problem matcher reads exactly this.
 */
import { count, positioned, type FileReport, type PositionedFinding } from './report.js';

export function formatLine(p: PositionedFinding, path?: string): string {
  const where = `${p.start.line}:${p.start.column}-${p.end.line}:${p.end.column}`;
  const message = p.finding.message.replace(/\r\n|\r|\n/g, ' ');
  return `${path === undefined ? '' : `${path}:`}${where} ${p.finding.severity} ${message}  ${p.finding.ruleId}`;
}

/** Regular expression for one stylish line; the problem matcher in package.json mirrors it. */
export const STYLISH_LINE = /^(.+?):(\d+):(\d+)-(\d+):(\d+) (error|warning|info) (.*)  ([a-z][a-z0-9-]*)$/;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatStylish(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) for (const p of positioned(report)) lines.push(formatLine(p, report.path));
  const c = count(reports);
  const total = c.error + c.warning + c.info;
  const files = reports.filter((r) => r.findings.length > 0).length;
  lines.push(
    total === 0
      ? `No problems in ${plural(reports.length, 'file')}.`
      : `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) in ${plural(files, 'file')} of ${reports.length}.`,
  );
  return `${lines.join('\n')}\n`;
}
