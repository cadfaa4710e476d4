/** "Bad prompt, tweaked and redeployed" as the whole root cause or resolution. */
import { aiSignals, findIn, labelledBlocks, recorded, sectionBlocks, body } from './_ai-signals.js';
import { phraseRegExp } from './phrases.js';
import { defineRule } from './rule.js';

/** The document names the class of failure, not just this instance. */
const FAILURE_CLASS =
  /\bfailure (?:class|mode|category)(?:es)?\b|\bclass of (?:failure|bug|error)s?\b|\bfailure taxonomy\b/i;
/** …and says where else that class can occur. */
const WHERE_ELSE =
  /\bwhere else\b|\belsewhere\b|\bsame class\b|\bother (?:prompts|agents|flows|features|surfaces|places|assistants|products|templates|tools|workflows)\b/i;

export default defineRule({
  id: 'fix-the-prompt',
  meta: {
    summary: '"Fix the prompt" is not a root cause: name the failure class and where else it can occur',
    defaultSeverity: 'warning',
    category: 'ai',
    fixable: false,
  },
  docs: {
    examples: [
      {
        name: 'A terse "bad prompt" root cause is reported',
        input:
          '# Wrong SLA\n\nThe sales assistant quoted a 99.99% SLA.\n\n**Root cause:** bad prompt.\n\n**Resolution:** tweaked the prompt and redeployed.\n',
        output: [
          '5:17-5:27 warning Root cause or resolution is a prompt fix (`bad prompt`); name the failure class and where else it can occur  fix-the-prompt',
        ],
      },
      {
        name: 'A prompt fix with the failure class and where else it occurs passes',
        input:
          '---\ntitle: KYC skipped\ndate: 2026-03-18\nseverity: SEV2\nstatus: draft\nfailure_classes: [goal-misalignment]\n---\n\n# KYC skipped\n\n## Root cause\n\nThe failure class is instruction precedence. Where else: we audited the 14 other prompts with merged instructions.\n\n## Resolution\n\nWe fixed the prompt.\n',
        output: [],
      },
    ],
  },
  defaultOptions: {},
  check({ document, phrases, report }) {
    // "Bad prompt" about a `[Y/n]` confirmation prompt is not about a model.
    if (!aiSignals(document, phrases).involved) return;
    const blocks = [
      ...sectionBlocks(document, ['root-cause', 'resolution']),
      ...labelledBlocks(document, String.raw`root[- ]?causes?|rca|resolution|fix|mitigation`),
    ].sort((a, b) => a.range.start - b.range.start);
    const hit = findIn(blocks, phraseRegExp(phrases.prompt_fix));
    if (!hit) return;
    const text = body(document).text;
    const named = recorded(document, 'failure_classes') || FAILURE_CLASS.test(text);
    if (named && WHERE_ELSE.test(text)) return;
    report({
      range: hit.range,
      message: `Root cause or resolution is a prompt fix (\`${hit.text}\`); name the failure class and where else it can occur`,
    });
  },
});
