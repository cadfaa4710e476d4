/**
 * The AI signals of a document, computed once per document and phrase lists: is an AI system involved, which rows and
 * sentences are agent or model decisions, what the root cause says. The detection itself is split by concept under
 * `ai/` (actors, acts, events, causes, actions, rates, vendors, involvement, blocks, frontmatter); this module puts
 * them together and re-exports what the rules import.
 */
import type { PostmortemDocument } from '../document/parse.js';
import { classifyHeading, normaliseTitle } from '../document/sections.js';
import type { Section, SectionKind, TextRange, TimelineEntry } from '../types.js';
import { phraseRegExp, type PhraseLists } from './phrases.js';
import {
  aiActor,
  botNames,
  declaredAliases,
  describedNames,
  featureNames,
  frontmatterNames,
  introducedNames,
  namedSystems,
} from './ai/actors.js';
import {
  ACTS_LIMIT,
  actsIn,
  GAP,
  buildActors,
  eventIn,
  longClauseThinking,
  outputActIn,
  passiveActIn,
  subjectVerbIn,
  TIME_OPENING,
  type Actors,
} from './ai/acts.js';
import {
  blockOf,
  body,
  bodyParagraphs,
  labelledBlocks,
  outermost,
  within,
  paragraphAround,
  pseudoSections,
  sectionFilled,
  sectionsOf,
  sentences,
  type Block,
} from './ai/blocks.js';
import {
  aiAbility,
  CAUSE_HEADINGS,
  DECISION_TITLE,
  humanSubjectBefore,
  namesModelBehaviour,
  statesCause,
} from './ai/causes.js';
import { actionStem, FOLLOW_UP_HEADINGS } from './ai/actions.js';
import { FINITE_VERB, looksFinite, OUTAGE_OBJECT, presentTense, saysCorrect } from './ai/events.js';
import { frontmatterData, frontmatterRange, recorded, SIX_VARIABLES } from './ai/frontmatter.js';
import { aiEvidence, MODELISH, promptInAiSenseWhere } from './ai/involvement.js';
import { matchesIn, memoByOwner, memoText, namesIn } from '../memo.js';
import { intermittency } from './ai/rates.js';

export {
  blockOf,
  body,
  bodyParagraphs,
  findIn,
  findInBody,
  labelledBlocks,
  outermost,
  paragraphAround,
  sectionBlocks,
  sectionFilled,
  sectionsOf,
  sentences,
  type Block,
  within,
} from './ai/blocks.js';
export {
  frontmatterRange,
  mentionsVariable,
  recorded,
  SIX_VARIABLES,
  type SixVariable,
} from './ai/frontmatter.js';
export { buildActors, compileActors, firstAct, subjectVerbIn } from './ai/acts.js';
export { hasBehaviorRate } from './ai/rates.js';
export { measuresOrGates } from './ai/actions.js';
export { blamedPeople } from './_blame.js';
export { endsInOpenBlock, insertSectionAfter } from './_edits.js';

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
    // A document too large or too complex to parse had only its frontmatter checked: its prose is not read either.
    signals = compute(document.tree ? document : frontmatterOnly(document), phrases);
    byPhrases.set(phrases, signals);
  }
  return signals;
}

/** The document as its frontmatter alone: no body, sections, rows, items or comments. */
function frontmatterOnly(document: PostmortemDocument): PostmortemDocument {
  return {
    ...document,
    text: document.text.slice(0, document.frontmatter?.range.end ?? 0),
    sections: [],
    timeline: [],
    actionItems: [],
    comments: [],
  };
}

function compute(document: PostmortemDocument, phrases: PhraseLists): AiSignals {
  const data = frontmatterData(document);
  const all = body(document);
  // The whole-document scans go paragraph by paragraph, each paragraph's result remembered (ai/memo.ts).
  const paras = bodyParagraphs(document);
  const aliases = namesIn(aliasesIn, paras);
  const allSentences = sentences(all, document.text);
  // Names the frontmatter or the prose describe as an AI ("models: { planner: … }", "Querybot (… assistant …)").
  const described = [
    ...new Set([
      ...frontmatterNames(data),
      ...describedNames(
        '',
        allSentences.map((s) => s.text),
      ),
    ]),
  ].filter((n) => !aliases.includes(n));
  // Names the prose introduces as its AI ("Ask HR is the assistant on our intranet that answers …"), from the source text
  // with its line breaks (a name that opens a paragraph is introduced): tried last, computed once.
  let introducedMemo: string[] | undefined;
  const introduced = () =>
    (introducedMemo ??= namesIn(
      introducedIn,
      paras.map((p) => ({ text: p.raw })),
    ));
  const strongText =
    data.ai_involved === true ||
    SIX_VARIABLES.some((k) => recorded(document, k)) ||
    recorded(document, 'agent_decisions') ||
    recorded(document, 'behavior_rate') ||
    paras.some((p) => evidenceIn(p.text)) ||
    matchesIn(phraseRegExp(phrases.agent_actors), paras) ||
    promptInAiSenseWhere((re) => matchesIn(re, paras), phraseRegExp(phrases.prompt_fix)) ||
    aliases.length > 0 ||
    described.length > 0 ||
    sectionsOf(document, ['agent-decisions']).some((s) => sectionFilled(document, s)) ||
    introduced().length > 0;
  const named = namesIn(systemsIn, paras);
  // A job-named assistant ("the help-center assistant") that is no person's job title is a software assistant; a job-named
  // agent is as often a person or a daemon, so it needs model-ish behaviour too.
  const soft =
    !strongText &&
    named.length > 0 &&
    data.ai_involved !== false &&
    (named.some((n) => /[- ]assistant$/.test(n)) ||
      matchesIn(MODELISH, paras) ||
      paras.some((p) => thinkingIn(p.text)));
  const aiDocument = strongText || soft;
  const names = aiDocument
    ? [
        ...aliases,
        ...described,
        ...named,
        ...introduced(),
        ...namesIn(botsIn, paras),
        ...namesIn(featuresIn, paras),
      ]
    : aliases;
  const actors = buildActors(phrases, [...new Set(names)], aiDocument);
  const decisions: Decision[] = [];

  const decisionsFm = data.agent_decisions;
  if (Array.isArray(decisionsFm)) {
    decisionsFm.forEach((d, i) => {
      const range = frontmatterRange(document, 'agent_decisions', i) ??
        document.frontmatter?.openingFence ?? { start: 0, end: 0 };
      const summary =
        d && typeof d === 'object'
          ? String(
              (d as Record<string, unknown>).action ??
                (d as Record<string, unknown>).concluded ??
                'agent decision',
            )
          : 'agent decision';
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
  const skip: SectionKind[] = [
    'root-cause',
    'contributing-factors',
    'action-items',
    'resolution',
    'lessons',
    'behavior-rate',
    'dependencies',
  ];
  const skipped = partsOf(document, skip).map((s) => s.range);
  const inside = within([...rowRanges, ...skipped]);
  const inTimeline = within(partsOf(document, ['timeline']).map((s) => s.range));
  const notBehaviour = within(
    partsOf(document, ['action-items', 'lessons', 'timeline', 'behavior-rate']).map((s) => s.range),
  );
  let intermittent: { range: TextRange; text: string } | undefined;
  // The stems of acts the document calls correct ("Brief correctly grouped the alerts and posted the summary").
  const correctStems = new Set<string>();
  let previousOpensWithActor = false;
  let previousEnd = 0;
  for (const sentence of allSentences) {
    if (!intermittent && !notBehaviour(sentence.range) && !/^\s*#/.test(sentence.text)) {
      const hit = intermittencyIn(sentence.text);
      if (hit)
        intermittent = {
          range: {
            start: sentence.range.start + hit.index,
            end: sentence.range.start + hit.index + hit.text.length,
          },
          text: hit.text,
        };
    }
    if (inside(sentence.range) || /^\s*#/.test(sentence.text)) {
      previousOpensWithActor = false;
      continue;
    }
    // A present tense narrates in a timeline ("09:14 the assistant gives the 90-day window") and describes elsewhere
    // ("the assistant answers billing questions").
    const narrated = () => inTimeline(sentence.range) || TIME_OPENING.test(sentence.text);
    const after = previousOpensWithActor;
    const previous = previousEnd;
    previousOpensWithActor = opensWithActor(actors, sentence.text);
    previousEnd = sentence.range.end;
    if (correctIn(sentence.text)) {
      if (subjectVerbIn(sentence.text, actors)) correctActs(sentence.text, correctStems);
      continue;
    }
    // The AI as subject ("the assistant told…"), as the agent of a passive ("the SQL had been regenerated by Quill"),
    // or as "it" right after a sentence that opened with it ("Teller Assist is the branch assistant. … it told staff…").
    const event = eventOf(actors, sentence.text, narrated);
    const m = event
      ? { index: event.index, length: event[0].length }
      : (passiveOf(actors, sentence.text) ??
        (after &&
        sameParagraph(
          document.text,
          previous,
          sentence.range.start + sentence.text.length - sentence.text.trimStart().length,
        )
          ? pronounOf(sentence.text, narrated)
          : undefined) ??
        // Its output as the subject: "some Scribe drafts were delivered with unchecked citations".
        (aiDocument ? outputOf(actors, sentence.text) : undefined));
    if (m) {
      decisions.push({
        range: { start: sentence.range.start + m.index, end: sentence.range.start + m.index + m.length },
        text: sentence.text.trim(),
        source: 'prose',
      });
    }
  }
  // A timeline row that repeats an act the prose calls correct ("10:02 Brief posts the summary") is that correct output
  // again, not a decision: the AI's output was right while something else failed.
  const retold = (d: Decision) =>
    correctStems.size > 0 &&
    d.source !== 'tag' &&
    rowRanges.some((r) => r.start <= d.range.start && d.range.end <= r.end) &&
    firstActStem(document.text.slice(d.range.start, d.range.end), actors, correctStems);
  for (let i = decisions.length - 1; i >= 0; i--) if (retold(decisions[i]!)) decisions.splice(i, 1);
  decisions.sort((a, b) => a.range.start - b.range.start);

  const involved = data.ai_involved === false ? false : aiDocument || decisions.length > 0;
  // A section titled "Root cause" is the root cause; beside it, a "Fault" or "What went wrong" section tells what happened.
  const canonical = sectionsOf(document, ['root-cause']).filter((sec) => CANONICAL_CAUSE.test(sec.title));
  const causeSections =
    canonical.length > 0
      ? canonical.map((sec) => blockOf(document.text, sec.contentRange))
      : outermost(partsOf(document, ['root-cause'])).map((sec) => blockOf(document.text, sec.contentRange));
  // "What happened and why" tells the story and the cause at once: without a cause section, its text is the cause too
  // (its kind stays a summary, so the decisions it narrates still count).
  const askedWhy =
    causeSections.length > 0
      ? []
      : document.sections
          .filter((sec) => sec.depth > 1 && ASKS_WHY.test(sec.title))
          .map((sec) => blockOf(document.text, sec.contentRange));
  const stated = [
    ...causeSections,
    ...askedWhy,
    ...labelledBlocks(document, String.raw`root[- ]?causes?|rca|causes?|why it happened`),
  ];
  const contributing = outermost(partsOf(document, ['contributing-factors'])).map((sec) =>
    blockOf(document.text, sec.contentRange),
  );
  // Without a cause section or label, the cause is wherever a sentence states one ("… was caused by …", "due to …").
  const found = stated.length > 0 || contributing.length > 0 ? undefined : causeSentences(document, all);
  const rootCause = found ? found.statements : stated;
  // What the model did is read from the statements; what it is said to have inferred, from their whole sections too.
  const told = found ? found.sections : rootCause;
  // A section on the decision, by kind or by a title that names the AI and its decision ("What we learned about Medic's
  // decision"), that has content speaks of the inference.
  const filledDecisionSection =
    sectionsOf(document, ['agent-decisions']).some((s) => sectionFilled(document, s)) ||
    document.sections.some(
      (s) =>
        s.depth > 1 && DECISION_TITLE.test(s.title) && actors.any.test(s.title) && sectionFilled(document, s),
    );
  const cause = rootCause.length > 0 ? rootCause : contributing;
  const aiActsInCause = [...cause, ...(cause === contributing ? [] : contributing)].some((b) =>
    sentences(b, document.text).some((s) => actsIn(s.text, actors)),
  );
  // The model's behaviour is in the cause when an AI actor does something there or the cause names what a model does.
  const inferenceAware =
    filledDecisionSection ||
    aiActsInCause ||
    [...told, ...contributing].some((b) => namesModelBehaviour(b.text) || aiAbility(b.text)) ||
    inferenceIn([...told, ...contributing], document.text, phrases, actors);
  return { involved, decisions, rootCause, inferenceAware, aiActsInCause, intermittent };
}

/** The title of a section that is the root cause by name: "Root cause", "Root causes", "RCA", "Root cause analysis". */
const CANONICAL_CAUSE = /^\W*(?:\d+[.)]?\s*)?(?:root[- ]?causes?(?:\s+analysis)?|rca)\W*$/i;

/** A title that asks why after what: "What happened and why", "What broke, and why?". */
const ASKS_WHY = /\w[\w\s,'’]*\b(?:and|&)\s+why\W*$/i;

/**
 * Sentences that state a cause, outside the follow-ups and the timeline: the cause of a document without a cause
 * section. `statements` are their paragraphs (with the paragraph before, when no heading stands between); `sections`
 * the same, widened to the section around each under a heading.
 */
function causeSentences(
  document: PostmortemDocument,
  all: Block,
): { statements: Block[]; sections: Block[] } {
  const later = partsOf(document, ['action-items', 'resolution', 'lessons', 'timeline']).map((s) => s.range);
  const out: Block[] = [];
  const wide: Block[] = [];
  for (const s of sentences(all, document.text)) {
    if (
      !causeIn(s.text) ||
      later.some((r) => r.start <= s.range.start && s.range.end <= r.end) ||
      /^\s*#/.test(s.text)
    )
      continue;
    // From the sentence's first word: its leading blank line belongs to the paragraph before.
    const lead = s.text.length - s.text.trimStart().length;
    const paragraph = paragraphAround(document.text, { start: s.range.start + lead, end: s.range.end });
    // A stated cause goes on from what the paragraph before told ("…the model chose wrong numbers. // Upon finding the
    // cause, …"), so that paragraph is read with it unless a heading stands between.
    const before = /\S/.test(document.text.slice(Math.max(0, paragraph.start - 3), paragraph.start))
      ? undefined
      : paragraphAround(document.text, previousWord(document.text, paragraph.start));
    // Under a heading, what the model is said to have inferred is read in the whole section (a long narrative explains
    // before it states); what it did, only in the statement: a section that retells the AI's answer ("the assistant gave
    // the answer in the screenshots") and then states a cause elsewhere has not said why the model answered so.
    const section = document.sections
      .filter(
        (x) => x.depth > 1 && x.contentRange.start <= s.range.start && s.range.end <= x.contentRange.end,
      )
      .pop();
    const start =
      before &&
      before.start >= all.range.start &&
      (!section || before.start >= section.contentRange.start) &&
      !/^\s*#/.test(document.text.slice(before.start, before.end))
        ? before.start
        : paragraph.start;
    if (!out.some((b) => b.range.start <= paragraph.start && paragraph.start < b.range.end)) {
      out.push(blockOf(document.text, { start, end: paragraph.end }));
      wide.push(
        section
          ? blockOf(document.text, section.contentRange)
          : blockOf(document.text, { start, end: paragraph.end }),
      );
    }
  }
  // A paragraph that names its statement the root cause ("We think the root cause is the prompt") is the one to quote.
  const named = (b: Block) => (/\broot[- ]?cause\b/i.test(b.text) ? 0 : 1);
  return { statements: out.sort((a, b) => named(a) - named(b)), sections: wide };
}

/** `intermittency` by sentence text, remembered like `subjectVerbIn`: a re-lint after a keystroke judges the edited sentences only. */
const intermittencyMemo = new Map<string, { index: number; text: string } | null>();
function intermittencyIn(text: string): { index: number; text: string } | undefined {
  const known = intermittencyMemo.get(text);
  if (known !== undefined) return known ?? undefined;
  const found = intermittency(text);
  if (intermittencyMemo.size >= ACTS_LIMIT)
    intermittencyMemo.delete(intermittencyMemo.keys().next().value as string);
  intermittencyMemo.set(text, found ?? null);
  return found;
}

function rowDecision(
  entry: TimelineEntry,
  actors: Actors & { readonly aiDocument: boolean },
): Decision | undefined {
  const text = entry.text.replace(/\s/g, ' ');
  if (entry.agentTag) return { range: entry.range, text, source: 'tag' };
  if (saysCorrect(text)) return undefined;
  if (entry.actor && aiActor(entry.actor.value, actors)) return { range: entry.range, text, source: 'actor' };
  if (
    subjectVerbIn(text, actors) ||
    passiveActIn(text, actors) ||
    (actors.aiDocument && outputActIn(text, actors))
  )
    return { range: entry.range, text, source: 'prose' };
  return undefined;
}

/** A sentence that names an AI and says what it inferred. */
function inferenceIn(
  blocks: readonly Block[],
  source: string,
  phrases: PhraseLists,
  actors: Actors,
): boolean {
  const words = phraseRegExp(phrases.inference_words);
  const every = new RegExp(words.source, words.flags.includes('g') ? words.flags : `${words.flags}g`);
  const mention =
    /\b(?:agent|assistant|bot|chatbot|model|llm|ai|copilot|planner|classifier|summarizer|it|its)\b/i;
  // The inference must be no person's: "before we treated it as an incident" speaks of the responders, not the model.
  const inferred = (text: string) =>
    [...text.matchAll(every)].some((m) => !humanSubjectBefore(text.slice(0, m.index)));
  return blocks.some((b) =>
    sentences(b, source).some(
      (s) => words.test(s.text) && (mention.test(s.text) || actors.any.test(s.text)) && inferred(s.text),
    ),
  );
}

/** The kind of a title: the general heading classes, then the cause and follow-up titles they do not know ("why"). */
export const titleKind: (title: string) => SectionKind = memoText(titleKindOf);

function titleKindOf(title: string): SectionKind {
  const kind = classifyHeading(title);
  if (kind !== 'other') return kind;
  const t = normaliseTitle(title).replace(/[?!.]+$/, '');
  if (CAUSE_HEADINGS.has(t)) return 'root-cause';
  if (FOLLOW_UP_HEADINGS.has(t)) return 'action-items';
  return 'other';
}

const partsCache = new WeakMap<PostmortemDocument, readonly Section[]>();

/**
 * The parts of a document the AI rules read, by kind: its headed sections (an "other" one re-read with `titleKind`, so
 * "Why" and "What drove it" open a cause) and the sections it opens without a heading (a bold line alone, a
 * paragraph's opening label), from `pseudoSections`. Computed once per document.
 */
export function partsOf(document: PostmortemDocument, kinds: readonly SectionKind[]): Section[] {
  let parts = partsCache.get(document);
  if (!parts) {
    // A lone top heading over headed sections is the document's title ("5 Whys: revenue overstated"), not a part of it.
    const tops = document.sections.filter((s) => s.depth === 1);
    const title =
      tops.length === 1 && document.sections.some((s) => s.depth > 1 && s.range.start > tops[0]!.range.start)
        ? tops[0]
        : undefined;
    parts = [
      ...document.sections
        .filter((s) => s !== title)
        .map((s) => {
          if (s.kind !== 'other') return s;
          const kind = titleKind(s.title);
          return kind === 'other' ? s : { ...s, kind };
        }),
      ...pseudoSections(document, titleKind),
    ];
    partsCache.set(document, parts);
  }
  return parts.filter((s) => kinds.includes(s.kind));
}

/** Adds to `stems` the stem of every verb-shaped word after the AI subject of a sentence that calls its output correct. */
function correctActs(text: string, stems: Set<string>): void {
  for (const word of text.match(/[A-Za-z]{4,}/g) ?? []) {
    if (!/(?:ed|s)$/i.test(word) || !looksFinite(word)) continue;
    const stem = actionStem(word);
    if (stem) stems.add(stem);
  }
}

/** Whether the AI's verb in a row (the first verb-shaped word after an AI actor) has one of `stems`. */
function firstActStem(text: string, actors: Actors, stems: ReadonlySet<string>): boolean {
  const m = subjectVerbIn(text, actors);
  const rest = m ? m[0] : text;
  const verb = m
    ? /(\S+)$/.exec(rest)?.[1]
    : (rest.match(/[A-Za-z]{4,}/g) ?? []).find((w) => /(?:ed|s)$/i.test(w) && looksFinite(w));
  const stem = verb ? actionStem(verb) : undefined;
  return stem !== undefined && stems.has(stem);
}

/** The per-actors memos keep the document's current actor expressions only (`memoByOwner`'s `latest`). */
const LATEST = { latest: true } as const;
/** Whether a sentence opens with an AI actor: its first four words name one ("Teller Assist is the branch assistant"). */
const opensWithActor = memoByOwner((actors: Actors, text: string): boolean => {
  const lead = /^[\s*_>|-]*((?:\S+\s+){0,3}\S+)/.exec(text)?.[1];
  return lead !== undefined && actors.any.test(lead);
}, LATEST);

/** Whether only a line break, never a blank line, separates two offsets: one paragraph. */
function sameParagraph(text: string, from: number, to: number): boolean {
  return !/\n[ \t]*\r?\n/.test(text.slice(from, to));
}

/** "it" with a finite verb, as the continuation of an AI subject: "From 12 to 20 October it told staff the old fee". */
const IT_ACT = new RegExp(String.raw`(?<![\w-])[Ii]t${GAP}\s+(?:${FINITE_VERB})(?![\w-])`);
function pronounAct(text: string, narrated: () => boolean): { index: number; length: number } | undefined {
  const m = IT_ACT.exec(text);
  if (!m || m.index > 60) return undefined;
  if (OUTAGE_OBJECT.test(text.slice(m.index + m[0].length))) return undefined;
  if (presentTense(m[0]) && !narrated()) return undefined;
  return { index: m.index, length: m[0].length };
}

/**
 * The per-sentence readings of the loop in `compute`, remembered by sentence text (and compiled actors): a re-lint after
 * a keystroke reads the edited sentences only. A reading that may depend on whether the sentence narrates (a present
 * tense) is remembered with the question asked or not: when it was not, the answer holds either way.
 */
const aliasesIn = memoText(declaredAliases);
const systemsIn = memoText(namedSystems);
const introducedIn = memoText(introducedNames);
const botsIn = memoText(botNames);
const featuresIn = memoText(featureNames);
const evidenceIn = memoText(aiEvidence);
const thinkingIn = memoText(longClauseThinking);
const correctIn = memoText(saysCorrect);
const causeIn = memoText(statesCause);
const passiveOf = memoByOwner((actors: Actors, text: string) => passiveActIn(text, actors), LATEST);
const outputOf = memoByOwner((actors: Actors, text: string) => outputActIn(text, actors), LATEST);

function askedOrNot<T>(read: (text: string, narrated: () => boolean) => T): {
  readonly quiet: (text: string) => { readonly value: T; readonly asked: boolean };
  readonly told: (text: string) => T;
} {
  return {
    quiet: (text) => {
      let asked = false;
      const value = read(text, () => ((asked = true), false));
      return { value, asked };
    },
    told: (text) => read(text, () => true),
  };
}
const eventQuiet = memoByOwner((actors: Actors, text: string) => {
  let asked = false;
  const value = eventIn(text, actors, () => ((asked = true), false));
  return { value, asked };
}, LATEST);
const eventTold = memoByOwner((actors: Actors, text: string) => eventIn(text, actors, () => true), LATEST);
function eventOf(actors: Actors, text: string, narrated: () => boolean): RegExpExecArray | undefined {
  const r = eventQuiet(actors, text);
  return r.asked && narrated() ? eventTold(actors, text) : r.value;
}
const pronounPlain = askedOrNot(pronounAct);
const pronounQuiet = memoText(pronounPlain.quiet);
const pronounTold = memoText(pronounPlain.told);
function pronounOf(text: string, narrated: () => boolean): { index: number; length: number } | undefined {
  const r = pronounQuiet(text);
  return r.asked && narrated() ? pronounTold(text) : r.value;
}

/** The range of the last non-space character before `offset` (the end of the paragraph before a blank line). */
function previousWord(text: string, offset: number): TextRange {
  let i = offset - 1;
  while (i > 0 && /\s/.test(text[i]!)) i--;
  return { start: i, end: i + 1 };
}
