/** A postmortem without a frontmatter block. */
import { defineRule } from './rule.js';

export default defineRule({
  id: 'frontmatter-missing',
  meta: {
    summary: 'A postmortem starts with a YAML frontmatter block',
    defaultSeverity: 'warning',
    category: 'frontmatter',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A document without frontmatter is reported at its start, naming the required keys',
        input: '# Outage\n\nThe API was down.\n',
        output: [
          '1:1-1:9 warning Missing frontmatter: start the file with a `---` block holding `title`, `date`, `severity`, `status`  frontmatter-missing',
        ],
      },
      {
        name: 'A document with frontmatter passes',
        input: '---\ntitle: Outage\n---\n# Outage\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, schema, report }) {
    if (document.frontmatter) return;
    if (document.problems.some((p) => p.ruleId === 'frontmatter-format')) return;
    const required =
      schema.ok && Array.isArray(schema.schema['required'])
        ? (schema.schema['required'] as unknown[]).map(String)
        : [];
    const firstLineEnd = document.lines.lineCount > 1 ? document.lines.lineStart(2) : document.text.length;
    const end = document.text.slice(0, firstLineEnd).replace(/\r?\n$|\r$/, '').length;
    report({
      range: { start: 0, end },
      message: `Missing frontmatter: start the file with a \`---\` block${required.length ? ` holding ${required.map((k) => `\`${k}\``).join(', ')}` : ''}`,
    });
  },
});
