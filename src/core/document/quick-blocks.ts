/**
 * The Markdown tree of the few block shapes that make up most of what the rules read, built without
 * micromark: one tight bullet list of one-line items (a timeline, a task list), one GFM table, one ATX
 * heading line. `quickParse(text)` returns exactly `parseMarkdown(text)` (deep-equal, positions
 * included) or `undefined`, and it says `undefined` at the first thing it is not sure of: a tab, a
 * backslash, an entity, HTML, an image, a reference or footnote, strikethrough, a bare URL or e-mail
 * address (GFM autolinks), nested emphasis, an ordered list, a line that could open another block.
 * Inline content may hold plain text, `` `code` ``, `*emphasis*` and `**strong**` around plain words,
 * and `[text](destination)` links. `test/quick-blocks.test.ts` compares it with micromark on the
 * generated corpus and on random texts built from every construct it refuses.
 */
import type {
  AlignType,
  List,
  ListItem,
  PhrasingContent,
  Root,
  RootContent,
  TableCell,
  TableRow,
} from 'mdast';

interface Point {
  line: number;
  column: number;
  offset: number;
}

interface Line {
  /** Offset of the first character. */
  readonly start: number;
  /** The line without its ending. */
  readonly content: string;
  readonly number: number;
}

const BULLET = /^([-*+]) (?=\S)/;
const TASK = /^\[([ xX])\] (?=\S)/;
/** Content of a list item that could open a block of its own (or a thematic break) instead of a paragraph. */
const BLOCK_START = /^(?:[#>=|~]|[-+](?:[ \t]|$|[-+])|\*(?!\*?[A-Za-z0-9])|\d{1,9}[.)](?:[ \t]|$)|`{3}|<)/;
const ATX_LINE = /^(#{1,6}) (?=\S)(.*)$/;
const DELIMITER_CELL = /^(:?)-+(:?)$/;
/** A link or footnote definition: it changes what brackets elsewhere mean. */
export const DEFINITION = /^[ \t>*+\-\d.)]*\[(?:[^\]\\\r\n]|\\.)+\]:/m;
/** GFM autolink literals and the protocols micromark's extension also links. */
const AUTOLINK_LITERAL = /www\.|https?:\/\/|mailto:|xmpp:|[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\./i;

/**
 * The tree of `text` when it is one simple list, table, ATX heading, fenced code block or (at the start) YAML frontmatter
 * block, then blank lines; `undefined` otherwise.
 */
export function quickParse(text: string): Root | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || DEFINITION.test(text)) return undefined;
  // A YAML frontmatter block or a fenced code block: its lines are content, whatever they hold.
  const opaque = text.startsWith('---') || text.startsWith('```') || text.startsWith('~~~');
  const lines = splitLines(text, opaque);
  if (!lines) return undefined;
  if (opaque) {
    const node = fenced(text, lines);
    return (
      node && {
        type: 'root',
        children: [node],
        position: { start: { line: 1, column: 1, offset: 0 }, end: pointAt(lines, text.length) },
      }
    );
  }
  let n = lines.length;
  while (n > 0 && /^ *$/.test(lines[n - 1]!.content)) n--;
  if (n === 0) return undefined;
  const block = lines.slice(0, n);
  // Only a block at column 1 and the blank lines after it.
  if (block.some((l) => /^ *$/.test(l.content) || l.content.endsWith(' '))) return undefined;
  const first = block[0]!.content;
  let node: RootContent | undefined;
  if (first.startsWith('|')) node = table(block);
  else if (BULLET.test(first)) node = list(block);
  else if (block.length === 1 && first.startsWith('#')) node = heading(block[0]!);
  if (!node) return undefined;
  return {
    type: 'root',
    children: [node],
    position: { start: { line: 1, column: 1, offset: 0 }, end: pointAt(lines, text.length) },
  };
}

/** Lines with their starts, or `undefined` for a text with a NUL, or (unless `opaque`) a tab or another control character. */
function splitLines(text: string, opaque: boolean): Line[] | undefined {
  const out: Line[] = [];
  let start = 0;
  let number = 1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10 || c === 13) {
      out.push({ start, content: text.slice(start, i), number });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      number++;
      if (i >= text.length - 1) break;
    } else if (c === 0 || (!opaque && (c < 32 || c === 127))) return undefined;
  }
  return out;
}

function pointAt(lines: readonly Line[], offset: number): Point {
  // The end of the text: the line after a final line ending, or the end of the last line.
  let last = lines[lines.length - 1]!;
  if (offset > last.start + last.content.length) return { line: last.number + 1, column: 1, offset };
  for (const l of lines) if (l.start <= offset) last = l;
  return { line: last.number, column: offset - last.start + 1, offset };
}

function at(line: Line, column0: number): Point {
  return { line: line.number, column: column0 + 1, offset: line.start + column0 };
}

const CODE_OPEN = /^(`{3,}|~{3,})([A-Za-z0-9_+.#-]*)$/;
const CODE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * A frontmatter block (`---` lines; micromark reads one only at the start of the text it is given) or a fenced code
 * block whose info string is at most a language, closed by a bare fence line, then only blank lines.
 */
function fenced(text: string, lines: readonly Line[]): RootContent | undefined {
  const open = lines[0]!.content;
  const yaml = open === '---';
  const m = yaml ? undefined : CODE_OPEN.exec(open);
  if (!yaml && !m) return undefined;
  let close = -1;
  for (let k = 1; k < lines.length && close < 0; k++) {
    const content = lines[k]!.content;
    if (yaml) {
      if (content === '---') close = k;
      else if (/^---[ \t]+$/.test(content)) return undefined;
      continue;
    }
    const fence = CODE_CLOSE.exec(content);
    if (fence && fence[1]![0] === m![1]![0] && fence[1]!.length >= m![1]!.length) {
      // A closing fence that is indented or followed by spaces is left to micromark.
      if (fence[0] !== fence[1]) return undefined;
      close = k;
    }
  }
  if (close < 0 || (yaml && close === 1) || lines.slice(close + 1).some((l) => !/^ *$/.test(l.content)))
    return undefined;
  const last = lines[close - 1]!;
  const value = close === 1 ? '' : text.slice(lines[1]!.start, last.start + last.content.length);
  const position = { start: at(lines[0]!, 0), end: at(lines[close]!, lines[close]!.content.length) };
  if (yaml) return { type: 'yaml', value, position };
  return { type: 'code', lang: m![2] || null, meta: null, value, position };
}

function heading(line: Line): RootContent | undefined {
  const m = ATX_LINE.exec(line.content);
  if (!m) return undefined;
  const body = m[2]!;
  // A closing sequence ("## Title ##") is not part of the title; leave those to micromark.
  if (body.endsWith('#')) return undefined;
  const children = inline(line, m[1]!.length + 1, body);
  if (!children) return undefined;
  return {
    type: 'heading',
    depth: m[1]!.length as 1 | 2 | 3 | 4 | 5 | 6,
    children,
    position: { start: at(line, 0), end: at(line, line.content.length) },
  };
}

function list(block: readonly Line[]): RootContent | undefined {
  const top = listAt(block, 0, 0);
  return top && top.next === block.length ? top.node : undefined;
}

const indentOf = (content: string): number => /^ */.exec(content)![0].length;

/**
 * The list whose first item is `block[k]`, its markers at column `indent` (0, or 2 for a list nested in an item of a
 * top-level list), and the index of the line after it.
 */
function listAt(block: readonly Line[], k: number, indent: number): { node: List; next: number } | undefined {
  const marker = block[k]!.content[indent];
  const items: ListItem[] = [];
  for (; k < block.length;) {
    const line = block[k]!;
    const content = line.content;
    if (indentOf(content) !== indent) break;
    const rest = content.slice(indent);
    if (rest[0] !== marker || !BULLET.test(rest)) return undefined;
    let from = indent + 2;
    let checked: boolean | null = null;
    const task = TASK.exec(content.slice(from));
    if (task) {
      checked = task[1] !== ' ';
      from += 4;
    }
    const body = content.slice(from);
    // A checkbox the task-list syntax reads differently (`[ ]` then two spaces) is left to micromark.
    if (BLOCK_START.test(body) || /^\[[ xX]\]/.test(body)) return undefined;
    const phrasing = inline(line, from, body);
    if (!phrasing) return undefined;
    // mdast-util-gfm-task-list-item moves the paragraph's start past the checkbox only when it opens with text.
    const paragraphFrom = checked !== null && phrasing[0]?.type !== 'text' ? indent + 2 : from;
    const children: ListItem['children'] = [
      {
        type: 'paragraph',
        children: phrasing,
        position: { start: at(line, paragraphFrom), end: at(line, content.length) },
      },
    ];
    let end = at(line, content.length);
    k++;
    if (indent === 0 && k < block.length && indentOf(block[k]!.content) > 0) {
      if (indentOf(block[k]!.content) !== 2) return undefined;
      const nested = listAt(block, k, 2);
      if (!nested) return undefined;
      children.push(nested.node);
      end = nested.node.position!.end as Point;
      k = nested.next;
    }
    items.push({
      type: 'listItem',
      spread: false,
      checked,
      children,
      position: { start: at(line, indent), end },
    });
  }
  const last = items[items.length - 1]!;
  return {
    node: {
      type: 'list',
      ordered: false,
      start: null,
      spread: false,
      children: items,
      position: { start: items[0]!.position!.start, end: last.position!.end },
    },
    next: k,
  };
}

/** Cells of a table row: `[from, to)` of each cell's source (its leading pipe on) and of its content. */
function cells(
  content: string,
): Array<{ from: number; to: number; body: number; bodyEnd: number }> | undefined {
  if (content[0] !== '|') return undefined;
  const pipes: number[] = [];
  for (let i = 0; i < content.length; i++) if (content.charCodeAt(i) === 124) pipes.push(i);
  const closed = pipes[pipes.length - 1] === content.length - 1 && pipes.length > 1;
  const out: Array<{ from: number; to: number; body: number; bodyEnd: number }> = [];
  const count = closed ? pipes.length - 1 : pipes.length;
  for (let k = 0; k < count; k++) {
    const from = pipes[k]!;
    const next = pipes[k + 1] ?? content.length;
    const lastCell = k === count - 1;
    let body = from + 1;
    let bodyEnd = next;
    while (body < bodyEnd && content.charCodeAt(body) === 32) body++;
    while (bodyEnd > body && content.charCodeAt(bodyEnd - 1) === 32) bodyEnd--;
    out.push({ from, to: lastCell && closed ? content.length : next, body, bodyEnd });
  }
  return out;
}

function table(block: readonly Line[]): RootContent | undefined {
  if (block.length < 2) return undefined;
  const head = cells(block[0]!.content);
  const delimiter = cells(block[1]!.content);
  if (!head || !delimiter || head.length !== delimiter.length || head.some((c) => c.bodyEnd === c.body))
    return undefined;
  const align: AlignType[] = [];
  for (const d of delimiter) {
    const m = DELIMITER_CELL.exec(block[1]!.content.slice(d.body, d.bodyEnd));
    if (!m) return undefined;
    align.push(m[1] && m[2] ? 'center' : m[1] ? 'left' : m[2] ? 'right' : null);
  }
  const rows: TableRow[] = [];
  for (const [k, line] of block.entries()) {
    if (k === 1) continue;
    const row = cells(line.content);
    if (!row || row.length > head.length || line.content === '|') return undefined;
    const out: TableCell[] = [];
    for (const c of row) {
      const children = c.bodyEnd > c.body ? inline(line, c.body, line.content.slice(c.body, c.bodyEnd)) : [];
      if (!children) return undefined;
      out.push({ type: 'tableCell', children, position: { start: at(line, c.from), end: at(line, c.to) } });
    }
    rows.push({
      type: 'tableRow',
      children: out,
      position: { start: at(line, 0), end: at(line, line.content.length) },
    });
  }
  const last = block[block.length - 1]!;
  return {
    type: 'table',
    align,
    children: rows,
    position: { start: at(block[0]!, 0), end: at(last, last.content.length) },
  };
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Whether `text` is plain: nothing micromark would read as markup (conservatively; autolink literals aside). */
function plain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // ` * [ ] \ < ~ are markup; `!` before `[` is an image; `&` before a name or `#` is a reference.
    if (c === 96 || c === 42 || c === 91 || c === 93 || c === 92 || c === 60 || c === 126) return false;
    if (c === 95 && !(isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + 1)))) return false;
    if (c === 38 && (isAlnum(text.charCodeAt(i + 1)) || text.charCodeAt(i + 1) === 35)) return false;
  }
  return true;
}

/**
 * The phrasing nodes of `body`, which sits at `column0` of `line`; `undefined` when it holds anything but
 * plain text, simple code spans, `*`/`**` around plain words and `[plain](destination)` links.
 */
function inline(line: Line, column0: number, body: string): PhrasingContent[] | undefined {
  const out: PhrasingContent[] = [];
  // The text node being built starts at `textFrom`; `checkedFrom` is how far it is known to be plain.
  let textFrom = 0;
  let checkedFrom = 0;
  const flush = (to: number): boolean => {
    if (to > checkedFrom && !plain(body.slice(checkedFrom, to))) return false;
    if (to > textFrom) {
      const value = body.slice(textFrom, to);
      if (AUTOLINK_LITERAL.test(value)) return false;
      out.push({
        type: 'text',
        value,
        position: { start: at(line, column0 + textFrom), end: at(line, column0 + to) },
      });
    }
    return true;
  };
  const resume = (from: number): void => {
    textFrom = from;
    checkedFrom = from;
  };
  let i = 0;
  while (i < body.length) {
    const c = body.charCodeAt(i);
    if (c === 96) {
      // One backtick, non-empty content without a backtick, `<` or `\`, not padded with spaces.
      const close = body.indexOf('`', i + 1);
      const value = body.slice(i + 1, close);
      if (
        close < 0 ||
        body.charCodeAt(i + 1) === 96 ||
        body.charCodeAt(close + 1) === 96 ||
        value.length === 0 ||
        value.startsWith(' ') ||
        value.endsWith(' ') ||
        /[<\\]/.test(value)
      )
        return undefined;
      if (!flush(i)) return undefined;
      out.push({
        type: 'inlineCode',
        value,
        position: { start: at(line, column0 + i), end: at(line, column0 + close + 1) },
      });
      resume((i = close + 1));
    } else if (c === 42) {
      // `*word*` or `**word**`: opened after a space (or at the start) before a letter or digit, closed after one,
      // before a space, the end or punctuation, or closed after punctuation (`**Impact:**`, `*why?*`) before a space
      // or the end (right-flanking either way, and never left-flanking); plain words inside.
      const run = body.charCodeAt(i + 1) === 42 ? 2 : 1;
      const before = i === 0 ? 32 : body.charCodeAt(i - 1);
      if (before !== 32 || !isAlnum(body.charCodeAt(i + run))) return undefined;
      const close = body.indexOf('*', i + run);
      if (close < 0) return undefined;
      const closeRun = body.charCodeAt(close + 1) === 42 ? (body.charCodeAt(close + 2) === 42 ? 3 : 2) : 1;
      const after = body.charCodeAt(close + closeRun);
      const atEnd = close + closeRun === body.length || after === 32;
      const last = body.charCodeAt(close - 1);
      if (
        closeRun !== run ||
        !(isAlnum(last) ? atEnd || CLOSING_PUNCTUATION.has(after) : CLOSING_PUNCTUATION.has(last) && atEnd)
      )
        return undefined;
      const value = body.slice(i + run, close);
      if (!plain(value) || AUTOLINK_LITERAL.test(value) || !flush(i)) return undefined;
      const text: PhrasingContent = {
        type: 'text',
        value,
        position: { start: at(line, column0 + i + run), end: at(line, column0 + close) },
      };
      const position = { start: at(line, column0 + i), end: at(line, column0 + close + run) };
      out.push(
        run === 2
          ? { type: 'strong', children: [text], position }
          : { type: 'emphasis', children: [text], position },
      );
      resume((i = close + run));
    } else if (c === 91) {
      // `[label](destination)` with a plain label and a destination without spaces, parentheses, quotes or
      // escapes, or `[label]` followed by neither `(` nor `[`, which without definitions is text.
      const close = body.indexOf(']', i + 1);
      const label = body.slice(i + 1, close);
      if (
        close < 0 ||
        label.length === 0 ||
        label.startsWith('^') ||
        !plain(label) ||
        AUTOLINK_LITERAL.test(label)
      )
        return undefined;
      // `![`: an image.
      if (i > 0 && body.charCodeAt(i - 1) === 33) return undefined;
      const next = body.charCodeAt(close + 1);
      if (next === 91) return undefined;
      if (next !== 40) {
        if (i > checkedFrom && !plain(body.slice(checkedFrom, i))) return undefined;
        checkedFrom = i = close + 1;
        continue;
      }
      const end = body.indexOf(')', close + 2);
      const url = body.slice(close + 2, end);
      if (end < 0 || !/^[A-Za-z0-9:/?#@._~%+=;,$-]+$/.test(url) || !flush(i)) return undefined;
      out.push({
        type: 'link',
        title: null,
        url,
        children: [
          {
            type: 'text',
            value: label,
            position: { start: at(line, column0 + i + 1), end: at(line, column0 + close) },
          },
        ],
        position: { start: at(line, column0 + i), end: at(line, column0 + end + 1) },
      });
      resume((i = end + 1));
    } else i++;
  }
  if (!flush(body.length)) return undefined;
  return out;
}

/** Punctuation after a closing `*`/`**` that keeps it a closer only (never an opener). */
const CLOSING_PUNCTUATION = new Set([...'.,;:!?)'].map((ch) => ch.charCodeAt(0)));
