/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`), one JSON array
 * without a BOM. GitLab compares the fingerprints of the merge request's report with the target
 * branch's, so a fingerprint must survive unrelated edits: it hashes the path, the rule, the
 * flagged text and its occurrence, never the line number (see `fingerprint.ts`).
 */
import type { Severity } from '../types.js';
import { fingerprints } from './fingerprint.js';
import type { FormatOutput } from './report.js';
import { positioned, type FileReport } from './report.js';

/** Code Quality severities are `info`, `minor`, `major`, `critical`, `blocker`. */
const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
};

export function formatGitlab(reports: readonly FileReport[]): FormatOutput {
  const issues = reports.flatMap((report) => {
    const prints = fingerprints(report);
    return positioned(report).map(({ finding, start }, i) => ({
      description: finding.message,
      check_name: finding.ruleId,
      fingerprint: prints[i]!,
      severity: SEVERITY[finding.severity],
      location: { path: report.path, lines: { begin: start.line } },
    }));
  });
  return { stdout: `${JSON.stringify(issues, null, 2)}\n` };
}
