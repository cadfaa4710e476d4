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
