/** Frontmatter in a form the linter cannot read: TOML, or a block that never closes. */
import { defineRule } from './rule.js';

export default defineRule({
  id: 'frontmatter-format',
  meta: {
    summary: 'Frontmatter must be a closed YAML block (`---` … `---`); TOML (`+++`) is not validated',
    defaultSeverity: 'warning',
    category: 'frontmatter',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'TOML frontmatter is reported once, at its fence',
        input: '+++\ntitle = "Outage"\n+++\n\n# Outage\n',
        output: [
          '1:1-1:4 warning Unsupported TOML frontmatter (`+++`): only YAML frontmatter (`---`) is validated  frontmatter-format',
        ],
      },
      {
        name: 'An unclosed block is reported',
        input: '---\ntitle: Outage\n\n# Outage\n',
        output: [
          '1:1-1:4 warning Unclosed frontmatter: missing the closing fence after the opening `---`  frontmatter-format',
        ],
      },
      { name: 'A closed YAML block passes', input: '---\ntitle: Outage\n---\n\n# Outage\n', output: [] },
    ],
  },
  defaultOptions: {},
  check({ document, report }) {
    for (const p of document.problems)
      if (p.ruleId === 'frontmatter-format') report({ range: p.range, message: p.message, fatal: p.fatal });
  },
});
