/**
 * Shared detection for the AI rules: is an AI system involved, which rows are agent or model
 * decisions, what the root cause says. Computed once per document and phrase lists.
 */
import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { PostmortemDocument } from '../document/parse.js';
import type { Section, SectionKind, TextRange, TimelineEntry } from '../types.js';
import { phraseRegExp, type PhraseLists } from './phrases.js';
import { gatesAiOutput } from './ai/actions.js';
import { MODEL_NAME } from './ai/actors.js';
import { intermittency, shareRate } from './ai/rates.js';
import { aiAbility, namesModelBehaviour, statesCause } from './ai/causes.js';
import { FINITE_VERB, INSTANCE_NOUN, OUTAGE_OBJECT, OUTPUT_NOUN, THINKING_VERBS, looksFinite, presentTense, saysCorrect } from './ai/events.js';

/** A stretch of the document the rules read, with its text normalised to single spaces. */
export interface Block {
  readonly range: TextRange;
  /** Same length as the source slice: every whitespace run character became a space. */
  readonly text: string;
}

/** One place where an agent or model decided or acted. */
export interface Decision {
  readonly range: TextRange;
  readonly text: string;
  readonly source: 'tag' | 'actor' | 'prose' | 'frontmatter';
}

export interface AiSignals {
  /** An AI system took part (or `ai_involved: true`); `false` when `ai_involved: false`. */
  readonly involved: boolean;
  readonly decisions: readonly Decision[];
  /** Root cause: root-cause sections and inline `Root cause:` paragraphs. */
  readonly rootCause: readonly Block[];
  /** Whether the root cause (or contributing factors, or a filled decision section) speaks of the model's inference. */
  readonly inferenceAware: boolean;
  /** Whether the root cause (else the contributing factors) has an AI actor doing something: "the model applied it". */
  readonly aiActsInCause: boolean;
  /** The first intermittency said of the AI or its outputs ("in some cases", "one-off"), outside follow-ups and the timeline. */
  readonly intermittent: { readonly range: TextRange; readonly text: string } | undefined;
}

/** The six variables that move silently in an LLM incident, by frontmatter key. */
export const SIX_VARIABLES = ['prompt_revision', 'model_slice', 'judge', 'retrieval_index_state', 'tool_schemas', 'traffic_mix'] as const;
export type SixVariable = (typeof SIX_VARIABLES)[number];

/** How a document mentions each variable in prose, when it is not in the frontmatter. */
const VARIABLE_MENTIONS: Record<SixVariable, RegExp> = {
  prompt_revision: /\b(?:prompt|system prompt|prompt template)(?: revision| version| rev\.?)?\s+(?:v|rev|version\s)?\d[\w.-]*|\bprompt (?:revision|version|hash)\b/i,
  model_slice: /\b(?:served|requested|routed) model\b|\bmodel (?:slice|version|snapshot|id)\b|\b(?:gpt-[\w.-]+|claude-[\w.-]+|gemini-[\w.-]+|llama-?\d[\w.-]*|mistral-[\w.-]+|o\d-[\w-]+)\b/i,
  judge: /\bjudge\b|\bevaluator\b|\b(?:guardrail|classifier|eval(?:uation)?) (?:threshold|config(?:uration)?|score)\b/i,
  retrieval_index_state: /\b(?:retrieval|vector|search|embedding) index\b|\bindex (?:version|state|snapshot|refresh)\b|\bembedding model\b|\bre-?index(?:ed|ing)?\b/i,
  tool_schemas: /\b(?:tool|function) (?:schema|definition|description|manifest)s?\b|\btool schema version\b|\b(?:has|have|had|with|uses?) no tools\b/i,
  traffic_mix: /\btraffic (?:mix|split|share)\b|\d+(?:\.\d+)?\s?% of (?:traffic|requests|sessions|calls|conversations)\b|\bby (?:tenant|model|operation)\b/i,
};

/** The frontmatter key written in prose ("`tool_schemas` is empty on purpose") is a statement about that variable. */
function keyMention(variable: SixVariable): RegExp {
  return new RegExp(String.raw`(?<![\w-])${variable}(?![\w-])`);
}

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
const MODEL_NAMES = MODEL_NAME;
/** A bot that writes free text (drafts, composes, fabricates): templates fill in, they do not draft. */
const BOT_WRITES = /\b(?:the|our|an?|this)\s+(?:[\w-]+\s+)?bots?\s+(?:(?:had|has|also|then)\s+)?(?:drafted|drafts|composed|composes|hallucinated|fabricated|fabricates|invented|invents|made up|paraphrased|improvised)\b/i;

/** `AI` as a word, upper case only (`ai` lower case is too often a fragment). */
const AI_WORD = /(?<![\w-])(?<!\b[Nn]o )(?<!\b[Nn]ot )(?<!\b[Ww]ithout )AI(?![\w-])/;

/**
 * A system named after its job: "business assistant", "kernel-writing agent", "on-call agent". Alone it proves nothing
 * (support agents are people, build agents are daemons), so it counts only with model-ish behaviour elsewhere.
 */
const NAMED_SYSTEM = /(?<![\w-])([a-z][\w]*(?:-[a-z][\w]*)?[- ](?:assistant|agent))s?(?![\w-])/gi;
/** Prefixes that make "<prefix> agent" a person ("support agent") and "<prefix> assistant" a person ("executive assistant"). */
const HUMAN_AGENT_PREFIXES = new Set([
  'human', 'support', 'service', 'customer-service', 'customer', 'sales', 'field', 'travel', 'insurance', 'estate', 'booking', 'desk',
  'help-desk', 'helpdesk', 'call-center', 'call-centre', 'live', 'escalation', 'tier', 'claims', 'leasing', 'letting', 'shipping', 'freight',
  'transfer', 'patent', 'talent', 'duty', 'special', 'secret', 'free', 'double', 'registered', 'booking', 'ticket', 'gate', 'station', 'contact',
]);
const HUMAN_ASSISTANT_PREFIXES = new Set([
  'executive', 'exec', 'personal', 'administrative', 'admin', 'teaching', 'dental', 'medical', 'legal', 'shop', 'office', 'research', 'lab',
  'store', 'nursing', 'physician', 'editorial', 'production', 'program', 'project', 'marketing', 'graduate', 'store', 'human',
]);
/** Words before "agent"/"assistant" that are no job name, and daemons and programs ("build agent", "Grafana agent"). */
const NOT_MODEL_PREFIXES = new Set([
  'our', 'the', 'an', 'a', 'this', 'that', 'each', 'every', 'one', 'two', 'senior', 'junior', 'new', 'other', 'another', 'second', 'first',
  'same', 'no', 'any', 'user', 'ci', 'build', 'deploy', 'deployment', 'grafana', 'datadog', 'monitoring', 'metrics', 'logging', 'log',
  'ssh', 'gpg', 'node', 'kube', 'fleet', 'backup', 'otel', 'collector', 'puppet', 'chef', 'jenkins', 'buildkite', 'gitlab', 'runner', 'salt',
  'zabbix', 'nagios', 'newrelic', 'relic', 'elastic', 'fluent', 'telegraf', 'vector', 'consul', 'nomad', 'vault', 'host', 'sidecar', 'proxy',
  'security', 'endpoint', 'edr', 'antivirus', 'mdm', 'sync', 'update', 'install', 'installer', 'replication', 'sql', 'cron', 'job', 'relay',
  'mail', 'transport', 'agent', 'assistant', 'snmp', 'pipeline', 'azure', 'aws', 'ecs', 'ssm', 'cloudwatch', 'octopus', 'teamcity',
]);
/** Behaviour only a model shows: replayed conversations, a retrieval index it reads, answers it generates. */
const MODELISH =
  /\b(?:retrieval (?:index|pipeline|corpus|results?)|rag\b|(?:drafted|composed|summari[sz]ed|paraphrased) (?:an? |the |its )?(?:[\w-]+ )?(?:emails?|repl(?:y|ies)|responses?|answers?|summar(?:y|ies)|messages?|drafts?|memos?)|(?:fabricated|invented|made-up|non-?existent|hallucinated) (?:citations?|cases?|quotes?|polic(?:y|ies)|sources?|references?|facts?)|(?:assistant|agent|bot)(?:'s)? (?:system )?prompt\b|acted on (?:the )?(?:hidden |embedded |injected )?instructions? (?:in|from|inside|found in)\b|indexed for the (?:assistant|agent)|replay(?:ed|s)? [\d,]+ (?:\w+ )?(?:conversations|chats|sessions|transcripts|prompts|queries)|(?:assistant|agent)(?:'s)? (?:context|context window|sources|answers? (?:to|were|was)|replies)|(?:generat(?:ed|es)|hallucinat\w*) (?:an? |the )?(?:answers?|repl(?:y|ies)|responses?|code|text|kernels?))/i;
/** "The agent …, and chose to …": a thinking verb later in the sentence, after a clause. */
const WEAK_ACTOR_LONG = String.raw`(?:the|our|an?|this)\s+(?:[\w-]+\s+)?(?:agent|assistant|bot|model|planner|copilot)`;
/** "prompt" in the sense of a model's instructions, not a `[Y/n]` confirmation or a shell prompt. */
const CLI_PROMPT = /\bconfirmation prompt|\[y\/n\]|\[Y\/n\]|\b(?:shell|command|interactive|login|password|sudo|bash|cli|terminal) prompt|\bprompt (?:default(?:ed|s)?|defaults to)\b/i;
const PROMPT_AI_CONTEXT = /\b(?:assistant|agent|bot|chat ?bot|model|copilot|gpt|completion|persona)s?\b/i;

/** Generic actors: an AI only in a document that is about AI, or when they think. */
const WEAK_ACTOR = String.raw`(?:the|our|an?|this)\s+(?:[\w-]+\s+)?(?:agent|assistant|bot|model|planner|copilot)`;
/** Heads too generic to stand alone as an AI actor. */
const GENERIC_HEADS = new Set(['system', 'service', 'feature', 'element', 'tool', 'team', 'features', 'tools', 'platform', 'product', 'pilot', 'features', 'answers', 'replies']);

/** Words allowed between the actor and its verb: adverbs, auxiliaries, a short aside in commas. */
const GAP = String.raw`(?:(?:\s+(?:\w+ly|then|also|again|immediately|instead|still|had|has|have|did|kept|keeps|began to|started to|continued to|went on to|proceeded to|\([^)]{1,60}\))|\s*,[^,.;]{1,60},))*`;
/**
 * A short phrase that places a named AI actor, between it and its verb: "the triage agent on our public tracker
 * closed", "a coding agent working on ticket X decided". Only after a strong actor, never after "the agent".
 */
const PLACE = String.raw`(?:\s+(?:in|on|at|for|from|behind|inside|within|working on|running on|running in|assigned to|tasked with)(?:\s+(?!(?:is|are|was|were|has|have|had|did|does|do|will|would|can|could)\b)[^\s,.;:!?]+){1,5}?)?`;

function alternation(words: readonly string[]): string {
  return words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');
}

const COGNITION = alternation(THINKING_VERBS);
/** A clause between the actor and its thinking verb: "the agent had found that it could …, and chose". Bounded, so linear. */
const LONG_CLAUSE = String.raw`[^.;!?]{1,160}?(?:,\s*(?:and\s+|then\s+)?|\s+and\s+(?:then\s+)?|:\s*it\s+)(?:${COGNITION})`;

let normalizedOf: { readonly text: string; readonly normalized: string } | undefined;

/**
 * Normalise whitespace without changing length, so regex indexes are source offsets. The whole text is normalised
 * once and sliced (the rules take many blocks of one document; one character at a time, so slicing first or last is
 * the same).
 */
export function blockOf(text: string, range: TextRange): Block {
  if (normalizedOf?.text !== text) normalizedOf = { text, normalized: text.replace(/\s/g, ' ') };
  return { range, text: normalizedOf.normalized.slice(range.start, range.end) };
}

/** The document after the frontmatter. */
export function body(document: PostmortemDocument): Block {
  return blockOf(document.text, { start: document.frontmatter?.range.end ?? 0, end: document.text.length });
}

export function sectionsOf(document: PostmortemDocument, kinds: readonly SectionKind[]): Section[] {
  return document.sections.filter((s) => kinds.includes(s.kind));
}

/** Contents of every section of these kinds, outermost only (a nested match is already inside). */
export function sectionBlocks(document: PostmortemDocument, kinds: readonly SectionKind[]): Block[] {
  const sections = sectionsOf(document, kinds);
  return sections
    .filter((s) => !sections.some((o) => o !== s && o.range.start <= s.range.start && s.range.end <= o.range.end && o.range.start < s.range.start))
    .map((s) => blockOf(document.text, s.contentRange));
}

/**
 * Paragraphs that open with a label such as `**Root cause:**` or `Resolution -`, wherever they
 * are; terse write-ups put them in the summary.
 */
const labelExpressions = new Map<string, RegExp>();

export function labelledBlocks(document: PostmortemDocument, label: string): Block[] {
  const { text } = document;
  const from = document.frontmatter?.range.end ?? 0;
  // One expression per label (a handful, built once); global, so `lastIndex` is set before every use.
  let re = labelExpressions.get(label);
  if (!re) {
    re = new RegExp(String.raw`^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:${label})(?:\*\*|__)?[ \t]*(?:\*\*|__)?[:—–-](?:\*\*|__)?[ \t]*`, 'gim');
    if (labelExpressions.size < 64) labelExpressions.set(label, re);
  }
  re.lastIndex = from;
  const out: Block[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const blank = /\n[ \t]*\r?\n/g;
    blank.lastIndex = start;
    const end = blank.exec(text)?.index ?? text.length;
    if (end > start) out.push(blockOf(text, { start, end }));
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  return out;
}

/** First match of `re` in any block, with its source range. */
export function findIn(blocks: readonly Block[], re: RegExp): { range: TextRange; text: string } | undefined {
  for (const block of blocks) {
    const m = re.exec(block.text);
    if (m) return { range: { start: block.range.start + m.index, end: block.range.start + m.index + m[0].length }, text: m[0] };
  }
  return undefined;
}

/**
 * A sentence ends at `.!?;`, where a paragraph, heading, list item or table row starts, or after a heading line. The
 * heading test looks behind only once a line break matched, so a long line costs linear time.
 */
const SENTENCE_END = /[.!?;]+(?=\s|$)|\r?\n(?=[ \t]*(?:\r?\n|#|[-*+][ \t]|\d+[.)][ \t]|\||$))|\r?\n(?<=(?:^|\n)[ \t]{0,3}#{1,6}[ \t][^\r\n]*\r?\n)/g;

/** The sentences of a block, with source ranges; `source` is the document text. */
export function sentences(block: Block, source: string): Block[] {
  const raw = source.slice(block.range.start, block.range.end);
  const out: Block[] = [];
  let start = 0;
  const push = (end: number) => {
    if (block.text.slice(start, end).trim()) out.push({ range: { start: block.range.start + start, end: block.range.start + end }, text: block.text.slice(start, end) });
  };
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(raw); m; m = SENTENCE_END.exec(raw)) {
    const end = m.index + m[0].length;
    push(end);
    start = end;
    if (m[0].length === 0) SENTENCE_END.lastIndex++;
  }
  push(raw.length);
  return out;
}

/** Names of AI systems a document introduces itself: "our LLM ticket summarizer" makes "summarizer" an AI. */
function declaredAliases(text: string): string[] {
  const out = new Set<string>();
  // "GPT partition table" is a disk layout, not a model.
  const re = /\b(?:AI|LLM|GPT|GenAI)(?:[- ](?:powered|backed|based|driven))?\s+(?!(?:partition|partitioned|disk|header|label|scheme|layout|boot)\b)([a-z][\w-]*)(?:\s+([a-z][\w-]*))?/g;
  const noun = (w: string | undefined): w is string => w !== undefined && !FUNCTION_WORDS.has(w) && !ADVERBS.has(w) && !looksFinite(w) && !/(?:ed|ing|ly)$/.test(w);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [first, second] = [m[1]!, m[2]];
    // "AI discovered user …": a verb right after "AI" names nothing, and neither does the word after it.
    if (looksFinite(first) || FUNCTION_WORDS.has(first) || ADVERBS.has(first) || (!noun(second) && !noun(first))) continue;
    const phrase = noun(second) ? `${first} ${second}` : first;
    const head = noun(second) ? second : first;
    if (INFRASTRUCTURE_HEADS.has(head.toLowerCase())) continue;
    // A bare head ("assistant" in "LLM assistant triages") is a weak actor already, with its people and daemons.
    if (!GENERIC_HEADS.has(head) && !AI_HEADS.has(head.toLowerCase()) && head.length > 3) out.add(head.toLowerCase());
    if (phrase !== head) out.add(phrase.toLowerCase());
  }
  return [...out];
}

/** Heads that are weak actors on their own ("the agent"): never an alias by themselves. */
const AI_HEADS = new Set(['agent', 'agents', 'assistant', 'assistants', 'bot', 'bots', 'model', 'models', 'copilot', 'planner', 'chatbot', 'chatbots']);

/** What "LLM …" names when it is infrastructure or a quantity, not something that acts: "our LLM provider", "LLM calls". */
const INFRASTRUCTURE_HEADS = new Set([
  'provider', 'providers', 'vendor', 'vendors', 'api', 'apis', 'endpoint', 'endpoints', 'gateway', 'proxy', 'calls', 'call', 'requests',
  'request', 'traffic', 'usage', 'costs', 'cost', 'spend', 'bill', 'quota', 'quotas', 'key', 'keys', 'tokens', 'outage', 'outages',
  'latency', 'errors', 'error', 'responses', 'response', 'output', 'outputs', 'budget', 'account', 'contract', 'integration', 'sdk',
]);

/** Adverbs that follow "the LLM" without naming anything: "before the LLM ever saw a word", "the LLM never answered". */
const ADVERBS = new Set([
  'ever', 'never', 'always', 'often', 'sometimes', 'seldom', 'just', 'only', 'also', 'still', 'then', 'again', 'once', 'now', 'first',
  'even', 'already', 'yet', 'too', 'instead', 'later', 'soon', 'itself', 'alone', 'here', 'there', 'sometime', 'twice', 'rather', 'almost',
]);

const FUNCTION_WORDS = new Set(['we', 'i', 'you', 'they', 'he', 'she', 'us', 'our', 'their', 'them', 'was', 'is', 'were', 'are', 'has', 'had', 'have', 'to', 'and', 'or', 'that', 'which', 'for', 'in', 'on', 'at', 'of', 'with', 'the', 'a', 'an', 'be', 'been', 'can', 'could', 'would', 'should', 'will', 'may', 'might', 'did', 'does', 'do', 'not', 'as', 'by', 'from', 'into', 'it', 'its', 'this', 'so']);

interface Actors {
  /** Any actor that counts in this document. */
  readonly any: RegExp;
  /**
   * AI-subject + verb in prose; an actor after a preposition ("the evaluation of the model reported") is no subject.
   * Global: read it through `subjectVerbIn`, which also drops infrastructure events.
   */
  readonly subjectVerb: RegExp;
  /** The first AI act in `text`, computed (`subjectVerbIn` is the remembered way). */
  readonly firstAct: (text: string) => RegExpExecArray | undefined;
  /** `subjectVerbIn` results by text (a pure function of the text and the expressions), oldest first. */
  readonly acts: Map<string, RegExpExecArray | null>;
}

/** One compiled set of actor expressions, shared by every document with the same phrases, aliases and kind. */
interface CompiledActors extends Actors {
  readonly aiDocument: boolean;
  /**
   * Where a match of `subjectVerb` can start: every alternative of it begins with a strong actor, a document actor or
   * a weak one ("the agent"), so a text without any of them has no match. Small, so cheap to run on every line.
   */
  readonly head: RegExp;
}

/**
 * Texts remembered per set of expressions: a re-lint after a keystroke finds every unchanged line here. Large enough
 * for the lines and sentences of a 1 MB document (a smaller cache would miss on every line of it); oldest out first.
 */
const ACTS_LIMIT = 32_768;

/**
 * Plural nouns that are also verbs: after an AI word they are a compound ("LLM calls", "model responses") when a
 * predicate follows, directly or after a short prepositional phrase ("LLM calls to our vendor timed out").
 */
const NOUN_VERBS = new Set(['calls', 'answers', 'replies', 'reads', 'writes', 'runs', 'issues', 'posts', 'quotes', 'books', 'comments', 'labels', 'marks', 'drops', 'moves', 'adds', 'retries', 'offers', 'promises', 'refunds']);
/** What happens to an AI component in an outage: it timed out, returned 503, was rate limited. Not a decision. */
const INFRA_PREDICATE = String.raw`(?:timed?\s+out|timing\s+out|failed|errored|hung|stalled|spiked|returned\s+(?:an?\s+|only\s+)?(?:[45]\d\d|[45]xx|errors?|timeouts?|empty|nothing)|(?:were|was|are|is|got|went|became)\s+(?:not\s+)?(?:slow|throttled|rejected|dropped|unavailable|unreachable|down|degraded|offline|failing|erroring|timing\s+out|rate[- ]limited|queued|delayed|blocked|cut\s+off))\b`;
const COMPOUND_AFTER = new RegExp(
  String.raw`^\s+(?:(?:were|are|was|is|had|have|all|both|began|started|kept|took|never)\b|${INFRA_PREDICATE}|(?:to|from|for|against|through|via|into|on|at|in|of|per|with)\s+(?:[^\s.,;:!?]+\s+){0,6}?${INFRA_PREDICATE})`,
  'i',
);
/** A progressive that is an outage, not an action: "the model kept timing out", "the assistant was returning 503s". */
const INFRA_PROGRESSIVE = /\s(?:timing|returning|experiencing|failing|erroring|crashing|hanging|throttling|stalling|restarting|rejecting|dropping|queu(?:e)?ing|loading|lagging)$/i;
/**
 * The actor is the object of a preposition even with a determiner and modifiers before it ("orders taken by the voice
 * ordering assistant in 40 lanes ended…"): the verb belongs to another subject. The expression's own look-behind only
 * sees a preposition right before the actor; this one is tried on the 60 characters before a match, never across a
 * conjunction ("sent to the user and the agent decided" keeps the agent as subject).
 */
const OBJECT_OF_PREPOSITION = /\b(?:of|from|to|with|about|into|than|by)\s+(?:the|a|an|our|their|its|this|that|your|each|every)\s+(?:(?!(?:and|or|but|then|so|while|when|after|before|because|until|once|where|which|who)\b)[\w-]+\s+){0,2}$/i;
/** "The model ran out of memory", "the agent runs on GPUs": a resource or a description, not an act. */
const DESCRIPTIVE_AFTER = /^\s+(?:out of|on top of)\b/i;

/**
 * The first AI subject with a verb in `text` that is the model acting, not an AI component being the subject of an
 * infrastructure failure ("LLM calls to our vendor timed out", "the model kept timing out").
 */
export function subjectVerbIn(text: string, actors: Actors): RegExpExecArray | undefined {
  const acts = actors.acts;
  const known = acts.get(text);
  if (known !== undefined) return known ?? undefined;
  const found = actors.firstAct(text);
  if (acts.size >= ACTS_LIMIT) acts.delete(acts.keys().next().value as string);
  acts.set(text, found ?? null);
  return found;
}

/** `subjectVerbIn` without the head test and the memo, for one compiled expression (tests compare the two). */
export function firstAct(text: string, re: RegExp): RegExpExecArray | undefined {
  return firstActBy(text, (from) => {
    re.lastIndex = from;
    const m = re.exec(text);
    re.lastIndex = 0;
    return m;
  });
}

/** The first match from `exec(from)` (matches from `from` on) that is the model acting, not an infrastructure event. */
function firstActBy(text: string, exec: (from: number) => RegExpExecArray | null): RegExpExecArray | undefined {
  for (let m = exec(0); m; m = exec(m.index + 1)) {
    const verb = /(\S+)$/.exec(m[0])?.[1]?.toLowerCase() ?? '';
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
    const infrastructure =
      (NOUN_VERBS.has(verb) && COMPOUND_AFTER.test(after)) || INFRA_PROGRESSIVE.test(m[0]) || DESCRIPTIVE_AFTER.test(after) || OUTAGE_OBJECT.test(after) ||
      OBJECT_OF_PREPOSITION.test(text.slice(Math.max(0, m.index - 60), m.index));
    if (!infrastructure) return m;
  }
  return undefined;
}

/**
 * Built actor expressions by phrase lists, then by aliases and document kind. Compiling `subjectVerb` costs V8 about
 * 7 ms (thousands of alternatives), more than the rest of a rule pass, so it is never compiled per document or per
 * combination of names: there is one expression without aliases and one per single alias (per phrase lists and
 * document kind), each compiled once, and a text is matched with the expressions of the aliases it contains, their
 * matches merged into the match of the expression with all of them (`mergedExec`). Sharing is stateless: every use
 * sets `lastIndex` before and resets it after.
 */
const actorsCache = new WeakMap<PhraseLists, Map<string, CompiledActors>>();
const ACTORS_CACHE_LIMIT = 256;

function compiledActors(phrases: PhraseLists, aliases: readonly string[], aiDocument: boolean): CompiledActors {
  let byKey = actorsCache.get(phrases);
  if (!byKey) actorsCache.set(phrases, (byKey = new Map()));
  const key = `${aiDocument ? 1 : 0}\u0000${aliases.join('\u0000')}`;
  let actors = byKey.get(key);
  if (actors) {
    // Most recently used last, so the oldest goes first when the cache is full.
    byKey.delete(key);
  } else {
    actors = compileActors(phrases, aliases, aiDocument);
    if (byKey.size >= ACTORS_CACHE_LIMIT) byKey.delete(byKey.keys().next().value as string);
  }
  byKey.set(key, actors);
  return actors;
}

/**
 * Where a `subjectVerb` match stands in the order the expression with every alias tries its paths at one position:
 * by alternative, then by head (a built-in actor before an alias, an alias before a weak actor such as "the agent"),
 * then by the alias's place in the document's list. The named groups of `compileActors` tell the first two.
 */
function matchRank(m: RegExpExecArray, aliasRank: number): [number, number, number] {
  const g = m.groups ?? {};
  const alt = g['pmA1'] !== undefined ? 1 : g['pmA2'] !== undefined ? 2 : g['pmA3'] !== undefined ? 3 : 4;
  const alias = g[`pmL${alt}`] !== undefined;
  const weak = alt === 3 || g[`pmW${alt}`] !== undefined;
  return [alt, alias ? 1 : weak ? 2 : 0, alias ? aliasRank : 0];
}

function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/**
 * The match of the expression with every alias in `variants`, from the expressions without aliases (`rank` 0) and
 * with one alias each (`rank` its place in the list): any path of the whole expression is a path of one of them, so
 * its leftmost match is the leftmost of theirs, and at that position it takes the path first in its order.
 */
function mergedExec(text: string, from: number, variants: ReadonlyArray<{ readonly re: RegExp; readonly rank: number }>): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  let bestRank: [number, number, number] = [0, 0, 0];
  for (const { re, rank } of variants) {
    re.lastIndex = from;
    const m = re.exec(text);
    re.lastIndex = 0;
    if (!m) continue;
    const r = matchRank(m, rank);
    if (!best || m.index < best.index || (m.index === best.index && before(r, bestRank))) [best, bestRank] = [m, r];
  }
  return best;
}

/** `subjectVerb` of a document with aliases: each text runs the expressions of the aliases it contains, merged. */
class MergedSubjectVerb extends RegExp {
  readonly #variants: (text: string) => ReadonlyArray<{ readonly re: RegExp; readonly rank: number }>;
  constructor(flags: string, variants: (text: string) => ReadonlyArray<{ readonly re: RegExp; readonly rank: number }>) {
    super('(?:)', flags);
    this.#variants = variants;
  }
  override exec(text: string): RegExpExecArray | null {
    const m = mergedExec(text, this.global ? this.lastIndex : 0, this.#variants(text));
    if (this.global) this.lastIndex = m ? m.index + m[0].length : 0;
    return m;
  }
}

/** `any` of a document with aliases: `test` asks the expressions of the aliases a text contains. */
class AnyActor extends RegExp {
  readonly #variants: (text: string) => readonly RegExp[];
  readonly #whole: () => RegExp;
  constructor(flags: string, variants: (text: string) => readonly RegExp[], whole: () => RegExp) {
    super('(?:)', flags);
    this.#variants = variants;
    this.#whole = whole;
  }
  override test(text: string): boolean {
    return this.#variants(text).some((re) => re.test(text));
  }
  /** The match itself (rarely needed): from the expression with every alias, compiled on first use. */
  override exec(text: string): RegExpExecArray | null {
    return this.#whole().exec(text);
  }
}

/** The alias-aware views by phrase lists, then by aliases and kind (their memo of acts outlives one lint). */
const viewsCache = new WeakMap<PhraseLists, Map<string, Actors & { readonly aiDocument: boolean }>>();
const VIEWS_LIMIT = 64;

export function buildActors(phrases: PhraseLists, aliases: readonly string[], aiDocument: boolean): Actors & { readonly aiDocument: boolean } {
  // The first document of a process (a one-file CLI run, the first file opened): one expression with all its names is
  // one compile, where the views below need the plain one and one per name. Both match alike (test/property/actors).
  if (aliases.length > 0 && !actorsCache.get(phrases)?.size) return compiledActors(phrases, aliases, aiDocument);
  const plain = compiledActors(phrases, [], aiDocument);
  if (aliases.length === 0) return plain;
  let byKey = viewsCache.get(phrases);
  if (!byKey) viewsCache.set(phrases, (byKey = new Map()));
  const key = `${aiDocument ? 1 : 0}\u0000${aliases.join('\u0000')}`;
  let view = byKey.get(key);
  if (view) byKey.delete(key);
  else {
    view = aliasView(phrases, plain, aliases, aiDocument);
    if (byKey.size >= VIEWS_LIMIT) byKey.delete(byKey.keys().next().value as string);
  }
  byKey.set(key, view);
  return view;
}

function aliasView(phrases: PhraseLists, plain: CompiledActors, aliases: readonly string[], aiDocument: boolean): Actors & { readonly aiDocument: boolean } {
  // Under the `i` flag (without `u`) an ASCII letter matches only itself in either case, so an ASCII alias that is
  // not a substring of the lower-cased text cannot match in it. A non-ASCII alias is always kept.
  const lowered = aliases.map((a, i) => ({ alias: a, rank: i + 1, lower: /^[\x00-\x7f]*$/.test(a) ? a.toLowerCase() : undefined }));
  let lastText: string | undefined;
  let last: ReadonlyArray<{ readonly actors: CompiledActors; readonly rank: number }> = [];
  /** The expressions for `text`: without aliases, then one per alias it contains, in the document's order. */
  const variants = (text: string): ReadonlyArray<{ readonly actors: CompiledActors; readonly rank: number }> => {
    if (text !== lastText) {
      const lower = text.toLowerCase();
      const present = lowered.filter((a) => a.lower === undefined || lower.includes(a.lower));
      // The expression without aliases can match only where its head does (exact), so it is left out otherwise.
      const withPlain = present.length === 0 || plain.head.test(text) ? [{ actors: plain, rank: 0 }] : [];
      last = [...withPlain, ...present.map((a) => ({ actors: compiledActors(phrases, [a.alias], aiDocument), rank: a.rank }))];
      lastText = text;
    }
    return last;
  };
  let whole: CompiledActors | undefined;
  const subjectVerb = new MergedSubjectVerb(plain.subjectVerb.flags, (text) => variants(text).map((v) => ({ re: v.actors.subjectVerb, rank: v.rank })));
  return {
    aiDocument,
    any: new AnyActor(plain.any.flags, (text) => variants(text).map((v) => v.actors.any), () => (whole ??= compileActors(phrases, aliases, aiDocument)).any),
    subjectVerb,
    firstAct: (text) => {
      const vs = variants(text);
      // No alias in the text: the expression without aliases alone (its own head test included).
      if (vs.length === 0 || (vs.length === 1 && vs[0]!.rank === 0)) return plain.firstAct(text);
      return firstActBy(text, (from) => {
        subjectVerb.lastIndex = from;
        const m = subjectVerb.exec(text);
        subjectVerb.lastIndex = 0;
        return m;
      });
    },
    acts: new Map(),
  };
}

/** The expressions for exactly these aliases, compiled now (`buildActors` is the cached way; tests compare the two). */
export function compileActors(phrases: PhraseLists, aliases: readonly string[], aiDocument: boolean): CompiledActors {
  const escaped = aliases.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const strong = [...phrases.agent_actors, ...(escaped ? [escaped] : [])].join('|');
  // The same expression as without groups; the named groups only say which alternative and head matched (`matchRank`).
  const builtIn = phrases.agent_actors.join('|');
  const strongIn = (alt: number) => `(?:${[builtIn, escaped ? `(?<pmL${alt}>${escaped})` : ''].filter((x) => x !== '').join('|')})`;
  const actorIn = (alt: number) => (aiDocument ? `${strongIn(alt)}|(?<pmW${alt}>${WEAK_ACTOR})` : strongIn(alt));
  // Any finite verb is an event (ai/events.ts); the configured decision verbs are kept so a team's additions still count.
  const progressive = String.raw`(?:kept|keeps|was|were|began|begins|started|starts|continued|continues)\s+\w+ing`;
  const verb = String.raw`(?:${alternation(phrases.agent_decision_verbs)}|${FINITE_VERB}|${progressive})`;
  const actor = aiDocument ? `(?:${strong})|${WEAK_ACTOR}` : `(?:${strong})`;
  const head = new RegExp(`(?:${strong})|${WEAK_ACTOR}`, 'i');
  const subjectVerb = new RegExp(
    String.raw`(?<!\w)(?<!\b(?:of|from|to|with|about|into|than|by)\s+)(?:(?<pmA1>)${strongIn(1)}(?:'s\s+(?:${OUTPUT_NOUN})|(?:'s)?\s+(?:${INSTANCE_NOUN}))?${PLACE}${GAP}\s+${verb}|(?<pmA2>)(?:${actorIn(2)})(?:'s\s+(?:${OUTPUT_NOUN})|(?:'s)?\s+(?:${INSTANCE_NOUN}))?${GAP}\s+${verb}|(?<pmA3>)${WEAK_ACTOR}${GAP}\s+(?:${COGNITION})${aiDocument ? `|(?<pmA4>)(?:${actorIn(4)})${LONG_CLAUSE}` : ''})(?![\w-])(?!\s+(?:no|nothing|none)\b)`,
    'gi',
  );
  return {
    aiDocument,
    head,
    acts: new Map(),
    firstAct: (text) => (head.test(text) ? firstAct(text, subjectVerb) : undefined),
    any: new RegExp(String.raw`(?<!\w)(?:${actor})(?![\w-])`, 'i'),
    subjectVerb,
  };
}

/** Whether a timeline actor cell or prefix names an AI. */
function aiActor(actor: string, actors: Actors & { readonly aiDocument: boolean }): boolean {
  return (
    actors.any.test(actor) ||
    /\((?:agent|ai|llm|bot|model)\)/i.test(actor) ||
    (actors.aiDocument && /^[\w -]{0,40}\b(?:agent|assistant|bot|copilot|planner|executor|critic|judge|model|classifier|summari[sz]er|re-?ranker|ranker|recommender|scorer|tagger|categori[sz]er)s?$/i.test(actor.trim()) && !humanOrDaemon(actor))
  );
}

/** An actor cell that names a person or a daemon by its job: "Executive assistant", "Support agent", "Build agent". */
function humanOrDaemon(actor: string): boolean {
  const m = /([a-z][\w]*)[- ](agent|assistant)s?$/i.exec(actor.trim());
  if (!m) return false;
  const prefix = m[1]!.toLowerCase();
  if (m[2]!.toLowerCase() === 'assistant') return HUMAN_ASSISTANT_PREFIXES.has(prefix);
  // Daemons are agents ("build agent", "mail agent"), never assistants ("mail assistant" is a model).
  return HUMAN_AGENT_PREFIXES.has(prefix) || (NOT_MODEL_PREFIXES.has(prefix) && !DETERMINERS.has(prefix));
}
const DETERMINERS = new Set(['our', 'the', 'an', 'a', 'this', 'that', 'each', 'every', 'one', 'two', 'same', 'any', 'new', 'other', 'another', 'second', 'first']);

/** A table or bullet that someone left empty is not a record: a skeleton counts only once filled. */
export function sectionFilled(document: PostmortemDocument, section: Section): boolean {
  const raw = document.text.slice(section.contentRange.start, section.contentRange.end);
  for (const line of raw.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || /^<!--.*-->$/.test(t)) continue;
    if (t.startsWith('|')) {
      if (/^\|[\s|:-]*\|?$/.test(t)) continue;
      const cells = t.split('|').map((c) => c.trim()).filter(Boolean);
      if (cells.length > 0 && !isSkeletonHeader(cells)) return true;
      continue;
    }
    if (/^#/.test(t)) continue;
    if (/\w{2,}/.test(t.replace(/^[-*+]\s*|^\d+[.)]\s*/, '').replace(/\*\*[^*]+:\*\*|^[\w ]+:\s*$/g, ''))) return true;
  }
  return false;
}

const SKELETON_HEADERS = new Set(['time', 'agent', 'observed', 'concluded', 'chose', 'gate', 'replays (n)', 'bad outputs (k)', 'rate', 'interval', 'same prompt, model and seed']);
function isSkeletonHeader(cells: readonly string[]): boolean {
  return cells.every((c) => SKELETON_HEADERS.has(c.toLowerCase()));
}

const cache = new WeakMap<PostmortemDocument, WeakMap<PhraseLists, AiSignals>>();

/** Every AI signal of a document, computed once per document and phrase lists. */
export function aiSignals(document: PostmortemDocument, phrases: PhraseLists): AiSignals {
  let byPhrases = cache.get(document);
  if (!byPhrases) {
    byPhrases = new WeakMap();
    cache.set(document, byPhrases);
  }
  let signals = byPhrases.get(phrases);
  if (!signals) {
    signals = compute(document, phrases);
    byPhrases.set(phrases, signals);
  }
  return signals;
}

function frontmatterData(document: PostmortemDocument): Record<string, unknown> {
  return document.frontmatter?.data ?? {};
}

/** Whether the frontmatter records `key` with a non-empty value. */
export function recorded(document: PostmortemDocument, key: string): boolean {
  const value = frontmatterData(document)[key];
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** Source range of a frontmatter key's value, or of the item `index` of a sequence. */
export function frontmatterRange(document: PostmortemDocument, key: string, index?: number): TextRange | undefined {
  const fm = document.frontmatter;
  const root = fm?.doc?.contents;
  if (!fm || !isMap(root)) return undefined;
  const pair = root.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  let node = pair?.value as YamlNode | null | undefined;
  if (index !== undefined && isSeq(node)) node = node.items[index] as YamlNode | undefined;
  const r = node?.range;
  return r ? { start: fm.base + r[0], end: fm.base + r[1] } : undefined;
}

/** Whether a text mentions one of the six variables (used with the frontmatter for `ai-context`). */
export function mentionsVariable(text: string, variable: SixVariable): boolean {
  return VARIABLE_MENTIONS[variable].test(text) || keyMention(variable).test(text);
}

function compute(document: PostmortemDocument, phrases: PhraseLists): AiSignals {
  const data = frontmatterData(document);
  const all = body(document);
  const aliases = declaredAliases(all.text);
  const strongText =
    data.ai_involved === true ||
    SIX_VARIABLES.some((k) => recorded(document, k)) ||
    recorded(document, 'agent_decisions') ||
    recorded(document, 'behavior_rate') ||
    AI_TERMS.test(all.text) ||
    AI_WORD.test(all.text) ||
    MODEL_EVIDENCE.test(all.text) ||
    MODEL_NAMES.test(all.text) ||
    BOT_WRITES.test(all.text) ||
    phraseRegExp(phrases.agent_actors).test(all.text) ||
    (phraseRegExp(phrases.prompt_fix).test(all.text) && PROMPT_AI_CONTEXT.test(all.text) && !CLI_PROMPT.test(all.text)) ||
    aliases.length > 0 ||
    sectionsOf(document, ['agent-decisions']).some((s) => sectionFilled(document, s));
  const named = namedSystems(all.text);
  // A job-named assistant ("the help-center assistant") that is no person's job title is a software assistant; a job-named
  // agent is as often a person or a daemon, so it needs model-ish behaviour too.
  const soft =
    !strongText &&
    named.length > 0 &&
    data.ai_involved !== false &&
    (named.some((n) => /[- ]assistant$/.test(n)) || MODELISH.test(all.text) || longClauseThinking(all.text));
  const aiDocument = strongText || soft;
  const actors = buildActors(phrases, aiDocument ? [...aliases, ...named, ...introducedNames(all.text)] : aliases, aiDocument);
  const decisions: Decision[] = [];

  const decisionsFm = data.agent_decisions;
  if (Array.isArray(decisionsFm)) {
    decisionsFm.forEach((d, i) => {
      const range = frontmatterRange(document, 'agent_decisions', i) ?? document.frontmatter?.openingFence ?? { start: 0, end: 0 };
      const summary = d && typeof d === 'object' ? String((d as Record<string, unknown>).action ?? (d as Record<string, unknown>).concluded ?? 'agent decision') : 'agent decision';
      decisions.push({ range, text: summary, source: 'frontmatter' });
    });
  }

  const rowRanges: TextRange[] = [];
  for (const entry of document.timeline) {
    rowRanges.push(entry.range);
    const d = rowDecision(entry, actors);
    if (d) decisions.push(d);
  }

  // Prose outside the timeline rows, the root cause and the follow-up: "the coding agent concluded…".
  const skip: SectionKind[] = ['root-cause', 'contributing-factors', 'action-items', 'resolution', 'lessons', 'behavior-rate', 'dependencies'];
  const skipped = sectionsOf(document, skip).map((s) => s.range);
  const inside = (r: TextRange) => [...rowRanges, ...skipped].some((o) => o.start <= r.start && r.end <= o.end);
  const timelines = sectionsOf(document, ['timeline']).map((s) => s.range);
  const notBehaviour = sectionsOf(document, ['action-items', 'lessons', 'timeline', 'behavior-rate']).map((s) => s.range);
  let intermittent: { range: TextRange; text: string } | undefined;
  for (const sentence of sentences(all, document.text)) {
    if (!intermittent && !notBehaviour.some((r) => r.start <= sentence.range.start && sentence.range.end <= r.end) && !/^\s*#/.test(sentence.text)) {
      const hit = intermittencyIn(sentence.text);
      if (hit) intermittent = { range: { start: sentence.range.start + hit.index, end: sentence.range.start + hit.index + hit.text.length }, text: hit.text };
    }
    if (inside(sentence.range) || /^\s*#/.test(sentence.text)) continue;
    // A present tense narrates in a timeline ("09:14 the assistant gives the 90-day window") and describes elsewhere
    // ("the assistant answers billing questions").
    const narrated = () => timelines.some((t) => t.start <= sentence.range.start && sentence.range.end <= t.end) || TIME_OPENING.test(sentence.text);
    const m = eventIn(sentence.text, actors, narrated);
    if (m && !saysCorrect(sentence.text)) decisions.push({ range: { start: sentence.range.start + m.index, end: sentence.range.start + m.index + m[0].length }, text: sentence.text.trim(), source: 'prose' });
  }
  decisions.sort((a, b) => a.range.start - b.range.start);

  const involved = data.ai_involved === false ? false : aiDocument || decisions.length > 0;
  const stated = [...sectionBlocks(document, ['root-cause']), ...labelledBlocks(document, String.raw`root[- ]?causes?|rca|causes?|why it happened`)];
  const contributing = sectionBlocks(document, ['contributing-factors']);
  // Without a cause section or label, the cause is wherever a sentence states one ("… was caused by …", "due to …").
  const rootCause = stated.length > 0 || contributing.length > 0 ? stated : causeSentences(document, all);
  const filledDecisionSection = sectionsOf(document, ['agent-decisions']).some((s) => sectionFilled(document, s));
  const cause = rootCause.length > 0 ? rootCause : contributing;
  const aiActsInCause = [...cause, ...(cause === contributing ? [] : contributing)].some((b) => sentences(b, document.text).some((s) => actsIn(s.text, actors)));
  // The model's behaviour is in the cause when an AI actor does something there or the cause names what a model does.
  const inferenceAware =
    filledDecisionSection ||
    aiActsInCause ||
    [...rootCause, ...contributing].some((b) => namesModelBehaviour(b.text) || aiAbility(b.text)) ||
    inferenceIn([...rootCause, ...contributing], document.text, phrases, actors);
  return { involved, decisions, rootCause, inferenceAware, aiActsInCause, intermittent };
}

/** Sentences that state a cause, outside the follow-ups and the timeline: the cause of a document without a cause section. */
function causeSentences(document: PostmortemDocument, all: Block): Block[] {
  const later = sectionsOf(document, ['action-items', 'resolution', 'lessons', 'timeline']).map((s) => s.range);
  const out: Block[] = [];
  for (const s of sentences(all, document.text)) {
    if (!statesCause(s.text) || later.some((r) => r.start <= s.range.start && s.range.end <= r.end) || /^\s*#/.test(s.text)) continue;
    const paragraph = paragraphAround(document.text, s.range);
    if (!out.some((b) => b.range.start === paragraph.start)) out.push(blockOf(document.text, paragraph));
  }
  return out;
}

/** The paragraph (between blank lines, before a heading line) that holds `range`; read line by line from it, so local. */
export function paragraphAround(text: string, range: TextRange): TextRange {
  const isBreak = (line: string) => line.trim() === '' || /^ {0,3}#/.test(line);
  let start = text.lastIndexOf('\n', range.start - 1) + 1;
  while (start > 0) {
    const prev = text.lastIndexOf('\n', start - 2) + 1;
    if (isBreak(text.slice(prev, start - 1))) break;
    start = prev;
  }
  let end = range.end;
  for (;;) {
    const next = text.indexOf('\n', end);
    if (next === -1) return { start, end: text.length };
    const after = text.indexOf('\n', next + 1);
    if (isBreak(text.slice(next + 1, after === -1 ? text.length : after))) return { start, end: next };
    end = next + 1;
  }
}

/** `intermittency` by sentence text, remembered like `subjectVerbIn`: a re-lint after a keystroke judges the edited sentences only. */
const intermittencyMemo = new Map<string, { index: number; text: string } | null>();
function intermittencyIn(text: string): { index: number; text: string } | undefined {
  const known = intermittencyMemo.get(text);
  if (known !== undefined) return known ?? undefined;
  const found = intermittency(text);
  if (intermittencyMemo.size >= ACTS_LIMIT) intermittencyMemo.delete(intermittencyMemo.keys().next().value as string);
  intermittencyMemo.set(text, found ?? null);
  return found;
}

/** A sentence that opens with a time of day: a timeline entry written as prose. */
const TIME_OPENING = /^[\s*_>-]*(?:\[?\d{4}-\d\d-\d\d[ T])?\[?\d{1,2}:\d\d\b/;

/** The first AI event in a sentence; one in the present tense only when the sentence narrates (`narrated`). */
function eventIn(text: string, actors: Actors, narrated: () => boolean): RegExpExecArray | undefined {
  let offset = 0;
  for (let i = 0; i < 4; i++) {
    const m = subjectVerbIn(offset === 0 ? text : text.slice(offset), actors);
    if (!m) return undefined;
    if (!presentTense(m[0]) || narrated()) {
      if (offset === 0) return m;
      const shifted = Object.assign([...m], { index: m.index + offset, input: text, groups: m.groups }) as unknown as RegExpExecArray;
      return shifted;
    }
    offset += m.index + m[0].length;
  }
  return undefined;
}

/** The AI acts in this sentence, as opposed to a description of it: "the assistant runs with the user's session". */
function actsIn(text: string, actors: Actors): boolean {
  const m = subjectVerbIn(text, actors);
  if (!m) return false;
  return !/^\s+(?:with|as|under|inside|within|on behalf of|in the context of|without)\b/i.test(text.slice(m.index + m[0].length));
}

/** Job-named systems that are not people or daemons, lower case: "business assistant", "kernel-writing agent". */
function namedSystems(text: string): string[] {
  const out = new Set<string>();
  NAMED_SYSTEM.lastIndex = 0;
  for (let m = NAMED_SYSTEM.exec(text); m; m = NAMED_SYSTEM.exec(text)) {
    const name = m[1]!.toLowerCase();
    const prefix = name.replace(/[- ](?:assistant|agent)$/, '');
    const words = prefix.split('-');
    const human = name.endsWith('agent') ? HUMAN_AGENT_PREFIXES : HUMAN_ASSISTANT_PREFIXES;
    // "the CEO's assistant": a possessive's "s" is no job name.
    if (prefix.length < 3 || /['’]$/.test(text.slice(0, m.index))) continue;
    if ([prefix, words[0]!].some((w) => NOT_MODEL_PREFIXES.has(w) || human.has(w)) || FUNCTION_WORDS.has(prefix)) continue;
    if (/(?:ed|ly)$/.test(prefix) && !prefix.includes('-')) continue;
    out.add(name);
  }
  return [...out];
}

/**
 * A product name the document introduces as its AI system, in apposition: "DataPal, our analytics assistant, …",
 * "our support chatbot (Ava)". The job word before "assistant"/"agent" must name no person or daemon ("Dana, our support
 * agent" is a person, "Jenkins, our build agent" a daemon); a bare "assistant"/"agent" is too often a person, so without a
 * job word only bots, chatbots and copilots count.
 */
const NAME = String.raw`\p{Lu}[\p{L}\d]*(?:[ -]\p{Lu}[\p{L}\d]*)?`;
const APPOSITIVE = new RegExp(
  String.raw`(?<![\p{L}\d-])(${NAME}),\s+(?:our|the|an?|its|their)\s+((?:[\w-]+\s+){0,3}?)(assistant|agent|bot|chatbot|copilot)s?\b|\b(?:[Oo]ur|[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+((?:[\w-]+\s+){0,3}?)(assistant|agent|bot|chatbot|copilot)\s*(?:,\s*|\(\s*|\s+(?:called|named)\s+)["“]?(${NAME})(?![\p{L}\d-])`,
  'gu',
);
function introducedNames(text: string): string[] {
  const out = new Set<string>();
  APPOSITIVE.lastIndex = 0;
  for (let m = APPOSITIVE.exec(text); m; m = APPOSITIVE.exec(text)) {
    const name = m[1] ?? m[6];
    const modifiers = (m[2] ?? m[4] ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);
    const head = (m[3] ?? m[5] ?? '').toLowerCase();
    if (!name || NOT_PEOPLE.has(name.split(/[ -]/)[0]!) || FUNCTION_WORDS.has(name.toLowerCase())) continue;
    const job = modifiers[modifiers.length - 1];
    if (head === 'assistant' || head === 'agent') {
      const human = head === 'agent' ? HUMAN_AGENT_PREFIXES : HUMAN_ASSISTANT_PREFIXES;
      if (!job || modifiers.some((w) => human.has(w) || human.has(w.split('-')[0]!)) || NOT_MODEL_PREFIXES.has(job) || (/(?:ed|ly)$/.test(job) && !job.includes('-'))) continue;
    }
    out.add(name.toLowerCase());
  }
  return [...out];
}

/** A generic actor followed, later in its sentence, by a thinking verb: "the assistant …: it saw …, and concluded". */
function longClauseThinking(text: string): boolean {
  return new RegExp(String.raw`(?<!\w)${WEAK_ACTOR_LONG}${LONG_CLAUSE}(?![\w-])`, 'i').test(text);
}

function rowDecision(entry: TimelineEntry, actors: Actors & { readonly aiDocument: boolean }): Decision | undefined {
  const text = entry.text.replace(/\s/g, ' ');
  if (entry.agentTag) return { range: entry.range, text, source: 'tag' };
  if (saysCorrect(text)) return undefined;
  if (entry.actor && aiActor(entry.actor.value, actors)) return { range: entry.range, text, source: 'actor' };
  if (subjectVerbIn(text, actors)) return { range: entry.range, text, source: 'prose' };
  return undefined;
}

/** A sentence that names an AI and says what it inferred. */
function inferenceIn(blocks: readonly Block[], source: string, phrases: PhraseLists, actors: Actors): boolean {
  const words = phraseRegExp(phrases.inference_words);
  const mention = /\b(?:agent|assistant|bot|chatbot|model|llm|ai|copilot|planner|classifier|summarizer|it|its)\b/i;
  return blocks.some((b) => sentences(b, source).some((s) => words.test(s.text) && (mention.test(s.text) || actors.any.test(s.text))));
}

/** Evidence of a behavior rate: n replays, k bad, a rate or an interval. */
export function hasBehaviorRate(document: PostmortemDocument): boolean {
  if (recorded(document, 'behavior_rate')) return true;
  if (sectionsOf(document, ['behavior-rate']).some((s) => sectionFilled(document, s) && /\d/.test(document.text.slice(s.contentRange.start, s.contentRange.end)))) return true;
  const counted = /\b\d+\s*(?:of|\/|out of)\s*\d+\b|\b\d+(?:\.\d+)?\s?%|\b\d+\s+(?:times|replays|runs|reruns|samples|trials)\b/i;
  const about = /\breplay|\bre-?ran\b|\bre-?run|\brepeat|\bsampl|\btrials?\b|\breproduc|\bCI\b|confidence interval/i;
  // "Rate" alone is a behavior rate only about outputs, not "5xx rate under 0.1%" or an availability figure.
  const rate = /\brate\b/i;
  const outputs = /\b(?:outputs?|answers?|responses?|repl(?:y|ies)|completions?|generations?|citations?|conversations?|transcripts?|decisions?|actions?|bad|wrong|incorrect|harmful|unsafe|hallucinat\w*|fabricat\w*)\b/i;
  const service = /\b(?:[45]xx|http|error rate|latency|availability|uptime|p\d\d|throughput|cpu|memory|timeouts?)\b/i;
  return sentences(body(document), document.text).some(
    (s) => shareRate(s.text) || (counted.test(s.text) && (about.test(s.text) || (rate.test(s.text) && outputs.test(s.text) && !service.test(s.text)))),
  );
}

/**
 * An item that only writes something down: "Document the threshold in the evals README". Its behavior words say where
 * the text goes, not what is measured or gated, so they do not count.
 */
const WRITES_DOWN =
  /^[^\w]*(?:document|describe|note|mention|explain|announce|communicate|write (?:up|down)|add (?:a |an )?(?:note|section|paragraph|sentence|line|comment|faq entry) (?:to|in|on|about)|(?:update|edit|revise|amend|reword|rewrite|fix|tighten|clarify) (?:the |our |its )?(?:[\w-]+ ){0,2}(?:docs|documentation|readme|wiki|page|guide|runbook|playbook|article|faq|handbook|policy|macro|template))\b/i;
/**
 * An item that only says who owns or reviews some files: "Add a CODEOWNERS entry for `evals/`", "Assign an owner to the
 * eval config". Who may change the evals is not a measurement of the agent's behavior, nor a gate on its actions.
 */
const OWNERSHIP_ONLY =
  /^[^\w]*(?:(?:add|create|set up|update|extend|fix) (?:a |an |the |our )?(?:codeowners|code ?owners|ownership)\b|(?:assign|name|add|nominate) (?:an? |the )?(?:owner|maintainer|dri)s? (?:to|for|of)\b)/i;
/** A behavior word used as a modifier of a place or a document ("the evals README", "the eval team's channel") names no measurement. */
const MODIFIES_PLACE = /^(?:'s)?\s+(?:readme|docs?|documentation|wiki|page|guide|channel|repo(?:sitory)?|folder|directory|meeting|owners?|ownership|team|contacts?|calendar|budget|backlog|slack)\b/i;

const globalRegExps = new WeakMap<readonly string[], RegExp>();

/** Whether an action item measures or gates the AI's behavior: judged by what it does, not by any word in it. */
export function measuresOrGates(item: string, list: readonly string[]): boolean {
  // The owner is who does it, not what it does: "(owner: @evals)" measures nothing.
  const text = item.replace(/\s/g, ' ').replace(/\((?:owners?|assignees?|dri)\s*[:=][^)]*\)|@[\w][\w.-]*/gi, (m) => ' '.repeat(m.length));
  if (WRITES_DOWN.test(text) || OWNERSHIP_ONLY.test(text)) return false;
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

/** People the document names as causes in `blocks`: "Alice ran the wrong command", "@jdoe forgot to…". */
export function blamedPeople(document: PostmortemDocument, blocks: readonly Block[], phrases: PhraseLists): Array<{ range: TextRange; name: string }> {
  const known = knownPeople(document, phrases);
  const strongBlame = String.raw`(?:${GAP}\s+)(?:forgot|forgets|ran the wrong|typed the wrong|pushed the wrong|deleted the wrong|made (?:a|an) (?:mistake|error)|mistakenly|accidentally|carelessly|fat-?fingered|mistyped|neglected|should have|failed to (?:check|notice|follow|verify|scope|test|review|read|confirm|update)|did(?: not|n't) (?:check|notice|follow|verify|read|review|test|confirm)|(?:approved|accepted|merged|pushed|committed|applied|deployed|shipped) [^.;]{0,60}without (?:reading|checking|review(?:ing)?|testing|looking at|verifying))`;
  const weakBlame = String.raw`(?:${GAP}\s+)(?:caused|broke|deleted|misconfigured|pushed|merged|deployed|ran|ignored|skipped|approved)`;
  const possessive = String.raw`'s (?:mistake|error|fault|negligence|carelessness|oversight)`;
  const out: Array<{ range: TextRange; name: string }> = [];
  const names = [...known].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const knownRe = names.length ? new RegExp(String.raw`(?<![\w@-])(${names.join('|')})(?:${strongBlame}|${weakBlame}|${possessive})`, 'u') : undefined;
  const handleRe = new RegExp(String.raw`(@[\w][\w.-]*)(?:${strongBlame}|${weakBlame}|${possessive})`, 'u');
  const anyNameRe = new RegExp(String.raw`(?<![\w@-])(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)(?:${strongBlame}|${possessive})`, 'u');
  const byRe = /\b(?:[Hh]uman error|[Oo]perator error|[Cc]aused|[Mm]istake) by (@[\w][\w.-]*|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)/u;
  // "Human error by Dmitri": the words before the name already blame a person, known or not ("caused by Redis" does not).
  const errorByRe = /\b(?:[Hh]uman error|[Oo]perator error|[Uu]ser error|[Mm]istake|[Ff]ault|[Oo]versight) (?:by|of) (\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)(?![\w-])/u;
  // A person who opens a clause and is blamed later in it: "Kim disabled the flag for a test and forgot to re-enable it".
  const opener = String.raw`(?:In|On|At|During|Since|After|Before|Early|Late|Last|Back in)`;
  const clauseRe = new RegExp(String.raw`(?<=(?:^|[.;:!?*+—–-])\s*(?:${opener}\s+[\w-]+(?:\s+\d{4})?,?\s+)?)(?!${opener}\b)(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)\s+(?:[^\s.;:!?]+\s+){1,14}?(?:and|but|yet|then)\s+(?:then\s+|also\s+)?(?:forgot|neglected|should have|never (?:checked|re-?enabled|reverted|tested)|failed to (?:check|notice|follow|verify|scope|test|review|read|confirm|update|revert|re-?enable|restore)|did(?: not|n't) (?:check|notice|follow|verify|read|review|test|confirm|revert|re-?enable|restore))`, 'u');
  // Passive voice that still blames: "merged by @jdoe without a second review".
  const passiveRe =
    /\b(?:merged|pushed|deployed|approved|applied|ran|run|executed|committed|shipped|introduced|deleted|removed|changed|made) by (@[\w][\w.-]*|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)(?=[^.;]{0,80}?\b(?:without|mistakenly|accidentally|by mistake|carelessly|despite|in error)\b)/u;
  const actors = phraseRegExp(phrases.agent_actors);
  for (const block of blocks) {
    for (const re of [knownRe, handleRe, anyNameRe, byRe, errorByRe, passiveRe, clauseRe]) {
      if (!re) continue;
      const m = re.exec(block.text);
      if (!m || !m[1]) continue;
      const name = m[1];
      if (re !== knownRe && re !== handleRe && (NOT_PEOPLE.has(name.split(' ')[0]!) || actors.test(name))) continue;
      if ((re === byRe || re === passiveRe) && !name.startsWith('@') && !known.has(name)) continue;
      const at = block.range.start + m.index + m[0].indexOf(name);
      out.push({ range: { start: at, end: at + name.length }, name });
      break;
    }
  }
  return out;
}

/** Capitalised words that start sentences or name roles, never a person. */
const NOT_PEOPLE = new Set([
  'The', 'This', 'That', 'These', 'Those', 'We', 'Our', 'It', 'Its', 'Their', 'They', 'He', 'She', 'His', 'Her', 'A', 'An', 'No', 'Nobody',
  'Someone', 'Somebody', 'Everyone', 'Engineer', 'Engineers', 'Operator', 'Operators', 'Team', 'User', 'Users', 'Customer', 'Customers',
  'Developer', 'Developers', 'Support', 'Monitoring', 'Release', 'Reviewer', 'Reviewers', 'Automation', 'Nothing', 'One', 'Each',
  'Both', 'Neither', 'Either', 'Then', 'When', 'If', 'Because', 'While', 'After', 'Before', 'Also', 'However', 'Finally', 'Instead',
  // Departments and teams are not persons: "Legal did not review the copy".
  'Legal', 'Finance', 'Security', 'Compliance', 'Marketing', 'Sales', 'Product', 'Engineering', 'Design', 'Content', 'Ops', 'Operations',
  'Procurement', 'Facilities', 'Platform', 'Infrastructure', 'Management', 'Leadership', 'Research', 'Data', 'Growth', 'Accounting',
  'Payroll', 'Privacy', 'Communications', 'Comms', 'Partnerships', 'Editorial', 'Policy', 'Risk', 'Audit', 'Treasury', 'Billing',
  'Networking', 'Database', 'Frontend', 'Backend', 'Mobile', 'Web', 'Analytics', 'Trust', 'Safety', 'Moderation', 'Recruiting', 'People',
  // Words that open a clause before a name ("In January Kim…", "Later the job…") are not names either.
  'In', 'On', 'At', 'During', 'Since', 'Until', 'For', 'From', 'By', 'With', 'Without', 'Over', 'Under', 'Per', 'Last', 'Next', 'Later',
  'Earlier', 'Yesterday', 'Today', 'Tonight', 'Meanwhile', 'Once', 'January', 'February', 'March', 'July', 'August', 'September',
  'October', 'November', 'December', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

/** People named in the frontmatter, the timeline's actor column and action-item owners. */
function knownPeople(document: PostmortemDocument, phrases: PhraseLists): Set<string> {
  const out = new Set<string>();
  const data = frontmatterData(document);
  const add = (value: unknown, minWords = 1) => {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (/^\p{Lu}\p{Ll}+(?: \p{Lu}[\p{Ll}'-]+){0,2}$/u.test(v) && v.split(' ').length >= minWords && !NOT_PEOPLE.has(v.split(' ')[0]!)) {
      out.add(v);
      out.add(v.split(' ')[0]!);
    }
  };
  for (const key of ['authors', 'reviewers', 'incident_commander']) {
    const v = data[key];
    if (Array.isArray(v)) v.forEach(add);
    else add(v);
  }
  const actors = phraseRegExp(phrases.agent_actors);
  // A one-word actor or owner ("Alerting", "Vendor") is too often a role; "Dana Okafor" is a person.
  for (const entry of document.timeline) if (entry.actor && !actors.test(entry.actor.value)) add(entry.actor.value, 2);
  for (const item of document.actionItems) if (item.owner) add(item.owner.value, 2);
  return out;
}

/**
 * An edit that inserts a new section right after `after` (at the same heading depth), keeping
 * every character of the document; `undefined` when a section of `kind` already exists.
 */
export function insertSectionAfter(document: PostmortemDocument, after: Section | undefined, kind: SectionKind, title: string, content: string): { range: TextRange; newText: string } | undefined {
  if (document.sections.some((s) => s.kind === kind)) return undefined;
  const { text } = document;
  const depth = after?.depth ?? 2;
  const at = after ? after.range.end : text.length;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = text.slice(0, at);
  // Inside a fenced code block or an HTML comment (or script, `<?`, `<!X`, CDATA block) left open, the inserted heading
  // would be code or HTML: the finding would stay and every fix pass would insert the section again. No fix there.
  if (endsInOpenBlock(before)) return undefined;
  const lead = before.length === 0 || before.endsWith(`${eol}${eol}`) ? '' : before.endsWith(eol) ? eol : `${eol}${eol}`;
  const trail = at < text.length ? eol : '';
  const block = `${'#'.repeat(depth)} ${title}${eol}${eol}${content.replace(/\n/g, eol)}${trail}`;
  return { range: { start: at, end: at }, newText: `${lead}${block}` };
}

/** HTML blocks that run until an end marker, not a blank line (CommonMark kinds 1 to 5): start and end expressions. */
const HTML_BLOCKS: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
];

/**
 * Whether `text` ends inside a fenced code block (``` or ~~~ opened and not closed) or one of the HTML blocks that end
 * only at their end marker (an HTML comment, `<script>`, …), as CommonMark reads them at the top level.
 */
export function endsInOpenBlock(text: string): boolean {
  let open: { char: string; length: number } | undefined;
  let html: RegExp | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (html) {
      if (html.test(line)) html = undefined;
      continue;
    }
    if (!open) {
      const indent = /^ {0,3}/.exec(line)![0].length;
      const start = HTML_BLOCKS.find(([re]) => re.test(line.slice(indent)));
      if (start) {
        // The end marker may close it on its opening line, after the opening itself.
        const rest = line.slice(indent + (start[0].exec(line.slice(indent))?.[0].length ?? 0));
        if (!start[1].test(rest)) html = start[1];
        continue;
      }
    }
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    const fence = m[1]!;
    if (!open) {
      // A backtick fence's info string may not contain a backtick.
      if (fence[0] === '`' && m[2]!.includes('`')) continue;
      open = { char: fence[0]!, length: fence.length };
    } else if (fence[0] === open.char && fence.length >= open.length && m[2]!.trim() === '') open = undefined;
  }
  return open !== undefined || html !== undefined;
}
