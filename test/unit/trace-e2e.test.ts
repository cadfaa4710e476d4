/** End to end: import a real agent trace into a postmortem whose root cause is deterministic, then lint it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  DEFAULT_CONFIG,
  RULES,
  applyEdits,
  importTrace,
  lint,
  parsePostmortem,
  parseTrace,
} from '../../src/core/index.js';
import { needsShared, sharedPath } from '../../scripts/shared-folder.js';

/** A real Langfuse export (third-party, in the shared corpus; see test/fixtures/traces/PROVENANCE.md). */
const TRACE = 'corpus/traces/langfuse-trace-export__microsoft-agent-2025-12-17.json';

const DOC = `---
title: Refund agent refunded delivered orders
date: 2026-03-14
severity: SEV2
status: draft
---

# Refund agent refunded delivered orders

## Timeline

- 2026-03-14 09:12 UTC Monitoring: refund rate alert fired.

## Root cause

The runbook was outdated.
`;

describe('import then lint', { skip: needsShared(TRACE) }, () => {
  const parsed = parseTrace(readFileSync(sharedPath(TRACE), 'utf8'));
  assert.ok(parsed.ok);
  const result = importTrace(DOC, parsed.trace, { importedAt: '2026-03-15T11:02:00Z' });
  assert.ok(result.ok);
  const text = applyEdits(DOC, result.edits);

  it('lets the document model see the imported agent decisions as [agent] timeline rows', () => {
    const timeline = parsePostmortem(text).timeline;
    assert.deepEqual(
      timeline.filter((e) => e.agentTag).map((e) => e.time?.text),
      ['2025-12-17 09:37 UTC', '2025-12-17 09:37 UTC'],
    );
    // Four spans and three judge verdicts, then the author's row: the trace is older, so its rows come first.
    assert.equal(timeline.length, 8);
    assert.equal(timeline[7]!.agentTag, false);
    assert.equal(timeline[7]!.time?.text, '2026-03-14 09:12 UTC');
    assert.deepEqual(
      lint(text, { config: DEFAULT_CONFIG }).findings.filter((f) => f.ruleId === 'timeline-order'),
      [],
    );
  });

  it('keeps the imported frontmatter valid against the bundled schema', () => {
    const findings = lint(text, { config: DEFAULT_CONFIG }).findings.filter(
      (f) => f.ruleId === 'frontmatter-schema',
    );
    assert.deepEqual(
      findings.map((f) => f.message),
      [],
    );
  });

  // `deterministic-root-cause` is being written in parallel; assert it once it is registered.
  it('makes deterministic-root-cause fire on "the runbook was outdated" once the rule is registered', (t) => {
    if (!RULES.some((r) => r.id === 'deterministic-root-cause')) {
      t.skip('deterministic-root-cause is not registered yet');
      return;
    }
    const fired = lint(text, { config: DEFAULT_CONFIG }).findings.filter(
      (f) => f.ruleId === 'deterministic-root-cause',
    );
    assert.equal(fired.length, 1);
    assert.match(text.slice(fired[0]!.range.start, fired[0]!.range.end), /runbook was outdated/);
    const before = lint(DOC, { config: DEFAULT_CONFIG }).findings.filter(
      (f) => f.ruleId === 'deterministic-root-cause',
    );
    assert.equal(before.length, 0);
  });
});
