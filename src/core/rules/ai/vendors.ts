/**
 * Vendors: a vendor or provider problem in any wording ("a problem at the LLM vendor we call", "the vendor's
 * capacity shortage", "a brownout at one of our two model vendors"). Vocabulary lives in `vendors.json`.
 */
import data from './vendors.json' with { type: 'json' };

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

const PROBLEM = `(?:${pattern(data.problems)})`;
const VENDOR = `(?:(?:${pattern(data.heads)})|(?:${pattern(data.thirdPartyModifiers)})\\s+(?:[\\w-]+\\s+)?(?:${pattern(data.thirdPartyHeads)}))`;
const WORD = String.raw`[^\s.,;:!?()]+`;
/** "a problem at the LLM vendor we call", "brownout at one of our two model vendors": problem, preposition, vendor. */
const PROBLEM_OF_VENDOR = String.raw`${PROBLEM}(?:\s+${WORD}){0,2}?\s+(?:${pattern(data.prepositions)})\s+(?:one\s+of\s+)?(?:${WORD}\s+){0,3}?${VENDOR}`;
/** "the vendor's capacity shortage", "vendor errors", "our model vendor had an outage". */
const VENDOR_PROBLEM = String.raw`${VENDOR}(?:'s|[\s-]side)?(?:\s+(?!(?:to|for|and|or|but|with|that|which|who|while|when|on|in|at|by|from|about|was|is|were|are)(?![\w-]))${WORD}){0,4}?\s+${PROBLEM}`;
/** "the verification vendor was experiencing an outage", "our provider had been dealing with capacity issues". */
const VENDOR_SUFFERING = String.raw`${VENDOR}(?:\s+${WORD}){0,2}?\s+(?:was|were|is|are|had\s+been|has\s+been)\s+(?:${pattern(data.sufferingVerbs)})\s+(?:${WORD}\s+){0,3}?${PROBLEM}`;
const VENDOR_ISSUE = new RegExp(
  String.raw`(?<![\w-])(?:${PROBLEM_OF_VENDOR}|${VENDOR_SUFFERING}|${VENDOR_PROBLEM})(?![\w-])`,
  'i',
);
const NEGATED = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.negations)})(?![\w-])`, 'i');

/** The first vendor problem in `text` that no negation in the 40 characters before it denies, with its index. */
export function vendorProblem(text: string): { index: number; text: string } | undefined {
  const m = VENDOR_ISSUE.exec(text);
  if (!m) return undefined;
  const before = text.slice(Math.max(0, m.index - 40), m.index);
  const after = m[0];
  if (NEGATED.test(before.split(/[,;]/).pop() ?? '') || /^\S+\s+(?:no|not)\b/i.test(after)) return undefined;
  return { index: m.index, text: m[0] };
}

const NAME = String.raw`\p{Lu}[\p{L}\d&-]*(?:\s+\p{Lu}[\p{L}\d&-]*)?`;
/** Case variants of a word list, for the expressions that must stay case-sensitive to read capitalised names. */
const anyCase = (words: readonly string[]) =>
  pattern(words.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1), w.toUpperCase()]));
const NAME_HEAD = `(?:${anyCase(data.nameHeads)})`;
const DETERMINER = String.raw`(?:(?:our|the|a|an|their|its|Our|The|A|An|Their)\s+)`;
/**
 * "provider, Corvid", "vendor Echoline", "Quiver (managed vector DB)", "Corvid, our provider", "from SpeakWise's
 * streaming API", "built on the Clearwell Moderation API". Case-sensitive: a name is capitalised.
 */
const NAMED = new RegExp(
  [
    String.raw`(?<![\p{L}\d-])(?:${anyCase(data.heads)})(?:,?\s+|\s*\(\s*)(${NAME})`,
    // "a third-party moderation API, SentinelText", "a hosted model from Corvid AI".
    String.raw`(?<![\p{L}\d-])(?:${anyCase(data.thirdPartyModifiers)})\s+(?:[\p{L}\d-]+\s+){0,2}?(?:${anyCase(data.productHeads)})(?:\s*[,(]\s*|\s+(?:from|by|at)\s+)(${NAME})`,
    // "Corvid, our provider", "Tallowby (the assistant's model provider)": a possessive may stand before the head.
    String.raw`(?<![\p{L}\d-])(${NAME})\s*(?:,|\()\s*${DETERMINER}?(?:[\p{L}\d-]+(?:['\u2019]s)?\s+){0,3}?${NAME_HEAD}(?![\p{L}\d-])`,
    String.raw`(?<![\p{L}\d-])(?:from|via|on|through|using|uses|calls?|with)\s+(?:the\s+)?(${NAME})(?:['\u2019]s)?\s+(?:[\p{L}\d-]+\s+){0,2}?(?:API|APIs|SDK|api|platform|service|endpoint|cloud)(?![\p{L}\d-])`,
  ].join('|'),
  'gu',
);
const NOT_NAMES = new Set(data.notNames);

/** The names a document calls a vendor, a provider or someone else's API. */
export function vendorNames(text: string): string[] {
  const out = new Set<string>();
  NAMED.lastIndex = 0;
  for (let m = NAMED.exec(text); m; m = NAMED.exec(text)) {
    const words = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? '').split(/\s+/).filter((w) => !NOT_NAMES.has(w));
    // "Clearwell Moderation API": the company is the first word; a lone product word is no name.
    if (words.length > 0 && /\p{Lu}/u.test(words[0]![0]!)) out.add(words[0]!);
    if (m.index === NAMED.lastIndex) NAMED.lastIndex++;
  }
  return [...out];
}

const escapeName = (n: string) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NAMED_PROBLEM_WORDS = `(?:${PROBLEM}|${pattern(data.namedProblems)})`;
const MODEL_CHANGE = String.raw`(?:silently\s+|quietly\s+)?(?:${pattern(data.changeVerbs)})\s+(?:${WORD}\s+){0,3}?(?:${pattern(data.modelObjects)})(?![\w-])`;
const SIDE = String.raw`${NAMED_PROBLEM_WORDS}(?:\s+${WORD}){0,3}?\s+(?:on|at)\s+(?:their|its|the\s+(?:vendor|provider|supplier)'s)\s+(?:side|end)(?![\w-])`;
/** "the main cause was on their side", "the fault lay with the provider's end". */
const CAUSE_AT = String.raw`(?:${pattern(data.causeNouns)})\s+(?:was|lay|lies|is|sat|sits)\s+(?:\w+\s+)?(?:on|at|with)\s+`;
const ON_THEIR_SIDE = new RegExp(
  String.raw`${SIDE}|(?<![\w-])${CAUSE_AT}(?:their|its|the\s+(?:vendor|provider|supplier|partner)['\u2019]s)\s+(?:side|end)(?![\w-])`,
  'i',
);
const VENDOR_CHANGE = new RegExp(String.raw`(?<![\w-])${VENDOR}(?:'s)?\s+${MODEL_CHANGE}`, 'i');
const namedCache = new Map<string, RegExp>();

/**
 * A named vendor's problem, in any wording: "Echoline had a problem", "Clearwell had a degradation", "Echoline's
 * incident", "the SpeakWise release that degraded…", "Corvid updated the model behind the alias"; or a problem "on
 * their side"; "Tallowby (our model provider) had an incident"; "a model update by Orrin Labs"; or an unnamed vendor changing the model ("the embedding provider switched the model").
 */
export function namedVendorProblem(
  text: string,
  names: readonly string[],
): { index: number; text: string } | undefined {
  const found: Array<{ index: number; text: string }> = [];
  for (const re of [VENDOR_CHANGE, ON_THEIR_SIDE]) {
    const m = re.exec(text);
    if (m) found.push({ index: m.index, text: m[0] });
  }
  if (names.length > 0) {
    const key = names.join('|');
    let re = namedCache.get(key);
    if (!re) {
      const alt = names.map(escapeName).join('|');
      re = new RegExp(
        String.raw`(?<![\w-])${CAUSE_AT}(?:${alt})['\u2019]s\s+(?:side|end)(?![\w-])|(?<![\p{L}\d-])(?:${alt})(?:\s*\([^()]{0,60}\))?(?:'s)?(?:\s+(?!(?:to|for|and|or|but|with|which|who|while|when|if|not|no|never)(?![\w-]))${WORD}){0,4}?\s+(?:${NAMED_PROBLEM_WORDS}(?![\w-])|${MODEL_CHANGE})|${PROBLEM}\s+(?:at|of|from|with|on)\s+(?:${alt})(?![\p{L}\d-])|(?<![\w-])(?:${pattern(data.modelObjects)})\s+(?:${pattern(data.namedProblems)})\s+(?:by|from|at)\s+(?:${alt})(?![\p{L}\d-])`,
        'iu',
      );
      if (namedCache.size > 64) namedCache.clear();
      namedCache.set(key, re);
    }
    const m = re.exec(text);
    if (m) found.push({ index: m.index, text: m[0] });
  }
  const hit = found.sort((a, b) => a.index - b.index)[0];
  if (!hit) return undefined;
  const before = text.slice(Math.max(0, hit.index - 40), hit.index);
  if (NEGATED.test(before.split(/[,;]/).pop() ?? '') || /\b(?:no|not|never|n't)\b/i.test(hit.text))
    return undefined;
  return hit;
}

const UNKNOWN_TIER = new RegExp(
  String.raw`(?:n't|\bnot|\bnever)\s+(?:${WORD}\s+){0,2}?(?:${pattern(data.sayVerbs)})\s+(?:${WORD}\s+){0,3}?(?:which|what|where|whether|who)\s+(?:${WORD}\s+){0,4}?(?:${pattern(data.tierWords)})(?![\w-])|(?<![\w-])(?:${pattern(data.tierWords)})\s+(?:${WORD}\s+){0,4}?(?:is|are|was|were|remains?|stays?)\s+(?:still\s+)?(?:unknown|undisclosed|unclear|not known)(?![\w-])|(?<![\w-])(?:unknown|undisclosed)\s+(?:${WORD}\s+)?(?:${pattern(data.tierWords)})(?![\w-])|(?<![\w-])(?:on|in|at|via|from|by|with)\s+(?:the\s+)?(?:${pattern(data.clouds)})(?![\w-])`,
  'i',
);

/** The tier beneath the vendor is named (a cloud it runs on) or said to be unknown ("they have not said which region"). */
export function tierBeneath(text: string): boolean {
  return UNKNOWN_TIER.test(text.replace(/[\u2018\u2019]/g, "'"));
}
