/**
 * Stable identities of findings for SARIF `partialFingerprints` and GitLab `fingerprint`: a hash of
 * the rule, the path, the *anchor* (the flagged text) and the occurrence of that anchor, never the
 * line number, so a finding keeps its identity when lines are inserted above it and the PR tools
 * do not show a fixed finding plus a new one.
 */
import type { Finding } from '../types.js';
import type { FileReport } from './report.js';
import { sha256Hex } from '../trace/hash.js';

/** The text a finding points at, whitespace collapsed; for an empty range, its whole line. */
export function anchorText(text: string, finding: Finding): string {
  const { start, end } = finding.range;
  let anchor = text.slice(start, end);
  if (anchor.trim() === '') {
    const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
    const rest = text.slice(start);
    const lineEnd = start + (rest.search(/[\r\n]/) === -1 ? rest.length : rest.search(/[\r\n]/));
    anchor = text.slice(lineStart, lineEnd);
  }
  return anchor.replace(/\s+/g, ' ').trim();
}

/**
 * One fingerprint per finding of the report, in the same order: SHA-256 hex of
 * `[ruleId, path, anchor, occurrence]`, where `occurrence` counts earlier findings of the same rule
 * on the same anchor text in this file (0 for the first), so identical anchors stay distinct.
 */
export function fingerprints(report: FileReport): string[] {
  const seen = new Map<string, number>();
  return report.findings.map((finding) => {
    const anchor = anchorText(report.text, finding);
    const key = JSON.stringify([finding.ruleId, anchor]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return sha256Hex(JSON.stringify([finding.ruleId, report.path, anchor, occurrence]));
  });
}
