/** The engine's promises: a throwing rule becomes one finding, suppressions work and are audited, severities come from config. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES, lint, resolveConfig, type AnyRule } from '../../src/core/index.js';
import { lines, render } from '../helpers.js';

const VALID = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n\n# Outage\n';

const thrower: AnyRule = {
  id: 'always-throws',
  meta: { summary: 'test rule', defaultSeverity: 'warning', category: 'document', fixable: false },
  docs: { examples: [] },
  defaultOptions: {},
  check() {
    throw new Error('boom');
  },
};

/** Reports every heading: a finding after the frontmatter that suppression tests can target. */
const headings: AnyRule = {
  id: 'heading-report',
  meta: { summary: 'test rule', defaultSeverity: 'warning', category: 'document', fixable: false },
  docs: { examples: [] },
  defaultOptions: {},
  check({ document, report }) {
    for (const s of document.sections) report({ range: s.headingRange, message: `Heading \`${s.title}\`` });
  },
};

describe('engine', () => {
  it('turns a throwing rule into one internal-error finding and keeps the other rules', () => {
    const text = VALID.replace('SEV2', 'sev2');
    const findings = lint(text, { rules: [thrower, ...RULES] }).findings;
    assert.deepEqual(render(text, findings), [
      '1:1-1:1 error Rule `always-throws` failed on this document: boom  internal-error',
      '4:11-4:15 error `severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `sev2`  frontmatter-schema',
    ]);
    assert.equal(findings[0]?.fatal, true);
  });

  it('applies severities from config, including off', () => {
    const text = '# No frontmatter\n';
    assert.deepEqual(lines(text, { rules: { 'frontmatter-missing': 'error' } }), [
      '1:1-1:17 error Missing frontmatter: start the file with a `---` block holding `title`, `date`, `severity`, `status`  frontmatter-missing',
    ]);
    assert.deepEqual(lines(text, { rules: { 'frontmatter-missing': 'off' } }), []);
  });

  it('stamps the docs URL of the rule', () => {
    const f = lint('# x\n').findings[0]!;
    assert.equal(
      f.url,
      'https://github.com/ai-postmortem/ai-postmortem/blob/main/docs/rules/frontmatter-missing.md',
    );
  });

  it('runs only the frontmatter rules on a body over the size limit, as its document-size finding says', () => {
    const body =
      '## Summary\n\nThe support assistant told customers refunds were allowed after 90 days.\n\n## Root cause\n\nThe KB article was outdated.\n\n## Timeline\n\n- 10:00 paged\n- 09:00 started\n\n## Action items\n\n- Update the KB article\n';
    const md = `---\ntitle: Outage\ndate: 2026-03-14\nseverity: sev2\nstatus: draft\n---\n\n# Outage\n\n${body.repeat(5000)}`;
    assert.ok(md.length > 1024 * 1024);
    const ids = [...new Set(lint(md).findings.map((f) => f.ruleId))].sort();
    assert.deepEqual(ids, ['document-size', 'frontmatter-schema']);
    // The same body under the limit is read: the body rules speak.
    const small = lint(
      `---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n\n# Outage\n\n${body}`,
    );
    const smallIds = new Set(small.findings.map((f) => f.ruleId));
    assert.ok(
      smallIds.has('timeline-order') && smallIds.has('deterministic-root-cause'),
      [...smallIds].join(', '),
    );
  });

  it('is deterministic: the same input gives the same findings', () => {
    const text = VALID.replace('SEV2', 'sev2').replace('status: draft', 'status: nope');
    assert.deepEqual(lint(text).findings, lint(text).findings);
  });
});

describe('suppression directives', () => {
  const missing = (before: string) => `${before}# Title\n`;

  it('disable-file suppresses the rule everywhere', () => {
    assert.deepEqual(
      lines(missing('<!-- postmortem-disable-file frontmatter-missing -- old wiki page -->\n')),
      [],
    );
  });

  it('disable-next-line suppresses only the next line', () => {
    const text = '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n';
    // A finding in frontmatter cannot be suppressed by a comment after it: the directive is unused.
    assert.deepEqual(lines(`${text}\n<!-- postmortem-disable-next-line frontmatter-schema -->\n# T\n`), [
      '8:1-8:57 warning Unused `postmortem-disable-next-line` directive: no `frontmatter-schema` finding to suppress here  unused-disable',
    ]);
  });

  it('disable without rules suppresses every rule until enable, and an unused block is reported', () => {
    const text = `${VALID}## A\n<!-- postmortem-disable -->\n## B\n<!-- postmortem-enable -->\n## C\n<!-- postmortem-disable heading-report -->\n`;
    const findings = lint(text, { rules: [headings, ...RULES] }).findings;
    assert.deepEqual(render(text, findings), [
      '8:1-8:9 warning Heading `Outage`  heading-report',
      '9:1-9:5 warning Heading `A`  heading-report',
      '13:1-13:5 warning Heading `C`  heading-report',
      '14:1-14:43 warning Unused `postmortem-disable` directive: no `heading-report` finding to suppress here  unused-disable',
    ]);
  });

  it('disable-line suppresses findings on its own line', () => {
    const text = `${VALID}## A <!-- postmortem-disable-line heading-report -->\n## B\n`;
    assert.deepEqual(
      render(text, lint(text, { rules: [headings, ...RULES] }).findings).map((l) => l.slice(0, 8)),
      ['8:1-8:9 ', '10:1-10:'],
    );
  });

  it('reports an unknown rule id in a directive', () => {
    const out = lines(missing('<!-- postmortem-disable-file frontmater-missing -->\n'));
    assert.ok(
      out.includes(
        '1:1-1:52 warning Unknown rule `frontmater-missing` in a `postmortem-disable-file` directive  unused-disable',
      ),
      out.join('\n'),
    );
  });

  it('ignores directives inside code blocks', () => {
    const out = lines('```\n<!-- postmortem-disable-file -->\n```\n');
    assert.equal(out.length, 1);
    assert.match(out[0]!, /frontmatter-missing$/);
  });

  it('can turn the unused-directive report off', () => {
    const text = `${VALID}\n<!-- postmortem-disable-next-line frontmatter-schema -->\n`;
    assert.deepEqual(lines(text, { rules: { 'unused-disable': 'off' } }), []);
    assert.equal(lint(text, { config: resolveConfig({}, undefined) }).findings.length, 1);
  });
});
