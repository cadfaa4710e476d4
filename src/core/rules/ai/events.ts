/**
 * Events: what an AI actor did, judged by the shape of an English clause (a subject followed by a finite verb), not by
 * a list of the verbs a decision may be written with. The vocabulary here is grammar (irregular past forms, stative
 * verbs, what happens to a component in an outage) and lives in `events.json`.
 */
import data from './events.json' with { type: 'json' };

function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

const IRREGULAR_PAST = new Set(data.irregularPast);
const NOT_VERBS = new Set([...data.notVerbs, ...data.stative, ...data.outage]);
/** Words that follow "the agent" or "the model" only when something infers: "the agent decided". */
export const THINKING_VERBS: readonly string[] = data.thinking;

/** A word that cannot be the finite verb after an AI subject: a noun of a compound, a description, an outage. */
const EXCLUDED = String.raw`(?!(?:${alternation([...NOT_VERBS])})(?![\w-]))`;
const OUTAGE_BASE = alternation(data.outageBase);
/**
 * A finite verb, as grammar gives it: a regular or irregular past ("blended", "told"), a present third person ("gives"),
 * "would"/"did not" + a verb, or a copula + word + to-infinitive ("was happy to oblige"). A past participle followed by
 * "by" is a reduced relative ("the model used by support"), not a verb of the actor.
 */
export const FINITE_VERB = String.raw`(?:(?:${alternation(data.phrasalActs)})(?![\w-])|${EXCLUDED}(?:${alternation(data.irregularPast)}|[a-z]{2,}ed)(?![\w-])(?!\s+by\b)|${EXCLUDED}(?:${alternation(data.presentIrregular)}|[a-z]+[a-rtv-z]s)(?![\w-])|would(?:\s+not|n't)?\s+(?!(?:${OUTAGE_BASE}|be|have)\b)[a-z]+|did(?:\s+not|n't)\s+(?!(?:${OUTAGE_BASE})\b)[a-z]+|(?:was|were|is|are)\s+(?:\w+ly\s+)?(?!(?:${alternation(data.notCopulaTo)})\s)(?![a-z]+ed\s)[a-z]+\s+to\s+[a-z]+)`;

/** Whether the verb that ends `match` is in the present tense: a habit or a description in prose, an event in a timeline. */
export function presentTense(match: string): boolean {
  if (/\b(?:is|are)\s+\S+\s+to\s+\S+$/i.test(match)) return true;
  const verb = /(\S+)$/.exec(match)?.[1]?.toLowerCase() ?? '';
  return (
    verb.endsWith('s') &&
    !IRREGULAR_PAST.has(verb) &&
    verb !== 'was' &&
    !/(?:^|\s)(?:would|did)\b/i.test(match.slice(-40))
  );
}

/** Whether a word looks like a finite verb (a noun test for names: "our LLM summarizer wrote" names "summarizer"). */
export function looksFinite(word: string): boolean {
  const w = word.toLowerCase();
  return (
    IRREGULAR_PAST.has(w) ||
    /[a-z]{2,}ed$/.test(w) ||
    THINKING_VERBS.includes(w) ||
    (/[a-z]+[a-rtv-z]s$/.test(w) && !NOT_VERBS.has(w))
  );
}

const CORRECT = new RegExp(String.raw`\b(?:${alternation(data.correctOutput)})\b`, 'i');
/** A sentence that says the AI's output was right ("the assistant correctly transferred the call"): no decision in the causal chain. */
export function saysCorrect(sentence: string): boolean {
  return CORRECT.test(sentence);
}

/** "The assistant's reply quoted …": a possessive AI actor followed by what it produced. */
export const OUTPUT_NOUN = alternation(data.outputNouns);

/**
 * The object of a verb that makes it an outage: "returned a 503", "answered with \"Something went wrong\"". Tried on
 * the text right after the verb.
 */
export const OUTAGE_OBJECT = new RegExp(
  String.raw`^\s+(?:with\s+)?(?:only\s+)?(?:(?:${alternation(data.outageObject)})(?![\w-])|["“'][^"”']{0,60}?(?:${alternation(data.outageQuoteWords)}))`,
  'i',
);

/** A running instance of an AI actor: "the Claude Code shell", "the agent's session". */
export const INSTANCE_NOUN = alternation(data.instanceNouns);
