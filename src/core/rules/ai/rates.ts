/**
 * Rates: an intermittent behaviour in any wording ("in some cases", "one-off", "works now") and an honest rate in any
 * form ("16% of requests", "3 of 200 replays", "1 in 40 conversations"). Vocabulary lives in `rates.json`.
 */
import data from './rates.json' with { type: 'json' };
import type { PostmortemDocument } from '../../document/parse.js';
import { body, sectionFilled, sectionsOf, sentences } from './blocks.js';
import { recorded } from './frontmatter.js';

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
const SUBJECT_WORD = new RegExp(String.raw`^(?:${pattern(data.subjects)})$`, 'i');
const ADJECTIVES = new Set(data.adjectives);
const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?`;
const SHARE_PREFIX = String.raw`(?:${NUMBER}\s?%|${NUMBER}\s+(?:of|out of|in)\s+(?:every\s+)?${NUMBER}|${NUMBER}\s*/\s*${NUMBER})\s+(?:of\s+)?(?:(?:the|all|our|its|their)\s+)?(?:[\w-]+\s+){0,2}?`;
const SHARE = new RegExp(String.raw`${SHARE_PREFIX}(?:${pattern(data.shareOf)})(?![\w-])`, 'i');
const SHARE_OF_PEOPLE = new RegExp(
  String.raw`${SHARE_PREFIX}(?:${pattern(data.shareOfPeople)})(?![\w-])`,
  'i',
);
const JUDGED = new RegExp(String.raw`(?<![\w-])(?:${pattern(data.judged)})(?![\w-])`, 'i');

/** The first wording of intermittency in a sentence that is not about availability, with its index. */
export function intermittency(sentence: string): { index: number; text: string } | undefined {
  if (AVAILABILITY.test(sentence) || !SUBJECT.test(sentence)) return undefined;
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

/** Where a text may hold an intermittency (global: set `lastIndex` before use); `intermittency` judges each sentence. */
export const INTERMITTENT_ALL = new RegExp(INTERMITTENT.source, 'gi');

/** Whether a sentence gives a rate as a share of something counted: "wrong for 16% of requests", "3 of 200 replays". */
export function shareRate(sentence: string): boolean {
  return SHARE.test(sentence) || (SHARE_OF_PEOPLE.test(sentence) && JUDGED.test(sentence));
}

/** Evidence of a behavior rate: n replays, k bad, a rate or an interval. */
export function hasBehaviorRate(document: PostmortemDocument): boolean {
  if (recorded(document, 'behavior_rate')) return true;
  if (
    sectionsOf(document, ['behavior-rate']).some(
      (s) =>
        sectionFilled(document, s) &&
        /\d/.test(document.text.slice(s.contentRange.start, s.contentRange.end)),
    )
  )
    return true;
  const counted =
    /\b\d+\s*(?:of|\/|out of)\s*\d+\b|\b\d+(?:\.\d+)?\s?%|\b\d+\s+(?:times|replays|runs|reruns|samples|trials)\b/i;
  const about =
    /\breplay|\bre-?ran\b|\bre-?run|\brepeat|\bsampl|\btrials?\b|\breproduc|\bCI\b|confidence interval/i;
  // "Rate" alone is a behavior rate only about outputs, not "5xx rate under 0.1%" or an availability figure.
  const rate = /\brate\b/i;
  const outputs =
    /\b(?:outputs?|answers?|responses?|repl(?:y|ies)|completions?|generations?|citations?|conversations?|transcripts?|decisions?|actions?|bad|wrong|incorrect|harmful|unsafe|hallucinat\w*|fabricat\w*)\b/i;
  const service =
    /\b(?:[45]xx|http|error rate|latency|availability|uptime|p\d\d|throughput|cpu|memory|timeouts?)\b/i;
  return sentences(body(document), document.text).some(
    (s) =>
      shareRate(s.text) ||
      (counted.test(s.text) &&
        (about.test(s.text) || (rate.test(s.text) && outputs.test(s.text) && !service.test(s.text)))),
  );
}
