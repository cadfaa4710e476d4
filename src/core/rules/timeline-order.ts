/** Timeline times go forward and say which time zone they are in. */
import type { PostmortemDocument } from '../document/parse.js';
import { parseTime } from '../document/time.js';
import type { Section, TimelineEntry } from '../types.js';
import { implicitTimelines } from './_timeline-blocks.js';
import { defineRule, type Report } from './rule.js';

const DAY = 24 * 60 * 60 * 1000;
/** A zone stated once for the section: a heading "(UTC)", a header cell "Time (PT)", "All times UTC". */
const ZONE_STATEMENT =
  /\b(?:UTC|GMT)\b|(?<![\w-])(?:PST|PDT|PT|EST|EDT|ET|CST|CDT|CT|MST|MDT|MT|CET|CEST|BST|IST|JST|AEST|AEDT|EET|EEST|WET|WEST)(?![\w-])|[+-]\d{2}:\d{2}\b|\btime ?zone\b|\b(?:pacific|eastern|central|mountain|local) time\b|\btimes? (?:are |in |shown in )?(?:US )?(?:pacific|eastern|central|mountain|local|[a-z]+\/[a-z_]+)\b|\bUS[ /-]?(?:pacific|eastern|central|mountain)\b|\b(?:Europe|America|Asia|Africa|Australia|Atlantic|Indian|Pacific)\/[a-z_]+\b|\((?:pacific|eastern|central|mountain)(?: time)?\)/i;
const CLOCK = /\d:\d\d/;

export default defineRule<{ requireTimeZone: boolean }>({
  id: 'timeline-order',
  meta: {
    summary: 'Timeline times must go forward and carry a time zone',
    defaultSeverity: 'warning',
    category: 'hygiene',
    fixable: false,
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requireTimeZone: {
          type: 'boolean',
          description:
            'Report timeline times of day without a time zone, unless the section states one (default true).',
        },
      },
    },
  },
  docs: {
    examples: [
      {
        name: 'A row earlier than the one before it is reported, with that row as related location',
        input:
          '# Rebuild\n\n## Timeline\n\n| Time (UTC) | Event |\n| --- | --- |\n| 14:02 | Rebuild started. |\n| 14:30 | Latency above 2 s. |\n| 14:18 | CPU at 100%. |\n',
        output: [
          '9:3-9:8 warning Timeline time `14:18` is earlier than the row before it (`14:30`)  timeline-order',
        ],
      },
      {
        name: 'Times of day without a zone are reported once, at the first row',
        input:
          '# Certificate\n\n## Timeline\n\n- 2026-03-01 06:00 — Certificate expires.\n- 2026-03-01 06:40 — Reports reach on-call.\n',
        output: [
          '5:3-5:19 warning Timeline time `2026-03-01 06:00` has no time zone; add one to each row or state it once, as in `All times UTC`  timeline-order',
        ],
      },
      {
        name: 'A zone stated once and a wrap past midnight pass',
        input:
          '# Export\n\n## Timeline\n\nAll times UTC.\n\n- 23:40 — Export starts.\n- 00:12 — Disk full.\n',
        output: [],
      },
      {
        name: 'With `requireTimeZone: false`, rows without a zone pass',
        options: { requireTimeZone: false },
        input:
          '# Certificate\n\n## Timeline\n\n- 06:00 — Certificate expires.\n- 06:40 — Reports reach on-call.\n',
        output: [],
      },
    ],
  },
  defaultOptions: { requireTimeZone: true },
  check({ document, options, report }) {
    const timelines = document.sections.filter((s) => s.kind === 'timeline');
    const outer = timelines.filter(
      (s) => !timelines.some((o) => o !== s && o.range.start < s.range.start && s.range.end <= o.range.end),
    );
    for (const section of outer) {
      const rows = document.timeline.filter(
        (e) => e.time && section.range.start <= e.range.start && e.range.end <= section.range.end,
      );
      checkOrder(rows, dayHeadings(document, section), report);
      if (options.requireTimeZone !== false) checkZone(document.text, section, rows, report);
    }
    // Timelines without a "Timeline" heading (a labelled list or table, a status page's update log), or in a
    // "Timeline" section whose rows the document model did not read (times in its sub-headings): looked for only
    // when the document model found no timed row, so a document with a timeline pays nothing more.
    if (document.tree === undefined || document.timeline.some((e) => e.time)) return;
    const skip = document.frontmatter ? [document.frontmatter.range] : [];
    for (const timeline of implicitTimelines(document.text, skip)) {
      checkOrder(timeline.rows, [], report);
      if (options.requireTimeZone !== false) {
        const bare = timeline.rows.find((r) => CLOCK.test(r.time!.text) && !r.time!.hasZone);
        if (bare && !timeline.statements.some((line) => ZONE_STATEMENT.test(line))) reportZone(bare, report);
      }
    }
  },
});

type Reporter = (report: Report) => void;

/** Sub-headings of a timeline that carry a date ("### 2023-07-20"), as day starts by offset. */
function dayHeadings(document: PostmortemDocument, section: Section): Array<{ at: number; day: number }> {
  return document.sections
    .filter((s) => s !== section && section.range.start < s.range.start && s.range.start < section.range.end)
    .flatMap((s) => {
      const t = parseTime(s.title, 0, true);
      return t?.value !== undefined && Math.abs(t.value) >= 10 * DAY
        ? [{ at: s.range.start, day: Math.floor(t.value / DAY) * DAY }]
        : [];
    });
}

function checkOrder(
  rows: readonly TimelineEntry[],
  headings: ReadonlyArray<{ at: number; day: number }>,
  report: Reporter,
): void {
  let previous: { at: number; row: TimelineEntry } | undefined;
  let day = 0;
  let heading: { at: number; day: number } | undefined;
  for (const row of rows) {
    const time = row.time!;
    if (time.value === undefined) continue;
    const under = headings.filter((h) => h.at < row.range.start).pop();
    if (under && under !== heading) {
      heading = under;
      day = under.day;
    }
    // Times of day are within a day or so of 0 (zone offsets included); anything larger carries a date.
    const dated = time.hasDate || Math.abs(time.value) >= 10 * DAY;
    const clock = CLOCK.test(time.text);
    let at: number;
    if (dated) {
      day = Math.floor(time.value / DAY) * DAY;
      at = clock ? time.value : day;
      if (previous && !clock && Math.floor(previous.at / DAY) * DAY <= at) {
        previous = { at, row };
        continue;
      }
    } else {
      at = day + time.value;
      if (previous && at < previous.at && previous.at - at > DAY / 2) {
        day += DAY;
        at += DAY;
      }
    }
    if (previous && at < previous.at) {
      report({
        range: time.range,
        message: `Timeline time \`${time.text}\` is earlier than the row before it (\`${previous.row.time!.text}\`)`,
        related: [
          { range: previous.row.time!.range, message: `Previous row: \`${previous.row.time!.text}\`` },
        ],
      });
    }
    previous = {
      at: Math.max(at, previous?.at ?? at),
      row: previous && previous.at > at ? previous.row : row,
    };
  }
}

function checkZone(text: string, section: Section, rows: readonly TimelineEntry[], report: Reporter): void {
  const clocked = rows.filter((r) => CLOCK.test(r.time!.text));
  const bare = clocked.find((r) => !r.time!.hasZone);
  if (!bare) return;
  let outside = '';
  let at = section.range.start;
  for (const row of rows.map((r) => r.range).sort((a, b) => a.start - b.start)) {
    outside += text.slice(at, row.start);
    at = Math.max(at, row.end);
  }
  outside += text.slice(at, section.range.end);
  // A row with a date and no time of day is a day header ("2025-10-06 (all times UTC)"): what it says covers the rows.
  const dayHeaders = rows
    .filter((r) => !CLOCK.test(r.time!.text))
    .map((r) => text.slice(r.range.start, r.range.end));
  if (ZONE_STATEMENT.test(outside) || dayHeaders.some((h) => ZONE_STATEMENT.test(h))) return;
  reportZone(bare, report);
}

function reportZone(bare: TimelineEntry, report: Reporter): void {
  report({
    range: bare.time!.range,
    message: `Timeline time \`${bare.time!.text}\` has no time zone; add one to each row or state it once, as in \`All times UTC\``,
  });
}
