/** A root cause that names only deterministic causes while an agent or model decided something. */
import {
  aiSignals,
  blamedPeople,
  findIn,
  insertSectionAfter,
  sectionBlocks,
  sectionsOf,
  sentences,
  type Block,
  type Decision,
} from './_ai-signals.js';
import type { PostmortemDocument } from '../document/parse.js';
import type { TextRange } from '../types.js';
import { phraseRegExp } from './phrases.js';
import { withTableTabStops } from './_snippet.js';
import { defineRule } from './rule.js';

export const AGENT_DECISION_SKELETON =
  '| Time | Agent | Observed | Concluded | Chose | Gate |\n| --- | --- | --- | --- | --- | --- |\n|  |  |  |  |  |  |\n';

export default defineRule({
  id: 'deterministic-root-cause',
  meta: {
    summary: "A root cause must speak of the agent's inference when an agent or model decided something",
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
    hasSuggestions: true,
  },
  docs: {
    examples: [
      {
        name: "A runbook blamed for an agent's choice is reported, with the decision as related location",
        input:
          '# Failover\n\n## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 09:13 | Remediation agent | Selected the "Primary unreachable" procedure. |\n\n## Root cause\n\nThe runbook was outdated.\n\n## Action items\n\n- Reword the runbook (owner: @dana)\n',
        output: [
          '11:5-11:25 warning Root cause names only a deterministic cause (`runbook was outdated`) while an agent decided in the timeline; add what the agent observed, concluded and chose  deterministic-root-cause',
        ],
        suggested:
          '# Failover\n\n## Timeline\n\n| Time (UTC) | Actor | Event |\n| --- | --- | --- |\n| 09:13 | Remediation agent | Selected the "Primary unreachable" procedure. |\n\n## Root cause\n\nThe runbook was outdated.\n\n## Agent decision\n\n| Time | Agent | Observed | Concluded | Chose | Gate |\n| --- | --- | --- | --- | --- | --- |\n|  |  |  |  |  |  |\n\n## Action items\n\n- Reword the runbook (owner: @dana)\n',
      },
      {
        name: 'Prose decisions count, and the message says where the decision is: "the coding agent concluded" in the summary',
        input:
          '# Lost files\n\n## Summary\n\nThe coding agent concluded the folder existed and moved every file into it.\n\n## Root cause\n\nMissing validation in the move tool.\n',
        output: [
          '9:1-9:19 warning Root cause names only a deterministic cause (`Missing validation`) while an agent decided in "Summary"; add what the agent observed, concluded and chose  deterministic-root-cause',
        ],
        suggested:
          '# Lost files\n\n## Summary\n\nThe coding agent concluded the folder existed and moved every file into it.\n\n## Root cause\n\nMissing validation in the move tool.\n\n## Agent decision\n\n| Time | Agent | Observed | Concluded | Chose | Gate |\n| --- | --- | --- | --- | --- | --- |\n|  |  |  |  |  |  |\n',
      },
      {
        name: "A root cause that states the agent's inference passes",
        input:
          '# Failover\n\n## Timeline\n\n- 09:13 UTC [agent] selected the "Primary unreachable" procedure\n\n## Root cause\n\nThe runbook was correct; the agent observed lag on a replica and concluded the primary was down.\n',
        output: [],
      },
      {
        name: 'A deterministic root cause without any agent decision passes',
        input:
          '# Expired certificate\n\n## Timeline\n\n- 06:00 UTC certificate expired\n\n## Root cause\n\nMissing alert on certificate expiry and an outdated runbook.\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    const signals = aiSignals(document, phrases);
    // Write-ups without a root-cause heading (the DFDS template) give their causes as contributing factors.
    const causes =
      signals.rootCause.length > 0 ? signals.rootCause : sectionBlocks(document, ['contributing-factors']);
    if (signals.decisions.length === 0 || causes.length === 0 || signals.inferenceAware) return;
    const cause = findIn(causes, phraseRegExp(phrases.deterministic_causes));
    const blamed = cause ? undefined : blamedPeople(document, causes, phrases)[0];
    // A cause the phrase lists do not know ("the reindex job failed silently") is still a cause with no word about
    // the inference: report its first sentence. Not when the cause has the model acting ("the model applied it"),
    // nor when it opens with a prompt fix or "not reproducible": fix-the-prompt and behavior-rate report those.
    // A prompt fix that opens the sentence does not hide a cause joined to it: "Bad prompt, plus the reindex job failed".
    // A cause stated as not yet known ("Unclear; see investigation") names no deterministic cause either.
    const opening =
      cause || blamed || signals.aiActsInCause ? undefined : firstSentence(causes, document.text);
    const first = opening && UNDETERMINED.test(opening.text) ? undefined : opening;
    const otherRule =
      first &&
      [phrases.prompt_fix, phrases.could_not_reproduce].some((list) => phraseRegExp(list).test(first.text));
    const joined =
      first && otherRule
        ? joinedCause(first, document.text, [phrases.prompt_fix, phrases.could_not_reproduce])
        : undefined;
    const at =
      cause ??
      (blamed ? { range: blamed.range, text: `${blamed.name}'s action` } : otherRule ? joined : first);
    if (!at) return;
    const rootSection = sectionsOf(document, ['root-cause', 'contributing-factors']).find(
      (s) => s.range.start <= at.range.start && at.range.end <= s.range.end,
    );
    const edit = rootSection
      ? insertSectionAfter(
          document,
          rootSection,
          'agent-decisions',
          'Agent decision',
          AGENT_DECISION_SKELETON,
        )
      : undefined;
    report({
      range: at.range,
      message: `Root cause names only a deterministic cause (\`${at.text}\`) while an agent decided ${whereDecided(document, signals.decisions[0]!)}; add what the agent observed, concluded and chose`,
      related: signals.decisions.slice(0, 5).map((d) => ({
        range: d.range,
        message: `Agent decision: ${d.text.length > 80 ? `${d.text.slice(0, 77)}…` : d.text}`,
      })),
      ...(edit
        ? {
            suggestions: [
              {
                title: 'Insert an "Agent decision" section to fill in after the root cause',
                edits: [withTableTabStops(edit)],
              },
            ],
          }
        : {}),
    });
  },
});

/** A root cause that says it is not known yet: "Unclear", "Root cause still unknown", "We do not know yet", "TBD". */
const UNDETERMINED =
  /^(?:(?:the\s+)?(?:root\s+)?cause\s+(?:is|was|remains|stays)\s+)?(?:still\s+|currently\s+|as yet\s+)?(?:unclear|unknown|undetermined|not\s+(?:yet\s+)?(?:known|clear|determined|understood|identified|established)|under\s+investigation|(?:still\s+)?being\s+investigated|inconclusive|to\s+be\s+(?:determined|confirmed)|tbd|tbc|pending)\b|^(?:we|i)\s+(?:do\s+not|don't|did\s+not|didn't)\s+(?:yet\s+)?know\b/i;

/** Words that join a second cause to the first: "bad prompt, plus …", "… and a missing allowlist". */
const JOINED =
  /^\s*,?\s*(?:plus|and(?: also)?|as well as|along with|together with|combined with|compounded by|on top of|but also)\s+(?=\S+\s+\S)/i;

/** After the other rule's phrase in `sentence`, a cause joined by "plus"/"and", up to the sentence's end or a colon. */
function joinedCause(
  sentence: { range: TextRange },
  source: string,
  lists: ReadonlyArray<readonly string[]>,
): { range: TextRange; text: string } | undefined {
  const raw = source.slice(sentence.range.start, sentence.range.start + 600);
  const line = raw.replace(/\s/g, ' ');
  let end = 0;
  for (const list of lists) {
    const m = phraseRegExp(list).exec(line);
    if (m && m.index + m[0].length > end) end = m.index + m[0].length;
  }
  const joined = JOINED.exec(line.slice(end));
  if (!joined) return undefined;
  const start = end + joined[0].length;
  // Up to the end of the sentence or of the paragraph, at most 60 characters cut at a word.
  const whole =
    /^(?:[^.;:!?\r\n]|\r?\n(?![ \t]*\r?\n))+/.exec(raw.slice(start))?.[0].replace(/\s/g, ' ').trimEnd() ?? '';
  const text = whole.length > 60 ? whole.slice(0, 60).replace(/\s+\S*$/, '') : whole;
  if (!/\w{2,}/.test(text)) return undefined;
  return {
    range: { start: sentence.range.start + start, end: sentence.range.start + start + text.length },
    text,
  };
}

/** The first sentence of the cause, trimmed and cut to a quotable length, with its source range. */
function firstSentence(
  blocks: readonly Block[],
  source: string,
): { range: TextRange; text: string } | undefined {
  for (const block of blocks) {
    for (const sentence of sentences(block, source)) {
      const lead = sentence.text.length - sentence.text.trimStart().length;
      const words = sentence.text.trim().replace(/^(?:[-*+]|\d+[.)])\s+/, '');
      if (!/\w{2,}/.test(words)) continue;
      const start = sentence.range.start + lead + (sentence.text.trim().length - words.length);
      const quoted =
        words.length > 60 ? words.slice(0, 60).replace(/\s+\S*$/, '') : words.replace(/[.;:!?]+$/, '');
      return { range: { start, end: start + quoted.length }, text: quoted };
    }
  }
  return undefined;
}

/**
 * Where the first decision is, as the message names it: "in the timeline", "in the frontmatter", `in "Summary"` (the
 * innermost titled section below the document's title), else "in the text".
 */
function whereDecided(document: PostmortemDocument, decision: Decision): string {
  if (decision.source === 'frontmatter') return 'in the frontmatter';
  if (decision.source === 'tag' || decision.source === 'actor') return 'in the timeline';
  const around = document.sections.filter(
    (s) => s.depth > 1 && s.range.start <= decision.range.start && decision.range.end <= s.range.end,
  );
  if (around.some((s) => s.kind === 'timeline')) return 'in the timeline';
  const inner = around.pop();
  return inner ? `in "${inner.title.trim().replace(/\s+/g, ' ').slice(0, 40)}"` : 'in the text';
}
