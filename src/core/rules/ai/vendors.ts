/**
 * Vendors: a vendor or provider problem in any wording ("a problem at the LLM vendor we call", "the vendor's
 * capacity shortage", "a brownout at one of our two model vendors"). Vocabulary lives in `vendors.json`.
 */
import data from './vendors.json' with { type: 'json' };

function pattern(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      w
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '\\w*')
        .replace(/ /g, '[\\s-]+'),
    )
    .join('|');
}

const PROBLEM = `(?:${pattern(data.problems)})`;
const VENDOR = `(?:(?:${pattern(data.heads)})|(?:${pattern(data.thirdPartyModifiers)})\\s+(?:[\\w-]+\\s+)?(?:${pattern(data.thirdPartyHeads)}))`;
const WORD = String.raw`[^\s.,;:!?()]+`;
/** "a problem at the LLM vendor we call", "brownout at one of our two model vendors": problem, preposition, vendor. */
const PROBLEM_OF_VENDOR = String.raw`${PROBLEM}(?:\s+${WORD}){0,2}?\s+(?:${pattern(data.prepositions)})\s+(?:one\s+of\s+)?(?:${WORD}\s+){0,3}?${VENDOR}`;
/** "the vendor's capacity shortage", "vendor errors", "our model vendor had an outage". */
const VENDOR_PROBLEM = String.raw`${VENDOR}(?:'s)?(?:\s+(?!(?:to|for|and|or|but|with|that|which|who|while|when|on|in|at|by|from|about|was|is|were|are)(?![\w-]))${WORD}){0,4}?\s+${PROBLEM}`;
const VENDOR_ISSUE = new RegExp(
  String.raw`(?<![\w-])(?:${PROBLEM_OF_VENDOR}|${VENDOR_PROBLEM})(?![\w-])`,
  'i',
);
const NEGATED = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.negations)})(?![\w-])`, 'i');

/** The first vendor problem in `text` that no negation in the 40 characters before it denies, with its index. */
export function vendorProblem(text: string): { index: number; text: string } | undefined {
  const m = VENDOR_ISSUE.exec(text);
  if (!m) return undefined;
  const before = text.slice(Math.max(0, m.index - 40), m.index);
  const after = m[0];
  if (NEGATED.test(before.split(/[,;]/).pop() ?? '') || /^\S+\s+(?:no|not)\b/i.test(after)) return undefined;
  return { index: m.index, text: m[0] };
}
