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
import { actionStem, guardsAction } from './ai/actions.js';
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
    rationale:
      'Rewording a runbook, adding a confirmation prompt or updating the docs are fixes for a deterministic failure. When an agent or model made the decision that went wrong, the same inference fails again on the next input unless something measures it (evaluation cases built from the incident, a replay rate tracked per release) or gates it (an approval step before the agent\'s action). This rule fires when the timeline holds an agent or model decision and none of the action items measures or gates the behavior. An item counts by what it does, not by a word anywhere in it: one that only writes something down ("Document the threshold in the evals README") or names the evals team as owner measures nothing, while "Require manager approval before the assistant approves leave" or "Run the 150-case suite in the release gate" gates the behavior. What counts as an AI decision, a cause that speaks of the inference, an intermittency and a vendor problem is defined in [What the AI rules mean](../ai-rules.md).',
    howToFix:
      "Add an action item that measures or gates the behavior: turn the incident into evaluation cases and block releases on their rate, track a replay rate, or put an approval gate in front of the agent's action. Teams can add their own wording with `phrases.behavior_actions` in `.postmortem.json`.",
    measured:
      "On the 52 labelled postmortems of `test/fixtures/labelled` (`npm run eval:rules`): precision 1.00, recall 1.00 (15 documents where it must fire, 0 false positives, 0 false negatives). No finding on the 24 real postmortems without AI in `corpus/postmortems/markdown` of the shared folder. The fixtures were written before the rule, but the rule was developed against them. On the 46 held-out postmortems of `test/fixtures/heldout`, written blind from this page afterwards (`npm run eval:rules -- --set heldout`): precision 1.00, recall 1.00 (8 documents where it must fire, 0 false positives, 0 false negatives); the first blind measurement, before the fixes it prompted, was precision 0.33, recall 0.29. On the 51 postmortems of the second held-out set `test/fixtures/heldout2`, also written blind (`npm run eval:rules -- --set heldout2`), the first blind measurement was precision 1.00, recall 0.80; after fixing the general weaknesses it exposed, it is precision 1.00, recall 1.00 (10 documents where it must fire, 0 false positives, 0 false negatives), but that set is no longer blind: the fixes were made against it. On the 48 postmortems of the third held-out set `test/fixtures/heldout3`, also written blind (`npm run eval:rules -- --set heldout3`), the first blind measurement was precision 0.56, recall 0.71; after fixing the general classes of its misses (bounded filler in phrases, infrastructure events that are not decisions, action items judged by what they do, AI involvement from general evidence), it is precision 0.88, recall 1.00 (7 documents where it must fire, 1 false positives, 0 false negatives), and that set is no longer blind either. The false positive left (`insurance-claims-summary-unable.md`) is a model that wrote a wrong status into a summary: that set's labels do not count writing text as a decision, the other sets' labels do. On the 50 postmortems of the fourth held-out set `test/fixtures/heldout4`, also written blind (`npm run eval:rules -- --set heldout4`), the first blind measurement was precision 0.56, recall 0.83; after fixing the general classes of its misses (a vendor named or described before \"had an outage\", a company named as the cause, a prompt called poorly written, action items that send the agent's action to a person or add inputs to a test, an actor that is the object of a preposition, model-ish job names in an Actor cell, products introduced in apposition, a cause stated as unknown, machine translation as AI), it is precision 0.86, recall 1.00 (6 documents where it must fire, 1 false positives, 0 false negatives), and that set is no longer blind either. The false positive left (`hr-assistant-payroll-dates.md`) is an assistant that told employees a wrong date: that set's labels, like the third set's, do not count an answer as a decision, the first two sets' labels do.",
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
    const followUpSections = partsOf(document, ['action-items']).filter(
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
