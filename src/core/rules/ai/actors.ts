/**
 * Actors: who an AI actor is in a document. Model and product names as vendors brand them ("Claude Sonnet 4",
 * "Imagen 2", "GPT-4o"); the generic heads (assistant, agent, bot, model, copilot, planner) with their modifiers, less
 * the people and daemons among them ("support agent", "build agent", "executive assistant"); names a document
 * introduces in apposition ("Atlas, our triage agent"), after "AI"/"LLM" ("our LLM ticket summarizer") or in its
 * frontmatter. Vocabulary lives in `actors.json`; how an actor and a verb make an event is in `acts.ts`.
 */
import data from './actors.json' with { type: 'json' };
import { looksFinite, OUTPUT_NOUN } from './events.js';

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ -]');
const FAMILY = data.families.map(escape).join('|');
const TIER = data.tiers.map(escape).join('|');
/** A family with a version ("Imagen 2", "GPT-4o", "Llama 3.1") or a tier ("Claude Sonnet", "Gemini Flash"), or a standalone name. */
export const MODEL_NAME = new RegExp(
  String.raw`(?<![\w-])(?:(?:${data.standalone.map(escape).join('|')})|(?:${FAMILY})(?:[- ]?v?\d[\w.]*|(?:[ -](?:${TIER}))+(?:[ -]v?\d[\w.]*)?))(?![\w])`,
);

const HUMAN_AGENT_PREFIXES = new Set(data.humanAgentPrefixes);
const HUMAN_ASSISTANT_PREFIXES = new Set(data.humanAssistantPrefixes);
/** Words before "agent"/"assistant" that are no job name, and daemons and programs ("build agent", "Grafana agent"). */
const NOT_MODEL_PREFIXES = new Set(data.notModelPrefixes);
/** Heads too generic to stand alone as an AI actor. */
const GENERIC_HEADS = new Set(data.genericHeads);
/** Heads that are weak actors on their own ("the agent"): never an alias by themselves. */
const AI_HEADS = new Set(data.aiHeads);
/** What "LLM …" names when it is infrastructure or a quantity, not something that acts: "our LLM provider", "LLM calls". */
export const INFRASTRUCTURE_HEADS: ReadonlySet<string> = new Set(data.infrastructureHeads);
/** Adverbs that follow "the LLM" without naming anything: "before the LLM ever saw a word", "the LLM never answered". */
const ADVERBS = new Set(data.adverbs);
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(data.functionWords);
const DETERMINERS = new Set(data.determiners);
/** Capitalised words that start sentences or name roles, months or days, never a person or a product. */
export const NOT_PEOPLE: ReadonlySet<string> = new Set(data.notPeople);

/**
 * A system named after its job: "business assistant", "kernel-writing agent", "on-call agent". Alone it proves nothing
 * (support agents are people, build agents are daemons), so it counts only with model-ish behaviour elsewhere.
 */
const NAMED_SYSTEM = /(?<![\w-])([a-z][\w]*(?:-[a-z][\w]*)?[- ](?:assistant|agent))s?(?![\w-])/gi;

/** Generic actors: an AI only in a document that is about AI, or when they think. */
export const WEAK_ACTOR = String.raw`(?:the|our|an?|this)\s+(?:[\w-]+\s+)?(?:${data.heads.join('|')})`;

/** Names of AI systems a document introduces itself: "our LLM ticket summarizer" makes "summarizer" an AI. */
export function declaredAliases(text: string): string[] {
  const out = new Set<string>();
  // "GPT partition table" is a disk layout, not a model.
  const re =
    /\b(?:AI|LLM|GPT|GenAI)(?:[- ](?:powered|backed|based|driven))?\s+(?!(?:partition|partitioned|disk|header|label|scheme|layout|boot)\b)([a-z][\w-]*)(?:\s+([a-z][\w-]*))?/g;
  const noun = (w: string | undefined): w is string =>
    w !== undefined &&
    !FUNCTION_WORDS.has(w) &&
    !ADVERBS.has(w) &&
    !looksFinite(w) &&
    !/(?:ed|ing|ly)$/.test(w);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const [first, second] = [m[1]!, m[2]];
    // "AI discovered user …": a verb right after "AI" names nothing, and neither does the word after it.
    if (
      looksFinite(first) ||
      FUNCTION_WORDS.has(first) ||
      ADVERBS.has(first) ||
      (!noun(second) && !noun(first))
    )
      continue;
    const phrase = noun(second) ? `${first} ${second}` : first;
    const head = noun(second) ? second : first;
    if (INFRASTRUCTURE_HEADS.has(head.toLowerCase())) continue;
    // A bare head ("assistant" in "LLM assistant triages") is a weak actor already, with its people and daemons.
    if (!GENERIC_HEADS.has(head) && !AI_HEADS.has(head.toLowerCase()) && head.length > 3)
      out.add(head.toLowerCase());
    if (phrase !== head) out.add(phrase.toLowerCase());
  }
  return [...out];
}

/** A timeline actor cell that names a role an AI plays: "Triage agent", "Re-ranker". */
const ROW_ACTOR = new RegExp(String.raw`^[\w -]{0,40}\b(?:${data.rowActorHeads.join('|')})s?$`, 'i');

/** Whether a timeline actor cell or prefix names an AI. */
export function aiActor(
  actor: string,
  actors: { readonly any: RegExp; readonly aiDocument: boolean },
): boolean {
  return (
    actors.any.test(actor) ||
    /\((?:agent|ai|llm|bot|model)\)/i.test(actor) ||
    (actors.aiDocument && ROW_ACTOR.test(actor.trim()) && !humanOrDaemon(actor))
  );
}

/** An actor cell that names a person or a daemon by its job: "Executive assistant", "Support agent", "Build agent". */
export function humanOrDaemon(actor: string): boolean {
  const m = /([a-z][\w]*)[- ](agent|assistant)s?$/i.exec(actor.trim());
  if (!m) return false;
  const prefix = m[1]!.toLowerCase();
  if (m[2]!.toLowerCase() === 'assistant') return HUMAN_ASSISTANT_PREFIXES.has(prefix);
  // Daemons are agents ("build agent", "mail agent"), never assistants ("mail assistant" is a model).
  return HUMAN_AGENT_PREFIXES.has(prefix) || (NOT_MODEL_PREFIXES.has(prefix) && !DETERMINERS.has(prefix));
}

/** Job-named systems that are not people or daemons, lower case: "business assistant", "kernel-writing agent". */
export function namedSystems(text: string): string[] {
  const out = new Set<string>();
  NAMED_SYSTEM.lastIndex = 0;
  for (let m = NAMED_SYSTEM.exec(text); m; m = NAMED_SYSTEM.exec(text)) {
    const name = m[1]!.toLowerCase();
    const prefix = name.replace(/[- ](?:assistant|agent)$/, '');
    const words = prefix.split('-');
    const human = name.endsWith('agent') ? HUMAN_AGENT_PREFIXES : HUMAN_ASSISTANT_PREFIXES;
    // "the CEO's assistant": a possessive's "s" is no job name.
    if (prefix.length < 3 || /['’]$/.test(text.slice(0, m.index))) continue;
    if (
      [prefix, words[0]!].some((w) => NOT_MODEL_PREFIXES.has(w) || human.has(w)) ||
      FUNCTION_WORDS.has(prefix)
    )
      continue;
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
/** The heads that introduce a name as an AI: the assistant heads and the roles only software plays ("classifier"). */
const INTRO_HEADS = ['assistant', 'agent', 'bot', 'chatbot', 'copilot', ...data.modelRoles].join('|');
const APPOSITIVE = new RegExp(
  String.raw`(?<![\p{L}\d-])(${NAME}),\s+(?:our|the|an?|its|their)\s+((?:[\w-]+\s+){0,3}?)(${INTRO_HEADS})s?\b|\b(?:[Oo]ur|[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+((?:[\w-]+\s+){0,3}?)(assistant|agent|bot|chatbot|copilot)\s*(?:,\s*|\(\s*|\s+(?:called|named)\s+|\s+(?=\p{Lu}))["“]?(${NAME})(?![\p{L}\d-])`,
  'gu',
);
/** "Ask HR is the internal assistant on the intranet", "ReviewBot is the code-review assistant": a name, a copula, a job and a head. */
const COPULA_INTRODUCTION = new RegExp(
  String.raw`(?:^|[.!?]\s+|\n\s*)(${NAME})\s+(?:is|was|are)\s+(?:the|our|an?|its|their)\s+((?:[\w-]+\s+){0,3}?)(${INTRO_HEADS})s?\b`,
  'gu',
);
/**
 * A product name that qualifies a job and a head: "the Atlas chat assistant", "our Quill reporting agent". The name must
 * be a word, not an acronym ("the SQL copilot", "the FAQ bot" name a language and a page), and bots and chatbots are left
 * out ("our Slack deploy bot" is a script, "the Air Canada chatbot" names its company).
 */
const PREMODIFIER = new RegExp(
  String.raw`(?<![\p{L}\d-])(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir)\s+(\p{Lu}\p{Ll}[\p{L}\d]*(?:[ -]\p{Lu}\p{Ll}[\p{L}\d]*)?)\s+((?:[a-z][\w-]*\s+){0,2}?)(assistant|agent|copilot)s?(?![\p{L}\d-])`,
  'gu',
);
/** "Brief, the tool that writes alert text from an article": a name in apposition with software that writes. */
const GENERATOR_APPOSITIVE = new RegExp(
  String.raw`(?<![\p{L}\d-])(${NAME}),\s+(?:our|the|an?|its|their)\s+(?:[\w-]+\s+){0,2}?(?:${data.genericTools.join('|')})\s+(?:that|which)\s+(?:${data.writingVerbs.join('|')})\b`,
  'gu',
);
/** What follows a bare head that makes it software: a place in a system or a relative clause ("on the intranet that …"). */
const SOFTWARE_QUALIFIER =
  /^\s+(?:(?:on|in|inside|within|behind|built into)\s+(?:the|our|its)\s+(?:[\w-]+\s+){0,2}?(?:intranet|app|site|website|portal|platform|product|dashboard|helpdesk|help center|help centre|workspace|console|ide|editor|chat|widget|tool)s?\b|(?:that|which)\s+(?:answers|drafts|writes|generates|handles|reviews|triages|summari[sz]es|replies|responds|routes|classifies|suggests|recommends)\b)/i;
/** A relative clause of a person right after a head: "the support assistant who tested …". */
const WHO = /^\s*,?\s*(?:who|whom|whose)\b/i;
export function introducedNames(text: string): string[] {
  const out = new Set<string>();
  APPOSITIVE.lastIndex = 0;
  COPULA_INTRODUCTION.lastIndex = 0;
  const matches: Array<[string | undefined, string, string]> = [];
  // A bare "the assistant" in apposition is a software one when a place or a relative clause of a thing follows it
  // ("Ask HR, the assistant on the intranet that answers policy questions"); "who" would make it a person.
  const bare: boolean[] = [];
  for (let m = APPOSITIVE.exec(text); m; m = APPOSITIVE.exec(text)) {
    // "Priya Shah, the support assistant who tested the macro": "who" makes the head a person.
    if (WHO.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
    matches.push([m[1] ?? m[6], m[2] ?? m[4] ?? '', m[3] ?? m[5] ?? '']);
    bare.push(
      m[1] !== undefined &&
        SOFTWARE_QUALIFIER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 40)),
    );
  }
  // "Ask HR is the assistant on our intranet that answers …": a bare head is software by the same place or clause.
  for (let m = COPULA_INTRODUCTION.exec(text); m; m = COPULA_INTRODUCTION.exec(text)) {
    if (WHO.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
    matches.push([m[1], m[2] ?? '', m[3] ?? '']);
    bare.push(SOFTWARE_QUALIFIER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 40)));
  }
  // "the Atlas chat assistant": a name before a job and a head.
  PREMODIFIER.lastIndex = 0;
  for (let m = PREMODIFIER.exec(text); m; m = PREMODIFIER.exec(text)) {
    if (WHO.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) continue;
    matches.push([m[1], m[2] ?? '', m[3] ?? '']);
    bare.push(SOFTWARE_QUALIFIER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 40)));
  }
  // "Brief, the tool that writes alert text": the relative clause makes the tool a generator, whatever its head.
  GENERATOR_APPOSITIVE.lastIndex = 0;
  for (let m = GENERATOR_APPOSITIVE.exec(text); m; m = GENERATOR_APPOSITIVE.exec(text)) {
    matches.push([m[1], '', 'bot']);
    bare.push(true);
  }
  for (const [i, [name, mods, headWord]] of matches.entries()) {
    const modifiers = mods.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const head = headWord.toLowerCase();
    if (!name || NOT_PEOPLE.has(name.split(/[ -]/)[0]!) || FUNCTION_WORDS.has(name.toLowerCase())) continue;
    const job = modifiers[modifiers.length - 1];
    if (head === 'assistant' || head === 'agent') {
      const human = head === 'agent' ? HUMAN_AGENT_PREFIXES : HUMAN_ASSISTANT_PREFIXES;
      if (
        (!job && !bare[i]) ||
        modifiers.some((w) => human.has(w) || human.has(w.split('-')[0]!)) ||
        (job !== undefined && NOT_MODEL_PREFIXES.has(job)) ||
        (job !== undefined && /(?:ed|ly)$/.test(job) && !job.includes('-'))
      )
        continue;
    }
    out.add(name.toLowerCase());
  }
  return [...out];
}

const KEY_OF_ACTORS = new Set(data.frontmatterActorKeys);
const HEAD_WORD = new RegExp(
  String.raw`(?<![\w-])(?:${data.aiHeads.join('|')}|chatbot|llm|ai)(?![\w-])`,
  'i',
);
/** A role or name a frontmatter value gives an AI: "Atlas (triage agent)", "planner → copywriter → brand judge", "gpt-5-mini". */
function namesInValue(value: string, underActorKey: boolean, out: Set<string>): void {
  const v = value.trim();
  // "campaign-studio multi-agent (planner → copywriter → brand judge)": the roles listed after an AI word.
  const list = /\(([^()]{1,200})\)/.exec(v);
  if (list && (underActorKey || HEAD_WORD.test(v.slice(0, list.index)))) {
    for (const item of list[1]!.split(/\s*(?:→|->|,|\/|;|\+|\band\b)\s*/)) addName(item, out);
  }
  // "Atlas (triage agent)", "Atlas — our triage agent": a name whose description is an AI head or a model name.
  const named =
    /^([\p{L}][\p{L}\d-]*(?: [\p{Lu}][\p{L}\d-]*)?)\s*(?:\(([^()]{1,120})\)|[,—–-]\s+(.{1,120}))$/u.exec(v);
  if (named && (HEAD_WORD.test(named[2] ?? named[3] ?? '') || MODEL_NAME.test(named[2] ?? named[3] ?? '')))
    addName(named[1]!, out);
  else if (underActorKey && !list && /^[\p{L}][\p{L}\d-]*(?: [\p{Lu}][\p{L}\d-]*)?$/u.test(v))
    addName(v, out);
}

function addName(raw: string, out: Set<string>): void {
  const name = raw
    .trim()
    .replace(/^(?:the|our|an?)\s+/i, '')
    .toLowerCase();
  if (
    name.length < 3 ||
    FUNCTION_WORDS.has(name) ||
    AI_HEADS.has(name) ||
    GENERIC_HEADS.has(name) ||
    !/^[\p{L}][\p{L}\d -]*$/u.test(name)
  )
    return;
  out.add(name);
}

/**
 * AI actors a document names in its frontmatter: the keys of a `models:` map ("planner", "copywriter"), the value of an
 * `agent:`/`assistant:` key, roles listed after an AI word ("pipeline: multi-agent (planner → copywriter → judge)"), and
 * names described as an AI anywhere ("services: [Atlas (triage agent)]"). Lower case, like every alias.
 */
export function frontmatterNames(frontmatter: Readonly<Record<string, unknown>>): string[] {
  const out = new Set<string>();
  const visit = (value: unknown, underActorKey: boolean, depth: number): void => {
    if (depth > 3) return;
    if (typeof value === 'string') namesInValue(value, underActorKey, out);
    else if (Array.isArray(value)) for (const item of value) visit(item, underActorKey, depth + 1);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        // The keys of a map under an actor key are roles: `models: { planner: gpt-5-mini }`.
        if (underActorKey) addName(key.replace(/_/g, ' '), out);
        visit(inner, underActorKey || KEY_OF_ACTORS.has(key.toLowerCase()), depth + 1);
      }
    }
  };
  for (const [key, value] of Object.entries(frontmatter))
    visit(value, KEY_OF_ACTORS.has(key.toLowerCase()), 0);
  return [...out];
}

const BACKING = data.modelBacking.map((w) => w.replace(/ /g, '\\s+')).join('|');
/** A model named as vendors brand it, as its API id ("gpt-5-mini", "claude-sonnet-4-5") or as an LLM. */
const MODEL_WORD = String.raw`(?:${MODEL_NAME.source}|\b(?:LLM|GPT|large language model|language model)\b|\b(?:${data.families.map((f) => escape(f.toLowerCase())).join('|')})-[\w.-]*\d[\w.-]*)`;
/** "Querybot (the natural-language query assistant in Looker, GPT-4.1 under the hood)": a name and a parenthetical that makes it an AI. */
const PARENTHETICAL = new RegExp(
  String.raw`(?<![\p{L}\d-])(\p{Lu}[\p{L}\d]+(?:[ -]\p{Lu}[\p{L}\d]+)?)\s+\(([^()]{3,200})\)`,
  'gu',
);
/** The AI head inside a parenthetical: "(our post-moderation classifier)", "(the SQL assistant in our BI tool)". */
const PARENTHETICAL_HEAD = new RegExp(
  String.raw`(?<![\w-])(?:(?:the|our|an?|its)\s+)?((?:[\w-]+\s+){0,3}?)(${INTRO_HEADS})s?(?![\w-])`,
  'i',
);
/** A generated output as what a parenthetical describes: "(the three suggested quick replies under a message)". */
const GENERATED_OUTPUT = new RegExp(
  String.raw`(?<![\w-])(?:${data.generatedOutput.join('|')})\s+(?:[\w-]+\s+){0,2}?(?:${OUTPUT_NOUN})(?![\w-])`,
  'i',
);
/** "Atlas … runs on Gemini 2.5 Pro", then "It runs on Gemini 2.5 Pro" of the name that opened the sentence before. */
const SUBJECT_NAME = /^[\s*_>-]*(\p{Lu}[\p{L}\d]+(?:[ -]\p{Lu}[\p{L}\d]+)?)(?:'s)?\s+[a-z]/u;
const MODEL_WORD_RE = new RegExp(MODEL_WORD);
const BACKED = new RegExp(String.raw`(?<![\w-])(?:${BACKING})(?![\w-])[^.;!?]{0,60}?${MODEL_WORD}`, 'i');
const PRONOUN_OPENING = /^[\s*_>-]*(?:It|It's|It is|Its model|This)\b/;
/** "runs on the Nimbus Pro model": a capitalised name before "model" is a model as its vendor brands it, listed or not. */
const BRANDED_BACKING =
  /\b(?:runs|running|ran|is|are|was|built|powered|served|backed)\s+(?:on|by)\s+(?:the\s+|an?\s+)?\p{Lu}[\p{L}\d.-]*(?:\s+[\p{Lu}\d][\p{L}\d.-]*){0,2}\s+(?:model|LLM|language model)\b/u;
/** "jarvis's system prompt", "the Querybot system prompt": whoever has a system prompt is a model. */
const PROMPT_OWNER = new RegExp(
  String.raw`(?<![\w@-])([A-Za-z][\w-]{2,})(?:'s)?\s+(?:${data.promptNouns.join('|')})(?![\w-])`,
  'g',
);
/** A capitalised name ending in "bot" ("Querybot", "ReviewBot"): an AI in a document about AI, less the known scripts. */
const BOT_NAME = /(?<![\w@-])(\p{Lu}[\p{L}]*[Bb]ot)(?![\w-])/gu;
const NOT_AI_BOTS = new Set(data.notAiBots.map((b) => b.toLowerCase()));

/**
 * Names a document's prose makes an AI by structure rather than by a listed word: a name with a parenthetical that calls
 * it an assistant or names its model, a name (or the "It" after it) that runs on a model, the owner of a system prompt.
 * `sentenceTexts` are the document's sentences, in order. A person is never any of these; `NOT_PEOPLE` words open sentences and are no names.
 */
export function describedNames(_text: string, sentenceTexts: readonly string[]): string[] {
  const out = new Set<string>();
  let previous: SentenceNames | undefined;
  for (const sentence of sentenceTexts) {
    const here = sentenceNames(sentence);
    for (const name of here.names) out.add(name);
    if (here.backed) {
      if (here.subject !== undefined && !here.pronoun) out.add(here.subject);
      else if (here.pronoun && previous?.subject !== undefined) out.add(previous.subject);
    }
    previous = here;
  }
  return [...out];
}

interface SentenceNames {
  /** Names the sentence itself makes an AI: a parenthetical, a system prompt's owner. */
  readonly names: readonly string[];
  /** The name that opens the sentence, lower case. */
  readonly subject: string | undefined;
  /** Whether the sentence says something runs on a model, and whether it opens with "It". */
  readonly backed: boolean;
  readonly pronoun: boolean;
}

/** `sentenceNames` by sentence text: a re-lint after a keystroke reads only the edited sentences. */
const sentenceMemo = new Map<string, SentenceNames>();
const SENTENCE_MEMO_LIMIT = 32_768;

function sentenceNames(sentence: string): SentenceNames {
  const known = sentenceMemo.get(sentence);
  if (known) return known;
  const ok = (name: string) =>
    !NOT_PEOPLE.has(name.split(/[ -]/)[0]!) && !FUNCTION_WORDS.has(name.toLowerCase());
  const names: string[] = [];
  if (sentence.includes('(')) {
    PARENTHETICAL.lastIndex = 0;
    for (let m = PARENTHETICAL.exec(sentence); m; m = PARENTHETICAL.exec(sentence)) {
      const inside = m[2]!;
      const head = PARENTHETICAL_HEAD.exec(inside);
      const human =
        head && head[2]!.toLowerCase() === 'agent' ? HUMAN_AGENT_PREFIXES : HUMAN_ASSISTANT_PREFIXES;
      const humanHead =
        head &&
        head[1]!
          .trim()
          .toLowerCase()
          .split(/\s+/)
          .some((w) => human.has(w));
      if (ok(m[1]!) && ((head && !humanHead) || MODEL_WORD_RE.test(inside) || GENERATED_OUTPUT.test(inside)))
        names.push(m[1]!.toLowerCase());
    }
  }
  if (/prompt/i.test(sentence)) {
    PROMPT_OWNER.lastIndex = 0;
    for (let m = PROMPT_OWNER.exec(sentence); m; m = PROMPT_OWNER.exec(sentence)) {
      const name = m[1]!;
      const lower = name.toLowerCase();
      if (
        ok(name) &&
        !AI_HEADS.has(lower) &&
        !GENERIC_HEADS.has(lower) &&
        !/^(?:the|our|its|their|new|old|same|this|that|updated|current|default|a|an)$/i.test(name) &&
        !/(?:ed|ing)$/.test(lower)
      )
        names.push(lower);
    }
  }
  const own = SUBJECT_NAME.exec(sentence);
  const result: SentenceNames = {
    names,
    subject: own && ok(own[1]!) ? own[1]!.toLowerCase() : undefined,
    backed: BACKED.test(sentence) || BRANDED_BACKING.test(sentence),
    pronoun: PRONOUN_OPENING.test(sentence),
  };
  if (sentenceMemo.size >= SENTENCE_MEMO_LIMIT)
    sentenceMemo.delete(sentenceMemo.keys().next().value as string);
  sentenceMemo.set(sentence, result);
  return result;
}

/** "Querybot", "ReviewBot": capitalised names ending in "bot", less the known scripts (an AI only in a document about AI). */
export function botNames(text: string): string[] {
  const out = new Set<string>();
  BOT_NAME.lastIndex = 0;
  for (let m = BOT_NAME.exec(text); m; m = BOT_NAME.exec(text)) {
    const name = m[1]!;
    if (!NOT_PEOPLE.has(name) && !NOT_AI_BOTS.has(name.toLowerCase()) && name.length > 4)
      out.add(name.toLowerCase());
  }
  return [...out];
}

/** A product feature named by what it produces: "the Contract Summary feature", "our Smart Replies feature". */
const OUTPUT_FEATURE = new RegExp(
  String.raw`(?<![\p{L}\d-])((?:\p{Lu}[\p{L}\d]*[ -]){1,2}\p{Lu}\p{L}*)\s+feature(?![\p{L}\d-])`,
  'gu',
);
const OUTPUT_WORD = new RegExp(String.raw`^(?:${OUTPUT_NOUN})$`, 'i');

/**
 * Features named by the output they produce, lower case: "Clausewell's Contract Summary feature" names "contract
 * summary". A name of a document ("the Executive Summary") is no feature, so the word "feature" must follow; an AI only
 * in a document about AI.
 */
export function featureNames(text: string): string[] {
  const out = new Set<string>();
  OUTPUT_FEATURE.lastIndex = 0;
  for (let m = OUTPUT_FEATURE.exec(text); m; m = OUTPUT_FEATURE.exec(text)) {
    const name = m[1]!;
    // Its last word, capitalised with the rest, is an output: "Clausewell summary feature" names the company.
    if (!OUTPUT_WORD.test(/(\p{L}+)$/u.exec(name)![1]!) || NOT_PEOPLE.has(name.split(/[ -]/)[0]!)) continue;
    out.add(name.toLowerCase());
  }
  return [...out];
}
