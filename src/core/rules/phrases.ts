/**
 * Phrase lists the AI rules match against, kept as data so teams extend them in
 * `.postmortem.json` (`phrases`). Each entry is a case-insensitive regular-expression source
 * matched on word boundaries; user entries are plain phrases and are escaped.
 */

export interface PhraseLists {
  /** Who counts as an AI actor: "the agent", "the LLM-backed assistant", "Copilot". */
  readonly agent_actors: readonly string[];
  /** Extra verbs of deciding a team adds (built in: none; any finite verb after an AI actor is an event, ai/events.ts). */
  readonly agent_decision_verbs: readonly string[];
  /** Root causes that name only code, config, docs or people. */
  readonly deterministic_causes: readonly string[];
  /** Words about the model's inference: observed, concluded, misread, matched the wrong… */
  readonly inference_words: readonly string[];
  /** Fixes of text and guardrails: "tighten the runbook wording", "add a confirmation prompt". */
  readonly deterministic_actions: readonly string[];
  /** Actions that measure or gate behaviour: eval cases, replay rate, approval gate. */
  readonly behavior_actions: readonly string[];
  /** "bad prompt", "tweaked the prompt and redeployed", "fix the prompt". */
  readonly prompt_fix: readonly string[];
  /** "could not reproduce", "unable to reproduce", "not reproducible". */
  readonly could_not_reproduce: readonly string[];
  /** A vendor or provider outage as the cause. */
  readonly vendor_outage: readonly string[];
  /** Tiers beneath a vendor: its cloud, region, upstream model host, or "unknown". */
  readonly fourth_party_tiers: readonly string[];
}

export type PhraseKey = keyof PhraseLists;

export const PHRASE_KEYS: readonly PhraseKey[] = [
  'agent_actors',
  'agent_decision_verbs',
  'deterministic_causes',
  'inference_words',
  'deterministic_actions',
  'behavior_actions',
  'prompt_fix',
  'could_not_reproduce',
  'vendor_outage',
  'fourth_party_tiers',
];

/**
 * Up to `n` words of filler inside one clause ("the same question the next day"): a word never holds `.;:!?`, so the
 * filler stops at sentence punctuation. Words and the spaces after them are disjoint, so the window is linear.
 */
export function filler(n: number): string {
  return String.raw`(?:[^\s.;:!?]+\s+){0,${n}}`;
}

/** Up to `n` words before "prompt" that do not make it a CLI or shell prompt ("the booking prompt", not "the confirmation prompt"). */
function promptWords(n: number): string {
  return String.raw`(?:(?!(?:confirmation|shell|command|login|password|sudo|bash|cli|terminal|interactive|\[)[^\s]*\s)[^\s.;:!?]+\s+){0,${n}}`;
}

/** The built-in lists (regular-expression sources). */
export const BUILTIN_PHRASES: PhraseLists = {
  agent_actors: [
    String.raw`(?:ai|llm|gpt|genai|coding|triage|remediation|autonomous|research|refund|browser|browsing|code[- ]review|docs?|onboarding|shopping|app[- ]builder)[- ]?(?:agent|assistant|bot|copilot)s?`,
    // Conversational bots are models nowadays; a "billing bot" or "review bot" is as often a script, so those count only
    // in a document otherwise about AI (as "the review bot").
    String.raw`(?:support|customer[- ]service|chat|sales|voice)[- ]?(?:bot|copilot)s?`,
    String.raw`(?:review|sre|billing|ops)[- ]?copilots?`,
    String.raw`llm[- ](?:backed|powered|based) \w+`,
    String.raw`(?:ai|llm|gpt)[- ](?:powered|backed|based|driven) \w+`,
    String.raw`agentic \w+`,
    String.raw`chat ?bots?`,
    String.raw`(?:large )?language models?`,
    String.raw`(?:moderation|ml|ai|classification|speech(?:-to-text)?|embedding|vision|ranking|foundation|reasoning|chat|llm|judge|guard) models?`,
    // "AI made claims about the data", "the AI told the customer": the word itself, as a subject.
    String.raw`(?<!\b(?:no|not|without|non)[ -])(?<![./@])ai(?!\.\w)`,
    'llms?',
    'claude(?: code| desktop)?',
    'claudius',
    'chatgpt',
    String.raw`gpt-?\d[\w.]*`,
    String.raw`(?:github )?copilot(?: agent)?`,
    'gemini(?: cli)?',
    'devin',
    'codex',
    'amazon q',
    'replit agent',
  ],
  // Retired: any finite verb after an AI actor is an event (ai/events.ts), so no built-in list of decision verbs is
  // needed; the key stays so a team's `phrases.agent_decision_verbs` in `.postmortem.json` still adds verbs.
  agent_decision_verbs: [],
  deterministic_causes: [
    String.raw`runbook ${filler(4)}(?:(?:was|is|were|had been|being) )?(?:incorrect|wrong|outdated|out of date|stale|ambiguous|unclear|missing|incomplete)`,
    String.raw`(?:outdated|stale|out-of-date|incorrect|wrong) runbook`,
    String.raw`(?:documentation|docs) (?:gap|${filler(4)}(?:was|were|is|are|had been) (?:wrong|outdated|out of date|stale|missing|incomplete))`,
    String.raw`missing (?:guardrail|validation|check|safeguard|test|alert)s?`,
    String.raw`(?:config(?:uration)?) (?:error|mistake|change|drift)`,
    String.raw`misconfigur(?:ed|ation)`,
    'human error',
    'operator error',
    'user error',
    String.raw`(?:knowledge[- ]base|kb|help[- ]?cent(?:er|re)|faq) article ${filler(6)}(?:(?:was|is|were|had been|being) )?(?:outdated|out of date|wrong|incorrect|stale|missing)`,
    String.raw`(?:outdated|out-of-date|stale|wrong|incorrect) (?:knowledge[- ]base|kb|help[- ]?cent(?:er|re)|faq) articles?`,
    String.raw`bad (?:deploy|deployment|config|release|merge)`,
    String.raw`no (?:confirmation|approval|review|validation) (?:step|gate|check)`,
    String.raw`without (?:any )?(?:sanitis|sanitiz|validat|escap|filter)\w*`,
  ],
  inference_words: [
    'inferred',
    'inferring',
    'inference',
    'concluded',
    'concluding',
    'observed',
    'misread',
    'misinterpreted',
    'interpreted',
    'misclassified',
    String.raw`matched the wrong`,
    String.raw`wrong (?:scenario|interpretation|conclusion)`,
    'reasoning',
    String.raw`hallucinat\w*`,
    String.raw`chose (?:to|the)`,
    'decided',
    String.raw`model(?:'s)? (?:decision|judgement|judgment|belief)`,
    String.raw`treated [^.;]{1,60} as`,
    'believed',
    'assumed',
    'mistook',
    String.raw`fabricat\w+`,
    'invented',
  ],
  deterministic_actions: [
    String.raw`(?:tighten|clarify|reword|update|rewrite|fix) (?:the )?runbook`,
    String.raw`add (?:a )?confirmation (?:prompt|step|dialog)`,
    String.raw`update (?:the )?(?:docs|documentation|kb|knowledge base)`,
    String.raw`(?:update|tweak|fix|improve|tighten|harden|clarify|strengthen) (?:the )?${promptWords(3)}prompt`,
    String.raw`add (?:a )?(?:guardrail|validation|check)`,
  ],
  behavior_actions: [
    String.raw`eval(?:uation)?s?(?: cases?| suite| set)?`,
    String.raw`regression (?:tests?|suite|set)`,
    String.raw`replay(?:s|ed| rate)?`,
    String.raw`(?:approval|human[- ]in[- ]the[- ]loop|human|review) gate`,
    String.raw`require (?:human |explicit |user |operator )?approval`,
    String.raw`(?:human|user|operator) (?:approval|review|sign-?off)`,
    String.raw`two approvers`,
    String.raw`approval gate`,
    'behavior rate',
    'behaviour rate',
    'canary',
    String.raw`golden (?:set|dataset)`,
    'judge',
    String.raw`red[- ]team\w*`,
    String.raw`adversarial (?:prompts|cases|tests|inputs)`,
    String.raw`pass rate`,
    // Gating a release on the behavior: "block the release until…", "block at above 0.5%", "in the release gate".
    String.raw`block(?:s|ing)? (?:the |a |any |each |every )?(?:release|deploy(?:ment)?|rollout|launch|promotion)s?`,
    String.raw`block(?:s|ing)? (?:at|above|over|when|if|below|on) ${filler(3)}\d`,
    String.raw`(?:release|deploy(?:ment)?|launch|rollout|promotion) gate`,
    // A counted set of model inputs: "the 150-case role-play suite", "a 300-prompt regression set".
    String.raw`\d[\d,]*[- ](?:case|prompt|conversation|transcript|scenario|question)s? ${filler(3)}(?:suite|set|eval\w*|tests?|benchmark)`,
    // An approval as a noun, by role: "manager approval", "a clinician's sign-off", "require approval from…".
    String.raw`(?:manager|supervisor|lead|human|operator|reviewer|staff|clinician|approver|admin(?:istrator)?|owner|agent owner)(?:'s)? (?:approval|sign-?off)`,
    String.raw`require[sd]? ${filler(2)}(?:approval|sign-?off)`,
    String.raw`(?:monitor|track|measure|alert on) (?:the )?[\w-]+ rate`,
    String.raw`(?:human|staff|person|people|user|operator|reviewer|maintainer|manager|member of staff|on-?call)s?(?: must| to| can| will| then)? (?:approve|approves|sign off|signs off|confirm|confirms|review|reviews)`,
    String.raw`(?:manual|human|explicit) (?:approval|confirmation|sign-?off)`,
    // A second person before the output takes effect: "force the two-person release", "four-eyes check".
    String.raw`(?:two|2)[- ](?:person|people|man)(?: \w+)?`,
    String.raw`four[- ]eyes`,
    'dual control',
    String.raw`(?:qa|question|test|benchmark|golden|labelled|labeled)[- ]?(?:set|suite|dataset|cases)`,
    // A labelled sample or set the outputs are scored against: "against the labelled scam and abuse sets".
    String.raw`(?:labelled|labeled) (?:[\w-]+ ){0,3}(?:sets|suites|samples?)`,
    String.raw`accuracy`,
    // A classifier's quality measures: "a precision/recall dashboard", "publish the miss rate per surface".
    String.raw`precision ?(?:/|and|,) ?recall`,
    String.raw`(?:error|failure|hit|success|miss|false[- ]positive|false[- ]negative|detection|catch) rate`,
    String.raw`(?:review|sample|audit|spot-check) (?:every|each|all|a sample of|\d+%? of) (?:the )?(?:[\w-]+ )?(?:answers?|outputs?|responses?|replies|actions|decisions|conversations|transcripts)`,
    // Sending the agent's action to a person first: "send deletions over 100 rows to an operator for sign-off".
    String.raw`to (?:a |an |the )?(?:human|person|people|reviewer|manager|supervisor|operator|clinician|staff member|member of staff)s? (?:for|to) ${filler(1)}(?:approval|approve|review|sign-?off|confirm\w*)`,
    String.raw`for (?:human |manual |explicit |prior |their |a human's |a person's )?(?:approval|sign-?off) before`,
    // Inputs added to a test the assistant runs again: "put the misrouted utterances into the bot's nightly regression run".
    String.raw`(?:questions|prompts|conversations|transcripts|utterances|phrasings|examples|scenarios|calls|chats) (?:to|into|in) ${filler(4)}(?:test|eval|regression)\w*(?: (?:script|set|suite|run|battery|harness|cases))?`,
  ],
  prompt_fix: [
    'bad prompt',
    String.raw`tweak(?:ed)? the ${promptWords(3)}prompt`,
    String.raw`fix(?:ed)? the ${promptWords(3)}prompt`,
    String.raw`improve(?:d)? (?:our |the )?prompt(?: engineering)?`,
    String.raw`prompt (?:was )?(?:bad|wrong|poor)`,
    String.raw`(?:updated|adjusted|reworded|rewrote|changed) the ${promptWords(3)}prompt`,
    String.raw`poor prompt(?:ing| engineering| design)?`,
    String.raw`(?:tightened|hardened|clarified|strengthened|amended|revised|patched|edited) the ${promptWords(3)}prompt`,
    String.raw`(?:system )?prompt (?:was |is )?(?:too (?:permissive|vague|loose|broad|weak)|vague|ambiguous|underspecified|unclear)`,
    // "The prompt was poorly written", "a badly worded system prompt", "we need better prompt engineering".
    String.raw`(?<!(?:confirmation|shell|command|login|password|sudo|bash|cli|terminal|interactive) )prompts? ${filler(2)}(?:was|is|were|are|had been) (?:\w+ly )?(?:poorly|badly|sloppily|vaguely|loosely|carelessly) (?:written|worded|phrased|designed|structured|specified)`,
    String.raw`(?:poorly|badly|sloppily|vaguely)[- ](?:written|worded|phrased|designed) (?:system )?prompts?`,
    String.raw`(?:need|needs|needed|require|requires|required|call for|calls for) (?:a )?(?:better|more|improved|stronger|clearer) prompt(?:s|ing| engineering| design| wording)?`,
  ],
  could_not_reproduce: [
    String.raw`(?:could|can)(?: ?not|n't) (?:be )?reproduc\w*`,
    String.raw`unable to reproduce`,
    String.raw`not reproducible`,
    String.raw`failed to reproduce`,
    'no repro',
    String.raw`(?:could|can)(?: ?not|n't) repro`,
    String.raw`(?:did not|didn't) reproduce`,
    // "Reran the same question the next day and it passed": a retry that worked, with any short object between.
    String.raw`re-?(?:ran|run|asked|generated|played|submitted) ${filler(8)}and (?:it|they|this|that|the [\w-]+) (?:passed|worked|succeeded|came back (?:clean|correct|fine)|(?:was|were|looked) (?:fine|correct|ok|clean))`,
    String.raw`(?:could|can|was|were)(?: ?not|n't) (?:be )?replicat\w*`,
    String.raw`(?:unable|failed) to replicate`,
    String.raw`not replicable`,
    String.raw`(?:reproduced|reproducible|repro)\s*\??\s*(?:\|\s*)?[:|]?\s*no\b`,
  ],
  vendor_outage: [
    String.raw`(?:provider|vendor|supplier|upstream|third[- ]party|api) (?:outage|incident|degradation|was down)`,
    String.raw`(?:openai|anthropic|azure openai|bedrock|vertex(?: ai)?|gemini|cohere|mistral)(?:'s)? (?:api )?(?:(?:was |were )?(?:down|degraded|unavailable)|outage|incident)`,
    String.raw`(?:gateway|model|llm|ai|api) (?:vendor|provider) (?:had an? |has an? )?(?:outage|incident)`,
    // The vendor may be named or described before the verb: "the OCR supplier we rely on (Acme) suffered a brownout",
    // "our embeddings provider, Vectorly, had a regional incident"; "had no outage" is no outage.
    String.raw`(?:vendor|provider|supplier)s?,?\s+${filler(6)}(?:had|has|suffered|reported|experienced) (?!(?:no|not|never|zero)\b)${filler(3)}(?:outage|incident|brownout|degradation|disruption)s?`,
    String.raw`(?:outage|incident|degradation|disruption) (?:at|of) (?:the|our|an?|one of our) ${filler(3)}(?:vendor|provider|supplier)s?`,
  ],
  fourth_party_tiers: [
    String.raw`(?:aws|gcp|azure|google cloud|cloud) region`,
    String.raw`(?:us|eu|ap)-[a-z]+-\d`,
    'data ?center',
    String.raw`(?:east|west|central|north|south)(?: ?us| ?europe| ?asia)(?: ?\d)?`,
    String.raw`upstream model host`,
    String.raw`(?:their|its|the vendor's|the provider's) ${filler(2)}(?:cloud|hosting|region|upstream|model host)`,
    String.raw`fourth[- ]party`,
    String.raw`tier (?:3|4)`,
    String.raw`(?:root cause|upstream cause) (?:is |was )?unknown`,
    String.raw`(?:tier|layer) beneath the (?:vendor|provider)`,
    String.raw`unknown to us`,
  ],
};

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Built-in lists plus the user's plain phrases. */
export function mergePhrases(extra: Partial<Record<PhraseKey, readonly string[]>> | undefined): PhraseLists {
  if (!extra) return BUILTIN_PHRASES;
  const out = { ...BUILTIN_PHRASES } as Record<PhraseKey, readonly string[]>;
  for (const key of PHRASE_KEYS) {
    const more = extra[key];
    if (more && more.length > 0) out[key] = [...BUILTIN_PHRASES[key], ...more.map(escape)];
  }
  return out;
}

const compiled = new WeakMap<readonly string[], RegExp>();

/** One case-insensitive regular expression for a list, cached per list. */
export function phraseRegExp(list: readonly string[]): RegExp {
  let re = compiled.get(list);
  if (!re) {
    re = new RegExp(`(?<![\\w-])(?:${list.join('|')})(?![\\w-])`, 'iu');
    compiled.set(list, re);
  }
  return re;
}
