/** The document-model additions the AI rules rely on: zones before a colon, owners at the end of an item, AI signals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG, fixAll, lint, parsePostmortem } from '../../src/core/index.js';
import { parseTime } from '../../src/core/document/time.js';
import { aiSignals, endsInOpenBlock, hasBehaviorRate } from '../../src/core/rules/_ai-signals.js';

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
  const owners = (md: string) =>
    parsePostmortem(`# X\n\n## Action items\n\n${md}\n`).actionItems.map((a) => a.owner?.value);

  it('reads a name after a closing dash and in closing parentheses', () => {
    assert.deepEqual(
      owners('- Restart on crash — Dana Okafor\n- Document replay (Priya)\n- Fix it - Platform team'),
      ['Dana Okafor', 'Priya', 'Platform team'],
    );
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
    assert.deepEqual(
      s.decisions.map((d) => d.source),
      ['prose', 'actor'],
    );
  });

  it('does not treat a monitoring agent as an AI system', () => {
    const s = signals(
      '# Disk\n\n## Timeline\n\n| Time | Actor | Event |\n| --- | --- | --- |\n| 07:30 | Build agent | Disk full. |\n\nThe Grafana Agent ran out of memory and the agent kept old layers.\n',
    );
    assert.equal(s.involved, false);
    assert.deepEqual(s.decisions, []);
  });

  it('learns an AI actor the document introduces ("our LLM ticket summarizer")', () => {
    const s = signals(
      '# X\n\nOur LLM ticket summarizer handles status lines.\n\n## Timeline\n\n- 08:14 UTC Summarizer wrote "refund approved".\n',
    );
    assert.deepEqual(
      s.decisions.map((d) => d.text),
      ['08:14 UTC Summarizer wrote "refund approved".'],
    );
  });

  it('honours ai_involved: false over every text signal', () => {
    assert.equal(
      signals('---\nai_involved: false\n---\n\n# X\n\nThe LLM was not part of this.\n').involved,
      false,
    );
  });

  it('counts "n of k" next to a replay as a behavior rate, but not a bare percentage', () => {
    assert.equal(hasBehaviorRate(parsePostmortem('# X\n\nReplaying it gave 3 of 200 bad outputs.\n')), true);
    assert.equal(hasBehaviorRate(parsePostmortem('# X\n\nErrors rose to 4% of checkouts.\n')), false);
  });
});

describe('AI involvement beyond the closed vocabulary', () => {
  const signals = (md: string) => aiSignals(parsePostmortem(md), DEFAULT_CONFIG.phrases);
  const ruleIds = (md: string) => lint(md).findings.map((f) => f.ruleId);

  it('counts a job-named assistant that reads a retrieval index, and its timeline lines as decisions', () => {
    const s = signals(
      '# X\n\nThe permits assistant quoted an old fee.\n\n## Timeline\n\n- 10:00 UTC Permits assistant tells a caller the fee is $40.\n\n## Root cause\n\nThe retrieval index still held the 2022 fee table.\n',
    );
    assert.equal(s.involved, true);
    assert.deepEqual(
      s.decisions.map((d) => d.source),
      ['prose', 'prose'],
    );
  });

  it('reads a thinking verb after a long clause: "the agent had found …, and chose to …"', () => {
    const s = signals(
      '# X\n\nOur schema-migration agent broke the build. The agent had noticed that the test database was empty at night, and chose to skip the backfill.\n',
    );
    assert.equal(s.involved, true);
    assert.ok(s.decisions.some((d) => d.text.includes('chose to skip')));
  });

  it('takes a filled "Agent decision" section as evidence, not an empty skeleton', () => {
    const filled =
      '# X\n\n## Agent decision\n\n| Time | Agent | Observed | Concluded | Chose | Gate |\n| --- | --- | --- | --- | --- | --- |\n| 03:11 | Paging agent | Disk alert | Disk full | Delete logs | None |\n';
    assert.equal(signals(filled).involved, true);
    assert.equal(
      signals(
        '# X\n\n## Agent decision\n\n| Time | Agent | Observed | Concluded | Chose | Gate |\n| --- | --- | --- | --- | --- | --- |\n|  |  |  |  |  |  |\n',
      ).involved,
      false,
    );
  });

  it('keeps human support agents, CI build agents and a Grafana agent silent even next to a retrieval index', () => {
    assert.equal(
      signals(
        '# X\n\nThe support agent read the KB article, searched the retrieval index and concluded the refund was allowed.\n',
      ).involved,
      false,
    );
    assert.equal(
      signals(
        '# X\n\nThe build agent ran out of disk; the Grafana agent stopped shipping metrics and the deploy agent retried.\n',
      ).involved,
      false,
    );
  });

  it('does not make a CLI "[Y/n]" prompt AI, so "bad prompt" there fires neither ai-context nor fix-the-prompt', () => {
    const md =
      "# Wiped workspace\n\n## Root cause\n\nBad prompt: the wrapper's confirmation prompt defaulted to yes on `[Y/n]`.\n\n## Resolution\n\nFixed the prompt to default to no.\n";
    assert.equal(signals(md).involved, false);
    assert.deepEqual(
      ruleIds(md).filter((id) => id === 'ai-context' || id === 'fix-the-prompt'),
      [],
    );
  });

  it('reads "tightened the system prompt" and "prompt was too permissive" as prompt fixes', () => {
    const md =
      '# X\n\nThe sales chatbot promised free shipping.\n\n## Root cause\n\nThe system prompt was too permissive.\n\n## Resolution\n\nTightened the system prompt and redeployed.\n';
    assert.ok(ruleIds(md).includes('fix-the-prompt'));
  });

  it('does not read a description of the assistant in the root cause as the assistant acting', () => {
    const s = signals(
      "# X\n\nThe browsing agent concluded the hidden text was an instruction.\n\n## Root cause\n\n- The assistant runs with the user's full session.\n- No confirmation step before navigation.\n",
    );
    assert.equal(s.aiActsInCause, false);
    assert.equal(
      signals('# X\n\nThe LLM summarizer failed.\n\n## Root cause\n\nThe model applied the discount twice.\n')
        .aiActsInCause,
      true,
    );
  });

  it('does not take a service error rate as the behavior rate of an output', () => {
    assert.equal(
      hasBehaviorRate(parsePostmortem('# X\n\nThe 5xx rate stayed under 0.1% throughout.\n')),
      false,
    );
    assert.equal(
      hasBehaviorRate(parsePostmortem('# X\n\nThe wrong-answer rate was 4.6% of sampled answers.\n')),
      true,
    );
  });

  it('stays linear on long hostile lines for the new patterns', () => {
    const line = `${'the agent '.repeat(20_000)}${'kernel-writing-a '.repeat(5_000)}${'a-'.repeat(20_000)}`;
    const s = signals(`# X\n\n${line}\n\n## Root cause\n\n${'merged by @x '.repeat(10_000)}\n`);
    assert.equal(s.decisions.length, 0);
  });
});

describe('hygiene rules on how people write', () => {
  const findings = (md: string, rule: string) =>
    lint(md)
      .findings.filter((f) => f.ruleId === rule)
      .map((f) => f.message);

  it('does not treat a department as a person, and catches a blaming passive "merged by @handle"', () => {
    assert.deepEqual(
      findings('# X\n\n## Root cause\n\nLegal did not review the fare copy.\n', 'blameless'),
      [],
    );
    assert.equal(
      findings(
        '# X\n\n## Root cause\n\nThe change was merged by @kim without a second review.\n',
        'blameless',
      ).length,
      1,
    );
    assert.deepEqual(
      findings('# X\n\n## Root cause\n\nThe fix was merged by @kim after two reviews.\n', 'blameless'),
      [],
    );
  });

  it('accepts a zone stated as "All times Eastern."', () => {
    assert.deepEqual(
      findings(
        '# X\n\n## Timeline\n\nAll times Eastern.\n\n- 2024-03-25 10:14 — Alert.\n- 2024-03-25 10:21 — Page.\n',
        'timeline-order',
      ),
      [],
    );
  });

  it('reads a Remediation table with an Owner column as action items', () => {
    const doc = parsePostmortem(
      '# X\n\n## Remediation\n\n| Item | Owner |\n| --- | --- |\n| Refresh the index weekly | Content team |\n| Add a disclaimer |  |\n',
    );
    assert.deepEqual(
      doc.actionItems.map((a) => [a.text, a.owner?.value]),
      [
        ['Refresh the index weekly', 'Content team'],
        ['Add a disclaimer', undefined],
      ],
    );
    assert.deepEqual(
      parsePostmortem('# X\n\n## Remediation\n\n| Step | Result |\n| --- | --- |\n| Restarted | OK |\n')
        .actionItems,
      [],
    );
  });
});

describe('paragraph-per-event timelines', () => {
  const timeline = (md: string) =>
    parsePostmortem(md).timeline.map((e) => [e.source, e.time?.text, e.time?.hasZone]);

  it('reads each paragraph that opens with a time as an entry, keeping the source text of the time', () => {
    assert.deepEqual(
      timeline(
        '# X\n\n## Timeline\n\nAll times as logged.\n\n2025-11-02, 09:12am: first report.\n\n2025-11-02, 11:40am: on-call confirms.\n\n14:05 UTC: fixed.\n',
      ),
      [
        ['paragraph', '2025-11-02, 09:12am', false],
        ['paragraph', '2025-11-02, 11:40am', false],
        ['paragraph', '14:05 UTC', true],
      ],
    );
  });

  it('ignores paragraphs that only mention a time, and paragraphs outside the timeline', () => {
    assert.deepEqual(
      timeline('# X\n\n09:00: intro paragraph.\n\n## Timeline\n\nThe alert fired at 09:12 and paged.\n'),
      [],
    );
  });

  it('still refuses a time that runs into digits after its colon', () => {
    assert.deepEqual(timeline('# X\n\n## Timeline\n\n09:12:3x odd.\n'), []);
  });
});

describe('section fixes and fenced code', () => {
  // Found by the fix-idempotence property: the fix was inserted again on every pass.
  const openAtEnd: Array<[string, string]> = [
    [
      'an open code fence (the heading would be code)',
      '---\ncould not reproduce\nthe model decided\n```\n...',
    ],
    ['an open HTML comment (the heading would be HTML)', 'the model decided\n<!-- \ncould not reproduce'],
  ];
  for (const [what, text] of openAtEnd) {
    it(`offers no inserted section when the document ends inside ${what}`, () => {
      const finding = lint(text).findings.find((f) => f.ruleId === 'behavior-rate');
      assert.ok(finding, 'behavior-rate still reports');
      assert.equal(finding.fix, undefined);
      assert.equal(fixAll(text, (t) => lint(t).findings).text, text);
    });
  }

  const fences: Array<[string, boolean]> = [
    ['```\ncode\n```\n', false],
    ['```js\ncode\n', true],
    ['~~~~\ncode\n~~~\n', true],
    ['~~~~\ncode\n~~~~~\n', false],
    ['``` not a `fence`\ntext\n', false],
    ['    ```\nindented code, no fence\n', false],
  ];
  const html: Array<[string, boolean]> = [
    ['text\n<!-- \ncould not reproduce', true],
    ['text\n<!-- note -->\nmore', false],
    ['<!--\nnote\n-->\n', false],
    ['<script>\nx\n', true],
    ['<script>x</script>\n', false],
    ['```\n<!--\n```\n', false],
    ['<!--\n```\n-->\n', false],
    ['    <!-- indented code\n', false],
    ['<![CDATA[\nx\n', true],
  ];
  for (const [text, open] of [...fences, ...html]) {
    it(`reads ${JSON.stringify(text)} as ${open ? 'ending inside' : 'not ending inside'} an open block`, () =>
      assert.equal(endsInOpenBlock(text), open));
  }
});

describe('the AI signals of a document too large to parse', () => {
  it('read its frontmatter only, as its lint does: no prose decision, no cause from the body', () => {
    const prose =
      '# Refunds\n\nThe refund agent approved 40 refunds over the limit.\n\n## Root cause\n\nThe runbook was stale.\n';
    const text = `---\ntitle: Refunds\nai_involved: true\n---\n${prose}`;
    const limits = { maxDocumentLength: 64, maxFrontmatterLength: 64 * 1024 };
    const whole = aiSignals(parsePostmortem(text), DEFAULT_CONFIG.phrases);
    assert.ok(whole.decisions.length > 0 && whole.rootCause.length > 0, 'parsed whole, the prose is read');
    const oversize = aiSignals(parsePostmortem(text, limits), DEFAULT_CONFIG.phrases);
    assert.equal(oversize.involved, true, 'ai_involved in the frontmatter');
    assert.deepEqual(oversize.decisions, []);
    assert.deepEqual(oversize.rootCause, []);
  });
});
