/**
 * Acts: an AI actor (`actors.ts`) as the subject of a finite verb (`events.ts`), compiled into one expression per
 * phrase lists, document kind and document name, and told apart from an AI component that is the subject of an outage
 * ("LLM calls to our vendor timed out") or a description ("the model runs on GPUs").
 */
import { memoCalls } from '../../memo.js';
import type { PhraseLists } from '../phrases.js';
import { FUNCTION_WORDS, INFRASTRUCTURE_HEADS, WEAK_ACTOR } from './actors.js';
import events from './events.json' with { type: 'json' };
import {
  FINITE_VERB,
  INSTANCE_NOUN,
  OUTAGE_OBJECT,
  OUTPUT_NOUN,
  PASSIVE_BY,
  PASSIVE_WITH,
  THINKING_VERBS,
  looksFinite,
  presentTense,
  relays,
} from './events.js';

/** Words allowed between the actor and its verb: adverbs, auxiliaries, a short aside in commas. */
export const GAP = String.raw`(?:(?:\s+(?:\w+ly|then|also|again|immediately|instead|still|had|has|have|did|kept|keeps|began to|started to|continued to|went on to|proceeded to|\([^)]{1,200}\))|\s*,(?:[^,.;()]|\.(?=\w)){1,60},))*`;
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

export interface Actors {
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
export interface CompiledActors extends Actors {
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
export const ACTS_LIMIT = 32_768;

/**
 * Plural nouns that are also verbs: after an AI word they are a compound ("LLM calls", "model responses") when a
 * predicate follows, directly or after a short prepositional phrase ("LLM calls to our vendor timed out").
 */
const NOUN_VERBS = new Set(events.nounVerbs);
/** What happens to an AI component in an outage: it timed out, returned 503, was rate limited. Not a decision. */
const INFRA_PREDICATE = String.raw`(?:resumed?|recovered?|restarted?|came\s+back|returned\s+to\s+normal|timed?\s+out|timing\s+out|failed|errored|hung|stalled|spiked|returned\s+(?:an?\s+|only\s+)?(?:[45]\d\d|[45]xx|errors?|timeouts?|empty|nothing)|(?:were|was|are|is|got|went|became)\s+(?:not\s+)?(?:slow|throttled|rejected|dropped|unavailable|unreachable|down|degraded|offline|failing|erroring|timing\s+out|rate[- ]limited|queued|delayed|blocked|cut\s+off))\b`;
const COMPOUND_AFTER = new RegExp(
  String.raw`^\s+(?:(?:were|are|was|is|had|have|all|both|began|started|kept|took|never)\b|${INFRA_PREDICATE}|(?:to|from|for|against|through|via|into|on|at|in|of|per|with)\s+(?:[^\s.,;:!?]+\s+){0,6}?${INFRA_PREDICATE})`,
  'i',
);
/** A predicate right after a plural: "Lintel reviews resume", "bot replies were slow" (the plural is a noun). */
const PREDICATE_NEXT = new RegExp(
  String.raw`^\s+(?:were|are|was|is|have|had|all|both|${INFRA_PREDICATE})`,
  'i',
);
/** A progressive that is an outage, not an action: "the model kept timing out", "the assistant was returning 503s". */
const INFRA_PROGRESSIVE =
  /\s(?:timing|returning|experiencing|failing|erroring|crashing|hanging|throttling|stalling|restarting|rejecting|dropping|queu(?:e)?ing|loading|lagging)$/i;
/**
 * The actor is the object of a preposition even with a determiner and modifiers before it ("orders taken by the voice
 * ordering assistant in 40 lanes ended…"): the verb belongs to another subject. The expression's own look-behind only
 * sees a preposition right before the actor; this one is tried on the 60 characters before a match, never across a
 * conjunction ("sent to the user and the agent decided" keeps the agent as subject).
 */
const OBJECT_OF_PREPOSITION = new RegExp(
  String.raw`\b(?:of|from|to|with|about|into|than|by|${alternation(events.objectParticiples)})\s+(?:the|a|an|our|their|its|this|that|your|each|every)\s+(?:(?!(?:and|or|but|then|so|while|when|after|before|because|until|once|where|which|who)\b)[\w-]+\s+){0,2}$`,
  'i',
);
/** The actor right after a participle that takes it as object: "technicians using the assistant saw …". */
const OBJECT_OF_PARTICIPLE = new RegExp(String.raw`\b(?:${alternation(events.objectParticiples)})\s+$`, 'i');
/** "The model ran out of memory", "the agent runs on GPUs": a resource or a description, not an act. */
const DESCRIPTIVE_AFTER = /^\s+(?:out of|on top of)\b/i;
/** "Ask HR runs on the Nimbus Pro model", "the agent runs in our VPC": where it runs, a description. */
const RUNS_ON = /^\s+(?:on|in|inside|under|behind|as|against|within)\b/i;

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
function firstActBy(
  text: string,
  exec: (from: number) => RegExpExecArray | null,
): RegExpExecArray | undefined {
  for (let m = exec(0); m; m = exec(m.index + 1)) {
    const verb = /(\S+)$/.exec(m[0])?.[1]?.toLowerCase() ?? '';
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
    // A plural noun after the actor, then a predicate, is a compound: "Lintel reviews resume", "LLM calls timed out".
    const infrastructure =
      (NOUN_VERBS.has(verb) && COMPOUND_AFTER.test(after)) ||
      (/[a-z]s$/.test(verb) && PREDICATE_NEXT.test(after)) ||
      (/^runs$/.test(verb) && RUNS_ON.test(after)) ||
      INFRA_PROGRESSIVE.test(m[0]) ||
      DESCRIPTIVE_AFTER.test(after) ||
      OUTAGE_OBJECT.test(after) ||
      OBJECT_OF_PREPOSITION.test(text.slice(Math.max(0, m.index - 60), m.index)) ||
      OBJECT_OF_PARTICIPLE.test(text.slice(Math.max(0, m.index - 20), m.index));
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

function compiledActors(
  phrases: PhraseLists,
  aliases: readonly string[],
  aiDocument: boolean,
): CompiledActors {
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
function mergedExec(
  text: string,
  from: number,
  variants: ReadonlyArray<{ readonly re: RegExp; readonly rank: number }>,
): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  let bestRank: [number, number, number] = [0, 0, 0];
  for (const { re, rank } of variants) {
    re.lastIndex = from;
    const m = re.exec(text);
    re.lastIndex = 0;
    if (!m) continue;
    const r = matchRank(m, rank);
    if (!best || m.index < best.index || (m.index === best.index && before(r, bestRank)))
      [best, bestRank] = [m, r];
  }
  return best;
}

/** `subjectVerb` of a document with aliases: each text runs the expressions of the aliases it contains, merged. */
class MergedSubjectVerb extends RegExp {
  readonly #variants: (text: string) => ReadonlyArray<{ readonly re: RegExp; readonly rank: number }>;
  constructor(
    flags: string,
    variants: (text: string) => ReadonlyArray<{ readonly re: RegExp; readonly rank: number }>,
  ) {
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

export function buildActors(
  phrases: PhraseLists,
  aliases: readonly string[],
  aiDocument: boolean,
): Actors & { readonly aiDocument: boolean } {
  // The first document of a process (a one-file CLI run, the first file opened): one expression with all its names is
  // one compile, where the views below need the plain one and one per name. Both match alike (test/property/actors).
  if (aliases.length > 0 && !actorsCache.get(phrases)?.size)
    return compiledActors(phrases, aliases, aiDocument);
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

function aliasView(
  phrases: PhraseLists,
  plain: CompiledActors,
  aliases: readonly string[],
  aiDocument: boolean,
): Actors & { readonly aiDocument: boolean } {
  // Under the `i` flag (without `u`) an ASCII letter matches only itself in either case, so an ASCII alias that is
  // not a substring of the lower-cased text cannot match in it. A non-ASCII alias is always kept.
  const lowered = aliases.map((a, i) => ({
    alias: a,
    rank: i + 1,
    lower: /^[\x00-\x7f]*$/.test(a) ? a.toLowerCase() : undefined,
  }));
  let lastText: string | undefined;
  let last: ReadonlyArray<{ readonly actors: CompiledActors; readonly rank: number }> = [];
  /** The expressions for `text`: without aliases, then one per alias it contains, in the document's order. */
  const variants = (
    text: string,
  ): ReadonlyArray<{ readonly actors: CompiledActors; readonly rank: number }> => {
    if (text !== lastText) {
      const lower = text.toLowerCase();
      const present = lowered.filter((a) => a.lower === undefined || lower.includes(a.lower));
      // The expression without aliases can match only where its head does (exact), so it is left out otherwise.
      const withPlain = present.length === 0 || plain.head.test(text) ? [{ actors: plain, rank: 0 }] : [];
      last = [
        ...withPlain,
        ...present.map((a) => ({ actors: compiledActors(phrases, [a.alias], aiDocument), rank: a.rank })),
      ];
      lastText = text;
    }
    return last;
  };
  let whole: CompiledActors | undefined;
  const subjectVerb = new MergedSubjectVerb(plain.subjectVerb.flags, (text) =>
    variants(text).map((v) => ({ re: v.actors.subjectVerb, rank: v.rank })),
  );
  return {
    aiDocument,
    any: new AnyActor(
      plain.any.flags,
      (text) => variants(text).map((v) => v.actors.any),
      () => (whole ??= compileActors(phrases, aliases, aiDocument)).any,
    ),
    subjectVerb,
    firstAct: (text) => {
      const vs = variants(text);
      // No alias in the text: the expression without aliases alone (its own head test included).
      if (vs.length === 0 || (vs.length === 1 && vs[0]!.rank === 0)) return subjectVerbIn(text, plain);
      // The act depends on the text and the aliases in it, in the document's order, not on the document's other names:
      // remembered by those, so a document whose names change (a name being typed) finds every other sentence known.
      const key = `${vs.map((v) => (v.rank === 0 ? '' : aliases[v.rank - 1])).join('\u0001')}\u0000${text}`;
      return actsWithAliases(plain, key, () =>
        firstActBy(text, (from) => {
          subjectVerb.lastIndex = from;
          const m = subjectVerb.exec(text);
          subjectVerb.lastIndex = 0;
          return m;
        }),
      );
    },
    acts: new Map(),
  };
}

/** Acts found with aliases, by the aliases in the text and the text, per expression without aliases (phrases and kind). */
const actsWithAliases = memoCalls<CompiledActors, RegExpExecArray | undefined>();

/** The expressions for exactly these aliases, compiled now (`buildActors` is the cached way; tests compare the two). */
export function compileActors(
  phrases: PhraseLists,
  aliases: readonly string[],
  aiDocument: boolean,
): CompiledActors {
  // A document's own name is no part of a hyphenated word: "chat" named by "the AI help-center chat" is not in "helpcenter-chat".
  const joined = aliases.map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const escaped = joined ? `(?<!-)(?:${joined})` : '';
  const strong = [...phrases.agent_actors, ...(escaped ? [escaped] : [])].join('|');
  // The same expression as without groups; the named groups only say which alternative and head matched (`matchRank`).
  const builtIn = phrases.agent_actors.join('|');
  const strongIn = (alt: number) =>
    `(?:${[builtIn, escaped ? `(?<pmL${alt}>${escaped})` : ''].filter((x) => x !== '').join('|')})`;
  const actorIn = (alt: number) =>
    aiDocument ? `${strongIn(alt)}|(?<pmW${alt}>${WEAK_ACTOR})` : strongIn(alt);
  // Any finite verb is an event (ai/events.ts); the configured decision verbs are kept so a team's additions still count.
  // "Ask Ledger is intermittently giving wrong answers": a present progressive tells what is happening now, an event,
  // unless its verb describes or is an outage ("is running on", "is timing out").
  const progressive = String.raw`(?:(?:kept|keeps|was|were|began|begins|started|starts|continued|continues)\s+\w+ing|(?:is|are)\s+(?:\w+ly\s+)?(?!(?:${alternation(events.progressiveNotActs)})(?![\w-]))[a-z]{2,}ing(?![\w-]))`;
  const extra =
    phrases.agent_decision_verbs.length > 0 ? `${alternation(phrases.agent_decision_verbs)}|` : '';
  const verb = String.raw`(?:${extra}${FINITE_VERB}|${progressive})`;
  const actor = aiDocument ? `(?:${strong})|${WEAK_ACTOR}` : `(?:${strong})`;
  const head = new RegExp(`(?:${strong})|${WEAK_ACTOR}`, 'i');
  const subjectVerb = new RegExp(
    String.raw`(?<!\w)(?<!\b(?:of|from|to|with|about|into|than|by|for|via|through|against)\s+[\x60"'*_]?)(?:(?<pmA1>)${strongIn(1)}(?:'s\s+(?:${OUTPUT_NOUN})|(?:'s)?\s+(?:${INSTANCE_NOUN}))?${PLACE}${GAP}\s+${verb}|(?<pmA2>)(?:${actorIn(2)})(?:'s\s+(?:${OUTPUT_NOUN})|(?:'s)?\s+(?:${INSTANCE_NOUN}))?${GAP}\s+${verb}|(?<pmA3>)${WEAK_ACTOR}${GAP}\s+(?:${COGNITION})${aiDocument ? `|(?<pmA4>)(?:${actorIn(4)})${LONG_CLAUSE}` : ''})(?![\w-])(?!\s+(?:no|nothing|none)\b)`,
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

/** A sentence that opens with a time of day: a timeline entry written as prose. */
export const TIME_OPENING = /^[\s*_>-]*(?:\[?\d{4}-\d\d-\d\d[ T])?\[?\d{1,2}:\d\d\b/;

/** The first AI event in a sentence; one in the present tense only when the sentence narrates (`narrated`). */
export function eventIn(text: string, actors: Actors, narrated: () => boolean): RegExpExecArray | undefined {
  let offset = 0;
  for (let i = 0; i < 4; i++) {
    const m = subjectVerbIn(offset === 0 ? text : text.slice(offset), actors);
    if (!m) return undefined;
    if (!presentTense(m[0]) || narrated()) {
      if (offset === 0) return m;
      const shifted = Object.assign([...m], {
        index: m.index + offset,
        input: text,
        groups: m.groups,
      }) as unknown as RegExpExecArray;
      return shifted;
    }
    offset += m.index + m[0].length;
  }
  return undefined;
}

/**
 * The AI acts in this sentence, as opposed to a description of it ("the assistant runs with the user's session") or a
 * relay of its input ("Teller Assist answered from it": the cause is where the text came from, not what it inferred).
 */
export function actsIn(text: string, actors: Actors): boolean {
  const m = subjectVerbIn(text, actors);
  if (!m) return passiveActIn(text, actors) !== undefined;
  const after = text.slice(m.index + m[0].length);
  const verb = /(\S+)$/.exec(m[0])?.[1] ?? '';
  return (
    !/^\s+(?:with|as|under|inside|within|on behalf of|in the context of|without)\b/i.test(after) &&
    !relays(verb, after) &&
    !(
      presentTense(m[0]) &&
      (relativeClause(text.slice(Math.max(0, m.index - 80), m.index)) ||
        zeroRelative(text.slice(Math.max(0, m.index - 80), m.index), after))
    )
  );
}

/** A noun phrase right before the actor, with no relative pronoun: "the knowledge store the assistant answers from". */
const NOUN_BEFORE =
  /(?:^|[\s(])(?:the|a|an|every|each|any|all|our|its|their|this|these|those|which|what)\s+(?:[\w'’-]+\s+){0,3}?([\w-]+)\s+$/i;
/** A preposition left at the end of its clause: "… the assistant answers from." */
const STRANDED =
  /^\s+(?:from|on|in|to|with|at|into|against|over|about|through)\s*(?:[,.;:!?)]|$|\s(?:and|but|or|was|were|is|are|had|has)\b)/i;

/**
 * Whether the actor opens a relative clause without a pronoun ("the store the assistant answers from was stale"): a
 * noun right before it, or a preposition stranded after its verb. Its present tense says what the thing is.
 */
function zeroRelative(before: string, after: string): boolean {
  if (STRANDED.test(after)) return true;
  const m = NOUN_BEFORE.exec(before);
  return m !== null && !looksFinite(m[1]!) && !FUNCTION_WORDS.has(m[1]!.toLowerCase());
}

/** A noun phrase and a relative pronoun right before the actor: "the index that", "every page which". */
const RELATIVE_BEFORE =
  /(?:^|[\s(])(?:the|a|an|every|each|any|all|our|its|their|this|these|those)\s+((?:[\w'’-]+\s+){0,3}?)([\w-]+)\s+(?:that|which)\s+(?:(?:the|our|its|their)\s+)?$/i;

/**
 * Whether the actor opens a relative clause of a noun ("the index that Juno searches includes every page"): its present
 * tense says what the thing is, not what the AI did. "We found that the model …" (a verb before "that") is no
 * relative clause, so the word before "that" is a noun: right after the determiner, or not shaped like a finite verb.
 */
function relativeClause(before: string): boolean {
  const m = RELATIVE_BEFORE.exec(before);
  if (!m) return false;
  return m[1] === '' || !looksFinite(m[2]!);
}

/** Words that end the agent of a passive: "by Quill on Sunday", "by the agent when it retried". */
const AGENT_END =
  /\s(?:on|in|at|for|to|when|after|before|and|or|with|from|which|that|during|because|while|who|since|until|so|instead|rather|in place)\b|[,.;:!?()]/i;

/**
 * The AI acting in the passive voice: "the tile's SQL had been regenerated by Quill (our text-to-SQL agent)". The agent
 * after "by" must be an AI actor and no infrastructure ("was throttled by the model provider" is no act, and
 * "throttled" is no act either); a generated output may name its maker as the instrument ("generated with Ledger Assist").
 * Returns the range of the participle and its agent within `text`.
 */
export function passiveActIn(text: string, actors: Actors): { index: number; length: number } | undefined {
  if (!/\s(?:by|with|using|through|via|in)\s/i.test(text)) return undefined;
  return passiveAgent(text, actors, PASSIVE_BY) ?? passiveAgent(text, actors, PASSIVE_WITH);
}

function passiveAgent(
  text: string,
  actors: Actors,
  re: RegExp,
): { index: number; length: number } | undefined {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const from = m.index + m[0].length;
    const rest = text.slice(from, from + 80);
    const end = AGENT_END.exec(rest)?.index ?? rest.length;
    const agent = rest.slice(0, end).trim();
    const last = /([\w-]+)$/.exec(agent)?.[1]?.toLowerCase() ?? '';
    // "written by the small LLM instead of the large one" says which model served, a routing fact, not a decision.
    const routing = /^\s*,?\s*(?:instead of|rather than|in place of)\b/i.test(rest.slice(end));
    if (agent && !routing && !INFRASTRUCTURE_HEADS.has(last) && actors.any.test(agent)) {
      re.lastIndex = 0;
      return { index: m.index, length: from - m.index + agent.length };
    }
  }
  re.lastIndex = 0;
  return undefined;
}

/** A generic actor followed, later in its sentence, by a thinking verb: "the assistant …: it saw …, and concluded". */
export function longClauseThinking(text: string): boolean {
  return new RegExp(String.raw`(?<!\w)${WEAK_ACTOR}${LONG_CLAUSE}(?![\w-])`, 'i').test(text);
}

/** What is done to an output that reaches people: "the drafts were delivered", "the replies were sent". */
const DELIVERED = alternation(events.outputDelivered);
/** A participle that makes an output a model's: "the drafts generated with prompt v34". */
const GENERATED = alternation(events.outputGenerated);
/** An output noun with a past event: "drafts were delivered", "replies generated with prompt v34 stated". */
const OUTPUT_EVENT = new RegExp(
  String.raw`(?<![\w-])(?:${OUTPUT_NOUN})(?<generated>\s+(?:${GENERATED})\s+(?:by|with|from)\s+[^\s,.;:]+(?:\s+[^\s,.;:]+){0,3}?)?(?:\s+(?:was|were)\s+(?:\w+ly\s+)?(?:${DELIVERED})|\s+(?:${FINITE_VERB}))(?![\w-])`,
  'gi',
);

/**
 * An AI's output as the subject of an event, in the past: "some Scribe drafts were delivered with citations nobody
 * checked", "the replies generated with the new prompt stated the wrong amount". The output is an AI actor's (its name
 * right before it; the possessive is `subjectVerbIn`'s) or generated by something; the verb is a finite verb in the past or a passive of delivery. A present tense
 * ("Scribe drafts are reviewed") describes, and an outage verb ("timed out") is no output.
 */
export function outputActIn(text: string, actors: Actors): { index: number; length: number } | undefined {
  OUTPUT_EVENT.lastIndex = 0;
  for (let m = OUTPUT_EVENT.exec(text); m; m = OUTPUT_EVENT.exec(text)) {
    if (presentTense(m[0]) || OUTAGE_OBJECT.test(text.slice(m.index + m[0].length))) continue;
    const owner = m.groups?.generated
      ? ''
      : ownerBefore(text.slice(Math.max(0, m.index - 60), m.index), actors);
    if (owner === undefined) continue;
    OUTPUT_EVENT.lastIndex = 0;
    return { index: m.index - owner.length, length: m[0].length + owner.length };
  }
  OUTPUT_EVENT.lastIndex = 0;
  return undefined;
}

/**
 * The AI actor that ends right before an output noun, with the space after it ("BriefBuilder ", "Ask HR "): one or two
 * words that name an actor, not a longer actor with a noun after it ("the copilot chat answers" names the chat).
 */
function ownerBefore(before: string, actors: Actors): string | undefined {
  const words = /(?:(\S+)\s+)?(\S+)\s+$/.exec(before);
  if (!words || /['’]/.test(words[0])) return undefined;
  const [, first, last] = words;
  if (actors.any.test(last!)) return `${last!}${before.slice(before.lastIndexOf(last!) + last!.length)}`;
  if (first && actors.any.test(`${first} ${last!}`) && !actors.any.test(first)) return words[0];
  return undefined;
}
