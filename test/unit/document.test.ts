/** The document model: sections by heading variants, timeline rows and action items from lists and tables. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePostmortem } from '../../src/core/index.js';

describe('sections', () => {
  const cases: Array<[string, string]> = [
    ['## Summary', 'summary'],
    ['## Executive summary', 'summary'],
    ['## 3. Root Cause Analysis', 'root-cause'],
    ['## Root causes', 'root-cause'],
    ['## 5 Whys', 'root-cause'],
    ['## Timeline (all times UTC)', 'timeline'],
    ['## Chronology', 'timeline'],
    ['## Contributing factors', 'contributing-factors'],
    ['## Action items', 'action-items'],
    ['## Follow-ups', 'action-items'],
    ['## Corrective actions', 'action-items'],
    ['## Customer impact', 'impact'],
    ['## Lessons learned', 'lessons'],
    ['## Resolution and recovery', 'resolution'],
    ['## Agent decisions', 'agent-decisions'],
    ['## Behaviour rate', 'behavior-rate'],
    ['## Attendees', 'other'],
  ];
  for (const [heading, kind] of cases) {
    it(`classifies "${heading}" as ${kind}`, () => {
      assert.equal(parsePostmortem(`${heading}\n\ntext\n`).sections[0]?.kind, kind);
    });
  }

  it('ends a section at the next heading of the same or a higher level, keeping subsections inside', () => {
    const text = '# T\n\n## Timeline\n\n### Day 1\n\n- 09:00 x\n\n## Root cause\n\nY\n';
    const timeline = parsePostmortem(text).sections.find((s) => s.kind === 'timeline')!;
    assert.equal(
      text.slice(timeline.range.start, timeline.range.end),
      '## Timeline\n\n### Day 1\n\n- 09:00 x\n\n',
    );
  });
});

describe('timeline entries', () => {
  it('reads bullets with times, zones, actors and the [agent] tag', () => {
    const text =
      '## Timeline\n\n- **09:12 UTC** — On-call: paged\n- 09:20 UTC [agent] Triage bot: restarted the pod\n  - detail without a time\n- 2026-03-14T09:30:00Z resolved\n';
    const rows = parsePostmortem(text).timeline;
    assert.deepEqual(
      rows.map((r) => [r.time?.text, r.time?.hasZone, r.actor?.value, r.agentTag]),
      [
        ['09:12 UTC', true, 'On-call', false],
        ['09:20 UTC', true, 'Triage bot', true],
        ['2026-03-14T09:30:00Z', true, undefined, false],
      ],
    );
    const first = rows[0]!;
    assert.equal(text.slice(first.time!.range.start, first.time!.range.end), '09:12 UTC');
    assert.equal(text.slice(first.actor!.range.start, first.actor!.range.end), 'On-call');
    assert.ok(rows[1]!.time!.value! > first.time!.value!);
  });

  it('keeps a nested bullet that has its own time as a row', () => {
    const rows = parsePostmortem('## Timeline\n\n- Day 1\n  - 10:00 alert\n  - 10:05 ack\n').timeline;
    assert.deepEqual(
      rows.map((r) => r.time?.text ?? null),
      [null, '10:00', '10:05'],
    );
  });

  it('reads a table with Time and Actor columns', () => {
    const text =
      '## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 2026-03-14 09:02 | Support bot | Concluded the refund applied |\n| 9:41 PM | Finance | Alert |\n';
    const rows = parsePostmortem(text).timeline;
    assert.deepEqual(
      rows.map((r) => [r.source, r.time?.text, r.actor?.value, r.text]),
      [
        ['table', '2026-03-14 09:02', 'Support bot', 'Concluded the refund applied'],
        ['table', '9:41 PM', 'Finance', 'Alert'],
      ],
    );
    assert.equal(rows[0]!.time!.hasDate, true);
    assert.equal(text.slice(rows[0]!.actor!.range.start, rows[0]!.actor!.range.end), 'Support bot');
  });

  it('finds the time column of a table without a time header by its cells', () => {
    const rows = parsePostmortem(
      '## Timeline\n\n| When it happened | What |\n| --- | --- |\n| 10:00 | a |\n',
    ).timeline;
    assert.equal(rows[0]?.time?.text, '10:00');
  });

  it('ignores lists outside the timeline section', () => {
    assert.equal(parsePostmortem('## Summary\n\n- 10:00 not a row\n').timeline.length, 0);
  });
});

describe('action items', () => {
  it('reads task lists with owners, due dates and state', () => {
    const text =
      '## Action items\n\n- [ ] Add evals (owner: @li, due 2026-04-01)\n- [x] Gate refunds — @dana\n- Write docs\n';
    const items = parsePostmortem(text).actionItems;
    assert.deepEqual(
      items.map((i) => [i.owner?.value, i.due?.value, i.state]),
      [
        ['@li', '2026-04-01', 'open'],
        ['@dana', undefined, 'done'],
        [undefined, undefined, undefined],
      ],
    );
    assert.equal(text.slice(items[0]!.owner!.range.start, items[0]!.owner!.range.end), '@li');
  });

  it('reads tables with Owner, Due and Status columns, treating "TBD" as no owner', () => {
    const text =
      '## Follow-ups\n\n| Action | Owner | Due | Status |\n| --- | --- | --- | --- |\n| Add evals | Li Wei | 2026-04-01 | Done |\n| Fix alert | TBD | | open |\n';
    const items = parsePostmortem(text).actionItems;
    assert.deepEqual(
      items.map((i) => [i.text, i.owner?.value, i.due?.value, i.state]),
      [
        ['Add evals', 'Li Wei', '2026-04-01', 'done'],
        ['Fix alert', undefined, undefined, 'open'],
      ],
    );
  });
});
