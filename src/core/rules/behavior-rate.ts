/** "Could not reproduce" for an AI output, with no behavior rate anywhere. */
import type { PostmortemDocument } from '../document/parse.js';
import type { TextRange } from '../types.js';
import {
  aiSignals,
  blockOf,
  body,
  findIn,
  hasBehaviorRate,
  insertSectionAfter,
  sectionsOf,
  sentences,
} from './_ai-signals.js';
import { answeredNo, asksReproduced, intermittency, namesAiOrOutput, nonReproduction } from './ai/rates.js';
import { withTableTabStops } from './_snippet.js';
import { phraseRegExp } from './phrases.js';
import { defineRule } from './rule.js';

export const BEHAVIOR_RATE_SKELETON =
  '| Replays (n) | Bad outputs (k) | Rate | Interval | Same prompt, model and seed |\n| --- | --- | --- | --- | --- |\n|  |  |  |  |  |\n';

export default defineRule({
  id: 'behavior-rate',
  meta: {
    summary: '"Could not reproduce" an AI output needs a behavior rate: n replays, k bad, an interval',
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
    hasSuggestions: true,
  },
  docs: {
    rationale:
      'A model\'s output is a sample from a distribution. One harmful answer that does not come back on the next try is not a one-off: replaying the same input 100 times may give 98 good answers and 2 harmful ones, and that 2% is the incident. "Could not reproduce", "reran it and it passed" or "not reproducible" closes the investigation on survivorship bias. This rule fires when an AI system is involved, the document says it could not reproduce the behavior, and no behavior rate (n replays and k bad outputs, a rate or an interval, or `behavior_rate` in the frontmatter) appears anywhere. What counts as an AI decision, a cause that speaks of the inference, an intermittency and a vendor problem is defined in [What the AI rules mean](../ai-rules.md).',
    howToFix:
      'Replay the triggering input n times with the same prompt revision, model and settings, count the bad outputs k, and write the rate with an interval (for example "3 of 200, 1.5%, 95% CI 0.3–4.3%"), in a "Behavior rate" section or in `behavior_rate` in the frontmatter. In the editor, a quick fix inserts the section\'s table with the cursor in its first cell; it is a suggestion, which `--fix` and fix-on-save never apply, since the finding stays until the table holds numbers.',
    measured:
      'On the 52 labelled postmortems of `test/fixtures/labelled` (`npm run eval:rules`): precision 1.00, recall 1.00 (4 documents where it must fire, 0 false positives, 0 false negatives). No finding on the 24 real postmortems without AI in `corpus/postmortems/markdown` of the shared folder. The fixtures were written before the rule, but the rule was developed against them. On the 46 held-out postmortems of `test/fixtures/heldout`, written blind from this page afterwards (`npm run eval:rules -- --set heldout`): precision 1.00, recall 1.00 (5 documents where it must fire, 0 false positives, 0 false negatives); the first blind measurement, before the fixes it prompted, was precision 0.75, recall 0.60. On the 51 postmortems of the second held-out set `test/fixtures/heldout2`, also written blind (`npm run eval:rules -- --set heldout2`), the first blind measurement was precision 1.00, recall 0.75; after fixing the general weaknesses it exposed, it is precision 1.00, recall 1.00 (4 documents where it must fire, 0 false positives, 0 false negatives), but that set is no longer blind: the fixes were made against it. On the 48 postmortems of the third held-out set `test/fixtures/heldout3`, also written blind (`npm run eval:rules -- --set heldout3`), the first blind measurement was precision 1.00, recall 0.75; after fixing the general classes of its misses (bounded filler in phrases, infrastructure events that are not decisions, action items judged by what they do, AI involvement from general evidence), it is precision 1.00, recall 1.00 (4 documents where it must fire, 0 false positives, 0 false negatives), and that set is no longer blind either. On the 50 postmortems of the fourth held-out set `test/fixtures/heldout4`, also written blind (`npm run eval:rules -- --set heldout4`), the first blind measurement was precision 1.00, recall 1.00; after fixing the general classes of its misses (a vendor named or described before "had an outage", a company named as the cause, a prompt called poorly written, action items that send the agent\'s action to a person or add inputs to a test, an actor that is the object of a preposition, model-ish job names in an Actor cell, products introduced in apposition, a cause stated as unknown, machine translation as AI), it is precision 1.00, recall 1.00 (6 documents where it must fire, 0 false positives, 0 false negatives), and that set is no longer blind either.',
    examples: [
      {
        name: '"Could not reproduce" for a model output without a rate is reported, with a section to fill in as the editor\'s suggestion',
        input:
          '# Summarizer promised a refund\n\nThe LLM summarizer wrote "refund approved" on a pending refund.\n\n## Root cause\n\nWe could not reproduce the output.\n',
        output: [
          '7:4-7:23 warning Behavior `could not reproduce` without a behavior rate; replay the input n times and report k bad outputs with an interval  behavior-rate',
        ],
        suggested:
          '# Summarizer promised a refund\n\nThe LLM summarizer wrote "refund approved" on a pending refund.\n\n## Root cause\n\nWe could not reproduce the output.\n\n## Behavior rate\n\n| Replays (n) | Bad outputs (k) | Rate | Interval | Same prompt, model and seed |\n| --- | --- | --- | --- | --- |\n|  |  |  |  |  |\n',
      },
      {
        name: 'A replay count next to "could not reproduce" passes',
        input:
          '# Summarizer promised a refund\n\nThe LLM summarizer wrote "refund approved" on a pending refund.\n\nWe could not reproduce the exact output; 200 replays gave 3 bad outputs (1.5%).\n',
        output: [],
      },
      {
        name: '"Could not reproduce" in an incident without AI passes',
        input: '# Checkout errors\n\n## Root cause\n\nWe could not reproduce the errors in staging.\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    const signals = aiSignals(document, phrases);
    if (!signals.involved) return;
    // Intermittency in any wording applies, whether or not the timeline shows the AI deciding: "the assistant is
    // intermittently giving answers from the wrong period" on a status page is a behaviour without a rate.
    const hit =
      findIn([body(document)], phraseRegExp(phrases.could_not_reproduce)) ??
      notReproduced(document, signals.decisions.length > 0) ??
      (signals.decisions.length > 0 ? signals.intermittent : undefined);
    if (!hit || hasBehaviorRate(document)) return;
    const root = sectionsOf(document, ['root-cause'])[0];
    const around = document.sections
      .filter((s) => s.range.start <= hit.range.start && hit.range.end <= s.range.end)
      .pop();
    const after = root ?? around;
    const edit = insertSectionAfter(
      document,
      after,
      'behavior-rate',
      'Behavior rate',
      BEHAVIOR_RATE_SKELETON,
    );
    report({
      range: hit.range,
      message: `Behavior \`${hit.text}\` without a behavior rate; replay the input n times and report k bad outputs with an interval`,
      ...(edit
        ? {
            suggestions: [
              { title: 'Insert a "Behavior rate" section to fill in', edits: [withTableTabStops(edit)] },
            ],
          }
        : {}),
    });
  },
});

/**
 * The first sentence that says the behaviour did not come back, outside the plans, the lessons and the rate itself;
 * without an AI decision in the document, also an intermittency said of the AI or its output by name ("the assistant
 * is intermittently giving answers from the wrong period"), outside the timeline.
 */
function notReproduced(
  document: PostmortemDocument,
  decided: boolean,
): { range: TextRange; text: string } | undefined {
  const ranges = (kinds: Parameters<typeof sectionsOf>[1]) => sectionsOf(document, kinds).map((s) => s.range);
  const skipped = [
    ...ranges(['action-items', 'lessons', 'behavior-rate']),
    ...document.actionItems.map((a) => a.range),
  ];
  const timeline = ranges(['timeline']);
  const inside = (rs: readonly TextRange[], r: TextRange) =>
    rs.some((o) => o.start <= r.start && r.end <= o.end);
  // "## Could we reproduce it?" answered "Not so far."
  for (const section of document.sections) {
    if (!asksReproduced(section.title)) continue;
    const block = blockOf(document.text, section.contentRange);
    const lead = block.text.length - block.text.trimStart().length;
    const n = answeredNo(block.text.slice(lead));
    if (n > 0) {
      const start = section.contentRange.start + lead;
      return { range: { start, end: start + n }, text: document.text.slice(start, start + n).trim() };
    }
  }
  for (const s of sentences(body(document), document.text)) {
    if (/^\s*#/.test(s.text) || inside(skipped, s.range)) continue;
    const m =
      nonReproduction(s.text) ??
      (!decided && !inside(timeline, s.range) && namesAiOrOutput(s.text) ? intermittency(s.text) : undefined);
    if (m)
      return {
        range: { start: s.range.start + m.index, end: s.range.start + m.index + m.text.length },
        text: m.text,
      };
  }
  return undefined;
}
