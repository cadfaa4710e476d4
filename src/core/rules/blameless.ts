/** A named person as the cause. */
import { aiSignals, blamedPeople, blockOf, labelledBlocks, partsOf } from './_ai-signals.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'blameless',
  meta: {
    summary: 'A root cause must not name a person as the cause',
    defaultSeverity: 'warning',
    category: 'hygiene',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A person named as the cause is reported at the name',
        input: '# Cache flushed\n\n## Root cause\n\nAlice ran the wrong command against production.\n',
        output: [
          '5:1-5:6 warning Root cause names a person (`Alice`) as the cause; describe what made the action easy to get wrong instead  blameless',
        ],
      },
      {
        name: 'Names in the timeline and a systemic root cause pass',
        input:
          '# Cache flushed\n\n## Timeline\n\n- 10:07 UTC Alice ran `FLUSHALL` in a production terminal.\n\n## Root cause\n\nProduction and staging terminals look the same.\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    // The cause wherever it is written: a cause or contributing-factors section under any of their titles ("What went
    // wrong", "Why it happened"), a labelled paragraph, or, with neither, the sentences that state a cause.
    const stated = [
      ...partsOf(document, ['root-cause', 'contributing-factors']).map((s) =>
        blockOf(document.text, s.contentRange),
      ),
      ...labelledBlocks(
        document,
        String.raw`root[- ]?causes?|rca|causes?|why it happened|(?:main |primary |a )?contributing (?:causes?|factors?)`,
      ),
    ];
    const blocks = stated.length > 0 ? stated : aiSignals(document, phrases).rootCause;
    const seen = new Set<number>();
    for (const person of blamedPeople(document, blocks, phrases)) {
      if (seen.has(person.range.start)) continue;
      seen.add(person.range.start);
      report({
        range: person.range,
        message: `Root cause names a person (\`${person.name}\`) as the cause; describe what made the action easy to get wrong instead`,
      });
    }
  },
});
