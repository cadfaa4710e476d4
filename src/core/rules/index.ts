/**
 * The registry: every rule, sorted by id. `test/registry.test.ts` checks that this list, the
 * files in this folder, the docs pages and the README table agree.
 */
import actionItemOwner from './action-item-owner.js';
import aiContext from './ai-context.js';
import behaviorRate from './behavior-rate.js';
import blameless from './blameless.js';
import deterministicActionItems from './deterministic-action-items.js';
import deterministicRootCause from './deterministic-root-cause.js';
import documentSize from './document-size.js';
import fixEvidence from './fix-evidence.js';
import fixThePrompt from './fix-the-prompt.js';
import fourthParty from './fourth-party.js';
import frontmatterFormat from './frontmatter-format.js';
import frontmatterMissing from './frontmatter-missing.js';
import frontmatterSchema from './frontmatter-schema.js';
import frontmatterYamlSyntax from './frontmatter-yaml-syntax.js';
import recurrence from './recurrence.js';
import timelineOrder from './timeline-order.js';
import type { AnyRule, RuleDocs, RuleMeta } from './rule.js';

export const RULES: readonly AnyRule[] = [
  actionItemOwner,
  aiContext,
  behaviorRate,
  blameless,
  deterministicActionItems,
  deterministicRootCause,
  documentSize,
  fixEvidence,
  fixThePrompt,
  fourthParty,
  frontmatterFormat,
  frontmatterMissing,
  frontmatterSchema,
  frontmatterYamlSyntax,
  recurrence,
  timelineOrder,
] as readonly AnyRule[];

/** Findings the engine itself reports; documented and configurable like rules, with no `check`. */
export interface EngineRule {
  readonly id: string;
  readonly meta: RuleMeta;
  readonly docs: RuleDocs;
}

export const ENGINE_RULES: readonly EngineRule[] = [
  {
    id: 'internal-error',
    meta: {
      summary: 'A rule failed on this document; the other rules still ran',
      defaultSeverity: 'error',
      category: 'document',
      fixable: false,
    },
    docs: {
      examples: [],
    },
  },
  {
    id: 'unused-disable',
    meta: {
      summary: 'Suppression comments must suppress something and name known rules',
      defaultSeverity: 'warning',
      category: 'document',
      fixable: false,
    },
    docs: {
      examples: [
        {
          name: 'A directive with nothing to suppress is reported',
          input:
            '---\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n---\n\n<!-- postmortem-disable-next-line frontmatter-missing -->\n# Outage\n',
          output: [
            '8:1-8:58 warning Unused `postmortem-disable-next-line` directive: no `frontmatter-missing` finding to suppress here  unused-disable',
          ],
        },
        {
          name: 'A directive that suppresses a finding is not reported',
          input: '<!-- postmortem-disable-file frontmatter-missing -- legacy write-up -->\n# Outage\n',
          output: [],
        },
      ],
    },
  },
];

/** Rules and engine rules, for documentation, SARIF and settings. */
export function allRuleInfo(): readonly EngineRule[] {
  return [...RULES, ...ENGINE_RULES].sort((a, b) => a.id.localeCompare(b.id));
}
