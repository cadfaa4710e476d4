/**
 * The prose of the rule pages the core shows (SARIF's `fullDescription` and `help`). Writers edit it in
 * docs/rules/<id>.md (`## Why`, `## How to fix`); `npm run docs` copies it into docs.generated.json, which the
 * builds inline, since the core reads no file. `test/registry.test.ts` fails when the copy is stale.
 */
import PROSE from './docs.generated.json' with { type: 'json' };

export interface RuleProse {
  /** Why the rule exists (the page's `## Why`), Markdown. */
  readonly rationale: string;
  /** How to fix a finding (the page's `## How to fix`), Markdown. */
  readonly howToFix: string;
}

const BY_ID: Readonly<Record<string, RuleProse | undefined>> = PROSE;

/** The page prose of a rule or engine rule; `undefined` for an id with no page. */
export function ruleProse(id: string): RuleProse | undefined {
  return Object.hasOwn(BY_ID, id) ? BY_ID[id] : undefined;
}
