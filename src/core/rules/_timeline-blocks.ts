/**
 * Timelines a document writes without a "Timeline" heading, read from its text line by line so that every parser
 * (whole, chunked, incremental) gives the same rows:
 *
 * - a **labelled block**: a line that is only a timeline label (`**Timeline**`, `Timeline:`, `*chronology*`),
 *   then the list, table or time-led lines under it;
 * - an **update log**: three or more headings or bold-led lines that each carry a date or time of day
 *   (`## 2026-06-04 18:02:54`, `**Resolved** · Oct 28, 2026 · 17:52 UTC`), as status pages and hand-written
 *   logs have them.
 */
import { classifyHeading } from '../document/sections.js';
import { parseTime } from '../document/time.js';
import type { TextRange, TimelineEntry, TimelineTime } from '../types.js';

export interface ImplicitTimeline {
  readonly kind: 'labelled' | 'log';
  readonly rows: readonly TimelineEntry[];
  /** Where the timeline's own words are (the label line, a table header, lines between rows), to find a zone stated once. */
  readonly statements: readonly string[];
}

interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const CLOCK = /\d:\d\d/;
/** A line that is only a label: bold, italic or followed by a colon, and short. */
const LABEL =
  /^[ \t]{0,3}(?:\*\*|__|\*|_)?[ \t]*([A-Za-z][^*_:\n]{2,60}?)[ \t]*(?:(?:\*\*|__|\*|_)[ \t]*:?|:[ \t]*(?:\*\*|__|\*|_)?)[ \t]*$/;
const HEADING = /^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$/;
const FENCE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^([ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+)/;
const TABLE_ROW = /^[ \t]*\|/;
const TABLE_RULE = /^[ \t|:-]+$/;
/** A sentence that introduces what follows and names a timeline: "The detailed incident timeline is as below:". */
const INTRODUCING = /^[ \t]{0,3}(?![-*+|#>]|\d{1,9}[.)])[^\n]{0,100}:[ \t]*$/;
/** Cheap gates: a text without these has no implicit timeline. */
const LABEL_GATE = /timeline|chronolog|sequence of events/i;
const LABEL_WORDS = [
  'imeline',
  'IMELINE',
  'hronolog',
  'HRONOLOG',
  'equence of events',
  'EQUENCE OF EVENTS',
] as const;
/** Heading, bold-led line or status stamp: found by its first character, then checked whole. */
const ENTRY_START = /\n[ \t]{0,3}[#*_PU]/g;
const ENTRY = /^[ \t]{0,3}(?:#{1,6}[ \t]|\*\*|__|(?:\*\*|__|_|\*)?(?:Posted|Updated)\b)/;
/** A time of day or an ISO date somewhere in the line. */
const TIMED = /\d:\d\d|\d{4}-\d\d-\d\d/;
const ZONE_START = /\n[ \t]*[AaTt]/g;
const ZONE_LINE = /^[ \t]*(?:all times\b|times (?:are |shown )?in\b)/i;
const FENCE_START = /\n[ \t]{0,3}[`~]{3}/g;
/** A status page's stamp under each update: "Posted Feb 21, 2024 - 17:03 PST". */
const STAMP = /^[ \t]{0,3}(?:\*\*|__|_|\*)?(?:Posted|Updated)(?:\*\*|__|_|\*)?[ \t]+(?:on[ \t]+|at[ \t]+)?/;

/** Separators after which a status line's time may stand: `**Resolved** · Oct 28, 2026 · 17:52 UTC`. */
const SEPARATOR = /(?:\*\*|__)[ \t]*[-–—·|:,]?[ \t]*|[ \t]+[-–—·|][ \t]+|,[ \t]+|[ \t]\(/g;

export function implicitTimelines(text: string, skip: readonly TextRange[]): ImplicitTimeline[] {
  // Only the lines that can open a timeline are looked at, found with `indexOf` and one-character-class scans:
  // on a 1 MB document the whole read stays a few milliseconds, which matters on every keystroke.
  const labels = linesContaining(text, LABEL_WORDS);
  const entries = linesStarting(text, ENTRY_START).filter((l) => ENTRY.test(l.text) && TIMED.test(l.text));
  if (labels.length === 0 && entries.length === 0) return [];
  const outside = outsideOf(text, skip);
  const out: ImplicitTimeline[] = [];
  const taken: TextRange[] = [];
  for (const line of labels) {
    if (!outside(line.start) || taken.some((r) => r.start <= line.start && line.start < r.end)) continue;
    const label = LABEL.exec(line.text);
    const isLabel =
      (label !== null && classifyHeading(label[1]!) === 'timeline') ||
      (INTRODUCING.test(line.text) && LABEL_GATE.test(line.text));
    if (!isLabel) continue;
    const block = labelledBlock(text, line, outside);
    taken.push({ start: line.start, end: block.end });
    if (block.rows.length >= 2)
      out.push({ kind: 'labelled', rows: block.rows, statements: block.statements });
  }
  const logLines = entries.filter(
    (l) => outside(l.start) && !taken.some((r) => r.start <= l.start && l.start < r.end),
  );
  if (logLines.length >= 3) {
    const zoneLines = linesStarting(text, ZONE_START).filter(
      (l) => ZONE_LINE.test(l.text) && outside(l.start),
    );
    const log = updateLog(logLines, zoneLines);
    if (log) out.push(log);
  }
  return out;
}

function lineAt(text: string, at: number): Line {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  let end = text.indexOf('\n', at);
  if (end < 0) end = text.length;
  return { start, end, text: text.slice(start, end).replace(/\r$/, '') };
}

/** The lines holding any of `words` (each in its written cases), in document order, once each. */
function linesContaining(text: string, words: readonly string[]): Line[] {
  const starts = new Map<number, Line>();
  for (const word of words)
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
      const line = lineAt(text, at);
      if (!starts.has(line.start)) starts.set(line.start, line);
    }
  return [...starts.values()].sort((a, b) => a.start - b.start);
}

/** The lines whose start `re` (global, beginning with `\n`) finds, and the first line when it matches too. */
function linesStarting(text: string, re: RegExp): Line[] {
  const lines: Line[] = [];
  // The first line has no line break before it: the same expression, tried on it with one put in front.
  const first = lineAt(text, 0);
  re.lastIndex = 0;
  if (re.exec(`\n${first.text}`)?.index === 0) lines.push(first);
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) lines.push(lineAt(text, m.index + 1));
  return lines;
}

/** Whether an offset lies outside code fences and outside `skip` (frontmatter, timeline sections already read). */
function outsideOf(text: string, skip: readonly TextRange[]): (at: number) => boolean {
  const fences: TextRange[] = [];
  let open: { start: number; mark: string } | undefined;
  for (const line of linesStarting(text, FENCE_START)) {
    const mark = FENCE.exec(line.text)![1]!;
    if (!open) open = { start: line.start, mark };
    else if (mark[0] === open.mark[0] && mark.length >= open.mark.length) {
      fences.push({ start: open.start, end: line.end });
      open = undefined;
    }
  }
  if (open) fences.push({ start: open.start, end: text.length });
  const ranges = [...fences, ...skip];
  return (at) => !ranges.some((r) => r.start <= at && at < r.end);
}

function entry(line: Line, time: TimelineTime, source: TimelineEntry['source']): TimelineEntry {
  const textRange = { start: time.range.end, end: line.start + line.text.length };
  return {
    range: { start: line.start, end: line.start + line.text.length },
    source,
    time,
    actor: undefined,
    text: line.text.slice(time.range.end - line.start).trim(),
    textRange,
    agentTag: false,
  };
}

/** The rows under a label line, up to the next heading, label or paragraph that is not a row. */
function labelledBlock(
  text: string,
  label: Line,
  outside: (at: number) => boolean,
): { rows: TimelineEntry[]; statements: string[]; end: number } {
  const rows: TimelineEntry[] = [];
  const statements = [label.text];
  let blank = false;
  let end = label.end;
  for (let start = label.end + 1; start < text.length;) {
    let stop = text.indexOf('\n', start);
    if (stop < 0) stop = text.length;
    const line: Line = { start, end: stop, text: text.slice(start, stop).replace(/\r$/, '') };
    start = stop + 1;
    if (!outside(line.start)) break; // a code block or a section already read
    if (line.text.trim() === '') {
      blank = true;
      continue;
    }
    if (HEADING.test(line.text) || (LABEL.test(line.text) && !TABLE_ROW.test(line.text))) break;
    const row = rowOf(line);
    if (row) {
      rows.push(row);
      blank = false;
      end = line.end;
      continue;
    }
    if (TABLE_ROW.test(line.text) || /^[ \t]{2,}\S/.test(line.text)) {
      statements.push(line.text);
      end = line.end;
      continue;
    }
    // A sentence between the label and its rows ("All times UTC.") belongs to the block; one after them ends it.
    if (rows.length > 0 && (blank || !LIST_ITEM.test(line.text))) break;
    if (rows.length === 0 && statements.length > 3) break;
    statements.push(line.text);
    end = line.end;
  }
  return { rows, statements, end };
}

/** A list item, table row or plain line that opens with a time. */
function rowOf(line: Line): TimelineEntry | undefined {
  if (TABLE_ROW.test(line.text)) {
    if (TABLE_RULE.test(line.text)) return undefined;
    const open = line.text.indexOf('|');
    const close = line.text.indexOf('|', open + 1);
    const cell = line.text.slice(open + 1, close < 0 ? undefined : close);
    const lead = cell.length - cell.trimStart().length;
    const time = parseTime(cell.trim(), line.start + open + 1 + lead, true);
    return time && CLOCK.test(time.text) ? entry(line, time, 'table') : undefined;
  }
  const marker = LIST_ITEM.exec(line.text)?.[1] ?? /^[ \t]{0,3}/.exec(line.text)![0];
  const time = parseTime(line.text.slice(marker.length), line.start + marker.length);
  return time && CLOCK.test(time.text) ? entry(line, time, marker.trim() ? 'list' : 'paragraph') : undefined;
}

/** Headings, bold-led lines or status stamps carrying a time, three or more of them with a time of day. */
function updateLog(lines: readonly Line[], zoneLines: readonly Line[]): ImplicitTimeline | undefined {
  const rows: TimelineEntry[] = [];
  for (const line of lines) {
    if (line.text.length > 120) continue;
    const heading = HEADING.exec(line.text);
    const stamp = heading ? undefined : STAMP.exec(line.text);
    const from = heading ? line.text.indexOf(heading[1]!) : stamp ? stamp[0].length : 0;
    const time = timeInEntryLine(line, from);
    if (time) rows.push(entry(line, time, 'paragraph'));
  }
  const clocked = rows.filter((r) => CLOCK.test(r.time!.text));
  return clocked.length >= 3 ? { kind: 'log', rows, statements: zoneLines.map((l) => l.text) } : undefined;
}

/** The time at the start of an entry line's text, or right after its status label and a separator. */
function timeInEntryLine(line: Line, from: number): TimelineTime | undefined {
  const text = line.text.slice(from);
  const first = parseTime(text, line.start + from);
  if (first) return first.hasDate || CLOCK.test(first.text) ? withTimeAfter(line, first) : undefined;
  SEPARATOR.lastIndex = 0;
  let tries = 0;
  for (let m = SEPARATOR.exec(text); m && tries < 4; m = SEPARATOR.exec(text), tries++) {
    const at = m.index + m[0].length;
    if (at >= text.length) break;
    const t = parseTime(text.slice(at), line.start + from + at);
    if (t && (t.hasDate || CLOCK.test(t.text)) && at <= 40) return withTimeAfter(line, t);
    if (m[0].length === 0) SEPARATOR.lastIndex++;
  }
  return undefined;
}

/** A date followed by its time after a separator (`Oct 28, 2026 · 17:52 UTC`, `2026-06-04 - 18:02`): one time. */
function withTimeAfter(line: Line, date: TimelineTime): TimelineTime {
  if (!date.hasDate || CLOCK.test(date.text) || date.value === undefined) return date;
  const rest = line.text.slice(date.range.end - line.start);
  const gap = /^[ \t]*(?:[-–—·|,@]|at)?[ \t]*/.exec(rest)![0];
  const time = parseTime(rest.slice(gap.length), date.range.end + gap.length);
  if (!time || time.hasDate || time.value === undefined || !CLOCK.test(time.text)) return date;
  return {
    text: line.text.slice(date.range.start - line.start, time.range.end - line.start),
    range: { start: date.range.start, end: time.range.end },
    value: date.value + time.value,
    hasZone: time.hasZone,
    hasDate: true,
  };
}
