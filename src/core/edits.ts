/** Applying text edits, for `--fix` and tests; shells apply editor edits themselves. */
import type { Finding, TextEdit } from './types.js';

/** Apply non-overlapping edits; an edit that overlaps an earlier one is skipped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    if (edit.range.start < at) continue;
    out += text.slice(at, edit.range.start) + edit.newText;
    at = edit.range.end;
  }
  return out + text.slice(at);
}

/**
 * Every fix of `findings` whose edits do not overlap an earlier fix's, as one edit list (suggestions
 * are never among them). `applied` collects the findings whose fix was taken.
 */
export function fixEdits(findings: readonly Finding[], applied?: Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const finding of findings) {
    const edits = finding.fix?.edits;
    if (!edits) continue;
    const overlaps = edits.some((e) =>
      taken.some(
        (t) =>
          (e.range.start < t.range.end && t.range.start < e.range.end) ||
          (e.range.start === t.range.start && e.range.end === t.range.end),
      ),
    );
    if (overlaps) continue;
    taken.push(...edits);
    applied?.push(finding);
  }
  return taken;
}

/**
 * Lint and fix until nothing changes, at most `passes` times (ESLint uses 10). `fixed` counts the
 * fixes applied, by rule id, in the order the rules first fixed something.
 */
export function fixAll(
  text: string,
  lintText: (text: string) => readonly Finding[],
  passes = 10,
): { text: string; passes: number; fixed: Map<string, number> } {
  let current = text;
  const fixed = new Map<string, number>();
  for (let pass = 1; pass <= passes; pass++) {
    const applied: Finding[] = [];
    const edits = fixEdits(lintText(current), applied);
    if (edits.length === 0) return { text: current, passes: pass - 1, fixed };
    const next = applyEdits(current, edits);
    if (next === current) return { text: current, passes: pass - 1, fixed };
    for (const finding of applied) fixed.set(finding.ruleId, (fixed.get(finding.ruleId) ?? 0) + 1);
    current = next;
  }
  return { text: current, passes, fixed };
}
