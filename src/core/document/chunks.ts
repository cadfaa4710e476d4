/**
 * The Markdown tree of a document, built from independently parsed chunks so that an edit re-parses
 * only the chunk it touched. The spliced tree is deep-equal to one parse of the whole text
 * (`test/perf-equivalence.test.ts` checks it on a generated corpus with random edits).
 *
 * Why a chunk boundary is safe: a boundary is a line, at column 1, that starts a new top-level block
 * (it follows a blank line, or it is an ATX heading). Block parsing is line by line, so parsing the
 * text before the boundary plus the boundary line alone tells whether, in the whole document, that
 * line starts a new top-level node: then every earlier block is closed and the parser is back in its
 * initial state. A candidate that fails the check (inside a fenced code block, an HTML block, a loose
 * list) merges with the next chunk. What is global in Markdown is handled conservatively: a document
 * with link or footnote definitions (or a leading U+FEFF) is parsed whole, and no chunk starts with a
 * frontmatter-like fence.
 */
import type { Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { DEFINITION, quickParse } from './quick-blocks.js';
import { ACTION_LABEL_LINE, classifyHeading } from './sections.js';

import { parseMarkdown } from './markdown.js';

export { markdownProcessor, parseMarkdown } from './markdown.js';

/** A parsed chunk, with positions relative to the chunk start. */
interface ChunkTree {
  readonly children: readonly RootContent[];
  /** Whether the line after the chunk started a new top-level node (always true for the last chunk). */
  readonly ok: boolean;
  /** End of the chunk's own root (only the last chunk's is used). */
  readonly end: Point;
  /** The children moved to where they were last used; reused while the chunk has not moved. */
  placed?: { readonly start: number; readonly line: number; readonly children: readonly RootContent[] };
}

interface Point {
  readonly line: number;
  readonly column: number;
  readonly offset?: number | undefined;
}

/** Keeps chunk parses between calls; `parse` re-parses only chunks whose text changed. */
export class ChunkedParser {
  #cache = new Map<string, ChunkTree>();
  /** Chunks parsed (cache misses) by the last `parse`, for benchmarks and tests. */
  lastParsedChunks = 0;
  /** Characters parsed by the last `parse`. */
  lastParsedLength = 0;

  /**
   * The tree of `text`, deep-equal to `parseMarkdown(text)`; with `lite`, only the top-level nodes
   * the document model reads (see `parseForRules`).
   */
  parse(
    text: string,
    options: { readonly lite?: boolean; readonly sections?: ReadonlySet<string> } = {},
  ): Root {
    const used = new Map<string, ChunkTree>();
    this.lastParsedChunks = 0;
    this.lastParsedLength = 0;
    const lite = options.lite === true;
    const starts = hasDefinitions(text) || text.charCodeAt(0) === 0xfeff ? [0] : boundaries(text);
    const lineOf = lineCounter(text);
    const chunks: Array<{
      start: number;
      line: number;
      text: string;
      nextLine: string;
      tree: ChunkTree | undefined;
    }> = [];
    let i = 0;
    while (i < starts.length) {
      const start = starts[i]!;
      // A failed candidate doubles the span, so an unclosed fence costs O(n), not O(n^2), to re-parse.
      let span = 1;
      let j = i + 1;
      for (;;) {
        const next = starts[j];
        const chunkText = next === undefined ? text.slice(start) : text.slice(start, next);
        const nextLine = next === undefined ? '' : lineAt(text, next);
        // Lite: a chunk with nothing that could swallow the next line needs no parse to be trusted.
        if (
          lite &&
          i > 0 &&
          (next === undefined || (!RISKY.test(chunkText) && !LIST_MARKER.test(nextLine)))
        ) {
          chunks.push({ start, line: lineOf(start), text: chunkText, nextLine, tree: undefined });
          break;
        }
        const tree = this.#chunk(chunkText, nextLine, used);
        if (!tree.ok) {
          span *= 2;
          j = Math.min(i + span, starts.length);
          continue;
        }
        chunks.push({ start, line: lineOf(start), text: chunkText, nextLine, tree });
        break;
      }
      i = j;
    }
    if (lite) this.#parseNeeded(chunks, text.length, used, options.sections ?? RULE_SECTIONS);
    const children: RootContent[] = [];
    let end: Point = { line: 1, column: 1, offset: 0 };
    for (const chunk of chunks) {
      const tree =
        chunk.tree ?? (ATX.test(chunk.text) ? this.#heading(lineAt(chunk.text, 0), used) : undefined);
      if (!tree) continue;
      const { start, line } = chunk;
      if (tree.placed?.start !== start || tree.placed.line !== line) {
        tree.placed = {
          start,
          line,
          children: tree.children.map((child) => shift(child, start, line - 1) as RootContent),
        };
      }
      for (const child of tree.placed.children) children.push(child);
      if (chunk === chunks[chunks.length - 1] && chunk.tree) end = shiftPoint(tree.end, start, line - 1);
    }
    // The root spans the whole text, whether or not its last chunk was parsed (lite).
    if (!chunks[chunks.length - 1]?.tree) end = endOf(text, lineOf(text.length));
    this.#cache = used;
    return {
      type: 'root',
      children,
      position: {
        start: { line: 1, column: 1, offset: 0 },
        end: { line: end.line, column: end.column, offset: end.offset ?? 0 },
      },
    };
  }

  #chunk(chunkText: string, nextLine: string, used: Map<string, ChunkTree>): ChunkTree {
    const key = `${nextLine}\u0000${chunkText}`;
    let tree = used.get(key) ?? this.#cache.get(key);
    if (!tree) {
      tree =
        (nextLine !== '' && !LIST_MARKER.test(nextLine) ? this.#windowed(chunkText, used) : undefined) ??
        this.#parseChunk(chunkText, nextLine);
    }
    used.set(key, tree);
    return tree;
  }

  /** An ATX heading line parsed alone: the same node as in the whole document (definitions aside). */
  #heading(line: string, used: Map<string, ChunkTree>): ChunkTree {
    const key = `\u0002${line}`;
    let tree = used.get(key) ?? this.#cache.get(key);
    if (!tree) {
      this.lastParsedChunks++;
      this.lastParsedLength += line.length;
      const root = quickParse(line) ?? parseMarkdown(line);
      tree = {
        children: root.children.slice(0, 1),
        ok: true,
        end: root.position?.end ?? { line: 1, column: 1, offset: 0 },
      };
    }
    used.set(key, tree);
    return tree;
  }

  /**
   * Lite mode: parse the chunks the document model reads (the first, with the frontmatter; those
   * with an HTML comment; those of the sections it reads (`RULE_SECTIONS`); those with a follow-ups label
   * line and the one after each; those that may hold a setext or indented heading). The others
   * contribute their ATX heading only.
   */
  #parseNeeded(
    chunks: Array<{ start: number; text: string; nextLine: string; tree: ChunkTree | undefined }>,
    length: number,
    used: Map<string, ChunkTree>,
    sections: ReadonlySet<string>,
  ): void {
    for (const chunk of chunks) {
      if (
        !chunk.tree &&
        (chunk.text.includes('<!--') || MAYBE_HEADING.test(chunk.text.slice(lineAt(chunk.text, 0).length)))
      )
        chunk.tree = this.#chunk(chunk.text, chunk.nextLine, used);
    }
    const headings: Array<{ depth: number; start: number; kind: string }> = [];
    for (const chunk of chunks) {
      const nodes = chunk.tree
        ? chunk.tree.children
        : ATX.test(chunk.text)
          ? this.#heading(lineAt(chunk.text, 0), used).children
          : [];
      for (const node of nodes) {
        if (node.type === 'heading')
          headings.push({
            depth: node.depth,
            start: chunk.start + (node.position?.start.offset ?? 0),
            kind: classifyHeading(toString(node).trim()),
          });
      }
    }
    const ranges: Array<[number, number]> = [];
    headings.forEach((h, k) => {
      if (!sections.has(h.kind)) return;
      const next = headings.slice(k + 1).find((n) => n.depth <= h.depth);
      ranges.push([h.start, next ? next.start : length]);
    });
    // Follow-ups under a label line ("follow-ups:") are read anywhere, with the list after them: such a chunk and the
    // next are parsed, so that the label's next sibling is the same node as in a whole parse.
    const labelled = chunks.map(
      (chunk) => sections.has('action-items') && ACTION_LABEL_LINE.test(chunk.text),
    );
    chunks.forEach((chunk, k) => {
      if (chunk.tree) return;
      const end = chunks[k + 1]?.start ?? length;
      if (
        k === 0 ||
        labelled[k] === true ||
        labelled[k - 1] === true ||
        ranges.some(([a, b]) => chunk.start < b && end > a)
      )
        chunk.tree = this.#chunk(chunk.text, chunk.nextLine, used);
    });
  }

  #parseChunk(chunkText: string, nextLine: string): ChunkTree {
    this.lastParsedChunks++;
    this.lastParsedLength += chunkText.length;
    return parseChunk(chunkText, nextLine);
  }

  /**
   * A chunk that is one long tight list or one table, parsed in windows of rows so that an edit in a
   * 200-row timeline re-parses a few rows. `undefined` when the chunk is not such a block.
   */
  #windowed(chunkText: string, used: Map<string, ChunkTree>): ChunkTree | undefined {
    const shape = blockShape(chunkText);
    if (!shape) return undefined;
    const { head, rows, type } = shape;
    let block: (RootContent & { children: unknown[] }) | undefined;
    let at = 0;
    let lines = 0;
    for (let i = 0; i < rows.length; i += WINDOW) {
      const window = rows.slice(i, i + WINDOW);
      const text = head + window.join('');
      const key = `\u0001${text}`;
      let tree = used.get(key) ?? this.#cache.get(key);
      if (!tree) {
        this.lastParsedChunks++;
        this.lastParsedLength += text.length;
        const root = quickParse(text) ?? parseMarkdown(text);
        const only = root.children.length === 1 ? root.children[0] : undefined;
        const count = only && 'children' in only ? only.children.length : -1;
        const ok =
          only !== undefined && only.type === type && count === window.length + (type === 'table' ? 1 : 0);
        tree = {
          children: ok && only ? [only] : [],
          ok,
          end: root.position?.end ?? { line: 1, column: 1, offset: 0 },
        };
      }
      used.set(key, tree);
      const node = tree.children[0] as (RootContent & { children: unknown[] }) | undefined;
      if (!tree.ok || !node) return undefined;
      if (!block) block = shift(node, 0, 0) as RootContent & { children: unknown[] };
      else {
        for (const kid of type === 'table' ? node.children.slice(1) : node.children)
          block.children.push(shift(kid, at, lines));
        block.position = {
          start: block.position!.start,
          end: shiftPoint(node.position!.end, at, lines) as Required<Point>,
        };
      }
      for (const row of window) {
        at += row.length;
        lines += lineEndings(row);
      }
    }
    return block ? { children: [block], ok: true, end: { line: 1, column: 1, offset: 0 } } : undefined;
  }
}

const WINDOW = 16;
const TABLE_DELIMITER = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const THEMATIC = /^(?:[-*_][ \t]*){3,}$/;
const LIST_MARKER = /^(?:([-*+])|\d{1,9}([.)]))(?:[ \t]|$)/;

function lineEndings(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/**
 * A chunk that looks like one GFM table (header and delimiter rows, no blank line), or one tight
 * list whose items start at column 1 with the same marker (no blank line, nothing that could be a
 * thematic break), then blank lines: its head (the table's header and delimiter rows) and rows
 * (each with its line ending; a list row is an item with its continuation lines). Only a shape:
 * each window's parse must still give exactly one table or list with one child per row.
 */
export function blockShape(
  chunkText: string,
): { type: 'table' | 'list'; head: string; rows: string[] } | undefined {
  const all = chunkText.match(/[^\r\n]*(?:\r\n|\r|\n|$)/g)!.filter((l) => l !== '');
  let n = all.length;
  while (n > 0 && /^[ \t]*[\r\n]*$/.test(all[n - 1]!)) n--;
  const lines = all.slice(0, n);
  if (lines.length < WINDOW * 2 || !/[\r\n]$/.test(lines[lines.length - 1]!)) return undefined;
  const first = lines[0]!;
  if (first.startsWith('|') && TABLE_DELIMITER.test(lines[1]!.replace(/[\r\n]+$/, ''))) {
    const rows = lines.slice(2);
    // Any row is allowed: a line that ends the table shows up as a second node in its window's parse.
    if (rows.some((l) => /^[ \t]*[\r\n]*$/.test(l))) return undefined;
    return { type: 'table', head: lines[0]! + lines[1]!, rows };
  }
  const marker = LIST_MARKER.exec(first);
  if (!marker) return undefined;
  const sign = marker[1] ?? marker[2]!;
  const rows: string[] = [];
  for (const l of lines) {
    const content = l.replace(/[\r\n]+$/, '');
    if (/^[ \t]*$/.test(content) || THEMATIC.test(content)) return undefined;
    const m = LIST_MARKER.exec(content);
    if (m) {
      if ((m[1] ?? m[2]) !== sign) return undefined;
      rows.push(l);
    } else if (rows.length > 0)
      rows[rows.length - 1] += l; // indented or lazy continuation: the window parse checks it
    else return undefined;
  }
  return { type: 'list', head: '', rows };
}

function parseChunk(chunkText: string, nextLine: string): ChunkTree {
  const quick = quickChunk(chunkText, nextLine);
  if (quick) return quick;
  const root = parseMarkdown(chunkText + nextLine);
  const end = root.position?.end ?? { line: 1, column: 1, offset: 0 };
  if (nextLine === '') return { children: root.children, ok: true, end };
  const last = root.children[root.children.length - 1];
  const ok = last !== undefined && last.position?.start.offset === chunkText.length;
  return { children: ok ? root.children.slice(0, -1) : [], ok, end };
}

/**
 * `parseChunk` without micromark when the chunk is one block `quickParse` builds and the next line surely starts a new
 * block: any line after a closing fence does; after a blank line, a line at column 1 does, but for a list marker,
 * which would continue (and loosen) a list.
 */
function quickChunk(chunkText: string, nextLine: string): ChunkTree | undefined {
  const root = quickParse(chunkText);
  if (!root) return undefined;
  if (nextLine === '') return { children: root.children, ok: true, end: root.position!.end };
  const type = root.children[0]!.type;
  // A closed fenced block (code, frontmatter) ends at its fence; the others need the blank line after them.
  if (type !== 'code' && type !== 'yaml' && !/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)$/.test(chunkText))
    return undefined;
  if (type === 'list' && LIST_MARKER.test(nextLine)) return undefined;
  const whole = chunkText + nextLine;
  return { children: root.children, ok: true, end: endOf(whole, lineEndings(whole) + 1) };
}

/** Link and footnote definitions are global in Markdown: such documents are parsed whole. */

function hasDefinitions(text: string): boolean {
  return DEFINITION.test(text);
}

const LINE = /[^\r\n]*(?:\r\n|\r|\n|$)/y;
/** A line that may open a fenced code block or an HTML block, inside containers or not. */
const RISKY = /^(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*(?:`{3,}|~{3,}|<)/m;
/** A line that may be a setext underline or an indented ATX heading. */
const MAYBE_HEADING = /^(?: {0,3}(?:=+|-+)[ \t]*$| {1,3}#{1,6}(?:[ \t]|$)|#{1,6}(?:[ \t]|$))/m;
/**
 * Section kinds whose content the document model reads (`parse.ts`): timeline rows, action items, and the follow-up
 * tables of a resolution section (a "Remediation" table with an Owner column).
 */
export const RULE_SECTIONS: ReadonlySet<string> = new Set(['timeline', 'action-items', 'resolution']);
const ATX = /^#{1,6}(?:[ \t]|$)/;
const FENCE_LIKE = /^(?:-{3}|\+{3})[ \t]*$/;
/** An empty list item: after an indented code block micromark reads it as a paragraph, so it never starts a chunk. */
const EMPTY_ITEM = /^(?:[-*+]|\d{1,9}[.)])[ \t]*$/;

/**
 * Candidate chunk starts: offset 0, then every line at column 1 that follows a blank line or is an ATX
 * heading, after the frontmatter block. Checked by `parseChunk`; a wrong candidate only costs a merge.
 */
export function boundaries(text: string): number[] {
  const out = [0];
  let from = frontmatterEnd(text);
  if (from < 0) return out;
  let previousBlank = from > 0;
  LINE.lastIndex = from;
  while (from < text.length) {
    LINE.lastIndex = from;
    const m = LINE.exec(text);
    if (!m || m[0].length === 0) break;
    const content = m[0].replace(/[\r\n]+$/, '');
    const first = content.charCodeAt(0);
    const blank = /^[ \t]*$/.test(content);
    if (
      from > 0 &&
      !blank &&
      first !== 32 &&
      first !== 9 &&
      (previousBlank || ATX.test(content)) &&
      !FENCE_LIKE.test(content) &&
      !EMPTY_ITEM.test(content)
    )
      out.push(from);
    previousBlank = blank;
    from += m[0].length;
  }
  return out;
}

/**
 * Where candidates may begin: 0 without a frontmatter-like opening fence, after the first closing
 * fence line otherwise, -1 (no chunking) when a fence opens and never closes.
 */
function frontmatterEnd(text: string): number {
  const open = /^(?:---|\+\+\+)[ \t]*(?:\r\n|\r|\n)/.exec(text);
  if (!open) return 0;
  const marker = open[0].slice(0, 3) === '---' ? '-' : '\\+';
  const close = new RegExp(`(?:\\r\\n|\\r|\\n)${marker}{3}[ \\t]*(?:\\r\\n|\\r|\\n|$)`, 'g');
  close.lastIndex = open[0].length - 1;
  const m = close.exec(text);
  return m ? m.index + m[0].length : -1;
}

function lineAt(text: string, start: number): string {
  LINE.lastIndex = start;
  const m = LINE.exec(text);
  return m ? m[0].replace(/[\r\n]+$/, '') : '';
}

/** 1-based line of an offset, for increasing offsets (one pass over the text per parse). */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  if (text.indexOf('\r') === -1)
    // No `\r` at all (most texts): count the `\n`s by `indexOf`, many times faster than a loop.
    return (offset) => {
      while (at < offset) {
        const i = text.indexOf('\n', at);
        if (i === -1 || i >= offset) {
          at = offset;
          break;
        }
        line++;
        at = i + 1;
      }
      return line;
    };
  return (offset) => {
    for (; at < offset; at++) {
      const c = text.charCodeAt(at);
      if (c === 10) line++;
      else if (c === 13 && text.charCodeAt(at + 1) !== 10) line++;
    }
    return line;
  };
}

/** The point after the last character of `text`, which has `lines` lines. */
function endOf(text: string, lines: number): Point {
  const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return { line: lines, column: text.length - lastBreak, offset: text.length };
}

function shiftPoint(point: Point, offset: number, lines: number): Point {
  return { line: point.line + lines, column: point.column, offset: (point.offset ?? 0) + offset };
}

/** A copy of a node with every position moved by `offset` characters and `lines` lines. */
function shift(node: unknown, offset: number, lines: number): unknown {
  if (Array.isArray(node)) return node.map((n) => shift(n, offset, lines));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'position' && value && typeof value === 'object') {
      const p = value as { start: Point; end: Point };
      out[key] = { start: shiftPoint(p.start, offset, lines), end: shiftPoint(p.end, offset, lines) };
    } else if (key === 'children') out[key] = shift(value, offset, lines);
    else if (value !== null && typeof value === 'object') out[key] = shift(value, offset, lines);
    else out[key] = value;
  }
  return out;
}

/**
 * A Markdown parser for linting in bulk (the CLI): its tree holds only what `parsePostmortem` reads
 * (frontmatter, every top-level heading, HTML comments, timeline and action-item sections), so
 * the findings are those of a whole parse (`test/perf-equivalence.test.ts`) at a fraction of the
 * cost. Rules read the document model, never `tree`; a shell that shows the tree must not use this.
 */
export function createRuleParser(): (text: string) => Root {
  const parser = new ChunkedParser();
  return (text) => parser.parse(text, { lite: true });
}

/** The sections a `RecurrenceRecord` reads besides the frontmatter and the headings. */
export const RECORD_SECTIONS: ReadonlySet<string> = new Set(['action-items', 'resolution']);

/**
 * A Markdown parser for `RecurrenceRecord`s of postmortems that are not linted (`lint` indexing the rest of the
 * repository): like `createRuleParser`, but of the sections only the action items. Its document has no timeline.
 */
export function createRecordParser(): (text: string) => Root {
  const parser = new ChunkedParser();
  return (text) => parser.parse(text, { lite: true, sections: RECORD_SECTIONS });
}
