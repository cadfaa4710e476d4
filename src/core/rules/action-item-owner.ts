/** Every open action item names an owner. */
import { defineRule } from './rule.js';

export default defineRule({
  id: 'action-item-owner',
  meta: {
    summary: 'Every open action item must name an owner',
    defaultSeverity: 'warning',
    category: 'hygiene',
    fixable: false,
  },
  docs: {
    rationale:
      'An action item without an owner is a wish. Reviews of postmortem follow-up find that items nobody owns are the ones still open at the next incident. The owner is read from an Owner column, `owner: …`, an `@handle`, or a name in trailing parentheses or after a dash ("— Dana Okafor"). Items marked done are not checked.',
    howToFix:
      'Add an owner to the item: a person or a team, as `(owner: @handle)`, `— Team name`, or an Owner column in a table.',
    measured:
      'On the 52 labelled postmortems of `test/fixtures/labelled` (`npm run eval:rules`): precision 1.00, recall 1.00 (3 documents where it must fire, 0 false positives, 0 false negatives). The fixtures were written before the rule, but the rule was developed against them. On the 46 held-out postmortems of `test/fixtures/heldout`, written blind from this page afterwards (`npm run eval:rules -- --set heldout`): precision 1.00, recall 1.00 (5 documents where it must fire, 0 false positives, 0 false negatives); the first blind measurement, before the fixes it prompted, was precision 1.00, recall 1.00. On the 50 postmortems of the fourth held-out set `test/fixtures/heldout4`, also written blind (`npm run eval:rules -- --set heldout4`), the first blind measurement was precision 0.86, recall 0.75; after fixing the general classes of its misses (owner keywords as whole words, owner names with non-ASCII letters), it is precision 1.00, recall 0.88, and, once follow-ups under a plain `follow-ups:` line (not a heading) were read as action items, precision 1.00, recall 1.00 (8 documents where it must fire, 0 false positives, 0 false negatives), and that set is no longer blind either.',
    examples: [
      {
        name: 'An item without an owner is reported at its text',
        input:
          '# Webhooks delayed\n\n## Action items\n\n- Restart consumers automatically on crash\n- Alert on queue age (owner: @platform)\n',
        output: [
          '5:3-5:43 warning Action item `Restart consumers automatically on crash` has no owner  action-item-owner',
        ],
      },
      {
        name: 'Owners in a table column, after a dash, in parentheses, and done items pass',
        input:
          '# Webhooks delayed\n\n## Action items\n\n| Action | Owner |\n| --- | --- |\n| Alert on queue age | Platform |\n\n- Restart consumers on crash — Dana Okafor\n- Document replay (Priya)\n- [x] Roll back the consumer\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, report }) {
    for (const item of document.actionItems) {
      if (item.owner || item.state === 'done') continue;
      const text = item.text.trim();
      if (!text) continue;
      const firstLine =
        item.textRange.start +
        Math.max(0, document.text.slice(item.textRange.start, item.textRange.end).search(/\r?\n|$/));
      const label = text.split(/\r?\n/)[0]!;
      report({
        range: { start: item.textRange.start, end: Math.min(item.textRange.end, firstLine) },
        message: `Action item \`${label.length > 60 ? `${label.slice(0, 57)}…` : label}\` has no owner`,
      });
    }
  },
});
