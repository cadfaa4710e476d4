/**
 * Imported timeline rows → one edit of the document's timeline. The rows join the author's rows in
 * time order (the author's table or list, not a table of their own), written in the document's own
 * time format and zone, so `timeline-order` reads the merged timeline as it read the author's. Each
 * run of consecutive imported rows is a marked block: its first line ends with
 * `<!-- ai-postmortem:trace-import id=<traceId> -->`, its last with `<!-- /ai-postmortem:trace-import -->`
 * (inline HTML comments: a comment line would end a GFM table). A re-import removes this trace's
 * runs, and the standalone block earlier versions wrote, then inserts the rows again; rows of other
 * traces and every row of the author stay.
 */
import { parsePostmortem, type PostmortemDocument } from '../document/parse.js';
import { parseTime } from '../document/time.js';
import type { TextEdit, TimelineEntry } from '../types.js';

export const BLOCK_OPEN = 'ai-postmortem:trace-import';
export const BLOCK_CLOSE = '/ai-postmortem:trace-import';

export interface TimelineRow {
  /** Start of the span, milliseconds since the epoch. */
  readonly ms: number | undefined;
  readonly actor: string | undefined;
  readonly text: string;
}

export interface TimelineMerge {
  readonly edit: TextEdit | undefined;
  /** The imported rows as written (for printing without a document). */
  readonly lines: readonly string[];
  readonly createdSection: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

type Role = 'time' | 'actor' | 'text' | 'other';

function cellRole(cell: string): Role {
  const h = cell.toLowerCase().replace(/[*_`]/g, '').trim();
  if (/^(time|timestamp|when|date|date\s*\/\s*time|datetime|time\s*\(.*\)|clock)$/.test(h)) return 'time';
  if (/^(actor|who|by|agent|source|component|system|party)$/.test(h)) return 'actor';
  if (
    /^(event|events|description|what|what\s*happened|action|actions|details?|notes?|summary|activity|step)$/.test(
      h,
    )
  )
    return 'text';
  return 'other';
}

function splitRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function actorName(actor: string | undefined): string | undefined {
  return actor && /^[A-Za-z@][\w@ ./()'-]{0,39}$/.test(actor) ? actor : undefined;
}

/** How the document writes a time: its date part, clock precision, 12/24 hours, zone suffix and offset. */
export interface TimeStyle {
  readonly date: 'iso' | 'none';
  readonly separator: string;
  readonly seconds: boolean;
  readonly millis: boolean;
  /** `AM`/`am`, or undefined for 24 hours. */
  readonly ampm: 'AM' | 'am' | undefined;
  /** Written after the clock (`Z`, ` UTC`, ` PT`, `+02:00`), or '' when the section states the zone once. */
  readonly suffix: string;
  /** Offset of the document's zone from UTC, in minutes, as the lint reads it. */
  readonly offset: number;
}

const DEFAULT_STYLE: TimeStyle = {
  date: 'iso',
  separator: ' ',
  seconds: true,
  millis: true,
  ampm: undefined,
  suffix: 'Z',
  offset: 0,
};

/** The offset (minutes) the lint's time reader gives `zone`, or undefined when it does not read one. */
function offsetOf(zone: string): number | undefined {
  const t = parseTime(`00:00 ${zone.trim()}`, 0);
  if (!t?.hasZone || t.value === undefined) return undefined;
  return -Math.round(t.value / 60000);
}

const ZONE_WORD =
  /\b(UTC|GMT)\b|(?<![\w-])(PST|PDT|PT|EST|EDT|ET|CST|CDT|CT|MST|MDT|MT|CET|CEST|BST|IST|JST|AEST|AEDT|EET|EEST|WET|WEST)(?![\w-])|\b(Eastern|Pacific|Central|Mountain)\b/;

function styleOf(text: string, rows: readonly TimelineEntry[], sectionText: string): TimeStyle {
  const clocked = rows.find((r) => r.time && /\d:\d\d/.test(r.time.text));
  if (!clocked) return DEFAULT_STYLE;
  const t = clocked.time!.text;
  const m = /^(\d{4}-\d{2}-\d{2}([T ]+))?.*?\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(\s?[AaPp]\.?[Mm]\.?)?(.*)$/.exec(
    t,
  );
  const date = m?.[1] ? 'iso' : clocked.time!.hasDate ? 'iso' : 'none';
  const separator = m?.[2] ?? ' ';
  const ampm = m?.[5] ? (/[A-Z]/.test(m[5]) ? 'AM' : 'am') : undefined;
  const rest = (m?.[6] ?? '').replace(/[*_`)\]]+$/, '');
  let suffix = '';
  let offset = 0;
  if (clocked.time!.hasZone && rest.trim() !== '') {
    suffix = rest;
    offset = offsetOf(rest) ?? 0;
  } else {
    // Times without a zone: the section states it once ("All times UTC", "Time (PT)").
    let outside = sectionText;
    for (const r of rows) outside = outside.replace(text.slice(r.range.start, r.range.end), '');
    const z = ZONE_WORD.exec(outside);
    if (z) offset = offsetOf(z[0]) ?? 0;
    else suffix = ' UTC';
  }
  return {
    date,
    separator: date === 'iso' ? separator : '',
    seconds: m?.[3] !== undefined,
    millis: m?.[4] !== undefined,
    ampm,
    suffix,
    offset,
  };
}

export function formatTime(ms: number, style: TimeStyle): string {
  const d = new Date(Math.floor(ms) + style.offset * 60000);
  if (Number.isNaN(d.getTime())) return '';
  const two = (n: number) => String(n).padStart(2, '0');
  let hour = d.getUTCHours();
  let ampm = '';
  if (style.ampm) {
    ampm = ` ${hour < 12 ? style.ampm : style.ampm === 'AM' ? 'PM' : 'pm'}`;
    hour = hour % 12 === 0 ? 12 : hour % 12;
  }
  const date =
    style.date === 'iso'
      ? `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}${style.separator}`
      : '';
  const clock = `${style.ampm ? hour : two(hour)}:${two(d.getUTCMinutes())}${style.seconds ? `:${two(d.getUTCSeconds())}` : ''}${style.seconds && style.millis ? `.${String(d.getUTCMilliseconds()).padStart(3, '0')}` : ''}`;
  return `${date}${clock}${ampm}${style.suffix}`;
}

/** Remove this trace's rows: inline-marked runs, and the standalone block of earlier versions. */
function strip(section: string, traceId: string): string {
  const open = `<!-- ${BLOCK_OPEN} id=${traceId} -->`;
  const close = `<!-- ${BLOCK_CLOSE} -->`;
  let out = section;
  let from = 0;
  for (;;) {
    const at = out.indexOf(open, from);
    if (at < 0) return out;
    const end = out.indexOf(close, at);
    if (end < 0) return out;
    const ls = lineStart(out, at);
    if (out.slice(ls, at).trim() === '') {
      // A standalone block (`<!-- open -->` on its own line, written after the section's content).
      let start = ls;
      while (start > 0 && /\s/.test(out[start - 1]!)) start--;
      out = out.slice(0, start) + out.slice(end + close.length);
      from = start;
    } else {
      const lastEnd = lineEnd(out, end);
      const blankBefore =
        ls === 0 || /\n[ \t]*\r?\n$/.test(out.slice(0, ls)) || /^[ \t]*\r?\n$/.test(out.slice(0, ls));
      const rest = out.slice(lastEnd);
      // `rest` starts at the end of the run's last line: a blank line must follow that line end, or nothing but space.
      const blankAfter = /^\r?\n[ \t]*(\r?\n|$)/.test(rest) || /^\s*$/.test(rest);
      if (blankBefore && blankAfter) {
        // A run that is a block of its own (a list the import added): the blank lines that set it off go too.
        let start = ls;
        while (start > 0 && /\s/.test(out[start - 1]!)) start--;
        out = out.slice(0, start) + rest;
        from = start;
      } else {
        let le = out.indexOf('\n', end);
        le = le < 0 ? out.length : le + 1;
        out = out.slice(0, ls) + out.slice(le);
        from = ls;
      }
    }
  }
}

type Container = { kind: 'table'; roles: Role[] } | { kind: 'list'; bullet: string } | { kind: 'paragraph' };

function containerOf(text: string, row: TimelineEntry): Container {
  const ls = lineStart(text, row.range.start);
  const line = text.slice(ls, lineEnd(text, ls));
  if (row.source === 'table') {
    // Walk up to the delimiter row; the line above it is the header.
    let at = ls;
    for (let guard = 0; at > 0 && guard < 10000; guard++) {
      const prev = lineStart(text, at - 1);
      const prevLine = text.slice(prev, lineEnd(text, prev));
      if (/^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(prevLine) && prevLine.includes('-')) {
        const header = lineStart(text, Math.max(0, prev - 1));
        return { kind: 'table', roles: splitRow(text.slice(header, lineEnd(text, header))).map(cellRole) };
      }
      at = prev;
    }
    return {
      kind: 'table',
      roles: splitRow(line)
        .map(() => 'other' as Role)
        .map((r, i) => (i === 0 ? 'time' : r)),
    };
  }
  if (row.source === 'list') {
    const bullet = /^(\s*(?:[-*+]|\d{1,9}[.)])[ \t]+)/.exec(line)?.[1] ?? '- ';
    return { kind: 'list', bullet };
  }
  return { kind: 'paragraph' };
}

function render(
  rows: readonly TimelineRow[],
  container: Container,
  style: TimeStyle,
  traceId: string,
): string[] {
  const open = ` <!-- ${BLOCK_OPEN} id=${traceId} -->`;
  const close = ` <!-- ${BLOCK_CLOSE} -->`;
  const mark = (i: number) => `${i === 0 ? open : ''}${i === rows.length - 1 ? close : ''}`;
  if (container.kind === 'table') {
    const roles = container.roles;
    const escape = (s: string) => s.replace(/\|/g, '\\|');
    const hasActor = roles.includes('actor');
    const timeCol = roles.indexOf('time') >= 0 ? roles.indexOf('time') : 0;
    let textCol = roles.indexOf('text');
    if (textCol < 0) textCol = roles.findIndex((r, i) => i !== timeCol && r !== 'actor');
    if (textCol < 0) textCol = roles.length - 1;
    return rows.map((row, n) => {
      const cells = roles.map((role, i) => {
        if (i === timeCol) return row.ms === undefined ? '' : formatTime(row.ms, style);
        if (role === 'actor') return escape(row.actor ?? '');
        if (i === textCol) return escape(hasActor || !row.actor ? row.text : `${row.actor}: ${row.text}`);
        return '';
      });
      cells[cells.length - 1] = `${cells[cells.length - 1]}${mark(n)}`.trimStart();
      return `| ${cells.join(' | ')} |`;
    });
  }
  const bullet = container.kind === 'list' ? container.bullet : '- ';
  return rows.map((row, n) => {
    const actor = actorName(row.actor);
    const who = actor ? `**${actor}**: ` : row.actor ? `${code(row.actor)} ` : '';
    const time = row.ms === undefined ? '' : `${formatTime(row.ms, style)} `;
    return `${bullet}${time}${who}${row.text}${mark(n)}`;
  });
}

/** Absolute times of the author's timed rows (times of day are placed on the day of `anchorMs`, in the document's zone). */
function absoluteTimes(
  rows: readonly TimelineEntry[],
  style: TimeStyle,
  anchorMs: number,
): Array<number | undefined> {
  const offsetMs = style.offset * 60000;
  let day = Math.floor((anchorMs + offsetMs) / DAY) * DAY;
  let previous: number | undefined;
  return rows.map((r) => {
    const t = r.time;
    if (!t || t.value === undefined) return undefined;
    if (t.hasDate || Math.abs(t.value) >= 10 * DAY) {
      day = Math.floor((t.value + offsetMs) / DAY) * DAY;
      previous = t.value;
      return t.value;
    }
    let at = day + t.value - (t.hasZone ? 0 : offsetMs);
    if (previous !== undefined && at < previous && previous - at > DAY / 2) {
      day += DAY;
      at += DAY;
    }
    previous = at;
    return at;
  });
}

/**
 * The edit that puts `rows` (in any order) into the timeline of `text`, replacing this trace's
 * earlier rows. `undefined` edit when the timeline already reads so.
 */
export function mergeTimeline(
  text: string,
  doc: PostmortemDocument,
  traceId: string,
  rows: readonly TimelineRow[],
  eol: string,
): TimelineMerge {
  const sorted = rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => (a.row.ms ?? Infinity) - (b.row.ms ?? Infinity) || a.i - b.i)
    .map((x) => x.row);
  const section = doc.sections.find((s) => s.kind === 'timeline');
  if (!section) {
    if (sorted.length === 0) return { edit: undefined, lines: [], createdSection: false };
    const lines = render(sorted, { kind: 'list', bullet: '- ' }, DEFAULT_STYLE, traceId);
    const lead = text.length === 0 ? '' : /\r?\n$/.test(text) ? eol : `${eol}${eol}`;
    return {
      edit: {
        range: { start: text.length, end: text.length },
        newText: `${lead}## Timeline${eol}${eol}${lines.join(eol)}${eol}`,
      },
      lines,
      createdSection: true,
    };
  }
  const original = text.slice(section.range.start, section.range.end);
  const cleanedSection = strip(original, traceId);
  const cleaned = text.slice(0, section.range.start) + cleanedSection + text.slice(section.range.end);
  const base = section.range.start;
  const within = (r: { start: number; end: number }) =>
    r.start >= base && r.end <= base + cleanedSection.length;
  const doc2 = cleanedSection === original ? doc : parsePostmortem(cleaned);
  const entries = doc2.timeline.filter(
    (e) => within(e.range) && e.range.start > base + (section.headingRange.end - section.range.start),
  );
  const style = entries.length > 0 ? styleOf(cleaned, entries, cleanedSection) : DEFAULT_STYLE;
  const firstMs = sorted.find((r) => r.ms !== undefined)?.ms ?? 0;
  const abs = absoluteTimes(entries, style, firstMs);
  const timed = entries
    .map((e, i) => ({ e, at: abs[i] }))
    .filter((x): x is { e: TimelineEntry; at: number } => x.at !== undefined);

  // Insertion points: after the last timed row not later than the imported row, else before the first.
  const inserts = new Map<
    number,
    { before: boolean; anchor: TimelineEntry | undefined; rows: TimelineRow[] }
  >();
  const put = (key: number, before: boolean, anchor: TimelineEntry | undefined, row: TimelineRow) => {
    const slot = inserts.get(key) ?? { before, anchor, rows: [] };
    slot.rows.push(row);
    inserts.set(key, slot);
  };
  let lastAnchor: TimelineEntry | undefined;
  for (const row of sorted) {
    if (entries.length === 0) {
      put(-1, false, undefined, row);
      continue;
    }
    let anchor: TimelineEntry | undefined;
    if (row.ms !== undefined) for (const t of timed) if (t.at <= row.ms) anchor = t.e;
    if (row.ms === undefined) anchor = lastAnchor ?? timed.at(-1)?.e ?? entries.at(-1);
    if (anchor) {
      lastAnchor = anchor;
      put(
        lineEnd(
          cleaned,
          anchor.range.end - 1 < anchor.range.start ? anchor.range.start : anchor.range.end - 1,
        ),
        false,
        anchor,
        row,
      );
    } else {
      const first = timed[0]?.e ?? entries[0]!;
      put(lineStart(cleaned, first.range.start), true, first, row);
    }
  }
  let out = cleaned;
  const written: string[] = [];
  for (const [at, slot] of [...inserts].sort((a, b) => b[0] - a[0])) {
    if (at === -1) {
      const lines = render(slot.rows, { kind: 'list', bullet: '- ' }, style, traceId);
      written.unshift(...lines);
      let end = base + cleanedSection.length;
      while (end > base + (section.headingRange.end - section.range.start) && /\s/.test(out[end - 1]!)) end--;
      const after = out.slice(end, base + cleanedSection.length);
      const tail = after.includes('\n') ? '' : eol;
      out = `${out.slice(0, end)}${eol}${eol}${lines.join(eol)}${tail}${out.slice(end)}`;
      continue;
    }
    const container = containerOf(cleaned, slot.anchor!);
    const lines = render(slot.rows, container, style, traceId);
    written.unshift(...lines);
    if (container.kind === 'paragraph') {
      out = slot.before
        ? `${out.slice(0, at)}${lines.join(eol)}${eol}${eol}${out.slice(at)}`
        : `${out.slice(0, at)}${eol}${eol}${lines.join(eol)}${out.slice(at)}`;
    } else {
      out = slot.before
        ? `${out.slice(0, at)}${lines.join(eol)}${eol}${out.slice(at)}`
        : `${out.slice(0, at)}${eol}${lines.join(eol)}${out.slice(at)}`;
    }
  }
  if (out === text) return { edit: undefined, lines: written, createdSection: false };
  // One edit covering what differs, all inside the timeline section.
  let start = 0;
  while (start < text.length && start < out.length && text[start] === out[start]) start++;
  let endText = text.length;
  let endOut = out.length;
  while (endText > start && endOut > start && text[endText - 1] === out[endOut - 1]) {
    endText--;
    endOut--;
  }
  return {
    edit: { range: { start, end: endText }, newText: out.slice(start, endOut) },
    lines: written,
    createdSection: false,
  };
}
