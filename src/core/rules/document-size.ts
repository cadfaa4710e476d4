/** Documents and frontmatter blocks too large to check safely in full. */
import { defineRule } from './rule.js';

export default defineRule({
  id: 'document-size',
  meta: {
    summary: 'Documents over the size limit get frontmatter checks only',
    defaultSeverity: 'warning',
    category: 'document',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A document over the configured limit is reported on its first line',
        input: `---\ntitle: Outage\n---\n\n# Outage\n\n${'The queue backed up. '.repeat(60)}\n`,
        config: { limits: { max_document_bytes: 1024 } },
        output: [
          '1:1-1:4 warning Document is 1294 characters, over the limit of 1024: only the frontmatter was checked  document-size',
        ],
      },
      {
        name: 'A small document passes',
        input: '---\ntitle: Outage\n---\n\n# Outage\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, report }) {
    for (const p of document.problems)
      if (p.ruleId === 'document-size') report({ range: p.range, message: p.message, fatal: p.fatal });
  },
});
