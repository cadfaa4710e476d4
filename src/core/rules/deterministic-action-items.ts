/** Action items that only edit text and guardrails after an agent or model decided something. */
import {
  aiSignals,
  blockOf,
  measuresOrGates,
  partsOf,
  sectionsOf,
  sentences,
  type Decision,
} from './_ai-signals.js';
import { actionStem, guardsAction, listsChanges } from './ai/actions.js';
import { defineRule } from './rule.js';

export default defineRule({
  id: 'deterministic-action-items',
  meta: {
    summary: "After an agent decision, at least one action item must measure or gate the agent's behavior",
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'Only deterministic action items after an agent decision are reported at the section heading',
        input:
          '# Failover\n\n## Timeline\n\n- 09:13 UTC Remediation agent: executed `failover`\n\n## Action items\n\n- Tighten the runbook wording (owner: @dana)\n- Add a confirmation prompt to `failover` (owner: @db)\n',
        output: [
          "7:1-7:16 warning None of the `2` action items measures or gates the agent's behavior; add an evaluation case, a replay rate or an approval gate  deterministic-action-items",
        ],
      },
      {
        name: 'An evaluation or approval-gate action item passes',
        input:
          '# Failover\n\n## Timeline\n\n- 09:13 UTC Remediation agent: executed `failover`\n\n## Action items\n\n- Tighten the runbook wording (owner: @dana)\n- Require human approval before the agent calls `failover` (owner: @db)\n',
        output: [],
      },
      {
        name: 'An item that only documents where the evals live does not count as measuring',
        input:
          '# Judge passed a bad release\n\n## Timeline\n\n- 10:22 UTC Judge model: concluded the summaries were faithful\n\n## Action items\n\n- Document the pass threshold in the evals README (owner: @evals)\n',
        output: [
          "7:1-7:16 warning None of the `1` action items measures or gates the agent's behavior; add an evaluation case, a replay rate or an approval gate  deterministic-action-items",
        ],
      },
      {
        name: 'Deterministic action items without an agent decision pass',
        input:
          '# Failover\n\n## Timeline\n\n- 09:13 UTC Dana: ran `failover`\n\n## Action items\n\n- Tighten the runbook wording (owner: @dana)\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    const signals = aiSignals(document, phrases);
    if (signals.decisions.length === 0) return;
    // Follow-ups written as prose under a follow-up heading ("Going forward", "What we're changing") are follow-ups too.
    // So is a resolution titled as a list of changes ("What we changed", "What we did next").
    const followUpSections = [
      ...partsOf(document, ['action-items']),
      ...partsOf(document, ['resolution']).filter((s) => listsChanges(s.title)),
    ].filter(
      (s) => s.depth > 1 && /\w{2,}/.test(document.text.slice(s.contentRange.start, s.contentRange.end)),
    );
    if (document.actionItems.length === 0 && followUpSections.length === 0) return;
    if (document.actionItems.some((item) => measuresOrGates(item.text, phrases.behavior_actions))) return;
    // A guard on the kind of action the AI took ("a deny rule so that any delete under pg_wal/ is rejected").
    const stems = actionStems(document.text, signals.decisions);
    if (document.actionItems.some((item) => guardsAction(item.text, stems))) return;
    // Remediations written as prose or done already ("we now block replies at output when a scanner finds a card number", under "Our response").
    // The document's title ("# Remediation agent failed over …") opens no resolution section.
    const prose = partsOf(document, ['action-items', 'resolution'])
      .filter((s) => s.depth > 1)
      .flatMap((s) => sentences(blockOf(document.text, s.contentRange), document.text));
    // A sentence inside an action item was judged with its item: "Add a line to CONTRIBUTING.md: \"…; get a human review\""
    // only writes down, and its quoted second half is no follow-up of its own.
    const inItem = (r: { start: number; end: number }) =>
      document.actionItems.some((item) => item.range.start <= r.start && r.start < item.range.end);
    if (
      prose.some(
        (s) =>
          !inItem(s.range) &&
          measuresOrGates(s.text.replace(/^[\s|*_>✅-]+|^\s*\d+[.)]\s+/g, ''), phrases.behavior_actions),
      )
    )
      return;
    const first = document.actionItems[0];
    const section = first
      ? sectionsOf(document, ['action-items']).find(
          (s) => s.range.start <= first.range.start && first.range.end <= s.range.end,
        )
      : followUpSections[0];
    const what =
      document.actionItems.length > 0
        ? `of the \`${document.actionItems.length}\` action items`
        : 'of the follow-ups';
    report({
      range: section?.headingRange ?? first!.textRange,
      message: `None ${what} measures or gates the agent's behavior; add an evaluation case, a replay rate or an approval gate`,
      related: signals.decisions.slice(0, 5).map((d) => ({
        range: d.range,
        message: `Agent decision: ${d.text.length > 80 ? `${d.text.slice(0, 77)}…` : d.text}`,
      })),
    });
  },
});

/** The stems of the verbs the AI acted with in prose decisions (the last word of each match). */
function actionStems(text: string, decisions: readonly Decision[]): string[] {
  const out = new Set<string>();
  for (const d of decisions) {
    if (d.source !== 'prose') continue;
    const verb = /(\S+)$/.exec(text.slice(d.range.start, d.range.end))?.[1] ?? '';
    // A verb the AI acted with, not a noun of an output ("the assistant's reply"): a past or present tense.
    const stem = /[a-z](?:ed|es|s)$/i.test(verb) && !/ly$/i.test(verb) ? actionStem(verb) : undefined;
    if (stem) out.add(stem);
  }
  return [...out];
}
