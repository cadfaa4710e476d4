/**
 * The `postmortem new` template records nothing by itself: its guidance is HTML comments and empty
 * fields, so the rules and `postmortem report` see an untouched template as the empty document it
 * is, and the first real sentence an author writes is what counts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BUILTIN_PHRASES,
  SIX_VARIABLES,
  lint,
  newPostmortem,
  parsePostmortem,
  recordPostmortem,
} from '../src/core/index.js';

const fresh = newPostmortem({
  title: 'Refund agent refunded delivered orders',
  date: '2026-03-14',
  id: 'PM-2026-03-14-refunds',
});

function replaceSection(text: string, heading: string, content: string): string {
  const start = text.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, heading);
  const end = text.indexOf('\n## ', start + 1);
  return `${text.slice(0, start)}## ${heading}\n\n${content}\n${text.slice(end)}`;
}

function record(text: string) {
  return recordPostmortem('a.postmortem.md', parsePostmortem(text), BUILTIN_PHRASES);
}

describe('the new-postmortem template', () => {
  it('names the six variables in its frontmatter comment, each with its own empty key', () => {
    const comment = fresh.slice(fresh.indexOf('# The six variables'), fresh.indexOf('\nprompt_revision:'));
    const named = comment.match(/\b[a-z]+(?:_[a-z]+)+\b|\bjudge\b/g) ?? [];
    assert.deepEqual(named, [...SIX_VARIABLES]);
    for (const key of SIX_VARIABLES) assert.match(fresh, new RegExp(`^${key}: (\\[\\]|\\{\\})$`, 'm'), key);
  });

  it('counts none of the six variables as recorded when untouched', () => {
    const findings = lint(fresh).findings.filter((f) => f.ruleId === 'ai-context');
    assert.deepEqual(
      findings.map((f) => f.message),
      [
        'AI system involved but none of the six variables is recorded: `prompt_revision`, `model_slice`, `judge`, `retrieval_index_state`, `tool_schemas`, `traffic_mix`',
      ],
    );
  });

  it('has no root cause, no open action item and no timeline row in `report` when untouched', () => {
    const r = record(fresh);
    assert.equal(r.rootCause, 'missing');
    assert.deepEqual(r.actionItems, []);
    assert.deepEqual(parsePostmortem(fresh).timeline, []);
  });

  it('reports only the variables and, once the root cause is written, reads it past the guidance comment', () => {
    const deterministic = fresh.replace(
      '<!-- Two parts:',
      'The refund tool accepted orders already delivered.\n\n<!-- Two parts:',
    );
    assert.equal(record(deterministic).rootCause, 'deterministic-only');
    const inference = fresh.replace(
      '<!-- Two parts:',
      'The refund tool accepted delivered orders, and the agent concluded from a stale tracking page that the parcels were lost.\n\n<!-- Two parts:',
    );
    assert.equal(record(inference).rootCause, 'inference-aware');
  });

  it('counts a root cause section left empty as missing, and one with a sentence as written', () => {
    const base =
      '---\ntitle: Disk full\ndate: 2026-03-14\nseverity: SEV4\nstatus: draft\n---\n\n# Disk full\n\n## Root cause\n\nROOT\n\n## Action items\n\n- None.\n';
    assert.equal(record(base.replace('ROOT', '')).rootCause, 'missing');
    assert.equal(record(base.replace('ROOT', '<!-- Say what broke. -->')).rootCause, 'missing');
    assert.equal(
      record(base.replace('ROOT', 'The export job filled the disk.')).rootCause,
      'deterministic-only',
    );
    assert.equal(
      record(replaceSection(base, 'Root cause', 'The export job filled the disk. <!-- checked -->'))
        .rootCause,
      'deterministic-only',
    );
  });
});
