/**
 * The AI signals of a document, computed once per document and phrase lists: is an AI system involved, which rows and
 * sentences are agent or model decisions, what the root cause says. The detection itself is split by concept under
 * `ai/` (actors, acts, events, causes, actions, rates, vendors, involvement, blocks, frontmatter); this module puts
 * them together and re-exports what the rules import.
 */
import type { PostmortemDocument } from '../document/parse.js';
import type { SectionKind, TextRange, TimelineEntry } from '../types.js';
import { phraseRegExp, type PhraseLists } from './phrases.js';
import {
  aiActor,
  botNames,
  declaredAliases,
  describedNames,
  frontmatterNames,
  introducedNames,
  namedSystems,
} from './ai/actors.js';
import {
  ACTS_LIMIT,
  actsIn,
  buildActors,
  eventIn,
  longClauseThinking,
  subjectVerbIn,
  TIME_OPENING,
  type Actors,
} from './ai/acts.js';
import {
  blockOf,
  body,
  labelledBlocks,
  paragraphAround,
  sectionBlocks,
  sectionFilled,
  sectionsOf,
  sentences,
  type Block,
} from './ai/blocks.js';
import { aiAbility, namesModelBehaviour, statesCause } from './ai/causes.js';
import { saysCorrect } from './ai/events.js';
import { frontmatterData, frontmatterRange, recorded, SIX_VARIABLES } from './ai/frontmatter.js';
import { aiEvidence, MODELISH, promptInAiSense } from './ai/involvement.js';
import { intermittency } from './ai/rates.js';

export {
  blockOf,
  body,
  findIn,
  labelledBlocks,
  paragraphAround,
  sectionBlocks,
  sectionFilled,
  sectionsOf,
  sentences,
  type Block,
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
    signals = compute(document, phrases);
    byPhrases.set(phrases, signals);
  }
  return signals;
}

function compute(document: PostmortemDocument, phrases: PhraseLists): AiSignals {
  const data = frontmatterData(document);
  const all = body(document);
  const aliases = declaredAliases(all.text);
  const allSentences = sentences(all, document.text);
  // Names the frontmatter or the prose describe as an AI ("models: { planner: … }", "Querybot (… assistant …)").
  const described = [
    ...new Set([
      ...frontmatterNames(data),
      ...describedNames(
        all.text,
        allSentences.map((s) => s.text),
      ),
    ]),
  ].filter((n) => !aliases.includes(n));
  const strongText =
    data.ai_involved === true ||
    SIX_VARIABLES.some((k) => recorded(document, k)) ||
    recorded(document, 'agent_decisions') ||
    recorded(document, 'behavior_rate') ||
    aiEvidence(all.text) ||
    phraseRegExp(phrases.agent_actors).test(all.text) ||
    promptInAiSense(all.text, phraseRegExp(phrases.prompt_fix)) ||
    aliases.length > 0 ||
    described.length > 0 ||
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
  const names = aiDocument
    ? [...aliases, ...described, ...named, ...introducedNames(all.text), ...botNames(all.text)]
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
  const skipped = sectionsOf(document, skip).map((s) => s.range);
  const inside = (r: TextRange) =>
    [...rowRanges, ...skipped].some((o) => o.start <= r.start && r.end <= o.end);
  const timelines = sectionsOf(document, ['timeline']).map((s) => s.range);
  const notBehaviour = sectionsOf(document, ['action-items', 'lessons', 'timeline', 'behavior-rate']).map(
    (s) => s.range,
  );
  let intermittent: { range: TextRange; text: string } | undefined;
  for (const sentence of allSentences) {
    if (
      !intermittent &&
      !notBehaviour.some((r) => r.start <= sentence.range.start && sentence.range.end <= r.end) &&
      !/^\s*#/.test(sentence.text)
    ) {
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
    if (inside(sentence.range) || /^\s*#/.test(sentence.text)) continue;
    // A present tense narrates in a timeline ("09:14 the assistant gives the 90-day window") and describes elsewhere
    // ("the assistant answers billing questions").
    const narrated = () =>
      timelines.some((t) => t.start <= sentence.range.start && sentence.range.end <= t.end) ||
      TIME_OPENING.test(sentence.text);
    const m = eventIn(sentence.text, actors, narrated);
    if (m && !saysCorrect(sentence.text))
      decisions.push({
        range: { start: sentence.range.start + m.index, end: sentence.range.start + m.index + m[0].length },
        text: sentence.text.trim(),
        source: 'prose',
      });
  }
  decisions.sort((a, b) => a.range.start - b.range.start);

  const involved = data.ai_involved === false ? false : aiDocument || decisions.length > 0;
  // A section titled "Root cause" is the root cause; beside it, a "Fault" or "What went wrong" section tells what happened.
  const canonical = sectionsOf(document, ['root-cause']).filter((sec) => CANONICAL_CAUSE.test(sec.title));
  const causeSections =
    canonical.length > 0
      ? canonical.map((sec) => blockOf(document.text, sec.contentRange))
      : sectionBlocks(document, ['root-cause']);
  const stated = [
    ...causeSections,
    ...labelledBlocks(document, String.raw`root[- ]?causes?|rca|causes?|why it happened`),
  ];
  const contributing = sectionBlocks(document, ['contributing-factors']);
  // Without a cause section or label, the cause is wherever a sentence states one ("… was caused by …", "due to …").
  const rootCause = stated.length > 0 || contributing.length > 0 ? stated : causeSentences(document, all);
  const filledDecisionSection = sectionsOf(document, ['agent-decisions']).some((s) =>
    sectionFilled(document, s),
  );
  const cause = rootCause.length > 0 ? rootCause : contributing;
  const aiActsInCause = [...cause, ...(cause === contributing ? [] : contributing)].some((b) =>
    sentences(b, document.text).some((s) => actsIn(s.text, actors)),
  );
  // The model's behaviour is in the cause when an AI actor does something there or the cause names what a model does.
  const inferenceAware =
    filledDecisionSection ||
    aiActsInCause ||
    [...rootCause, ...contributing].some((b) => namesModelBehaviour(b.text) || aiAbility(b.text)) ||
    inferenceIn([...rootCause, ...contributing], document.text, phrases, actors);
  return { involved, decisions, rootCause, inferenceAware, aiActsInCause, intermittent };
}

/** The title of a section that is the root cause by name: "Root cause", "Root causes", "RCA", "Root cause analysis". */
const CANONICAL_CAUSE = /^\W*(?:\d+[.)]?\s*)?(?:root[- ]?causes?(?:\s+analysis)?|rca)\W*$/i;

/** Sentences that state a cause, outside the follow-ups and the timeline: the cause of a document without a cause section. */
function causeSentences(document: PostmortemDocument, all: Block): Block[] {
  const later = sectionsOf(document, ['action-items', 'resolution', 'lessons', 'timeline']).map(
    (s) => s.range,
  );
  const out: Block[] = [];
  for (const s of sentences(all, document.text)) {
    if (
      !statesCause(s.text) ||
      later.some((r) => r.start <= s.range.start && s.range.end <= r.end) ||
      /^\s*#/.test(s.text)
    )
      continue;
    const paragraph = paragraphAround(document.text, s.range);
    if (!out.some((b) => b.range.start === paragraph.start)) out.push(blockOf(document.text, paragraph));
  }
  return out;
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
  if (subjectVerbIn(text, actors)) return { range: entry.range, text, source: 'prose' };
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
  const mention =
    /\b(?:agent|assistant|bot|chatbot|model|llm|ai|copilot|planner|classifier|summarizer|it|its)\b/i;
  return blocks.some((b) =>
    sentences(b, source).some((s) => words.test(s.text) && (mention.test(s.text) || actors.any.test(s.text))),
  );
}
