/** Blame: people a postmortem names as the cause (for `blameless`). */
import type { PostmortemDocument } from '../document/parse.js';
import type { TextRange } from '../types.js';
import { phraseRegExp, type PhraseLists } from './phrases.js';
import { NOT_PEOPLE } from './ai/actors.js';
import type { Block } from './ai/blocks.js';
import { GAP } from './ai/acts.js';
import { frontmatterData } from './ai/frontmatter.js';
import { sentences } from './ai/blocks.js';
import data from './blame.json' with { type: 'json' };

/** People the document names as causes in `blocks`: "Alice ran the wrong command", "@jdoe forgot to…". */
export function blamedPeople(
  document: PostmortemDocument,
  blocks: readonly Block[],
  phrases: PhraseLists,
): Array<{ range: TextRange; name: string }> {
  const known = knownPeople(document, phrases);
  const strongBlame = String.raw`(?:${GAP}\s+)(?:forgot|forgets|ran the wrong|typed the wrong|pushed the wrong|deleted the wrong|made (?:a|an) (?:mistake|error)|mistakenly|accidentally|carelessly|fat-?fingered|mistyped|neglected|should have|failed to (?:check|notice|follow|verify|scope|test|review|read|confirm|update)|did(?: not|n't) (?:check|notice|follow|verify|read|review|test|confirm)|(?:approved|accepted|merged|pushed|committed|applied|deployed|shipped) [^.;]{0,60}without (?:reading|checking|review(?:ing)?|testing|looking at|verifying))`;
  const weakBlame = String.raw`(?:${GAP}\s+)(?:caused|broke|deleted|misconfigured|pushed|merged|deployed|ran|ignored|skipped|approved)`;
  const possessive = String.raw`'s (?:mistake|error|fault|negligence|carelessness|oversight)`;
  const out: Array<{ range: TextRange; name: string }> = [];
  const names = [...known].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const knownRe = names.length
    ? new RegExp(
        // "The change Tom deployed had been tested": a name after a determiner and a noun is inside a noun phrase.
        String.raw`(?<![\w@-])(?<!(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Tt]heir|[Oo]ur)\s+[\p{L}-]+\s+)(${names.join('|')})(?:${strongBlame}|${weakBlame}|${possessive})`,
        'u',
      )
    : undefined;
  const handleRe = new RegExp(String.raw`(@[\w][\w.-]*)(?:${strongBlame}|${weakBlame}|${possessive})`, 'u');
  const anyNameRe = new RegExp(
    String.raw`(?<![\w@-])(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)(?:${strongBlame}|${possessive})`,
    'u',
  );
  const byRe =
    /\b(?:[Hh]uman error|[Oo]perator error|[Cc]aused|[Mm]istake) by (@[\w][\w.-]*|\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)/u;
  // "Human error by Dmitri": the words before the name already blame a person, known or not ("caused by Redis" does not).
  const errorByRe =
    /\b(?:[Hh]uman error|[Oo]perator error|[Uu]ser error|[Mm]istake|[Ff]ault|[Oo]versight) (?:by|of) (\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)(?![\w-])/u;
  // A person who opens a clause and is blamed later in it: "Kim disabled the flag for a test and forgot to re-enable it".
  const opener = String.raw`(?:In|On|At|During|Since|After|Before|Early|Late|Last|Back in)`;
  const clauseRe = new RegExp(
    String.raw`(?<=(?:^|[.;:!?*+—–-])\s*(?:${opener}\s+[\w-]+(?:\s+\d{4})?,?\s+)?)(?!${opener}\b)(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?)\s+(?:[^\s.;:!?]+\s+){1,14}?(?:and|but|yet|then)\s+(?:then\s+|also\s+)?(?:forgot|neglected|should have|never (?:checked|re-?enabled|reverted|tested)|failed to (?:check|notice|follow|verify|scope|test|review|read|confirm|update|revert|re-?enable|restore)|did(?: not|n't) (?:check|notice|follow|verify|read|review|test|confirm|revert|re-?enable|restore))`,
    'u',
  );
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
      if (re !== knownRe && re !== handleRe && (NOT_PEOPLE.has(name.split(' ')[0]!) || actors.test(name)))
        continue;
      if ((re === byRe || re === passiveRe) && !name.startsWith('@') && !known.has(name)) continue;
      const at = block.range.start + m.index + m[0].indexOf(name);
      out.push({ range: { start: at, end: at + name.length }, name });
      break;
    }
    if (out.length === 0 || out[out.length - 1]!.range.start < block.range.start) {
      const lapse = lapseIn(block, document.text, known, actors);
      if (lapse) out.push(lapse);
    }
  }
  return out;
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escape(w).replace(/ /g, String.raw`\s+`))
    .join('|');
/** "run" → "running", "use" → "using", "check" → "checking": the gerund of a verb's first word. */
function gerund(verb: string): string {
  const [head, ...rest] = verb.split(' ');
  const h = head!;
  const g = /[^e]e$/.test(h)
    ? `${h.slice(0, -1)}ing`
    : /^(?:[^aeiou-]*-)?[^aeiou]*[aeiou][bdgmnpt]$/.test(h)
      ? `${h}${h.slice(-1)}ing`
      : `${h}ing`;
  return [g, ...rest].join(' ');
}
/** "check" → "checked", "use" → "used", "apply" → "applied": the past tense of a verb's first word. */
function past(verb: string): string {
  const [head, ...rest] = verb.split(' ');
  const h = head!;
  const p = h.endsWith('e')
    ? `${h}d`
    : /[^aeiou]y$/.test(h)
      ? `${h.slice(0, -1)}ied`
      : /^(?:[^aeiou-]*-)?[^aeiou]*[aeiou][bdgmnpt]$/.test(h)
        ? `${h}${h.slice(-1)}ed`
        : `${h}ed`;
  return [p, ...rest].join(' ');
}
const DILIGENCE = alternation(data.diligence.flatMap((v) => [v, past(v)]));
const GERUNDS = alternation(data.diligence.map(gerund));
/** A person's lapse whoever the subject: "without reading the migration", "did not double-check the profile". */
const DILIGENT_LAPSE = new RegExp(
  String.raw`(?<![\w-])(?:without\s+(?:[\p{Ll}-]+\s+)?(?:${GERUNDS})|(?:did\s+not|didn't|never|failed\s+to|forgot\s+to|neglected\s+to)\s+(?:[\p{Ll}-]+\s+)?(?:${DILIGENCE}))(?![\w-])`,
  'u',
);
const LAPSE = new RegExp(String.raw`(?<![\w-])(?:${alternation(data.lapses)})(?![\w-])`, 'u');
const anyCase = (words: readonly string[]) =>
  alternation(words.flatMap((w) => [w, w[0]!.toUpperCase() + w.slice(1)]));
const NAME = String.raw`\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?`;
const OPENER = String.raw`^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?:[^:—–*\n]{1,40}[:—–]\s*)?(?:\*\*|__)?\s*(?:(?:[Ww]hen|[Aa]fter|[Bb]efore|[Ww]hile|[Dd]uring|[Oo]n|[Ii]n|[Aa]t)\s+[^,.;:]{1,60},\s+)?(?:(?:[Bb]ecause|[Ss]ince|[Ww]hen|[Aa]fter|[Tt]hen|[Aa]nd|[Bb]ut|[Ss]o)\s+)?`;
/** A name that opens a sentence or clause, an apposition after it, and a lower-case word (its verb) next. */
const SUBJECT = new RegExp(
  String.raw`${OPENER}(?:(?:[Oo]ur|[Tt]he|[Aa]n?)\s+)?(?:(?:[\p{L}-]+\s+){0,2}?(?:${anyCase(data.roles)}),?\s+)?(${NAME})(?:\s*,\s*([^,.;]{1,60}),)?,?\s+(?:also\s+|then\s+|just\s+)?(?:(?:should|had|has|would)\s+(?:have\s+|not\s+|never\s+)?)?(?:\p{Ll}[\p{Ll}-]*ed|${alternation(data.pastVerbs)})(?![\w'-])`,
  'u',
);
const ROLE = new RegExp(
  String.raw`^(?:a|an|the|our|one of our)\s+(?:[\p{L}-]+\s+){0,3}?(?:${alternation(data.roles)})s?(?![\w-])`,
  'iu',
);
const HELPFUL = new RegExp(String.raw`\s(?:${alternation(data.helpful)})$`, 'u');
/** "Our IT manager, Dana Reyes, …", "Operator Dana Reyes …": a role before the name. */
const ROLE_BEFORE = new RegExp(String.raw`(?:${anyCase(data.roles)}),?\s+\p{Lu}`, 'u');
const PRONOUN = /(?<![\w-])(?:he|she|him|his|her)(?![\w-])/i;
const OPENS_WITH_PRONOUN = /^\s*(?:[Hh]e|[Ss]he)\s/;
const ATTRIBUTED = new RegExp(
  String.raw`(?<![\w-])(?:${alternation(data.attributions)})\s+(${NAME}),\s+((?:a|an|the|our|one of our)\s+[^,.;]{1,60})`,
  'u',
);

/**
 * A person who opens a sentence of the cause and lapses in it ("Dana ran the migration without checking the
 * guidelines", "Omar copied the file and never removed…"), or whom the next sentence calls he or she while it lapses;
 * or the act attributed to a person in apposition with a role ("caused by Lee Park, an engineer on …"). A name needs
 * evidence that it is a person (a known person, a role, a pronoun, or a lapse only a person has).
 */
function lapseIn(
  block: Block,
  source: string,
  known: ReadonlySet<string>,
  actors: RegExp,
): { range: TextRange; name: string } | undefined {
  const said = sentences(block, source);
  const isName = (name: string) => !NOT_PEOPLE.has(name.split(/[ -]/)[0]!) && !actors.test(name);
  for (let i = 0; i < said.length; i++) {
    const s = said[i]!;
    const by = ATTRIBUTED.exec(s.text);
    if (by && isName(by[1]!) && ROLE.test(by[2]!)) {
      const at = s.range.start + by.index + by[0].indexOf(by[1]!);
      return { range: { start: at, end: at + by[1]!.length }, name: by[1]! };
    }
    const m = SUBJECT.exec(s.text);
    if (!m || !isName(m[1]!)) continue;
    const name = m[1]!;
    // What follows the name, its verb included: "should have paused" is the lapse.
    const rest = s.text.slice(m.index + m[0].lastIndexOf(name) + name.length);
    const next = said[i + 1]?.text ?? '';
    const person =
      known.has(name) ||
      known.has(name.split(' ')[0]!) ||
      (m[2] !== undefined && ROLE.test(m[2].trim())) ||
      ROLE_BEFORE.test(m[0]) ||
      PRONOUN.test(rest) ||
      OPENS_WITH_PRONOUN.test(next);
    // A cause that opens with a person doing the act ("Lena ran the import twice. The first run was still going when
    // she started the second") names that person as the cause, lapse or not, unless the act is finding or fixing it.
    const opensCause =
      i === 0 &&
      !HELPFUL.test(m[0]) &&
      (known.has(name) ||
        (m[2] !== undefined && ROLE.test(m[2].trim())) ||
        PRONOUN.test(rest) ||
        PRONOUN.test(next));
    const lapsed =
      opensCause ||
      DILIGENT_LAPSE.test(rest) ||
      (person && LAPSE.test(rest)) ||
      (OPENS_WITH_PRONOUN.test(next) && (DILIGENT_LAPSE.test(next) || LAPSE.test(next)));
    if (!lapsed) continue;
    const at = s.range.start + m.index + m[0].lastIndexOf(name, m[0].length);
    return { range: { start: at, end: at + name.length }, name };
  }
  return undefined;
}

/** People named in the frontmatter, the timeline's actor column and action-item owners. */
function knownPeople(document: PostmortemDocument, phrases: PhraseLists): Set<string> {
  const out = new Set<string>();
  const data = frontmatterData(document);
  const add = (value: unknown, minWords = 1) => {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (
      /^\p{Lu}\p{Ll}+(?: \p{Lu}[\p{Ll}'-]+){0,2}$/u.test(v) &&
      v.split(' ').length >= minWords &&
      !NOT_PEOPLE.has(v.split(' ')[0]!)
    ) {
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
  for (const entry of document.timeline)
    if (entry.actor && !actors.test(entry.actor.value)) add(entry.actor.value, 2);
  for (const item of document.actionItems) if (item.owner) add(item.owner.value, 2);
  return out;
}
