/**
 * Phrase lists the AI rules match against, kept as data so teams extend them in
 * `.postmortem.json` (`phrases`). Each entry is a case-insensitive regular-expression source
 * matched on word boundaries; user entries are plain phrases and are escaped.
 */

export interface PhraseLists {
  /** Who counts as an AI actor: "the agent", "the LLM-backed assistant", "Copilot". */
  readonly agent_actors: readonly string[];
  /** Verbs of deciding: "decided", "concluded", "chose", "selected", "inferred". */
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

/** The built-in lists (regular-expression sources). */
export const BUILTIN_PHRASES: PhraseLists = {
  agent_actors: [
    String.raw`(?:ai|llm|coding|support|ops|sre|triage|remediation|autonomous)[- ]?(?:agent|assistant|bot)`,
    String.raw`(?:the|an|our) agent`,
    String.raw`llm[- ]backed \w+`,
    String.raw`(?:the|an?) (?:llm|language model|model|chatbot|copilot|assistant)`,
    String.raw`agentic \w+`,
  ],
  agent_decision_verbs: [
    'decided', 'concluded', 'chose', 'selected', 'picked', 'inferred', 'determined', 'judged', 'classified',
    'matched', 'interpreted', 'assumed', 'planned', 'opted', 'elected', 'reasoned',
  ],
  deterministic_causes: [
    String.raw`runbook (?:was |is )?(?:incorrect|wrong|outdated|out of date|stale|ambiguous|unclear|missing)`,
    String.raw`(?:documentation|docs) (?:gap|was (?:wrong|outdated|missing))`,
    String.raw`missing (?:guardrail|validation|check|safeguard)s?`,
    String.raw`(?:config(?:uration)?|configuration) (?:error|mistake|change)`,
    String.raw`misconfigur(?:ed|ation)`,
    'human error',
    String.raw`(?:knowledge[- ]base|kb) article (?:was )?(?:outdated|wrong|incorrect)`,
    String.raw`bad (?:deploy|deployment|config)`,
  ],
  inference_words: [
    'inferred', 'inference', 'concluded', 'observed', 'misread', 'misinterpreted', 'misclassified',
    String.raw`matched the wrong`, String.raw`wrong (?:scenario|interpretation|conclusion)`, 'reasoning', 'hallucinat\\w*',
    String.raw`chose (?:to|the)`, 'decided', String.raw`model(?:'s)? (?:decision|judgement|judgment|belief)`,
  ],
  deterministic_actions: [
    String.raw`(?:tighten|clarify|reword|update|rewrite|fix) (?:the )?runbook`,
    String.raw`add (?:a )?confirmation (?:prompt|step|dialog)`,
    String.raw`update (?:the )?(?:docs|documentation|kb|knowledge base)`,
    String.raw`(?:update|tweak|fix|improve) (?:the )?(?:system )?prompt`,
    String.raw`add (?:a )?(?:guardrail|validation|check)`,
  ],
  behavior_actions: [
    String.raw`eval(?:uation)?s?(?: cases?| suite| set)?`, 'regression test', String.raw`replay(?:s| rate)?`,
    String.raw`(?:approval|human[- ]in[- ]the[- ]loop|human) gate`, String.raw`require (?:human )?approval`,
    'behavior rate', 'behaviour rate', String.raw`canary`, String.raw`golden (?:set|dataset)`, 'judge', 'monitor the rate',
  ],
  prompt_fix: [
    'bad prompt', String.raw`tweak(?:ed)? the prompt`, String.raw`fix(?:ed)? the prompt`,
    String.raw`improve(?:d)? (?:our )?prompt engineering`, String.raw`prompt (?:was )?(?:bad|wrong|poor)`,
    String.raw`updated the (?:system )?prompt`, String.raw`adjusted the prompt`,
  ],
  could_not_reproduce: [
    String.raw`(?:could|can)(?: ?not|n't) (?:be )?reproduc\w*`, String.raw`unable to reproduce`, String.raw`not reproducible`,
    String.raw`failed to reproduce`, 'no repro', String.raw`cannot repro\b`,
  ],
  vendor_outage: [
    String.raw`(?:provider|vendor|upstream|third[- ]party|api) (?:outage|incident|degradation|was down)`,
    String.raw`(?:openai|anthropic|azure openai|bedrock|vertex(?: ai)?|gemini|cohere|mistral)(?:'s)? (?:api )?(?:outage|incident|was down|degraded)`,
  ],
  fourth_party_tiers: [
    String.raw`(?:aws|gcp|azure|google cloud|cloud) region`, String.raw`(?:us|eu|ap)-[a-z]+-\d`, 'data ?center',
    String.raw`upstream (?:model )?(?:host|provider)`, String.raw`(?:their|its|the vendor's|the provider's) (?:cloud|hosting|region)`,
    String.raw`fourth[- ]party`, String.raw`tier (?:3|4)`, String.raw`(?:root cause|upstream cause) (?:is |was )?unknown`,
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
