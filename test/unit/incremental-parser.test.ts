/** The parser the extension keeps per open document gives the plain parse's findings after every edit. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  DEFAULT_LIMITS,
  createIncrementalLinter,
  createIncrementalParser,
  lint,
  parsePostmortem,
} from '../../src/core/index.js';

describe('createIncrementalParser', () => {
  it('keeps findings equal to a full parse while a document is edited', () => {
    const parse = createIncrementalParser();
    let text = readFileSync('examples/support-bot-refund-policy.postmortem.md', 'utf8');
    const edits: Array<(t: string) => string> = [
      (t) =>
        t.replace(
          '## Timeline',
          '## Timeline\n\n- 13:55 UTC The assistant concluded the trial rule applied.',
        ),
      (t) => t.replace('Tighten the runbook wording.', 'Tighten the runbook wording (owner: @sam).'),
      (t) =>
        t.replace(
          '## Resolution',
          '## Behavior rate\n\n200 replays, 7 bad (3.5 %, 95 % interval 1.7–7.1 %).\n\n## Resolution',
        ),
      (t) => t.slice(0, t.indexOf('## Action items')),
    ];
    let parsedBefore = 0;
    for (const edit of edits) {
      text = edit(text);
      const incremental = lint(text, { document: parsePostmortem(text, DEFAULT_LIMITS, parse) }).findings;
      const plain = lint(text).findings;
      assert.deepEqual(incremental, plain);
      parsedBefore += plain.length;
    }
    assert.ok(parsedBefore > 0, 'the edits leave findings to compare');
  });
});

describe('the incremental linter reads an unchanged frontmatter once', () => {
  const head =
    '---\ntitle: Refunds\nseverity: sev2\nowner: [unclosed\n---\n\n# Refunds\n\n## Timeline\n\n- 10:00 UTC The agent decided to refund.\n\n## Summary\n\n';
  it('reuses the frontmatter read while only the body changes, and still reports its problems each time', () => {
    const linter = createIncrementalLinter();
    const first = linter.lint(`${head}One.\n`);
    const second = linter.lint(`${head}One, then two.\n`);
    assert.equal(
      second.document.frontmatter,
      first.document.frontmatter,
      'the same read, not a second YAML parse',
    );
    for (const [result, text] of [
      [first, `${head}One.\n`],
      [second, `${head}One, then two.\n`],
    ] as const) {
      assert.deepEqual(result.findings, lint(text).findings);
      assert.ok(
        result.findings.some((f) => f.ruleId === 'frontmatter-yaml-syntax'),
        'the YAML error is reported on every lint',
      );
    }
  });

  it('reads it again when the frontmatter changes', () => {
    const linter = createIncrementalLinter();
    const first = linter.lint(`${head}One.\n`);
    const fixed = head.replace('[unclosed', 'sam');
    const second = linter.lint(`${fixed}One.\n`);
    assert.notEqual(second.document.frontmatter, first.document.frontmatter);
    assert.deepEqual(second.findings, lint(`${fixed}One.\n`).findings);
    assert.ok(!second.findings.some((f) => f.ruleId === 'frontmatter-yaml-syntax'));
  });
});
