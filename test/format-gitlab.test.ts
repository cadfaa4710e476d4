/** `--format gitlab`: a Code Quality array without BOM, mapped severities, fingerprints unique and stable across inserted lines. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGitlab } from '../src/core/format/gitlab.js';
import { doc, reportOf } from './format-support.js';

interface Issue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

function gitlab(...reports: Parameters<typeof formatGitlab>[0]): Issue[] {
  const out = formatGitlab(reports).stdout;
  assert.equal(out.charCodeAt(0), '['.charCodeAt(0), 'no BOM, no preamble');
  const issues = JSON.parse(out) as Issue[];
  assert.ok(Array.isArray(issues));
  for (const issue of issues) {
    assert.deepEqual(Object.keys(issue).sort(), [
      'check_name',
      'description',
      'fingerprint',
      'location',
      'severity',
    ]);
    assert.ok(issue.description.length > 0 && issue.check_name.length > 0);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(issue.severity));
    assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
    assert.ok(!issue.location.path.startsWith('./') && !issue.location.path.startsWith('/'));
  }
  return issues;
}

// Two findings of the same rule on the same text (`x`), on different lines.
const DOC = doc().replace('severity: SEV2', 'severity: x').replace('status: draft', 'status: x');

describe('gitlab format', () => {
  it('writes description, check name, severity and the begin line; error→major, warning→minor, info→info', () => {
    const issues = gitlab(
      reportOf('incidents/a.postmortem.md', DOC),
      reportOf('b.md', '# No frontmatter\n'),
      reportOf('c.md', '# No frontmatter\n', { rules: { 'frontmatter-missing': 'info' } }),
    );
    assert.deepEqual(
      issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
      [
        ['frontmatter-schema', 'major', 'incidents/a.postmortem.md', 4],
        ['frontmatter-schema', 'major', 'incidents/a.postmortem.md', 5],
        ['frontmatter-missing', 'minor', 'b.md', 1],
        ['frontmatter-missing', 'info', 'c.md', 1],
      ],
    );
    assert.equal(issues[0]!.description, '`severity` must be one of `SEV1`, `SEV2`, `SEV3`, `SEV4`; got `x`');
  });

  it('gives unique fingerprints, also to the same rule on the same text twice in a file', () => {
    const issues = gitlab(reportOf('a.md', DOC), reportOf('b.md', DOC));
    assert.equal(issues.length, 4);
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 4);
    for (const i of issues) assert.match(i.fingerprint, /^[0-9a-f]{64}$/);
  });

  it('keeps every fingerprint when lines are inserted above the findings, while the lines move', () => {
    const before = gitlab(reportOf('a.md', DOC));
    const after = gitlab(
      reportOf('a.md', DOC.replace('title: Outage\n', 'title: Outage\n# inserted\nteams: [search]\n')),
    );
    assert.deepEqual(
      after.map((i) => i.location.lines.begin),
      before.map((i) => i.location.lines.begin + 2),
    );
    assert.deepEqual(
      after.map((i) => i.fingerprint),
      before.map((i) => i.fingerprint),
    );
  });

  it('changes the fingerprint when the flagged text changes', () => {
    const [a] = gitlab(reportOf('a.md', DOC));
    const [b] = gitlab(reportOf('a.md', DOC.replace('severity: x', 'severity: y')));
    assert.notEqual(a!.fingerprint, b!.fingerprint);
  });

  it('writes an empty array for clean files', () => {
    assert.equal(formatGitlab([reportOf('a.md', doc())]).stdout, '[]\n');
  });
});
