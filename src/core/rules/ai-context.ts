/** The six variables that move silently under an LLM incident, recorded or not. */
import { memoText } from '../memo.js';
import {
  aiSignals,
  bodyParagraphs,
  mentionsVariable,
  recorded,
  SIX_VARIABLES,
  type SixVariable,
} from './_ai-signals.js';

/** `mentionsVariable` per variable, remembered by text. */
const MENTIONS = Object.fromEntries(
  SIX_VARIABLES.map((v) => [v, memoText((text: string) => mentionsVariable(text, v))]),
) as Record<SixVariable, (text: string) => boolean>;
import { defineRule } from './rule.js';

export default defineRule<{ minimum: number }>({
  id: 'ai-context',
  meta: {
    summary:
      'An AI incident should record the six variables: prompt revision, model slice, judge, retrieval index, tool schemas, traffic mix',
    defaultSeverity: 'info',
    category: 'ai',
    fixable: false,
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minimum: {
          type: 'integer',
          minimum: 1,
          maximum: 6,
          description: 'How many of the six variables must be recorded (6: all of them).',
        },
      },
    },
  },
  docs: {
    examples: [
      {
        name: 'An AI incident without the six variables lists the missing ones at the frontmatter',
        input:
          '---\ntitle: Bot outage\ndate: 2026-03-01\nseverity: SEV3\nstatus: draft\nprompt_revision:\n  - version: v3\n---\n\n# Bot outage\n\nThe support bot answered with a wrong policy; the judge did not fire.\n',
        output: [
          '1:1-1:4 info AI system involved but 4 of the six variables are not recorded: `model_slice`, `retrieval_index_state`, `tool_schemas`, `traffic_mix`  ai-context',
        ],
      },
      {
        name: 'With `minimum: 1`, one recorded variable is enough',
        options: { minimum: 1 },
        input:
          '---\ntitle: Bot outage\ndate: 2026-03-01\nseverity: SEV3\nstatus: draft\nprompt_revision:\n  - version: v3\n---\n\n# Bot outage\n\nThe support bot answered with a wrong policy.\n',
        output: [],
      },
      {
        name: 'A document without AI passes',
        input: '# Disk full\n\nThe export job filled the disk.\n',
        output: [],
      },
    ],
  },
  defaultOptions: { minimum: 6 },
  check({ document, phrases, options, report }) {
    if (!aiSignals(document, phrases).involved) return;
    // Read paragraph by paragraph, each paragraph's answer remembered (memo.ts).
    const paras = bodyParagraphs(document);
    const missing = SIX_VARIABLES.filter(
      (v) => !recorded(document, v) && !paras.some((p) => MENTIONS[v](p.text)),
    );
    const have = SIX_VARIABLES.length - missing.length;
    if (have >= Math.min(Math.max(1, options.minimum), SIX_VARIABLES.length)) return;
    const firstHeading = document.sections[0]?.headingRange;
    report({
      range: document.frontmatter?.openingFence ?? firstHeading ?? { start: 0, end: 0 },
      message: `AI system involved but ${missing.length === 6 ? 'none of the six variables is recorded' : `${missing.length} of the six variables are not recorded`}: ${missing.map((m) => `\`${m}\``).join(', ')}`,
    });
  },
});
