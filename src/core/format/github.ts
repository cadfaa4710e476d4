/**
 * `--format github`: GitHub Actions workflow commands, one line per finding, so findings show as
 * annotations in the pull request's Files tab without a token (fork PRs included), plus a Markdown
 * table of every finding for `$GITHUB_STEP_SUMMARY`.
 *
 * Injection safety: every line this formatter prints starts with `::error `, `::warning ` or
 * `::notice` and parses as that command (so the runner never tries the legacy `##[` parser on it);
 * untrusted text (messages quote document text, paths are file names) only appears escaped, so it
 * can never contain a raw CR or LF, can never start a line, and cannot end the property list.
 * `test/format-github.test.ts` checks this with a parser that mirrors the runner's
 * `ActionCommand.TryParseV2` and with fast-check round trips.
 */
import type { Finding, Severity } from '../types.js';
import type { FormatContext, FormatOutput } from './report.js';
import { count, positioned, type FileReport, type PositionedFinding } from './report.js';
import { utf8Length } from './utf8.js';

/** GitHub shows at most this many annotations of one type (error, warning, notice) per step. */
export const ANNOTATIONS_PER_TYPE = 10;
/** Longer annotation messages are cut by GitHub; we cut them first, at a character boundary. */
export const MAX_MESSAGE_LENGTH = 4096;
/** `$GITHUB_STEP_SUMMARY` holds at most 1 MiB per step; more fails the step. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Escape a command's data (the message), as `@actions/core` does: `%` first, then CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a property value: as `escapeData`, plus `:` (which would end the properties) and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A finding with everything the GitHub output needs, in output order. */
interface Entry extends PositionedFinding {
  readonly path: string;
}

/**
 * Findings in output order: those on changed lines first, then those elsewhere in changed files,
 * then the rest (when `changedLines` is known); within each group by severity, then path and
 * position. GitHub keeps the first 10 of each type, so the order decides what reviewers see inline.
 */
export function orderForReview(
  reports: readonly FileReport[],
  changedLines?: FormatContext['changedLines'],
): Entry[] {
  const entries: Array<Entry & { rank: number; index: number }> = [];
  for (const report of reports) {
    const changed = changedLines?.get(report.path);
    for (const p of positioned(report)) {
      let rank = 0;
      if (changedLines) {
        rank = 2;
        if (changed) {
          rank = 1;
          for (let line = p.start.line; line <= p.end.line; line++) if (changed.has(line)) rank = 0;
        }
      }
      entries.push({ ...p, path: report.path, rank, index: entries.length });
    }
  }
  entries.sort(
    (a, b) =>
      a.rank - b.rank ||
      SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] ||
      a.index - b.index,
  );
  return entries.map(({ finding, start, end, path }) => ({ finding, start, end, path }));
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

function titleFor(finding: Finding, context: FormatContext): string {
  const rule = context.rules.find((r) => r.id === finding.ruleId);
  // The runner trims the property list, so a title never ends in whitespace.
  return (rule ? `${finding.ruleId}: ${rule.meta.summary}` : finding.ruleId).trim();
}

/**
 * One workflow command. Columns are GitHub's: 1-based UTF-16 code units, and `endColumn` is
 * *inclusive* (the internal end is exclusive, so we print `end - 1`, never less than `col`). The
 * runner drops columns when `line != endLine`, so we print them only for single-line findings.
 */
export function annotation(entry: Entry, context: FormatContext): string {
  const { finding, start, end, path } = entry;
  const props = [`file=${escapeProperty(path)}`, `line=${start.line}`, `endLine=${end.line}`];
  if (start.line === end.line)
    props.push(`col=${start.column}`, `endColumn=${Math.max(start.column, end.column - 1)}`);
  props.push(`title=${escapeProperty(titleFor(finding, context))}`);
  return `::${COMMAND[finding.severity]} ${props.join(',')}::${escapeData(truncate(finding.message, MAX_MESSAGE_LENGTH))}`;
}

/** A table cell: pipes escaped (with the backslashes just before them, which would eat the escape), line breaks as spaces. */
export function escapeCell(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/(\\*)\|/g, (_m, slashes: string) => `${slashes}${slashes}\\|`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The Markdown written to `$GITHUB_STEP_SUMMARY`: every finding, cut at `maxBytes` with a note. */
export function stepSummary(
  reports: readonly FileReport[],
  context: FormatContext,
  maxBytes = STEP_SUMMARY_MAX_BYTES,
): string {
  const entries = orderForReview(reports, context.changedLines);
  const c = count(reports);
  const files = reports.filter((r) => r.findings.length > 0).length;
  const head =
    entries.length === 0
      ? `### ${context.tool.name}: no problems in ${plural(reports.length, 'file')}\n`
      : `### ${context.tool.name}: ${plural(entries.length, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info) in ${plural(files, 'file')} of ${reports.length}\n\n` +
        '| Severity | File | Line | Rule | Message |\n| --- | --- | --- | --- | --- |\n';
  const parts = [head];
  // Room for the truncation note, so the whole summary stays under the limit.
  const reserve = 400;
  let bytes = utf8Length(head);
  let shown = 0;
  for (const { finding, start, end, path } of entries) {
    const where =
      start.line === end.line
        ? `${start.line}:${start.column}`
        : `${start.line}:${start.column}–${end.line}:${end.column}`;
    const row = `| ${finding.severity} | ${escapeCell(path)} | ${where} | [${finding.ruleId}](${finding.url}) | ${escapeCell(finding.message)} |\n`;
    const size = utf8Length(row);
    if (bytes + size > maxBytes - reserve) break;
    parts.push(row);
    bytes += size;
    shown++;
  }
  if (shown < entries.length) {
    parts.push(
      `\n_${plural(entries.length - shown, 'more finding')} not listed: a step summary holds at most ${Math.floor(maxBytes / 1024)} KiB. Run \`postmortem lint --format json\` for the full list._\n`,
    );
  }
  return parts.join('');
}

export function formatGithub(reports: readonly FileReport[], context: FormatContext): FormatOutput {
  const entries = orderForReview(reports, context.changedLines);
  const perType: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const e of entries) perType[e.finding.severity]++;
  const over = (Object.keys(perType) as Severity[]).filter((s) => perType[s] > ANNOTATIONS_PER_TYPE);
  const lines: string[] = [];
  if (over.length > 0) {
    // First, so that it is never the 11th notice of the step.
    const what = over.map((s) => plural(perType[s], s === 'info' ? 'notice' : s)).join(', ');
    lines.push(
      `::notice::${escapeData(`${context.tool.name}: ${what}; GitHub shows ${ANNOTATIONS_PER_TYPE} annotations of each type per step (changed lines first). Every finding is in the job's step summary.`)}`,
    );
  }
  for (const entry of entries) lines.push(annotation(entry, context));
  return { stdout: lines.length ? `${lines.join('\n')}\n` : '', stepSummary: stepSummary(reports, context) };
}
