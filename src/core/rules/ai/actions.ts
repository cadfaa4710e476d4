/**
 * Actions: whether a follow-up measures or gates the AI, judged by its shape rather than by listed phrases: a verb of
 * checking or blocking with the AI's output or action as its object ("check model replies for card numbers", "block replies
 * at output"), an approval step, or a guard on a harmful kind of action ("a hook that stops destructive migrations").
 * Vocabulary lives in `actions.json`.
 */
import data from './actions.json' with { type: 'json' };

function pattern(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '\\w*').replace(/ /g, '[\\s-]+'))
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
  String.raw`(?<![\w-])(?:${pattern(data.gateWords)})(?![\w-])[^.;]{0,60}?(?<![\w-])(?:${pattern(data.people)})(?:[\s,-]+${WORD}){0,2}?[\s-]+(?:${pattern(data.consent)})(?![\w-])`,
  'i',
);

/** Whether a follow-up checks, blocks or sends for approval what the AI produces or does. */
export function gatesAiOutput(item: string): boolean {
  return CHECKS_OUTPUT.test(item) || APPROVAL.test(item) || HARMFUL_GUARD.test(item) || HUMAN_GATE.test(item);
}
