/**
 * Involvement: evidence that an AI system is in play in a document even where no actor does anything (AI terms,
 * sampling settings, a model name, a bot that drafts text, prompt in the sense of a model's instructions).
 */
import { MODEL_NAME } from './actors.js';

/** Words that show an AI system is in play even without an actor doing something. */
const AI_TERMS =
  /\b(?:llms?|large language models?|generative ai|gen ?ai|chat ?bots?|prompt injection|system prompt|prompt (?:revision|version|template)|retrieval[- ]augmented|embeddings?|vector (?:index|store|database)|mcp server|model (?:provider|api|gateway|router)|llm gateway|inference (?:provider|endpoint|api)|hallucinat\w*|fine-?tun\w*|multi-?agent|\d+(?:\.\d+)?\s?[kmb]\s+tokens|model snapshots?|eval(?:uation)? (?:set|suite)s?|openai|anthropic|azure openai|vertex ai|bedrock|machine[- ]translat\w*|machine[- ]learning|neural (?:network|machine translation)s?)\b/i;
/**
 * General evidence of a model that a document need not call AI or LLM. Each is a thing only a model does or has:
 * acting on instructions hidden in content it reads (a person cannot see white-on-white text), sampling settings
 * (a temperature between 0 and 2 written as a decimal, top_p, max_tokens), tokens of a prompt or completion, a
 * context window, prompt engineering, a model family written with its version (case-sensitive, so "gemini" the
 * exchange and "llama" the animal do not count), and a bot that drafts or fabricates text.
 */
const MODEL_EVIDENCE = new RegExp(
  [
    String.raw`\b(?:hidden|invisible|white-on-white|zero-width|injected|concealed)\s+(?:[^\s.;:!?]+\s+){0,2}?(?:text|instructions?|prompts?|commands?)\b[^.;!?]{0,80}?\binstruct(?:ing|ed|s|ions?)\b`,
    String.raw`\binstructions?\s+(?:hidden|embedded|injected|concealed|planted)\s+in\b`,
    String.raw`\btemperature(?:\s+(?:setting|parameter|of|at|to|was|is))*\s*(?:=|:)?\s*[012]\.\d+\b(?!\s?(?:°|degrees|[CF]\b))`,
    String.raw`\b(?:top_p|top-p|max_tokens|max_output_tokens|context window|prompt engineering|(?:prompt|completion|input|output|reasoning) tokens?)\b`,
  ].join('|'),
  'i',
);
/** A bot that writes free text (drafts, composes, fabricates): templates fill in, they do not draft. */
const BOT_WRITES =
  /\b(?:the|our|an?|this)\s+(?:[\w-]+\s+)?bots?\s+(?:(?:had|has|also|then)\s+)?(?:drafted|drafts|composed|composes|hallucinated|fabricated|fabricates|invented|invents|made up|paraphrased|improvised)\b/i;

/** `AI` as a word, upper case only (`ai` lower case is too often a fragment). */
const AI_WORD = /(?<![\w-])(?<!\b[Nn]o )(?<!\b[Nn]ot )(?<!\b[Ww]ithout )AI(?![\w-])/;

/** Behaviour only a model shows: replayed conversations, a retrieval index it reads, answers it generates. */
export const MODELISH =
  /\b(?:retrieval (?:index|pipeline|corpus|results?)|rag\b|(?:drafted|composed|summari[sz]ed|paraphrased) (?:an? |the |its )?(?:[\w-]+ )?(?:emails?|repl(?:y|ies)|responses?|answers?|summar(?:y|ies)|messages?|drafts?|memos?)|(?:fabricated|invented|made-up|non-?existent|hallucinated) (?:citations?|cases?|quotes?|polic(?:y|ies)|sources?|references?|facts?)|(?:assistant|agent|bot)(?:'s)? (?:system )?prompt\b|acted on (?:the )?(?:hidden |embedded |injected )?instructions? (?:in|from|inside|found in)\b|indexed for the (?:assistant|agent)|replay(?:ed|s)? [\d,]+ (?:\w+ )?(?:conversations|chats|sessions|transcripts|prompts|queries)|(?:assistant|agent)(?:'s)? (?:context|context window|sources|answers? (?:to|were|was)|replies)|(?:generat(?:ed|es)|hallucinat\w*) (?:an? |the )?(?:answers?|repl(?:y|ies)|responses?|code|text|kernels?))/i;

/** "prompt" in the sense of a model's instructions, not a `[Y/n]` confirmation or a shell prompt. */
const CLI_PROMPT =
  /\bconfirmation prompt|\[y\/n\]|\[Y\/n\]|\b(?:shell|command|interactive|login|password|sudo|bash|cli|terminal) prompt|\bprompt (?:default(?:ed|s)?|defaults to)\b/i;
const PROMPT_AI_CONTEXT = /\b(?:assistant|agent|bot|chat ?bot|model|copilot|gpt|completion|persona)s?\b/i;

/** Whether a text shows an AI system in play: AI terms, "AI" as a word, a model's settings or tokens, a model name, a bot that drafts. */
export function aiEvidence(text: string): boolean {
  return (
    AI_TERMS.test(text) ||
    AI_WORD.test(text) ||
    MODEL_EVIDENCE.test(text) ||
    MODEL_NAME.test(text) ||
    BOT_WRITES.test(text)
  );
}

/** Whether a text speaks of a prompt fix (`promptFix`) with a prompt in the sense of a model's instructions, not a CLI prompt. */
export function promptInAiSense(text: string, promptFix: RegExp): boolean {
  return promptInAiSenseWhere((re) => re.test(text), promptFix);
}

/** `promptInAiSense` of a text read in parts: `has(re)` tells whether `re` matches in any part. */
export function promptInAiSenseWhere(has: (re: RegExp) => boolean, promptFix: RegExp): boolean {
  return has(promptFix) && has(PROMPT_AI_CONTEXT) && !has(CLI_PROMPT);
}
