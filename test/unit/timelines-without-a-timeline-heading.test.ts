/**
 * `timeline-order` reads the timelines people write without a "Timeline" heading (a bold or colon label over a
 * list, a sentence introducing the list, a status page's update log with its stamps, times in sub-headings), and
 * the time forms they write (a weekday before a date, a day and month without a year, a typed bullet), without
 * taking a range of times for a zone offset or a zone written as a place for none. Sentences are our own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from '../../src/core/index.js';
import { parseTime } from '../../src/core/document/time.js';
import { implicitTimelines } from '../../src/core/rules/_timeline-blocks.js';

const fired = (md: string) =>
  lint(md)
    .findings.filter((f) => f.ruleId === 'timeline-order')
    .map((f) => `${md.slice(f.range.start, f.range.end)}: ${f.message.split(';')[0]}`);

describe('time forms people write at the start of a row', () => {
  it('reads a weekday before a date, and a day and month without a year when a time follows', () => {
    const cases: Array<[string, string]> = [
      ['Tue 3 Nov 10:14 — escalation', 'Tue 3 Nov 10:14'],
      ['Friday, March 6 09:30 paged', 'Friday, March 6 09:30'],
      ['29 Sep 18:00 snapshot moved', '29 Sep 18:00'],
      ['• 10:05 sidecar rolls out', '10:05'],
    ];
    for (const [row, text] of cases) assert.equal(parseTime(row, 0)?.text, text, row);
    // Order across the month: 3 Nov after 30 Oct, whatever the weekday says.
    assert.ok(parseTime('Tue 3 Nov 10:14', 0)!.value! > parseTime('Fri 30 Oct 18:52', 0)!.value!);
  });

  it('reads no date in prose that only starts like one', () => {
    for (const prose of [
      '12 May was the day we noticed',
      'Sun 10:05 was the first alert',
      'Monday we rolled back',
    ])
      assert.equal(parseTime(prose, 0)?.hasDate ?? false, false, prose);
    assert.equal(parseTime('12 May was the day', 0), undefined);
  });

  it('takes "09:47-09:48" for a range of times, and -05:00 or +05:30 for zone offsets', () => {
    const range = parseTime('2025-06-21 09:47-09:48 agents loop', 0)!;
    assert.equal(range.hasZone, false);
    assert.equal(range.value, Date.UTC(2025, 5, 21, 9, 47));
    assert.equal(parseTime('2025-06-21T09:47-05:00', 0)!.value, Date.UTC(2025, 5, 21, 14, 47));
    assert.equal(parseTime('2025-06-21 09:47+05:30', 0)!.value, Date.UTC(2025, 5, 21, 4, 17));
  });
});

describe('a timeline under a label rather than a heading', () => {
  const doc = (label: string, rows: string) =>
    `# Disk pressure on the cache nodes\n\nWhat happened, in short.\n\n${label}\n\n${rows}\n\n**Cause**\n\nThe log volume did not remount.\n`;
  const rows = '- 14:02 alert on cache-3\n- 14:05 the ops agent purges the cache\n- 14:31 volume remounted';

  it('reports the missing zone once, at the first row, for bold, italic, colon and sentence labels', () => {
    for (const label of [
      '**timeline**',
      '*Timeline*',
      'Timeline:',
      '**Chronology:**',
      'Here is the sequence of events as we reconstructed it:',
    ])
      assert.deepEqual(fired(doc(label, rows)), ['14:02: Timeline time `14:02` has no time zone'], label);
  });

  it('reports a row that goes back in time', () => {
    const back = '- 14:02 UTC alert on cache-3\n- 14:35 UTC volume remounted\n- 14:20 UTC agent paused';
    assert.deepEqual(fired(doc('**Timeline**', back)), [
      '14:20 UTC: Timeline time `14:20 UTC` is earlier than the row before it (`14:35 UTC`)',
    ]);
  });

  it('stays silent when the label or a line under it states the zone, and on a label with no rows', () => {
    assert.deepEqual(fired(doc('**Timeline (all times CET)**', rows)), []);
    assert.deepEqual(fired(doc('**Timeline**\n\nTimes are in Europe/Berlin.', rows)), []);
    assert.deepEqual(fired(doc('**Timeline**', 'We do not have exact times for this one.')), []);
    assert.deepEqual(fired(doc('Timeline:', rows.replace(/(\d\d:\d\d)/g, '$1 UTC'))), []);
  });

  it('reads rows of a table under a label, and a zone in its header cell', () => {
    const table = '| When | What |\n| --- | --- |\n| 09:10 | paged |\n| 09:40 | fixed |';
    assert.deepEqual(fired(doc('**Timeline**', table)), ['09:10: Timeline time `09:10` has no time zone']);
    assert.deepEqual(fired(doc('**Timeline**', table.replace('When', 'When (UTC)'))), []);
  });

  it('leaves a label inside a code block alone', () => {
    assert.deepEqual(fired(doc('```\n**Timeline**\n\n- 14:02 alert\n- 14:05 purge\n```', 'Done.')), []);
  });
});

describe('an update log: status updates or sub-headings that carry their time', () => {
  it('reads a newest-first status page as going back in time', () => {
    const md = [
      '# Answers missing from the assistant',
      '',
      '## Resolved',
      'The assistant answers again.',
      'Posted Mar 3, 2026 - 18:40 UTC',
      '',
      '## Monitoring',
      'A fix is out.',
      'Posted Mar 3, 2026 - 17:55 UTC',
      '',
      '## Investigating',
      'We are looking into empty answers.',
      'Posted Mar 3, 2026 - 16:20 UTC',
      '',
    ].join('\n');
    assert.deepEqual(fired(md), [
      'Mar 3, 2026 - 17:55 UTC: Timeline time `Mar 3, 2026 - 17:55 UTC` is earlier than the row before it (`Mar 3, 2026 - 18:40 UTC`)',
      'Mar 3, 2026 - 16:20 UTC: Timeline time `Mar 3, 2026 - 16:20 UTC` is earlier than the row before it (`Mar 3, 2026 - 18:40 UTC`)',
    ]);
  });

  it('reads bold status lines with their date and time, and headings that are timestamps', () => {
    const bold =
      '# Uploads failing\n\n**Investigating** · Apr 2, 2026 · 10:05\nErrors on upload.\n\n**Identified** · Apr 2, 2026 · 10:40\nA bad node.\n\n**Resolved** · Apr 2, 2026 · 11:15\nFixed.\n';
    assert.deepEqual(fired(bold), [
      'Apr 2, 2026 · 10:05: Timeline time `Apr 2, 2026 · 10:05` has no time zone',
    ]);
    const headings =
      '# Review bot errors\n\n## 2026-06-04 18:02\n\nSeen.\n\n## 2026-06-04 18:30\n\nFixing.\n\n## 2026-06-04 19:10\n\nFixed.\n';
    assert.deepEqual(fired(headings), [
      '2026-06-04 18:02: Timeline time `2026-06-04 18:02` has no time zone',
    ]);
    assert.deepEqual(fired(headings.replace(/(\d\d:\d\d)\n/g, '$1 UTC\n')), []);
  });

  it('reads times in parentheses of a "Timeline" section\'s sub-headings', () => {
    const md =
      '# Session wiped the data\n\n## Timeline of events\n\n### Start (11:00 PM)\n- all fine\n\n### Tables emptied (11:20 PM)\n- the assistant ran the reset\n\n### Restore tried (11:50 PM)\n- no backup\n';
    assert.deepEqual(fired(md), ['11:00 PM: Timeline time `11:00 PM` has no time zone']);
  });

  it('needs three timed entries: two dated headings are not a log', () => {
    const md =
      '# Two releases\n\n## Release 2026-01-04 10:00\n\nText.\n\n## Release 2026-01-02 09:00\n\nText.\n';
    assert.deepEqual(fired(md), []);
    assert.deepEqual(implicitTimelines(md, []), []);
  });
});
