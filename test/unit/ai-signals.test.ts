/** The document-model additions the AI rules rely on: zones before a colon, owners at the end of an item, AI signals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, parsePostmortem } from '../../src/core/index.js';
import { parseTime } from '../../src/core/document/time.js';
import { aiSignals, hasBehaviorRate } from '../../src/core/rules/_ai-signals.js';

describe('timeline times', () => {
  it('reads a zone followed by a colon, as in "11:00 UTC: alert fires"', () => {
    const t = parseTime('11:00 UTC: alert fires', 0);
    assert.equal(t?.text, '11:00 UTC');
    assert.equal(t?.hasZone, true);
  });

  it('reads a US zone written out ("7:09 AM Eastern") with its offset', () => {
    const t = parseTime('2024-06-28 7:09 AM Eastern: report', 0);
    assert.equal(t?.hasZone, true);
    assert.equal(t?.value, Date.UTC(2024, 5, 28, 12, 9));
  });

  it('still rejects a time that runs into seconds it cannot read', () => {
    assert.equal(parseTime('09:12:3x', 0), undefined);
  });
});

describe('action item owners', () => {
  const owners = (md: string) => parsePostmortem(`# X\n\n## Action items\n\n${md}\n`).actionItems.map((a) => a.owner?.value);

  it('reads a name after a closing dash and in closing parentheses', () => {
    assert.deepEqual(owners('- Restart on crash — Dana Okafor\n- Document replay (Priya)\n- Fix it - Platform team'), ['Dana Okafor', 'Priya', 'Platform team']);
  });

  it('does not take a ticket reference or lower-case words as an owner', () => {
    assert.deepEqual(owners('- Fix the race (PR #12)\n- Update docs — optional'), [undefined, undefined]);
  });
});

describe('AI signals', () => {
  const signals = (md: string) => aiSignals(parsePostmortem(md), DEFAULT_CONFIG.phrases);

  it('finds a decision in an Actor column, a tag, and prose, but not a negated action', () => {
    const s = signals(
      '# X\n\nThe code review bot posted no reviews. The coding agent concluded the folder existed.\n\n## Timeline\n\n| Time | Actor | Event |\n| --- | --- | --- |\n| 09:00 | Support bot | Replied with a policy. |\n\n## Log\n',
    );
    assert.deepEqual(s.decisions.map((d) => d.source), ['prose', 'actor']);
  });

  it('does not treat a monitoring agent as an AI system', () => {
    const s = signals('# Disk\n\n## Timeline\n\n| Time | Actor | Event |\n| --- | --- | --- |\n| 07:30 | Build agent | Disk full. |\n\nThe Grafana Agent ran out of memory and the agent kept old layers.\n');
    assert.equal(s.involved, false);
    assert.deepEqual(s.decisions, []);
  });

  it('learns an AI actor the document introduces ("our LLM ticket summarizer")', () => {
    const s = signals('# X\n\nOur LLM ticket summarizer handles status lines.\n\n## Timeline\n\n- 08:14 UTC Summarizer wrote "refund approved".\n');
    assert.deepEqual(s.decisions.map((d) => d.text), ['08:14 UTC Summarizer wrote "refund approved".']);
  });

  it('honours ai_involved: false over every text signal', () => {
    assert.equal(signals('---\nai_involved: false\n---\n\n# X\n\nThe LLM was not part of this.\n').involved, false);
  });

  it('counts "n of k" next to a replay as a behavior rate, but not a bare percentage', () => {
    assert.equal(hasBehaviorRate(parsePostmortem('# X\n\nReplaying it gave 3 of 200 bad outputs.\n')), true);
    assert.equal(hasBehaviorRate(parsePostmortem('# X\n\nErrors rose to 4% of checkouts.\n')), false);
  });
});
