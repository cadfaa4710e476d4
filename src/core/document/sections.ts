/** Which part of a postmortem a heading opens, from the headings people really write. */
import { memoText } from '../memo.js';
import type { SectionKind } from '../types.js';

/** Tried in order on the normalised title; the first that matches its start wins. */
const PATTERNS: ReadonlyArray<readonly [SectionKind, RegExp]> = [
  ['agent-decisions', /^(agent|model|llm|ai)('s)? (decisions?|inference|reasoning)\b/],
  ['behavior-rate', /^(behaviou?r rate|reproduction|replays?( results)?|reproducibility)\b/],
  [
    'dependencies',
    /^(dependency chain|dependencies|fourth[ -]party|third[ -]party|vendor( chain| dependencies)?|upstream dependencies)\b/,
  ],
  ['contributing-factors', /^(contributing (factors?|causes?)|factors|trigger(ing)? (factors?|event))\b/],
  [
    'root-cause',
    /^(root[ -]?causes?|rca\b|causes?\b|(the )?5 whys|five whys|why (did|does|it|this) ((it|this) )?happen|what (went wrong|caused (it|this|the))|how (it|this) happened|fault|technical (analysis|details)|analysis)/,
  ],
  [
    'action-items',
    /^(action[ -]?items?|actions?( taken)?\b|follow[ -]?ups?|corrective (and preventi(ve|on) )?actions?|preventi(ve|on)( measures| actions)?|next steps|remediation items|todo|tasks|improvements|what we are doing|what we'?re doing|what we('re| are| will be)? (changing|improving|fixing)|going forward|moving forward|future work)/,
  ],
  [
    'timeline',
    /^(timeline|incident timeline|chronology|sequence of events|events|timeline of events|detailed timeline)\b/,
  ],
  [
    'impact',
    /^(impact|customer impact|user impact|blast radius|scope|severity and impact|impact assessment)\b/,
  ],
  ['detection', /^(detection|discovery|how (was it|we) (detected|discovered|noticed))\b/],
  [
    'resolution',
    /^(resolution|mitigation|recovery|remediation|response|our response|the fix|fix|resolution and recovery|immediate actions?|what we (fixed|changed|did))\b/,
  ],
  [
    'lessons',
    /^(lessons( learned)?|learnings|what went (well|poorly|badly)|where we got lucky|retrospective|conclusion)\b/,
  ],
  [
    'summary',
    /^(summary|executive summary|overview|tl;? ?dr|incident summary|description|what happened|background|introduction)\b/,
  ],
];

/** Lower-case, drop numbering (`1.`, `2)`), emoji and punctuation around the words. */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]\s*|[#:-]+\s*)+/, '')
    .replace(/[^\p{L}\p{N};' /-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The kind of a section by its title; remembered by title, as a re-lint reads the same headings again. */
export const classifyHeading: (title: string) => SectionKind = memoText((title) => {
  const t = normaliseTitle(title);
  for (const [kind, re] of PATTERNS) if (re.test(t)) return kind;
  return 'other';
});

/**
 * A line that names the follow-ups without a heading ("follow-ups:", "**Action items:**", "*todo*"), list markers,
 * indentation and block-quote marks allowed before it. A colon or emphasis marks it as a label: a bare "Action Items"
 * line is left unread, as the labelled set (a real postmortem) reads it. The document model reads the list after such a line, or the
 * "•" lines under it, as action items; the lite parsers (`chunks.ts`) parse every chunk holding such a line and the
 * chunk after it, so that they give the document a whole parse gives.
 */
export const ACTION_LABEL_LINE =
  /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:\*\*|__|\*|_)?(?:follow[- ]?ups?|action[- ]?items?|to-?dos?|next steps|corrective actions?|remediation items)(?:[ \t]?\([^)\r\n]{0,40}\))?(?:(?:\*\*|__|\*|_):?|:(?:\*\*|__|\*|_)?)[ \t]*$/im;
