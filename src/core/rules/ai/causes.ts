/**
 * Causes: where a document states why the incident happened, and whether that statement speaks of the model's
 * behaviour. Vocabulary (causal connectives, model-behaviour nouns) lives in `causes.json`.
 */
import data from './causes.json' with { type: 'json' };

function pattern(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      w
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '\\w*')
        .replace(/ /g, '\\s+'),
    )
    .join('|');
}

const CONNECTIVE = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.connectives)})(?![\w-])`, 'i');
const BEHAVIOUR = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.modelBehaviour)})(?![\w-])`, 'i');

const ABILITY = new RegExp(
  String.raw`(?<![\w-])(?<!\b(?:by|of|from|to|with|for)\s+(?:the|a|an|our|its|their|this)\s+(?:[\w-]+\s+)?)(?:${pattern(data.abilityHeads)})(?:'s)?\s+(?:\w+ly\s+)?(?:${pattern(data.abilityModals)})\s+[a-z]+`,
  'i',
);

/** Whether a cause says what an AI could do: "the agent was able to change its own approval settings". */
export function aiAbility(text: string): boolean {
  return ABILITY.test(text);
}

/** Whether a sentence states a cause: "… was caused by …", "due to …", "the root cause was …". */
export function statesCause(sentence: string): boolean {
  const m = CONNECTIVE.exec(sentence);
  return m !== null && !SEEKS.test(sentence.slice(Math.max(0, m.index - 40), m.index));
}

/** A cause sought, not stated: "Upon identifying the cause, we…", "while investigating the root cause". */
const SEEKS = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.seeking)})\s+(?:\w+\s+)?$`, 'i');

/** Whether a text names the model's behaviour: "the assistant hallucinated", "reward signals favoured sycophancy". */
export function namesModelBehaviour(text: string): boolean {
  return BEHAVIOUR.test(text);
}

/** Titles that open a cause where the general heading classes do not ("why", "what drove it"), normalised. */
export const CAUSE_HEADINGS: ReadonlySet<string> = new Set(data.headings);

/** A title that speaks of a decision, its reasoning or a choice: with an AI actor, a section about what the model decided. */
export const DECISION_TITLE = new RegExp(
  String.raw`(?<![\w-])(?:${data.decisionNouns.join('|')})(?![\w-])`,
  'i',
);

const HUMAN_SUBJECT = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.humanSubjects)})\s+(?:(?:\w+ly|had|have|has|then|also|first|initially|still|all)\s+)*$`,
  'i',
);

/**
 * Whether the words right before an inference verb make it a person's: "we treated it as an incident", "on-call assumed a
 * network fault". `before` is the text up to the verb.
 */
export function humanSubjectBefore(before: string): boolean {
  return HUMAN_SUBJECT.test(before.slice(-60));
}
