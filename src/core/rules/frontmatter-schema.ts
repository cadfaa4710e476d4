/** Frontmatter data checked against the JSON Schema that applies to the file. */
import { validateFrontmatter } from '../schema/validator.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'frontmatter-schema',
  meta: {
    summary: 'Frontmatter must match the JSON Schema that applies to the file',
    defaultSeverity: 'error',
    category: 'frontmatter',
    fixable: true,
  },
  docs: {
    examples: [
      {
        name: 'A value outside an enum is reported at the value, with a fix when only the case differs',
        input: '---\ntitle: Outage\ndate: 2026-03-14\nseverity: sev2\nstatus: draft\n---\n',
        output: [
          '4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema',
        ],
        fixed: '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n',
      },
      {
        name: 'An unknown key is reported at the key, with the closest known key',
        input: '---\ntitle: Outage\ndate: 2026-03-14\nseverty: SEV2\nseverity: SEV2\nstatus: draft\n---\n',
        output: ['4:1-4:8 error Unexpected key `severty`, did you mean `severity`?  frontmatter-schema'],
      },
      {
        name: 'A missing required key is reported at the opening fence',
        input: '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\n---\n',
        output: ['1:1-1:4 error Missing required key `status`  frontmatter-schema'],
      },
      {
        name: 'A timestamp without an offset is reported at the value',
        input:
          '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nstarted_at: 2026-03-14 09:12\n---\n',
        output: [
          '6:13-6:29 error `started_at` must be an RFC 3339 date-time with an offset, like `2026-03-14T09:12:00Z`; got `2026-03-14 09:12`  frontmatter-schema',
        ],
      },
      {
        name: 'Valid frontmatter passes',
        input:
          '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\nstarted_at: 2026-03-14T09:12:00Z\n---\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, schema, report }) {
    const fm = document.frontmatter;
    if (!fm || fm.kind !== 'yaml') return;
    if (!schema.ok) {
      report({ range: fm.openingFence, message: schema.error, fatal: true });
      return;
    }
    if (!fm.doc || fm.data === undefined) return;
    for (const problem of validateFrontmatter(schema, fm.data, fm.doc, fm.base, fm.openingFence)) {
      const expected = problem.keyword === 'enum' ? problem.data?.expected : undefined;
      report({
        range: problem.range,
        message: problem.message,
        ...(problem.data ? { data: problem.data } : {}),
        ...(expected !== undefined &&
        document.text.slice(problem.range.start, problem.range.end) === problem.data?.actual
          ? {
              fix: {
                title: `Change to \`${expected}\``,
                edits: [{ range: problem.range, newText: expected }],
              },
            }
          : {}),
      });
    }
  },
});
