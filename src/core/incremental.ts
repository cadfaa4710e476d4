/**
 * Re-lint after a keystroke: an incremental linter keeps the previous document's Markdown chunks and
 * re-parses only the chunks whose text changed (a section, or a window of 16 rows of a long table or
 * list), splicing the rest at their new offsets, and keeps the memos of its rules (`memo.ts`), so they read again only
 * the paragraphs and sentences that changed. Its results equal `lint(text, options)` exactly.
 *
 * Pure and synchronous: no timers, no I/O. A shell keeps one per open document, calls `lint` with the
 * whole current text after each change (debouncing and dropping stale runs is the shell's job), and
 * drops it when the document closes.
 *
 * ```ts
 * const linter = createIncrementalLinter();
 * let { findings } = linter.lint(text, { config, schema }); // first call: a full parse
 * ({ findings } = linter.lint(editedText, { config, schema })); // re-parses the edited chunk only
 * ```
 */
import { DEFAULT_CONFIG } from './config.js';
import { ChunkedParser, createRuleParser } from './document/chunks.js';
import { parsePostmortem } from './document/parse.js';
import { lint, type LintOptions, type LintResult } from './engine.js';
import { createMemoScope, inMemoScope } from './memo.js';

/** What the last `lint` call re-parsed, for benchmarks and tests. */
export interface IncrementalStats {
  /** Chunks parsed (not taken from the previous call). */
  readonly parsedChunks: number;
  /** Characters of Markdown parsed. */
  readonly parsedLength: number;
}

export interface IncrementalLinter {
  /** Lint the whole current text; the same result as `lint(text, options)`. Never throws. */
  lint(text: string, options?: Omit<LintOptions, 'document'>): LintResult;
  /** What the last call re-parsed. */
  readonly stats: IncrementalStats;
}

/**
 * @deprecated The same function as `createRuleParser` (one parser per document keeps its chunks between calls); shells
 * use `Linter.openDocument` instead. Kept until the extension has moved to the linter instance.
 */
export const createIncrementalParser = createRuleParser;

export function createIncrementalLinter(): IncrementalLinter {
  const parser = new ChunkedParser();
  const markdown = (text: string) => parser.parse(text, { lite: true });
  // What the rules read paragraph by paragraph and sentence by sentence is remembered here, for this document only.
  const memos = createMemoScope();
  return {
    lint(text, options = {}) {
      const limits = (options.config ?? DEFAULT_CONFIG).limits;
      return inMemoScope(memos, () => {
        const document = parsePostmortem(text, limits, markdown);
        return lint(text, { ...options, document });
      });
    },
    get stats() {
      return { parsedChunks: parser.lastParsedChunks, parsedLength: parser.lastParsedLength };
    },
  };
}
