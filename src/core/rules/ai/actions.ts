/**
 * Actions: whether a follow-up measures or gates the AI, judged by its shape rather than by listed phrases: a verb of
 * checking or blocking with the AI's output or action as its object ("check model replies for card numbers", "block replies
 * at output"), an approval step, or a guard on a harmful kind of action ("a hook that stops destructive migrations").
 * Vocabulary lives in `actions.json`.
 */
import data from './actions.json' with { type: 'json' };
import { phraseRegExp } from '../phrases.js';

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

const WORD = String.raw`[^\s.,;:!?()]+`;
const CHECKS_OUTPUT = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.checkVerbs)})\s+(?:(?:the|all|every|each|any|its|their)\s+)?(?:${WORD}\s+){0,2}?(?:(?:${pattern(data.aiOutputModifiers)})\s+)(?:${WORD}\s+)?(?:${pattern(data.aiOutputs)})(?![\w-])|^[^\w]*(?:${WORD}\s+){0,2}?(?:${pattern(data.checkVerbs)})\s+(?:(?:the|all|every|each|any)\s+)?(?:${pattern(data.aiOutputs)})\s+(?:at|before|for|against|on|if|when|that|which|to)(?![\w-])`,
  'i',
);
const APPROVAL = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.approvalSteps)})(?![\w-])`, 'i');
const HARMFUL_GUARD = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.guards)})(?![\w-])[^.;]{0,60}?(?<![\w-])(?:${pattern(data.harmful)})(?![\w-])|(?<![\w-])(?:${pattern(data.harmful)})\s+(?:${WORD}\s+){0,3}?(?:${pattern(data.guards)})(?![\w-])`,
  'i',
);

const HUMAN_GATE = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.gateWords)})(?![\w-])[^.;]{0,60}?(?<![\w-])(?:${pattern(data.people)})(?:[\s,-]+${WORD}){0,2}?[\s-]+[\x60'"/]*(?:${pattern(data.consent)})(?![\w-])`,
  'i',
);

/** Whether a follow-up checks, blocks or sends for approval what the AI produces or does. */
/** "a draft is never delivered unless every citation is verified": an output held back until something passes. */
const WITHHELD = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.withheldOutputs)})\s+(?:is|are|will\s+be|gets?|can\s+be)\s+(?:never|not|no\s+longer)\s+(?:${pattern(data.withheldDelivery)})(?![\w-])[^.;]{0,60}?(?<![\w-])(?:unless|until|before|without)(?![\w-])`,
  'i',
);

export function gatesAiOutput(item: string): boolean {
  return (
    CHECKS_OUTPUT.test(item) ||
    WITHHELD.test(item) ||
    APPROVAL.test(item) ||
    HARMFUL_GUARD.test(item) ||
    HUMAN_GATE.test(item) ||
    APPROVE_BEFORE.test(item)
  );
}

/** A consent before the output takes effect: "held for the owning rep to approve before it sends". */
const APPROVE_BEFORE = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.approveVerbs)})(?![\w-])[^.;]{0,40}?\bbefore\s+(?:(?:it|they|anything|any\s+\S+|the\s+\S+|its\s+\S+)\s+)?(?:(?:is|are|can\s+be|gets?)\s+)?(?:${pattern(data.takesEffect)})(?![\w-])`,
  'i',
);
/** An item that only informs people: a talk or training on a subject, or a line added to a checklist or a document. */
const TEACHES_ONLY = new RegExp(
  String.raw`^[^\w]*(?:(?:a|an|the|run|hold|give|schedule|organi[sz]e|host)\s+)?(?:${pattern(data.teachingNouns)})(?:\s+(?:${pattern(data.teachingNouns)}))?\s+(?:on|about|for|covering)\b|^[^\w]*(?:[\w-]+\s+){0,2}?(?:${pattern(data.teachingNouns)})\s*[:\u2014\u2013]\s|^[^\w]*add\s+[^.;]{1,80}?\s+to\s+(?:the|our|a)\s+(?:[\w-]+\s+){0,2}?(?:${pattern(data.writtenPlaces)})\b`,
  'i',
);

/**
 * An item that only writes something down: "Document the threshold in the evals README". Its behavior words say where
 * the text goes, not what is measured or gated, so they do not count.
 */
const WRITES_DOWN =
  /^[^\w]*(?:document|describe|note|mention|explain|announce|communicate|write (?:up|down)|add (?:a |an )?(?:note|section|paragraph|sentence|line|comment|faq entry) (?:to|in|on|about)|(?:update|edit|revise|amend|reword|rewrite|fix|tighten|clarify) (?:the |our |its )?(?:[\w-]+ ){0,2}(?:docs|documentation|readme|wiki|page|guide|runbook|playbook|article|faq|handbook|policy|macro|template))\b/i;
/**
 * An item that only puts people's changes to a configuration behind a review: "Routing schema changes require sign-off
 * from Support Ops", "changes to the prompt need a second reviewer". What people change is gated, not what the AI does.
 */
const CHANGE_REVIEW = new RegExp(
  String.raw`^[^\w]*(?:(?:all|any|every|future)\s+)?(?:(?:${WORD}\s+){0,3}?(?:${pattern(data.changedArtefacts)})\s+(?:${pattern(data.changeNouns)})|(?:${pattern(data.changeNouns)})\s+(?:to|of|on|touching)\s+(?:the\s+|our\s+|its\s+|any\s+)?(?:${WORD}\s+){0,3}?(?:${pattern(data.changedArtefacts)}))(?![\w-])[^.;]{0,80}?(?<![\w-])(?:require|requires|need|needs|get|gets|go\s+through|are\s+gated|must\s+have|must\s+get)(?![\w-])`,
  'i',
);
/**
 * An item that only says who owns or reviews some files: "Add a CODEOWNERS entry for `evals/`", "Assign an owner to the
 * eval config". Who may change the evals is not a measurement of the agent's behavior, nor a gate on its actions.
 */
const OWNERSHIP_ONLY =
  /^[^\w]*(?:(?:add|create|set up|update|extend|fix) (?:a |an |the |our )?(?:codeowners|code ?owners|ownership)\b|(?:assign|name|add|nominate) (?:an? |the )?(?:owner|maintainer|dri)s? (?:to|for|of)\b)/i;
/** A behavior word used as a modifier of a place or a document ("the evals README", "the eval team's channel") names no measurement. */
const MODIFIES_PLACE =
  /^(?:'s)?\s+(?:readme|docs?|documentation|wiki|page|guide|channel|repo(?:sitory)?|folder|directory|meeting|owners?|ownership|team|contacts?|calendar|budget|backlog|slack)\b/i;

/** The AI's own changes ("agent changes to the schema need approval") are what a gate must hold. */
const AI_OWNED = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.aiOutputModifiers)})(?![\w-])`, 'i');

const globalRegExps = new WeakMap<readonly string[], RegExp>();

/** Whether an action item measures or gates the AI's behavior: judged by what it does, not by any word in it. */
export function measuresOrGates(item: string, list: readonly string[]): boolean {
  // The owner is who does it, not what it does: "(owner: @evals)" measures nothing.
  const text = item
    .replace(/\s/g, ' ')
    .replace(/\((?:owners?|assignees?|dri)\s*[:=][^)]*\)|@[\w][\w.-]*/gi, (m) => ' '.repeat(m.length));
  if (WRITES_DOWN.test(text) || OWNERSHIP_ONLY.test(text)) return false;
  // Unless the changes are the AI's own: "schema changes the copilot writes need a human OK".
  const review = CHANGE_REVIEW.exec(text);
  if (review && !AI_OWNED.test(review[0])) return false;
  // A talk or a checklist line informs people; an approval step written into a document still gates.
  if (TEACHES_ONLY.test(text) && !(APPROVAL.test(text) || HUMAN_GATE.test(text) || APPROVE_BEFORE.test(text)))
    return false;
  if (gatesAiOutput(text)) return true;
  let re = globalRegExps.get(list);
  if (!re) {
    re = new RegExp(phraseRegExp(list).source, 'giu');
    globalRegExps.set(list, re);
  }
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!MODIFIES_PLACE.test(text.slice(m.index + m[0].length))) return true;
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  return false;
}

const ACTION_GUARD = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.actionGuards)})(?![\w-])`, 'i');
/** The stem of a verb the AI acted with: "deleted" → "delet", "scales" → "scale"; too short a stem says nothing. */
export function actionStem(verb: string): string | undefined {
  const w = verb.toLowerCase().replace(/[^a-z]/g, '');
  const stem = w.replace(/(?:ied|ies)$/, 'y').replace(/(?:ed|es|s|d)$/, '');
  return stem.length >= 4 ? stem : undefined;
}

/**
 * Whether a follow-up guards the kind of action the AI took: a guard word and a word of the same stem as one of the
 * AI's acts ("Add a deny rule so that any delete under pg_wal/ is rejected" after "Atlas deleted 212 files").
 */
export function guardsAction(item: string, stems: readonly string[]): boolean {
  if (stems.length === 0 || !ACTION_GUARD.test(item)) return false;
  const words = item.toLowerCase().match(/[a-z]+/g) ?? [];
  return words.some((w) => stems.some((s) => w.startsWith(s) && !ACTION_GUARD.test(w)));
}

/** Titles that open follow-ups where the general heading classes do not ("what we have done"), normalised. */
export const FOLLOW_UP_HEADINGS: ReadonlySet<string> = new Set(data.followUpHeadings);
const CHANGE_TITLES: ReadonlySet<string> = new Set(data.changeTitles);
/**
 * Whether a resolution's title lists what was changed after the incident ("What we changed", "What we did next"): its
 * content is follow-ups, where "Resolution" or "Mitigation" may only say how the incident ended.
 */
export function listsChanges(title: string): boolean {
  return CHANGE_TITLES.has(
    title
      .replace(/[*_`#]/g, '')
      .trim()
      .toLowerCase()
      .replace(/[\u2018\u2019]/g, "'")
      .replace(/\s+/g, ' ')
      .replace(/[?!.:]+$/, ''),
  );
}
