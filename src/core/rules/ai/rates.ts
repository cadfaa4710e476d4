/**
 * Rates: an intermittent behaviour in any wording ("in some cases", "one-off", "works now") and an honest rate in any
 * form ("16% of requests", "3 of 200 replays", "1 in 40 conversations"). Vocabulary lives in `rates.json`.
 */
import data from './rates.json' with { type: 'json' };
import type { PostmortemDocument } from '../../document/parse.js';
import { body, bodyParagraphs, sectionFilled, sectionsOf, sentences } from './blocks.js';
import { recorded } from './frontmatter.js';
import { memoText } from '../../memo.js';

function pattern(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) =>
      w
        .replace(/[.+?^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '\\w*')
        .replace(/ /g, '[\\s-]+'),
    )
    .join('|');
}

// `\b`, not a look-behind: the expression scans whole documents, and a leading look-behind makes V8 try every position.
const INTERMITTENT = new RegExp(String.raw`\b(?:${pattern(data.intermittent)})(?![\w-])`, 'i');
const AVAILABILITY = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.availability)})(?![\w-])`, 'i');
const SUBJECT = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.subjects)})(?![\w-])`, 'i');
const STRONG_SUBJECT = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.subjects.filter((w) => !data.weakSubjects.includes(w)))})(?![\w-])`,
  'i',
);
const SUBJECT_WORD = new RegExp(String.raw`^(?:${pattern(data.subjects)})$`, 'i');
const ADJECTIVES = new Set(data.adjectives);
const DIGITS = String.raw`\d[\d,]*(?:\.\d+)?`;
/** A count in digits or in words ("one in twenty", "two out of fifty"). */
const NUMBER = String.raw`(?:${DIGITS}|(?:${pattern(data.numberWords)})(?![\w-]))`;
const SHARE_PREFIX = String.raw`(?:${DIGITS}\s?%|${NUMBER}\s+(?:of|out of|in)\s+(?:every\s+)?${NUMBER}|(?<![\d/])${DIGITS}\s*/\s*${DIGITS}(?!\/\d)|(?:${pattern(data.fractions)})\s+of)\s+(?:of\s+)?(?:(?:the|all|our|its|their)\s+)?(?:[\w-]+\s+){0,2}?`;
const SHARE = new RegExp(String.raw`${SHARE_PREFIX}(?:${pattern(data.shareOf)})(?![\w-])`, 'i');
const SHARE_OF_PEOPLE = new RegExp(
  String.raw`${SHARE_PREFIX}(?:${pattern(data.shareOfPeople)})(?![\w-])`,
  'i',
);
/** A share of any counted plural noun ("0.7% of segments"), a rate only with a word that judges what happened to them. */
const SHARE_OF_ANY = new RegExp(String.raw`${SHARE_PREFIX}[\p{L}-]+s(?![\w-])`, 'iu');
const JUDGED = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.judged)})(?![\w-])`, 'i');

const WORD = String.raw`[^\s.,;:!?()]+`;
/** A negated universal: "doesn't happen every time", "did not give the wrong window in every conversation". */
const NOT_EVERY = new RegExp(
  String.raw`(?:n't|\b(?:do|does|did|is|was|were|are|has|have|had|will|would|could|can|may|might)\s+not)\s+(?:[^\s.,;:!?()"]+\s+){0,4}?(?:(?:in|on|for|with)\s+)?(?:every|each)\s+(?:single\s+)?(?:${pattern(data.everyWhat)})(?![\w-])|\bnot\s+(?:always|reliably|consistently|in\s+all\s+cases)(?![\w-])|\bonly\s+(?:some|certain)\s+(?:of\s+the\s+)?(?:${pattern(data.everyWhat)})s?(?![\w-])`,
  'i',
);
const CANNOT = String.raw`(?:${pattern(data.cannot)})`;
/** "could not get the 26-week answer back", "haven't been able to reproduce it on demand", "can't repro". */
const CANNOT_RECUR = new RegExp(
  String.raw`(?<![\w-])${CANNOT}\s+(?:${WORD}\s+){0,3}?(?:(?:${pattern(data.recur)})(?![\w-])|(?:get|make)\s+(?:${WORD}\s+){0,5}?(?:back|again)(?![\w-]))`,
  'i',
);
/** "Fine every time." after a rerun: a sentence that opens with a success on every try. */
const FINE_EACH_TIME = new RegExp(
  String.raw`^\W*(?:(?:it|they)\s+(?:was|were|came\s+back|worked)\s+)?(?:${pattern(data.success)})\s+(?:on\s+)?(?:every|each)\s+(?:single\s+)?(?:time|run|rerun|replay|try|attempt)(?![\w-])`,
  'i',
);
const RETRY = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.retries)})(?![\w-])`, 'i');
const SUCCESS = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.success)})(?![\w-])`, 'i');

/** Typographic apostrophes as straight ones, same length, so indexes stay source offsets. */
function straight(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'");
}

/**
 * Not getting the behaviour back, in any wording: an inability to make it recur ("could not get the answer back",
 * "haven't been able to reproduce it on demand", "can't repro"), or a retry that came back good ("reran it a few
 * times, fine every time", "the same question often gets a correct answer when asked again"). Errors and timeouts
 * that went away on a retry are availability, not behaviour.
 */
export function nonReproduction(text: string): { index: number; text: string } | undefined {
  const sentence = straight(text);
  const m = CANNOT_RECUR.exec(sentence) ?? FINE_EACH_TIME.exec(sentence);
  if (m) return { index: m.index, text: m[0] };
  if (AVAILABILITY.test(sentence) || !SUBJECT.test(sentence)) return undefined;
  const retry = RETRY.exec(sentence);
  if (!retry || !SUCCESS.test(sentence)) return undefined;
  return { index: retry.index, text: retry[0] };
}

/** The first wording of intermittency in a sentence that is not about availability, with its index. */
export function intermittency(text: string): { index: number; text: string } | undefined {
  const sentence = straight(text);
  if (AVAILABILITY.test(sentence) || !SUBJECT.test(sentence)) return undefined;
  const negated = NOT_EVERY.exec(sentence);
  if (negated) return { index: negated.index, text: negated[0] };
  const re = INTERMITTENT_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    // "a flaky synthetic check": an adjective before a noun that is not the AI or its output describes that noun.
    const next = /^\s+([\w-]+)(?:\s+([\w-]+))?/.exec(sentence.slice(m.index + m[0].length));
    const describesOther =
      ADJECTIVES.has(m[0].toLowerCase()) &&
      next &&
      ![next[1], next[2]].some((w) => w !== undefined && SUBJECT_WORD.test(w));
    if (!describesOther) {
      re.lastIndex = 0;
      return { index: m.index, text: m[0] };
    }
  }
  return undefined;
}

/** The sentence names the AI or its output ("the assistant", "answers"), not just "it" or "the issue". */
export function namesAiOrOutput(sentence: string): boolean {
  return STRONG_SUBJECT.test(sentence);
}

/** Where a text may hold an intermittency (global: set `lastIndex` before use); `intermittency` judges each sentence. */
export const INTERMITTENT_ALL = new RegExp(INTERMITTENT.source, 'gi');

/** "it went to 100% of eligible chats", "enabled for 20% of users": the share is the reach of a rollout. */
const ROLLOUT_BEFORE = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.rollouts)})\s+(?:(?:about|roughly|around|only|just|all|up\s+to)\s+|~)?$`,
  'i',
);
/** The share `re` finds in the sentence, unless it is the reach of a rollout. */
function shareIn(re: RegExp, sentence: string): boolean {
  const m = re.exec(sentence);
  return m !== null && !ROLLOUT_BEFORE.test(sentence.slice(Math.max(0, m.index - 40), m.index));
}

/** Whether a sentence gives a rate as a share of something counted: "wrong for 16% of requests", "3 of 200 replays". */
export function shareRate(sentence: string): boolean {
  return (
    shareIn(SHARE, sentence) ||
    ((shareIn(SHARE_OF_PEOPLE, sentence) || shareIn(SHARE_OF_ANY, sentence)) &&
      JUDGED.test(sentence) &&
      !AVAILABILITY.test(sentence))
  );
}

const COUNTED = new RegExp(
  // A date ("05/03/2026") is no k of n: a slash ratio neither follows nor precedes another slash and digits.
  String.raw`(?<![\w/-])${NUMBER}\s*(?:of|\/|out of|in)\s*${NUMBER}(?![\w-]|\/\d)|\b\d+(?:\.\d+)?\s?%|\b${DIGITS}\s+(?:times|replays|runs|reruns|samples|trials|attempts|retries|tries)\b`,
  'i',
);

/** A number of its own ("200", "3", "1.5%"), not a digit inside a ticket or an identifier ("DR-5531", "v2"). */
const STANDALONE_NUMBER = /(?<![\w-])\d[\d,.]*%?(?![\w-])/;

/** Evidence of a behavior rate: n replays, k bad, a rate or an interval. */
export function hasBehaviorRate(document: PostmortemDocument): boolean {
  if (recorded(document, 'behavior_rate')) return true;
  if (
    sectionsOf(document, ['behavior-rate']).some(
      (s) =>
        sectionFilled(document, s) &&
        STANDALONE_NUMBER.test(document.text.slice(s.contentRange.start, s.contentRange.end)),
    )
  )
    return true;
  return (
    sentences(body(document), document.text).some((s) => ratedIn(s.text)) ||
    bodyParagraphs(document).some((p) => replayCountedIn(p.text))
  );
}

/** "We replayed the alert forty times. It chose the wrong playbook 9 of 40 times.": the replay and its count in one paragraph. */
const REPLAYED = /\breplay|\bre-?ran\b|\bre-?run|\bsampled\b|\btrials?\b/i;
const K_OF_N = new RegExp(
  String.raw`(?<![\w/-])${NUMBER}\s+(?:of|out\s+of)\s+${NUMBER}(?![\w-])|(?<![\w/-])${DIGITS}\s*\/\s*${DIGITS}(?![\w-]|\/\d)`,
  'i',
);
const replayCountedIn = memoText((text: string) => REPLAYED.test(text) && K_OF_N.test(text));

const ABOUT =
  /\breplay|\bre-?ran\b|\bre-?run|\brepeat|\bsampl|\btrials?\b|\breproduc|\bCI\b|confidence interval/i;
// "Rate" alone is a behavior rate only about outputs, not "5xx rate under 0.1%" or an availability figure.
const RATE = /\brate\b/i;
const OUTPUTS =
  /\b(?:outputs?|answers?|responses?|repl(?:y|ies)|completions?|generations?|citations?|conversations?|transcripts?|decisions?|actions?|bad|wrong|incorrect|harmful|unsafe|hallucinat\w*|fabricat\w*)\b/i;
const SERVICE =
  /\b(?:[45]xx|http|error rate|latency|availability|uptime|p\d\d|throughput|cpu|memory|timeouts?)\b/i;

/** Whether a sentence gives a behavior rate; remembered by sentence text (memo.ts). */
const ratedIn = memoText(
  (text: string) =>
    shareRate(text) ||
    (COUNTED.test(text) &&
      (ABOUT.test(text) || (RATE.test(text) && OUTPUTS.test(text) && !SERVICE.test(text)))),
);

const REPRODUCE_QUESTION = new RegExp(
  String.raw`(?<![\w-])(?:${pattern(data.reproduceQuestion)})(?![\w-])[^?]*\?\s*$`,
  'i',
);
const ANSWER_NO = new RegExp(String.raw`^[\s*_>-]*(?:${pattern(data.answersNo)})(?![\w-])`, 'i');

/** A heading that asks whether the behaviour came back: "Could we reproduce it?", "Did it happen again?". */
export function asksReproduced(title: string): boolean {
  return REPRODUCE_QUESTION.test(title);
}

/** The answer opens with a no: "Not so far.", "No.", "Not reliably." (its length, or 0). */
export function answeredNo(text: string): number {
  return ANSWER_NO.exec(text)?.[0].length ?? 0;
}
