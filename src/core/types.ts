/**
 * The shared vocabulary of the engine: ranges, edits, findings and the document model.
 *
 * Every position in the core is an absolute UTF-16 offset into the document text as the shell
 * handed it over (after the CLI stripped one leading BOM, exactly like `TextDocument.getText()`).
 * Only `document/line-index.ts` turns offsets into lines and columns.
 */

/** How loudly a finding is reported. `off` exists only in configuration. */
export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A half-open range `[start, end)` of UTF-16 offsets. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Replace `range` with `newText`. Edits of one fix never overlap. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
  /**
   * The same text as a VS Code snippet (`$1`, `$2`… tab stops where the author types, `\\`, `\$`
   * and `\}` escaped), for an editor that can insert snippets; `newText` is what it expands to
   * when nothing is typed. Shells that cannot use it apply `newText`.
   */
  readonly snippet?: string;
}

/** A change a shell may apply; `title` is what a quick-fix menu shows. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** A second place that explains a finding (the agent decision a root cause ignores, say). */
export interface RelatedLocation {
  readonly range: TextRange;
  readonly message: string;
  /** Another file, as the shell named it; absent means the same document. */
  readonly path?: string;
  /**
   * With `path`: the 1-based line and column of `range`'s start and end in that other file, so a
   * shell that does not hold that file's text can still open it at the right place.
   */
  readonly position?: {
    readonly start: { readonly line: number; readonly column: number };
    readonly end: { readonly line: number; readonly column: number };
  };
}

/**
 * One problem in one document, shaped after vfile-message: the rule only says *what* and
 * *where*; the engine stamps `ruleId`, `severity` and `url`.
 */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** One sentence; values in code spans ("`severity` must be one of …; got `sev2`"). */
  readonly message: string;
  readonly range: TextRange;
  /** The rule's documentation page. */
  readonly url: string;
  /** Machine-readable detail for quick fixes and tests. */
  readonly data?: { readonly actual?: string; readonly expected?: string };
  /** A safe change that resolves the finding: `--fix` and fix-on-save apply it. */
  readonly fix?: Fix;
  /**
   * Changes an editor offers but never applies by itself (ESLint's suggestions): they help the
   * author start (an empty section to fill in) and do not resolve the finding alone.
   */
  readonly suggestions?: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
  /** True when the document could not be fully processed (parse failure, internal error). */
  readonly fatal?: boolean;
}

/** The section kinds the rules understand; everything else is `other`. */
export type SectionKind =
  | 'summary'
  | 'impact'
  | 'timeline'
  | 'detection'
  | 'root-cause'
  | 'contributing-factors'
  | 'resolution'
  | 'action-items'
  | 'lessons'
  | 'agent-decisions'
  | 'behavior-rate'
  | 'dependencies'
  | 'other';

/** A heading and everything up to the next heading of the same or a higher level. */
export interface Section {
  readonly kind: SectionKind;
  /** Heading text without the `#` marks. */
  readonly title: string;
  readonly depth: number;
  /** From the heading's first character to the end of the section's content. */
  readonly range: TextRange;
  readonly headingRange: TextRange;
  /** After the heading line up to the section end (may be empty). */
  readonly contentRange: TextRange;
}

/** A value found in the text, with where it was found. */
export interface Located<T = string> {
  readonly value: T;
  readonly range: TextRange;
}

/** A parsed timestamp of a timeline row. */
export interface TimelineTime {
  readonly text: string;
  readonly range: TextRange;
  /** Milliseconds since the epoch (or since midnight when only a time of day is known). */
  readonly value: number | undefined;
  /** Whether the row names a time zone (`Z`, `UTC`, `+02:00`, `PST`…). */
  readonly hasZone: boolean;
  /** Whether the text carried a calendar date, so values of different rows compare. */
  readonly hasDate: boolean;
}

/** One row of the timeline, from a bullet list or a table. */
export interface TimelineEntry {
  readonly range: TextRange;
  /** `paragraph`: one paragraph per event, each opening with its time. */
  readonly source: 'list' | 'table' | 'paragraph';
  readonly time: TimelineTime | undefined;
  readonly actor: Located | undefined;
  /** The row's text without the time and actor cells, as plain text. */
  readonly text: string;
  readonly textRange: TextRange;
  /** An explicit `[agent]` tag on the row. */
  readonly agentTag: boolean;
}

/** One action item, from a list (task list or bullets) or a table. */
export interface ActionItem {
  readonly range: TextRange;
  readonly source: 'list' | 'table';
  readonly text: string;
  readonly textRange: TextRange;
  readonly owner: Located | undefined;
  readonly due: Located | undefined;
  /** `done` for a checked task-list item or a done/closed status cell. */
  readonly state: 'open' | 'done' | undefined;
}
