/** What a rule is: metadata, documentation whose examples are its tests, and a `check`. */
import type { PostmortemDocument } from '../document/parse.js';
import type { CompiledSchema } from '../schema/validator.js';
import type { Fix, RelatedLocation, Severity, TextRange } from '../types.js';
import type { PhraseLists } from './phrases.js';
import type { PostmortemConfig } from '../config.js';

export type RuleCategory = 'frontmatter' | 'ai' | 'hygiene' | 'document';

export interface RuleExample {
  /** A sentence: what this example shows. */
  readonly name: string;
  /** A whole document. */
  readonly input: string;
  /**
   * The exact stylish lines for this rule alone (`line:column-endLine:endColumn severity message rule`),
   * empty when the rule must stay silent.
   */
  readonly output: readonly string[];
  /** The rule's options for this example. */
  readonly options?: Record<string, unknown>;
  /** Configuration other than this rule's options (limits, phrases). */
  readonly config?: PostmortemConfig;
  /** The document after applying every fix, when the rule is fixable and fires. */
  readonly fixed?: string;
}

export interface RuleMeta {
  /** One line: what the rule checks. Shown in `--help`, SARIF and the README table. */
  readonly summary: string;
  readonly defaultSeverity: Severity;
  readonly category: RuleCategory;
  readonly fixable: boolean;
  /** JSON Schema of the options object; the engine validates user options against it. */
  readonly optionsSchema?: Record<string, unknown>;
}

export interface RuleDocs {
  /** Why the rule exists, in a paragraph or two of Markdown. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly howToFix: string;
  readonly examples: readonly RuleExample[];
  /** Measured precision/recall on the labelled fixture set (Markdown), where the rule has one. */
  readonly measured?: string;
}

/** What a rule reports; the engine adds id, severity and URL. */
export interface Report {
  readonly range: TextRange;
  readonly message: string;
  readonly data?: { readonly actual?: string; readonly expected?: string };
  readonly related?: readonly RelatedLocation[];
  readonly fix?: Fix;
  readonly fatal?: boolean;
}

export interface RuleContext<Options> {
  readonly document: PostmortemDocument;
  readonly options: Options;
  readonly phrases: PhraseLists;
  /** The frontmatter schema that applies to this document. */
  readonly schema: CompiledSchema;
  report(report: Report): void;
}

export interface Rule<Options = Record<string, unknown>> {
  readonly id: string;
  readonly meta: RuleMeta;
  readonly docs: RuleDocs;
  /** Options used when the config gives none; merged under the user's. */
  readonly defaultOptions: Options;
  check(context: RuleContext<Options>): void;
}

/** Identity with type inference; keeps rule files declarative. */
export function defineRule<Options extends object = Record<string, never>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/** A rule with its option type erased, as the registry holds them. */
export type AnyRule = Rule<object>;
