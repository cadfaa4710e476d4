/**
 * Prompt fixes: the root cause or the resolution is a change to a model's prompt, in any wording ("Updated Rook's system
 * prompt", "added a line to the prompt", "the prompt was missing that instruction", "the root cause is the system
 * prompt"), and the wordings that name the failure class and say where else it can occur. A prompt is a noun phrase
 * headed by prompt, system message or few-shot examples, or instructions that belong to a model ("Dispatch's
 * instructions", "the policy instructions"); a fix is an edit verb before it in the same clause, a change noun after
 * it, or a deficiency said of it. Vocabulary lives in `prompts.json`.
 */
import data from './prompts.json' with { type: 'json' };

function pattern(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      w
        .replace(/[.+?^${}()|[\]\\/]/g, '\\$&')
        .replace(/\*/g, '\\w*')
        .replace(/ /g, '[\\s-]+'),
    )
    .join('|');
}

/** Typographic apostrophes as straight ones, same length, so indexes stay source offsets. */
function straight(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'");
}

/** A word inside one clause: no sentence or clause punctuation. */
const WORD = String.raw`[^\s.,;:!?()]+`;
const NOT_MODEL = `(?:${pattern(data.notModel)})`;
const HEAD = String.raw`(?<!${NOT_MODEL}\s)(?:${pattern(data.heads)})(?![\w-]|\s+(?:${pattern(data.notPromptAfter)})(?![\w-]))`;
/** Instructions that belong to a model: "Dispatch's instructions", "its instructions", "the policy instructions". */
const INSTRUCTIONS = String.raw`(?:(?:(?:${pattern(data.instructionOwners)})\s+|\p{Lu}[\p{L}\d-]*'s\s+|(?:model|agent|assistant|bot|chatbot|llm)'s\s+)(?:${WORD}\s+){0,2}?instructions?(?![\w-])|(?<![\w-])instructions?\s+(?:that\s+)?(?:our|the|its|their)\s+(?:${WORD}\s+){0,3}?(?:${pattern(data.aiWords)})\s+(?:${pattern(data.followVerbs)})(?![\w-]))`;
const PROMPT = `(?:${HEAD}|${INSTRUCTIONS})`;

const OPENING = String.raw`^\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:(?:\*\*|__)?[^:*_]{1,40}?(?:\*\*|__)?:\s*)?`;
/**
 * Who tells a fix: the team in the first person, or nobody (a telegraphic "Updated Rook's prompt", "Fix: tweaked it"),
 * also later in a telegraphic list of what was done ("Unpublished the article, reindexed, and updated Rook's prompt").
 */
const TELLER = String.raw`(?:${OPENING}(?:(?:${pattern(data.adverbs)})\s+)?|(?<![\w-])(?:${pattern(data.firstPerson)})\s+(?:${WORD}\s+){0,3}?|${OPENING}\p{L}+ed\s+[^.;:]{0,120}?(?:,|;|\s+and)\s+(?:and\s+)?(?:(?:then|also)\s+)?)`;
const EDIT = String.raw`${TELLER}(?:${pattern(data.edits)})\s+(?:${WORD}\s+){0,7}?${PROMPT}`;
/** "System prompt updated with…", "the prompt change is live": not "a prompt change that…" or "every prompt change". */
const CHANGED = String.raw`(?<![\w-])(?<!(?:${pattern(data.generic)})\s+)(?:${HEAD})(?:\s+(?:was|were|has been|have been|had been|got|is now|now))?\s+(?:${pattern(data.changeNouns)})(?![\w-])`;
const DEFICIENT = String.raw`(?<![\w-])${PROMPT}(?:\s+${WORD}){0,3}?\s+(?:(?:was|is|were|are|had been|has been|seemed|looked|proved)\s+(?:\w+ly\s+)?(?:${pattern(data.deficient)})|(?:did not|didn't|does not|doesn't|do not|don't|never|failed to|neglected to)\s+(?:${WORD}\s+)?(?:${pattern(data.silentVerbs)})\w*|(?:said|says|mentioned|mentions|had|has|contained|contains|included|includes|gave|gives)\s+(?:nothing|no\s+(?!(?:${pattern(data.noEffect)})(?![\w-]))${WORD})|(?:${pattern(data.toldVerbs)})\s+(?:${WORD}\s+){1,2}?to)(?![\w-])`;
const CAUSE_IS_PROMPT = String.raw`(?<![\w-])(?:cause|culprit|fault|problem|gap)\s+(?:is|was|lies|lay|sat|sits)\s+(?:in\s+|with\s+)?(?:${WORD}\s+){0,3}?${PROMPT}`;
const GAP_IN_PROMPT = String.raw`(?<![\w-])(?:gap|hole|omission|ambiguity|missing\s+(?:instruction|rule|line|sentence|guardrail)s?)\s+(?:in|from|of)\s+(?:${WORD}\s+){0,3}?${PROMPT}`;

/** "The agent's system prompt now says: never…": a prompt that now says something was changed. */
const NOW_SAYS = String.raw`(?<![\w-])(?:${HEAD}|${INSTRUCTIONS})\s+now\s+(?:${pattern(data.nowVerbs)})(?![\w-])`;
/** "- Prompt: added a line that…", "**System prompt** \u2014 reworded…": a label naming the prompt, then the edit. */
const LABELLED_EDIT = String.raw`^\s*(?:(?:[-*+]|\d+[.)])\s+)?(?:\*\*|__)?(?:${WORD}\s+){0,2}?(?:${HEAD})(?:\*\*|__)?\s*[:\u2014\u2013]\s*(?:\*\*|__)?\s*(?:(?:we|i)\s+)?(?:${pattern(data.edits)})(?![\w-])(?:\s+${WORD}){0,3}`;
const CHANGE = new RegExp(`${EDIT}|${CHANGED}|${NOW_SAYS}|${LABELLED_EDIT}`, 'iu');
const DEFICIENCY = new RegExp(`${DEFICIENT}|${CAUSE_IS_PROMPT}|${GAP_IN_PROMPT}`, 'iu');
/** Cheap first look: a text without any of these words holds no prompt. */
export const ANY_PROMPT = /prompt|instruction|system message|few.shot/i;
const NEGATION = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.negations)}|\w+n't)(?![\w-])`, 'i');

function first(re: RegExp, text: string): { index: number; text: string } | undefined {
  const sentence = straight(text);
  if (!ANY_PROMPT.test(sentence)) return undefined;
  const m = re.exec(sentence);
  if (!m) return undefined;
  // Negation before the match in the same clause: "rather than tweak the prompt", "no change to the prompt". A
  // negation after the prompt ("did not say") is the deficiency itself, so only the few words before count.
  const clause = (
    sentence
      .slice(0, m.index)
      .split(/[,;:(]|\b(?:but|and then|so)\b/)
      .pop() ?? ''
  ).slice(-40);
  if (NEGATION.test(clause)) return undefined;
  // The list marker or label a telegraphic fix opens with is not part of what the finding quotes.
  const lead = /^[\s\-*+\d.)]*(?:[^:]{1,40}:\s*)?/.exec(m[0])?.[0] ?? '';
  let at = CHANGE_START.exec(m[0].slice(lead.length)) ? lead.length : 0;
  // In a telegraphic list ("Unpublished the article, reindexed, and updated Rook's prompt") the quote opens at the edit.
  if (at === 0)
    for (let c = COORDINATED_EDIT.exec(m[0]); c; c = COORDINATED_EDIT.exec(m[0])) at = c.index + c[0].length;
  COORDINATED_EDIT.lastIndex = 0;
  return { index: m.index + at, text: m[0].slice(at) };
}
const COORDINATED_EDIT = new RegExp(
  String.raw`(?:,|;|\s+and)\s+(?:and\s+)?(?:(?:then|also)\s+)?(?=(?:${pattern(data.edits)})(?![\w-]))`,
  'giu',
);
const CHANGE_START = new RegExp(
  String.raw`^(?:${pattern(data.edits)}|${pattern(data.firstPerson)})(?![\w-])`,
  'i',
);

/**
 * A change to a model's prompt told as what the team did: "We then updated Juniper's system prompt", "- tweaked
 * Quill's prompt", "Added a block to the Querybot system prompt", "System prompt updated with…". A prompt change told
 * of someone else ("a pull request added a system prompt", "shipped with a prompt change") is a trigger, not a fix.
 */
export function promptChange(sentence: string): { index: number; text: string } | undefined {
  const hit = first(CHANGE, sentence);
  // "We did not change the prompt": a negation inside a change denies it.
  return hit && !NEGATION.test(hit.text) ? hit : undefined;
}

/** A prompt named as what was wrong: "the prompt was missing that instruction", "the root cause is the system prompt". */
export function promptDeficiency(sentence: string): { index: number; text: string } | undefined {
  return first(DEFICIENCY, sentence);
}

/** "We are treating this as a version-mixing failure", "we think of this mistake as over-generalising". */
const CLASSED_AS = String.raw`(?<![\w-])(?:${pattern(data.classingVerbs)})\s+(?:(?:this|it|the\s+incident|this\s+incident)\s+as\s+(?:(?:a|an|one)\s+)?(?:${WORD}\s+){0,4}?(?:${pattern(data.failureNouns)})|(?:this|the|that)\s+(?:${pattern(data.failureNouns)})\s+as)(?![\w-])`;
/** "This is a **specification-gaming** failure": a failure given a kind; not "a one-off failure", "a brief failure". */
const IS_A_FAILURE = String.raw`(?<![\w-])(?:this|it|that)\s+(?:is|was)\s+(?:a|an)\s+(?!(?:${pattern(data.notAKind)})(?![\w-]))(?:${WORD}\s+){1,3}?failure(?![\w-])`;
const FAILURE_CLASS = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.failureClass)})(?![\w-])|${CLASSED_AS}|${IS_A_FAILURE}`,
  'i',
);
const WHERE_ELSE = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.whereElse)}|(?:the\s+)?same\s+(?:${WORD}\s+){0,2}?(?:${pattern(data.sameThings)})\s+(?:${WORD}\s+){0,2}?(?:${pattern(data.canOccur)})|(?:can|could|may|might)\s+(?:also\s+)?(?:happen|occur|recur|appear|show up)\s+(?:anywhere|elsewhere|wherever|in\s+(?:our|the|any|other))|(?:also|both)\s+(?:${WORD}\s+){0,3}?(?<!(?:every|each|all|the|any|those|these|our|their)\s+)(?:exposed|affected|at risk|vulnerable|susceptible)|for\s+the\s+same\s+(?:${WORD}\s+)?(?:${pattern(data.sameThings)}))(?![\w-])`,
  'i',
);

/** The text names the class of failure ("The failure class is…", "this class of bug"). */
export function namesFailureClass(text: string): boolean {
  return FAILURE_CLASS.test(straight(text));
}

/**
 * The text says where else the class can occur ("Where else:", "the same pattern exists in the returns agent"). "We
 * also contacted every affected customer" names the people hit, not another place the failure can occur.
 */
export function saysWhereElse(text: string): boolean {
  return WHERE_ELSE.test(straight(text));
}
