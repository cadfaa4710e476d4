/** YAML that does not parse, duplicate keys and aliases in the frontmatter. */
import { defineRule } from './rule.js';

export default defineRule({
  id: 'frontmatter-yaml-syntax',
  meta: {
    summary: 'Frontmatter must be valid YAML 1.2: no syntax errors, duplicate keys or aliases',
    defaultSeverity: 'error',
    category: 'frontmatter',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A duplicate key is reported at the second occurrence',
        input: '---\ntitle: Outage\ntitle: Again\n---\n',
        output: [
          '3:1-3:6 error Unexpected duplicate key: each key may appear once in a mapping (YAML DUPLICATE_KEY)  frontmatter-yaml-syntax',
        ],
      },
      {
        name: 'An alias is refused',
        input: '---\nservices: &s [api]\nteams: *s\n---\n',
        output: [
          '3:8-3:10 error Unexpected YAML alias `*s`: aliases are not allowed in frontmatter, write the value out  frontmatter-yaml-syntax',
        ],
      },
      {
        name: 'Valid YAML passes',
        input: '---\ntitle: Outage\nservices: [api]\n---\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, report }) {
    for (const p of document.problems)
      if (p.ruleId === 'frontmatter-yaml-syntax')
        report({ range: p.range, message: p.message, fatal: p.fatal });
  },
});
