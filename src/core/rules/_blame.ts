/** Blame: people a postmortem names as the cause (for `blameless`). */
import type { PostmortemDocument } from '../document/parse.js';
import type { TextRange } from '../types.js';
import { phraseRegExp, type PhraseLists } from './phrases.js';
import { NOT_PEOPLE } from './ai/actors.js';
import type { Block } from './ai/blocks.js';
import { GAP } from './ai/acts.js';
import { frontmatterData } from './ai/frontmatter.js';

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
        String.raw`(?<![\w@-])(${names.join('|')})(?:${strongBlame}|${weakBlame}|${possessive})`,
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
  }
  return out;
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
