/** "Could not reproduce" for an AI output, with no behavior rate anywhere. */
import { aiSignals, body, findIn, hasBehaviorRate, insertSectionAfter, sectionsOf } from './_ai-signals.js';
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
    const hit =
      findIn([body(document)], phraseRegExp(phrases.could_not_reproduce)) ??
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
