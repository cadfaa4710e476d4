/** What a rule is: metadata, examples that are its tests and its documentation's, and a `check`. */
import type { PostmortemDocument } from '../document/parse.js';
import type { CompiledSchema } from '../schema/validator.js';
import type { Fix, RelatedLocation, Severity, TextRange } from '../types.js';
import type { PhraseLists } from './phrases.js';
import type { PostmortemConfig } from '../config.js';
import type { RepositoryIndex } from '../repository/repository.js';
import type { RecurrenceRecord } from '../repository/record.js';

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
  /** The document after applying the finding's first suggestion, when the rule has suggestions and fires. */
  readonly suggested?: string;
  /**
   * Other postmortems of the repository, by path, for rules that read across documents
   * (`recurrence`). The example's own document is linted as `current.postmortem.md`.
   */
  readonly repository?: Readonly<Record<string, string>>;
}

export interface RuleMeta {
  /** One line: what the rule checks. Shown in `--help`, SARIF and the README table. */
  readonly summary: string;
  readonly defaultSeverity: Severity;
  readonly category: RuleCategory;
  readonly fixable: boolean;
  /** The rule offers suggestions (`Report.suggestions`): edits an editor offers, never applied by `--fix`. */
  readonly hasSuggestions?: boolean;
  /** JSON Schema of the options object; the engine validates user options against it. */
  readonly optionsSchema?: Record<string, unknown>;
}

/**
 * What the rule file holds of its documentation: the examples, which are also its tests. The prose (why, how to fix,
 * what was measured) is Markdown in docs/rules/<id>.md, written there; the core reads the parts it shows through
 * `ruleProse` (rules/prose.ts).
 */
export interface RuleDocs {
  readonly examples: readonly RuleExample[];
}

/** What a rule reports; the engine adds id, severity and URL. */
export interface Report {
  readonly range: TextRange;
  readonly message: string;
  readonly data?: { readonly actual?: string; readonly expected?: string };
  readonly related?: readonly RelatedLocation[];
  readonly fix?: Fix;
  readonly suggestions?: readonly Fix[];
  readonly fatal?: boolean;
  /**
   * Report one level above the rule's configured severity (info → warning → error; error stays
   * error). For a rule whose finding is usually a hint but sometimes a risk (`recurrence`: an
   * earlier fix for the same failure is still open); the user's severity setting stays the base,
   * and `off` still turns the rule off.
   */
  readonly escalate?: boolean;
}

export interface RuleContext<Options> {
  readonly document: PostmortemDocument;
  readonly options: Options;
  readonly phrases: PhraseLists;
  /** The frontmatter schema that applies to this document. */
  readonly schema: CompiledSchema;
  /** This document's path as the shell named it (the same naming as the repository's records), when known. */
  readonly path: string | undefined;
  report(report: Report): void;
}

/** What the first phase gives a cross-file rule's `prepare`: the document, never the other postmortems. */
export interface PrepareContext<Options> {
  readonly document: PostmortemDocument;
  readonly options: Options;
  readonly phrases: PhraseLists;
  readonly path: string | undefined;
  /** The document's repository record (the one the index holds for it; made once, on first call). */
  record(): RecurrenceRecord;
}

/** What the second phase gives a cross-file rule's `check`: its prepared data and the repository index, no document. */
export interface AcrossContext<Options, Prepared> {
  readonly prepared: Prepared;
  readonly options: Options;
  /** Every postmortem of the repository, this one included (by `path`). */
  readonly repository: RepositoryIndex<RecurrenceRecord>;
  readonly path: string | undefined;
  /** `false`: take the plain path where the rule has a faster one (the equivalence tests compare the two). */
  readonly fastPaths: boolean;
  report(report: Report): void;
}

/**
 * The contract of a rule that reads the other postmortems: it needs the repository index, so the engine runs it in a
 * second phase. `prepare` runs with the document's own lint and returns plain, structured-cloneable data (it may cross a
 * worker thread); `check` runs once the index is built, from that data alone. Report ranges are offsets into this
 * document, as in `Rule.check`; the engine stamps, suppresses and sorts them as it does every finding.
 */
export interface CrossFile<Options, Prepared> {
  prepare(context: PrepareContext<Options>): Prepared;
  check(context: AcrossContext<Options, Prepared>): void;
}

export interface Rule<Options = Record<string, unknown>> {
  readonly id: string;
  readonly meta: RuleMeta;
  readonly docs: RuleDocs;
  /** Options used when the config gives none; merged under the user's. */
  readonly defaultOptions: Options;
  /** Checks the document alone (a rule has `check`, `across`, or both). */
  check?(context: RuleContext<Options>): void;
  /** Checks the document against the repository's other postmortems: the second phase (see `CrossFile`). */
  readonly across?: CrossFile<Options, unknown>;
}

/** Identity with type inference; keeps rule files declarative. */
export function defineRule<Options extends object = Record<string, never>>(
  rule: Rule<Options>,
): Rule<Options> {
  return rule;
}

/** A rule with its option type erased, as the registry holds them. */
export type AnyRule = Rule<object>;
