/** "Could not reproduce" for an AI output, with no behavior rate anywhere. */
import type { PostmortemDocument } from '../document/parse.js';
import type { TextRange } from '../types.js';
import {
  aiSignals,
  blockOf,
  body,
  findInBody,
  hasBehaviorRate,
  insertSectionAfter,
  sectionsOf,
  sentences,
  within,
} from './_ai-signals.js';
import { memoText } from '../memo.js';
import { answeredNo, asksReproduced, intermittency, namesAiOrOutput, nonReproduction } from './ai/rates.js';

/** The per-sentence readings, remembered by sentence text (memo.ts). */
const notAgain = memoText(nonReproduction);
const namesOutput = memoText(namesAiOrOutput);
const intermittent = memoText(intermittency);
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
      findInBody(document, phraseRegExp(phrases.could_not_reproduce)) ??
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
 * The first sentence that says the behaviour did not come back, outside the plans and the lessons;
 * without an AI decision in the document, also an intermittency said of the AI or its output by name ("the assistant
 * is intermittently giving answers from the wrong period"), outside the timeline.
 */
function notReproduced(
  document: PostmortemDocument,
  decided: boolean,
): { range: TextRange; text: string } | undefined {
  const ranges = (kinds: Parameters<typeof sectionsOf>[1]) => sectionsOf(document, kinds).map((s) => s.range);
  // A "Reproduction" section is read too: when it holds a rate the rule stops before this, and when it only says the
  // behaviour did not come back ("couldn't get it to happen again") that is the finding.
  const skipped = within([
    ...ranges(['action-items', 'lessons']),
    ...document.actionItems.map((a) => a.range),
  ]);
  const inTimeline = within(ranges(['timeline']));
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
    if (/^\s*#/.test(s.text) || skipped(s.range)) continue;
    const m =
      notAgain(s.text) ??
      (!decided && !inTimeline(s.range) && namesOutput(s.text) ? intermittent(s.text) : undefined);
    if (m)
      return {
        range: { start: s.range.start + m.index, end: s.range.start + m.index + m.text.length },
        text: m.text,
      };
  }
  return undefined;
}
