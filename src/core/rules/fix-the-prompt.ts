/** "Bad prompt, tweaked and redeployed" as the whole root cause or resolution. */
import type { PostmortemDocument } from '../document/parse.js';
import type { SectionKind, TextRange } from '../types.js';
import {
  aiSignals,
  findIn,
  labelledBlocks,
  recorded,
  sectionBlocks,
  body,
  bodyParagraphs,
  sectionsOf,
  sentences,
  within,
} from './_ai-signals.js';
import { matchesIn, memoText } from '../memo.js';
import {
  ANY_PROMPT,
  namesFailureClass,
  promptChange,
  promptDeficiency,
  saysWhereElse,
} from './ai/prompts.js';
import { phraseRegExp, type PhraseLists } from './phrases.js';
import { defineRule } from './rule.js';

/** `promptChange` by sentence text, remembered (memo.ts). */
const changeIn = memoText(promptChange);

/** Labels of a paragraph that tells the fix. */
const FIX_LABEL = String.raw`resolution|resolved|fix(?:ed)?|mitigation|remediation|what we (?:have )?(?:done|did|changed)|how we fixed it`;

/** A heading that tells the fix, whatever else it tells. */
const FIX_TITLE = new RegExp(
  String.raw`(?<![\w-])(?:${FIX_LABEL}|fixes|how we fixed|what we fixed)(?![\w-])`,
  'i',
);

/** Parts of a postmortem that tell neither the cause nor the fix: plans, lessons, the play-by-play, the measurements. */
const NOT_CAUSE_OR_FIX: readonly SectionKind[] = [
  'action-items',
  'lessons',
  'timeline',
  'behavior-rate',
  'dependencies',
  'detection',
  'impact',
];

export default defineRule({
  id: 'fix-the-prompt',
  meta: {
    summary: '"Fix the prompt" is not a root cause: name the failure class and where else it can occur',
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A terse "bad prompt" root cause is reported',
        input:
          '# Wrong SLA\n\nThe sales assistant quoted a 99.99% SLA.\n\n**Root cause:** bad prompt.\n\n**Resolution:** tweaked the prompt and redeployed.\n',
        output: [
          '5:17-5:27 warning Root cause or resolution is a prompt fix (`bad prompt`); name the failure class and where else it can occur  fix-the-prompt',
        ],
      },
      {
        name: 'A prompt fix with the failure class and where else it occurs passes',
        input:
          '---\ntitle: KYC skipped\ndate: 2026-03-18\nseverity: SEV2\nstatus: draft\nfailure_classes: [goal-misalignment]\n---\n\n# KYC skipped\n\n## Root cause\n\nThe failure class is instruction precedence. Where else: we audited the 14 other prompts with merged instructions.\n\n## Resolution\n\nWe fixed the prompt.\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    // "Bad prompt" about a `[Y/n]` confirmation prompt is not about a model.
    if (!aiSignals(document, phrases).involved) return;
    const hit = phraseFix(document, phrases) ?? structuralFix(document, phrases);
    if (!hit) return;
    const text = body(document).text;
    const named = recorded(document, 'failure_classes') || namesFailureClass(text);
    if (named && saysWhereElse(text)) return;
    report({
      range: hit.range,
      message: `Root cause or resolution is a prompt fix (\`${hit.text}\`); name the failure class and where else it can occur`,
    });
  },
});

/** A listed prompt-fix phrase (built in or the team's) in the root cause or the resolution. */
function phraseFix(
  document: PostmortemDocument,
  phrases: PhraseLists,
): { range: TextRange; text: string } | undefined {
  const blocks = [
    ...sectionBlocks(document, ['root-cause', 'resolution']),
    ...labelledBlocks(document, String.raw`root[- ]?causes?|rca|resolution|fix|mitigation`),
  ].sort((a, b) => a.range.start - b.range.start);
  return findIn(blocks, phraseRegExp(phrases.prompt_fix));
}

/**
 * A prompt fix in any wording: the team's change to a model's prompt told where the document tells its fix (under
 * "Resolution", "How we fixed it", "What has been fixed?", in a ticket comment or in a heading-less note: anywhere but
 * the cause, the plans, the lessons, the timeline and the measurements), or a prompt named as what was wrong in a cause
 * that says nothing of what the model did. A prompt change inside the cause is the trigger ("Revision 31 moved the
 * rules out of the system message"), and a rewording that is only an action item is a plan, not the resolution.
 */
function structuralFix(
  document: PostmortemDocument,
  phrases: PhraseLists,
): { range: TextRange; text: string } | undefined {
  const all = body(document);
  if (!matchesIn(ANY_PROMPT, bodyParagraphs(document))) return undefined;
  const signals = aiSignals(document, phrases);
  const cause = [...signals.rootCause, ...sectionBlocks(document, ['contributing-factors'])];
  const skipped = within([
    ...sectionsOf(document, [...NOT_CAUSE_OR_FIX, 'root-cause', 'contributing-factors']).map((s) => s.range),
    ...cause.map((b) => b.range),
    ...document.actionItems.map((a) => a.range),
  ]);
  const at = (range: TextRange, found: { index: number; text: string } | undefined) =>
    found && {
      range: { start: range.start + found.index, end: range.start + found.index + found.text.length },
      text: found.text,
    };
  // "Resolution: …" inside a paragraph that opened with "Root cause: …" is the fix again, and so is a section whose
  // title tells both ("What went wrong and how we fixed it").
  const fixes = [
    ...labelledBlocks(document, FIX_LABEL),
    ...document.sections.filter((s) => s.kind !== 'action-items' && FIX_TITLE.test(s.title)),
    // A checked item ("- [x] We updated the bot's instructions") is done: part of the fix, not a plan.
    // Its range runs to the end of its line, as a sentence of the body does.
    ...document.actionItems
      .filter((a) => a.state === 'done')
      .map((a) => ({ range: { start: a.range.start, end: lineEnd(document.text, a.range.end) } })),
  ];
  const inFix = within(fixes.map((b) => b.range));
  const told = (r: TextRange) => inFix(r) || !skipped(r);
  for (const s of sentences(all, document.text)) {
    if (/^\s*#/.test(s.text) || !told(s.range)) continue;
    const hit = at(s.range, changeIn(s.text));
    if (hit) return hit;
  }
  // A cause that also tells what the model did is past "fix the prompt", unless the follow-ups are a prompt edit again.
  if (signals.inferenceAware && !document.actionItems.some((a) => promptChange(a.text))) return undefined;
  for (const b of cause)
    for (const s of sentences(b, document.text)) {
      const hit = at(s.range, promptDeficiency(s.text));
      if (hit) return hit;
    }
  return undefined;
}

/** Where the line holding an offset ends, its line break included. */
function lineEnd(text: string, at: number): number {
  const nl = text.indexOf('\n', Math.max(0, at - 1));
  return nl < 0 ? text.length : nl + 1;
}
